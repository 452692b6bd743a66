"""A whole ID card on a light desk that merges with it: things lying on the desk are no cut.

When the desk is about as light as the card, the document region runs over the desk to the frame, and only
what lies along the frame tells a cut from a merged desk (``assess.cut_covers``). The generator lays a straight
pen near one edge; here, drawn by hand, a black charging cable's plug ends 16 px short of the frame (of 2000)
and a ring of keys lies 12 px clear of another side. The desk darkens towards one corner (the phone's light
falling off), which keeps the region from filling the frame, so the side rules decide. Without the rule that
cut print must reach the frame (``quality_crop_frame_ink``), the cable's outline in the band called this
whole card cut. The same scene with the card run off the right edge through its portrait must still be
flagged. Last, cards cut only 5% through their blank margin on a plain grey desk (the generator always cuts
26%, through print) must be flagged by the card's outline meeting the frame. Quality only: no OCR is needed
to measure these.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import cv2
import numpy as np
import pytest

from extractors.models import DocType
from extractors.quality import assess, measure
from extractors.settings import Settings
from samples.render.id_card import IdCardRecord, render_emblem_side, render_portrait_side

H, W = 1500, 2000
SOFT_EDGE = 8.0
"""Blur (sigma, px) of the card's outline on the grey desk, as a phone's lens and JPEG soften it."""
RECORD = IdCardRecord(
    name="阿依古丽·买买提", gender="女", ethnicity="维吾尔", birth_date=dt.date(1997, 9, 2),
    address="新疆轮台县团结路幸福小区3栋1单元202室", id_number="652822199709022346",
    issuing_authority="轮台县公安局", valid_from=dt.date(2017, 6, 1), valid_until=dt.date(2027, 6, 1),
)


def _desk(shaded: bool) -> np.ndarray:
    """A light, slightly pink desk; shaded: darker towards the bottom-left, as far from the phone's light."""
    rng = np.random.default_rng(7)
    desk = np.full((H, W, 3), (214.0, 206.0, 212.0), np.float32) + rng.normal(0, 2.5, (H, W, 1))
    if shaded:
        yy, xx = np.mgrid[0:H, 0:W]
        fall = np.clip(((yy / H) - (xx / W)) * 1.3, 0, 1) ** 1.5
        desk -= 62 * fall[..., None]
    return desk


def _cable(image: np.ndarray, plug_x: int) -> None:
    """A black charging cable curling down the left of the desk, its plug's end ``plug_x`` px from the frame."""
    t = np.linspace(0, 1, 200)
    xs = plug_x + 60 + 260 * t + 60 * np.sin(t * 7)
    ys = 520 + 700 * t + 80 * np.cos(t * 5)
    points = np.stack([xs, ys], 1).astype(np.int32)
    cv2.polylines(image, [points], False, (30, 30, 34), 9, cv2.LINE_AA)
    cv2.rectangle(image, (max(plug_x, 0), 575), (plug_x + 62, 615), (45, 45, 50), -1)


def _keys(image: np.ndarray) -> None:
    """A ring with two keys near the bottom edge, 12 px clear of it."""
    cv2.circle(image, (1450, 1380), 45, (120, 120, 125), 6, cv2.LINE_AA)
    cv2.rectangle(image, (1480, 1400), (1620, 1430), (150, 145, 140), -1)
    cv2.rectangle(image, (1400, 1420), (1440, 1488), (95, 110, 140), -1)


@functools.cache
def _scene(placement: str, shaded: bool, things: bool, plug_x: int = 16) -> np.ndarray:
    face = render_portrait_side(RECORD, 300, random.Random(2)).convert("RGB")
    card = cv2.cvtColor(np.array(face), cv2.COLOR_RGB2BGR)
    scale = 0.6 * W / card.shape[1]
    card = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = card.shape[:2]
    cx = {"whole": W / 2 + 60, "right": W - 0.3 * w}[placement]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -4, 1.0)
    matrix[0, 2] += cx - w / 2
    matrix[1, 2] += H / 2 - 40 - h / 2
    image = np.clip(_desk(shaded), 0, 255).astype(np.uint8)
    if things:
        _cable(image, plug_x)
        _keys(image)
    inside = cv2.warpAffine(np.full((h, w), 255, np.uint8), matrix, (W, H)) > 128
    image[inside] = cv2.warpAffine(card, matrix, (W, H))[inside]
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def _measured(placement: str, shaded: bool, things: bool, plug_x: int = 16) -> tuple[dict[str, float], set[str]]:
    m = measure(_scene(placement, shaded, things, plug_x), dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    return m.extra, {issue.kind for issue in assess(m, DocType.ID_CARD, Settings())}


@pytest.mark.parametrize("things", [False, True], ids=["bare", "cable-and-keys"])
def test_a_whole_card_on_a_light_shaded_desk_is_not_cropped(things: bool) -> None:
    extra, kinds = _measured("whole", True, things)
    # The premise: the desk merged with the card, so the region reaches the frame and the side rules decide.
    assert extra["doc_sides_touched"] >= 1 and extra["doc_border_cover"] > Settings().quality_crop_border_cover
    assert "DOCUMENT_CROPPED" not in kinds


@pytest.mark.parametrize(("shaded", "things"), [(False, False), (True, True)], ids=["even-bare", "shaded-things"])
def test_the_card_run_off_the_right_edge_on_that_desk_is_cropped(shaded: bool, things: bool) -> None:
    _, kinds = _measured("right", shaded, things)
    assert "DOCUMENT_CROPPED" in kinds



def _grey_desk() -> np.ndarray:
    """A plain, even grey desk."""
    rng = np.random.default_rng(3)
    return np.clip(np.full((H, W, 3), (161.0, 165.0, 169.0), np.float32) + rng.normal(0, 3, (H, W, 1)), 0, 255)


@functools.cache
def _margin_cut(side: str, card_side: str) -> np.ndarray:
    """The card, upright on the desk with a soft edge, with 5% of its width or height past the frame on ``side``."""
    render = render_portrait_side if card_side == "portrait" else render_emblem_side
    face = render(RECORD, 300, random.Random(4)).convert("RGB")
    card = cv2.cvtColor(np.array(face), cv2.COLOR_RGB2BGR).astype(np.float32)
    f = 0.55 * W / card.shape[1]
    card = cv2.resize(card, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    h, w = card.shape[:2]
    x0, y0 = {"right": (W - int(0.95 * w), (H - h) // 2), "top": ((W - w) // 2, -int(0.05 * h))}[side]
    layer = np.zeros((H + 2 * h, W + 2 * w, 3), np.float32)
    alpha = np.zeros((H + 2 * h, W + 2 * w), np.float32)
    layer[y0 + h : y0 + 2 * h, x0 + w : x0 + 2 * w] = card
    alpha[y0 + h : y0 + 2 * h, x0 + w : x0 + 2 * w] = 1.0
    alpha = cv2.GaussianBlur(alpha, (0, 0), SOFT_EDGE)[h : h + H, w : w + W, None]
    image = _grey_desk() * (1 - alpha) + layer[h : h + H, w : w + W] * alpha
    return np.clip(image, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("card_side", ["portrait", "emblem"])
@pytest.mark.parametrize("side", ["right", "top"])
def test_a_card_cut_through_its_blank_margin_is_cropped(side: str, card_side: str) -> None:
    """5% of the card past the frame takes little or no print with it: the card's outline meeting the frame tells.

    Without ``assess._card_outline_cut`` the portrait side cut at the top is missed here; the other three are
    found by the card's printed border line running into the frame, which a phone photo often blurs away (the
    generated phone captures cut 6-15% that print alone missed: 24 of 155, tune seed 1300).
    """
    m = measure(_margin_cut(side, card_side), dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    assert m.extra["doc_sides_touched"] == 1
    assert "DOCUMENT_CROPPED" in {issue.kind for issue in assess(m, DocType.ID_CARD, Settings())}
