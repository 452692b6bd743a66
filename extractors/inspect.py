"""What the pipeline sees in one file, page by page, as plain JSON-ready data (``precheck inspect``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractors.ingest import SourceFile, load_pages
from extractors.ocr.base import OcrEngine
from extractors.pipeline import process_page
from extractors.settings import Settings


def inspect_file(path: Path, settings: Settings, engine: OcrEngine, full: bool = False) -> list[dict[str, Any]]:
    """Process every page of one file; unreadable files give one entry with the problem."""
    source = SourceFile(path.name, path.read_bytes())
    pages, problems = load_pages(source, settings)
    out: list[dict[str, Any]] = [
        {"file": p.file, "problem": p.code, "reason": p.reason, "message": p.message_zh} for p in problems
    ]
    for page in pages:
        facts = process_page(page, engine, settings)
        lines: list[Any] = (
            [line.model_dump(mode="json") for line in facts.ocr.lines]
            if full
            else [line.text for line in facts.ocr.lines]
        )
        out.append(
            {
                "file": facts.ref.file,
                "page": facts.ref.page,
                "doc_type": facts.doc_type.value,
                "side": facts.side.value,
                "rotation": facts.rotation,
                "classification_confidence": facts.classification_confidence,
                "quality": facts.quality.model_dump(mode="json", exclude_none=True),
                "quality_issues": [i.model_dump(mode="json", exclude_none=True) for i in facts.quality_issues],
                "qr": [q.model_dump(mode="json") for q in facts.qr],
                "fields": {k: v.value for k, v in facts.fields.items()},
                "flags": facts.flags,
                "ocr_engine": facts.ocr.engine,
                "ocr_confidence": facts.ocr.mean_confidence,
                "lines": lines,
                "timings": {k: round(v, 4) for k, v in facts.timings.items()},
            }
        )
    return out
