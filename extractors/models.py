"""Typed values passed between the extraction stages.

Every stage of ``extractors`` speaks these models and nothing else: a page image with
its provenance, OCR lines with confidence and geometry, QR payloads with their boxes,
quality metrics, and extracted field values that each carry their evidence. The models
are frozen so that a cached result cannot be mutated by a later stage.

The names of doc types, sides and fields are a public contract shared by ``report.json``
and ``precheck inspect`` (SPEC section 5): never rename a member, only add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

BGRImage = NDArray[np.uint8]


class DocType(StrEnum):
    """The document type of one page (SPEC section 5)."""

    ID_CARD = "id_card"
    PHOTO = "photo"
    DIPLOMA = "diploma"
    DEGREE_CERTIFICATE = "degree_certificate"
    CHSI_REPORT = "chsi_report"
    STUDENT_RECORD = "student_record"
    APPRAISAL_FORM = "appraisal_form"
    CE_CERTIFICATE = "ce_certificate"
    CE_EXEMPTION = "ce_exemption"
    INTERNSHIP_REPORT = "internship_report"
    INTERNSHIP_SUMMARY = "internship_summary"
    PUBLICITY_NOTICE = "publicity_notice"
    PUBLICITY_RESULT = "publicity_result"
    UNIT_RECOMMENDATION = "unit_recommendation"
    PLEDGE = "pledge"
    SOCIAL_INSURANCE = "social_insurance"
    OTHER = "other"


class Side(StrEnum):
    """The side of a two-sided document; ``none`` for one-sided documents."""

    NONE = "none"
    PORTRAIT = "portrait"  # 身份证人像面
    EMBLEM = "emblem"  # 身份证国徽面
    FRONT = "front"  # 年度考核登记表正面
    BACK = "back"  # 年度考核登记表反面


class Section(StrEnum):
    """The platform column an upload came from, when the export has one (SPEC section 2)."""

    BASIC = "基本信息"
    EDUCATION = "学历学位"
    CONTINUING_EDUCATION = "继续教育"
    APPRAISAL = "年度考核"
    INTERNSHIP = "见习期"
    OTHER_ATTACHMENTS = "其他附件"
    PLEDGE = "承诺书"


class Frozen(BaseModel):
    """Base for every model here: immutable, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class BBox(Frozen):
    """An axis-aligned pixel box on the upright page image: left, top, right, bottom."""

    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def around(cls, points: list[tuple[float, float]]) -> BBox:
        """Return the smallest box holding all ``points``."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return cls(x0=int(min(xs)), y0=int(min(ys)), x1=int(round(max(xs))), y1=int(round(max(ys))))

    def union(self, other: BBox) -> BBox:
        """Return the smallest box holding both boxes."""
        return BBox(
            x0=min(self.x0, other.x0),
            y0=min(self.y0, other.y0),
            x1=max(self.x1, other.x1),
            y1=max(self.y1, other.y1),
        )

    def intersects(self, other: BBox) -> bool:
        """Whether the two boxes share some area (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    @property
    def width(self) -> int:
        """Width in pixels."""
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        """Height in pixels."""
        return self.y1 - self.y0


class PageRef(Frozen):
    """Where a page came from: the file inside the dossier and its 1-based page number."""

    file: str = Field(description="Path of the file relative to the dossier root (zip entries likewise).")
    page: int = Field(ge=1, description="1-based page number inside the file.")
    section: Section | None = Field(default=None, description="Upload section the file was found in.")


class Evidence(Frozen):
    """What a value or finding rests on: a page, an optional region, the text read there."""

    file: str
    page: int = Field(ge=1)
    bbox: BBox | None = None
    text: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class OcrLine(Frozen):
    """One recognised text line on the upright page."""

    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    bbox: BBox


class OcrResult(Frozen):
    """All lines of one page, in reading order, with the engine that read them."""

    engine: str
    lines: tuple[OcrLine, ...] = ()

    @property
    def text(self) -> str:
        """All lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @property
    def mean_confidence(self) -> float | None:
        """Mean line confidence, or ``None`` when nothing was read."""
        if not self.lines:
            return None
        return sum(line.confidence for line in self.lines) / len(self.lines)


class QrCode(Frozen):
    """One decoded QR payload with its box on the upright page and the decoder that read it."""

    payload: str
    bbox: BBox | None = None
    decoder: str


FieldName = Literal[
    # persons and ID cards (SPEC section 5)
    "name", "gender", "ethnicity", "birth_date", "address", "id_number", "issuing_authority", "valid_from",
    "valid_until",
    # education: diplomas, degree certificates, 学信网 reports, student records (SPEC section 5)
    "school", "major", "level", "study_mode", "education_type", "graduation_date", "certificate_no",
    "verification_code", "qr_url", "qr_vcode", "updated_on", "degree",
    # appraisal forms and continuing-education certificates
    "year", "grade", "kind", "hours",
    # unit documents: publicity notice and result, recommendation
    "period_start", "period_end", "days", "objection", "series", "specialty", "title_level",
    # social insurance, pledge, internship, photo
    "employer", "months", "sentence", "body_chars", "face_count", "aspect", "background_uniformity",
]
"""Every field an extractor may record and a rule may ask for: a misspelt name is a type error (mypy) and a
validation error (pydantic), never a silent miss. Adding a field is one name here."""

FIELD_NAMES: frozenset[str] = frozenset(get_args(FieldName))


class TextFit(Frozen):
    """How well an expected text fits the image a field was read from, by the recogniser's own frames.

    ``deficit`` is log P(free read) - log P(expected) in nats, over the field's line (0: the expected text is as
    likely as what the recogniser read, or likelier); ``chars`` is the expected text's length without middle dots.
    Measured by :mod:`extractors.signature`; what deficit is still the expected text is the policy's call.
    """

    expected: str
    read: str = Field(description="The recogniser's free read of the same crop (label text included).")
    deficit: float = Field(ge=0.0)
    chars: int = Field(ge=1)

    def within(self, max_per_char: float) -> bool:
        """Whether the expected text is at most ``max_per_char`` nats per character less likely than the read."""
        return self.deficit <= max_per_char * self.chars


class FieldValue(Frozen):
    """One extracted field: normalised value, raw text, and the evidence it came from."""

    value: str
    raw: str | None = None
    evidence: Evidence
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    fit: TextFit | None = Field(default=None, description="The expected value's fit to the crop, where measured.")


class QualityMetrics(Frozen):
    """Image-quality measurements of one page; thresholds are applied by the quality checks."""

    width: int = Field(ge=0)
    height: int = Field(ge=0)
    sharpness: float | None = None
    effective_dpi: float | None = None
    mean_brightness: float | None = None
    dark_fraction: float | None = None
    bright_fraction: float | None = None
    glare_fraction: float | None = None
    ink_fraction: float | None = None
    colourfulness: float | None = None
    extra: dict[str, float] = Field(default_factory=dict)


class QualityIssue(Frozen):
    """A legibility problem found on a page (mapped to a finding code by the validators)."""

    kind: str = Field(description="Finding code, e.g. IMAGE_BLURRY.")
    detail: str = Field(description="Short English detail for logs and the report's quality column.")
    bbox: BBox | None = None
    measured: float | None = None
    threshold: float | None = None


@dataclass(frozen=True)
class PageImage:
    """One page as pixels, with where it came from.

    Not a pydantic model: it holds a numpy array. ``text_layer`` holds the words of a
    PDF page's text layer (upright page coordinates) when the PDF has one.
    """

    ref: PageRef
    image: BGRImage
    content_hash: str
    dpi: float | None = None
    text_layer: tuple[OcrLine, ...] = ()
    exif_rotated: int = 0
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ShownPage:
    """An upright page kept for the report after it was read, shrunk to ``scale`` of its size.

    Boxes of the page's facts are in full-size upright page coordinates; :meth:`box` maps one onto this image.
    Not a pydantic model: it holds a numpy array.
    """

    image: BGRImage
    scale: float = 1.0

    @property
    def page_size(self) -> tuple[int, int]:
        """Width and height of the full-size upright page."""
        height, width = self.image.shape[:2]
        return round(width / self.scale), round(height / self.scale)

    def box(self, bbox: BBox | None) -> BBox | None:
        """``bbox`` (page coordinates) on this image."""
        if bbox is None or self.scale == 1.0:
            return bbox
        s = self.scale
        return BBox(x0=int(bbox.x0 * s), y0=int(bbox.y0 * s), x1=round(bbox.x1 * s), y1=round(bbox.y1 * s))


class PageFacts(Frozen):
    """Everything the pipeline learned about one page; cached by content hash."""

    ref: PageRef
    content_hash: str
    width: int
    height: int
    rotation: int = Field(default=0, description="Degrees the page was turned clockwise to make it upright.")
    doc_type: DocType = DocType.OTHER
    side: Side = Side.NONE
    classification_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    quality: QualityMetrics
    quality_issues: tuple[QualityIssue, ...] = ()
    ocr: OcrResult
    qr: tuple[QrCode, ...] = ()
    phash: str | None = Field(default=None, description="Perceptual hash (hex) for duplicate-upload detection.")
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict)
    flags: dict[str, bool] = Field(
        default_factory=dict, description="Detected marks: seal, signature, fingerprint, face, ..."
    )
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")


class FileProblem(Frozen):
    """A file of the dossier that could not be read, or was refused by ingest."""

    file: str
    code: str = Field(description="Finding code, e.g. UNREADABLE_FILE.")
    reason: str = Field(description="English reason for logs; never holds personal data.")
    message_zh: str = Field(description="Chinese explanation for the applicant.")


class DossierFacts(Frozen):
    """All page facts of a dossier plus what ingest could not read."""

    dossier_id: str
    pages: tuple[PageFacts, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    application_raw: str | None = Field(default=None, description="Raw text of application.json, if present.")
    application_problem: str | None = None
    input_fingerprint: str
    files: tuple[str, ...] = ()
