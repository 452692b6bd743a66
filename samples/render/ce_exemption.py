"""附件5 自治区“访惠聚”驻村等专业技术人员职称评审免除继续教育学习申请表, with or without the approving seal."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, cell_text, handwriting, seal, signature, table
from samples.render.common import A4_H, A4_W, ymd

TITLE = "自治区“访惠聚”驻村等专业技术人员职称评审免除继续教育学习申请表"


@dataclass(frozen=True)
class CeExemptionRecord:
    """What the applicant filled in and who approved it."""

    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    education: str
    degree: str
    employer: str
    work_start: dt.date
    target: str  # 拟申报专业技术职务
    reason: str  # 免学理由
    approver: str  # the unit whose seal approves the exemption
    applied_on: dt.date
    approved_on: dt.date
    approved: bool = True  # False: 审核意见 left empty, no seal


def render(rec: CeExemptionRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the A4 form; the 审核意见 cell carries the approver's opinion and seal when ``approved``."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(18, 16, "附件5", 12, "hei")
    c.text(A4_W / 2, 30, TITLE[:17], 15, "serif_bold", anchor="mm")
    c.text(A4_W / 2, 39, TITLE[17:], 15, "serif_bold", anchor="mm")
    rows = [
        ("姓名", rec.name, "性别", rec.gender),
        ("出生年月", f"{rec.birth_date:%Y.%m}", "身份证号", rec.id_number),
        ("学历", rec.education, "学位", rec.degree or "无"),
        ("现工作单位", rec.employer, "参加工作时间", f"{rec.work_start:%Y.%m}"),
        ("现有专业技术职务", "无", "拟申报专业技术职务", rec.target),
    ]
    cells = table(c, 16, 48, [30, 56, 36, 56], [13] * len(rows), 0.3)
    for r, row in enumerate(rows):
        for k, s in enumerate(row):
            size = 9.5 if len(s) > 7 and k % 2 == 0 else 10.5
            cell_text(c, cells[r][k], s, size, "serif", align="m" if k % 2 == 0 else "l")
    y0 = 48 + 13 * len(rows)
    big = table(c, 16, y0, [30, 148], [78, 62], 0.3)
    cell_text(c, big[0][0], "免学理由", 11, "serif")
    cell_text(c, big[1][0], "审核意见", 11, "serif")
    handwriting(c, 50, y0 + 8, "\u3000\u3000" + rec.reason, 12.5, rng, max_width_mm=138, leading=1.8)
    c.text(120, y0 + 64, "申请人签字：", 10.5, "serif")
    signature(c, 145, y0 + 68, rec.name, rng, size_pt=15)
    c.text(150, y0 + 72, ymd(rec.applied_on), 10.5, "serif")
    y1 = y0 + 78
    if rec.approved:
        handwriting(c, 50, y1 + 10, "情况属实，同意免除继续教育学习。", 13, rng, max_width_mm=138)
        c.text(126, y1 + 44, f"{rec.approver}（盖章）", 10.5, "serif", anchor="ma")
        c.text(126, y1 + 52, ymd(rec.approved_on), 10.5, "serif", anchor="ma")
        seal(c, 130, y1 + 42, rec.approver, rng, radius_mm=19)
    else:
        c.text(150, y1 + 44, "（盖章）", 10.5, "serif")
        c.text(150, y1 + 52, "年    月    日", 10.5, "serif")
    c.text(18, y1 + 70, "注：本表一式两份，经审核盖章后随职称申报材料一并上传。", 9, "serif", fill=(70, 70, 70))
    return c.image
