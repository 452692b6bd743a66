"""Carry a benchmark's page cache from PIPELINE_VERSION 5 to the current one by applying only the re-read.

Versions 6 and 7 changed only :mod:`extractors.reread`, which reads the lines under red ink again after the page's
OCR; everything before it (orientation, QR, the page's OCR) is version 5's reading, unchanged. So a version-5
reading with ``reread_under_red`` applied to it is exactly what a cold read of the page gives now, and a benchmark
set whose version-5 cache exists is measured in minutes instead of the hours a cold run takes:

    python -m bench.upgrade_cache WORK/cache-rapidocr WORK/seed200-n58 WORK/clean900-n10

Pages without a version-5 reading are left for the benchmark to read cold. The seconds the re-read took are
added to each reading's timings (stage ``reread``), as a cold read records them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extractors import pipeline
from extractors.ingest import load_pages, read_dossier
from extractors.ocr import get_engine
from extractors.orientation import rotate
from extractors.reread import reread_under_red
from extractors.settings import Settings

FROM_VERSION = "5"
#: The versions this upgrade is valid for: those whose only change since version 5 is the re-read. A version that
#: changes anything else must not be added here; its caches are filled by a cold run.
TO_VERSIONS = ("6", "7")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cache", type=Path)
    parser.add_argument("sets", type=Path, nargs="+", help="folders of dossiers whose pages to carry over")
    parser.add_argument("--backend", default="rapidocr")
    args = parser.parse_args()
    if pipeline.PIPELINE_VERSION not in TO_VERSIONS:
        parser.error(f"version {pipeline.PIPELINE_VERSION} changed more than the re-read: run the benchmark cold")
    settings = Settings()
    engine = get_engine(args.backend)
    cache = pipeline.PageCache(args.cache)
    done = missing = changed = 0
    for folder in args.sets:
        for path in sorted(p for p in folder.iterdir() if p.is_dir() or p.suffix == ".zip"):
            dossier = read_dossier(path, settings)
            for source in dossier.uploads:
                images, _ = load_pages(source, settings)
                for image in images:
                    old = cache.get(pipeline.page_key(image, engine, FROM_VERSION))
                    if old is None:
                        missing += 1
                        continue
                    ocr = old.ocr
                    timings = dict(old.timings)
                    if ocr.engine != "pdf-text-layer":
                        t0 = time.perf_counter()
                        ocr, n = reread_under_red(rotate(image.image, old.rotation), ocr, engine)
                        timings["reread"] = time.perf_counter() - t0
                        changed += n > 0
                    new = old.model_copy(update={"ocr": ocr, "timings": timings})
                    cache.put(pipeline.page_key(image, engine), new)
                    done += 1
    version = pipeline.PIPELINE_VERSION
    print(f"carried {done} page readings to version {version} ({changed} changed), {missing} without a reading")


if __name__ == "__main__":
    main()
