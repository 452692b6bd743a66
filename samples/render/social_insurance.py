"""社会保险个人参保缴费明细 (企业 applicants): one row per month over the last year, with the agency's seal."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, cell_text, seal, table
from samples.render.common import A4_H, A4_W


@dataclass(frozen=True)
class SocialInsuranceRecord:
    """The printed statement."""

    name: str
    id_number: str
    employer: str
    months: tuple[str, ...]  # "2023-10" ...
    base: int
    printed_on: str


def render(rec: SocialInsuranceRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the statement table."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 22, "新疆维吾尔自治区社会保险个人参保缴费明细", 16, "sans_bold", anchor="mm")
    c.text(16, 34, f"姓名：{rec.name}", 11, "sans")
    c.text(70, 34, f"社会保障号码：{rec.id_number}", 11, "sans")
    c.text(16, 42, f"单位名称：{rec.employer}", 11, "sans")
    c.text(16, 50, f"缴费期间：{rec.months[0]} 至 {rec.months[-1]}", 11, "sans")
    head = ("费款所属期", "险种", "缴费基数", "单位缴费", "个人缴费", "到账状态")
    widths = [30, 40, 28, 28, 28, 24]
    cells = table(c, 16, 56, widths, [9] * (len(rec.months) + 1), 0.25)
    for k, s in enumerate(head):
        cell_text(c, cells[0][k], s, 10, "sans_bold")
    for r, m in enumerate(rec.months, start=1):
        row = (m.replace("-", ""), "企业职工基本养老保险", f"{rec.base:.2f}", f"{rec.base * 0.16:.2f}",
               f"{rec.base * 0.08:.2f}", "已到账")
        for k, s in enumerate(row):
            cell_text(c, cells[r][k], s, 9.5, "sans")
    y = 56 + 9 * (len(rec.months) + 1) + 10
    c.text(16, y, f"合计缴费月数：{len(rec.months)} 个月", 11, "sans")
    c.text(120, y + 20, "巴音郭楞蒙古自治州社会保险中心", 10, "sans")
    c.text(140, y + 28, f"打印日期：{rec.printed_on}", 10, "sans")
    seal(c, 160, y + 18, "巴音郭楞蒙古自治州社会保险中心", rng, bottom_text="业务专用章", radius_mm=19)
    return c.image
