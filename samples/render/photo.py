"""一寸免冠照片: a head-and-shoulders portrait on a plain background (also used on the ID card and certificates).

The face is synthesised, not photographed: a shaded ellipsoid head lit from the upper left, soft-edged eyes, brows,
nose and lips, hair with strand texture and sheen, a suit with folds, lens softness, sensor noise and a JPEG pass.
Enough for a face detector and for a reviewer's glance; nothing here resembles a real person.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

BACKGROUNDS = {"blue": (67, 142, 219), "white": (246, 246, 246), "red": (200, 30, 40)}
Array = np.ndarray


@dataclass(frozen=True)
class PhotoRecord:
    """Appearance of the portrait."""

    gender: str
    background: str = "blue"
    skin: tuple[int, int, int] = (226, 188, 160)
    hair: tuple[int, int, int] = (28, 22, 20)
    clothing: tuple[int, int, int] = (30, 34, 48)


def _ellipse(xx: Array, yy: Array, cx: float, cy: float, rx: float, ry: float) -> Array:
    """Normalised squared distance to an ellipse's centre (1 on its outline)."""
    return ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2


def _soft(d: Array, edge: float) -> Array:
    """A soft mask from a normalised distance: 1 inside, 0 outside, a smooth ramp of width ``edge``."""
    return np.clip((1.0 - d) / edge, 0.0, 1.0) ** 1.5


def _streaks(g: np.random.Generator, h: int, w: int, length: int, angle: float) -> Array:
    """Noise smeared along ``angle`` degrees: hair strands, fabric weave."""
    base = g.random((h, w)).astype(np.float32)
    k: Array = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1.0 / length
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    k = cv2.warpAffine(k, rot, (length, length))
    k = np.asarray(k / max(float(k.sum()), 1e-6), dtype=np.float32)
    out: Array = cv2.filter2D(base, -1, k, borderType=cv2.BORDER_REFLECT)
    norm: Array = (out - out.mean()) / (out.std() + 1e-6)
    return norm


def _blend(img: Array, color: Array | tuple[float, ...], mask: Array) -> Array:
    m = mask[..., None]
    out: Array = img * (1 - m) + np.asarray(color, np.float32) * m
    return out


def portrait(rec: PhotoRecord, width: int, height: int, rng: random.Random, background=None) -> Image.Image:  # type: ignore[no-untyped-def]
    """Render the portrait at ``width`` × ``height`` pixels on ``background`` (RGB) or the record's colour."""
    g = np.random.default_rng(rng.randrange(2**32))
    s = 2  # supersample, then downscale: smooth edges
    W, H = width * s, height * s
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    bg = np.asarray(background or BACKGROUNDS[rec.background], np.float32)
    # studio backdrop: a soft light fall-off from the upper centre, a faint vignette
    fall = 1.04 - 0.10 * np.sqrt(((xx - W * 0.5) / W) ** 2 + ((yy - H * 0.2) / H) ** 2)
    img = bg[None, None, :] * fall[..., None]
    skin = np.asarray(rec.skin, np.float32) * rng.uniform(0.9, 1.03) * np.array(
        [1.0, rng.uniform(0.97, 1.0), rng.uniform(0.94, 1.0)], np.float32)
    hair = np.asarray(rec.hair, np.float32) * rng.uniform(0.8, 1.3)
    cloth = np.asarray(rec.clothing, np.float32) * rng.uniform(0.85, 1.2)
    cx = W / 2 + rng.uniform(-0.02, 0.02) * W
    fw, fh = W * rng.uniform(0.41, 0.45), H * rng.uniform(0.38, 0.41)
    top = H * 0.17
    fcx, fcy = cx, top + fh / 2
    edge = 2.5 / max(fw, fh) * s * 4
    female = rec.gender == "女"
    long_hair = female and rng.random() < 0.7
    light = np.array([-0.45, -0.55, 0.7], np.float32)
    light /= np.linalg.norm(light)

    # hair behind the head (long hair falls to the shoulders)
    strands = _streaks(g, H, W, max(9, int(H * 0.08)), 90 + rng.uniform(-8, 8))
    if long_hair:
        back = _soft(_ellipse(xx, yy, cx, top + fh * 0.62, fw * 0.66, fh * 0.78), edge * 2)
        shade = 0.55 + 0.12 * strands
        img = _blend(img, hair[None, None, :] * shade[..., None], back)

    # neck, shaded under the jaw
    neck_mask = _soft((np.abs(xx - cx) / (fw * 0.31)) ** 4, 0.2) * (yy > top + fh * 0.7) * (yy < H * 0.84)
    jaw_shadow = np.clip((yy - (top + fh * 0.8)) / (fh * 0.25), 0, 1)
    neck = skin * 0.78
    img = _blend(img, neck[None, None, :] * (0.82 + 0.18 * jaw_shadow)[..., None], neck_mask)

    # shoulders and suit: a wide ellipse, darker towards the sides, lapel folds
    sh = _soft(_ellipse(xx, yy, cx, H * 1.05, W * 0.62, H * 0.36), edge * 0.6)
    fold = 0.85 + 0.18 * np.exp(-((xx - cx) / (W * 0.25)) ** 2) + 0.03 * _streaks(g, H, W, 7, 45)
    img = _blend(img, cloth[None, None, :] * fold[..., None], sh)
    shirt = _soft(np.maximum(np.abs(xx - cx) / (W * 0.09 * np.clip((H * 0.92 - yy) / (H * 0.18), 0, 1) + 1e-3),
                             0.0) ** 2, 0.3) * (yy > H * 0.7) * (yy < H * 0.9)
    img = _blend(img, np.array([236, 236, 232], np.float32) * (0.9 + 0.1 * fall[..., None]), shirt * sh)

    # ears
    for sx in (-1, 1):
        ear = _soft(_ellipse(xx, yy, cx + sx * fw * 0.49, top + fh * 0.5, fw * 0.075, fh * 0.12), edge * 2)
        img = _blend(img, skin * 0.84, ear)

    # the face: an ellipsoid lit from the upper left
    d = _ellipse(xx, yy, fcx, fcy, fw / 2, fh / 2)
    face = _soft(d, edge)
    nx, ny = (xx - fcx) / (fw / 2), (yy - fcy) / (fh / 2)
    nz = np.sqrt(np.clip(1 - nx**2 - ny**2, 0, 1))
    lambert = np.clip(nx * light[0] + ny * light[1] + nz * light[2], 0, 1)
    shade = 0.58 + 0.5 * lambert
    spec = np.clip(lambert, 0, 1) ** 18 * 0.12
    tone = skin[None, None, :] * shade[..., None] + 255 * spec[..., None]
    pores = cv2.GaussianBlur(g.normal(0, 1, (H, W)).astype(np.float32), (0, 0), 1.2)
    tone = tone * (1 + 0.025 * pores)[..., None]
    for sx in (-1, 1):  # a little colour on the cheeks
        cheek = np.exp(-_ellipse(xx, yy, cx + sx * fw * 0.23, top + fh * 0.64, fw * 0.12, fh * 0.08))
        tone = tone * (1 - 0.06 * cheek[..., None]) + np.array([210, 120, 110], np.float32) * 0.06 * cheek[..., None]
    img = _blend(img, tone, face)

    # eyes: socket shadow, almond opening, iris, pupil, catch light, upper lid line
    ey = top + fh * 0.47
    ew, eh = fw * 0.095, fh * 0.032
    for sx in (-1, 1):
        ex = cx + sx * fw * 0.2
        socket = np.exp(-_ellipse(xx, yy, ex, ey - eh * 0.6, ew * 1.7, eh * 3.0)) * face
        img = img * (1 - 0.18 * socket[..., None])
        almond = np.abs(xx - ex) / ew + ((yy - ey) / eh) ** 2 * 1.0
        opening = _soft(almond, 0.25)
        img = _blend(img, np.array([228, 224, 218], np.float32), opening * 0.9)
        iris = _soft(_ellipse(xx, yy, ex + sx * ew * 0.05, ey, eh * 1.15, eh * 1.15), 0.35) * opening
        img = _blend(img, np.array([62, 42, 32], np.float32), iris)
        pupil = _soft(_ellipse(xx, yy, ex + sx * ew * 0.05, ey, eh * 0.5, eh * 0.5), 0.4) * opening
        img = _blend(img, np.array([14, 10, 10], np.float32), pupil)
        catch = _soft(_ellipse(xx, yy, ex - ew * 0.12, ey - eh * 0.35, eh * 0.22, eh * 0.22), 0.5) * opening
        img = _blend(img, np.array([250, 250, 250], np.float32), catch * 0.85)
        lid = np.exp(-(((yy - (ey - eh * 0.95 + ((xx - ex) / ew) ** 2 * eh * 0.8)) / (eh * 0.28)) ** 2))
        lid *= np.abs(xx - ex) < ew * 1.05
        img = _blend(img, np.array([40, 28, 24], np.float32), np.clip(lid, 0, 1) * 0.75)
        # brow: a tapered band made of short strokes
        t = (xx - (ex - sx * ew * 1.1)) / (ew * 2.3) * sx
        by = ey - fh * 0.095 - np.sin(np.clip(t, 0, 1) * np.pi) * fh * 0.018
        thick = fh * (0.020 - 0.008 * np.clip(t, 0, 1))
        brow = np.exp(-(((yy - by) / thick) ** 2)) * (t > 0) * (t < 1)
        brow = np.clip(brow * (0.7 + 0.4 * _streaks(g, H, W, 7, -20 * sx)[...]), 0, 1) * face
        img = _blend(img, hair * 1.1, brow * 0.85)

    # nose: a shaded side, a soft tip highlight, nostrils
    nose_y = ey + fh * 0.19
    side = np.exp(-(((xx - (cx + fw * 0.045)) / (fw * 0.03)) ** 2)) * (yy > ey) * (yy < nose_y)
    img = img * (1 - 0.10 * (side * face)[..., None])
    tip = np.exp(-_ellipse(xx, yy, cx - fw * 0.01, nose_y - fh * 0.025, fw * 0.05, fh * 0.03))
    img = img * (1 + 0.06 * tip[..., None])
    for sx in (-1, 1):
        nostril = np.exp(-_ellipse(xx, yy, cx + sx * fw * 0.045, nose_y, fw * 0.025, fh * 0.011) * 2)
        img = img * (1 - 0.45 * nostril[..., None])
    # lips: upper and lower shapes, the line between them darker
    my = top + fh * 0.77
    mw = fw * rng.uniform(0.13, 0.16)
    lip_color = np.array([rng.uniform(165, 195), rng.uniform(88, 105), rng.uniform(88, 100)], np.float32)
    upper = _soft(np.abs(xx - cx) / mw + ((yy - (my - fh * 0.012)) / (fh * 0.016)) ** 2, 0.4) * (yy < my)
    lower = _soft(np.abs((xx - cx) / mw) ** 1.6 + ((yy - my) / (fh * 0.026)) ** 2, 0.4) * (yy >= my)
    img = _blend(img, lip_color * (0.85 + 0.2 * lambert[..., None]), np.clip(upper + lower, 0, 1) * 0.8)
    line = np.exp(-(((yy - my) / (fh * 0.004)) ** 2)) * (np.abs(xx - cx) < mw * 0.95)
    img = img * (1 - 0.4 * line[..., None])
    chin = np.exp(-_ellipse(xx, yy, cx, top + fh * 0.93, fw * 0.2, fh * 0.05))
    img = img * (1 - 0.06 * (chin * face)[..., None])

    # hair on top: a cap over the forehead with a parting, strands and a sheen band
    part = cx + fw * rng.uniform(-0.18, 0.18)
    cap_top = _soft(_ellipse(xx, yy, cx, top + fh * 0.28, fw * 0.56, fh * 0.42), edge)
    hairline = top + fh * (0.2 if female else 0.17) + np.abs(xx - part) / fw * fh * 0.12
    cap = cap_top * np.clip((hairline - yy) / (fh * 0.03) + 1, 0, 1)
    if long_hair:  # hair falling past the temples and cheeks
        sides = _soft(_ellipse(np.abs(xx - cx), yy, fw * 0.52, top + fh * 0.45, fw * 0.09, fh * 0.42), 0.5)
        cap = np.maximum(cap, sides)
    ragged = 0.5 + 0.5 * _streaks(g, H, W, max(7, int(H * 0.03)), 90)
    cap = np.clip(cap * (0.85 + 0.3 * ragged), 0, 1)
    cap = cv2.GaussianBlur(cap.astype(np.float32), (0, 0), max(1.0, W / 400))
    hair_strands = _streaks(g, H, W, max(9, int(H * 0.05)), 75 if xx.mean() < part else 105)
    sheen = np.exp(-(((yy - (top + fh * 0.05)) / (fh * 0.08)) ** 2)) * np.exp(-(((xx - (cx - fw * 0.15)) / fw) ** 2))
    hair_tone = hair[None, None, :] * (0.8 + 0.14 * hair_strands + 0.9 * sheen)[..., None] + 28 * sheen[..., None]
    img = _blend(img, hair_tone, cap)

    # lens and sensor: downscale, slight softness, luminance and chroma noise, a JPEG pass
    small = cv2.resize(img.clip(0, 255).astype(np.float32), (width, height), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 0.55)
    lum = g.normal(0, 2.2, (height, width, 1)).astype(np.float32)
    chroma = cv2.GaussianBlur(g.normal(0, 1.6, (height, width, 3)).astype(np.float32), (0, 0), 1.0)
    out = Image.fromarray((small + lum + chroma).clip(0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=88)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def render_photo(rec: PhotoRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render a 25 × 35 mm photo print at ``dpi``."""
    w, h = int(25 / 25.4 * dpi), int(35 / 25.4 * dpi)
    return portrait(rec, w, h, rng)
