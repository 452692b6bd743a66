"""A dossier before rendering: the applicant, the application form, and one plan per page.

Defects (``samples.defects``) edit a plan; ``samples.generate`` renders it. Truth fields are computed from
the typed records at render time, so a defect that edits a record keeps the ground truth consistent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from samples.people import Person

Renderer = Callable[[Any, int, Any], Image.Image]


@dataclass
class PagePlan:
    """One page to render and how it is captured.

    Attributes:
        key: Stable name of the document in the plan (e.g. ``id_portrait``, ``appraisal_2023_back``).
        doc_type: ``extractors.models.DocType`` value.
        side: ``extractors.models.Side`` value.
        record: The typed record the renderer draws.
        renderer: Function ``(record, dpi, rng) -> image``.
        fields: Function ``record -> {field: value}`` giving the truth fields.
        section: Upload section, or None for a file at the dossier's top level.
        filename: File name inside the section.
        card: Whether the page is an ID card (rendered at 400 dpi and placed on a bed or desk).
        capture: ``scan``, ``phone``, ``photocopy`` or, for an ID card, ``screen`` (photographed from a screen).
        dpi: Output resolution of the document on the written image.
        rotation: Clockwise degrees the pipeline must apply to make the page upright.
        degradations: Names of planted degradations (``samples.capture`` functions).
        flags: True marks on the page (seal, signature, fingerprint, face).
        group: Pages sharing a group are written as one multi-page PDF named by the group.
        broken: Write the file truncated (UNREADABLE_FILE).
        blank: Replace the rendered page by an empty sheet.
        duplicate_as: Also write the same bytes under this extra path.
        raw: Write the rendered image as is (a phone picture already): no scan or phone capture.
    """

    key: str
    doc_type: str
    side: str
    record: Any
    renderer: Renderer
    fields: Callable[[Any], dict[str, str]]
    section: str | None
    filename: str
    card: bool = False
    capture: str = "scan"
    dpi: int = 200
    rotation: int = 0
    degradations: list[str] = field(default_factory=list)
    flags: dict[str, bool] = field(default_factory=dict)
    group: str | None = None
    broken: bool = False
    blank: bool = False
    duplicate_as: str | None = None
    raw: bool = False

    @property
    def path(self) -> str:
        """Path of the file relative to the dossier root."""
        return f"{self.section}/{self.filename}" if self.section else self.filename


@dataclass
class DossierPlan:
    """Everything needed to write one dossier and its truth."""

    applicant_id: str
    seed: int
    person: Person
    application: dict[str, Any]
    pages: list[PagePlan]
    level: str
    employer_type: str
    description: str = ""
    delivery: str = "folder"
    application_text: str | None = None  # overrides the JSON dump (malformed applications)
    graduation_date: dt.date | None = None

    def page(self, key: str) -> PagePlan:
        """Return the page with ``key``."""
        for p in self.pages:
            if p.key == key:
                return p
        raise KeyError(key)

    def pages_like(self, prefix: str) -> list[PagePlan]:
        """Return the pages whose key starts with ``prefix``."""
        return [p for p in self.pages if p.key.startswith(prefix)]

    def drop(self, key: str) -> None:
        """Remove the page with ``key``."""
        self.pages = [p for p in self.pages if p.key != key]
