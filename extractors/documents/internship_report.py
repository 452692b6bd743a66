"""见习期工作情况 (internship report): see internship for the reader both share."""

from __future__ import annotations

from extractors.documents.base import Extraction, PageInput
from extractors.documents.internship import extract_internship


def extract(page: PageInput) -> Extraction:
    """Read the writer's name and the length of the body text."""
    return extract_internship(page)
