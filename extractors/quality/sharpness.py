"""Edge sharpness of text, independent of resolution, contrast and the amount of text.

The page is rescaled so that characters are ``TARGET_TEXT_PX`` high (never enlarged: a small
page is measured as it is and left to the resolution check), then, at local gradient maxima
on text edges, the gradient is divided by the local contrast. A crisp edge has a ratio near 1;
a Gaussian blur of ``s`` pixels lowers it roughly as ``1 / s``. The median over edge pixels does
not depend on how many edges there are, and the division removes exposure.

That median is blind to a shaken camera: motion blur smears only the edges across its direction, and
the ridge of the other edges stays crisp (a horizontal smear of half a character height, which OCR
cannot read, left the median at 0.68-0.84). ``directional_sharpness`` measures the same ratio along
four directions separately — the gradient along the direction over the contrast within a 13-pixel
line in that direction, at maxima along it — and returns the softest: text crosses every direction,
so each one has edges, and a smear shows in its own direction whatever the strokes' orientation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.models import BBox, BGRImage

TARGET_TEXT_PX = 20.0
"""Character height, in pixels, at which sharpness is measured."""

MAX_PIXELS = 600_000
"""Pixels analysed at most; larger normalised pages are measured on their inkiest tiles."""

TILE = 256


@dataclass(frozen=True)
class TextSharpness:
    """Both measures of one page, from one preparation (gray, rescaled, tiles chosen, gradients)."""

    edge: float | None
    """Median edge sharpness over all edges (``edge_sharpness``), ``None`` without text edges."""
    directional: float | None
    """The softest direction's sharpness (``directional_sharpness``), ``None`` without text edges."""
    direction: int | None
    """That direction in degrees (0, 45, 90, 135)."""


@dataclass(frozen=True)
class _Prepared:
    """What both measures start from: the measured pixels, their gradients and 7x7 local contrast."""

    gray: np.ndarray
    mask: np.ndarray | None
    gx: np.ndarray
    gy: np.ndarray
    contrast: np.ndarray
    cmax: float
    scale: float


def _prepare(image: BGRImage, scale: float, boxes: Sequence[BBox] = ()) -> _Prepared:
    """Gray, rescaled by ``scale`` (never enlarged), cut to its inkiest tiles, with Sobel gradients and contrast.

    The gradients are Sobel's, unscaled: a one-pixel step of height C gives about 4C.
    """
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, scale)
    h, w = gray.shape
    region_mask: np.ndarray | None = None
    if boxes:
        region_mask = np.zeros((h, w), np.uint8)
        for b in boxes:
            region_mask[max(0, b.y0) : max(0, b.y1), max(0, b.x0) : max(0, b.x1)] = 1
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if region_mask is not None:
            region_mask = cv2.resize(region_mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    gray, region_mask = _limit(gray, region_mask)
    g32 = gray.astype(np.float32)
    gx = cv2.Sobel(g32, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g32, cv2.CV_32F, 0, 1, ksize=3)
    square = np.ones((7, 7), np.uint8)
    contrast = cv2.dilate(gray, square).astype(np.float32) - cv2.erode(gray, square).astype(np.float32)
    cmax = float(np.percentile(contrast, 99.5))
    return _Prepared(gray, region_mask, gx, gy, contrast, cmax, scale)


def _text_scale(text_px: float | None) -> float:
    return TARGET_TEXT_PX / text_px if text_px else 1.0


def text_sharpness(image: BGRImage, text_px: float | None, boxes: Sequence[BBox] = ()) -> TextSharpness:
    """Both measures of a page of text, preparing the page once (``measure`` calls this)."""
    prepared = _prepare(image, _text_scale(text_px), boxes)
    directional, direction = _directional(prepared)
    return TextSharpness(_edge(prepared), directional, direction)


def edge_sharpness(
    image: BGRImage, text_px: float | None, boxes: Sequence[BBox] = (), *, scale: float | None = None
) -> tuple[float | None, float]:
    """Return (sharpness in 0..1 or ``None`` without text edges, scale used).

    Args:
        image: The page (BGR or gray).
        text_px: Typical character height in page pixels, if known.
        boxes: OCR line boxes in page pixels; when given, only edges inside them count.
        scale: Factor to measure at instead of the one ``text_px`` gives (an image without text, such as a
            portrait, normalised by its own size); never above 1.
    """
    prepared = _prepare(image, _text_scale(text_px) if scale is None else scale, boxes)
    return _edge(prepared), prepared.scale


def _edge(p: _Prepared) -> float | None:
    if p.cmax < 12:
        return None
    # A one-pixel step of height C gives ~C. Not cv2.magnitude: its SIMD square root differs in the last bits
    # with the buffers' alignment, so the same page measured 0.7253 or 0.7266 from one call to the next.
    grad = np.hypot(p.gx, p.gy).astype(np.float32) / 4.0
    ridge = (
        (grad >= cv2.dilate(grad, np.ones((3, 3), np.uint8)))
        & (p.contrast >= max(12.0, 0.4 * p.cmax))
        & (grad > 0.1 * p.contrast)
    )
    if p.mask is not None:
        ridge &= p.mask > 0
    if int(ridge.sum()) < 50:
        return None
    ratio = grad[ridge] / np.maximum(p.contrast[ridge], 1.0)
    return float(np.clip(np.median(ratio), 0.0, 1.0))


#: Directions measured by ``directional_sharpness``: unit steps (x, y) in image coordinates (y down).
DIRECTIONS = {0: (1, 0), 45: (1, -1), 90: (0, 1), 135: (1, 1)}
LINE_PX = 13
"""Length of the line along which a direction's local contrast is taken (characters are 20 px high)."""


def directional_sharpness(image: BGRImage, text_px: float | None) -> tuple[float | None, int | None]:
    """Return (the softest direction's edge sharpness in 0..1, that direction in degrees), or (None, None).

    Same scale as ``edge_sharpness`` (characters ``TARGET_TEXT_PX`` high, never enlarged). Per direction:
    the absolute gradient along it, at pixels where that gradient is a local maximum along it, divided by
    the contrast (max - min) on a ``LINE_PX`` line through the pixel in that direction; the median over
    such pixels near text (contrast at least 0.4 of the page's). Crisp synthetic pages measure 0.61-0.80,
    the committed and generated sample documents (scans and phone photos) 0.43 or more; a smear of a fifth
    of a character height lowers its own direction to about 0.5, of half a character height to about 0.3.
    """
    return _directional(_prepare(image, _text_scale(text_px)))


def _directional(p: _Prepared) -> tuple[float | None, int | None]:
    if p.cmax < 12:
        return None, None
    floor = max(12.0, 0.4 * p.cmax)
    gx, gy = p.gx / 4.0, p.gy / 4.0
    softest: tuple[float | None, int | None] = (None, None)
    for degrees, (ux, uy) in DIRECTIONS.items():
        norm = float(np.hypot(ux, uy))
        along = np.abs(gx * (ux / norm) + gy * (uy / norm))
        line = _line_kernel(ux, uy)
        contrast = cv2.dilate(p.gray, line).astype(np.float32) - cv2.erode(p.gray, line).astype(np.float32)
        before = np.roll(along, (uy, ux), axis=(0, 1))
        after = np.roll(along, (-uy, -ux), axis=(0, 1))
        ridge = (along >= before) & (along >= after) & (contrast >= floor) & (along > 0.04 * contrast)
        if int(ridge.sum()) < 50:
            continue
        value = float(np.clip(np.median(along[ridge] / np.maximum(contrast[ridge], 1.0)), 0.0, 1.0))
        if softest[0] is None or value < softest[0]:
            softest = (value, degrees)
    return softest


def _line_kernel(ux: int, uy: int) -> np.ndarray:
    """A ``LINE_PX`` structuring element along the step (ux, uy): a row, a column or a diagonal."""
    if uy == 0:
        return np.ones((1, LINE_PX), np.uint8)
    if ux == 0:
        return np.ones((LINE_PX, 1), np.uint8)
    diagonal = np.eye(LINE_PX, dtype=np.uint8)  # down-right: the step (1, 1)
    return diagonal if uy > 0 else np.ascontiguousarray(np.fliplr(diagonal))


def _limit(gray: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Keep at most ``MAX_PIXELS``: the tiles with the most dark-on-light structure."""
    h, w = gray.shape
    if h * w <= MAX_PIXELS:
        return gray, mask
    ty, tx = h // TILE, w // TILE
    if ty == 0 or tx == 0:
        return gray, mask
    tiles = gray[: ty * TILE, : tx * TILE].reshape(ty, TILE, tx, TILE)
    spread = tiles.std(axis=(1, 3))
    keep = max(1, MAX_PIXELS // (TILE * TILE))
    order = np.argsort(spread.ravel())[::-1][:keep]
    rows = []
    mrows = []
    for idx in order:
        r, c = divmod(int(idx), tx)
        rows.append(gray[r * TILE : (r + 1) * TILE, c * TILE : (c + 1) * TILE])
        if mask is not None:
            mrows.append(mask[r * TILE : (r + 1) * TILE, c * TILE : (c + 1) * TILE])
    # Tiles side by side with a flat one-pixel gap would create edges; concatenate along a strip
    # and let the 7-pixel contrast window straddle seams: seams add few ridge pixels versus text.
    strip = np.concatenate(rows, axis=1)
    mstrip = np.concatenate(mrows, axis=1) if mask is not None else None
    return strip, mstrip
