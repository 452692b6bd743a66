"""The OCR engine interface: an upright BGR image in, typed lines out.

Backends implement :class:`OcrEngine` and register in ``extractors.ocr.ENGINES``. They must
not download anything: each loads models shipped with an installed package or a local folder.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import cv2
import numpy as np

from extractors.digest import files_sha256
from extractors.models import BBox, BGRImage, OcrLine, OcrResult


class OcrEngine(abc.ABC):
    """One OCR backend. Instances are expensive (models loaded); reuse them per process."""

    #: Registry name, also written into reports as ``engine.backend``.
    name: str = ""

    @property
    @abc.abstractmethod
    def model(self) -> str:
        """A human-readable description of the models in use (for the report's ``engine``)."""

    @abc.abstractmethod
    def model_files(self) -> list[Path]:
        """The model files the engine loads (weights, graphs, configs, dictionaries)."""

    @cached_property
    def model_sha256(self) -> str:
        """One hash over the content of :meth:`model_files`: reports and page caches key on it.

        A model file swapped under the same name changes it, so no reading made with the old file
        is reused.
        """
        return files_sha256(self.model_files())

    @abc.abstractmethod
    def _recognise(self, image: BGRImage) -> list[tuple[list[tuple[float, float]], str, float]]:
        """Return (quadrilateral points, text, confidence) for each line found on ``image``."""

    def read(self, image: BGRImage, max_side: int = 2000) -> OcrResult:
        """Read all text lines of an upright page, in reading order, in page coordinates.

        Large pages are downscaled to ``max_side`` for the engine, and boxes scaled back.
        """
        scale = 1.0
        work = image
        longest = max(image.shape[:2])
        if longest > max_side:
            scale = max_side / longest
            work = np.asarray(cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        raw = self._recognise(np.ascontiguousarray(work))
        lines = []
        for points, text, conf in raw:
            text = text.strip()
            if not text:
                continue
            pts = [(x / scale, y / scale) for x, y in points]
            lines.append(OcrLine(text=text, confidence=float(min(max(conf, 0.0), 1.0)), bbox=BBox.around(pts)))
        return OcrResult(engine=self.name, lines=tuple(sort_reading_order(lines)))

    def line_probabilities(self, crop: BGRImage) -> tuple[np.ndarray, Sequence[str]] | None:
        """The recogniser's per-frame class probabilities for one line crop, and its classes (blank first).

        ``None`` for a backend whose recogniser is not a CTC model exposing them: callers then keep to the free
        read. With them, :mod:`extractors.ocr.ctc` says how likely a given text is on the crop.
        """
        return None

    def score_lines(self, crops: Sequence[BGRImage]) -> list[tuple[str, float]]:
        """Recognise pre-cropped single-line images (used by orientation detection).

        The default runs the full pipeline per crop; backends override with a rec-only path.
        """
        out = []
        for crop in crops:
            res = self._recognise(crop)
            if res:
                best = max(res, key=lambda r: r[2])
                out.append((best[1], best[2]))
            else:
                out.append(("", 0.0))
        return out


def sort_reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Sort lines top to bottom, then left to right within a row of similar height."""
    if not lines:
        return lines
    ordered = sorted(lines, key=lambda ln: (ln.bbox.y0 + ln.bbox.y1) / 2)
    rows: list[list[OcrLine]] = []
    for line in ordered:
        centre = (line.bbox.y0 + line.bbox.y1) / 2
        if rows:
            last = rows[-1]
            ref = last[0]
            ref_centre = (ref.bbox.y0 + ref.bbox.y1) / 2
            if abs(centre - ref_centre) < 0.5 * max(ref.bbox.height, line.bbox.height, 1):
                last.append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.bbox.x0)]
