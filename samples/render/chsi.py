"""学信网《教育部学历证书电子注册备案表》: field table, photo, 在线验证码 in groups of four, and the QR code."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter

from samples.render.base import Canvas, cell_text, table
from samples.render.common import A4_H, A4_W
from samples.render.photo import PhotoRecord, portrait


@dataclass(frozen=True)
class ChsiRecord:
    """What the 备案表 prints and what its QR code encodes."""

    name: str
    gender: str
    birth_date: dt.date
    enroll_date: dt.date
    graduation_date: dt.date
    school: str
    major: str
    level: str  # 本科 / 专科
    education_type: str  # 普通高等教育 / 成人高等教育
    study_mode: str  # 普通全日制 / 函授
    years: int
    certificate_no: str
    president: str
    verification_code: str  # printed
    qr_url: str  # encoded
    updated_on: dt.date
    valid_until: dt.date
    qr_damaged: bool = False  # smudged and scuffed so that no decoder reads it (CHSI_QR_UNREADABLE)


def grouped(code: str) -> str:
    """Print a verification code in groups of four: ``ABCD EFGH …``."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def qr_image(url: str, box_px: int) -> Image.Image:
    """Render ``url`` as a QR code about ``box_px`` pixels wide (quiet zone included)."""
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    q.add_data(url)
    q.make(fit=True)
    img: Image.Image = q.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    n = img.size[0]
    scale = max(1, box_px // n)
    return img.resize((n * scale, n * scale), Image.Resampling.NEAREST)


def damage_qr(img: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """Smudge the QR code inside ``box`` in place so that no decoder reads it.

    A greasy ink blot over a finder pattern, a faded wet patch and scuffs across the modules; the rest of the page
    stays legible.
    """
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    g = np.random.default_rng(rng.randrange(2**32))
    region = np.asarray(img.crop(box), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32) / np.float32(max(w, h))
    small = Image.fromarray((g.random((9, 9)) * 255).astype(np.uint8))
    noise = np.asarray(small.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) / 255.0
    corner = rng.choice([(0.18, 0.18), (0.82, 0.18), (0.18, 0.82)])
    blot = np.exp(-(((xx - corner[0]) ** 2 + (yy - corner[1]) ** 2) / 0.05)) + 0.45 * noise - 0.35
    blot_a = np.clip(blot * 3.0, 0, 0.92)[..., None]
    ink = np.array([52, 50, 62], np.float32)
    region = region * (1 - blot_a) + ink * blot_a
    cx, cy = rng.uniform(0.45, 0.6), rng.uniform(0.45, 0.6)
    wet = np.clip(1.4 * np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / 0.06)) + 0.3 * noise - 0.2, 0, 1)[..., None]
    region = region * (1 - 0.75 * wet) + np.array([158, 152, 140], np.float32) * 0.75 * wet
    out = Image.fromarray(region.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(out)
    for _ in range(5):
        a = (rng.uniform(0, w), rng.uniform(0, h))
        b = (a[0] + rng.uniform(-w, w) * 0.7, a[1] + rng.uniform(-h, h) * 0.7)
        d.line([a, b], fill=(236, 234, 228), width=max(2, w // 40))
    img.paste(out.filter(ImageFilter.GaussianBlur(max(1.0, w / 160))), (x0, y0))


def render(rec: ChsiRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the 备案表 as an A4 page printed from the 学信网 PDF."""
    c = Canvas(A4_W, A4_H, dpi)
    c.rect(0, 0, A4_W, 16, fill=(0, 112, 192), outline=None)
    c.text(15, 8, "学信网  www.chsi.com.cn", 12, "sans_bold", fill=(255, 255, 255), anchor="lm")
    c.text(A4_W / 2, 30, "教育部学历证书电子注册备案表", 20, "sans_bold", anchor="mm")
    c.text(A4_W - 18, 42, f"更新日期：{rec.updated_on:%Y年%m月%d日}", 10, "sans", anchor="ra")
    rows = [
        ("姓名", rec.name, "性别", rec.gender),
        ("出生日期", f"{rec.birth_date:%Y年%m月%d日}", "毕（结）业", "毕业"),
        ("学校名称", rec.school, "", ""),
        ("层次", rec.level, "专业", rec.major),
        ("学制", f"{rec.years} 年", "学历类别", rec.education_type),
        ("学习形式", rec.study_mode, "", ""),
        ("入学日期", f"{rec.enroll_date:%Y年%m月%d日}", "毕（结）业日期", f"{rec.graduation_date:%Y年%m月%d日}"),
        ("校（院）长姓名", rec.president, "证书编号", rec.certificate_no),
    ]
    cells = table(c, 14, 50, [30, 52, 32, 50], [12] * len(rows), 0.3)
    for r, row in enumerate(rows):
        for k, s in enumerate(row):
            if s:
                cell_text(c, cells[r][k], s, 10.5, "sans", align="m" if k % 2 == 0 else "l")
    face = portrait(PhotoRecord(gender=rec.gender, background="blue"), c.px(26), c.px(36), rng)
    c.image.paste(face, (c.px(180), c.px(52)))
    y: float = 50 + 12 * len(rows) + 14
    qr = qr_image(rec.qr_url, c.px(32))
    c.image.paste(qr, (c.px(16), c.px(y)))
    if rec.qr_damaged:
        damage_qr(c.image, (c.px(16), c.px(y), c.px(16) + qr.size[0], c.px(y) + qr.size[1]), rng)
    tx = 16 + qr.size[0] / c.px_per_mm + 6
    c.text(tx, y + 4, "在线验证码：", 12, "sans_bold")
    c.text(tx + 28, y + 3.4, grouped(rec.verification_code), 14, "mono")
    c.text(tx, y + 14, f"报告有效期至：{rec.valid_until:%Y年%m月%d日}", 11, "sans")
    c.text(tx, y + 22, "扫描二维码或登录学信网输入在线验证码进行查询验证。", 9, "sans", fill=(90, 90, 90))
    y += qr.size[1] / c.px_per_mm - 40
    notes = [
        "注：1. 本备案表记载的学历证书信息以学信网学历查询结果为准。",
        "2. 本备案表在线验证有效期内可通过学信网查询验证，过期失效。",
        "3. 未经学信网书面许可，不得将本报告用于商业用途。",
    ]
    for i, n in enumerate(notes):
        c.text(20 + (6 if i else 0), y + 44 + i * 7, n, 9, "sans", fill=(80, 80, 80))
    c.text(A4_W / 2, A4_H - 12, "全国高等学校学生信息咨询与就业指导中心", 9, "sans", fill=(80, 80, 80), anchor="mm")
    return c.image
