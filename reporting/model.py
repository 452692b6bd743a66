"""The structured report of one dossier (``report.json``) and the batch summary rows.

``Report`` is the contract behind report.json: its JSON Schema is generated from this model
(``precheck schema`` / ``report_schema()``), and ``SCHEMA_VERSION`` changes when a field changes
meaning. Only add fields; never rename.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from extractors.models import (
    DocType,
    FieldName,
    FieldValue,
    OcrLine,
    QrCode,
    QualityIssue,
    QualityMetrics,
    Section,
    Side,
)
from validators.models import ExtractedValue, Finding, MaterialStatus, Severity, Verdict

SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    """Base: no unknown keys, so a report that does not match the schema fails to load."""

    model_config = ConfigDict(extra="forbid")


class Change(StrEnum):
    """How a finding compares with the previous report of the same dossier."""

    NEW = "new"
    UNCHANGED = "unchanged"
    FIXED = "fixed"
    FIRST = "first"  # no earlier report to compare with


class ReportFinding(Model):
    """A finding as shown to the reviewer, with its change since the last run."""

    finding: Finding
    change: Change = Change.FIRST


class PageSummary(Model):
    """What the pipeline saw on one page."""

    file: str
    page: int = Field(ge=1)
    section: Section | None = None
    doc_type: DocType
    side: Side
    classification_confidence: float
    rotation: int
    width: int
    height: int
    quality: QualityMetrics
    quality_issues: list[QualityIssue] = Field(default_factory=list)
    ocr_engine: str
    ocr_confidence: float | None = None
    lines: list[OcrLine] = Field(default_factory=list)
    qr: list[QrCode] = Field(default_factory=list)
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict)
    flags: dict[str, bool] = Field(default_factory=dict)
    from_cache: bool = False


class EngineInfo(Model):
    """Which OCR backend and models produced the report."""

    backend: str
    model: str
    pipeline_version: str
    precheck_version: str
    model_sha256: str = Field(default="", description="Hash of the OCR model files the engine loaded.")
    code_sha256: str = Field(
        default="", description="Hash of precheck's own code and data (rules, templates, policies) behind the report."
    )


class PolicyInfo(Model):
    """Which policy the rules came from."""

    policy_id: str
    title: str
    sha256: str


class HistoryInfo(Model):
    """The dossier's earlier runs and the submission count against the limit."""

    submission_no: int | None = None
    submission_limit: int
    previous_reports: list[str] = Field(default_factory=list, description="Paths under history/, oldest first.")
    previous_verdict: Verdict | None = None
    fixed: list[Finding] = Field(default_factory=list, description="Findings of the last report not found now.")


class Report(Model):
    """``report.json``: everything a reviewer needs about one dossier (SPEC section 5)."""

    schema_version: str = SCHEMA_VERSION
    applicant_id: str
    applicant_name: str | None = None
    id_number_masked: str | None = None
    verdict: Verdict
    verdict_zh: str
    counts: dict[Severity, int]
    findings: list[ReportFinding]
    materials: list[MaterialStatus]
    declared: dict[str, str]
    extracted: dict[str, list[ExtractedValue]]
    pages: list[PageSummary]
    files: list[str]
    return_notice: str
    input_fingerprint: str
    policy: PolicyInfo
    engine: EngineInfo
    history: HistoryInfo
    generated_at: dt.datetime
    timings: dict[str, float] = Field(description="Seconds per stage for this run (cached pages cost ~0).")


class SummaryRow(Model):
    """One row of the batch overview (index.html, summary.csv, summary.json); ID numbers masked."""

    applicant_id: str
    name: str | None = None
    id_number_masked: str | None = None
    verdict: Verdict | None = None
    verdict_zh: str
    errors: int = 0
    warnings: int = 0
    ineligible: int = 0
    main_problems: list[str] = Field(default_factory=list)
    status: str = Field(description="done | skipped (unchanged) | failed")
    report: str | None = Field(default=None, description="Relative path of report.html.")
    submission_no: int | None = None
    generated_at: dt.datetime | None = None


def report_schema() -> dict[str, Any]:
    """The JSON Schema of report.json."""
    return Report.model_json_schema()
