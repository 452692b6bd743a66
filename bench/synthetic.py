"""Synthetic pages with known degradations, for calibrating and testing the quality checks.

Renders document-like Chinese text with PIL at a chosen dpi (A4 pages, ID-card-sized cards on a
desk) and applies one degradation of a known severity (blur, downscale, darkening, overexposure,
glare, crop, blank page, grayscale copy, screen recapture). Only ``bench/calibrate_quality.py`` and
the tests use it; the pipeline never does. It draws no personal data: the text is random
common characters and digits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from extractors.models import BBox, BGRImage
from extractors.quality.regions import u8

CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
    "还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
    "没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
    "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
    "百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例"
)
FONT_FILES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
)
A4_MM = (210.0, 297.0)
CARD_MM = (85.6, 54.0)
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class SynthPage:
    """A rendered page: pixels, the text drawn on it, and what is known about it."""

    image: BGRImage
    lines: tuple[str, ...]
    boxes: tuple[BBox, ...]
    dpi: float
    char_px: float
    kind: str  # "a4" or "id_card"
    card_box: BBox | None = None
    ink: int = 20  # grey level of the text


@cache
def _font(index: int, size: int) -> ImageFont.FreeTypeFont:
    path, face = FONT_FILES[index % len(FONT_FILES)]
    if not Path(path).exists():  # pragma: no cover - depends on installed fonts
        path, face = FONT_FILES[0]
    return ImageFont.truetype(path, size=size, index=face)


def _text(rng: np.random.Generator, n: int) -> str:
    out = []
    for _ in range(n):
        if rng.random() < 0.08:
            out.append(str(int(rng.integers(0, 10))))
        else:
            out.append(CHARS[int(rng.integers(0, len(CHARS)))])
    return "".join(out)


def _px(mm: float, dpi: float) -> int:
    return int(round(mm * dpi / MM_PER_INCH))


def render_a4(rng: np.random.Generator, dpi: float, *, dense: bool = True, photo: bool = False) -> SynthPage:
    """Render an A4 page of body text (dense) or a title and a few lines (sparse)."""
    w, h = _px(A4_MM[0], dpi), _px(A4_MM[1], dpi)
    paper = int(rng.integers(240, 256))
    img = Image.new("L", (w, h), paper)
    draw = ImageDraw.Draw(img)
    font_idx = int(rng.integers(0, 3))
    ink = int(rng.integers(10, 50))
    body_mm = float(rng.uniform(3.5, 4.2))
    size = _px(body_mm, dpi)
    margin = _px(float(rng.uniform(20, 30)), dpi)
    lines: list[str] = []
    boxes: list[BBox] = []
    title_font = _font(font_idx, int(size * 1.6))
    title = _text(rng, int(rng.integers(6, 12)))
    tb = draw.textbbox((0, 0), title, font=title_font)
    tx = (w - (tb[2] - tb[0])) // 2
    ty = margin
    draw.text((tx, ty), title, fill=ink, font=title_font)
    lines.append(title)
    boxes.append(BBox(x0=tx + tb[0], y0=ty + tb[1], x1=tx + tb[2], y1=ty + tb[3]))
    y = ty + int(size * 3.2)
    font = _font(font_idx, size)
    per_line = max(4, (w - 2 * margin) // size - 1)
    n_lines = int((h - y - margin) // (size * 1.8)) if dense else int(rng.integers(2, 6))
    for i in range(n_lines):
        n = per_line if dense and i % 7 != 6 else int(rng.integers(4, per_line // 2 + 5))
        s = _text(rng, n)
        x = margin + (2 * size if i % 7 == 0 else 0)
        bb = draw.textbbox((x, y), s, font=font)
        if bb[2] > w - margin // 2:
            s = s[: max(1, len(s) - 3)]
            bb = draw.textbbox((x, y), s, font=font)
        draw.text((x, y), s, fill=ink, font=font)
        lines.append(s)
        boxes.append(BBox(x0=bb[0], y0=bb[1], x1=bb[2], y1=bb[3]))
        y += int(size * (1.8 if dense else 2.4))
    gray = np.asarray(img, dtype=np.float32)
    if photo:
        gray = _lighting(rng, gray)
    gray += rng.normal(0.0, 1.5, gray.shape).astype(np.float32)
    bgr = cv2.cvtColor(np.clip(gray, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    tint = np.array([rng.uniform(0.96, 1.0), rng.uniform(0.98, 1.0), 1.0], dtype=np.float32)
    bgr = u8(np.clip(bgr.astype(np.float32) * tint, 0, 255))
    return SynthPage(bgr, tuple(lines), tuple(boxes), dpi, size * 0.88, "a4", ink=ink)


def _lighting(rng: np.random.Generator, gray: NDArray[np.float32]) -> NDArray[np.float32]:
    """Phone-photo lighting: a duller paper and a smooth brightness gradient."""
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.uniform(-0.15, 0.15, 2)
    field = 1.0 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
    level = float(rng.uniform(0.72, 0.9))
    return np.asarray(gray * level * field, dtype=np.float32)


def render_id_card(
    rng: np.random.Generator,
    dpi: float,
    *,
    frame: tuple[float, float] = (1.35, 1.45),
    on_desk: bool = True,
    out_frac: float = 0.0,
) -> SynthPage:
    """Render an ID-card-like card (pale coloured pattern, photo box, text) on a desk background.

    ``out_frac`` > 0 places the card so that this fraction of its width or height lies outside the
    frame on a random side (a cropped capture).
    """
    cw, ch = _px(CARD_MM[0], dpi), _px(CARD_MM[1], dpi)
    base = np.array([rng.uniform(225, 245), rng.uniform(228, 245), rng.uniform(215, 238)], dtype=np.float32)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    card = np.empty((ch, cw, 3), dtype=np.float32)
    wave = 6.0 * np.sin(xx / (cw / 9.0) + yy / (ch / 5.0))
    card[..., 0] = base[0] + wave
    card[..., 1] = base[1] - 0.6 * wave
    card[..., 2] = base[2] + 8.0 * (xx / cw - 0.5) - 0.5 * wave
    pil = Image.fromarray(np.clip(card, 0, 255).astype(np.uint8)[..., ::-1].copy())
    draw = ImageDraw.Draw(pil)
    size = _px(3.0, dpi)
    font = _font(int(rng.integers(0, 3)), size)
    lines: list[str] = []
    boxes: list[BBox] = []
    x0, y = _px(6, dpi), _px(6, dpi)
    for label_len, value_len in ((2, 3), (2, 2), (2, 10), (2, 12), (2, 9), (6, 18)):
        s = _text(rng, label_len) + " " + _text(rng, value_len)
        bb = draw.textbbox((x0, y), s, font=font)
        while bb[2] > int(cw * 0.64) and len(s) > 4:
            s = s[:-1]
            bb = draw.textbbox((x0, y), s, font=font)
        draw.text((x0, y), s, fill=(20, 20, 20), font=font)
        lines.append(s)
        boxes.append(BBox(x0=bb[0], y0=bb[1], x1=bb[2], y1=bb[3]))
        y += int(size * 1.9)
    px0, py0 = int(cw * 0.66), int(ch * 0.12)
    draw.rounded_rectangle((px0, py0, int(cw * 0.93), int(ch * 0.72)), radius=4, fill=(150, 160, 185))
    draw.ellipse((px0 + cw // 20, py0 + ch // 12, int(cw * 0.88), int(ch * 0.6)), fill=(120, 135, 165))
    card_img = u8(cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR))
    if not on_desk:
        full = BBox(x0=0, y0=0, x1=cw, y1=ch)
        return SynthPage(card_img, tuple(lines), tuple(boxes), dpi, size * 0.88, "id_card", full)
    fw, fh = int(cw * rng.uniform(*frame)), int(ch * rng.uniform(frame[0] + 0.15, frame[1] + 0.3))
    desk_col = np.array([rng.uniform(30, 110), rng.uniform(40, 120), rng.uniform(50, 150)], dtype=np.float32)
    desk = np.ones((fh, fw, 3), np.float32) * desk_col
    desk += cv2.GaussianBlur(rng.normal(0, 18, (fh, fw, 1)).astype(np.float32), (0, 0), 3)[..., None]
    ox = int(rng.integers(int(0.25 * (fw - cw)), int(0.75 * (fw - cw)) + 1))
    oy = int(rng.integers(int(0.25 * (fh - ch)), int(0.75 * (fh - ch)) + 1))
    if out_frac > 0:
        side = int(rng.integers(0, 4))
        if side == 0:
            ox = -int(cw * out_frac)
        elif side == 1:
            ox = fw - cw + int(cw * out_frac)
        elif side == 2:
            oy = -int(ch * out_frac)
        else:
            oy = fh - ch + int(ch * out_frac)
    mask = np.zeros((ch, cw), np.uint8)
    cv2.rectangle(mask, (0, 0), (cw - 1, ch - 1), 255, -1)
    r = _px(3.2, dpi)
    for sy, sx in (
        (slice(0, r), slice(0, r)),
        (slice(0, r), slice(cw - r, cw)),
        (slice(ch - r, ch), slice(0, r)),
        (slice(ch - r, ch), slice(cw - r, cw)),
    ):
        mask[sy, sx] = 0
    for cx, cy in ((r, r), (cw - r - 1, r), (r, ch - r - 1), (cw - r - 1, ch - r - 1)):
        cv2.circle(mask, (cx, cy), r, (255,), -1)
    m = mask.astype(np.float32)[..., None] / 255.0
    # Paste with clipping: the card may overrun the frame.
    fx0, fy0, fx1, fy1 = max(ox, 0), max(oy, 0), min(ox + cw, fw), min(oy + ch, fh)
    cx0, cy0 = fx0 - ox, fy0 - oy
    cx1, cy1 = cx0 + (fx1 - fx0), cy0 + (fy1 - fy0)
    mm = m[cy0:cy1, cx0:cx1]
    region = desk[fy0:fy1, fx0:fx1]
    desk[fy0:fy1, fx0:fx1] = region * (1 - mm) + card_img[cy0:cy1, cx0:cx1].astype(np.float32) * mm
    out = np.clip(desk + rng.normal(0, 1.5, desk.shape), 0, 255).astype(np.uint8)
    shifted = tuple(
        BBox(x0=max(0, b.x0 + ox), y0=max(0, b.y0 + oy), x1=min(fw, b.x1 + ox), y1=min(fh, b.y1 + oy))
        for b in boxes
        if b.x1 + ox > 0 and b.x0 + ox < fw and b.y1 + oy > 0 and b.y0 + oy < fh
    )
    card_box = BBox(x0=fx0, y0=fy0, x1=fx1, y1=fy1)
    return SynthPage(out, tuple(lines), shifted, dpi, size * 0.88, "id_card", card_box)


def render_blank(rng: np.random.Generator, dpi: float) -> SynthPage:
    """Render an empty sheet: paper tone, scanner noise, maybe faint bleed-through and specks."""
    w, h = _px(A4_MM[0], dpi), _px(A4_MM[1], dpi)
    gray = np.full((h, w), float(rng.integers(225, 256)), np.float32)
    if rng.random() < 0.5:  # bleed-through of the other side: mirrored faint text
        ghost = render_a4(rng, dpi).image[:, ::-1, 0].astype(np.float32)
        gray -= (255.0 - ghost) * float(rng.uniform(0.03, 0.07))
    for _ in range(int(rng.integers(0, 6))):
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        cv2.circle(gray, (cx, cy), int(rng.integers(1, 3)), (float(rng.integers(60, 160)),), -1)
    gray += rng.normal(0, 2.5, gray.shape).astype(np.float32)
    bgr = u8(cv2.cvtColor(np.clip(gray, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR))
    return SynthPage(bgr, (), (), dpi, 0.0, "a4")


# --- degradations ----------------------------------------------------------------------------


def blur(page: SynthPage, sigma_mm: float) -> SynthPage:
    """Gaussian blur with a standard deviation given in millimetres on the document."""
    sigma = sigma_mm * page.dpi / MM_PER_INCH
    return replace(page, image=u8(cv2.GaussianBlur(page.image, (0, 0), sigma)) if sigma > 0 else page.image)


def downscale(page: SynthPage, dpi: float) -> SynthPage:
    """Resample the page to ``dpi`` (boxes and sizes follow)."""
    f = dpi / page.dpi
    img = u8(cv2.resize(page.image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
    boxes = tuple(BBox(x0=int(b.x0 * f), y0=int(b.y0 * f), x1=int(b.x1 * f), y1=int(b.y1 * f)) for b in page.boxes)
    card = page.card_box
    if card is not None:
        card = BBox(x0=int(card.x0 * f), y0=int(card.y0 * f), x1=int(card.x1 * f), y1=int(card.y1 * f))
    return replace(page, image=img, boxes=boxes, dpi=dpi, char_px=page.char_px * f, card_box=card)


def exposure(page: SynthPage, gain: float, gamma: float = 1.0, noise: float = 0.0) -> SynthPage:
    """Apply ``255 * (gain * x / 255) ** gamma`` then sensor noise of ``noise`` grey levels.

    ``gain`` < 1 darkens, ``gain`` > 1 or ``gamma`` < 1 brightens (clipping at white).
    """
    x = page.image.astype(np.float32) / 255.0
    y = np.clip(gain * x, 0, 1) ** gamma * 255.0
    if noise > 0:
        rng = np.random.default_rng(int(gain * 1000 + gamma * 100))
        y = y + rng.normal(0.0, noise, y.shape).astype(np.float32)
    return replace(page, image=u8(np.clip(y, 0, 255)))


def overexpose(page: SynthPage, ink_to: float, noise: float = 5.0) -> SynthPage:
    """Brighten (clipping the paper at white) until the text's grey level reaches ``ink_to``."""
    gray = page.image.min(axis=2)
    inside = [gray[b.y0 : b.y1, b.x0 : b.x1].ravel() for b in page.boxes if b.width > 0 and b.height > 0]
    ink = float(np.percentile(np.concatenate(inside), 2)) if inside else float(page.ink)
    return exposure(page, ink_to / max(ink, 4.0), 1.0, noise)


def jpeg(page: SynthPage, quality: int = 75) -> SynthPage:
    """Round-trip through JPEG at ``quality``, as uploads are."""
    ok, buf = cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV always encodes a uint8 BGR image
        return page
    return replace(page, image=u8(cv2.imdecode(buf, cv2.IMREAD_COLOR)))


def glare(page: SynthPage, rng: np.random.Generator, radius_frac: float) -> tuple[SynthPage, BBox]:
    """Add a specular spot (saturated core, soft halo) of radius ``radius_frac`` x the short side over text."""
    h, w = page.image.shape[:2]
    box = page.boxes[int(rng.integers(0, len(page.boxes)))] if page.boxes else BBox(x0=0, y0=0, x1=w, y1=h)
    cx = int(rng.integers(box.x0, max(box.x0 + 1, box.x1)))
    cy = (box.y0 + box.y1) // 2
    r = radius_frac * min(h, w)
    if page.card_box is not None:
        cb = page.card_box
        r = radius_frac * min(cb.width, cb.height) * 1.6
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ax = float(rng.uniform(0.7, 1.4))
    d = np.sqrt(((xx - cx) / ax) ** 2 + ((yy - cy) * ax) ** 2) / max(r, 1.0)
    alpha = np.clip(1.6 - d, 0, 1) ** 1.5
    alpha = np.where(d < 0.6, 1.0, alpha)
    img = page.image.astype(np.float32)
    img = img * (1 - alpha[..., None]) + 255.0 * alpha[..., None]
    rx, ry = int(r * ax * 0.9), int(r / ax * 0.9)
    spot = BBox(x0=max(0, cx - rx), y0=max(0, cy - ry), x1=min(w, cx + rx), y1=min(h, cy + ry))
    return replace(page, image=np.clip(img, 0, 255).astype(np.uint8)), spot


def grayscale_copy(page: SynthPage, rng: np.random.Generator) -> SynthPage:
    """A black-and-white photocopy: gray, more contrast, toner noise, optional warm cast of the photo."""
    g = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    g = np.clip((g - 128.0) * float(rng.uniform(1.0, 1.3)) + 140.0 + rng.normal(0, 4, g.shape), 0, 255)
    bgr = cv2.cvtColor(g.astype(np.uint8), cv2.COLOR_GRAY2BGR).astype(np.float32)
    cast = np.array([rng.uniform(0.85, 1.0), rng.uniform(0.92, 1.0), 1.0], np.float32)
    return replace(page, image=np.clip(bgr * cast, 0, 255).astype(np.uint8))


def screen_recapture(page: SynthPage, rng: np.random.Generator) -> SynthPage:
    """Photograph of the image on a screen: RGB subpixel grid, slight rotation, resampling (moire)."""
    h, w = page.image.shape[:2]
    up = 3
    big = cv2.resize(page.image, (w * up, h * up), interpolation=cv2.INTER_NEAREST).astype(np.float32)
    yy, xx = np.mgrid[0 : h * up, 0 : w * up]
    grid = np.full(big.shape, 0.35, np.float32)
    for c in range(3):
        grid[..., 2 - c][(xx % 3) == c] = 1.0
    grid[(yy % 3) == 2] *= 0.4
    big *= grid
    angle = float(rng.uniform(-4, 4))
    scale = float(rng.uniform(0.9, 1.1)) / up * 1.6
    m = cv2.getRotationMatrix2D((w * up / 2, h * up / 2), angle, scale)
    m[0, 2] += (w * up * scale - w * up) / 2 * -1 + (w - w * up) / 2 * 0
    out_w, out_h = int(w * up * scale), int(h * up * scale)
    m = cv2.getRotationMatrix2D((w * up / 2, h * up / 2), angle, scale)
    m[0, 2] += out_w / 2 - w * up / 2
    m[1, 2] += out_h / 2 - h * up / 2
    small = cv2.warpAffine(big, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    small = cv2.GaussianBlur(small, (0, 0), 0.6) * float(rng.uniform(1.6, 2.2))
    small += rng.normal(0, 3, small.shape)
    img = np.clip(small, 0, 255).astype(np.uint8)
    return replace(
        page, image=img, dpi=page.dpi * scale * up, char_px=page.char_px * scale * up, boxes=(), card_box=None
    )
