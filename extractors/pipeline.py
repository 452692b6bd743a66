"""Per-page work as plain code: orientation, QR, OCR, quality, classification, extraction.

This is deliberately not a Prefect task per page (SPEC section 8: thousands of task runs lock the
SQLite server). A dossier is one task; its pages run here. The expensive reading of a page
(orientation, QR, OCR) is cached on disk by content hash, so an unchanged page is never read twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractors import classify as classify_mod
from extractors import documents, quality
from extractors.documents.base import PageInput
from extractors.imaging import downscale
from extractors.ingest import DossierInput, load_pages, read_dossier
from extractors.models import (
    BGRImage,
    DossierFacts,
    FileProblem,
    OcrResult,
    PageFacts,
    PageImage,
    QrCode,
    QualityIssue,
    ShownPage,
)
from extractors.ocr.base import OcrEngine
from extractors.orientation import detect_orientation, rotate
from extractors.qr import decode_qr
from extractors.reread import reread_under_red
from extractors.sealed import fit_declared_school
from extractors.settings import Settings
from extractors.signature import fit_signature

log = logging.getLogger(__name__)

#: Bump when reading (orientation, QR, OCR) changes in a way that invalidates cached readings.
#: 6: lines under red ink read again from the red channel (:mod:`extractors.reread`).
#: 7: the re-read replaces only the first lines on its row (a seal's own text dipping into it no longer blocks it).
PIPELINE_VERSION = "7"

T = TypeVar("T")


class PageReading(BaseModel):
    """The expensive, engine-dependent part of a page's facts: what is cached by content hash.

    Classification, quality and field extraction are cheap and always rerun, so a change in their
    code takes effect on the next run without invalidating the cache.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rotation: int
    ocr: OcrResult
    qr: tuple[QrCode, ...] = ()
    timings: dict[str, float] = Field(default_factory=dict)


class PageCache:
    """Page readings on disk, one JSON file per key; writes are atomic, reads tolerate corruption."""

    def __init__(self, root: Path | None) -> None:
        """Use ``root`` as the cache folder; ``None`` disables caching."""
        self.root = root
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> PageReading | None:
        """Return the cached reading for ``key``, or ``None``."""
        if self.root is None:
            return None
        try:
            reading = PageReading.model_validate_json(self._path(key).read_bytes())
        except (OSError, ValidationError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return reading

    def put(self, key: str, reading: PageReading) -> None:
        """Store ``reading`` under ``key`` atomically."""
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(reading.model_dump_json().encode())
        Path(tmp).replace(path)


def page_key(page: PageImage, engine: OcrEngine, version: str = PIPELINE_VERSION) -> str:
    """Cache key: page content, engine, its models (described and hashed), and the reading version."""
    parts = [page.content_hash, engine.name, engine.model, engine.model_sha256, version]
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        return fn()
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _add(total: dict[str, float], more: dict[str, float]) -> None:
    for name, seconds in more.items():
        total[name] = total.get(name, 0.0) + seconds


def _text_layer_usable(page: PageImage) -> bool:
    return sum(len(line.text) for line in page.text_layer) >= 20


def read_page(page: PageImage, engine: OcrEngine, settings: Settings) -> tuple[PageReading, BGRImage]:
    """The expensive part: find the upright orientation, decode QR codes, OCR (or use the PDF text layer).

    Returns the reading (what the page cache keeps) and the upright image it was read from, turned once and
    handed on to :func:`analyse_page` and the report.
    """
    timings: dict[str, float] = {}
    if _text_layer_usable(page):
        ocr = OcrResult(engine="pdf-text-layer", lines=page.text_layer)
        qr = _timed(timings, "qr", lambda: decode_qr(page.image))
        return PageReading(rotation=0, ocr=ocr, qr=qr, timings=timings), page.image
    rotation = _timed(timings, "orientation", lambda: detect_orientation(page.image, engine)).rotation
    image = rotate(page.image, rotation)
    qr = _timed(timings, "qr", lambda: decode_qr(image))
    ocr = _timed(timings, "ocr", lambda: engine.read(image, max_side=settings.max_ocr_side))
    ocr, _ = _timed(timings, "reread", lambda: reread_under_red(image, ocr, engine))
    return PageReading(rotation=rotation, ocr=ocr, qr=qr, timings=timings), image


def analyse_page(page: PageImage, reading: PageReading, settings: Settings, image: BGRImage) -> PageFacts:
    """The cheap part, always rerun: classify, measure quality, extract fields and marks.

    ``image`` is the page already turned by ``reading.rotation`` (each page is turned once).
    """
    timings: dict[str, float] = {}
    rotation, ocr, qr = reading.rotation, reading.ocr, reading.qr
    verdict = _timed(timings, "classify", lambda: classify_mod.classify(ocr, qr, image, page.ref.section))
    # No OCR boxes: the thresholds were calibrated on ink-found text, and a blurred page, the one that
    # matters, is exactly where OCR finds too few lines to measure in (seen: 1 line on a blurred diploma).
    metrics = _timed(
        timings, "quality", lambda: quality.measure(image, dpi=page.dpi, doc_type=verdict.doc_type, text_boxes=())
    )
    issues = list(_timed(timings, "quality", lambda: quality.assess(metrics, verdict.doc_type, settings)))
    phash = _timed(timings, "quality", lambda: quality.perceptual_hash(image))
    turned = rotation or page.exif_rotated
    if turned:
        issues.append(
            QualityIssue(
                kind="PAGE_ROTATED",
                detail=f"page turned {turned} degrees clockwise to read it",
                measured=float(turned),
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


def process_page(page: PageImage, engine: OcrEngine, settings: Settings) -> PageFacts:
    """Read and analyse one page, uncached (``precheck inspect`` and the benchmark)."""
    reading, upright = read_page(page, engine, settings)
    facts = analyse_page(page, reading, settings, upright)
    return facts.model_copy(update={"timings": {**reading.timings, **facts.timings}})


@dataclass
class ExtractRun:
    """The facts of a dossier, seconds per stage, and which pages came from the cache."""

    facts: DossierFacts
    stage_seconds: dict[str, float]
    cached: set[tuple[str, int]]
    shown: dict[tuple[str, int], ShownPage] = field(default_factory=dict)
    """Every page read, upright and shrunk for the report (``Settings.report_page_side``)."""


def shown_page(upright: BGRImage, max_side: int) -> ShownPage:
    """The upright page, shrunk so its longer side is at most ``max_side`` (never enlarged)."""
    shrunk, scale = downscale(upright, max_side)
    return ShownPage(shrunk, scale)


@dataclass(frozen=True)
class Declared:
    """What the applicant typed that the extraction measures against: hints, never validated here."""

    name: str | None = None
    schools: tuple[str, ...] = ()


def read_application(dossier: DossierInput) -> tuple[str | None, str | None, Declared]:
    """application.json as (raw text, problem, declared hints): the text when it is UTF-8 JSON, else the problem.

    The name and schools the applicant typed are only hints for measuring (:mod:`extractors.signature` scores
    signatures against the name, :mod:`extractors.sealed` school reads under a seal against the schools); the
    declaration itself is validated by the rules.
    """
    if dossier.application is None:
        return None, "application.json is missing", Declared()
    try:
        raw = dossier.application.data.decode("utf-8-sig")
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"application.json is not valid UTF-8 JSON ({type(exc).__name__})", Declared()
    if not isinstance(data, dict):
        return raw, None, Declared()
    name = data.get("name")
    entries = data.get("education")
    schools = (
        tuple(e["school"] for e in entries if isinstance(e, dict) and isinstance(e.get("school"), str))
        if isinstance(entries, list)
        else ()
    )
    return raw, None, Declared(name if isinstance(name, str) and name.strip() else None, schools)


def _with_fits(
    facts: PageFacts, upright: BGRImage, declared: Declared, engine: OcrEngine, stage: dict[str, float]
) -> PageFacts:
    """``facts`` with the declared name scored on its signature and the declared schools on an unsure school read.

    Unchanged if scoring fails: the rules then judge the free read, as for a backend that cannot score
    (:mod:`extractors.signature`, :mod:`extractors.sealed`).
    """
    started = time.perf_counter()
    try:
        facts = fit_signature(facts, upright, declared.name, engine)
        return fit_declared_school(facts, upright, declared.schools, engine)
    except Exception as exc:  # noqa: BLE001 - a failed measurement must not cost the page its facts
        log.warning("text scoring failed on %s page %d: %s", facts.ref.file, facts.ref.page, type(exc).__name__)
        return facts
    finally:
        _add(stage, {"fit": time.perf_counter() - started})


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
    shown: dict[tuple[str, int], ShownPage] = {}
    raw, app_problem, declared = read_application(dossier)
    for source in dossier.uploads:
        images, file_problems = _timed(stage, "ingest", lambda s=source: load_pages(s, settings))  # type: ignore[misc]
        problems.extend(file_problems)
        for image in images:
            key = page_key(image, engine)
            try:
                reading = cache.get(key)
                if reading is None:
                    reading, upright = read_page(image, engine, settings)
                    cache.put(key, reading)
                    _add(stage, reading.timings)
                else:
                    cached_pages.add((image.ref.file, image.ref.page))
                    upright = rotate(image.image, reading.rotation)
                facts = analyse_page(image, reading, settings, upright)
                facts = _with_fits(facts, upright, declared, engine, stage)
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
            _add(stage, facts.timings)
            pages.append(facts)
            shown[(image.ref.file, image.ref.page)] = shown_page(upright, settings.report_page_side)
    dossier_facts = DossierFacts(
        dossier_id=dossier.dossier_id,
        pages=tuple(pages),
        problems=tuple(problems),
        application_raw=raw,
        application_problem=app_problem,
        input_fingerprint=dossier.fingerprint,
        files=tuple(f.name for f in dossier.files),
    )
    return ExtractRun(facts=dossier_facts, stage_seconds=stage, cached=cached_pages, shown=shown)
