"""The CTC likelihood of a given text, checked against brute force over every alignment, and the free read."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from extractors.ocr.ctc import best_path, log_likelihood

CHARS = ["blank", "韩", "晓", "燕"]
INDEX = {ch: i for i, ch in enumerate(CHARS) if i}


def collapse(path: tuple[int, ...]) -> str:
    """CTC's many-to-one map: merge repeats, then drop blanks."""
    merged = [k for k, _ in itertools.groupby(path)]
    return "".join(CHARS[i] for i in merged if i != 0)


def brute_force(probs: np.ndarray, text: str) -> float:
    """Sum the probability of every frame path that collapses to ``text``."""
    total = 0.0
    for path in itertools.product(range(len(CHARS)), repeat=probs.shape[0]):
        if collapse(path) == text:
            total += math.prod(probs[t, k] for t, k in enumerate(path))
    return math.log(total)


@pytest.mark.parametrize("text", ["韩", "韩晓", "燕燕", "韩晓燕", "晓燕韩", ""])
def test_the_forward_sum_is_every_alignment_of_the_text(text: str) -> None:
    rng = np.random.default_rng(7)
    probs = rng.dirichlet(np.ones(len(CHARS)), size=6)
    assert log_likelihood(probs, text, INDEX) == pytest.approx(brute_force(probs, text), rel=1e-9)


def test_a_repeated_character_needs_a_blank_between_its_frames() -> None:
    probs = np.array([[0.0, 0.0, 0.0, 1.0]] * 3)  # three frames of 燕, no blank anywhere
    assert log_likelihood(probs, "燕", INDEX) == pytest.approx(0.0, abs=1e-9)
    assert log_likelihood(probs, "燕燕", INDEX) < -20  # impossible without a blank between


def test_a_character_outside_the_dictionary_cannot_be_scored() -> None:
    assert log_likelihood(np.full((4, 4), 0.25), "韩梅", INDEX) is None


def test_the_free_read_merges_repeats_and_drops_blanks() -> None:
    frames = [1, 1, 0, 2, 2, 0, 3, 0, 3]
    probs = np.eye(len(CHARS))[frames] * 0.9 + 0.025
    assert best_path(probs, CHARS) == "韩晓燕燕"


def test_the_text_read_frame_by_frame_is_the_likeliest_of_the_near_ones() -> None:
    rng = np.random.default_rng(3)
    probs = rng.dirichlet(np.ones(len(CHARS)) * 0.3, size=5)
    read = best_path(probs, CHARS)
    others = {collapse(p) for p in itertools.product(range(len(CHARS)), repeat=2)} - {read}
    read_score = log_likelihood(probs, read, INDEX)
    assert read_score is not None
    # Greedy decoding is not guaranteed optimal, but on peaked frames it beats every short alternative.
    assert all((log_likelihood(probs, other, INDEX) or -math.inf) <= read_score for other in others)
