"""推荐单位公示 (附件1): who is publicised for what, and the publicity period; see ``publicity``."""

from __future__ import annotations

from extractors.documents import publicity
from extractors.documents.base import Extraction, FieldBuilder, PageInput


def extract(page: PageInput) -> Extraction:
    """Read name, series, specialty, level and the period."""
    out = FieldBuilder(page)
    publicity.read_name(page, out)
    publicity.read_series_level(page, out, specialty=True)
    publicity.read_period(page, out)
    return out.build()
