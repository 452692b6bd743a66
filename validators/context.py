"""What every rule sees: the dossier's page facts, the declaration, the policy, and helpers to build findings.

Rules are plain functions ``rule(ctx) -> Iterable[Finding]``; this module gives them one way to look up pages
and fields and one way to make a finding (severity always from the policy).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from extractors.facts import DocFacts, Read, facts_of, typed
from extractors.id_number import normalize_id_number
from extractors.models import DocType, DossierFacts, Evidence, FieldName, FieldValue, PageFacts, Side
from extractors.text import edit_distance, simplified
from validators.identity_utils import normalize_name
from validators.models import Application, Finding, FindingCode, Material
from validators.policy import Policy
from validators.policy_sections import catalogue_key

F = TypeVar("F", bound=DocFacts)


def page_evidence(page: PageFacts, text: str | None = None) -> Evidence:
    """Return evidence pointing at a whole page."""
    return Evidence(file=page.ref.file, page=page.ref.page, text=text)


LEGIBILITY_CODES = frozenset(
    {
        FindingCode.IMAGE_BLURRY,
        FindingCode.IMAGE_LOW_RESOLUTION,
        FindingCode.IMAGE_TOO_DARK,
        FindingCode.IMAGE_OVEREXPOSED,
        FindingCode.IMAGE_GLARE,
        FindingCode.DOCUMENT_CROPPED,
        FindingCode.BLANK_PAGE,
    }
)
"""Quality findings that say a page cannot be read reliably (not a copy, not a turned page)."""


def illegible(page: PageFacts) -> bool:
    """Whether the page has a legibility finding of its own, which already asks for a new scan."""
    return any(issue.kind in LEGIBILITY_CODES for issue in page.quality_issues)


def obscured(page: PageFacts, field: FieldValue) -> bool:
    """Whether the field was read inside a region the page's own legibility finding marks.

    A glare spot or the band where the document runs off the frame wipes characters out, and OCR reads what is
    left with full confidence (古再 for 古再丽·阿迪力 under a glare spot, confidence 0.99, generated WL200-0019).
    Such a read is clipped, not confident: it is never evidence of a mismatch.
    """
    box = field.evidence.bbox
    if box is None:
        return False
    return any(
        issue.kind in LEGIBILITY_CODES and issue.bbox is not None and box.intersects(issue.bbox)
        for issue in page.quality_issues
    )


def where(page: PageFacts) -> str:
    """Return a Chinese pointer to a page for messages, e.g. ``文件“学历学位/毕业证.jpg”第1页``."""
    return f"文件“{page.ref.file}”第{page.ref.page}页"


@dataclass(frozen=True)
class RuleContext:
    """The inputs of every rule."""

    facts: DossierFacts
    application: Application | None
    policy: Policy
    application_error: str | None = None
    _by_type: dict[DocType, list[PageFacts]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _typed: dict[int, DocFacts] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index pages by doc type once."""
        for page in self.facts.pages:
            self._by_type.setdefault(page.doc_type, []).append(page)

    def pages(self, doc_type: DocType, side: Side | None = None) -> list[PageFacts]:
        """Return the pages of ``doc_type`` (and ``side``), in dossier order."""
        pages = self._by_type.get(doc_type, [])
        return [p for p in pages if side is None or p.side == side]

    def facts_of(self, page: PageFacts, model: type[F]) -> F:
        """The typed facts of ``page`` (``model`` is its document type's, e.g. ``IdCardFacts``)."""
        found = self._typed.get(id(page))
        if not isinstance(found, model):
            found = facts_of(page, model)
            self._typed[id(page)] = found
        return found

    def read(self, page: PageFacts, name: FieldName) -> Read[Any] | None:
        """Field ``name`` of a page of any type, typed (None when unread or not carried by its type)."""
        found = self._typed.get(id(page))
        if found is None:
            found = self._typed[id(page)] = typed(page.doc_type, page.fields)
        read: Read[Any] | None = getattr(found, name, None)
        return read

    def date(self, page: PageFacts, name: FieldName) -> dt.date | None:
        """Date field ``name`` of a page of any type, or None when unread."""
        read = self.read(page, name)
        return read.value if read is not None and isinstance(read.value, dt.date) else None

    def number(self, page: PageFacts, name: FieldName) -> float | None:
        """Numeric field ``name`` (a count, hours, a ratio) of a page of any type, or None when unread."""
        read = self.read(page, name)
        return float(read.value) if read is not None and isinstance(read.value, int | float) else None

    @staticmethod
    def value(page: PageFacts, name: FieldName) -> str | None:
        """Return the value of field ``name`` on ``page``, or None when it was not read."""
        found = page.fields.get(name)
        return found.value if found is not None and found.value.strip() else None

    @staticmethod
    def field(page: PageFacts, name: FieldName) -> FieldValue | None:
        """Return field ``name`` of ``page`` if read."""
        found = page.fields.get(name)
        return found if found is not None and found.value.strip() else None

    @staticmethod
    def evidence(page: PageFacts, *names: FieldName) -> tuple[Evidence, ...]:
        """Return the evidence of the first read field among ``names``, else of the whole page."""
        for name in names:
            found = page.fields.get(name)
            if found is not None:
                return (found.evidence,)
        return (page_evidence(page),)

    @property
    def employer_type(self) -> str | None:
        """The declared employer type, if the declaration could be read."""
        return self.application.employer_type if self.application else None

    def required(self, material: Material) -> bool | None:
        """Return whether ``material`` is required of this applicant (None when the employer type is unknown)."""
        rule = self.policy.material_rule(material)
        if rule is None:
            return False
        if self.employer_type is None:
            return True if set(rule.required_for) >= {"企业", "事业单位"} else None
        return self.employer_type in rule.required_for

    def finding(
        self,
        code: FindingCode,
        material: Material,
        message: str,
        *,
        evidence: Iterable[Evidence] = (),
        declared: str | None = None,
        found: str | None = None,
        variant: str | None = None,
    ) -> Finding:
        """Build a finding whose severity the policy sets."""
        return Finding(
            code=code,
            severity=self.policy.severity(code, variant),
            material=material,
            message=message,
            evidence=tuple(evidence),
            declared=declared,
            found=found,
            variant=variant,
        )


def unplaced_instead_of_missing(
    ctx: RuleContext,
    code: FindingCode,
    material: Material,
    missing: str,
    unread: str,
    pages: list[PageFacts],
    declared: str,
) -> Finding:
    """A required document not found while pages of its material could not be placed: a reviewer's warning.

    Unread is not absent: where a page's year or kind is unread, it may be the document looked for, so the
    finding is the code's ``unreadable`` variant (a warning in the shipped policy), pointing at those pages.
    """
    return ctx.finding(
        code,
        material,
        f"未识别出{missing}；{'、'.join(where(p) for p in pages)}的{unread}未能识别："
        f"请审核人员人工核对是否为{missing}。",
        evidence=tuple(page_evidence(p) for p in pages),
        declared=declared,
        variant="unreadable",
    )


def pages_with(ctx: RuleContext, name: FieldName) -> Iterator[tuple[PageFacts, FieldValue]]:
    """Yield every page that has field ``name`` read, with the field."""
    for page in ctx.facts.pages:
        found = ctx.field(page, name)
        if found is not None:
            yield page, found


def text_key(text: str) -> str:
    """Normalise free text for comparison: NFKC width, simplified forms, no spaces, brackets unified."""
    key = simplified(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", key).upper()


def agreement(
    ctx: RuleContext, field: FieldValue, expected: str, *, code: bool = False, page: PageFacts | None = None
) -> str | None:
    """Compare a read text with an expected one (the declaration, or another document).

    One principle, whatever a third document says: a difference read with confidence is a mismatch; only a read
    that is itself uncertain (OCR confidence under the policy's ``noise_max_confidence``) and close to the
    expected text (within the policy's edit tolerance), or a read clipped by the page's glare spot or cut edge
    (:func:`obscured`, when ``page`` is given), is ``"ocr_noise"``, a "check by eye" for the reviewer (a warning
    with the crop), never a silent pass.

    Returns:
        None when they agree, ``"ocr_noise"`` for an uncertain near read, ``"mismatch"`` otherwise.
    """
    got, want = text_key(field.value), text_key(expected)
    if got == want:
        return None
    if page is not None and obscured(page, field):
        return "ocr_noise"
    rule = ctx.policy.names
    long_text = len(want) >= rule.long_name_chars and not code  # numbers and codes: one character at most
    allowed = rule.max_edits_long if long_text else rule.max_edits_short
    if uncertain(ctx, field) and len(want) >= 3 and edit_distance(got, want) <= allowed:
        return "ocr_noise"
    return "mismatch"


DATE_FIELDS = frozenset({"graduation_date", "birth_date", "work_start_date"})
"""Fields compared as dates: a read date is the same date or another one, never a near miss."""


def same_value(ctx: RuleContext, name: str, read: str, expected: str) -> bool:
    """Whether a read value (wire form) is the expected one, by the one equivalence the rules use for ``name``.

    Names ignore width, traditional forms and middle dots; levels go through the policy's level vocabulary; dates
    compare as dates; ID numbers ignore spaces and case; series and specialties go through the catalogue's key;
    anything else compares as :func:`text_key`. The report's declared-vs-read table asks this too, so it never
    contradicts a finding.
    """
    if name == "name":
        return normalize_name(read) == normalize_name(expected)
    if name == "level":
        got, want = ctx.policy.level(read), ctx.policy.level(expected)
        return got is not None and want is not None and got[0] == want[0]
    if name in DATE_FIELDS:
        try:
            return dt.date.fromisoformat(read) == dt.date.fromisoformat(expected)
        except ValueError:
            return False
    if name == "id_number":
        return normalize_id_number(read) == normalize_id_number(expected)
    if name in ("series", "specialty"):
        return catalogue_key(read) == catalogue_key(expected)
    return text_key(read) == text_key(expected)


def signature_fits(ctx: RuleContext, page: PageFacts, field: FieldValue, name: str) -> bool:
    """Whether a handwritten signature is ``name`` by the recogniser's own scoring, whatever its free read.

    True when the page is one of the policy's handwritten documents and the fit measured for ``name`` on the
    signature's line (:class:`extractors.models.TextFit`) is within the policy's ``signature_fit_max_per_char``.
    """
    rule = ctx.policy.names
    fit = field.fit
    if rule.signature_fit_max_per_char is None or fit is None or page.doc_type not in rule.handwritten_doc_types:
        return False
    if normalize_name(fit.expected) != normalize_name(name):
        return False
    return fit.within(rule.signature_fit_max_per_char)


def school_fits(ctx: RuleContext, page: PageFacts, field: FieldValue, school: str) -> bool:
    """Whether a school read that is only an unsure near read of ``school`` is ``school`` by the recogniser's scoring.

    True when :func:`agreement` calls the read a check by eye (``"ocr_noise"``: a confident read that differs
    stays a mismatch) and the fit measured for ``school`` on the read's line (:class:`extractors.models.TextFit`,
    by :mod:`extractors.sealed`) is within the policy's ``school_fit_max_deficit``.
    """
    limit = ctx.policy.names.school_fit_max_deficit
    fit = field.fit
    if limit is None or fit is None or text_key(fit.expected) != text_key(school) or fit.deficit > limit:
        return False
    return agreement(ctx, field, school, page=page) == "ocr_noise"


def uncertain(ctx: RuleContext, field: FieldValue) -> bool:
    """Whether a read is too unsure to stand as evidence on its own (OCR confidence under the policy's bar)."""
    conf = field.confidence if field.confidence is not None else field.evidence.confidence
    return conf is not None and conf < ctx.policy.names.noise_max_confidence
