"""Per-page work as plain code: orientation, QR, OCR, quality, classification, extraction.

This is deliberately not a Prefect task per page (SPEC section 8: thousands of task runs lock the
SQLite server). A dossier is one task; its pages run here, each result cached on disk by content
hash so that an unchanged page is never read twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from extractors import classify as classify_mod
from extractors import documents, quality
from extractors.documents.base import PageInput
from extractors.ingest import DossierInput, load_pages, read_dossier
from extractors.models import DossierFacts, FileProblem, OcrResult, PageFacts, PageImage, QualityIssue
from extractors.ocr.base import OcrEngine
from extractors.orientation import detect_orientation, rotate
from extractors.qr import decode_qr
from extractors.settings import Settings

log = logging.getLogger(__name__)

#: Bump when page processing changes in a way that invalidates cached page facts.
PIPELINE_VERSION = "1"

T = TypeVar("T")


class PageCache:
    """Page facts on disk, one JSON file per key; writes are atomic, reads tolerate corruption."""

    def __init__(self, root: Path | None) -> None:
        """Use ``root`` as the cache folder; ``None`` disables caching."""
        self.root = root
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> PageFacts | None:
        """Return the cached facts for ``key``, or ``None``."""
        if self.root is None:
            return None
        path = self._path(key)
        try:
            facts = PageFacts.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: PageFacts) -> None:
        """Store ``facts`` under ``key`` atomically."""
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(facts.model_dump_json().encode())
        Path(tmp).replace(path)


def page_key(page: PageImage, engine: OcrEngine) -> str:
    """Cache key: page content, where it sits in the dossier, engine and pipeline version."""
    parts = [page.content_hash, page.ref.file, str(page.ref.page), str(page.ref.section), engine.name, PIPELINE_VERSION]
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        return fn()
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _text_layer_usable(page: PageImage) -> bool:
    return sum(len(line.text) for line in page.text_layer) >= 20


def process_page(page: PageImage, engine: OcrEngine, settings: Settings) -> PageFacts:
    """Read one page: make it upright, decode QR, OCR, measure quality, classify, extract fields."""
    timings: dict[str, float] = {}
    use_text_layer = _text_layer_usable(page)
    if use_text_layer:
        rotation = 0
    else:
        rotation = _timed(timings, "orientation", lambda: detect_orientation(page.image, engine)).rotation
    image = rotate(page.image, rotation)
    qr = _timed(timings, "qr", lambda: decode_qr(image))
    if use_text_layer:
        ocr = OcrResult(engine="pdf-text-layer", lines=page.text_layer)
    else:
        ocr = _timed(timings, "ocr", lambda: engine.read(image, max_side=settings.max_ocr_side))
    verdict = _timed(timings, "classify", lambda: classify_mod.classify(ocr, qr, image, page.ref.section))
    boxes = [line.bbox for line in ocr.lines]
    metrics = _timed(
        timings, "quality", lambda: quality.measure(image, dpi=page.dpi, doc_type=verdict.doc_type, text_boxes=boxes)
    )
    issues = list(_timed(timings, "quality", lambda: quality.assess(metrics, verdict.doc_type, settings)))
    phash = _timed(timings, "quality", lambda: quality.perceptual_hash(image))
    if rotation or page.exif_rotated:
        issues.append(
            QualityIssue(
                kind="PAGE_ROTATED",
                detail=f"page turned {rotation or page.exif_rotated} degrees clockwise to read it",
                measured=float(rotation or page.exif_rotated),
            )
        )
    extraction = _timed(
        timings,
        "extraction",
        lambda: documents.extract(
            verdict.doc_type,
            PageInput(ref=page.ref, image=image, ocr=ocr, qr=qr, side=verdict.side, dpi=page.dpi),
        ),
    )
    height, width = image.shape[:2]
    return PageFacts(
        ref=page.ref,
        content_hash=page.content_hash,
        width=width,
        height=height,
        rotation=rotation,
        doc_type=verdict.doc_type,
        side=verdict.side,
        classification_confidence=verdict.confidence,
        quality=metrics,
        quality_issues=tuple(issues),
        ocr=ocr,
        qr=qr,
        phash=phash,
        fields=extraction.fields,
        flags=extraction.flags,
        timings=timings,
    )


@dataclass
class ExtractRun:
    """The facts of a dossier, seconds per stage, and which pages came from the cache."""

    facts: DossierFacts
    stage_seconds: dict[str, float]
    cached: set[tuple[str, int]]


def extract_dossier(
    path: Path,
    settings: Settings,
    engine: OcrEngine,
    cache: PageCache,
    dossier: DossierInput | None = None,
) -> ExtractRun:
    """Read a whole dossier into facts, with seconds per stage and the pages served from cache.

    One page that fails in an unexpected way becomes a problem of its file; the others go on.
    """
    stage: dict[str, float] = {}
    if dossier is None:
        dossier = _timed(stage, "ingest", lambda: read_dossier(path, settings))
    problems: list[FileProblem] = list(dossier.problems)
    pages: list[PageFacts] = []
    cached_pages: set[tuple[str, int]] = set()
    for source in dossier.uploads:
        images, file_problems = _timed(stage, "ingest", lambda s=source: load_pages(s, settings))  # type: ignore[misc]
        problems.extend(file_problems)
        for image in images:
            key = page_key(image, engine)
            cached = cache.get(key)
            if cached is not None:
                pages.append(cached)
                cached_pages.add((image.ref.file, image.ref.page))
                continue
            try:
                facts = process_page(image, engine, settings)
            except Exception as exc:  # noqa: BLE001 - a pipeline bug on one page must not lose the dossier
                log.exception("page processing failed: %s page %d", image.ref.file, image.ref.page)
                problems.append(
                    FileProblem(
                        file=image.ref.file,
                        code="PIPELINE_ERROR",
                        reason=f"page {image.ref.page} failed: {type(exc).__name__}",
                        message_zh=f"文件“{image.ref.file}”第{image.ref.page}页未能自动检查，请人工复核该页。",
                    )
                )
                continue
            for name, seconds in facts.timings.items():
                stage[name] = stage.get(name, 0.0) + seconds
            cache.put(key, facts)
            pages.append(facts)
    app = dossier.application
    raw: str | None = None
    app_problem: str | None = None
    if app is None:
        app_problem = "application.json is missing"
    else:
        try:
            raw = app.data.decode("utf-8-sig")
            json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            app_problem = f"application.json is not valid UTF-8 JSON ({type(exc).__name__})"
            raw = None
    dossier_facts = DossierFacts(
        dossier_id=dossier.dossier_id,
        pages=tuple(pages),
        problems=tuple(problems),
        application_raw=raw,
        application_problem=app_problem,
        input_fingerprint=dossier.fingerprint,
        files=tuple(f.name for f in dossier.files),
    )
    return ExtractRun(facts=dossier_facts, stage_seconds=stage, cached=cached_pages)
