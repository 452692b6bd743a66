"""How likely an expected text is on the crop a field was read from, next to the recogniser's own read of it.

The shared measure behind :mod:`extractors.signature` (a handwritten signature against the declared name) and
:mod:`extractors.sealed` (a school name under a seal against the declared schools). The recogniser's frames for
the field's line (:meth:`extractors.ocr.base.OcrEngine.line_probabilities`) are read freely (best path) and
scored for the line as it would read with the expected text in place of the field's value
(:func:`extractors.ocr.ctc.log_likelihood`); the deficit of the best such line against the free read is the
fit (:class:`extractors.models.TextFit`). What deficit is still the expected text is the policy's call. One
crop's frames can be scored for several expected texts (:func:`frames_of`, :func:`fit_frames`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from extractors.models import BGRImage, FieldValue, TextFit
from extractors.ocr import ctc
from extractors.ocr.base import OcrEngine

#: Margin around the read line's box, as a share of its height (about what the detector's box expansion adds).
PAD = 0.15

#: The lines to score, given the free read of the crop: the read with the expected text put in.
Hypotheses = Callable[[str], list[str]]


def crop_of(image: BGRImage, field: FieldValue) -> BGRImage | None:
    """The field's line on ``image`` with a margin, or ``None`` when it has no usable box."""
    box = field.evidence.bbox
    if box is None or box.width < 4 or box.height < 4:
        return None
    pad = int(PAD * box.height)
    h, w = image.shape[:2]
    x0, y0 = max(0, box.x0 - pad), max(0, box.y0 - pad)
    x1, y1 = min(w, box.x1 + pad), min(h, box.y1 + pad)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return np.ascontiguousarray(image[y0:y1, x0:x1])


COLONS = ("：", ":")
"""Colons that end a line's label (校名：, 承诺人（签字）：); a name's middle dot is sometimes read as one too."""


def label_prefixes(read: str) -> set[str]:
    """The free ``read`` up to and with each colon in it: the label the expected text would follow."""
    return {read[: i + 1] for i, ch in enumerate(read) if ch in COLONS}


@dataclass(frozen=True)
class Frames:
    """The recogniser's frames for one crop, with its free read and that read's own log-likelihood."""

    probs: np.ndarray
    index: dict[str, int]
    read: str
    read_score: float


def frames_of(engine: OcrEngine, crop: BGRImage) -> Frames | None:
    """The frames of ``crop``, read freely; ``None`` when the backend exposes none or the read cannot be scored."""
    found = engine.line_probabilities(crop)
    if found is None:
        return None
    probs, characters = found
    index = {ch: i for i, ch in enumerate(characters) if i > 0}
    read = ctc.best_path(probs, characters)
    read_score = ctc.log_likelihood(probs, read, index)
    return None if read_score is None else Frames(probs=probs, index=index, read=read, read_score=read_score)


def fit_frames(frames: Frames, expected: str, chars: int, hypotheses: Hypotheses) -> TextFit | None:
    """The fit of ``expected`` on ``frames``: the best of ``hypotheses(free read)`` against the free read.

    ``None`` for an empty expected text, or when a character of every hypothesis is not in the dictionary.
    """
    if chars <= 0:
        return None
    scores = [ctc.log_likelihood(frames.probs, text, frames.index) for text in hypotheses(frames.read)]
    best = max((s for s in scores if s is not None), default=None)
    if best is None:
        return None
    return TextFit(expected=expected, read=frames.read, deficit=max(0.0, frames.read_score - best), chars=chars)


def fit_crop(engine: OcrEngine, crop: BGRImage, expected: str, chars: int, hypotheses: Hypotheses) -> TextFit | None:
    """The fit of ``expected`` on ``crop`` (:func:`frames_of` then :func:`fit_frames`); ``None`` when unscorable."""
    if chars <= 0:
        return None
    frames = frames_of(engine, crop)
    return None if frames is None else fit_frames(frames, expected, chars, hypotheses)
