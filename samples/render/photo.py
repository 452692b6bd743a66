"""一寸免冠照片: a head-and-shoulders portrait on a plain background (also used on the ID card).

The face is drawn, not photographed: skin-tone ellipse with shading, hair, eyes, brows, nose and mouth,
enough for a face detector and for a reviewer's glance. Nothing here resembles a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

BACKGROUNDS = {"blue": (67, 142, 219), "white": (246, 246, 246), "red": (200, 30, 40)}


@dataclass(frozen=True)
class PhotoRecord:
    """Appearance of the portrait."""

    gender: str
    background: str = "blue"
    skin: tuple[int, int, int] = (226, 188, 160)
    hair: tuple[int, int, int] = (28, 22, 20)
    clothing: tuple[int, int, int] = (30, 34, 48)


def portrait(rec: PhotoRecord, width: int, height: int, rng: random.Random, background=None) -> Image.Image:  # type: ignore[no-untyped-def]
    """Draw the portrait at ``width`` × ``height`` pixels on ``background`` (RGB) or the record's colour."""
    bg = background or BACKGROUNDS[rec.background]
    s = 4  # supersample for smooth edges
    W, H = width * s, height * s
    img = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(img)
    cx = W / 2 + rng.uniform(-0.02, 0.02) * W
    fw, fh = W * 0.44, H * 0.40
    top = H * 0.17
    # shoulders and clothes
    d.ellipse([cx - W * 0.55, H * 0.72, cx + W * 0.55, H * 1.5], fill=rec.clothing)
    d.polygon([(cx - W * 0.09, H * 0.74), (cx + W * 0.09, H * 0.74), (cx, H * 0.9)], fill=(235, 235, 235))
    # neck
    d.rectangle([cx - fw * 0.24, top + fh * 0.8, cx + fw * 0.24, H * 0.8], fill=tuple(int(c * 0.88) for c in rec.skin))
    # hair back
    long_hair = rec.gender == "女" and rng.random() < 0.7
    if long_hair:
        d.ellipse([cx - fw * 0.64, top - fh * 0.1, cx + fw * 0.64, top + fh * 0.95], fill=rec.hair)
        for sx in (-1, 1):
            d.rectangle([cx + sx * fw * 0.64 - (fw * 0.3 if sx > 0 else 0), top + fh * 0.4,
                         cx + sx * fw * 0.64 + (fw * 0.3 if sx < 0 else 0), H * 0.82], fill=rec.hair)
    # ears
    for sx in (-1, 1):
        d.ellipse([cx + sx * fw * 0.5 - fw * 0.08, top + fh * 0.38, cx + sx * fw * 0.5 + fw * 0.08, top + fh * 0.62],
                  fill=tuple(int(c * 0.93) for c in rec.skin))
    # face
    d.ellipse([cx - fw / 2, top, cx + fw / 2, top + fh], fill=rec.skin)
    # hair top
    d.chord([cx - fw * 0.56, top - fh * 0.12, cx + fw * 0.56, top + fh * 0.62], 180, 360, fill=rec.hair)
    d.ellipse([cx - fw * 0.5, top - fh * 0.04, cx + fw * 0.35, top + fh * 0.2], fill=rec.hair)
    # eyes and brows
    ey = top + fh * 0.47
    for sx in (-1, 1):
        ex = cx + sx * fw * 0.2
        d.ellipse([ex - fw * 0.085, ey - fh * 0.028, ex + fw * 0.085, ey + fh * 0.028], fill=(245, 245, 240))
        d.ellipse([ex - fw * 0.035, ey - fh * 0.028, ex + fw * 0.035, ey + fh * 0.028], fill=(50, 35, 30))
        d.line([(ex - fw * 0.11, ey - fh * 0.085), (ex + fw * 0.1, ey - fh * 0.1 + sx * fh * 0.01)],
               fill=rec.hair, width=int(fh * 0.025))
    # nose and mouth
    d.line([(cx, ey + fh * 0.02), (cx - fw * 0.04, ey + fh * 0.17), (cx + fw * 0.02, ey + fh * 0.19)],
           fill=tuple(int(c * 0.75) for c in rec.skin), width=int(fh * 0.012))
    my = top + fh * 0.78
    d.chord([cx - fw * 0.13, my - fh * 0.04, cx + fw * 0.13, my + fh * 0.05], 0, 180, fill=(170, 80, 80))
    img = img.resize((width, height), Image.Resampling.LANCZOS)
    # soft shading: darker towards the face edges and a gentle light gradient
    arr = np.asarray(img, dtype=np.float32)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 1.0 - 0.12 * ((xx / width) - 0.35) ** 2 - 0.05 * (yy / height)
    arr = arr * light[..., None]
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 2.5, arr.shape)
    img = Image.fromarray((arr + noise).clip(0, 255).astype(np.uint8))
    return img.filter(ImageFilter.GaussianBlur(0.8))


def render_photo(rec: PhotoRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render a 25 × 35 mm photo print at ``dpi`` with a thin white print margin."""
    w, h = int(25 / 25.4 * dpi), int(35 / 25.4 * dpi)
    return portrait(rec, w, h, rng)
