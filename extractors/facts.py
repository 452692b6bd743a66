"""Typed facts: one pydantic model per document type, with typed values, each with its evidence.

``PageFacts.fields`` is the wire form of a page's reads: strings keyed by :data:`FieldName`, as ``report.json``,
the page cache and ``precheck inspect`` carry them (SPEC section 5). The models here say which fields each
document type carries and what type each value has — dates as :class:`datetime.date`, years and counts as
``int``, hours and ratios as ``float``, ID numbers as :class:`IdNumber` — so that:

- an extractor that records a field its document type does not carry, or a value that is not of the field's type
  (a date that is no date), fails :func:`check_extraction` in the tests of every sample page, instead of being a
  key no rule ever asks for;
- a rule reads ``facts_of(page, IdCardFacts).birth_date`` — a date, or None — and a misspelt field is an
  attribute error for mypy (``make lint``), never a silent ``None``.

Adding a field to a document type is one line in its model here (and its name in ``FieldName``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BeforeValidator, ValidationError
from pydantic_core import core_schema

from extractors.id_number import IdNumberInfo, mask_id_number, normalize_id_number, parse_id_number
from extractors.models import DocType, Evidence, FieldName, FieldValue, Frozen, PageFacts, TextFit

T = TypeVar("T")


class IdNumber(str):
    """A resident ID number as read or declared (normalised: no spaces, upper-case X), not necessarily valid.

    Whether it holds is :attr:`info`'s business (a malformed read is a finding, not a type error). Its ``repr``
    is masked, so a fact that reaches a log or a traceback never shows the whole number (SPEC section 10).
    """

    __slots__ = ()

    def __new__(cls, number: str) -> IdNumber:
        """Normalise ``number`` (width, spaces, a lower-case x)."""
        return super().__new__(cls, normalize_id_number(number))

    def __repr__(self) -> str:
        """The masked number: never the whole number in a log."""
        return f"IdNumber({mask_id_number(str(self))!r})"

    @property
    def info(self) -> IdNumberInfo:
        """What the number says (checksum, birth date, gender) — see :func:`parse_id_number`."""
        return parse_id_number(self)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> core_schema.CoreSchema:
        """Validate from a string; serialise back to the plain string."""
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(), serialization=core_schema.plain_serializer_function_ser_schema(str)
        )


def _first_of_month(value: object) -> object:
    """``2023-07`` (a month, as social-insurance lists print it) is the first of that month."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-01"
    return value


Month = Annotated[dt.date, BeforeValidator(_first_of_month)]
"""A month, held as its first day."""

LONG_TERM = "长期"
"""An ID card valid without an end date (长期, issued at 46 and over)."""


class Read(Frozen, Generic[T]):
    """One field read from a page: its typed value, the raw text, and where it was read."""

    value: T
    raw: str | None = None
    evidence: Evidence
    confidence: float | None = None
    fit: TextFit | None = None

    @property
    def wire(self) -> FieldValue:
        """The same read in the wire form (a string value), as report.json and the comparisons take it."""
        text = self.value.isoformat() if isinstance(self.value, dt.date) else str(self.value)
        return FieldValue(value=text, raw=self.raw, evidence=self.evidence, confidence=self.confidence, fit=self.fit)


class DocFacts(Frozen):
    """Base of the per-type models: no unknown field (``extra="forbid"``), every field optional (unread)."""


class IdCardFacts(DocFacts):
    """身份证, either side: the portrait side's person fields, the emblem side's authority and validity."""

    name: Read[str] | None = None
    gender: Read[Literal["男", "女"]] | None = None
    ethnicity: Read[str] | None = None
    birth_date: Read[dt.date] | None = None
    address: Read[str] | None = None
    id_number: Read[IdNumber] | None = None
    issuing_authority: Read[str] | None = None
    valid_from: Read[dt.date] | None = None
    valid_until: Read[dt.date | Literal["长期"]] | None = None


class DiplomaFacts(DocFacts):
    """毕业证书."""

    name: Read[str] | None = None
    gender: Read[Literal["男", "女"]] | None = None
    birth_date: Read[dt.date] | None = None
    school: Read[str] | None = None
    major: Read[str] | None = None
    level: Read[str] | None = None
    study_mode: Read[str] | None = None
    graduation_date: Read[dt.date] | None = None
    certificate_no: Read[str] | None = None


class DegreeCertificateFacts(DocFacts):
    """学位证书."""

    name: Read[str] | None = None
    school: Read[str] | None = None
    degree: Read[str] | None = None
    certificate_no: Read[str] | None = None


class ChsiReportFacts(DocFacts):
    """学信网 教育部学历证书电子注册备案表 (and the layouts like it), with its QR code."""

    name: Read[str] | None = None
    gender: Read[Literal["男", "女"]] | None = None
    birth_date: Read[dt.date] | None = None
    graduation_date: Read[dt.date] | None = None
    updated_on: Read[dt.date] | None = None
    school: Read[str] | None = None
    major: Read[str] | None = None
    level: Read[str] | None = None
    education_type: Read[str] | None = None
    study_mode: Read[str] | None = None
    certificate_no: Read[str] | None = None
    qr_url: Read[str] | None = None
    qr_vcode: Read[str] | None = None
    verification_code: Read[str] | None = None
    valid_until: Read[dt.date] | None = None


class StudentRecordFacts(DocFacts):
    """学籍档案."""

    name: Read[str] | None = None
    school: Read[str] | None = None
    major: Read[str] | None = None
    level: Read[str] | None = None
    study_mode: Read[str] | None = None


class AppraisalFormFacts(DocFacts):
    """年度考核登记表, either side."""

    name: Read[str] | None = None
    employer: Read[str] | None = None
    year: Read[int] | None = None
    grade: Read[str] | None = None


class CeCertificateFacts(DocFacts):
    """继续教育 合格证书 / 学时证明."""

    name: Read[str] | None = None
    year: Read[int] | None = None
    kind: Read[str] | None = None
    hours: Read[float] | None = None


class NamedFacts(DocFacts):
    """A document of which only the holder's name is read (继续教育 免修证明)."""

    name: Read[str] | None = None


class InternshipFacts(DocFacts):
    """见习期工作情况 / 工作小结: who, and how long the body text is."""

    name: Read[str] | None = None
    body_chars: Read[int] | None = None


class PublicityFacts(DocFacts):
    """推荐单位公示, 公示结果, 单位推荐意见: who, which series and level, the publicity period and its outcome."""

    name: Read[str] | None = None
    series: Read[str] | None = None
    specialty: Read[str] | None = None
    title_level: Read[str] | None = None
    period_start: Read[dt.date] | None = None
    period_end: Read[dt.date] | None = None
    days: Read[int] | None = None
    objection: Read[str] | None = None


class PledgeFacts(DocFacts):
    """个人承诺书: the pledge sentence as written, and the signature."""

    sentence: Read[str] | None = None
    name: Read[str] | None = None


class SocialInsuranceFacts(DocFacts):
    """社保缴费清单: who, and the months paid."""

    name: Read[str] | None = None
    period_start: Read[Month] | None = None
    period_end: Read[Month] | None = None
    months: Read[int] | None = None


class PhotoFacts(DocFacts):
    """一寸照片: faces found, shape, background."""

    face_count: Read[int] | None = None
    aspect: Read[float] | None = None
    background_uniformity: Read[float] | None = None


FACTS: dict[DocType, type[DocFacts]] = {
    DocType.ID_CARD: IdCardFacts,
    DocType.PHOTO: PhotoFacts,
    DocType.DIPLOMA: DiplomaFacts,
    DocType.DEGREE_CERTIFICATE: DegreeCertificateFacts,
    DocType.CHSI_REPORT: ChsiReportFacts,
    DocType.STUDENT_RECORD: StudentRecordFacts,
    DocType.APPRAISAL_FORM: AppraisalFormFacts,
    DocType.CE_CERTIFICATE: CeCertificateFacts,
    DocType.CE_EXEMPTION: NamedFacts,
    DocType.INTERNSHIP_REPORT: InternshipFacts,
    DocType.INTERNSHIP_SUMMARY: InternshipFacts,
    DocType.PUBLICITY_NOTICE: PublicityFacts,
    DocType.PUBLICITY_RESULT: PublicityFacts,
    DocType.UNIT_RECOMMENDATION: PublicityFacts,
    DocType.PLEDGE: PledgeFacts,
    DocType.SOCIAL_INSURANCE: SocialInsuranceFacts,
    DocType.OTHER: DocFacts,
}
"""The model of each document type: what its pages carry."""

F = TypeVar("F", bound=DocFacts)


class FactsError(ValueError):
    """Read fields that do not fit their document type's model: a bug of an extractor, never of the input.

    The message names the document type and the fields, never a value (values are personal data).
    """


def typed(doc_type: DocType, fields: dict[FieldName, FieldValue]) -> DocFacts:
    """The typed facts of ``doc_type`` from wire-form ``fields``.

    Raises:
        FactsError: A field the type does not carry, or a value that is not of its field's type.
    """
    model = FACTS[doc_type]
    try:
        return model.model_validate({name: read.model_dump() for name, read in fields.items()})
    except ValidationError as exc:
        where = sorted({".".join(str(part) for part in error["loc"][:1]) for error in exc.errors()})
        raise FactsError(f"{doc_type.value}: field(s) {', '.join(where)} do not fit {model.__name__}") from None


def check_extraction(doc_type: DocType, fields: dict[FieldName, FieldValue]) -> None:
    """Raise :class:`FactsError` where ``fields`` do not fit ``doc_type``'s model (see :func:`typed`)."""
    typed(doc_type, fields)


def facts_of(page: PageFacts, model: type[F]) -> F:
    """The typed facts of ``page``, as ``model`` (which must be its document type's model).

    Raises:
        FactsError: ``model`` is not the model of the page's type, or a field does not fit it.
    """
    if FACTS[page.doc_type] is not model:
        raise FactsError(f"a {page.doc_type.value} page has no {model.__name__}")
    facts = typed(page.doc_type, page.fields)
    assert isinstance(facts, model)
    return facts
