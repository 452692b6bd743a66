"""毕业证书 (diploma of a 普通高等学校 or 中专): photo, the graduation sentence, school, president, 证书编号."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, seal
from samples.render.common import cn_date, cn_number
from samples.render.photo import PhotoRecord, portrait

#: How a diploma prints each level (the application says 大专, the diploma 专科).
PRINTED_LEVEL = {"本科": "本科", "大专": "专科", "中专": "中等专业", "硕士": "硕士研究生"}


@dataclass(frozen=True)
class DiplomaRecord:
    """What the diploma states."""

    name: str
    gender: str
    birth_date: dt.date
    school: str
    major: str
    level: str  # 硕士 / 本科 / 大专 / 中专
    study_mode: str  # 普通全日制 / 函授 / 业余
    years: int
    enroll_date: dt.date
    graduation_date: dt.date
    certificate_no: str
    president: str


def render(rec: DiplomaRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the diploma page (landscape 260 × 185 mm inner sheet)."""
    c = Canvas(260, 185, dpi, color=(250, 246, 236))
    for k, w in ((6, 1.6), (9, 0.5)):
        c.rect(k, k, 260 - k, 185 - k, width_mm=w, outline=(150, 40, 40))
    c.text(130, 24, "毕 业 证 书", 30, "serif_bold", fill=(160, 30, 30), anchor="mm")
    face = portrait(PhotoRecord(gender=rec.gender, background="blue"), c.px(30), c.px(40), rng)
    c.image.paste(face, (c.px(24), c.px(42)))
    level_text = PRINTED_LEVEL[rec.level]
    full_time = rec.study_mode == "普通全日制"
    mode = f"{cn_number(rec.years)}年制{level_text}" if full_time else f"{rec.study_mode}{level_text}"
    sentence = (
        f"学生 {rec.name} ，性别 {rec.gender} ，{cn_date(rec.birth_date)}生，于{cn_date(rec.enroll_date, day=False)}至"
        f"{cn_date(rec.graduation_date, day=False)}在本校 {rec.major} 专业{mode}学习，修完教学计划规定的全部课程，"
        f"成绩合格，准予毕业。"
    )
    c.paragraph(66, 46, 170, sentence, 14, "serif", leading=2.1)
    c.text(150, 128, f"校    名：{rec.school}", 14, "serif")
    c.text(150, 140, f"校（院）长：{rec.president}", 14, "serif")
    seal(c, 198, 132, rec.school, rng, radius_mm=20)
    c.text(150, 152, cn_date(rec.graduation_date), 14, "serif")
    c.text(24, 160, f"证书编号：{rec.certificate_no}", 13, "sans")
    return c.image
