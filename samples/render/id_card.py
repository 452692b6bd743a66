"""居民身份证 (second generation): 人像面 and 国徽面, optionally bilingual Uyghur–Chinese as in Xinjiang.

The card is 85.6 × 54 mm with rounded corners and a guilloche background; it is rendered on its own and
placed on a page (scanner glass, desk) by ``samples.capture``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from samples.render.base import Canvas, font, wrap_cjk
from samples.render.photo import PhotoRecord, portrait

CARD_W, CARD_H = 85.6, 54.0
LABEL = (40, 110, 170)


@dataclass(frozen=True)
class IdCardRecord:
    """What is printed on both sides of the card."""

    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | None  # None: 长期
    name_ug: str | None = None
    issuing_authority_ug: str | None = None

    @property
    def bilingual(self) -> bool:
        """Whether the card carries Uyghur lines (Xinjiang bilingual card)."""
        return self.name_ug is not None

    @property
    def validity_text(self) -> str:
        """The 有效期限 line as printed: ``2015.03.12-2035.03.12`` or ``…-长期``."""
        until = "长期" if self.valid_until is None else f"{self.valid_until:%Y.%m.%d}"
        return f"{self.valid_from:%Y.%m.%d}-{until}"


def _background(c: Canvas, rng: random.Random, tint: tuple[float, float, float]) -> None:
    """Pale gradient with guilloche waves, like the security print of the card."""
    w, h = c.image.size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.empty((h, w, 3), np.float32)
    g = xx / w
    for k in range(3):
        base[..., k] = 246 - tint[k] * (0.4 + 0.6 * np.sin(math.pi * g + 0.3 * yy / h))
    phase = rng.uniform(0, 6.28)
    waves = np.zeros((h, w), np.float32)
    for j in range(0, 24):
        y0 = h * (j / 24)
        curve = y0 + h * 0.04 * np.sin(xx / w * 9 * math.pi + phase + j * 0.5)
        waves += np.exp(-((yy - curve) ** 2) / (2 * (w / 1400) ** 2))
    rings = 0.5 + 0.5 * np.cos(np.sqrt((xx - w * 0.72) ** 2 + (yy - h * 0.55) ** 2) / (w / 160))
    base -= (waves.clip(0, 1) * 16 + rings[..., None].squeeze() * 0)[..., None] * np.array([0.6, 0.4, 0.2])
    base -= (rings * 5)[..., None] * np.array([0.2, 0.5, 0.7])
    c.image = Image.fromarray(base.clip(0, 255).astype(np.uint8))
    c.draw = ImageDraw.Draw(c.image)


def _round_corners(img: Image.Image, radius: int) -> Image.Image:
    """Return an RGBA card with transparent rounded corners."""
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, img.size[0] - 1, img.size[1] - 1], radius, fill=255)
    out = img.convert("RGBA")
    out.putalpha(mask)
    return out


def render_portrait_side(rec: IdCardRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the 人像面 as an RGBA card image (transparent outside the rounded corners)."""
    c = Canvas(CARD_W, CARD_H, dpi)
    _background(c, rng, (18, 10, 4))
    bi = rec.bilingual
    x0, vx = 5.5, 16.5
    ug = 5.0
    if bi:
        c.text(x0, 5.0, "ئىسمى", ug, "ug", fill=LABEL)
        c.text(vx, 4.6, rec.name_ug or "", 8.5, "ug")
    c.text(x0, 10.5 if bi else 8.0, "姓  名", 6.5, "hei", fill=LABEL)
    c.text(vx, 9.6 if bi else 7.2, rec.name, 10, "hei")
    y = 17.0 if bi else 15.5
    if bi:
        c.text(x0, y - 3.2, "جىنسى", ug, "ug", fill=LABEL)
        c.text(29.0, y - 3.2, "مىللىتى", ug, "ug", fill=LABEL)
    c.text(x0, y, "性  别", 6.5, "hei", fill=LABEL)
    c.text(vx, y - 0.6, rec.gender, 9, "hei")
    c.text(29.0, y, "民  族", 6.5, "hei", fill=LABEL)
    c.text(38.5, y - 0.6, rec.ethnicity.removesuffix("族") if len(rec.ethnicity) > 2 else rec.ethnicity, 9, "hei")
    y = 23.5 if bi else 22.5
    if bi:
        c.text(x0, y - 3.2, "تۇغۇلغان ۋاقتى", ug, "ug", fill=LABEL)
    c.text(x0, y, "出  生", 6.5, "hei", fill=LABEL)
    b = rec.birth_date
    c.text(vx, y - 0.6, f"{b.year}", 9, "hei")
    c.text(vx + 9.2, y, "年", 6.5, "hei", fill=LABEL)
    c.text(vx + 13.0, y - 0.6, f"{b.month}", 9, "hei")
    c.text(vx + 17.0, y, "月", 6.5, "hei", fill=LABEL)
    c.text(vx + 20.8, y - 0.6, f"{b.day}", 9, "hei")
    c.text(vx + 25.0, y, "日", 6.5, "hei", fill=LABEL)
    y = 30.0 if bi else 29.5
    if bi:
        c.text(x0, y - 3.2, "ئادرېسى", ug, "ug", fill=LABEL)
    c.text(x0, y, "住  址", 6.5, "hei", fill=LABEL)
    for i, ln in enumerate(wrap_cjk(rec.address, 11)[:3]):
        c.text(vx, y - 0.6 + i * 4.3, ln, 9, "hei")
    if bi:
        c.text(x0, 44.0, "كىملىك نومۇرى", ug, "ug", fill=LABEL)
    c.text(x0, 47.6, "公民身份号码", 6.5, "hei", fill=LABEL)
    c.text(28.5, 46.5, rec.id_number, 10.5, "mono", fill=(10, 10, 10))
    # photo: grey-blue, blended into the card
    pw, ph = c.px(25.0), c.px(31.0)
    face = portrait(PhotoRecord(gender=rec.gender), pw, ph, rng, background=(236, 238, 240))
    face = Image.blend(face.convert("L").convert("RGB"), face, 0.35)
    c.image.paste(face, (c.px(55.5), c.px(7.0)))
    return _round_corners(c.image, c.px(3.2))


def _emblem(c: Canvas, cx: float, cy: float, r: float) -> None:
    """Draw a simplified national emblem: red disc, gold ring, five stars, the gate."""
    d = c.draw
    R = c.px(r)
    x, y = c.px(cx), c.px(cy)
    d.ellipse([x - R, y - R, x + R, y + R], fill=(200, 32, 36), outline=(230, 180, 40), width=max(2, R // 9))
    def star(sx: float, sy: float, sr: float) -> None:
        pts = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rr = sr if k % 2 == 0 else sr * 0.4
            pts.append((sx + rr * math.cos(a), sy + rr * math.sin(a)))
        d.polygon(pts, fill=(245, 200, 50))
    star(x, y - R * 0.45, R * 0.22)
    for k in range(4):
        a = math.radians(-150 + k * 25)
        star(x + R * 0.55 * math.cos(a) + R * 0.25, y - R * 0.2 + R * 0.35 * math.sin(a), R * 0.08)
    d.rectangle([x - R * 0.5, y + R * 0.05, x + R * 0.5, y + R * 0.45], fill=(245, 200, 50))
    d.rectangle([x - R * 0.15, y + R * 0.2, x + R * 0.15, y + R * 0.45], fill=(200, 32, 36))
    d.arc([x - R * 0.85, y - R * 0.85, x + R * 0.85, y + R * 0.85], 20, 160, fill=(245, 200, 50), width=max(2, R // 10))


def render_emblem_side(rec: IdCardRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the 国徽面 as an RGBA card image."""
    c = Canvas(CARD_W, CARD_H, dpi)
    _background(c, rng, (8, 14, 22))
    _emblem(c, 14.0, 14.0, 9.0)
    bi = rec.bilingual
    if bi:
        c.text(30.0, 4.5, "جۇڭخۇا خەلق جۇمھۇرىيىتى", 7, "ug")
        c.text(30.0, 10.5, "中华人民共和国", 11, "hei")
        c.text(30.0, 17.0, "ئاھالە كىملىكى", 7, "ug")
        c.text(28.0, 22.0, "居民身份证", 19, "sans_bold", fill=(20, 20, 20))
    else:
        c.text(33.0, 8.5, "中华人民共和国", 12, "hei")
        c.text(28.0, 18.0, "居民身份证", 21, "sans_bold", fill=(20, 20, 20))
    ya, yv = (40.0, 47.5) if not bi else (39.0, 47.5)
    if bi:
        c.text(12.0, ya - 4.0, "تارقاتقان ئورگان", 5, "ug", fill=LABEL)
        c.text(12.0, yv - 4.0, "ئىناۋەتلىك مۇددىتى", 5, "ug", fill=LABEL)
    c.text(12.0, ya, "签发机关", 6.5, "hei", fill=LABEL)
    c.text(27.0, ya - 0.6, rec.issuing_authority, 9, "hei")
    c.text(12.0, yv, "有效期限", 6.5, "hei", fill=LABEL)
    c.text(27.0, yv - 0.6, rec.validity_text, 9, "hei")
    _ = font  # noqa: F841 - keeps the import explicit for type checkers
    return _round_corners(c.image, c.px(3.2))
