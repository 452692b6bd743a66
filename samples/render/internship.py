"""见习期工作情况 (unit's assessment form) and 见习期工作小结 (the applicant's own summary)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, cell_text, handwriting, seal, signature, table
from samples.render.common import A4_H, A4_W, body_text, ymd


@dataclass(frozen=True)
class InternshipRecord:
    """The probation year of the applicant."""

    name: str
    gender: str
    employer: str
    position: str
    start: dt.date
    end: dt.date
    leader: str


def render_report(rec: InternshipRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render 见习期工作情况: a form with the unit's assessment, signature and seal."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 26, "专业技术人员见习期工作情况", 18, "serif_bold", anchor="mm")
    cells = table(c, 18, 40, [26, 40, 22, 22, 26, 38], [13, 13])
    for cell, s in zip(cells[0], ["姓名", rec.name, "性别", rec.gender, "岗位", rec.position], strict=True):
        cell_text(c, cell, s, 11, "serif")
    cell_text(c, cells[1][0], "见习时间", 11, "serif")
    c.text(46, 72.5, f"{ymd(rec.start)} 至 {ymd(rec.end)}", 11, "serif", anchor="lm")
    c.rect(18, 79, 192, 270)
    c.text(22, 84, "见习期间工作态度、业务能力、工作业绩、学术水平等方面情况：", 11, "serif_bold")
    text = (f"{rec.name}同志于{ymd(rec.start)}到{rec.employer}参加工作，见习期一年。" + body_text(rng, 8))
    handwriting(c, 24, 96, "\u3000\u3000" + text, 13, rng, max_width_mm=160, leading=1.9)
    c.text(110, 236, "单位负责人签字：", 11, "serif")
    signature(c, 146, 240, rec.leader, rng, size_pt=16)
    c.text(120, 256, f"{rec.employer}（盖章）", 10, "serif")
    c.text(130, 264, ymd(rec.end + dt.timedelta(days=5)), 11, "serif")
    seal(c, 150, 252, rec.employer, rng, radius_mm=19)
    return c.image


def render_summary(rec: InternshipRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render 见习期工作小结: a handwritten summary on ruled paper, signed."""
    c = Canvas(A4_W, A4_H, dpi, color=(252, 252, 249))
    for y in range(48, 270, 10):
        c.line(18, y + 3, 192, y + 3, 0.15, fill=(170, 190, 215))
    handwriting(c, 80, 24, "见习期工作小结", 20, rng, fill=(20, 20, 30))
    text = f"我于{ymd(rec.start)}到{rec.employer}{rec.position}岗位工作，现将见习期工作小结如下。" + body_text(rng, 10)
    handwriting(c, 20, 46, "\u3000\u3000" + text, 13, rng, max_width_mm=170, leading=2.0)
    handwriting(c, 120, 262, "小结人：", 13, rng)
    signature(c, 146, 266, rec.name, rng, size_pt=16)
    handwriting(c, 128, 276, ymd(rec.end), 12, rng)
    return c.image
