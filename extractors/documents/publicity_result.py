"""推荐单位公示结果 (附件2): the period, its length in days, and whether anyone objected; see ``publicity``."""

from __future__ import annotations

from extractors.documents import publicity
from extractors.documents.base import Extraction, FieldBuilder, PageInput


def extract(page: PageInput) -> Extraction:
    """Read name, series, specialty, level, period, days and objection."""
    out = FieldBuilder(page)
    publicity.read_name(page, out)
    publicity.read_series_level(page, out, specialty=True)
    publicity.read_period(page, out)
    publicity.read_days(page, out)
    publicity.read_objection(page, out)
    return out.build()
