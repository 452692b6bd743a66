"""ID cards photographed on surfaces the generator never draws, whole and cut by the frame (real rapidocr).

The generator lays cards on wood planks, a mottled table top or a scanner bed, and cuts a page straight along
one side (samples/capture.py). Here the card face is placed by hand, 62% of the frame wide and turned 7
degrees, on a dark-blue woven cloth, black glass with a reflection band, a red-and-white checked tablecloth and
a white sheet of paper; then whole, run 20% off the right edge, or run off the top-left corner. Measured at
this commit: whole 3/4 clean, right cut 4/4 DOCUMENT_CROPPED, corner cut 2/4 flagged and 0/4 still a card.
The misses are strict xfails, each saying what happens.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.inspect import inspect_file
from extractors.ocr import get_engine
from extractors.settings import Settings
from samples.render.id_card import IdCardRecord, render_portrait_side

pytestmark = pytest.mark.slow

H, W = 1500, 2000
RECORD = IdCardRecord(
    name="古丽娜尔·吐尔逊", gender="女", ethnicity="维吾尔", birth_date=dt.date(1998, 3, 14),
    address="新疆尉犁县团结南路幸福小区5栋2单元301室", id_number="652823199803142346",
    issuing_authority="尉犁县公安局", valid_from=dt.date(2016, 5, 1), valid_until=dt.date(2026, 5, 1),
)


def _cloth(rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:H, 0:W]
    weave = 10 * np.sin(xx * 0.9) * np.sin(yy * 0.9)
    return np.clip(np.array([110, 60, 30], np.float32) + weave[..., None] + rng.normal(0, 6, (H, W, 1)), 0, 255)


def _glass(rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:H, 0:W]
    band = 50 * np.exp(-(((xx - yy * 0.8 - 600) / 250.0) ** 2))
    return np.clip(np.repeat((25 + band + rng.normal(0, 3, (H, W)))[..., None], 3, 2), 0, 255)


def _checked(rng: np.random.Generator) -> np.ndarray:
    yy, xx = np.mgrid[0:H, 0:W]
    red = (((xx // 90) + (yy // 90)) % 2)[..., None] == 1
    cloth = np.where(red, np.array([60, 60, 200]), np.array([235, 235, 240])).astype(np.float32)
    return np.clip(cloth + rng.normal(0, 4, (H, W, 3)), 0, 255)


def _paper(rng: np.random.Generator) -> np.ndarray:
    return np.clip(np.full((H, W, 3), 238, np.float32) + rng.normal(0, 3, (H, W, 3)), 0, 255)


SURFACES: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
    "cloth": _cloth, "glass": _glass, "checked": _checked, "paper": _paper,
}


@functools.cache
def _capture(surface: str, placement: str) -> dict:
    """The page facts of one capture (each capture is read once, whichever tests look at it)."""
    face = render_portrait_side(RECORD, 300, random.Random(1)).convert("RGB")
    card = cv2.cvtColor(np.array(face), cv2.COLOR_RGB2BGR)
    scale = 0.62 * W / card.shape[1]
    card = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = card.shape[:2]
    cx, cy = {"whole": (W / 2, H / 2), "right": (W - 0.3 * w, H / 2), "corner": (0.35 * w, 0.35 * h)}[placement]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 7, 1.0)
    matrix[0, 2] += cx - w / 2
    matrix[1, 2] += cy - h / 2
    inside = cv2.warpAffine(np.full((h, w), 255, np.uint8), matrix, (W, H)) > 128
    image = SURFACES[surface](np.random.default_rng(0)).astype(np.uint8)
    image[inside] = cv2.warpAffine(card, matrix, (W, H))[inside]
    path = Path(tempfile.mkdtemp()) / f"{surface}-{placement}.jpg"
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return inspect_file(path, Settings(), get_engine("rapidocr"))[0]


def _kinds(page: dict) -> set[str]:
    return {issue["kind"] for issue in page["quality_issues"]}


@pytest.mark.parametrize(
    "surface",
    [
        "cloth", "glass", "paper",
        pytest.param("checked", marks=pytest.mark.xfail(strict=True, reason=(
            "found and left: the checked cloth's white squares join the card's region, which then reaches the "
            "frame with the red squares' print along it, so the whole card is called cut"
        ))),
    ],
)
def test_a_whole_card_on_an_unseen_surface_is_read_and_not_cropped(surface: str) -> None:
    page = _capture(surface, "whole")
    assert (page["doc_type"], page["side"]) == ("id_card", "portrait")
    assert page["fields"]["id_number"] == RECORD.id_number
    assert "DOCUMENT_CROPPED" not in _kinds(page)


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_a_card_run_off_the_right_edge_is_cropped(surface: str) -> None:
    page = _capture(surface, "right")
    assert (page["doc_type"], page["side"]) == ("id_card", "portrait")
    assert "DOCUMENT_CROPPED" in _kinds(page)


CORNER_UNRECOGNISED = pytest.mark.xfail(strict=True, reason=(
    "found and left: cut at the top-left corner the card loses its labels and name row and is not classified a "
    "card (the dossier then lacks its portrait side, an error, but not this code)"
))
CORNER_UNFLAGGED = pytest.mark.xfail(strict=True, reason=(
    "found and left: on a light surface the corner cut is not DOCUMENT_CROPPED either (the page, unrecognised, "
    "is judged as a sheet, whose cut needs the sheet's own paper along the edge)"
))


@pytest.mark.parametrize("surface", ["cloth", "glass", "checked", "paper"])
@pytest.mark.parametrize("check", ["flagged", "recognised"])
def test_a_card_run_off_a_corner(request: pytest.FixtureRequest, surface: str, check: str) -> None:
    if check == "recognised":
        request.applymarker(CORNER_UNRECOGNISED)
    elif surface in ("checked", "paper"):
        request.applymarker(CORNER_UNFLAGGED)
    page = _capture(surface, "corner")
    if check == "recognised":
        assert page["doc_type"] == "id_card"
    else:
        assert "DOCUMENT_CROPPED" in _kinds(page)
