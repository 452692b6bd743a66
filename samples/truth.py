"""Ground truth of a generated sample dossier (``docs/contracts.md``, "Ground truth").

The truth file lies beside the dossier folder and is never read by the pipeline: it is what
tests and the benchmark compare the pipeline's output with.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Capture = Literal["scan", "phone", "photocopy", "screen", "pdf_scan", "screenshot"]
"""``screen``: an ID card photographed from a monitor or phone screen (``samples.capture.screen_recapture``)."""


class PageTruth(BaseModel):
    """What one page of the dossier really shows."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="Path relative to the dossier root (inside the zip for zip dossiers).")
    page: int = Field(ge=1, description="1-based page number inside the file.")
    doc_type: str = Field(description="extractors.models.DocType value.")
    side: str = Field(default="none", description="extractors.models.Side value.")
    rotation: int = Field(default=0, description="Clockwise degrees the pipeline must turn the page to be upright.")
    capture: Capture = "scan"
    dpi: int = Field(ge=1, description="Resolution of the document on the written image, in dots per inch.")
    degradations: list[str] = Field(default_factory=list)
    fields: dict[str, str] = Field(default_factory=dict, description="True field values (contract names).")
    flags: dict[str, bool] = Field(default_factory=dict, description="True marks: seal, signature, fingerprint...")


class DossierTruth(BaseModel):
    """Everything a test needs to judge the pipeline on one sample dossier."""

    model_config = ConfigDict(extra="forbid")

    applicant_id: str
    seed: int
    defect: str | None = Field(default=None, description="The planted defect (samples.defects), None if clean.")
    description: str = Field(default="", description="One English line: what this dossier tests.")
    expected_verdict: Literal["PASS", "REVIEW", "RETURN", "INELIGIBLE"]
    must_codes: list[str] = Field(default_factory=list)
    must_not_codes: list[str] = Field(default_factory=list)
    delivery: Literal["folder", "zip"] = "folder"
    unreadable_files: list[str] = Field(default_factory=list, description="Files that must yield UNREADABLE_FILE.")
    pages: list[PageTruth] = Field(default_factory=list)

    def pages_of(self, doc_type: str, side: str | None = None) -> list[PageTruth]:
        """Return the pages of one doc type (and side, when given)."""
        return [p for p in self.pages if p.doc_type == doc_type and (side is None or p.side == side)]
