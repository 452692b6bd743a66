"""个人承诺书 (附件4): printed title, the commitment sentence written by hand, signature and red fingerprint."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, fingerprint, handwriting, signature
from samples.render.common import A4_H, A4_W

PLEDGE_SENTENCE = (
    "本人承诺以上填报内容和提交的材料真实有效，且网上填报与送审报表内容完全一致，如申请人提交弄虚作假确认材料的，"
    "一经查实，不予受理确认申报或取消已确认的资格，并从申报年度下一年度起3年内，不得申报专业技术资格。"
)


@dataclass(frozen=True)
class PledgeRecord:
    """The pledge as written."""

    name: str
    sentence: str
    signed_on: dt.date
    signed: bool = True
    fingerprint: bool = True


def render(rec: PledgeRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the pledge page: the sentence in a handwriting-like face, then 签字 and 手印."""
    c = Canvas(A4_W, A4_H, dpi, color=(253, 253, 250))
    c.text(A4_W / 2, 32, "个人承诺书", 22, "serif_bold", anchor="mm")
    y = handwriting(c, 24, 58, "\u3000\u3000" + rec.sentence, 16, rng, max_width_mm=160, leading=2.1)
    y = max(y + 24, 150)
    c.text(112, y, "承诺人（签字）：", 13, "serif")
    if rec.signed:
        signature(c, 150, y + 5, rec.name, rng, size_pt=22)
        if rec.fingerprint:
            fingerprint(c, 176, y + 2, rng)
    handwriting(c, 140, y + 22, f"{rec.signed_on.year}年{rec.signed_on.month}月{rec.signed_on.day}日", 14, rng)
    return c.image
