"""Phone captures the generator does not make, read with the real OCR engine (rapidocr).

The committed sample's ID card, warped by hand: a strong keystone (one corner pulled in by 8-12%), a 12 degree
tilt with the card shrunk on a dark desk, each under a hard diagonal shadow (28% darker). The page must still be
the card's portrait side, and name and number must read exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.inspect import inspect_file
from extractors.ocr import get_engine
from extractors.settings import Settings
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

CARD = SAMPLES / "WL2024-0001" / "基本信息" / "身份证正面.jpg"


def _truth() -> dict[str, str]:
    truth = json.loads((SAMPLES / "WL2024-0001.truth.json").read_text("utf-8"))
    page = next(p for p in truth["pages"] if p["doc_type"] == "id_card" and p["side"] == "portrait")
    return page["fields"]


def _shadowed(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    shade = np.where(xx + yy > 0.9 * w, 0.72, 1.0)[..., None]
    return (image * shade).clip(0, 255).astype(np.uint8)


def _keystone(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0.08 * w, 0.12 * h], [0.95 * w, 0], [w, h], [0, 0.9 * h]])
    return cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=(60, 70, 80))


def _tilted(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 12, 0.9)
    return cv2.warpAffine(image, matrix, (w, h), borderValue=(60, 70, 80))


@pytest.mark.parametrize("warp", [_keystone, _tilted], ids=["keystone", "tilt12"])
def test_a_warped_shadowed_phone_capture_of_the_card_still_reads(
    tmp_path: Path, warp: Callable[[np.ndarray], np.ndarray]
) -> None:
    image = cv2.imdecode(np.fromfile(CARD, np.uint8), cv2.IMREAD_COLOR)
    path = tmp_path / "card.jpg"
    cv2.imwrite(str(path), _shadowed(warp(image)))
    settings = Settings()
    page = inspect_file(path, settings, get_engine("rapidocr"))[0]
    truth = _truth()
    assert (page["doc_type"], page["side"]) == ("id_card", "portrait")
    assert page["fields"]["name"] == truth["name"]
    assert page["fields"]["id_number"] == truth["id_number"]
