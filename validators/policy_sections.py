"""The sections of a policy file as typed, frozen models (each with the ``reason`` it is read that way).

Split from ``validators.policy`` to keep modules small; ``validators.policy`` re-exports what rules use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors.models import DocType, Section
from validators.models import FindingCode, Material

EmployerType = Literal["企业", "事业单位"]
Reason = Annotated[str, Field(min_length=1, description="Why the notice is read this way.")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Window(_Frozen):
    """A closed date range in one time zone."""

    start: dt.date
    end: dt.date
    timezone: str = "Asia/Shanghai"

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError("window end is before its start")
        return self


class Dates(_Frozen):
    """The reference date, the experience cutoff and the online window."""

    reference_date: dt.date
    experience_cutoff: dt.date
    online_window: Window
    reason: Reason


class Experience(_Frozen):
    """How years of professional work are counted."""

    count_from: Literal["later_of_graduation_and_work_start"]
    borderline_days: int = Field(ge=0, le=366)
    reason: Reason


class LevelRule(_Frozen):
    """What one education level requires."""

    listed: bool = Field(description="Named by the notice's 申报条件; unlisted levels are a reviewer's call.")
    years: int = Field(ge=0, le=10)
    appraisal_years: tuple[int, ...]
    reason: Reason


class FullTime(_Frozen):
    """What counts as full-time ordinary education."""

    study_modes: tuple[str, ...]
    not_ordinary_markers: tuple[str, ...]
    reason: Reason


class Appraisal(_Frozen):
    """Grades that pass the annual appraisal."""

    passing_grades: tuple[str, ...] = Field(min_length=1)
    reason: Reason


class ContinuingEducation(_Frozen):
    """Years and hours of continuing education."""

    years: tuple[int, ...] = Field(min_length=1)
    hours: dict[str, float]
    reason: Reason


class Publicity(_Frozen):
    """The unit's publicity period and the level it must name."""

    min_working_days: int = Field(ge=1, le=60)
    expected_level: str
    reason: Reason


class Submissions(_Frozen):
    """Submission count and resubmission deadline."""

    limit: int = Field(ge=1)
    resubmit_hours: int = Field(ge=1)
    reason: Reason


class ValidityBand(_Frozen):
    """ID-card validity for holders up to ``max_age`` (None: no upper bound); ``years`` None means 长期."""

    max_age: int | None
    years: int | None


class IdCard(_Frozen):
    """ID-card validity length by age at issue."""

    validity_by_age: tuple[ValidityBand, ...] = Field(min_length=1)
    reason: Reason

    @model_validator(mode="after")
    def _last_open(self) -> IdCard:
        if self.validity_by_age[-1].max_age is not None:
            raise ValueError("the last validity band must have max_age null (no upper bound)")
        return self


class Chsi(_Frozen):
    """What an official 学信网 report looks like."""

    qr_schemes: tuple[str, ...]
    qr_hosts: tuple[str, ...]
    vcode_param: str
    code_patterns: tuple[str, ...]
    reason: Reason

    @field_validator("code_patterns")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            re.compile(pattern)
        return patterns


class Photo(_Frozen):
    """Bounds for the 1-inch photo."""

    aspect_min: float = Field(gt=0)
    aspect_max: float = Field(gt=0)
    min_background_uniformity: float = Field(ge=0, le=1)
    reason: Reason


class SocialInsurance(_Frozen):
    """Who needs a social-insurance list, and how many months it covers."""

    employer_types: tuple[EmployerType, ...]
    min_months: int = Field(ge=1)
    reason: Reason


class Internship(_Frozen):
    """When an internship report is more than a blank form."""

    min_body_chars: int = Field(ge=0)
    reason: Reason


class Names(_Frozen):
    """When a differing read is uncertain ("check by eye", a warning) rather than a mismatch (an error).

    Applies to names, education fields and the unit documents' series and specialty. A confident difference is
    always a mismatch: there is no tolerance for reads another document happens to agree with.
    """

    noise_max_confidence: float = Field(ge=0, le=1)
    max_edits_short: int = Field(ge=0)
    max_edits_long: int = Field(ge=0)
    long_name_chars: int = Field(ge=1)
    handwritten_doc_types: tuple[DocType, ...] = ()
    """Documents whose only name is a signature, read by handwriting OCR."""
    signature_min_shared: float = Field(default=1.0, ge=0, le=1)
    """A differing signature read is ``signature_similar`` when at least this share of its characters occur in
    the name; below it, a check by eye (1.0: only a read of the name's own characters)."""
    signature_fit_max_per_char: float | None = Field(default=None, ge=0)
    """A signature whose free read differs is still the declared name when the recogniser finds the name at most
    this many nats per character less likely on it than its own read (``extractors.signature``); ``None``: the
    fit is not used and every differing read is judged as read."""
    school_fit_max_deficit: float | None = Field(default=None, ge=0)
    """An unsure near read of a school (under the school's seal) is the declared school when the recogniser finds
    the declared school at most this many nats less likely on its line than its own read (``extractors.sealed``),
    in all, not per character: one character of a long name must still count; ``None``: the fit is not used."""
    reason: Reason


class PledgeSentence(_Frozen):
    """One accepted wording of the pledge and where the notice prints it."""

    source: str
    text: str = Field(min_length=10)


class Pledge(_Frozen):
    """The pledge sentence(s) and how close the handwritten one must be."""

    sentences: tuple[PledgeSentence, ...] = Field(min_length=1)
    min_similarity: float = Field(ge=0, le=1)
    warn_similarity: float = Field(ge=0, le=1)
    reason: Reason


class Contact(_Frozen):
    """Where applicants ask questions."""

    office: str
    phone: str


class RegionalDay(_Frozen):
    """A regional festival day (or regional 调休 workday)."""

    date: dt.date
    name: str


class RegionalCalendar(_Frozen):
    """Regional festival days that national calendars do not know."""

    source: Reason
    holidays: tuple[RegionalDay, ...] = ()
    workdays: tuple[RegionalDay, ...] = ()
    reason: Reason


class MaterialRule(_Frozen):
    """One material of the notice: its pages, sections, who must upload it, and the code when it is missing."""

    material: Material
    label: str
    short_label: str
    notice_ref: str
    doc_types: tuple[DocType, ...] = Field(min_length=1)
    sections: tuple[Section, ...]
    required_for: tuple[EmployerType, ...]
    missing_code: FindingCode


class CatalogueRow(_Frozen):
    """One row of the notice's table of series, specialties and qualifications."""

    no: int = Field(ge=1)
    series: str = Field(min_length=1)
    specialty: str = Field(min_length=1)
    qualification: str = Field(min_length=1)


class Catalogue(_Frozen):
    """The notice's catalogue, merged cells resolved."""

    reason: Reason
    rows: tuple[CatalogueRow, ...] = Field(min_length=1)

    @field_validator("rows", mode="before")
    @classmethod
    def _from_lists(cls, rows: object) -> object:
        if isinstance(rows, list):
            return [
                dict(zip(("no", "series", "specialty", "qualification"), r, strict=True))
                if isinstance(r, list) and len(r) == 4
                else r
                for r in rows
            ]
        return rows

    @field_validator("rows")
    @classmethod
    def _numbered(cls, rows: tuple[CatalogueRow, ...]) -> tuple[CatalogueRow, ...]:
        for index, row in enumerate(rows, start=1):
            if row.no != index:
                raise ValueError(f"catalogue row {index} is numbered {row.no}: rows must run 1, 2, 3, …")
        return rows

    def find(self, series: str, specialty: str, qualification: str) -> CatalogueRow | None:
        """Return the row matching the declared triple, tolerant of width, spaces and a 系列/专业 suffix."""
        key = (catalogue_key(series), catalogue_key(specialty), catalogue_key(qualification))
        for row in self.rows:
            if (catalogue_key(row.series), catalogue_key(row.specialty), catalogue_key(row.qualification)) == key:
                return row
        return None


def catalogue_key(text: str) -> str:
    """Normalise a catalogue cell for comparison: NFKC, no spaces, no trailing 系列/专业."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for suffix in ("系列", "专业"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key
