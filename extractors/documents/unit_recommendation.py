"""单位推荐意见 (附件3): ``经审核，同意推荐××同志申报××系列×级职称``; see ``publicity``."""

from __future__ import annotations

from extractors.documents import publicity
from extractors.documents.base import Extraction, FieldBuilder, PageInput


def extract(page: PageInput) -> Extraction:
    """Read name, series and level."""
    out = FieldBuilder(page)
    publicity.read_name(page, out)
    publicity.read_series_level(page, out, specialty=False)
    return out.build()
