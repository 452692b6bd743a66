"""Glare of shapes the generator never made: the detector must not depend on an elliptical spot.

Hand-made reflections over a rendered ID card: a phone flash strip, a ring light's annulus, a crescent, a star
of a point light, a square soft box. Each wipes the print under it out and must be IMAGE_GLARE; the same card
untouched, and paper clipped to white by phone light (tests/data, ragged outline), must not be.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from bench import synthetic as syn
from extractors.models import DocType
from extractors.quality import assess, measure
from extractors.settings import Settings

SETTINGS = Settings()

Shape = Callable[[np.ndarray, int, int, int, int], None]


def _strip(m: np.ndarray, cx: int, cy: int, cw: int, ch: int) -> None:
    m[cy - ch // 10 : cy + ch // 10, cx - 3 * cw // 8 : cx + 3 * cw // 8] = 1


def _ring(m: np.ndarray, cx: int, cy: int, cw: int, ch: int) -> None:
    cv2.circle(m, (cx, cy), int(ch * 0.3), (1.0,), int(ch * 0.08))


def _crescent(m: np.ndarray, cx: int, cy: int, cw: int, ch: int) -> None:
    cv2.circle(m, (cx, cy), int(ch * 0.3), (1.0,), -1)
    cv2.circle(m, (cx + int(ch * 0.12), cy), int(ch * 0.3), (0.0,), -1)


def _star(m: np.ndarray, cx: int, cy: int, cw: int, ch: int) -> None:
    a, b = int(ch * 0.3), int(ch * 0.08)
    pts = [(0, -a), (b, -b), (a, 0), (b, b), (0, a), (-b, b), (-a, 0), (-b, -b)]
    cv2.fillPoly(m, [np.array([(cx + x, cy + y) for x, y in pts], np.int32)], (1.0,))


def _square(m: np.ndarray, cx: int, cy: int, cw: int, ch: int) -> None:
    m[cy - ch // 8 : cy + ch // 8, cx - cw // 10 : cx + cw // 10] = 1


def _lit(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    alpha = cv2.GaussianBlur(mask, (0, 0), 3)[..., None]
    return np.clip(image.astype(np.float32) * (1 - alpha) + 255.0 * alpha, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def card() -> syn.SynthPage:
    return syn.render_id_card(np.random.default_rng(5), 220.0)


def _glare_issues(image: np.ndarray) -> list[str]:
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    return [i.kind for i in assess(m, DocType.ID_CARD, SETTINGS) if i.kind == "IMAGE_GLARE"]


@pytest.mark.parametrize("shape", [_strip, _ring, _crescent, _star, _square], ids=lambda f: f.__name__[1:])
def test_a_reflection_of_any_smooth_shape_is_glare(card: syn.SynthPage, shape: Shape) -> None:
    box = card.card_box
    assert box is not None
    mask = np.zeros(card.image.shape[:2], np.float32)
    shape(mask, (box.x0 + box.x1) // 2, (box.y0 + box.y1) // 2, box.width, box.height)
    assert _glare_issues(_lit(card.image, mask)) == ["IMAGE_GLARE"]


def test_the_untouched_card_has_no_glare(card: syn.SynthPage) -> None:
    assert _glare_issues(card.image) == []
