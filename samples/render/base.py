"""Drawing primitives shared by the document renderers: fonts, a millimetre canvas, seals and ink.

Everything here is deterministic given the ``random.Random`` passed in; nothing reads the clock.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_FILES: dict[str, tuple[str, int]] = {
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "sans_bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "mono": ("/usr/share/fonts/truetype/noto/NotoSansMono-Bold.ttf", 0),
    "ug": ("/usr/share/fonts/truetype/fonts-ukij-uyghur/UKIJTuT.ttf", 0),
}

INK = (24, 24, 28)
RED = (214, 30, 38)
BLUE_INK = (22, 40, 120)


@lru_cache(maxsize=256)
def font(kind: str, px: int) -> ImageFont.FreeTypeFont:
    """Return a cached font of ``kind`` (a key of FONT_FILES) at ``px`` pixels."""
    path, index = FONT_FILES[kind]
    return ImageFont.truetype(path, max(4, px), index=index)


class Canvas:
    """A page of a given physical size, drawn in millimetres and points.

    Args:
        width_mm: Page width in millimetres.
        height_mm: Page height in millimetres.
        dpi: Resolution of the rendered image.
        color: Paper colour.
    """

    def __init__(self, width_mm: float, height_mm: float, dpi: int, color: tuple[int, int, int] = (255, 255, 255)):
        self.dpi = dpi
        self.px_per_mm = dpi / 25.4
        self.image = Image.new("RGB", (self.px(width_mm), self.px(height_mm)), color)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        """Convert millimetres to pixels."""
        return int(round(mm * self.px_per_mm))

    def pt(self, points: float) -> int:
        """Convert a font size in points to pixels."""
        return int(round(points * self.dpi / 72))

    def text(
        self,
        x_mm: float,
        y_mm: float,
        s: str,
        size_pt: float,
        kind: str = "sans",
        fill: tuple[int, ...] = INK,
        anchor: str = "la",
        **kw: object,
    ) -> tuple[int, int, int, int]:
        """Draw ``s`` at (x, y) mm and return its pixel box."""
        f = font(kind, self.pt(size_pt))
        xy = (self.px(x_mm), self.px(y_mm))
        self.draw.text(xy, s, font=f, fill=fill, anchor=anchor, **kw)  # type: ignore[arg-type]
        return tuple(self.draw.textbbox(xy, s, font=f, anchor=anchor, **kw))  # type: ignore[return-value,arg-type]

    def text_width_mm(self, s: str, size_pt: float, kind: str = "sans") -> float:
        """Width of ``s`` in millimetres."""
        return font(kind, self.pt(size_pt)).getlength(s) / self.px_per_mm

    def line(self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.3, fill=INK) -> None:  # type: ignore[no-untyped-def]
        """Draw a straight line in millimetres."""
        self.draw.line(
            [(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))], fill=fill, width=max(1, self.px(width_mm))
        )

    def rect(self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.3, fill=None, outline=INK) -> None:  # type: ignore[no-untyped-def]
        """Draw a rectangle in millimetres."""
        self.draw.rectangle(
            [self.px(x0), self.px(y0), self.px(x1), self.px(y1)],
            fill=fill,
            outline=outline,
            width=max(1, self.px(width_mm)) if outline else 0,
        )

    def paragraph(
        self,
        x_mm: float,
        y_mm: float,
        width_mm: float,
        s: str,
        size_pt: float,
        kind: str = "sans",
        leading: float = 1.7,
        indent: int = 2,
        fill: tuple[int, ...] = INK,
    ) -> float:
        """Draw CJK text wrapped at ``width_mm``; return the y (mm) below the last line."""
        f = font(kind, self.pt(size_pt))
        limit = width_mm * self.px_per_mm
        lines: list[str] = []
        current = "\u3000" * indent
        for ch in s:
            if f.getlength(current + ch) > limit:
                lines.append(current)
                current = ch
            else:
                current += ch
        if current:
            lines.append(current)
        line_mm = size_pt * 25.4 / 72 * leading
        for i, ln in enumerate(lines):
            self.text(x_mm, y_mm + i * line_mm, ln, size_pt, kind, fill=fill)
        return y_mm + len(lines) * line_mm


def wrap_cjk(s: str, per_line: int) -> list[str]:
    """Split ``s`` into lines of at most ``per_line`` characters."""
    return [s[i : i + per_line] for i in range(0, len(s), per_line)] or [""]


def multiply(base: Image.Image, layer: Image.Image, alpha: Image.Image) -> None:
    """Blend an ink ``layer`` onto ``base`` in place, like ink on paper (darken by multiplication)."""
    b = np.asarray(base, dtype=np.float32)
    ink = np.asarray(layer.convert("RGB"), dtype=np.float32)
    a = np.asarray(alpha, dtype=np.float32)[..., None] / 255.0
    mixed = b * (1 - a) + (b * ink / 255.0) * a
    base.paste(Image.fromarray(mixed.clip(0, 255).astype(np.uint8)))


def seal(
    canvas: Canvas,
    cx_mm: float,
    cy_mm: float,
    ring_text: str,
    rng: random.Random,
    bottom_text: str = "",
    radius_mm: float = 21.0,
) -> tuple[int, int, int, int]:
    """Stamp a red round unit seal (ring text, star, optional bottom line) and return its pixel box."""
    r = canvas.px(radius_mm)
    size = 2 * r + 8
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    c = size / 2
    d.ellipse([c - r, c - r, c + r, c + r], outline=255, width=max(2, canvas.px(1.1)))
    star_r = r * 0.28
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rr = star_r if k % 2 == 0 else star_r * 0.4
        pts.append((c + rr * math.cos(ang), c + rr * math.sin(ang)))
    d.polygon(pts, fill=255)
    fpx = int(r * 0.30)
    f = font("sans_bold", fpx)
    n = len(ring_text)
    span = min(250.0, 22.0 * n)
    for i, ch in enumerate(ring_text):
        ang = -90 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("L", (fpx * 2, fpx * 2), 0)
        ImageDraw.Draw(glyph).text((fpx, fpx), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC)
        rad = math.radians(ang)
        gx = c + (r - fpx * 0.85) * math.cos(rad)
        gy = c + (r - fpx * 0.85) * math.sin(rad)
        mask.paste(255, (int(gx - fpx), int(gy - fpx)), glyph)
    if bottom_text:
        fb = font("sans_bold", int(r * 0.17))
        d.text((c, c + r * 0.55), bottom_text, font=fb, fill=255, anchor="mm")
    # Uneven ink: random pressure field, a few voids, slight blur.
    noise = np.random.default_rng(rng.randrange(2**32)).random((size // 6 + 1, size // 6 + 1))
    field = Image.fromarray((noise * 255).astype(np.uint8)).resize((size, size), Image.Resampling.BICUBIC)
    m = np.asarray(mask, dtype=np.float32) * (0.55 + 0.45 * np.asarray(field, dtype=np.float32) / 255.0)
    mask = Image.fromarray(m.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    mask = mask.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    layer = Image.new("RGB", mask.size, (rng.randint(200, 225), rng.randint(20, 45), rng.randint(30, 50)))
    x0, y0 = canvas.px(cx_mm) - size // 2, canvas.px(cy_mm) - size // 2
    region = canvas.image.crop((x0, y0, x0 + size, y0 + size))
    multiply(region, layer, mask)
    canvas.image.paste(region, (x0, y0))
    return (x0, y0, x0 + size, y0 + size)


def handwriting(
    canvas: Canvas,
    x_mm: float,
    y_mm: float,
    s: str,
    size_pt: float,
    rng: random.Random,
    fill: tuple[int, int, int] = BLUE_INK,
    max_width_mm: float | None = None,
    leading: float = 1.6,
) -> float:
    """Write ``s`` in a handwriting-like face with per-character jitter; return the y below the last line."""
    px = canvas.pt(size_pt)
    f = font("kai", px)
    x0 = canvas.px(x_mm)
    x, y = x0, canvas.px(y_mm)
    limit = x0 + (canvas.px(max_width_mm) if max_width_mm else 10**9)
    drift = 0.0
    for ch in s:
        step = int(f.getlength(ch) * rng.uniform(0.9, 1.04))
        if x + step > limit:
            x, y = x0 + rng.randint(-4, 4), y + int(px * leading)
            drift = 0.0
        drift += rng.uniform(-0.6, 0.6)
        g = Image.new("L", (px * 2, px * 2), 0)
        scale = rng.uniform(0.9, 1.08)
        fg = font("kai", int(px * scale))
        ImageDraw.Draw(g).text((px, px), ch, font=fg, fill=255, anchor="mm")
        g = g.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(0.4))
        canvas.image.paste(fill, (x + step // 2 - px, int(y + drift) - px), g)
        x += step
    return (y + px * leading) / canvas.px_per_mm


def signature(canvas: Canvas, x_mm: float, y_mm: float, name: str, rng: random.Random, size_pt: float = 22) -> None:
    """Sign ``name``: a slanted, overlapping handwriting with a trailing stroke."""
    px = canvas.pt(size_pt)
    w = int(px * (len(name) * 0.9 + 2))
    g = Image.new("L", (w, px * 2), 0)
    d = ImageDraw.Draw(g)
    x = px // 2
    for ch in name:
        f = font("kai", int(px * rng.uniform(0.95, 1.2)))
        d.text((x, px + rng.randint(-px // 8, px // 8)), ch, font=f, fill=255, anchor="lm", stroke_width=1)
        x += int(px * rng.uniform(0.62, 0.8))
    pts = [(x - px // 3, px + px // 4)]
    for _ in range(3):
        pts.append((pts[-1][0] + rng.randint(px // 4, px // 2), pts[-1][1] + rng.randint(-px // 3, px // 5)))
    d.line(pts, fill=255, width=max(2, px // 14))
    g = g.transform(g.size, Image.Transform.AFFINE, (1, 0.25, -px * 0.25, 0, 1, 0), resample=Image.Resampling.BICUBIC)
    g = g.rotate(rng.uniform(-5, 3), resample=Image.Resampling.BICUBIC, expand=False)
    canvas.image.paste((16, 20, 30), (canvas.px(x_mm), canvas.px(y_mm) - px), g)


def fingerprint(canvas: Canvas, cx_mm: float, cy_mm: float, rng: random.Random) -> tuple[int, int, int, int]:
    """Press a red-ink fingerprint (an oval of ridge whorls) centred at (cx, cy) mm; return its pixel box."""
    w, h = canvas.px(15), canvas.px(20)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = (xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2)
    rad = np.sqrt(nx**2 + (ny * 0.95) ** 2)
    ang = np.arctan2(ny, nx)
    period = max(3.0, canvas.px(0.45))
    warp = 2.5 * np.sin(3 * ang + rng.uniform(0, 6)) + 1.5 * np.sin(5 * ang + rng.uniform(0, 6))
    ridges = 0.5 + 0.5 * np.sin((rad * w / 2 + warp) * 2 * math.pi / period)
    env = np.clip((1 - rad) * 4, 0, 1)
    noise = np.random.default_rng(rng.randrange(2**32)).random((h // 8 + 1, w // 8 + 1))
    blot = np.asarray(
        Image.fromarray((noise * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32
    )
    a = (ridges**1.5) * env * (0.45 + 0.55 * blot / 255.0) * 235
    mask = Image.fromarray(a.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    mask = mask.rotate(rng.uniform(-20, 20), resample=Image.Resampling.BICUBIC)
    layer = Image.new("RGB", (w, h), (205, 25, 40))
    x0, y0 = canvas.px(cx_mm) - w // 2, canvas.px(cy_mm) - h // 2
    region = canvas.image.crop((x0, y0, x0 + w, y0 + h))
    multiply(region, layer, mask)
    canvas.image.paste(region, (x0, y0))
    return (x0, y0, x0 + w, y0 + h)


def table(
    canvas: Canvas,
    x0: float,
    y0: float,
    col_widths: Sequence[float],
    row_heights: Sequence[float],
    width_mm: float = 0.3,
) -> list[list[tuple[float, float, float, float]]]:
    """Draw a ruled grid and return each cell's (x0, y0, x1, y1) in millimetres."""
    xs = [x0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    ys = [y0]
    for h in row_heights:
        ys.append(ys[-1] + h)
    for x in xs:
        canvas.line(x, ys[0], x, ys[-1], width_mm)
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y, width_mm)
    return [[(xs[c], ys[r], xs[c + 1], ys[r + 1]) for c in range(len(col_widths))] for r in range(len(row_heights))]


def cell_text(
    canvas: Canvas,
    cell: tuple[float, float, float, float],
    s: str,
    size_pt: float,
    kind: str = "sans",
    align: str = "m",
) -> None:
    """Write ``s`` in a table cell, centred vertically; ``align`` 'm' centre or 'l' left."""
    x0, y0, x1, y1 = cell
    if align == "l":
        canvas.text(x0 + 1.5, (y0 + y1) / 2, s, size_pt, kind, anchor="lm")
    else:
        canvas.text((x0 + x1) / 2, (y0 + y1) / 2, s, size_pt, kind, anchor="mm")
