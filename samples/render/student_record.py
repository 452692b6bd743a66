"""学籍档案 (中专 毕业生登记表 page) for applicants whose education is not on 学信网."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, cell_text, seal, table
from samples.render.common import A4_H, A4_W, body_text, ymd


@dataclass(frozen=True)
class StudentRecordRecord:
    """Fields of the 学籍档案 page."""

    name: str
    gender: str
    birth_date: dt.date
    school: str
    major: str
    level: str
    study_mode: str
    enroll_date: dt.date
    graduation_date: dt.date


def render(rec: StudentRecordRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the archive page with the school's seal."""
    c = Canvas(A4_W, A4_H, dpi, color=(252, 250, 244))
    c.text(A4_W / 2, 26, "中等职业学校学生学籍档案", 20, "serif_bold", anchor="mm")
    c.text(A4_W / 2, 38, "（毕业生登记表）", 13, "serif", anchor="mm")
    rows = [
        ("姓名", rec.name, "性别", rec.gender),
        ("出生日期", ymd(rec.birth_date), "学历层次", rec.level),
        ("学校名称", rec.school, "学习形式", rec.study_mode),
        ("所学专业", rec.major, "学制", "三年"),
        ("入学时间", ymd(rec.enroll_date), "毕业时间", ymd(rec.graduation_date)),
    ]
    cells = table(c, 18, 48, [28, 62, 28, 56], [13] * len(rows))
    for r, row in enumerate(rows):
        for k, s in enumerate(row):
            cell_text(c, cells[r][k], s, 11, "serif", align="m" if k % 2 == 0 else "l")
    c.text(20, 124, "在校表现：", 12, "serif_bold")
    c.paragraph(20, 134, 170, body_text(rng, 5).replace("参加工作", "入学"), 11, "serif", leading=1.9)
    c.text(120, 232, "学校（盖章）", 12, "serif")
    c.text(120, 244, ymd(rec.graduation_date), 12, "serif")
    seal(c, 140, 236, rec.school, rng, bottom_text="学籍专用章", radius_mm=19)
    return c.image
