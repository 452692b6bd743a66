"""Which marks to look for on which document, and the look itself.

The table says which flags a page of each type gets (``seal``, ``signature``, ``fingerprint``,
``face``); an extractor that already set a flag keeps its own value. Looking only where a mark
can be keeps the per-page cost low.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.documents.base import Extraction, PageInput
from extractors.marks import detect_faces, find_fingerprints, find_seals, find_signature
from extractors.models import DocType, Side

SIGNATURE_LABELS = ("签字", "签名", "承诺人", "小结人", "负责人签")
#: Faces on documents that carry a portrait are at least this fraction of the page's shorter side.
PAGE_FACE_MIN_FRACTION = 0.04

MARKS: dict[DocType, tuple[str, ...]] = {
    DocType.ID_CARD: ("face",),
    DocType.PHOTO: ("face",),
    DocType.DIPLOMA: ("seal", "face"),
    DocType.DEGREE_CERTIFICATE: ("seal", "face"),
    DocType.CHSI_REPORT: ("face",),
    DocType.STUDENT_RECORD: ("seal",),
    DocType.APPRAISAL_FORM: ("seal", "signature"),
    DocType.CE_CERTIFICATE: ("seal",),
    DocType.CE_EXEMPTION: ("seal",),
    DocType.INTERNSHIP_REPORT: ("seal", "signature"),
    DocType.INTERNSHIP_SUMMARY: ("signature",),
    DocType.PUBLICITY_NOTICE: ("seal", "signature"),
    DocType.PUBLICITY_RESULT: ("seal",),
    DocType.UNIT_RECOMMENDATION: ("seal",),
    DocType.PLEDGE: ("signature", "fingerprint"),
    DocType.SOCIAL_INSURANCE: ("seal",),
}

_LOOKS: dict[str, Callable[[PageInput], bool]] = {
    "seal": lambda page: bool(find_seals(page.image)),
    "signature": lambda page: find_signature(page.image, page.ocr.lines, SIGNATURE_LABELS) is not None,
    "fingerprint": lambda page: bool(find_fingerprints(page.image)),
    "face": lambda page: bool(detect_faces(page.image, min_fraction=PAGE_FACE_MIN_FRACTION)),
}


def add_marks(doc_type: DocType, page: PageInput, extraction: Extraction) -> Extraction:
    """Return ``extraction`` with the flags of ``doc_type`` filled in where the extractor left them unset."""
    wanted = MARKS.get(doc_type, ())
    if doc_type is DocType.ID_CARD and page.side is Side.EMBLEM:
        wanted = ()
    missing = [flag for flag in wanted if flag not in extraction.flags]
    if not missing:
        return extraction
    flags = dict(extraction.flags)
    for flag in missing:
        flags[flag] = _LOOKS[flag](page)
    return extraction.model_copy(update={"flags": flags})
