"""Per-page image-quality measurements (no thresholds: ``assess`` applies those).

``measure`` returns a :class:`QualityMetrics` with the standard fields and, in ``extra``,
the values the checks need beyond them (paper and ink levels, document-region geometry,
moire score). All work is done on a downscaled copy except sharpness (scale-normalised on
the page itself) and the moire spectrum (needs the page's own pixel grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

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
from extractors.quality.sharpness import edge_sharpness, text_sharpness

MM_PER_INCH = 25.4
CARD_WIDTH_MM = 85.6
CARD_ASPECT = 85.6 / 54.0
A4_SHORT_MM = 210.0
A4_ASPECT = 297.0 / 210.0
BODY_TEXT_MM = 3.9
"""Height of a body-text character as the component estimate sees it (五号/小四 ≈ 3.7–4.2 mm)."""
CARD_TEXT_MM = 3.0
MOIRE_WINDOW = 256
"""Side of a spectrum window, page pixels (smaller when the page is)."""
MOIRE_GRID = (2, 2)
"""Windows across and down the document whose power spectra ``_moire`` averages."""
MOIRE_MARGIN = 0.12
"""Fraction of the document's box left out on each side before the windows are placed."""
MOIRE_LINE = 31
"""Bins along a row / column of the spectrum that a peak is compared with."""
MOIRE_MIN_FREQ = 0.04
MOIRE_MAX_FREQ = 0.45
"""Frequencies (cycles per pixel) between which peaks count."""
MOIRE_CHROMA_HANDICAP = 1.0
"""What a peak in red minus blue must stand out by beyond one in brightness (log10: ten times the power).
Text is neutral, so little else rises in that channel, but a card's coloured guilloche does: its harmonics
stood 1.6-1.9 above the rest on clean 300-dpi PNG scans (tune seeds 1095, 1099), where brightness peaks of
clean cards stay under 1.2; recaptures seen with a weak brightness peak (1.0-1.2) had red-minus-blue peaks of
2.8. Any handicap from 0.8 to 1.3 separates the tune cards alike."""
GLARE_MIN_LEVEL = 240.0
"""Grey level a glare core reaches at least (and a third of the way from the paper to white)."""
GLARE_MAX_HOLES = 0.02
"""Ink fraction inside a candidate core above which it is a bright area with print, not glare."""
GLARE_MIN_DROP = 8.0
"""Grey levels the background must fall from the core to its surroundings (a spot, not a gradient)."""
GLARE_MAX_CANDIDATES = 5
GLARE_MAX_ROUGHNESS = 1.6
"""Most roughness (outline length over the length of its convex hull) of a candidate core that counts as glare.

A reflection has a smooth outline, whatever its shape: an ellipse, a flash strip, a ring light's annulus, a
crescent or a star measured 1.03-1.24 (tests/test_glare_shapes.py, hand-made, none of them the generator's).
Paper that uneven phone light clips to white follows the card's print-free areas and has a ragged outline: the
false IMAGE_GLARE on an ID card of tune seed 3008 (tests/data/phone_id_emblem_lit_paper.jpg, 0.062 of the card)
measured 2.05. This replaced a solidity bar (0.81) that the generator's elliptical spots passed and a ring, a
crescent or a star (solidity 0.42-0.58) did not."""
GLARE_LARGE_HOLE = 0.1
"""A hole in a core larger than this share of the core is unlit card inside a ring of glare, not print left in
a bright area: it is not counted as the core's ink."""
FAINT_INK_LEVELS = 5
"""Grey levels under the paper that count as faint ink after smoothing (paper noise stays within)."""
EDGE_BAND = 0.03
"""Width of the band along a frame side (fraction of the shorter work side) where cut content is looked for."""
FRAME_STRIP = 0.25
"""Share of that band, next to the frame, where print cut by the frame must reach: print that runs off the
frame touches it, while an object lying on a desk merged with the document (a pen whose tip ends 14 px from
the frame, tune seed 1300, WL1300-0027) can lie in the band without reaching it. Generated ID cards cut at each
side (tune seed 1300) had 0.005-0.16 of this strip inked where the band's ink flagged them; that pen 0.000."""
CUT_EDGE_MIN_ROWS = 5
"""Fewest rows (work pixels) of a document edge past the end of a touching stretch to measure its slope by."""
BORDER_GRADIENT = 3.0
"""Gradient (grey levels per work pixel, after smoothing) that counts as structure at the frame border."""
EDGE_DARK_DROP = 90.0
"""Grey levels under the paper from which a pixel of a frame-side band is dark content: broad print the stroke
mask cannot see, such as a portrait's hair and clothes (a desk or scanner bed merged with a card stays within
a few levels of the paper: 0.000 of its bands on generated grey desks, walls and beds). It was 60 until a
light desk merged with a card, darker where the phone's light fell off, came 58 levels under the paper along
the frame and 0.18 of the band counted as dark (tune seed 1300, WL1300-0027, a whole card). Generated ID cards
cut by hand through the portrait at the right (tune seed 1300, 6 phone captures): 0.155-0.461 of the band at 60,
0.153-0.441 at 90; that desk 0.000 at 90."""
PHOTO_SHARPNESS_SIDE = 295.0
"""Shorter side (pixels) a 1-inch portrait is measured at: 25 mm at 300 dpi. Without text there is no character
height to normalise by, and the soft edges of a face spread over more pixels the finer the capture: the same
generated portrait measured 0.65 / 0.61 / 0.51-0.60 at 150 / 300 / 600 dpi at its own size."""


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
        ``glare_x0``..``glare_y1``, ``doc_*`` region geometry, ``side{i}_*`` for each frame side the
        document touches (see ``_touched_sides``), ``frame_aspect`` and ``moire``.
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
    inner = region.mask
    if not region.fills_frame:
        # The sheet's own edge and its shadow on the desk are no ink: count ink inside a margin.
        k = max(3, int(0.03 * min(work.gray.shape)))
        inner = u8(cv2.erode(region.mask.astype(np.uint8), np.ones((k, k), np.uint8))) > 0
    # Typical stroke darkness (median ink pixel); a page without ink reports its paper level.
    ink_level = float(np.median(work.gray[ink_in_doc])) if ink_in_doc.sum() >= 20 else paper
    est = text_height(ink_in_doc)
    text_px = boxes_height(text_boxes) or (est / work.scale if est else None)
    if text_px is None and dpi:
        text_px = BODY_TEXT_MM * dpi / MM_PER_INCH
    rect_area = max(region.rect_size[0] * region.rect_size[1], 1.0)
    if doc_type == DocType.PHOTO:
        # A portrait has no text: its edges (hair, face and shoulders on the backdrop) are measured at one size.
        sharp, _ = edge_sharpness(image, None, scale=PHOTO_SHARPNESS_SIDE / max(min(h, w), 1))
        smear: tuple[float | None, int | None] = (None, None)
    else:
        measured = text_sharpness(image, text_px, text_boxes)
        sharp, smear = measured.edge, (measured.directional, measured.direction)
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
        # How much of its minimal bounding rectangle the region fills: a card, whole or cut by the frame, is a
        # rectangle (0.88-0.99); a card whose region a light wall or desk joined is not (0.63-0.82).
        "doc_rectangularity": region.area_fraction * work.gray.size / rect_area,
        "frame_aspect": max(h, w) / max(min(h, w), 1),
        "faint_ink": _faint_ink(work.gray, bg, inner),
    }
    if smear[0] is not None:
        extra["directional_sharpness"] = smear[0]
        extra["blur_direction"] = float(smear[1] or 0)
    if doc_type == DocType.ID_CARD and region.fills_frame:
        extra["border_structure"] = _border_structure(work)
    extra.update(_touched_sides(work, region, ink, paper, w, h))
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
        ink_fraction=float((ink & inner).sum()) / max(int(inner.sum()), 1),
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
    by_text = text_px / (BODY_TEXT_MM / MM_PER_INCH) if text_px else None
    if not region.fills_frame and abs(region.rect_size[0] / max(region.rect_size[1], 1.0) - A4_ASPECT) < 0.08:
        # A sheet photographed on a desk: its outline gives the scale. Taken as A4; an A5 certificate
        # has the same aspect and reads 1.41x low, which the threshold leaves room for.
        by_sheet = region.rect_size[1] / work.scale / (A4_SHORT_MM / MM_PER_INCH)
        return by_sheet if by_text is None else min(by_sheet, by_text)
    return by_text


def _touched_sides(
    work: WorkImage, region: DocRegion, ink: Mask, paper_level: float, w: int, h: int
) -> dict[str, float]:
    """Per frame side the document touches (0 left, 1 right, 2 top, 3 bottom): what runs into the frame there.

    ``side{i}_cover``: fraction of the side the document region covers; ``side{i}_ink``: ink fraction of the
    region in a band along the side (print cut by the frame; a lit desk merged with the paper has none:
    0.006-0.077 on sheets cut at 25-30 %, 0.0 on merged desks); ``side{i}_dark``: fraction of that band, over
    the stretch of the side the document touches, more than ``EDGE_DARK_DROP`` below the paper (broad dark
    print such as a card's portrait, which leaves the region and the stroke mask alike: a card cut through its
    photo measured ink 0.0006 but dark 0.30, tune seed 1066); ``side{i}_paper_delta``: Lab distance between
    the ink-free region in that band and the document's inner paper (the same paper cut off: 2-14 on cut
    sheets and cards; a wall, desk or wood plank merged with it: 21-35); ``side{i}_frame_ink``: ink fraction of
    the region in the part of the band next to the frame (:data:`FRAME_STRIP`); ``side{i}_cut_depth``: how deep
    the document can run past the frame there (:func:`cut_depth`); ``side{i}_x0``..``y1``: the strip, page
    pixels. Nothing for a document filling the frame.
    """
    if region.fills_frame or max(region.border_cover) <= 0.05:
        return {}
    gh, gw = ink.shape
    band = max(3, int(EDGE_BAND * min(gh, gw)))
    k = max(3, int(0.08 * min(gh, gw)))
    inner = (u8(cv2.erode(region.mask.astype(np.uint8), np.ones((k, k), np.uint8))) > 0) & ~ink
    lab = cv2.cvtColor(work.bgr, cv2.COLOR_BGR2LAB).astype(np.float32)
    paper = np.median(lab[inner], axis=0) if inner.sum() >= 50 else None
    strips = (np.s_[:, :band], np.s_[:, gw - band :], np.s_[:band, :], np.s_[gh - band :, :])
    edge = max(2, int(FRAME_STRIP * band))
    frame_strips = (np.s_[:, :edge], np.s_[:, gw - edge :], np.s_[:edge, :], np.s_[gh - edge :, :])
    out: dict[str, float] = {}
    for i, (cover, strip) in enumerate(zip(region.border_cover, strips, strict=True)):
        if cover <= 0.05:
            continue
        doc = region.mask[strip]
        blank = doc & ~ink[strip]
        delta = (
            float(np.linalg.norm(np.median(lab[strip][blank], axis=0) - paper))
            if paper is not None and blank.sum() >= 20
            else 0.0
        )
        box = _touching_edge(region, work.scale, w, h, i)
        band_gray = work.gray[strip]
        touched = np.flatnonzero(doc.any(axis=1) if i < 2 else doc.any(axis=0))
        span = slice(int(touched[0]), int(touched[-1]) + 1) if touched.size else slice(0, 0)
        stretch = band_gray[span] if i < 2 else band_gray[:, span]
        out.update(
            {
                f"side{i}_cover": cover,
                f"side{i}_ink": float((ink[strip] & doc).sum()) / max(int(doc.sum()), 1),
                f"side{i}_frame_ink": float((ink & region.mask)[frame_strips[i]].sum())
                / max(int(region.mask[frame_strips[i]].sum()), 1),
                f"side{i}_dark": float((stretch < paper_level - EDGE_DARK_DROP).mean()) if stretch.size else 0.0,
                f"side{i}_paper_delta": delta,
                f"side{i}_cut_depth": cut_depth(region.mask, i),
                f"side{i}_x0": box.x0,
                f"side{i}_y0": box.y0,
                f"side{i}_x1": box.x1,
                f"side{i}_y1": box.y1,
            }
        )
    return out


def cut_depth(mask: Mask, side: int) -> float:
    """How far the document can run past frame side ``side``, as a fraction of its extent across that side.

    A document is a convex shape: where it touches the frame along a stretch, the part beyond the frame lies
    between the frame and the lines of its own edges that leave the frame at the two ends of the stretch.
    An edge that leaves the frame square on (a sheet cut along a side, its top and bottom edges running into
    the frame) bounds nothing: the depth is unbounded, 1.0. An edge that leaves at a grazing angle (a slanted
    sheet whose corner just reaches the frame) is fitted with a line over the rows past the stretch (as many as
    the stretch is long, while the document lasts) and extended over the stretch; the deepest point under the
    lines of both ends is the depth (the line of one end alone when the other is square on).

    A corner clipped by the frame loses a thin triangle of margin, which a reviewer does not call cut: the dev
    set's clean WL200-0029 had a certificate's corner reach 0.13 of the right side, 0.4 % of its width deep.
    """
    m = np.asarray(mask, dtype=bool)
    # Turn the mask so that the frame side is the last column.
    m = (m[:, ::-1], m, m.T[:, ::-1], m.T)[side]
    h, w = m.shape
    rows = np.asarray(m.any(axis=1), dtype=bool)
    if not rows.any():
        return 0.0
    outer = w - 1 - np.argmax(m[:, ::-1], axis=1)
    inner = np.argmax(m, axis=1)
    gap = np.where(rows, w - 1 - outer, -1).astype(np.float64)
    touching = np.flatnonzero(rows & (gap == 0))
    if touching.size == 0:
        return 0.0
    t0, t1 = int(touching[0]), int(touching[-1])
    length = t1 - t0 + 1
    extent = float(np.median((outer - inner + 1)[rows]))
    along = np.arange(length, dtype=np.float64)  # rows into the stretch from its first row
    bound = np.full(length, np.inf)
    for step, start, into in ((-1, t0 - 1, along), (1, t1 + 1, along[::-1])):
        idx = np.arange(start, start + step * length, step)
        idx = idx[(idx >= 0) & (idx < h)]
        out = np.flatnonzero(~rows[idx])
        idx = idx[: out[0]] if out.size else idx
        if idx.size < CUT_EDGE_MIN_ROWS:
            continue  # the document ends: an edge square on to the frame
        slope, offset = np.polyfit(np.arange(1, idx.size + 1, dtype=np.float64), gap[idx], 1)
        if slope > 0:
            bound = np.minimum(bound, slope * into - offset)
    if np.isinf(bound).all():
        return 1.0
    return float(np.clip(bound.max() / max(extent, 1.0), 0.0, 1.0))


def _touching_edge(region: DocRegion, scale: float, w: int, h: int, side: int) -> BBox:
    """The strip of frame side ``side`` along the document, in page pixels."""
    b = region.box
    x0, y0, x1, y1 = (int(v / scale) for v in (b.x0, b.y0, b.x1, b.y1))
    strip = max(4, int(0.02 * min(w, h)))
    return (
        BBox(x0=0, y0=y0, x1=strip, y1=y1),
        BBox(x0=w - strip, y0=y0, x1=w, y1=y1),
        BBox(x0=x0, y0=0, x1=x1, y1=strip),
        BBox(x0=x0, y0=h - strip, x1=x1, y1=h),
    )[side]


def _without_large_holes(filled: np.ndarray, blob: np.ndarray, area: int) -> np.ndarray:
    """``filled`` less the holes of ``blob`` larger than :data:`GLARE_LARGE_HOLE` of its area."""
    holes = (filled & ~blob).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(holes, connectivity=8)
    large = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] > GLARE_LARGE_HOLE * area]
    return filled & ~np.isin(labels, large) if large else filled


def _glare(work: WorkImage, region: DocRegion, bg: np.ndarray, paper: float, extra: dict[str, float]) -> float:
    """Fraction of the document covered by specular spots: colourless white cores that wipe the print out.

    A candidate core is near-white, colourless and brighter than the document's own paper; it counts
    when it is free of ink (the print under a specular reflection is gone, whereas text under a
    merely bright part of a phone photo stays dark) and when the background falls off around it
    (a spot, not a lighting gradient), and when its outline is smooth (:data:`GLARE_MAX_ROUGHNESS`: a
    reflection, not paper clipped to white along the print-free areas). ``glare_holes``, ``glare_drop`` and
    ``glare_roughness`` of the largest candidate are kept in ``extra`` for the calibration.
    """
    paper_bg = float(np.median(bg[region.mask]))
    extra["paper_bg"] = paper_bg
    hsv = cv2.cvtColor(work.bgr, cv2.COLOR_BGR2HSV)
    level = max(GLARE_MIN_LEVEL, paper_bg + 0.35 * (255.0 - paper_bg))
    core = (work.gray >= level) & (hsv[..., 1] <= 40) & region.mask
    core_u8 = cv2.morphologyEx(core.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    # Close small gaps so that text left inside a bright area shows as holes, not as separate blobs.
    core_u8 = cv2.morphologyEx(core_u8, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(core_u8, connectivity=8)
    doc_area = max(int(region.mask.sum()), 1)
    gray = work.gray
    # A spot is compact: cores over half the document are an exposure matter, not glare.
    areas = stats[1:, cv2.CC_STAT_AREA] if n > 1 else np.zeros(0, np.int32)
    order = [1 + int(i) for i in np.argsort(areas)[::-1][:GLARE_MAX_CANDIDATES] if areas[i] <= 0.5 * doc_area]
    total = 0
    best: tuple[int, BBox, float, float, float] | None = None
    for i in order:
        area = int(stats[i, cv2.CC_STAT_AREA])
        if area < 0.002 * doc_area:
            continue
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        blob = labels[y : y + bh, x : x + bw] == i
        filled = np.zeros((bh, bw), np.uint8)
        contours, _ = cv2.findContours(blob.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(filled, list(contours), -1, (1,), thickness=-1)
        inside = _without_large_holes(filled > 0, blob, area)
        hull = cv2.convexHull(np.vstack(contours))
        roughness = sum(cv2.arcLength(c, True) for c in contours) / max(float(cv2.arcLength(hull, True)), 1.0)
        # Ink left inside the spot: pixels clearly darker than the spot's own level.
        dark = inside & (gray[y : y + bh, x : x + bw] < level - 40)
        holes = float(dark.sum()) / max(int(inside.sum()), 1)
        # The surroundings: a ring as wide as the spot's half size, found by a distance transform.
        r = max(3, int(0.5 * max(bw, bh)))
        ys = slice(max(0, y - r), min(gray.shape[0], y + bh + r))
        xs = slice(max(0, x - r), min(gray.shape[1], x + bw + r))
        pad = np.ones((ys.stop - ys.start, xs.stop - xs.start), np.uint8)
        oy, ox = y - ys.start, x - xs.start
        pad[oy : oy + bh, ox : ox + bw][inside] = 0
        dist = cv2.distanceTransform(pad, cv2.DIST_L2, 3)
        ring = (dist > 1) & (dist <= r) & region.mask[ys, xs]
        if not ring.any():
            continue
        drop = float(np.median(bg[y : y + bh, x : x + bw][inside])) - float(np.percentile(bg[ys, xs][ring], 25))
        if best is None or area > best[0]:
            best = (area, BBox(x0=x, y0=y, x1=x + bw, y1=y + bh), holes, drop, roughness)
        if holes <= GLARE_MAX_HOLES and drop >= GLARE_MIN_DROP and roughness <= GLARE_MAX_ROUGHNESS:
            total += area
    if best is not None:
        s = work.scale
        extra["glare_max_area"] = best[0] / doc_area
        extra["glare_holes"] = best[2]
        extra["glare_drop"] = best[3]
        extra["glare_roughness"] = best[4]
        extra.update(
            {
                "glare_x0": best[1].x0 / s,
                "glare_y0": best[1].y0 / s,
                "glare_x1": best[1].x1 / s,
                "glare_y1": best[1].y1 / s,
            }
        )
    return total / doc_area


def _border_structure(work: WorkImage) -> float:
    """Largest fraction of a frame side along which image structure reaches the border strip.

    A card on a flat scanner bed leaves a featureless bed all round; a card cut by the frame brings
    its pattern, print and edges into the strip of that side. Used where the bed cannot be told from
    the card by brightness (light bed, light card).
    """
    # The median removes toner specks; only the gradient along each side counts, so that a copier's
    # dark streak running parallel to a side (a gradient across it) is not structure.
    g = cv2.GaussianBlur(cv2.medianBlur(work.gray, 3), (0, 0), 1.5).astype(np.float32)
    gx = np.abs(np.asarray(cv2.Sobel(g, cv2.CV_32F, 1, 0), np.float32)) / 4.0
    gy = np.abs(np.asarray(cv2.Sobel(g, cv2.CV_32F, 0, 1), np.float32)) / 4.0
    h, w = g.shape
    band = max(3, int(0.02 * min(h, w)))
    sides = (
        (gy[:, :band] > BORDER_GRADIENT).any(axis=1),
        (gy[:, w - band :] > BORDER_GRADIENT).any(axis=1),
        (gx[:band, :] > BORDER_GRADIENT).any(axis=0),
        (gx[h - band :, :] > BORDER_GRADIENT).any(axis=0),
    )
    return max(float(s.mean()) for s in sides)


def _faint_ink(gray: np.ndarray, bg: np.ndarray, mask: Mask) -> float:
    """Fraction of the document a few grey levels below the paper (beyond the paper noise).

    Text washed out to almost white escapes the ink mask; this still sees it, so that an over-exposed
    page is not taken for a blank one.
    """
    smooth = gray.astype(np.int16)
    diff = (bg.astype(np.int16) - smooth)[mask]
    return float((diff > FAINT_INK_LEVELS).mean()) if diff.size else 0.0


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
    """Spread of the chroma on the document that no colour cast explains.

    A copy is grey with, at most, a cast: a tinted paper, a warm lamp, a scanner's colour balance. A cast makes
    each opponent channel (red-green, yellow-blue) a function of brightness alone, so the chroma left after a
    linear fit on brightness is noise; a real card keeps its blue labels, red emblem and skin tones whatever
    their brightness. The spread is the inter-quartile range (10th-90th percentile) of those residuals, not a
    standard deviation: JPEG chroma fringes at text edges are outliers. Values are scaled to a white paper so
    that a dim capture is not mistaken for a colourless one. Measured (tune seeds 1000-1099): grey copies 0.0,
    clean cards 7.9-31.5; tinted synthetic copies (``synthetic.grayscale_copy``) 0.2-1.3, where the raw chroma
    spread used before put them at 2.1-14.2, among the clean phone photos of cards (6.5-8).
    """
    # Every second pixel is plenty for a spread and halves the cost.
    px = bgr[::2, ::2][mask[::2, ::2]].astype(np.float32) * (255.0 / max(paper, 32.0))
    if px.shape[0] < 3:
        return 0.0
    b, g, r = px[:, 0], px[:, 1], px[:, 2]
    brightness = (b + g + r) / 3.0
    basis = np.stack([brightness, np.ones_like(brightness)], axis=1)
    spreads = []
    for chroma in (r - g, 0.5 * (r + g) - b):
        coef, *_ = np.linalg.lstsq(basis, chroma, rcond=None)
        low, high = np.percentile(chroma - basis @ coef, [10, 90])
        spreads.append(float(high - low))
    return float(np.hypot(spreads[0], spreads[1]))


def _moire(image: BGRImage, region: DocRegion, scale: float) -> float:
    """How far the strongest isolated spectral peak on the document stands out (log10 of a power ratio).

    A screen photographed anew leaves its subpixel grid in the picture: whatever of it the camera resolves, and
    its aliases (the moire), are periodic over the whole screen, so they show as sharp peaks in the power
    spectrum. Print and paper do not. The power spectra of ``MOIRE_GRID`` windows over the document are averaged
    (the grid is everywhere, a local texture is not), in brightness and in red minus blue (a stripe screen puts
    red and blue a pixel's width apart, a pentile one alternates them pixel by pixel; that channel carries a
    handicap, ``MOIRE_CHROMA_HANDICAP``). A peak is measured against
    the mean log power along its own row and its own column of the spectrum (``MOIRE_LINE`` bins), taking the
    higher: a line through the spectrum (text lines, edges, JPEG block boundaries) is not a peak. Left out: low
    frequencies (the document's own layout), the axes, the points where JPEG's 8- and 16-pixel block grids cross
    (luma blocks, subsampled chroma blocks), and the band next to the Nyquist frequency (demosaicing and HEIC
    artefacts of any phone photo).
    """
    h, w = image.shape[:2]
    if min(h, w) < 64:
        return 0.0
    n = min(MOIRE_WINDOW, 1 << int(np.log2(min(h, w))))
    b = region.box
    x0, y0, x1, y1 = (v / scale for v in (b.x0, b.y0, b.x1, b.y1))
    mx, my = MOIRE_MARGIN * (x1 - x0), MOIRE_MARGIN * (y1 - y0)
    x0, x1, y0, y1 = x0 + mx, x1 - mx, y0 + my, y1 - my
    hann = _hann(n)
    power = [np.zeros((n, n), np.float32), np.zeros((n, n), np.float32)]
    across, down = MOIRE_GRID
    for i in range(across):
        for j in range(down):
            cx, cy = x0 + (i + 0.5) * (x1 - x0) / across, y0 + (j + 0.5) * (y1 - y0) / down
            xs, ys = int(np.clip(cx - n / 2, 0, w - n)), int(np.clip(cy - n / 2, 0, h - n))
            patch = image[ys : ys + n, xs : xs + n].astype(np.float32)
            for k, channel in enumerate((patch.mean(axis=2), patch[..., 2] - patch[..., 0])):
                spec = cv2.dft(np.ascontiguousarray((channel - channel.mean()) * hann), flags=cv2.DFT_COMPLEX_OUTPUT)
                power[k] += spec[..., 0] ** 2 + spec[..., 1] ** 2
    band = _moire_band(n)
    best = 0.0
    for p, handicap in zip(power, (0.0, MOIRE_CHROMA_HANDICAP), strict=True):
        log = np.fft.fftshift(np.log10(p + 1e-3)).astype(np.float32)
        best = max(best, float((log - _line_level(log))[band].max()) - handicap)
    return best


@lru_cache(maxsize=4)
def _hann(n: int) -> np.ndarray:
    return np.outer(np.hanning(n), np.hanning(n)).astype(np.float32)


@lru_cache(maxsize=4)
def _moire_band(n: int) -> Mask:
    """Bins of a centred ``n`` x ``n`` spectrum where a screen's peak is looked for (one half-plane)."""
    f = (np.arange(n) - n // 2) / n
    fy, fx = np.meshgrid(f, f, indexing="ij")
    axis = 2.5 / n

    def near_block_grid(v: np.ndarray) -> Mask:
        step = 1 / 16  # JPEG's 8-pixel luma and 16-pixel chroma blocks: frequencies k / 16 cycles per pixel
        return np.abs(v - np.round(v / step) * step) * n <= 1.01

    band: Mask = (
        (fy >= 0)
        & (np.hypot(fx, fy) > MOIRE_MIN_FREQ)
        & (np.abs(fx) <= MOIRE_MAX_FREQ)
        & (np.abs(fy) <= MOIRE_MAX_FREQ)
        & (np.abs(fx) > axis)
        & (np.abs(fy) > axis)
        & ~(near_block_grid(fx) & near_block_grid(fy))
    )
    return band


def _line_level(log: np.ndarray) -> np.ndarray:
    """Per bin, the higher of the mean log power along its row and along its column, itself and next bins left out."""
    k, c = MOIRE_LINE, 3

    def mean_along(size: tuple[int, int], centre: tuple[int, int]) -> np.ndarray:
        total = cv2.boxFilter(log, -1, size, normalize=False, borderType=cv2.BORDER_REFLECT)
        inner = cv2.boxFilter(log, -1, centre, normalize=False, borderType=cv2.BORDER_REFLECT)
        return np.asarray((total - inner) / (k - c), np.float32)

    return np.asarray(np.maximum(mean_along((k, 1), (c, 1)), mean_along((1, k), (1, c))), np.float32)
