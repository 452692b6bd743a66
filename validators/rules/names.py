"""Name agreement: every document carries the applicant's name, tolerant of OCR noise but not of another person.

Names are compared after width, spaces and middle-dot variants are normalised. A small difference read
with low OCR confidence is a warning, and no finding at all on a page already flagged illegible (its legibility
finding asks for a new scan); anything else is ``NAME_MISMATCH``. Names on the policy's handwritten
documents (a signature is the only name the pledge and the work summary carry) are not compared: handwriting OCR
drops and swaps characters of a correct signature, so a differing read says nothing about the person.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.models import DocType, Side
from validators.context import RuleContext, illegible, pages_with, truncated_read, where
from validators.identity_utils import edit_distance, normalize_name
from validators.models import Finding, FindingCode, Material


def _declared_name(ctx: RuleContext) -> tuple[str, str] | None:
    """Return (name, where it comes from) for comparison."""
    if ctx.application is not None:
        return ctx.application.name, "网上填报的姓名"
    for page in ctx.pages(DocType.ID_CARD, Side.PORTRAIT):
        name = ctx.value(page, "name")
        if name:
            return name, "身份证上的姓名"
    return None


def name_agreement(ctx: RuleContext) -> Iterator[Finding]:
    """Compare the name on every page with the declared name."""
    declared = _declared_name(ctx)
    if declared is None:
        return
    name, source = declared
    want = normalize_name(name)
    rule = ctx.policy.names
    # a signature is not printed text: its read is treated as unreadable, neither confirming nor contradicting
    reads = [(p, f) for p, f in pages_with(ctx, "name") if p.doc_type not in rule.handwritten_doc_types]
    # OCR noise is random: the same different name on two or more pages is another name, not noise. Lost
    # characters are the exception where the ID card reads the declared name exactly: a recogniser that drops
    # a character drops it on every page (PP-OCRv5 mobile: 热依拉·阿迪 on six pages for 热依拉·阿迪力).
    card_agrees = any(
        normalize_name(f.value) == want for p, f in reads if p.doc_type == DocType.ID_CARD and p.side == Side.PORTRAIT
    )
    seen: dict[str, int] = {}
    for _, field in reads:
        seen[normalize_name(field.value)] = seen.get(normalize_name(field.value), 0) + 1
    for page, field in reads:
        got = normalize_name(field.value)
        if got == want:
            continue
        distance = edit_distance(got, want)
        allowed = rule.max_edits_long if len(want) >= rule.long_name_chars else rule.max_edits_short
        conf = field.confidence if field.confidence is not None else field.evidence.confidence
        noisy = conf is not None and conf < rule.noise_max_confidence and len(want) >= 3 and distance <= allowed
        truncated = truncated_read(rule, got, want)
        noisy = (noisy and seen[got] < 2) or (truncated and (seen[got] < 2 or card_agrees))
        if noisy and illegible(page):
            # A glare spot or a blur that ate characters of the name: the page's legibility finding already asks
            # for a new scan, and a second finding guessing at the name would only send the reviewer after noise.
            continue
        label = ctx.policy.doc_label(page.doc_type)
        if noisy:
            message = (
                f"{label}（{where(page)}）上识别的姓名“{field.value}”与{source}“{name}”略有差异，可能为识别误差："
                f"请审核人员核对。"
            )
        else:
            message = (
                f"{label}（{where(page)}）上的姓名“{field.value}”与{source}“{name}”不一致：请上传本人的{label}，"
                f"或更正填报的姓名。"
            )
        material = ctx.policy.material_of(page.doc_type)
        yield ctx.finding(
            FindingCode.NAME_MISMATCH,
            material if material != Material.OTHER else Material.APPLICATION,
            message,
            evidence=(field.evidence,),
            declared=name,
            found=field.value,
            variant="ocr_noise" if noisy else None,
        )
