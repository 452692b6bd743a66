"""Text under a red seal or fingerprint, read again from the red channel, where red ink is as light as the paper.

A round red seal is pressed over the end of a school's or a unit's printed name, and OCR goes wrong there in
two ways:

- the text detector cuts the line where the seal's ring crosses it and loses the characters under the ring
  (新疆石河子职业技术 for 新疆石河子职业技术学院, one of the commonest reading errors on the development set);
- the recogniser reads a character under the ring as another, often confidently: 新疆有可子职业技术学院 for
  新疆石河子职业技术学院 (a generated development diploma, 0.92 for the line), 尉犁县工和信息化局 for
  尉犁县工业和信息化局 (committed WL2024-0002's recommendation).

In the red channel red ink is nearly white and black or blue print stays dark. So each row of first-read lines
that red ink touches is recognised again from its red channel, as one crop: the row's lines joined, stretched
over the red patch where the row ends under it (where the cut-off characters are). Recognition only, all rows of
a page in one batch: a second detection on each seal's region cost 15-40% of the page's OCR time on 17
development pages, since the detector enlarges a small region to its working size. The new read replaces the
first reading's lines it covers when it keeps their characters and is more confident (:func:`_better`): a line
printed in red (a seal's own text, a red 毕业证书 title) reads worse without its ink and keeps its first read,
and a signature under a fingerprint that loses a character on the second read (艾肯热合量 for 艾肯·热合曼) is
not taken.

A black or blue seal is not helped: its ink stays dark in the red channel, so its lines keep their first read.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.marks import SEAL_MAX_DIAMETER, red_mask
from extractors.models import BBox, BGRImage, OcrLine, OcrResult
from extractors.ocr.base import OcrEngine, sort_reading_order
from extractors.text import compact

#: The red mask is taken on a copy this many times smaller: a seal's ring (about 1 mm) is still 2-4 pixels wide
#: at a quarter of 200 dpi, and the mask costs a sixteenth.
MASK_STEP = 4
#: A patch of red ink smaller than this share of the page's shorter side is a speck (JPEG fringe around a
#: coloured line, a red dot), not a seal (>= 0.10), a fingerprint (>= 0.025) or a red title's character (~0.03).
MIN_PATCH_SHARE = 0.02
# A patch larger than a seal (``marks.SEAL_MAX_DIAMETER`` of the shorter side) is no ink over text: a diploma's
# red frame around the whole sheet, the pink guilloche of an ID card's back. Its lines are not read again.

#: A line touches a patch when at least this share of its box is red ink (a seal ring's arc through the end of a
#: 20-character line covers 2-10% of its box; 1% leaves out a patch's corner grazing a line's box).
RED_LINE_SHARE = 0.01
#: Margin around a row's crop, as a share of its height, so that no stroke touching the box is cut.
PAD_SHARE = 0.125
#: A second read takes the place of a first line when that line lies on its row (this share of the first line's
#: height) and it covers this share of the first line's width. The share is of the first line's own height: a
#: seal's curved text, read as a line three times as tall as the row it dips into, is not on the row (generated
#: tune seed 1800, WL1800-0009: 河子职 over 校名 kept 新疆在可子 from being replaced by a correct 新疆石河子).
ROW_OVERLAP, WIDTH_COVER = 0.6, 0.6
#: A first read this confident is kept as it is: the second read may add to it, never change it (a joined row
#: read 签发机关尉型县公安局 at 0.987 over 签发机关 0.96 and 尉犁县公安局 1.00).
KEEP_CONFIDENT = 0.98
#: A second read that joins a line the detector cut, or finds characters the first read lost, may be this much
#: less confident than the first read: both are near 1.0 then (0.998 against 0.999 on a hand-made seal over
#: 新疆石河子职业技术|学院), and the join is the gain.
MERGE_SLACK = 0.01


def _patches(image: BGRImage) -> tuple[np.ndarray, list[BBox]]:
    """The red mask (reduced ``MASK_STEP`` times) and the page boxes of its patches of red ink."""
    red = red_mask(np.ascontiguousarray(image[::MASK_STEP, ::MASK_STEP]))
    joined = cv2.dilate(red, np.ones((3, 3), np.uint8), iterations=2)
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least, most = MIN_PATCH_SHARE * min(red.shape[:2]), SEAL_MAX_DIAMETER * min(red.shape[:2])
    boxes = [
        BBox(x0=int(x) * MASK_STEP, y0=int(y) * MASK_STEP, x1=int(x + w) * MASK_STEP, y1=int(y + h) * MASK_STEP)
        for x, y, w, h, _ in stats[1:count]
        if least <= max(w, h) <= most
    ]
    return red > 0, boxes


def _red_share(red: np.ndarray, box: BBox) -> float:
    s = MASK_STEP
    cut = red[max(0, box.y0) // s : max(0, box.y1) // s + 1, max(0, box.x0) // s : max(0, box.x1) // s + 1]
    return float(cut.mean()) if cut.size else 0.0


@dataclass(frozen=True)
class _Row:
    """First-read lines on one row that red ink touches, and the patches of red ink that touch them."""

    lines: list[OcrLine]
    patches: list[BBox]

    def box(self, width: int) -> BBox:
        """The row's lines, stretched over a patch that an end of the row lies under: characters lost there."""
        x0 = min(ln.bbox.x0 for ln in self.lines)
        x1 = max(ln.bbox.x1 for ln in self.lines)
        for patch in self.patches:
            if patch.x0 < x1 < patch.x1:
                x1 = patch.x1
            if patch.x0 < x0 < patch.x1:
                x0 = patch.x0
        y0 = min(ln.bbox.y0 for ln in self.lines)
        y1 = max(ln.bbox.y1 for ln in self.lines)
        return BBox(x0=max(0, x0), y0=y0, x1=min(width, x1), y1=y1)


def _rows(image: BGRImage, lines: tuple[OcrLine, ...]) -> list[_Row]:
    """The rows of first-read lines that red ink touches, each with the patches that touch it."""
    red, patches = _patches(image)
    if not patches:
        return []
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox.y0 + ln.bbox.y1) / 2):
        touching = [p for p in patches if line.bbox.intersects(p)]
        if not touching or _red_share(red, line.bbox) < RED_LINE_SHARE:
            continue
        first = rows[-1].lines[0].bbox if rows else None
        centre = (line.bbox.y0 + line.bbox.y1) / 2
        # Pieces of one line are as tall as each other; a seal's curved text has a tall box, and is not on the row.
        if first is not None and abs(centre - (first.y0 + first.y1) / 2) < 0.5 * min(first.height, line.bbox.height):
            last = rows[-1]
            rows[-1] = _Row([*last.lines, line], [*last.patches, *(p for p in touching if p not in last.patches)])
        else:
            rows.append(_Row([line], touching))
    return [run for row in rows for run in _runs(row)]


def _runs(row: _Row) -> list[_Row]:
    """The row cut where two neighbouring lines have paper between them that no red ink covers.

    A ring cuts a line where it crosses it, so the pieces of one line meet, overlap, or have red ink between
    them; a label and its value (签发机关 | 尉犁县公安局) stand apart on clear paper and are read apart.
    """
    runs: list[list[OcrLine]] = []
    for line in sorted(row.lines, key=lambda ln: ln.bbox.x0):
        if runs:
            end = max(ln.bbox.x1 for ln in runs[-1])
            under_red = any(p.x0 <= end and line.bbox.x0 <= p.x1 for p in row.patches)  # the gap under one patch
            if line.bbox.x0 <= end or under_red:
                runs[-1].append(line)
                continue
        runs.append([line])
    return [_Row(run, [p for p in row.patches if any(ln.bbox.intersects(p) for ln in run)]) for run in runs]


def _covers(new: BBox, old: BBox) -> bool:
    rows = min(new.y1, old.y1) - max(new.y0, old.y0)
    cols = min(new.x1, old.x1) - max(new.x0, old.x0)
    return rows >= ROW_OVERLAP * old.height and cols >= WIDTH_COVER * max(old.width, 1)


def _better(new: OcrLine, first: list[OcrLine]) -> bool:
    """Whether ``new`` is a better read than the first-read lines it covers.

    A first read at least ``KEEP_CONFIDENT`` sure may be extended (a date whose year was under the ring) but
    not rewritten. The new read must keep every character of the first reads, less one per cut where the
    detector split the line (the character at a cut is often read on both sides of it), and be at least as
    confident as the first reads on average: strictly more when it replaces a line by as many other
    characters; within ``MERGE_SLACK`` when it joins the pieces of a cut line or finds characters the first
    read lost, which is a gain in itself.
    """
    if len(first) == 1 and first[0].text == new.text:
        return False
    text = compact(new.text)
    if any(ln.confidence >= KEEP_CONFIDENT and compact(ln.text) not in text for ln in first):
        return False
    lengths = [len(compact(ln.text)) for ln in first]
    if len(text) < sum(lengths) - (len(first) - 1):
        return False
    mean = sum(n * ln.confidence for n, ln in zip(lengths, first, strict=True)) / max(sum(lengths), 1)
    gains = len(first) > 1 or len(text) > lengths[0]  # joins the pieces of a cut line, or finds characters
    return new.confidence >= mean - MERGE_SLACK if gains else new.confidence > mean


def _red_channel(image: BGRImage, box: BBox) -> BGRImage:
    """``box`` of the page (with a margin of an eighth of its height) from the red channel, as three channels."""
    h, w = image.shape[:2]
    pad = max(2, round(box.height * PAD_SHARE))
    channel = image[max(0, box.y0 - pad) : min(h, box.y1 + pad), max(0, box.x0 - pad) : min(w, box.x1 + pad), 2]
    return np.ascontiguousarray(cv2.cvtColor(np.ascontiguousarray(channel), cv2.COLOR_GRAY2BGR))


def reread_under_red(image: BGRImage, ocr: OcrResult, engine: OcrEngine) -> tuple[OcrResult, int]:
    """``ocr`` with the lines under red ink read again from the red channel where that reads better.

    ``image`` is the upright page ``ocr`` was read from. Returns the result and how many first-read lines were
    replaced.
    """
    if not ocr.lines:
        return ocr, 0
    rows = _rows(image, ocr.lines)
    if not rows:
        return ocr, 0
    width = image.shape[1]
    boxes = [row.box(width) for row in rows]
    reads = engine.score_lines([_red_channel(image, box) for box in boxes])
    if len(reads) != len(boxes):  # a backend that dropped a crop: no way to tell which, keep the first reads
        return ocr, 0
    lines = list(ocr.lines)
    replaced: set[int] = set()
    added: list[OcrLine] = []
    for box, (text, confidence) in zip(boxes, reads, strict=True):
        new = OcrLine(text=text.strip(), confidence=float(min(max(confidence, 0.0), 1.0)), bbox=box)
        covered = [i for i, old in enumerate(lines) if i not in replaced and _covers(new.bbox, old.bbox)]
        if new.text and covered and _better(new, [lines[i] for i in covered]):
            replaced.update(covered)
            added.append(new)
    if not replaced:
        return ocr, 0
    kept = [ln for i, ln in enumerate(lines) if i not in replaced]
    return OcrResult(engine=ocr.engine, lines=tuple(sort_reading_order(kept + added))), len(replaced)
