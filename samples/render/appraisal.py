"""年度考核登记表: the front (personal data and 个人总结) and the back (评语, 考核等次, seals)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, cell_text, handwriting, seal, signature, table
from samples.render.common import A4_H, A4_W, body_text, ymd


@dataclass(frozen=True)
class AppraisalRecord:
    """One year's appraisal form."""

    name: str
    gender: str
    birth_date: dt.date
    education: str
    employer: str
    employer_type: str
    position: str
    year: int
    grade: str  # 优秀 / 合格 / 基本合格 / 不合格
    leader: str
    signed_on: dt.date
    sealed: bool = True


def _title(rec: AppraisalRecord) -> str:
    kind = "事业单位工作人员" if rec.employer_type == "事业单位" else "专业技术人员"
    return f"{kind}年度考核登记表"


def render_front(rec: AppraisalRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the front page: header, personal data and the handwritten 个人总结."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 22, f"（ {rec.year} 年度）", 14, "serif", anchor="mm")
    c.text(A4_W / 2, 34, _title(rec), 20, "serif_bold", anchor="mm")
    c.text(20, 46, f"单位：{rec.employer}", 11, "serif")
    rows = [
        ("姓  名", rec.name, "性  别", rec.gender, "出生年月", f"{rec.birth_date:%Y.%m}"),
        ("文化程度", rec.education, "政治面貌", "群众", "参加工作时间", ""),
        ("现任职务", rec.position, "", "", "", ""),
    ]
    cells = table(c, 18, 52, [24, 34, 22, 26, 28, 40], [13, 13, 13])
    for r, row in enumerate(rows):
        for k, s in enumerate(row):
            if s:
                cell_text(c, cells[r][k], s, 11, "serif")
    c.rect(18, 91, 192, 280)
    c.text(21, 95, "个", 12, "serif_bold")
    c.text(21, 103, "人", 12, "serif_bold")
    c.text(21, 111, "总", 12, "serif_bold")
    c.text(21, 119, "结", 12, "serif_bold")
    c.line(30, 91, 30, 280)
    handwriting(c, 34, 100, "\u3000\u3000" + body_text(rng, 7), 13, rng, max_width_mm=152, leading=1.9)
    c.text(120, 262, "本人签名：", 11, "serif")
    signature(c, 142, 266, rec.name, rng, size_pt=18)
    c.text(150, 272, ymd(dt.date(rec.year, 12, rng.randint(10, 28))), 11, "serif")
    return c.image


def render_back(rec: AppraisalRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the back page: 主管领导评语, 考核等次, 单位意见 with the unit's seal."""
    c = Canvas(A4_W, A4_H, dpi)
    c.rect(18, 20, 192, 280)
    for y in (100, 170, 230):
        c.line(18, y, 192, y)
    c.line(34, 20, 34, 280)
    for x, y0, label in ((22, 40, "主管领导评语和考核等次建议"), (22, 120, "单位意见"), (22, 182, "本人意见"),
                         (22, 240, "备注")):
        for i, ch in enumerate(label[:8]):
            c.text(x, y0 + i * 6.5, ch, 11, "serif_bold")
    comment = f"该同志{rec.year}年度思想政治素质好，工作认真负责，能够较好地完成各项工作任务，遵守纪律。"
    handwriting(c, 40, 30, comment, 13, rng, max_width_mm=145)
    c.text(40, 70, "考核等次建议：", 12, "serif")
    handwriting(c, 74, 70, rec.grade, 16, rng)
    c.text(120, 86, "签名：", 11, "serif")
    signature(c, 134, 90, rec.leader, rng, size_pt=16)
    c.text(40, 112, "考核等次：", 13, "serif_bold")
    handwriting(c, 64, 112, rec.grade, 18, rng)
    c.text(120, 150, "（单位盖章）", 11, "serif")
    c.text(120, 160, ymd(rec.signed_on), 11, "serif")
    if rec.sealed:
        seal(c, 140, 148, rec.employer, rng, radius_mm=20)
    handwriting(c, 40, 190, "同意。", 14, rng)
    c.text(120, 214, "签名：", 11, "serif")
    signature(c, 134, 218, rec.name, rng, size_pt=16)
    c.text(40, 250, "无", 12, "serif")
    return c.image
