"""The default OCR backend reads real rendered Chinese text with its real bundled models."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.ocr import get_engine
from extractors.orientation import detect_orientation, rotate
from tests.conftest import render_lines

LINES = ["尉犁县人力资源和社会保障局", "公民身份号码 65282319960315002X", "中小学教师系列二级教师"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page():
    return render_lines(LINES)


def test_rapidocr_reads_rendered_chinese(page) -> None:
    result = get_engine("rapidocr").read(page)
    texts = [line.text.replace(" ", "") for line in result.lines]
    assert texts == [line.replace(" ", "") for line in LINES]
    assert all(line.confidence > 0.9 for line in result.lines)
    assert result.engine == "rapidocr"


def test_boxes_are_in_page_coordinates_after_downscale(page) -> None:
    big = render_lines(LINES, size=(3720, 2700), font_px=102)
    result = get_engine("rapidocr").read(big, max_side=1200)
    first = result.lines[0]
    # The first line is drawn at x=80, y=80 at 3x scale: its box must be near there, not at 1/3 of it.
    assert 60 <= first.bbox.x0 <= 120 and 60 <= first.bbox.y0 <= 160


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_is_detected(page, turned: int) -> None:
    rotated = rotate(page, turned)
    fix = detect_orientation(rotated, get_engine("rapidocr")).rotation
    assert (turned + fix) % 360 == 0
    upright = rotate(rotated, fix)
    text = get_engine("rapidocr").read(upright).text.replace(" ", "")
    assert "65282319960315002X" in text


STACKED_LABELS = Path(__file__).resolve().parent / "data" / "appraisal_back_stacked_labels.jpg"
"""An upright appraisal form back (generated seed 0, WL0-0013) with stacked column labels 主/管/领/导…."""


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_stacked_column_labels_do_not_turn_an_upright_form(turned: int) -> None:
    # Read sideways, the stacked labels scored 0.99 and once won a 270-degree turn of this upright page.
    page = cv2.imdecode(np.fromfile(STACKED_LABELS, np.uint8), cv2.IMREAD_COLOR)
    fix = detect_orientation(rotate(page, turned), get_engine("rapidocr")).rotation
    assert (turned + fix) % 360 == 0
