"""继续教育合格证书 / 学时证明 (公需科目 or 专业科目) issued by the 巴州 training platform."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, seal
from samples.render.common import ymd


@dataclass(frozen=True)
class CeRecord:
    """One continuing-education certificate."""

    name: str
    id_number: str
    year: int
    kind: str  # 公需 / 专业
    hours: int
    issuer: str
    serial: str
    issued_on: dt.date


def render(rec: CeRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render a landscape certificate (210 × 148 mm) with a decorative frame and the issuer's seal."""
    c = Canvas(210, 148, dpi, color=(253, 251, 243))
    c.rect(5, 5, 205, 143, width_mm=2.2, outline=(176, 140, 60))
    c.rect(9, 9, 201, 139, width_mm=0.4, outline=(176, 140, 60))
    c.text(105, 24, "专业技术人员继续教育", 16, "serif_bold", anchor="mm")
    c.text(105, 38, "合 格 证 书", 26, "serif_bold", fill=(170, 30, 30), anchor="mm")
    subject = "公需科目" if rec.kind == "公需" else "专业科目"
    body = (
        f"{rec.name} 同志（身份证号：{rec.id_number}）于 {rec.year} 年度参加专业技术人员继续教育"
        f"{subject}学习，完成规定课程 {rec.hours} 学时，经考核成绩合格，特发此证。"
    )
    c.paragraph(24, 54, 162, body, 13, "serif", leading=2.0)
    c.text(24, 104, f"学习年度：{rec.year}年", 12, "serif")
    c.text(24, 114, f"科目类别：{subject}    学时：{rec.hours}", 12, "serif")
    c.text(24, 128, f"证书编号：{rec.serial}", 10, "sans")
    c.text(130, 114, rec.issuer, 11, "serif", anchor="ma")
    c.text(130, 124, ymd(rec.issued_on), 11, "serif", anchor="ma")
    seal(c, 150, 110, rec.issuer, rng, bottom_text="继续教育专用章", radius_mm=18)
    return c.image
