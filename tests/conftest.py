"""Shared fixtures: real rendered Chinese text, settings, and one Prefect test harness per session."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "dossiers"
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


class GbkZipInfo(zipfile.ZipInfo):
    """A zip entry as Chinese Windows tools write it: GBK-encoded name, no UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 - zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


DATA = Path(__file__).resolve().parent / "data"


def data_image(name: str) -> np.ndarray:
    """A test image of tests/data (see its README), as BGR."""
    return np.asarray(cv2.imdecode(np.fromfile(DATA / name, np.uint8), cv2.IMREAD_COLOR), dtype=np.uint8)


def render_lines(lines: list[str], size: tuple[int, int] = (1240, 900), font_px: int = 34) -> np.ndarray:
    """Render ``lines`` of black text on white with a real CJK font; return BGR."""
    font = ImageFont.truetype(CJK_FONT, font_px)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((80, 80 + i * int(font_px * 2.2)), line, font=font, fill="black")
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def smear(image: np.ndarray, length: int, degrees: float) -> np.ndarray:
    """Motion blur: the image averaged along a straight ``length``-pixel line at ``degrees`` (counter-clockwise)."""
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    centre = (length / 2 - 0.5, length / 2 - 0.5)
    kernel = cv2.warpAffine(kernel, cv2.getRotationMatrix2D(centre, degrees, 1.0), (length, length))
    return np.asarray(cv2.filter2D(image, -1, kernel / kernel.sum()), dtype=np.uint8)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One ephemeral Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def page_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page cache for the tests that run the committed dossiers through the real engine.

    Readings are keyed by the page's bytes, the engine, its model hash and ``PIPELINE_VERSION``, so a page read
    once by the end-to-end batch is the same reading for the near-miss checks (``tests/test_strictness.py``),
    which then read no page of the committed dossiers again. Run alone, each reads its pages cold.
    """
    return tmp_path_factory.mktemp("page-cache")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from this run instead of comparing with them",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
