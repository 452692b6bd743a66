"""The personal pledge (附件4): the handwritten sentence close to the notice's wording, signed and fingerprinted."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from extractors.models import DocType
from extractors.text import similarity, simplified
from validators.context import RuleContext, page_evidence, where
from validators.models import Finding, FindingCode, Material

_PUNCT = re.compile(r"[\s，。、；：,.;:“”\"'（）()！!？?《》<>·]")


def _plain(text: str) -> str:
    # traditional forms fold to simplified: the recognisers read 內, 專業, 資格 in a simplified hand
    return _PUNCT.sub("", simplified(unicodedata.normalize("NFKC", text)))


def pledge_similarity(sentence: str, policy_sentences: tuple[str, ...]) -> float:
    """Return the best similarity (0..1) of ``sentence`` to any accepted wording, ignoring punctuation and spaces."""
    plain = _plain(sentence)
    return max(similarity(plain, _plain(s)) for s in policy_sentences)


def pledge_text(ctx: RuleContext) -> Iterator[Finding]:
    """Compare the handwritten sentence with the policy's accepted wordings."""
    rule = ctx.policy.pledge
    pages = ctx.pages(DocType.PLEDGE)
    if not pages:
        return
    reads = [(p, f) for p in pages if (f := ctx.field(p, "sentence")) is not None]
    if not reads:
        yield ctx.finding(
            FindingCode.PLEDGE_TEXT_MISMATCH,
            Material.PLEDGE,
            f"个人承诺书（{where(pages[0])}）未能识别出手写承诺语：请审核人员核对是否按通知手写了承诺语。",
            evidence=tuple(page_evidence(p) for p in pages),
            variant="unreadable",
        )
        return
    texts = tuple(s.text for s in rule.sentences)
    page, field = max(reads, key=lambda r: pledge_similarity(r[1].value, texts))
    score = pledge_similarity(field.value, texts)
    if score >= rule.warn_similarity:
        return
    low = score >= rule.min_similarity
    yield ctx.finding(
        FindingCode.PLEDGE_TEXT_MISMATCH,
        Material.PLEDGE,
        (
            f"个人承诺书（{where(page)}）手写承诺语与通知原文有出入（相似度{score:.0%}）：请审核人员核对。"
            if low
            else f"个人承诺书（{where(page)}）手写承诺语与通知规定的承诺语不符（相似度{score:.0%}）：请按通知五（一）9"
            f"的原文完整手写承诺语，签字按手印后重新上传。"
        ),
        evidence=(field.evidence,),
        declared=texts[0],
        found=field.value,
        variant="low_similarity" if low else None,
    )


def pledge_marks(ctx: RuleContext) -> Iterator[Finding]:
    """Require a signature and a red fingerprint on the pledge."""
    pages = ctx.pages(DocType.PLEDGE)
    if not pages:
        return
    missing = [
        what
        for flag, what in (("signature", "本人签字"), ("fingerprint", "红色手印"))
        if not any(p.flags.get(flag, False) for p in pages)
    ]
    if missing:
        yield ctx.finding(
            FindingCode.PLEDGE_SIGNATURE_MISSING,
            Material.PLEDGE,
            f"个人承诺书（{where(pages[-1])}）未见{'和'.join(missing)}：请本人签字并按手印后重新上传。",
            evidence=tuple(page_evidence(p) for p in pages),
            found="、".join(missing),
        )
