"""Marks that are not text: red round seals, handwritten signatures, red fingerprints, faces.

Everything here measures pixels of an upright page and reports where a mark is; whether a
mark is required on a page is the validators' business. Thresholds are module constants with
the reason they were chosen; they were set on rendered pages and the generator's tuning seeds
(1000–1099), never on the benchmark seeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from extractors.models import BBox, BGRImage, OcrLine
from extractors.text import compact, find_dates

#: HSV bounds of seal/fingerprint red (OpenCV hue 0..180 wraps around red). Seal ink lies at hue 170-180 and 0-5
#: (99.7% of seal pixels at hue <= 8, scans and warm-lit phone photos alike); wood desks around a phone photo lie at
#: 10-12, where a bound of 12 made the desk's grain into seals and prints.
RED_HUE_LOW, RED_HUE_HIGH = 8, 160
RED_MIN_SATURATION, RED_MIN_VALUE = 70, 60
#: A seal is at least this fraction of the page's shorter side across (a 4 cm seal on A4 is ~0.19, 2.5 cm ~0.12).
SEAL_MIN_DIAMETER = 0.10
#: ... and at most this (a 5 cm seal on an A5 certificate is ~0.34): a red outline around the whole page (a wood
#: desk around a phone photo of the sheet) is no seal, and would hide every mark inside it.
SEAL_MAX_DIAMETER = 0.45
#: Red share of a seal's outer band (0.8-1.05 of its radius): a thin ring fills 0.24-0.56 of that band (committed
#: set), the text and star inside 0.09-0.22. A band of at least ``SEAL_MIN_BAND`` a little denser than the inside,
#: or a fainter band (ink pale, signature and date written across it) at least twice as dense as the inside.
SEAL_MIN_BAND, SEAL_MIN_RING_RATIO = 0.25, 1.2
SEAL_FAINT_BAND, SEAL_FAINT_RING_RATIO = 0.2, 2.0
#: A fingerprint is between these fractions of the shorter side across (1–2.2 cm on A4; ~0.08 seen).
PRINT_MIN_DIAMETER, PRINT_MAX_DIAMETER = 0.025, 0.11
#: Pale ridges: a print's red pixels cover at least this share of its inside; unlike a seal, its outer band
#: is not much denser than its inside (no ring).
PRINT_MIN_INNER = 0.08
#: A lightly pressed print is pink, not seal red: saturation ~45-65 where a seal has 150+, so the seal mask misses
#: it (14 of the 16 committed pledges carry such prints; 6 were missed). The second look takes pink pixels: hue
#: within a few degrees of pure red (wood desks and warm light are orange, hue 10-20), saturation at least this,
#: and this much above the page's median (a warm-lit phone photo tints the whole sheet).
PALE_HUE_LOW, PALE_HUE_HIGH = 8, 165
PALE_MIN_SATURATION, PALE_MIN_SATURATION_OVER_PAGE = 28, 15
PALE_MIN_VALUE = 80
#: Under the pink mask ridges and valleys merge into one filled oval: it must be that solid (no ring, no strokes
#: of red handwriting, which fill a fraction of their outline).
PALE_MIN_FILL, PALE_MIN_SOLIDITY = 0.5, 0.85
#: Red blobs in a row are characters, not prints (:func:`_in_a_row`): a neighbour at least this share of the
#: blob's height (and at most its inverse), its middle within this share of the height of the blob's, and at most
#: this share of the height away. On the hand-made pages characters stood 0.01-0.44 heights from their nearest
#: neighbour (a Song letterhead at 11 mm, brush signatures at 10 mm). On the committed samples the rule changes no
#: pledge's count; the red titles of diplomas and CE certificates (毕业证书, 合格证书: 3-4 "prints" each) drop to 0-3.
ROW_MIN_HEIGHT, ROW_MAX_OFFSET, ROW_MAX_GAP = 0.6, 0.35, 0.6
#: Ink pixels (fraction of the region) that make a signature present.
SIGNATURE_MIN_INK = 0.006
#: Words printed beside a signature line that are not the signature itself.
TEMPLATE_WORDS = ("单位负责人签字", "单位负责人", "本人签字", "申请人", "承诺人", "签字", "签名", "年月日", "日期",
                  "盖章", "公章")


@dataclass(frozen=True)
class Mark:
    """A detected mark and its box on the page."""

    kind: str
    bbox: BBox
    score: float


def red_mask(image: BGRImage) -> NDArray[np.uint8]:
    """Binary mask (0/255) of saturated red pixels."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= RED_HUE_LOW) | (hue >= RED_HUE_HIGH)) & (sat >= RED_MIN_SATURATION) & (val >= RED_MIN_VALUE)
    return (red.astype(np.uint8)) * 255


def _radial_profile(mask: NDArray[np.uint8], ellipse: tuple[tuple[float, float], tuple[float, float], float]
                    ) -> tuple[float, float]:
    """Red fraction in the outer band (0.8–1.05 of the radius) and inside 0.65 of the ellipse."""
    (cx, cy), (w, h), angle = ellipse
    a, b = max(w / 2, 1.0), max(h / 2, 1.0)
    ys, xs = np.mgrid[0 : mask.shape[0], 0 : mask.shape[1]]
    theta = np.deg2rad(angle)
    dx, dy = xs - cx, ys - cy
    u = dx * np.cos(theta) + dy * np.sin(theta)
    v = -dx * np.sin(theta) + dy * np.cos(theta)
    r = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    on = mask > 0
    band = (r >= 0.8) & (r <= 1.05)
    inner = r < 0.65
    band_frac = float(on[band].mean()) if band.any() else 0.0
    inner_frac = float(on[inner].mean()) if inner.any() else 0.0
    return band_frac, inner_frac


def pale_red_mask(image: BGRImage) -> NDArray[np.uint8]:
    """Binary mask (0/255) of pink to red pixels, including the pale pink of a lightly pressed fingerprint."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    floor = max(PALE_MIN_SATURATION, float(np.median(sat)) + PALE_MIN_SATURATION_OVER_PAGE)
    red = ((hue <= PALE_HUE_LOW) | (hue >= PALE_HUE_HIGH)) & (sat >= floor) & (val >= PALE_MIN_VALUE)
    return (red.astype(np.uint8)) * 255


def _red_blobs(
    image: BGRImage, mask: NDArray[np.uint8] | None = None
) -> list[tuple[BBox, float, float, float, float]]:
    """Red blobs as (box, diameter fraction, band red fraction, inner red fraction, solidity of the outline)."""
    if mask is None:
        mask = red_mask(image)
    short = min(image.shape[:2])
    k = max(3, round(short / 150))
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    # every contour, not only outer ones: a red page frame must not hide the seal inside it
    contours, _ = cv2.findContours(closed, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    blobs = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        diameter = max(w, h) / short
        if diameter < PRINT_MIN_DIAMETER or len(contour) < 5 or not 0.55 <= w / max(h, 1) <= 1.8:
            continue
        pad = 2
        x0, y0 = max(0, x - pad), max(0, y - pad)
        crop = mask[y0 : y + h + pad, x0 : x + w + pad]
        (cx, cy), (ax, ay), angle = cv2.fitEllipse(contour)
        band, inner = _radial_profile(crop, ((cx - x0, cy - y0), (ax, ay), angle))
        hull = cv2.contourArea(cv2.convexHull(contour))
        solidity = cv2.contourArea(contour) / hull if hull > 0 else 0.0
        blobs.append((BBox(x0=x, y0=y, x1=x + w, y1=y + h), diameter, band, inner, solidity))
    return blobs


def _inside(a: BBox, b: BBox) -> bool:
    """Whether box ``a`` lies (nearly) inside box ``b``."""
    slack = 0.1 * max(b.width, b.height)
    return a.x0 >= b.x0 - slack and a.y0 >= b.y0 - slack and a.x1 <= b.x1 + slack and a.y1 <= b.y1 + slack


def _outermost(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: m.bbox.width * m.bbox.height, reverse=True):
        if not any(_inside(mark.bbox, other.bbox) for other in kept):
            kept.append(mark)
    return kept


def find_seals(image: BGRImage) -> list[Mark]:
    """Red round or oval stamps: a red ring (dense outer band) around sparser text and a star."""
    seals = []
    for box, diameter, band, inner, _ in _red_blobs(image):
        if not SEAL_MIN_DIAMETER <= diameter <= SEAL_MAX_DIAMETER:
            continue
        ring = band >= SEAL_MIN_BAND and band >= SEAL_MIN_RING_RATIO * inner
        faint_ring = band >= SEAL_FAINT_BAND and band >= SEAL_FAINT_RING_RATIO * inner
        if ring or faint_ring:
            seals.append(Mark("seal", box, band))
    return _outermost(seals)


def find_fingerprints(image: BGRImage) -> list[Mark]:
    """Red finger prints: a roughly elliptic red blob, filled with ridges, without a ring.

    Two looks: seal-red pixels, where the ridges of a firmly pressed print stay apart; and pink pixels, where a
    lightly pressed print is one solid pink oval.
    """
    prints = []
    blobs = _red_blobs(image)
    for box, diameter, band, inner, _ in blobs:
        if not PRINT_MIN_DIAMETER <= diameter <= PRINT_MAX_DIAMETER:
            continue
        if PRINT_MIN_INNER <= inner <= 0.92 and band < 2.0 * inner and not _in_a_row(box, blobs):
            prints.append(Mark("fingerprint", box, inner))
    if not prints:  # a firmly pressed print was found: its pale fringe is the same print
        pale = _red_blobs(image, pale_red_mask(image))
        for box, diameter, band, inner, solidity in pale:
            if not PRINT_MIN_DIAMETER <= diameter <= PRINT_MAX_DIAMETER:
                continue
            fits = inner >= PALE_MIN_FILL and solidity >= PALE_MIN_SOLIDITY and band < 2.0 * inner
            if fits and not _in_a_row(box, pale):
                prints.append(Mark("fingerprint", box, inner))
    seals = find_seals(image)
    return [m for m in _outermost(prints) if not any(_inside(m.bbox, seal.bbox) for seal in seals)]


def _in_a_row(box: BBox, blobs: Sequence[tuple[BBox, float, float, float, float]]) -> bool:
    """Whether red ``box`` has a neighbour of its own height on its line: a character, not a print.

    Red characters (a red letterhead, a name signed in red ink) were taken for prints: their blobs have a print's
    size and fill (hand-made pages: 10 on a letterhead, 2-7 on a red signature; ``tests/test_prints_unseen.py``).
    A character stands beside the next one, about its own height and on its line, at most :data:`ROW_MAX_GAP` of
    a height away; a thumb's print is pressed alone.
    """
    h = max(box.height, 1)
    middle = (box.y0 + box.y1) / 2
    for other, *_ in blobs:
        if other == box or not ROW_MIN_HEIGHT <= other.height / h <= 1 / ROW_MIN_HEIGHT:
            continue
        if abs((other.y0 + other.y1) / 2 - middle) > ROW_MAX_OFFSET * h:
            continue
        if 0 <= max(other.x0 - box.x1, box.x0 - other.x1) <= ROW_MAX_GAP * h:
            return True
    return False


def _is_template(text: str) -> bool:
    s = compact(text)
    if find_dates(s) or ("年" in s and "月" in s and "日" in s):
        return True
    for word in TEMPLATE_WORDS:
        s = s.replace(word, "")
    return not s.strip(" :：()（）、,.，。_-")


def find_signature(
    image: BGRImage, lines: Sequence[OcrLine], labels: Iterable[str] = ("签字", "签名", "承诺人")
) -> Mark | None:
    """Handwriting in the region right of (and around) a signature label, ignoring printed template text."""
    label_list = tuple(labels)
    height, width = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = ((gray < 120) & (red_mask(image) == 0)).astype(np.uint8)
    for line in lines:
        s = compact(line.text)
        ends = [s.find(label) + len(label) for label in label_list if label in s]
        if not ends:
            continue
        end = min(ends)
        box = line.bbox
        h = max(box.height, 8)
        label_x = box.x0 + int(box.width * end / max(len(s), 1))
        rest = s[end:]
        if rest and not _is_template(rest):
            return Mark("signature", box, 1.0)
        x0, x1 = label_x, min(width, label_x + 10 * h)
        y0, y1 = max(0, box.y0 - int(1.2 * h)), min(height, box.y1 + int(1.2 * h))
        if x1 - x0 < h or y1 - y0 < h:
            continue
        region = ink[y0:y1, x0:x1].copy()
        for other in lines:
            ob = other.bbox
            if ob.x1 < x0 or ob.x0 > x1 or ob.y1 < y0 or ob.y0 > y1:
                continue
            if other is line or _is_template(other.text):
                region[max(0, ob.y0 - y0) : max(0, ob.y1 - y0), max(0, ob.x0 - x0) : max(0, ob.x1 - x0)] = 0
            elif not _is_template(other.text):
                return Mark("signature", other.bbox, other.confidence)
        fraction = float(region.mean())
        if fraction >= SIGNATURE_MIN_INK:
            return Mark("signature", BBox(x0=x0, y0=y0, x1=x1, y1=y1), fraction)
    return None


#: OpenCV's bundled frontal-face cascades, tried in order with their ``minNeighbors``: ``alt2`` also finds the
#: flat, drawn faces of printed portraits, which ``default`` misses; ``default`` is the fallback for photos.
CASCADES = (("haarcascade_frontalface_alt2.xml", 3), ("haarcascade_frontalface_default.xml", 6))
_LOADED: dict[str, cv2.CascadeClassifier] = {}


def _cascade(name: str) -> cv2.CascadeClassifier:
    if name not in _LOADED:
        _LOADED[name] = cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]
    return _LOADED[name]


def detect_faces(image: BGRImage, min_fraction: float = 0.2) -> list[BBox]:
    """Frontal faces at least ``min_fraction`` of the image's shorter side across (OpenCV Haar cascade)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    short = min(gray.shape[:2])
    scale = 1.0
    if short > 600:
        scale = 600 / short
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    size = max(24, int(min(gray.shape[:2]) * min_fraction))
    for name, neighbours in CASCADES:
        found = _cascade(name).detectMultiScale(gray, scaleFactor=1.1, minNeighbors=neighbours, minSize=(size, size))
        if len(found):
            return merge_overlapping(
                [
                    BBox(x0=int(x / scale), y0=int(y / scale), x1=int((x + w) / scale), y1=int((y + h) / scale))
                    for x, y, w, h in found
                ]
            )
    return []


def merge_overlapping(boxes: Sequence[BBox]) -> list[BBox]:
    """Merge detections of one face: boxes where one's centre lies inside the other become their union.

    The cascade's own grouping keeps two boxes when one sits on the eyes and the other on the nose and mouth of
    the same face (seen on a photographic 1-inch portrait: two faces reported, so not a photo). Two real faces
    side by side never hold each other's centre.
    """
    merged: list[BBox] = []
    for box in sorted(boxes, key=lambda b: b.width * b.height, reverse=True):
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        for i, kept in enumerate(merged):
            kx, ky = (kept.x0 + kept.x1) / 2, (kept.y0 + kept.y1) / 2
            if (kept.x0 <= cx <= kept.x1 and kept.y0 <= cy <= kept.y1) or (
                box.x0 <= kx <= box.x1 and box.y0 <= ky <= box.y1
            ):
                merged[i] = kept.union(box)
                break
        else:
            merged.append(box)
    return merged


def background_uniformity(image: BGRImage, faces: Sequence[BBox] = ()) -> float:
    """Share (0..1) of the top and side border pixels close in colour to their median colour.

    The bottom is left out (shoulders reach it); face boxes are left out too.
    """
    height, width = image.shape[:2]
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2LAB).astype(np.float32)
    keep = np.zeros((height, width), dtype=bool)
    bw, bh = max(1, width // 8), max(1, height // 10)
    keep[:bh, :] = True
    keep[: height * 2 // 3, :bw] = True
    keep[: height * 2 // 3, width - bw :] = True
    for face in faces:
        keep[face.y0 : face.y1, face.x0 : face.x1] = False
    pixels = lab[keep]
    if pixels.size == 0:
        return 0.0
    median = np.median(pixels, axis=0)
    distance = np.linalg.norm(pixels - median, axis=1)
    return float((distance <= 18.0).mean())
