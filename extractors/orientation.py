"""Whole-page orientation: find the 0/90/180/270 turn that makes a page upright.

Neither OCR backend corrects whole-page rotation by itself (SPEC section 8). We find candidate
text lines by morphology in both directions, then let the recogniser judge: the same crops read
upright give confident text, read upside down they give low-confidence noise. This costs a few
single-line recognitions instead of a full OCR per candidate rotation.

A page without text (a 1-inch photo) is turned by the face on it instead: the turn in which a face is
found the right way up, when there is exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.marks import detect_faces
from extractors.models import BGRImage
from extractors.ocr.base import OcrEngine

_WORK_SIDE = 1600
_CROPS_PER_DIRECTION = 3
_SEGMENT_CHARS = 8
_MIN_MARGIN = 0.08
# Text read the right way up scores ~0.95+; the edges of hair and clothes on a text-free portrait
# photo "read" upside down score 0.5-0.75 (seen on the 1-inch photos of the samples). Turning a page
# needs real text on the winning side.
_MIN_WINNING_SCORE = 0.8
# A line candidate read as noise both ways (its best turn weighs under this) is no text: the national emblem
# of an ID card, a portrait, a pattern. It is left out of both turns' means, which it only pulled down alike:
# on tune seeds 1300/2000 an emblem side turned 180 degrees scored 0.67 (two lines read 1.0, the emblem 0.0)
# and stayed upside down under _MIN_WINNING_SCORE. It is also the least read that counts as text on a page.
_MIN_TEXT_READ = 0.5
# Characters closer than this (in character sizes) join into a line candidate. Print runs its characters
# ~0.1-0.3 apart; a form's stacked column labels (主/管/领/导…) stand ~0.8 apart and must not join: read
# sideways they still score ~0.99 and once won a 270-degree turn of an upright appraisal form (was 1.2).
_CLOSE_CHARS = 0.6

ROTATE = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


@dataclass(frozen=True)
class Orientation:
    """The clockwise turn that makes the page upright and the evidence for it."""

    rotation: int
    scores: dict[int, float]


def rotate(image: BGRImage, degrees: int) -> BGRImage:
    """Turn ``image`` clockwise by a multiple of 90 degrees."""
    degrees %= 360
    return image if degrees == 0 else np.ascontiguousarray(cv2.rotate(image, ROTATE[degrees]))


def _binary(gray: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def _char_size(binary: np.ndarray) -> int:
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    sizes = [max(w, h) for _, _, w, h, area in stats[1:count] if 4 <= max(w, h) <= 200 and area >= 6]
    return int(np.median(sizes)) if sizes else 16


def _line_boxes(binary: np.ndarray, char: int, horizontal: bool) -> list[tuple[int, int, int, int]]:
    """Boxes of text-line candidates elongated in one direction, largest first."""
    length = max(3, int(char * _CLOSE_CHARS))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    boxes = []
    for x, y, w, h, area in stats[1:count]:
        along, across = (w, h) if horizontal else (h, w)
        if across < char * 0.6 or across > char * 2.5 or along < across * 3:
            continue
        if area < 0.25 * w * h:
            continue
        boxes.append((int(x), int(y), int(w), int(h)))
    boxes.sort(key=lambda b: b[2] * b[3], reverse=True)
    # A few characters per line are enough to judge, and keep the recogniser's input short.
    limit = char * _SEGMENT_CHARS
    return [
        (x, y, min(w, limit), h) if horizontal else (x, y, w, min(h, limit))
        for x, y, w, h in boxes[:_CROPS_PER_DIRECTION]
    ]


def _crop(image: np.ndarray, box: tuple[int, int, int, int], pad: int) -> np.ndarray:
    x, y, w, h = box
    y0, y1 = max(0, y - pad), min(image.shape[0], y + h + pad)
    x0, x1 = max(0, x - pad), min(image.shape[1], x + w + pad)
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def detect_orientation(image: BGRImage, engine: OcrEngine) -> Orientation:
    """Return the clockwise rotation (0/90/180/270) that makes ``image`` upright.

    The text decides when one turn reads clearly better than the page as given. A page on which no line
    reads as text is turned by its face (:func:`_face_turn`). Otherwise the page stays as it is.
    """
    scale = min(1.0, _WORK_SIDE / max(image.shape[:2]))
    work = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    gray = cv2.cvtColor(work, cv2.COLOR_BGR2GRAY)
    binary = _binary(gray)
    char = _char_size(binary)
    pad = max(2, char // 4)
    # Each candidate line is read in both turns of its direction: (turn, line, crop).
    candidates: list[tuple[int, int, np.ndarray]] = []
    for horizontal, turns in ((True, (0, 180)), (False, (90, 270))):
        for box in _line_boxes(binary, char, horizontal):
            crop, line = _crop(work, box, pad), len(candidates)
            candidates.extend((turn, line, rotate(crop, turn)) for turn in turns)
    read = engine.score_lines([crop for _, _, crop in candidates]) if candidates else []
    # Confidence weighted by how much text was read: noise reads short and unsure.
    weights = [conf * min(1.0, len(text) / 4) for text, conf in read]
    by_line: dict[int, list[tuple[int, float]]] = {}
    for (turn, line, _), weight in zip(candidates, weights, strict=True):
        by_line.setdefault(line, []).append((turn, weight))
    by_turn: dict[int, list[float]] = {}
    for reads in by_line.values():
        if max(weight for _, weight in reads) >= _MIN_TEXT_READ:
            for turn, weight in reads:
                by_turn.setdefault(turn, []).append(weight)
    scores = {turn: float(np.mean(values)) for turn, values in by_turn.items()}
    if not scores:
        return Orientation(rotation=_face_turn(work), scores={})
    best = max(scores, key=lambda k: scores[k])
    if best != 0 and (scores[best] - scores.get(0, 0.0) < _MIN_MARGIN or scores[best] < _MIN_WINNING_SCORE):
        best = 0
    return Orientation(rotation=best, scores=scores)


def _face_turn(work: np.ndarray) -> int:
    """The turn in which a face is found the right way up, when exactly one turn has one; else 0.

    Only for pages without text. The cascade also finds the drawn portraits of ID cards and diplomas upside
    down (tune seeds 1300/2000: a face in the turn that leaves the card upside down, and in no other), so on a
    page with text the text decides and a face does not; on a 1-inch photo it is the only evidence there is.
    """
    upright = np.asarray(work, dtype=np.uint8)
    with_face = [turn for turn in (0, 90, 180, 270) if detect_faces(rotate(upright, turn))]
    return with_face[0] if len(with_face) == 1 else 0
