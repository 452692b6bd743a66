"""Seals the generator never stamps: other fonts, ring widths, an oval company seal, other reds.

The generator's seal (samples/render/base.py) is a 42 mm round stamp, ring 1.1 mm, sans-bold ring text, one ink.
These are drawn here by hand: 38 and 42 mm round and a 44 x 30 mm oval, rings of 1.2 and 1.6 mm, a Song-style
serif and a Hei face, in seal red, vermilion, crimson and a pale pink of thin ink. A red letterhead is no seal.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.marks import find_seals

DPI = 200
FONTS = {
    "hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "song": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}
INKS = {"red": (210, 30, 40), "vermilion": (235, 75, 45), "crimson": (165, 20, 45), "pale": (230, 130, 130)}
SHAPES = {"round42": (21.0, 21.0), "round38": (19.0, 19.0), "oval44x30": (22.0, 15.0)}


def px(mm: float) -> int:
    return int(round(mm * DPI / 25.4))


def page() -> Image.Image:
    img = Image.new("RGB", (px(210), px(297)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONTS["hei"], px(5))
    lines = ["推荐单位公示", "经研究，同意推荐张三申报初级职称。", "公示期：2024年9月19日至2024年9月27日。"]
    for i, line in enumerate(lines):
        draw.text((px(25), px(40) + i * px(10)), line, fill="black", font=font)
    return img


def stamp(img: Image.Image, ink: tuple[int, int, int], font: str, ring_mm: float, rx_mm: float, ry_mm: float) -> None:
    """Multiply a seal (ring, ring text, star) onto ``img`` at the lower right, as ink on paper."""
    rx, ry = px(rx_mm), px(ry_mm)
    size = (2 * rx + 20, 2 * ry + 20)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = size[0] / 2, size[1] / 2
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=255, width=max(2, px(ring_mm)))
    fpx = int(min(rx, ry) * 0.26)
    face = ImageFont.truetype(FONTS[font], fpx)
    text = "尉犁县第一中学校务委员会"
    span = min(240.0, 21.0 * len(text))
    for i, ch in enumerate(text):
        ang = -90 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (2 * fpx, 2 * fpx), 0)
        ImageDraw.Draw(glyph).text((fpx, fpx), ch, font=face, fill=255, anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC)
        gx = cx + (rx - 0.9 * fpx) * math.cos(math.radians(ang))
        gy = cy + (ry - 0.9 * fpx) * math.sin(math.radians(ang))
        mask.paste(255, (int(gx - fpx), int(gy - fpx)), glyph)
    star = min(rx, ry) * 0.25
    points = [
        (cx + (star if k % 2 == 0 else 0.4 * star) * math.cos(-math.pi / 2 + k * math.pi / 5),
         cy + (star if k % 2 == 0 else 0.4 * star) * math.sin(-math.pi / 2 + k * math.pi / 5))
        for k in range(10)
    ]
    draw.polygon(points, fill=255)
    x0, y0 = px(130), px(200)
    region = np.asarray(img.crop((x0, y0, x0 + size[0], y0 + size[1])), np.float32)
    alpha = np.asarray(mask, np.float32)[..., None] / 255.0
    inked = region * (1 - alpha) + region * (np.asarray(ink, np.float32) / 255.0) * alpha
    img.paste(Image.fromarray(inked.clip(0, 255).astype(np.uint8)), (x0, y0))


def bgr(img: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("ink", sorted(INKS))
@pytest.mark.parametrize(("font", "ring_mm"), [("hei", 1.2), ("song", 1.6), ("song", 1.2)])
def test_a_seal_of_another_make_is_found(shape: str, ink: str, font: str, ring_mm: float) -> None:
    img = page()
    stamp(img, INKS[ink], font, ring_mm, *SHAPES[shape])
    seals = find_seals(bgr(img))
    assert len(seals) == 1
    box = seals[0].bbox
    assert px(130) - 10 <= box.x0 and box.y0 >= px(200) - 10  # where it was stamped


def test_a_red_letterhead_is_no_seal() -> None:
    img = page()
    draw = ImageDraw.Draw(img)
    draw.text((px(30), px(15)), "尉犁县第一中学文件", fill=INKS["red"], font=ImageFont.truetype(FONTS["song"], px(14)))
    draw.line((px(20), px(35), px(190), px(35)), fill=INKS["red"], width=px(1))
    assert find_seals(bgr(img)) == []
