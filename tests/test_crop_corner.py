"""A slanted page whose corner reaches the frame is whole; one whose corner or side runs off it is cut.

The pages are drawn here, not by the generator: a cream sheet with a red double rule 2% inside its edge and
Latin print, on a dark-green felt the generator never draws, turned 3 or 15 degrees and placed by hand so that
a corner runs a chosen depth past the right or the top of the frame. The rule under test is
``quality_crop_min_depth`` (``measure.cut_depth``): each whole-page case also asserts that the page would be
called cut without it, so the test cannot pass on another rule's account.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.models import DocType, QualityMetrics
from extractors.quality import assess, measure
from extractors.settings import Settings

H, W = 1500, 2000
SHEET_H, SHEET_W = 1050, 1450
SIDES = {"right": 1, "top": 2}


def _sheet() -> np.ndarray:
    rng = np.random.default_rng(7)
    sheet = np.full((SHEET_H, SHEET_W, 3), (222, 238, 245), np.float32)
    sheet += rng.normal(0, 2.5, sheet.shape)
    sheet = np.clip(sheet, 0, 255).astype(np.uint8)
    for inset, thickness in ((28, 9), (48, 3)):
        cv2.rectangle(sheet, (inset, inset), (SHEET_W - inset, SHEET_H - inset), (40, 40, 190), thickness)
    for row in range(8):
        y = 200 + row * 95
        cv2.putText(sheet, f"Certificate of completion 2024 No. {row * 37:04d}", (140, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.6, (35, 35, 35), 3, cv2.LINE_AA)
    return sheet


def _felt() -> np.ndarray:
    rng = np.random.default_rng(3)
    base = np.array([52, 88, 40], np.float32) + rng.normal(0, 7, (H, W, 3))
    return np.clip(cv2.GaussianBlur(base, (0, 0), 1.2), 0, 255).astype(np.uint8)


def _place(angle: float, side: str, depth: float) -> np.ndarray:
    """The sheet turned by ``angle`` degrees, its outermost corner ``depth`` of its width past ``side``.

    A negative depth leaves that much room between the corner and the frame.
    """
    sheet = _sheet()
    matrix = cv2.getRotationMatrix2D((SHEET_W / 2, SHEET_H / 2), angle, 1.0)
    corners = np.array([[0, 0, 1], [SHEET_W, 0, 1], [0, SHEET_H, 1], [SHEET_W, SHEET_H, 1]], np.float64) @ matrix.T
    if side == "right":
        dx = W + depth * SHEET_W - corners[:, 0].max()
        dy = H / 2 - corners[:, 1].mean()
    else:
        dx = W / 2 - corners[:, 0].mean()
        dy = -depth * SHEET_W - corners[:, 1].min()
    matrix[0, 2] += dx
    matrix[1, 2] += dy
    inside = cv2.warpAffine(np.full((SHEET_H, SHEET_W), 255, np.uint8), matrix, (W, H)) > 128
    image = _felt()
    image[inside] = cv2.warpAffine(sheet, matrix, (W, H))[inside]
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def _measured(image: np.ndarray) -> QualityMetrics:
    return measure(image, dpi=None, doc_type=DocType.CE_CERTIFICATE, text_boxes=[])


def _cropped(m: QualityMetrics, settings: Settings) -> bool:
    return "DOCUMENT_CROPPED" in {i.kind for i in assess(m, DocType.CE_CERTIFICATE, settings)}


def _side_facts(m: QualityMetrics, side: str) -> tuple[float, float]:
    """The share of frame side ``side`` the page covers, and how deep it can run past it (measure.cut_depth)."""
    return m.extra[f"side{SIDES[side]}_cover"], m.extra[f"side{SIDES[side]}_cut_depth"]


@pytest.mark.parametrize("side", ["right", "top"])
def test_a_whole_sheet_turned_on_the_desk_is_not_cropped(side: str) -> None:
    assert not _cropped(_measured(_place(3, side, -0.02)), Settings())


@pytest.mark.parametrize("side", ["right", "top"])
def test_a_corner_just_reaching_the_frame_is_not_cropped(side: str) -> None:
    m = _measured(_place(3, side, 0.004))
    cover, depth = _side_facts(m, side)
    assert cover > Settings().quality_crop_border_cover  # the page does touch the frame, along a long stretch
    assert depth < 0.012  # 0.4% placed; measured within 0.6% of it on these pages
    assert _cropped(m, Settings(quality_crop_min_depth=0.0))  # without the rule it would be a cut
    assert not _cropped(m, Settings())


@pytest.mark.parametrize("side", ["right", "top"])
@pytest.mark.parametrize(("angle", "placed"), [(15, 0.07), (8, 0.03)])
def test_a_corner_run_off_the_frame_is_cropped(side: str, angle: float, placed: float) -> None:
    m = _measured(_place(angle, side, placed))
    cover, depth = _side_facts(m, side)
    assert cover > Settings().quality_crop_border_cover
    assert abs(depth - placed) < 0.02  # a bounded cap, measured near the depth it was placed at
    assert _cropped(m, Settings())


@pytest.mark.parametrize("side", ["right", "top"])
def test_a_slanted_sheet_run_off_along_its_side_is_cropped(side: str) -> None:
    m = _measured(_place(3, side, 0.08))
    assert _side_facts(m, side)[1] == 1.0  # the page's other edges meet the frame square on
    assert _cropped(m, Settings())


def test_an_upright_sheet_cut_along_its_side_is_cropped() -> None:
    m = _measured(_place(0, "right", 0.05))
    assert _side_facts(m, "right")[1] == 1.0
    assert _cropped(m, Settings())
