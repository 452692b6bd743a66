"""Per-page image-quality measurements (no thresholds: ``assess`` applies those).

``measure`` returns a :class:`QualityMetrics` with the standard fields and, in ``extra``,
the values the checks need beyond them (paper and ink levels, document-region geometry,
moire score). All work is done on a downscaled copy except sharpness (scale-normalised on
the page itself) and the moire spectrum (needs the page's own pixel grid).
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extractors.models import BBox, BGRImage, DocType, QualityMetrics
from extractors.quality.regions import (
    DocRegion,
    Mask,
    WorkImage,
    background,
    boxes_height,
    document_region,
    ink_mask,
    text_height,
    u8,
    work_image,
)
from extractors.quality.sharpness import edge_sharpness

MM_PER_INCH = 25.4
CARD_WIDTH_MM = 85.6
CARD_ASPECT = 85.6 / 54.0
A4_SHORT_MM = 210.0
A4_ASPECT = 297.0 / 210.0
BODY_TEXT_MM = 3.9
"""Height of a body-text character as the component estimate sees it (五号/小四 ≈ 3.7–4.2 mm)."""
CARD_TEXT_MM = 3.0
MOIRE_WINDOW = 256


def measure(
    image: BGRImage, *, dpi: float | None, doc_type: DocType | None, text_boxes: Sequence[BBox]
) -> QualityMetrics:
    """Measure the quality of one upright page.

    Args:
        image: The page, BGR (a 2-D gray array is accepted too).
        dpi: Pixels per inch of the page when known (scanned PDF render dpi, trusted metadata).
        doc_type: The page's document type when known; ID cards get card-specific measurements.
        text_boxes: OCR line boxes in page pixels; may be empty (then text is found from ink).

    Returns:
        The metrics; ``extra`` holds ``paper_level``, ``ink_level``, ``text_px``, ``glare_max_area``,
        ``glare_x0``..``glare_y1``, ``doc_*`` region geometry, ``frame_aspect`` and ``moire``.
    """
    if image.ndim == 2:
        image = u8(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    h, w = image.shape[:2]
    work = work_image(image)
    region = document_region(work)
    bg = background(work.gray)
    ink = ink_mask(work.gray, bg)
    doc = work.gray[region.mask]
    paper = float(np.percentile(doc, 90))
    ink_in_doc = ink & region.mask
    # Typical stroke darkness (median ink pixel); a page without ink reports its paper level.
    ink_level = float(np.median(work.gray[ink_in_doc])) if ink_in_doc.sum() >= 20 else paper
    est = text_height(ink_in_doc)
    text_px = boxes_height(text_boxes) or (est / work.scale if est else None)
    if text_px is None and dpi:
        text_px = BODY_TEXT_MM * dpi / MM_PER_INCH
    sharp, _ = edge_sharpness(image, text_px, text_boxes)
    extra: dict[str, float] = {
        "paper_level": paper,
        "ink_level": ink_level,
        "ink_contrast": _ink_contrast(bg, work.gray, region.mask),
        "text_px": float(text_px or 0.0),
        "text_boxes": float(len(text_boxes)),
        "doc_fills_frame": float(region.fills_frame),
        "doc_border_cover": max(region.border_cover),
        "doc_sides_touched": float(sum(c > 0.05 for c in region.border_cover)),
        "doc_area_fraction": region.area_fraction,
        "doc_aspect": region.rect_size[0] / max(region.rect_size[1], 1.0),
        "frame_aspect": max(h, w) / max(min(h, w), 1),
    }
    edge = _touching_edge(region, work.scale, w, h)
    if edge is not None:
        extra.update({"crop_x0": edge.x0, "crop_y0": edge.y0, "crop_x1": edge.x1, "crop_y1": edge.y1})
    glare_frac = _glare(work, region, bg, paper, extra)
    if doc_type in (DocType.ID_CARD, None):
        extra["moire"] = _moire(image, region, work.scale)
    return QualityMetrics(
        width=w,
        height=h,
        sharpness=sharp,
        effective_dpi=_effective_dpi(dpi, doc_type, region, work, text_px, w, h),
        mean_brightness=float(doc.mean()),
        dark_fraction=float((doc < 60).mean()),
        bright_fraction=float((doc >= 250).mean()),
        glare_fraction=glare_frac,
        ink_fraction=float(ink_in_doc.sum()) / max(int(region.mask.sum()), 1),
        colourfulness=_colourfulness(work.bgr, region.mask, paper),
        extra=extra,
    )


def _effective_dpi(
    dpi: float | None,
    doc_type: DocType | None,
    region: DocRegion,
    work: WorkImage,
    text_px: float | None,
    w: int,
    h: int,
) -> float | None:
    """Pixels per inch on the document: given dpi, else the document's known size, else text size."""
    if dpi:
        return float(dpi)
    if doc_type == DocType.ID_CARD:
        if not region.fills_frame and max(region.border_cover) < 0.05:
            return region.rect_size[0] / work.scale / (CARD_WIDTH_MM / MM_PER_INCH)
        if abs(max(h, w) / max(min(h, w), 1) - CARD_ASPECT) < 0.1:
            return max(h, w) / (CARD_WIDTH_MM / MM_PER_INCH)
        return text_px / (CARD_TEXT_MM / MM_PER_INCH) if text_px else None
    if region.fills_frame and abs(max(h, w) / max(min(h, w), 1) - A4_ASPECT) < 0.05:
        return min(h, w) / (A4_SHORT_MM / MM_PER_INCH)
    return text_px / (BODY_TEXT_MM / MM_PER_INCH) if text_px else None


def _touching_edge(region: DocRegion, scale: float, w: int, h: int) -> BBox | None:
    """The frame side the document runs over most, as a strip in page pixels."""
    if region.fills_frame or max(region.border_cover) <= 0.05:
        return None
    side = int(np.argmax(region.border_cover))
    b = region.box
    x0, y0, x1, y1 = (int(v / scale) for v in (b.x0, b.y0, b.x1, b.y1))
    strip = max(4, int(0.02 * min(w, h)))
    return (
        BBox(x0=0, y0=y0, x1=strip, y1=y1),
        BBox(x0=w - strip, y0=y0, x1=w, y1=y1),
        BBox(x0=x0, y0=0, x1=x1, y1=strip),
        BBox(x0=x0, y0=h - strip, x1=x1, y1=h),
    )[side]


def _glare(work: WorkImage, region: DocRegion, bg: np.ndarray, paper: float, extra: dict[str, float]) -> float:
    """Fraction of the document covered by specular spots: saturated, colourless, brighter than the paper.

    A white sheet in a flat scan is at the saturation level itself, so nothing is brighter than
    its paper and nothing counts; a spot must also fade into the paper through a bright halo.
    """
    paper_bg = float(np.median(bg[region.mask]))
    extra["paper_bg"] = paper_bg
    if paper_bg >= 242:
        return 0.0
    hsv = cv2.cvtColor(work.bgr, cv2.COLOR_BGR2HSV)
    core = (work.gray >= 248) & (hsv[..., 1] <= 40) & region.mask
    core_u8 = cv2.morphologyEx(core.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(core_u8, connectivity=8)
    doc_area = max(int(region.mask.sum()), 1)
    gh, gw = work.gray.shape
    total = 0
    best: tuple[int, BBox] | None = None
    for i in range(1, n):
        area = int(stats[i, cv2.CC_STAT_AREA])
        if area < 0.0005 * doc_area:
            continue
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        if x == 0 or y == 0 or x + bw >= gw or y + bh >= gh:
            continue  # a lighting gradient running off the frame, not a spot with a halo
        pad = max(3, int(0.25 * max(bw, bh)))
        ys, xs = slice(max(0, y - pad), y + bh + pad), slice(max(0, x - pad), x + bw + pad)
        blob = (labels[ys, xs] == i).astype(np.uint8)
        grown = cv2.dilate(blob, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pad + 1, 2 * pad + 1)))
        ring = (grown > 0) & (blob == 0) & region.mask[ys, xs]
        if not ring.any():
            continue
        halo = float(np.median(bg[ys, xs][ring]))
        if halo < paper_bg + 0.25 * (255.0 - paper_bg):
            continue
        total += area
        if best is None or area > best[0]:
            best = (area, BBox(x0=x, y0=y, x1=x + bw, y1=y + bh))
    if best is not None:
        s = work.scale
        extra["glare_max_area"] = best[0] / doc_area
        extra.update(
            {
                "glare_x0": best[1].x0 / s,
                "glare_y0": best[1].y0 / s,
                "glare_x1": best[1].x1 / s,
                "glare_y1": best[1].y1 / s,
            }
        )
    return total / doc_area


def _ink_contrast(bg: np.ndarray, gray: np.ndarray, mask: Mask) -> float:
    """How far text lies below the paper (median darkening of pixels above the noise floor).

    Only pixels darker than the paper by more than the noise floor count; a page where no such
    pixels are left (text washed out) reports 0.
    """
    diff = (bg.astype(np.int16) - gray.astype(np.int16))[mask]
    dark = diff[diff > 12]
    if dark.size < max(20, int(0.0005 * diff.size)):
        return 0.0
    return float(np.percentile(dark, 50))


def _colourfulness(bgr: BGRImage, mask: Mask, paper: float = 255.0) -> float:
    """Spread of chroma on the document: inter-quartile ranges of the opponent channels.

    Quartiles, not standard deviations: JPEG chroma fringes at text edges are outliers, and a colour
    cast of the lighting shifts all pixels alike, so neither makes a gray copy look colourful.
    Values are scaled to a white paper so that a dim capture is not mistaken for a colourless one.
    """
    # Every second pixel is plenty for a spread and halves the cost.
    px = bgr[::2, ::2][mask[::2, ::2]].astype(np.float32) * (255.0 / max(paper, 32.0))
    if px.size == 0:
        return 0.0
    b, g, r = px[:, 0], px[:, 1], px[:, 2]
    rg = r - g
    yb = 0.5 * (r + g) - b
    q_rg = np.percentile(rg, [10, 90])
    q_yb = np.percentile(yb, [10, 90])
    return float(np.hypot(q_rg[1] - q_rg[0], q_yb[1] - q_yb[0]))


def _moire(image: BGRImage, region: DocRegion, scale: float) -> float:
    """Peak-to-median ratio of the high-frequency spectrum at the document's centre (log10).

    A screen photographed anew leaves periodic peaks from its pixel grid; print and paper do not.
    The axes are left out: text lines and card edges put energy there.
    """
    b = region.box
    cx, cy = int((b.x0 + b.x1) / 2 / scale), int((b.y0 + b.y1) / 2 / scale)
    n = MOIRE_WINDOW
    h, w = image.shape[:2]
    if min(h, w) < 64:
        return 0.0
    n = min(n, 1 << int(np.log2(min(h, w))))
    x0 = int(np.clip(cx - n // 2, 0, w - n))
    y0 = int(np.clip(cy - n // 2, 0, h - n))
    best = 0.0
    for dx in (-n // 2, 0, n // 2):
        xs = int(np.clip(x0 + dx, 0, w - n))
        patch = image[y0 : y0 + n, xs : xs + n].astype(np.float32)
        gray = patch.mean(axis=2)
        chroma = patch[..., 2] - patch[..., 0]  # a screen's RGB stripes beat in red minus blue
        best = max(best, _peak_score(gray, n), _peak_score(chroma, n))
    return best


def _peak_score(win: np.ndarray, n: int) -> float:
    """log10 of the strongest off-axis high-frequency peak over the band's median."""
    win = win - float(win.mean())
    hann = np.outer(np.hanning(n), np.hanning(n)).astype(np.float32)
    spec = np.abs(np.fft.fftshift(np.fft.fft2(win * hann)))
    f = (np.arange(n) - n // 2) / n
    fy, fx = np.meshgrid(f, f, indexing="ij")
    r = np.hypot(fx, fy)
    band = (r > 0.15) & (r < 0.48) & (np.abs(fx) > 2.5 / n) & (np.abs(fy) > 2.5 / n)
    vals = spec[band]
    med = float(np.median(vals))
    if med <= 0:
        return 0.0
    return float(np.log10(float(vals.max()) / med))
