"""The shared shape of every per-type extractor: one page in, typed field values out.

``PageInput`` is what an extractor gets (the upright page, its OCR lines, its QR payloads);
``Extraction`` is what it returns. ``FieldBuilder`` attaches evidence (file, page, bbox of the
OCR lines, their text and confidence) to every value, and ``LabelReader`` finds the value printed
after a label on a form, on the same line, to its right, or below it. Extractors never decide
whether a value is acceptable: that is the validators' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from extractors.marks import red_mask
from extractors.models import (
    BBox,
    BGRImage,
    Evidence,
    FieldName,
    FieldValue,
    Frozen,
    OcrLine,
    OcrResult,
    PageRef,
    QrCode,
    Side,
)
from extractors.text import allowed_errors, compact, substring_distance

#: Punctuation stripped around a value that follows a label.
VALUE_STRIP = " :：;；,，.。、()（）[]【】|_-—~*"
#: A value whose box is at least this share seal red is read through a seal (a ring crossing a line covers 2-3% of
#: its box, the star 10-18%; a fingerprint beside a signature ~1%) ...
SEAL_COVER_MIN_SHARE = 0.02
#: ... and its OCR confidence is capped here: the recogniser stays confident while it swaps characters under the
#: red ink (新疆石河子职业技本学院 at 0.92 for 职业技术学院 under the school seal), so the validators must not
#: take such a read for a confident one.
SEAL_COVERED_CONFIDENCE = 0.6


@dataclass(frozen=True)
class PageInput:
    """One upright page as an extractor sees it."""

    ref: PageRef
    image: BGRImage
    ocr: OcrResult
    qr: tuple[QrCode, ...] = ()
    side: Side = Side.NONE
    dpi: float | None = None


class Extraction(Frozen):
    """What an extractor read from one page."""

    fields: dict[FieldName, FieldValue] = Field(default_factory=dict)
    flags: dict[str, bool] = Field(default_factory=dict)
    notes: tuple[str, ...] = ()


Extractor = Callable[[PageInput], Extraction]


def lines_bbox(lines: Sequence[OcrLine]) -> BBox | None:
    """Union of the boxes of ``lines``, or ``None`` when there are none."""
    if not lines:
        return None
    box = lines[0].bbox
    for line in lines[1:]:
        box = box.union(line.bbox)
    return box


class FieldBuilder:
    """Collects field values, flags and notes of one page, attaching evidence to each value."""

    def __init__(self, page: PageInput) -> None:
        """Start an empty extraction of ``page``."""
        self.page = page
        self.fields: dict[FieldName, FieldValue] = {}
        self.flags: dict[str, bool] = {}
        self.notes: list[str] = []
        self._red: NDArray[np.uint8] | None = None

    def under_seal(self, box: BBox) -> bool:
        """Whether red seal ink covers enough of ``box`` to make the text read there unreliable."""
        if self._red is None:
            self._red = red_mask(self.page.image) if self.page.image.ndim == 3 else np.zeros((0, 0), np.uint8)
        crop = self._red[max(0, box.y0) : box.y1, max(0, box.x0) : box.x1]
        return crop.size > 0 and float((crop > 0).mean()) >= SEAL_COVER_MIN_SHARE

    def add(
        self,
        name: FieldName,
        value: str | None,
        lines: Sequence[OcrLine] = (),
        *,
        raw: str | None = None,
        confidence: float | None = None,
        bbox: BBox | None = None,
    ) -> None:
        """Record ``value`` under ``name`` with the lines it was read from; empty values are skipped.

        The confidence defaults to the lowest confidence of the lines, capped where a seal covers
        them; the first value recorded under a name wins.
        """
        if value is None or value == "" or name in self.fields:
            return
        texts = " ".join(line.text for line in lines) or None
        box = bbox or lines_bbox(lines)
        if confidence is None and lines:
            confidence = min(line.confidence for line in lines)
        if confidence is not None:
            confidence = min(max(confidence, 0.0), 1.0)
            if lines and box is not None and confidence > SEAL_COVERED_CONFIDENCE and self.under_seal(box):
                confidence = SEAL_COVERED_CONFIDENCE
        evidence = Evidence(
            file=self.page.ref.file,
            page=self.page.ref.page,
            bbox=box,
            text=texts,
            confidence=confidence,
        )
        self.fields[name] = FieldValue(value=value, raw=raw if raw is not None else texts, evidence=evidence,
                                       confidence=confidence)

    def note(self, text: str) -> None:
        """Add an English note for logs (never personal data)."""
        self.notes.append(text)

    def build(self) -> Extraction:
        """Freeze what was collected."""
        return Extraction(fields=dict(self.fields), flags=dict(self.flags), notes=tuple(self.notes))


@dataclass(frozen=True)
class LabelHit:
    """Where a label was found: the line, and the offset just after the label in its compacted text."""

    index: int
    line: OcrLine
    start: int
    end: int


@dataclass(frozen=True)
class LabelValue:
    """A value found after a label, with the OCR lines it was read from."""

    text: str
    lines: tuple[OcrLine, ...]


def find_label(text: str, label: str, max_errors: int | None = None) -> tuple[int, int] | None:
    """Start and end offsets of ``label`` in ``compact(text)`` (exact first, then approximate)."""
    s = compact(text)
    kw = compact(label)
    pos = s.find(kw)
    if pos >= 0:
        return pos, pos + len(kw)
    limit = allowed_errors(kw) if max_errors is None else max_errors
    if limit == 0:
        return None
    distance, end = substring_distance(kw, s)
    if distance > limit:
        return None
    return max(0, end - len(kw)), end


def same_row(a: BBox, b: BBox) -> bool:
    """Whether two boxes overlap vertically by at least half the smaller height."""
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap >= 0.5 * max(1, min(a.height, b.height))


class LabelReader:
    """Reads ``label: value`` pairs from the OCR lines of a form.

    ``labels`` lists every label the form prints: a value is cut where the next label begins,
    so ``性别女民族汉`` gives 女 for 性别 and 汉 for 民族.
    """

    def __init__(self, lines: Sequence[OcrLine], labels: Iterable[str]) -> None:
        """Index ``lines`` (reading order) for the given form ``labels``."""
        self.lines = tuple(lines)
        self.labels = tuple(compact(label) for label in labels)

    def find(self, label: str, *, prefer_start: bool = True, exclude: Iterable[str] = ()) -> LabelHit | None:
        """Find the line holding ``label``; lines where it starts the text win when ``prefer_start``."""
        excluded = tuple(compact(word) for word in exclude)
        hits: list[LabelHit] = []
        for index, line in enumerate(self.lines):
            s = compact(line.text)
            if any(word and word in s for word in excluded):
                continue
            found = find_label(line.text, label)
            if found is not None:
                hits.append(LabelHit(index, line, found[0], found[1]))
        if not hits:
            return None
        if prefer_start:
            hits.sort(key=lambda hit: (hit.start > 1, hit.index))
        return hits[0]

    def _cut(self, text: str, own: str) -> str:
        """Cut ``text`` where another label of the form begins."""
        cut = len(text)
        for label in self.labels:
            if label == own or len(label) < 2 or label in own:
                continue
            pos = text.find(label)
            if 0 <= pos < cut:
                cut = pos
        return text[:cut].strip(VALUE_STRIP)

    def _starts_with_label(self, text: str) -> bool:
        s = compact(text)
        return any(len(label) >= 2 and s.startswith(label) for label in self.labels)

    def value(
        self,
        label: str,
        *,
        below: bool = False,
        multiline: bool = False,
        exclude: Iterable[str] = (),
        accept: Callable[[str], bool] | None = None,
    ) -> LabelValue | None:
        """The value printed after ``label``: rest of its line, else the next box to its right, else below.

        ``multiline`` appends following lines aligned with the value (an address over two lines);
        ``accept`` rejects candidate texts that cannot be the value.
        """
        hit = self.find(label, exclude=exclude)
        if hit is None:
            return None
        own = compact(label)
        ok = accept or (lambda _text: True)
        rest = self._cut(compact(hit.line.text)[hit.end :], own)
        first: OcrLine | None = None
        text = ""
        if rest and ok(rest):
            first, text = hit.line, rest
        else:
            right = sorted(
                (ln for ln in self.lines if ln is not hit.line and same_row(ln.bbox, hit.line.bbox)
                 and ln.bbox.x0 >= hit.line.bbox.x1 - 0.5 * hit.line.bbox.height),
                key=lambda ln: ln.bbox.x0,
            )
            if right and not self._starts_with_label(right[0].text):
                candidate = self._cut(compact(right[0].text), own)
                if candidate and ok(candidate):
                    first, text = right[0], candidate
            if first is None and below:
                first, text = self._below(hit.line, own, ok)
        if first is None:
            return None
        used = [first] if first is hit.line else [hit.line, first]
        if multiline:
            used, text = self._continue(first, used, text, own)
        return LabelValue(text=text, lines=tuple(used))

    def _below(self, anchor: OcrLine, own: str, ok: Callable[[str], bool]) -> tuple[OcrLine | None, str]:
        h = max(anchor.bbox.height, 1)
        for line in self.lines:
            box = line.bbox
            if box.y0 < anchor.bbox.y1 - 0.3 * h or box.y0 > anchor.bbox.y1 + 2.0 * h:
                continue
            if box.x1 < anchor.bbox.x0 - h or box.x0 > anchor.bbox.x1 + 2 * h:
                continue
            if self._starts_with_label(line.text):
                return None, ""
            text = self._cut(compact(line.text), own)
            if text and ok(text):
                return line, text
        return None, ""

    def _continue(self, first: OcrLine, used: list[OcrLine], text: str, own: str) -> tuple[list[OcrLine], str]:
        last = first
        h = max(first.bbox.height, 1)
        for line in self.lines:
            box = line.bbox
            if box.y0 <= last.bbox.y0 + 0.5 * h or box.y0 > last.bbox.y1 + 0.9 * h:
                continue
            if abs(box.x0 - first.bbox.x0) > 1.5 * h or self._starts_with_label(line.text):
                continue
            text += self._cut(compact(line.text), own)
            used.append(line)
            last = line
        return used, text


def lines_matching(ocr: OcrResult, predicate: Callable[[str], bool]) -> list[OcrLine]:
    """Lines of ``ocr`` whose compacted text satisfies ``predicate``."""
    return [line for line in ocr.lines if predicate(compact(line.text))]


def line_spans(lines: Sequence[OcrLine]) -> tuple[str, list[tuple[int, int, OcrLine]]]:
    """Join the compacted texts of ``lines`` and return each line's span in the joined text."""
    parts: list[str] = []
    spans: list[tuple[int, int, OcrLine]] = []
    pos = 0
    for line in lines:
        s = compact(line.text)
        parts.append(s)
        spans.append((pos, pos + len(s), line))
        pos += len(s)
    return "".join(parts), spans


def lines_in_span(spans: Sequence[tuple[int, int, OcrLine]], start: int, end: int) -> list[OcrLine]:
    """Lines whose span overlaps ``[start, end)`` of the joined text."""
    return [line for a, b, line in spans if a < end and b > start]
