"""The notice as data: the typed, frozen policy model and its loader.

A policy file holds every date, number, list and wording of one year's notice (SPEC section 6); rule
modules read it and hold no literal of their own. Loading validates the whole file: a typo is a
``ConfigurationError`` naming the file, the key path and the line, raised before any dossier is checked.
This module must not know about dossiers or findings beyond the codes it configures.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extractors.errors import ConfigurationError
from extractors.models import DocType, Section
from validators.models import FindingCode, Material, Severity

DEFAULT_POLICY = Path(__file__).parent / "policies" / "yuli-2024.yaml"

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
    """Tolerance of name agreement for OCR noise."""

    noise_max_confidence: float = Field(ge=0, le=1)
    max_edits_short: int = Field(ge=0)
    max_edits_long: int = Field(ge=0)
    long_name_chars: int = Field(ge=1)
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


class Policy(_Frozen):
    """One year's notice as data (SPEC section 6)."""

    policy_id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    title: str
    declaration_year: int = Field(ge=2000, le=2100)
    dates: Dates
    experience: Experience
    levels: dict[str, LevelRule] = Field(min_length=1)
    level_aliases: dict[str, str] = Field(default_factory=dict)
    full_time: FullTime
    appraisal: Appraisal
    continuing_education: ContinuingEducation
    publicity: Publicity
    submissions: Submissions
    id_card: IdCard
    chsi: Chsi
    photo: Photo
    social_insurance: SocialInsurance
    internship: Internship
    names: Names
    pledge: Pledge
    unit_recommendation_wording: str
    contact: Contact
    regional_calendar: RegionalCalendar
    materials: tuple[MaterialRule, ...] = Field(min_length=1)
    doc_labels: dict[DocType, str]
    severities: dict[FindingCode, Severity]
    severity_variants: dict[str, Severity] = Field(default_factory=dict)
    catalogue: Catalogue

    @field_validator("severities")
    @classmethod
    def _every_code(cls, value: dict[FindingCode, Severity]) -> dict[FindingCode, Severity]:
        missing = [code.value for code in FindingCode if code not in value]
        if missing:
            raise ValueError(f"no severity for: {', '.join(missing)}")
        return value

    @field_validator("severity_variants")
    @classmethod
    def _variant_keys(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        for key in value:
            code, _, variant = key.partition(":")
            if code not in FindingCode.__members__ or not variant:
                raise ValueError(f"variant key {key!r} must be CODE:variant with a known finding code")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        for alias, level in self.level_aliases.items():
            if level not in self.levels:
                raise ValueError(f"level alias {alias!r} points to unknown level {level!r}")
        seen = [m.material for m in self.materials]
        if len(set(seen)) != len(seen):
            raise ValueError("a material is listed twice in materials")
        if self.pledge.warn_similarity < self.pledge.min_similarity:
            raise ValueError("pledge.warn_similarity must be at least pledge.min_similarity")
        return self

    def severity(self, code: FindingCode, variant: str | None = None) -> Severity:
        """Return the severity of ``code``, or of its ``variant`` when the policy sets one."""
        if variant is not None:
            found = self.severity_variants.get(f"{code.value}:{variant}")
            if found is not None:
                return found
        return self.severities[code]

    def level(self, name: str) -> tuple[str, LevelRule] | None:
        """Return the canonical level name and its rule for a declared or printed level, if known."""
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
        for candidate in (key, self.level_aliases.get(key), unicodedata.normalize("NFKC", name)):
            if candidate and candidate in self.levels:
                return candidate, self.levels[candidate]
        for alias, level in self.level_aliases.items():
            if unicodedata.normalize("NFKC", alias) == key:
                return level, self.levels[level]
        return None

    def material_rule(self, material: Material) -> MaterialRule | None:
        """Return the policy's rule for ``material`` if the policy lists it."""
        return next((m for m in self.materials if m.material == material), None)

    def material_of(self, doc_type: DocType) -> Material:
        """Return the material a page of ``doc_type`` belongs to (``other`` when none)."""
        for rule in self.materials:
            if doc_type in rule.doc_types:
                return rule.material
        return Material.OTHER

    def doc_label(self, doc_type: DocType) -> str:
        """Return the Chinese name of ``doc_type``."""
        return self.doc_labels.get(doc_type, doc_type.value)


class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no stubs here
    """A safe loader that keeps dates as text, so that pydantic validates them and reports their line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Walk the composed YAML tree along a pydantic error location; return the deepest 1-based line found."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if str(kv[0].value) == str(part)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_policy(path: Path | None = None) -> Policy:
    """Load and validate a policy file.

    Args:
        path: The YAML file; the shipped 2024 policy when None.

    Returns:
        The frozen policy.

    Raises:
        ConfigurationError: The file is missing, is not YAML, or a value is wrong; the message names the file,
            the key path and the line.
    """
    path = path or DEFAULT_POLICY
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"policy file {path} cannot be read: {exc.strerror}") from exc
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise ConfigurationError(f"policy file {path}{where}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"policy file {path}: the top level must be a mapping of keys")
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _line_of(node, loc)
            key = ".".join(str(p) for p in loc) or "(top level)"
            problems.append(f"{path}:{line}: {key}: {error['msg']}")
        raise ConfigurationError("invalid policy file:\n" + "\n".join(problems)) from exc
