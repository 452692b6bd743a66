"""Cheap page analysis shared by the quality measurements: work image, ink, text size, document region.

Everything here runs on a downscaled copy of the page (longer side at most ``WORK_SIDE``) so the
whole quality stage stays a small fraction of OCR time. It measures; it never decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from extractors.models import BBox, BGRImage

WORK_SIDE = 1000
"""Longer side of the analysis image in pixels."""

GrayImage = NDArray[np.uint8]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class WorkImage:
    """The page downscaled for analysis, with the factor back to page pixels."""

    bgr: BGRImage
    gray: GrayImage
    scale: float  # work pixels per page pixel (<= 1)


@dataclass(frozen=True)
class DocRegion:
    """Where the document (card or sheet) lies in the work image.

    ``fills_frame`` is true when no background around the document could be separated (a flat
    scan, or a capture zoomed onto the document). ``border_cover`` holds, per frame side
    (left, right, top, bottom), the fraction of that side the document touches.
    """

    mask: Mask
    box: BBox  # work-image pixels
    fills_frame: bool
    border_cover: tuple[float, float, float, float]
    area_fraction: float
    rect_size: tuple[float, float]  # min-area rectangle (long, short) in work pixels


def u8(array: object) -> NDArray[np.uint8]:
    """View an OpenCV result as a typed uint8 array (OpenCV's stubs return a loose union)."""
    return np.asarray(array, dtype=np.uint8)


def work_image(image: BGRImage, side: int = WORK_SIDE) -> WorkImage:
    """Return the page downscaled so its longer side is at most ``side`` (area interpolation)."""
    h, w = image.shape[:2]
    scale = min(1.0, side / max(h, w, 1))
    small = image if scale >= 1.0 else u8(cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    if small.ndim == 2:
        small = u8(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    gray = u8(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    return WorkImage(bgr=small, gray=gray, scale=scale)


def background(gray: GrayImage, size: int = 21) -> GrayImage:
    """Estimate the paper level under the ink: a max filter wider than strokes, then smoothing."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    bg = cv2.dilate(gray, kernel)
    return u8(cv2.blur(bg, (size, size)))


def ink_mask(gray: GrayImage, bg: GrayImage, min_contrast: int = 24) -> Mask:
    """Pixels darker than the local paper level by a margin relative to the page's own contrast."""
    diff = bg.astype(np.int16) - gray.astype(np.int16)
    span = float(np.percentile(diff, 99.5)) if diff.size else 0.0
    thr = max(float(min_contrast), 0.3 * span)
    mask: Mask = diff > thr
    return mask


def text_height(ink: Mask) -> float | None:
    """Typical character height (work pixels) from connected components of the ink mask.

    Strokes of one CJK character are joined by a small closing; neighbouring characters may
    merge into a line, which keeps the line's height. Returns ``None`` without enough components.
    """
    closed = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    if n <= 1:
        return None
    hs = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    ws = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    limit = 0.15 * ink.shape[0]
    keep = (hs >= 3) & (hs <= limit) & (area >= 8) & (ws <= 40 * hs) & (area <= 0.9 * hs * ws)
    if int(keep.sum()) < 5:
        return None
    hs = hs[keep]
    # Weight by width so one merged line counts as much as its separate characters.
    order = np.argsort(hs)
    cum = np.cumsum(ws[keep][order])
    return float(hs[order][int(np.searchsorted(cum, 0.6 * cum[-1]))])


def boxes_height(boxes: Sequence[BBox]) -> float | None:
    """Median height of OCR line boxes (page pixels), or ``None`` without boxes."""
    hs = [b.height for b in boxes if b.height > 0 and b.width > 0]
    return float(np.median(hs)) if hs else None


def document_region(work: WorkImage) -> DocRegion:
    """Separate a bright document from a darker or more colourful background (desk, scanner lid)."""
    region = _document_region(_half(work.bgr))
    h, w = work.gray.shape
    sh, sw = region.mask.shape
    if (sh, sw) == (h, w):
        return region
    fx, fy = w / sw, h / sh
    mask = u8(cv2.resize(region.mask.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)) > 0
    b = region.box
    box = BBox(x0=int(b.x0 * fx), y0=int(b.y0 * fy), x1=min(w, int(round(b.x1 * fx))), y1=min(h, int(round(b.y1 * fy))))
    rect = (region.rect_size[0] * fx, region.rect_size[1] * fx)
    return DocRegion(mask, box, region.fills_frame, region.border_cover, region.area_fraction, rect)


def _half(bgr: BGRImage, side: int = 500) -> BGRImage:
    """The work image at most ``side`` pixels long: region finding needs no detail."""
    scale = side / max(bgr.shape[:2])
    return bgr if scale >= 1 else u8(cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))


def _document_region(bgr: BGRImage) -> DocRegion:
    h, w = bgr.shape[:2]
    full = BBox(x0=0, y0=0, x1=w, y1=h)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    # Paper is bright and unsaturated: score brightness minus saturation, smoothed over text.
    score = cv2.GaussianBlur(
        np.clip(hsv[..., 2].astype(np.int16) - hsv[..., 1].astype(np.int16) // 2, 0, 255).astype(np.uint8), (7, 7), 0
    )
    thr, binary = cv2.threshold(score, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    hi = score[binary > 0]
    lo = score[binary == 0]
    fill: DocRegion = DocRegion(
        np.ones((h, w), bool), full, True, (1.0, 1.0, 1.0, 1.0), 1.0, (float(max(h, w)), float(min(h, w)))
    )
    if hi.size == 0 or lo.size < 0.03 * h * w or float(hi.mean()) - float(lo.mean()) < 50:
        return fill
    k = max(3, int(round(min(h, w) / 60)))
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=4)
    if n <= 1:
        return fill
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = float(stats[best, cv2.CC_STAT_AREA])
    if area < 0.05 * h * w:
        return fill
    mask: Mask = labels == best
    # Fill holes (dark photo box, text blocks) so the region is the whole card.
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros((h, w), np.uint8)
    cv2.drawContours(filled, list(contours), -1, (1,), thickness=-1)
    mask = filled > 0
    x, y, bw, bh = (int(v) for v in stats[best, :4])
    band = max(2, int(round(min(h, w) * 0.006)))
    cover = (
        float(mask[:, :band].any(axis=1).mean()),
        float(mask[:, w - band :].any(axis=1).mean()),
        float(mask[:band, :].any(axis=0).mean()),
        float(mask[h - band :, :].any(axis=0).mean()),
    )
    (_, _), (rw, rh), _ = cv2.minAreaRect(max(contours, key=cv2.contourArea))
    area_frac = float(mask.mean())
    fills = min(cover) > 0.9 or area_frac > 0.97
    return DocRegion(mask, BBox(x0=x, y0=y, x1=x + bw, y1=y + bh), fills, cover, area_frac, (max(rw, rh), min(rw, rh)))
