"""Name agreement: the applicant's name on every document that carries one, compared with the declared name.

Names are compared after width, spaces and middle-dot variants are normalised. One principle: a name read with
confidence that differs is ``NAME_MISMATCH`` (an error), whatever other documents say. Only a read that is itself
uncertain is a "check by eye" warning with the crop:

* a printed name read with OCR confidence under the policy's bar and within its edit tolerance, unless the same
  different name is read on two or more pages (OCR noise is random; a name read alike twice is another name);
* a signature (the name on the policy's handwritten documents: the pledge and the 见习期工作小结): handwriting
  OCR drops and swaps characters of a correct signature, so a differing read can neither confirm nor clear it.
  A signature that the recogniser finds almost as likely to be the declared name as its own read
  (:func:`validators.context.signature_fits`, the policy's ``signature_fit_max_per_char``) is the name: no
  finding. Otherwise a read whose characters mostly occur in the name (the policy's ``signature_min_shared``:
  艾肯·热合曼 or 唐就 for 唐宇航) is variant ``signature_similar`` (``info`` in the shipped policy): shown to the
  reviewer without moving the verdict. A read mostly of other characters (another person's name) is a check by eye.

An unsure read on a page that already has a legibility finding adds nothing: that finding (an error) asks for a
new scan. A confident read of another name is a mismatch on such a page too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from extractors.models import DocType, Side
from extractors.text import edit_distance
from validators.context import RuleContext, illegible, obscured, pages_with, signature_fits, uncertain, where
from validators.identity_utils import normalize_name
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
    """Compare the name on every page that carries one with the declared name."""
    declared = _declared_name(ctx)
    if declared is None:
        return
    name, source = declared
    want = normalize_name(name)
    rule = ctx.policy.names
    allowed = rule.max_edits_long if len(want) >= rule.long_name_chars else rule.max_edits_short
    reads = list(pages_with(ctx, "name"))
    seen = Counter(normalize_name(f.value) for p, f in reads if p.doc_type not in rule.handwritten_doc_types)
    for page, field in reads:
        got = normalize_name(field.value)
        if got == want or signature_fits(ctx, page, field, name):
            continue
        label = ctx.policy.doc_label(page.doc_type)
        signature = page.doc_type in rule.handwritten_doc_types
        near = len(want) >= 3 and edit_distance(got, want) <= allowed
        blurred = illegible(page)  # glare or blur may have eaten characters: an unsure read there is no evidence
        clipped = obscured(page, field)  # read under the glare spot or at the cut edge: characters may be gone
        unsure = signature or clipped or (uncertain(ctx, field) and (near or blurred) and seen[got] < 2)
        if unsure and blurred:
            continue  # the page's legibility finding (an error) already asks for a new scan
        similar = signature and len(got) >= 2 and shared_share(got, want) >= rule.signature_min_shared
        if similar:
            message = (
                f"{label}（{where(page)}）上的签名识别为“{field.value}”，手写字迹识别不可靠，所识别的字大多见于"
                f"{source}“{name}”：请审核人员查看签名。"
            )
        elif signature:
            message = (
                f"{label}（{where(page)}）上的签名识别为“{field.value}”，与{source}“{name}”不一致或无法确认"
                f"（手写字迹识别把握不足）：请审核人员对照签名核对。"
            )
        elif unsure:
            message = (
                f"{label}（{where(page)}）上的姓名识别为“{field.value}”，识别把握不足，与{source}“{name}”是否一致"
                f"无法确认：请审核人员对照原件核对。"
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
            variant="signature_similar" if similar else "ocr_noise" if unsure else None,
        )


def shared_share(got: str, want: str) -> float:
    """The share of the characters of ``got`` that occur in ``want`` (order and repeats ignored)."""
    return sum(ch in want for ch in got) / len(got) if got else 0.0
