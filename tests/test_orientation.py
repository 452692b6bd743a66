"""Whole-page orientation on generated pages that once stayed turned, with both OCR backends' real models."""

from __future__ import annotations

import importlib.util

import pytest

from extractors.marks import detect_faces
from extractors.ocr import get_engine
from extractors.orientation import detect_orientation, rotate
from tests.conftest import data_image

BACKENDS = [
    pytest.param("rapidocr", marks=pytest.mark.slow),
    pytest.param(
        "paddleocr",
        marks=[
            pytest.mark.slow,
            pytest.mark.paddle,
            pytest.mark.skipif(
                importlib.util.find_spec("paddleocr") is None,
                reason="paddleocr is not installed (install the paddle extra: see the Makefile)",
            ),
        ],
    ),
]

PAGES = {
    # Two lines of print read 1.0, the national emblem 0.0: the mean of 0.67 stayed under the winning score.
    "emblem side": "scan_id_emblem_side.jpg",
    # Its drawn portrait is found upside down only, and a face used to veto any turn of the page.
    "portrait side": "scan_id_portrait_side.jpg",
    # No text at all: only the face tells which way is up.
    "1-inch photo": "photo_one_inch.png",
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_a_turned_page_is_turned_back_upright(backend: str, page: str, turned: int) -> None:
    image = data_image(PAGES[page])
    found = detect_orientation(rotate(image, turned), get_engine(backend))
    assert (turned + found.rotation) % 360 == 0, found.scores


def test_the_portrait_side_is_a_page_the_face_cascade_misjudges() -> None:
    # What makes the portrait side a test of "text decides over faces": upright, the cascade finds no face on
    # it; upside down, it finds one.
    card = data_image(PAGES["portrait side"])
    assert not detect_faces(card)
    assert detect_faces(rotate(card, 180))


def test_the_photo_has_a_face_in_one_turn_only() -> None:
    photo = data_image(PAGES["1-inch photo"])
    assert [turn for turn in (0, 90, 180, 270) if detect_faces(rotate(photo, turn))] == [0]
