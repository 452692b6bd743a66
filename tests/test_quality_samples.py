"""Image-quality checks on the committed sample dossiers: clean captures pass, planted defects are found."""

from __future__ import annotations

import json
import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.ingest import iter_pages, read_dossier
from extractors.models import BBox, DocType, PageImage
from extractors.orientation import rotate
from extractors.quality import assess, measure
from extractors.settings import Settings
from samples.build import Profile
from samples.generate import Spec, _encode, plan_for, render_page

SETTINGS = Settings()
DOSSIERS = Path(__file__).resolve().parents[1] / "samples" / "dossiers"


def issues_of(applicant: str) -> dict[str, set[str]]:
    """Quality codes per file of one committed dossier (truth doc type and rotation, no OCR boxes)."""
    truth = json.loads((DOSSIERS / f"{applicant}.truth.json").read_text(encoding="utf-8"))
    pages = {(p["file"], p["page"]): p for p in truth["pages"]}
    path = DOSSIERS / applicant
    out: dict[str, set[str]] = {}
    for page in iter_pages(read_dossier(path if path.is_dir() else path.with_suffix(".zip"), SETTINGS), SETTINGS):
        if not isinstance(page, PageImage):
            continue
        t = pages[(page.ref.file, page.ref.page)]
        doc_type = DocType(t["doc_type"])
        m = measure(rotate(page.image, t["rotation"]), dpi=page.dpi, doc_type=doc_type, text_boxes=[])
        out[page.ref.file] = {i.kind for i in assess(m, doc_type, SETTINGS)}
    return out


@pytest.mark.parametrize("applicant", ["WL2024-0001", "WL2024-0002", "WL2024-0003"])
def test_clean_scans_and_phone_photos_have_no_issue(applicant: str) -> None:
    assert {f: k for f, k in issues_of(applicant).items() if k} == {}


def test_planted_glare_blur_and_photocopy_are_found() -> None:
    assert "IMAGE_GLARE" in issues_of("WL2024-0007")["基本信息/身份证正面.jpg"]
    assert "IMAGE_BLURRY" in issues_of("WL2024-0008")["学历学位/毕业证书.jpg"]
    copies = issues_of("WL2024-0006")
    assert copies["基本信息/身份证正面.jpg"] == {"ID_CARD_COPY"}
    assert copies["基本信息/身份证反面.jpg"] == {"ID_CARD_COPY"}


def _generated_card_issues(defect: str | None, seed: int = 4244) -> set[str]:
    """Quality codes of the 人像面 the generator writes for a phone-capture profile (JPEG, read as uploaded)."""
    spec = Spec(Profile("WL9-0400", seed, "本科", "事业单位", False, "phone", 200, degree=False), defect)
    page = plan_for(spec).page("id_portrait")
    img, dpi = render_page(page, random.Random(seed))
    data = _encode([(img, dpi)], "jpg", page.capture)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    return {i.kind for i in assess(m, DocType.ID_CARD, SETTINGS)}


def test_a_card_photographed_from_a_screen_is_a_copy_and_the_card_itself_is_not() -> None:
    assert _generated_card_issues("id_screen_recapture") == {"ID_CARD_COPY"}
    assert _generated_card_issues(None) == set()


LIT_DESK = Path(__file__).resolve().parent / "data" / "phone_sheet_lit_desk.jpg"
"""A generated phone photo of an appraisal form (seed 0, WL0-0002) whose lit desk merges with the paper on the left."""


def _sheet_issues(image: np.ndarray) -> list[tuple[str, BBox | None]]:
    m = measure(image, dpi=None, doc_type=DocType.APPRAISAL_FORM, text_boxes=[])
    return [(i.kind, i.bbox) for i in assess(m, DocType.APPRAISAL_FORM, SETTINGS)]


def test_a_lit_desk_merged_with_the_sheet_is_not_a_cut_document() -> None:
    image = cv2.imdecode(np.fromfile(LIT_DESK, np.uint8), cv2.IMREAD_COLOR)
    assert _sheet_issues(image) == []


@pytest.mark.parametrize(
    ("name", "doc_type"),
    [
        # A wood plank as bright as the paper runs into the right edge (and its grain reads as ink).
        ("phone_certificate_wood_desk.jpg", DocType.CE_CERTIFICATE),
        # A light wall behind the card merges with it at the top right.
        ("phone_id_back_wall.jpg", DocType.ID_CARD),
    ],
)
def test_a_background_merged_with_the_document_is_not_a_cut(name: str, doc_type: DocType) -> None:
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / name, np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=doc_type, text_boxes=[])
    assert any(k.endswith("_cover") and k.startswith("side") for k in m.extra)  # the region does touch the frame
    assert "DOCUMENT_CROPPED" not in {i.kind for i in assess(m, doc_type, SETTINGS)}


@pytest.mark.parametrize("side", ["left", "top", "bottom"])
def test_a_sheet_cut_by_the_frame_is_cropped_on_the_cut_side(side: str) -> None:
    # Not "right": cut there, the lit desk on the left makes the sheet fill the frame, which reads as a
    # flat scan (a known limit: a sheet filling the frame is never called cut).
    image = cv2.imdecode(np.fromfile(LIT_DESK, np.uint8), cv2.IMREAD_COLOR)
    h, w = image.shape[:2]
    cut = {"left": image[:, w // 4 :], "top": image[h * 3 // 10 :], "bottom": image[: h * 7 // 10]}[side]
    issues = _sheet_issues(cut)
    assert [kind for kind, _ in issues] == ["DOCUMENT_CROPPED"]
    box = issues[0][1]
    assert box is not None
    ch, cw = cut.shape[:2]
    on_side = {
        "left": box.x0 == 0 and box.x1 < cw // 10,
        "top": box.y0 == 0 and box.y1 < ch // 10,
        "bottom": box.y1 == ch,
    }
    assert on_side[side]


def test_a_card_cut_by_the_frame_on_a_bed_of_its_own_colour_is_cropped() -> None:
    # The bed merges with the card on three sides, the card runs off the right (generated seed 0, WL0-0020).
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / "scan_id_cut_right.jpg", np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    assert "DOCUMENT_CROPPED" in {i.kind for i in assess(m, DocType.ID_CARD, SETTINGS)}


def _card_issues(name: str) -> set[str]:
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / name, np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    return {i.kind for i in assess(m, DocType.ID_CARD, SETTINGS)}


def test_a_grey_desk_merged_with_a_card_on_three_sides_is_not_a_cut() -> None:
    # A phone photo (generated seed 1100, WL1100-0003): the desk matches the card's tint, so the region runs into
    # the left, right and top of the frame, but no print of the card reaches any of them.
    assert "DOCUMENT_CROPPED" not in _card_issues("phone_id_grey_desk_merged.jpg")


def test_a_card_cut_through_its_portrait_is_cropped() -> None:
    # A phone photo (generated tune seed 1001) cut on the right through the holder's photo: the band there is the
    # photo's backdrop, not the card's paper, but the photo's print runs off the frame.
    assert "DOCUMENT_CROPPED" in _card_issues("phone_id_cut_through_photo.jpg")
