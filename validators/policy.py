"""The notice as data: the typed, frozen policy model and its loader.

A policy file holds every date, number, list and wording of one year's notice (SPEC section 6); rule
modules read it and hold no literal of their own. Loading validates the whole file: a typo is a
``ConfigurationError`` naming the file, the key path and the line, raised before any dossier is checked.
This module must not know about dossiers or findings beyond the codes it configures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from extractors.errors import ConfigurationError
from extractors.models import DocType
from validators.models import FindingCode, Material, Severity
from validators.policy_sections import (
    Appraisal,
    Catalogue,
    CatalogueRow,
    Chsi,
    Contact,
    ContinuingEducation,
    Dates,
    Experience,
    FullTime,
    IdCard,
    Internship,
    LevelRule,
    MaterialRule,
    Names,
    Photo,
    Pledge,
    PledgeSentence,
    Publicity,
    RegionalCalendar,
    RegionalDay,
    SocialInsurance,
    Submissions,
    ValidityBand,
    Window,
    _Frozen,
    catalogue_key,
)

__all__ = [
    "DEFAULT_POLICY",
    "Appraisal",
    "Catalogue",
    "CatalogueRow",
    "Chsi",
    "Contact",
    "ContinuingEducation",
    "Dates",
    "Experience",
    "FullTime",
    "IdCard",
    "Internship",
    "LevelRule",
    "MaterialRule",
    "Names",
    "Photo",
    "Pledge",
    "PledgeSentence",
    "Policy",
    "Publicity",
    "RegionalCalendar",
    "RegionalDay",
    "SocialInsurance",
    "Submissions",
    "ValidityBand",
    "Window",
    "catalogue_key",
    "load_policy",
]

DEFAULT_POLICY = Path(__file__).parent / "policies" / "yuli-2024.yaml"


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


class _Loader(yaml.SafeLoader):  # type: ignore[misc,unused-ignore]  # Any without PyYAML stubs
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
