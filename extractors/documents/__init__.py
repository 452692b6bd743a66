"""Per-document-type extractors, one module each, found through ``EXTRACTORS``.

Every module exposes ``extract(page: PageInput) -> Extraction``; adding a document type is one
module, one line here and its model in :mod:`extractors.facts` (what fields it carries, typed).
``extract(doc_type, page)`` dispatches and checks the fields against that model; ``other`` (and any type
without an extractor) yields an empty extraction.
"""

from __future__ import annotations

from extractors.documents import (
    appraisal_form,
    ce_certificate,
    ce_exemption,
    chsi_report,
    degree_certificate,
    diploma,
    id_card,
    internship_report,
    internship_summary,
    photo,
    pledge,
    publicity_notice,
    publicity_result,
    social_insurance,
    student_record,
    unit_recommendation,
)
from extractors.documents.base import Extraction, Extractor, PageInput
from extractors.documents.page_marks import add_marks
from extractors.facts import check_extraction
from extractors.models import DocType

EXTRACTORS: dict[DocType, Extractor] = {
    DocType.ID_CARD: id_card.extract,
    DocType.PHOTO: photo.extract,
    DocType.DIPLOMA: diploma.extract,
    DocType.DEGREE_CERTIFICATE: degree_certificate.extract,
    DocType.CHSI_REPORT: chsi_report.extract,
    DocType.STUDENT_RECORD: student_record.extract,
    DocType.APPRAISAL_FORM: appraisal_form.extract,
    DocType.CE_CERTIFICATE: ce_certificate.extract,
    DocType.CE_EXEMPTION: ce_exemption.extract,
    DocType.INTERNSHIP_REPORT: internship_report.extract,
    DocType.INTERNSHIP_SUMMARY: internship_summary.extract,
    DocType.PUBLICITY_NOTICE: publicity_notice.extract,
    DocType.PUBLICITY_RESULT: publicity_result.extract,
    DocType.UNIT_RECOMMENDATION: unit_recommendation.extract,
    DocType.PLEDGE: pledge.extract,
    DocType.SOCIAL_INSURANCE: social_insurance.extract,
}


def extract(doc_type: DocType, page: PageInput) -> Extraction:
    """Run the extractor of ``doc_type`` on ``page`` and look for its marks; empty for ``other``."""
    extractor = EXTRACTORS.get(doc_type)
    if extractor is None:
        return Extraction()
    extraction = add_marks(doc_type, page, extractor(page))
    check_extraction(doc_type, extraction.fields)  # an extractor's field that is not its type's is a bug
    return extraction


__all__ = ["EXTRACTORS", "Extraction", "PageInput", "extract"]
