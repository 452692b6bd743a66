"""How likely a given text is on a line image, by the recogniser's own per-frame character probabilities.

A CTC recogniser (PP-OCR's rec models) outputs, for each of T frames across the line, a probability for every
character of its dictionary and for "blank". Its free read takes the likeliest character frame by frame. Here the
question is the other way round: how probable is a *given* text (the declared name) on the same frames, summed
over every way of laying it out over them (the CTC forward algorithm, Graves et al. 2006). Comparing that with
the probability of the free read says whether the recogniser rules the given text out, or merely preferred
another reading of a hard image (handwriting): 郑骏态 read for a signature of 郑俊杰 that the frames still give
郑俊杰 almost the same probability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

#: Probabilities are floored here before the logarithm (the models' softmax outputs can be exactly 0).
_FLOOR = 1e-12


def log_likelihood(probs: np.ndarray, text: str, index: Mapping[str, int], blank: int = 0) -> float | None:
    """Natural log of P(``text`` | frames) under CTC, or ``None`` when a character is not in the dictionary.

    Args:
        probs: (T, C) per-frame probabilities (each row sums to 1).
        text: the text to score; an empty text is the all-blank path.
        index: character -> column of ``probs``.
        blank: the column of the CTC blank.
    """
    ids = [index.get(ch) for ch in text]
    if any(i is None for i in ids):
        return None
    logp = np.log(np.maximum(np.asarray(probs, dtype=np.float64), _FLOOR))
    frames = logp.shape[0]
    if frames == 0:
        return None
    # The extended label: blank, c1, blank, c2, ..., blank.
    ext = np.full(2 * len(ids) + 1, blank, dtype=np.int64)
    ext[1::2] = np.asarray(ids, dtype=np.int64)
    n = len(ext)
    # A state may be reached from two back when it is a character that differs from the one two back
    # (a repeated character needs a blank between its two frames).
    skip = np.zeros(n, dtype=bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    alpha = np.full(n, -np.inf)
    alpha[0] = logp[0, ext[0]]
    if n > 1:
        alpha[1] = logp[0, ext[1]]
    for t in range(1, frames):
        one = np.full(n, -np.inf)
        one[1:] = alpha[:-1]
        two = np.full(n, -np.inf)
        two[2:] = np.where(skip[2:], alpha[:-2], -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, one), two) + logp[t, ext]
    end = alpha[-1] if n == 1 else np.logaddexp(alpha[-1], alpha[-2])
    return float(end)


def greedy(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The best class per frame and its probability (PaddleOCR's own choice)."""
    return probs.argmax(axis=-1), probs.max(axis=-1)


def collapse(best: np.ndarray, sure: np.ndarray, characters: Sequence[str]) -> tuple[str, float]:
    """CTC's collapse: drop repeated classes, then blanks (class 0); the score is the mean probability kept."""
    keep = np.ones(len(best), dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0
    text = "".join(characters[i] for i in best[keep].tolist())
    kept = sure[keep]
    return text, float(np.mean(kept)) if kept.size else 0.0


def best_path(probs: np.ndarray, characters: Sequence[str]) -> str:
    """The free read: the likeliest class per frame, repeats merged, blanks dropped (greedy CTC decoding)."""
    return collapse(*greedy(np.asarray(probs)), characters)[0]
