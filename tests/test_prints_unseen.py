"""Fingerprints and red things that are not fingerprints, drawn here rather than by the generator.

A print is drawn as a whorl of concentric ridges inside an oval (14-20 mm, as a thumb leaves it), in seal red and in
the pale pink of a light press, alone or over a black signature. The red things that are no print: a letterhead
in red (a row of large red characters), and a name signed in red ink with a brush face. Neither may count as a
fingerprint, or a pledge without its print would pass.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.marks import find_fingerprints

DPI = 200
HEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SONG = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
BRUSH = "/usr/share/fonts/truetype/arphic/ukai.ttc"
INKS = {"red": (205, 35, 45), "crimson": (170, 25, 50), "pale": (232, 150, 150)}


def px(mm: float) -> int:
    return int(round(mm * DPI / 25.4))


def pledge() -> Image.Image:
    img = Image.new("RGB", (px(210), px(297)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(HEI, px(5))
    lines = ["个人承诺书", "本人承诺以上填报内容和提交的材料真实有效。", "承诺人（签字并按手印）：", "2024年10月8日"]
    for i, line in enumerate(lines):
        draw.text((px(25), px(40) + i * px(12)), line, fill="black", font=font)
    return img


def ink(img: Image.Image, mask: Image.Image, at: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """Multiply ``colour`` onto ``img`` through ``mask`` at ``at``, as ink on paper."""
    x0, y0 = at
    w, h = mask.size
    region = np.asarray(img.crop((x0, y0, x0 + w, y0 + h)), np.float32)
    alpha = np.asarray(mask, np.float32)[..., None] / 255.0
    inked = region * (1 - alpha) + region * (np.asarray(colour, np.float32) / 255.0) * alpha
    img.paste(Image.fromarray(inked.clip(0, 255).astype(np.uint8)), (x0, y0))


def thumb(width_mm: float, height_mm: float, seed: int) -> Image.Image:
    """A whorl: concentric ridges about 0.5 mm apart, broken here and there, inside an oval."""
    rng = np.random.default_rng(seed)
    w, h = px(width_mm), px(height_mm)
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    step = px(0.5)
    for k in range(1, max(w, h) // (2 * step)):
        rx, ry = k * step * w / max(w, h), k * step * h / max(w, h)
        start = float(rng.uniform(0, 360))
        draw.arc([w / 2 - rx, h / 2 - ry + k * 0.3, w / 2 + rx, h / 2 + ry + k * 0.3], start, start + 330,
                 fill=255, width=max(2, px(0.25)))
    oval = Image.new("L", (w, h), 0)
    ImageDraw.Draw(oval).ellipse([0, 0, w - 1, h - 1], fill=255)
    ridges = np.asarray(mask, np.float32) * (np.asarray(oval, np.float32) / 255.0)
    return Image.fromarray(ridges.astype(np.uint8))


def bgr(img: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


@pytest.mark.parametrize("colour", sorted(INKS))
@pytest.mark.parametrize(("width", "height"), [(14.0, 18.0), (17.0, 21.0)])
def test_a_thumbprint_is_found(colour: str, width: float, height: float) -> None:
    img = pledge()
    ink(img, thumb(width, height, seed=3), (px(120), px(70)), INKS[colour])
    prints = find_fingerprints(bgr(img))
    assert len(prints) == 1
    box = prints[0].bbox
    assert abs(box.x0 - px(120)) < px(3) and abs(box.y0 - px(70)) < px(3)


def test_a_thumbprint_over_a_black_signature_is_found() -> None:
    img = pledge()
    ImageDraw.Draw(img).text((px(95), px(75)), "张伟华", fill="black", font=ImageFont.truetype(BRUSH, px(9)))
    ink(img, thumb(15.0, 19.0, seed=5), (px(110), px(70)), INKS["red"])
    assert len(find_fingerprints(bgr(img))) == 1


def test_a_red_letterhead_is_no_fingerprint() -> None:
    img = pledge()
    draw = ImageDraw.Draw(img)
    draw.text((px(25), px(12)), "尉犁县人力资源和社会保障局", fill=INKS["red"], font=ImageFont.truetype(SONG, px(11)))
    draw.line((px(20), px(30), px(190), px(30)), fill=INKS["red"], width=px(0.8))
    assert find_fingerprints(bgr(img)) == []


@pytest.mark.parametrize("name", ["张伟华", "阿依古丽·买买提", "王芳"])
def test_a_name_signed_in_red_ink_is_no_fingerprint(name: str) -> None:
    img = pledge()
    ImageDraw.Draw(img).text((px(95), px(75)), name, fill=INKS["red"], font=ImageFont.truetype(BRUSH, px(10)))
    assert find_fingerprints(bgr(img)) == []


def test_drawn_prints_are_ovals_of_ridges() -> None:
    """The drawing itself: ridges cover a share of the oval, as a pressed print does (not a solid blot)."""
    mask = np.asarray(thumb(15.0, 19.0, seed=1)) > 0
    assert 0.2 < mask.mean() < 0.6
    assert math.isclose(mask.shape[0] / mask.shape[1], 19 / 15, rel_tol=0.05)
