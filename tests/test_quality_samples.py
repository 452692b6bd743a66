"""Image-quality checks on generated sample pages: clean captures pass, planted defects are found.

The committed dossiers, pages of the generator rendered here (as the calibration renders them) and the generated
pages of ``tests/data`` that a check once got wrong.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from extractors.ingest import iter_pages, read_dossier
from extractors.models import BBox, DocType, PageImage
from extractors.orientation import rotate
from extractors.quality import assess, measure
from extractors.quality.measure import GLARE_MAX_HOLES, GLARE_MAX_ROUGHNESS, GLARE_MIN_DROP
from extractors.settings import Settings
from samples import capture
from samples.build import Profile
from samples.generate import Spec, _encode, plan_for, render_page
from samples.render.photo import PhotoRecord, render_photo

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


def test_paper_clipped_to_white_by_phone_light_is_no_glare() -> None:
    # A phone photo of a clean 国徽面 (generated tune seed 3008): the lit side clips the card's print-free paper to
    # white. The core passes every other glare test (no ink in it, brighter than around it, 6% of the card) and
    # was once a false IMAGE_GLARE; its outline is ragged, where a reflection's outline is smooth.
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / "phone_id_emblem_lit_paper.jpg", np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    assert m.extra["glare_holes"] <= GLARE_MAX_HOLES
    assert m.extra["glare_drop"] >= GLARE_MIN_DROP
    assert m.extra["glare_max_area"] > SETTINGS.quality_glare_fraction
    assert m.extra["glare_roughness"] > GLARE_MAX_ROUGHNESS
    assert m.glare_fraction == 0.0
    assert "IMAGE_GLARE" not in {i.kind for i in assess(m, DocType.ID_CARD, SETTINGS)}


def test_a_grey_desk_merged_with_a_card_on_three_sides_is_not_a_cut() -> None:
    # A phone photo (generated seed 1100, WL1100-0003): the desk matches the card's tint, so the region runs into
    # the left, right and top of the frame, but no print of the card reaches any of them.
    assert "DOCUMENT_CROPPED" not in _card_issues("phone_id_grey_desk_merged.jpg")


def test_a_card_cut_through_its_portrait_is_cropped() -> None:
    # A phone photo (generated tune seed 1001) cut on the right through the holder's photo: the band there is the
    # photo's backdrop, not the card's paper, but the photo's print runs off the frame.
    assert "DOCUMENT_CROPPED" in _card_issues("phone_id_cut_through_photo.jpg")


def test_a_card_cut_through_its_portrait_backdrop_is_cropped() -> None:
    # A phone photo (generated tune seed 1066) cut on the right through the holder's photo, where the band holds
    # the photo's light backdrop and the hair and jacket: no stroke of print (ink 0.0006), but dark content the
    # region leaves out (0.30 of the band). Before the dark-content rule the cut side was dropped (cover 0).
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / "phone_id_cut_through_backdrop.jpg", np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    assert m.extra["side1_ink"] < SETTINGS.quality_crop_edge_ink
    assert m.extra["side1_dark"] > SETTINGS.quality_crop_edge_dark
    assert "DOCUMENT_CROPPED" in {i.kind for i in assess(m, DocType.ID_CARD, SETTINGS)}


@pytest.mark.parametrize("name", ["phone_id_grey_desk_merged.jpg", "phone_id_back_wall.jpg", "scan_id_cut_right.jpg"])
def test_a_desk_wall_or_bed_merged_with_a_card_brings_no_dark_content(name: str) -> None:
    # The sides where the background merged with the card (every side of the first two, all but the cut right of
    # the third) stay within a few grey levels of the card's paper: the dark-content rule cannot pass them.
    image = cv2.imdecode(np.fromfile(LIT_DESK.parent / name, np.uint8), cv2.IMREAD_COLOR)
    m = measure(image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=[])
    merged = [i for i in range(4) if f"side{i}_dark" in m.extra and not (name.startswith("scan") and i == 1)]
    assert merged
    assert all(m.extra[f"side{i}_dark"] < SETTINGS.quality_crop_edge_dark for i in merged)


def _generated_page(defect: str | None, key: str, capture: str, seed: int = 4244) -> tuple[np.ndarray, Any]:
    """A page of a generated dossier as uploaded (JPEG), with the plan's record of it."""
    spec = Spec(Profile("WL9-0400", seed, "本科", "事业单位", False, capture, 200, degree=False), defect)
    page = plan_for(spec).page(key)
    img, dpi = render_page(page, random.Random(seed))
    data = _encode([(img, dpi)], "jpg", page.capture)
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), page.record


def _kinds(image: np.ndarray, doc_type: DocType) -> set[str]:
    m = measure(image, dpi=None, doc_type=doc_type, text_boxes=[])
    return {i.kind for i in assess(m, doc_type, SETTINGS)}


@pytest.mark.parametrize(("seed", "kind"), [(4244, "snapshot"), (4243, "receipt")])
def test_a_stray_photo_is_no_blank_page(seed: int, kind: str) -> None:
    # The street snapshot's sky is found as the bright region and holds no ink; it is no sheet of paper, so the
    # page is left to UNRECOGNIZED_PAGE (the rules skip a page flagged blank).
    image, record = _generated_page("unrecognized_page", "stray", "phone", seed)
    assert record.kind == kind
    assert "BLANK_PAGE" not in _kinds(image, DocType.OTHER)


@pytest.mark.parametrize("capture", ["scan", "phone"])
def test_a_blank_sheet_scanned_or_photographed_is_a_blank_page(capture: str) -> None:
    image, _ = _generated_page("blank_page", "internship_summary", capture)
    assert _kinds(image, DocType.OTHER) == {"BLANK_PAGE"}


def _portrait(dpi: int, blurred: bool = False) -> np.ndarray:
    img = render_photo(PhotoRecord(gender="女"), dpi, random.Random(7))
    if blurred:
        img = capture.blur(img, random.Random(7))
    data = _encode([(img, dpi)], "jpg", "scan")
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


@pytest.mark.parametrize("dpi", [150, 300, 600])
def test_a_one_inch_photo_in_focus_is_not_blurry_at_any_resolution(dpi: int) -> None:
    # A portrait has no text to scale by: measured at its own size, the same face read 0.51-0.60 at 600 dpi,
    # under the text threshold. It is measured at one size and judged by the portrait threshold.
    assert "IMAGE_BLURRY" not in _kinds(_portrait(dpi), DocType.PHOTO)


def test_a_blurred_one_inch_photo_is_blurry() -> None:
    assert "IMAGE_BLURRY" in _kinds(_portrait(300, blurred=True), DocType.PHOTO)


def test_a_page_a_little_out_of_focus_is_legible_and_a_blurred_one_is_not() -> None:
    # 0.3 mm of softness (bench.quality_samples.SOFT_MM) OCR still reads; the generator's blur it does not.
    spec = Spec(Profile("WL9-0400", 4244, "本科", "事业单位", False, "scan", 200, degree=False), None)
    page = plan_for(spec).page("pledge")
    img, dpi = render_page(page, random.Random(4244))
    soft = Image.fromarray(cv2.GaussianBlur(np.asarray(img.convert("RGB")), (0, 0), 0.3 / 25.4 * dpi))
    blurred = capture.blur(img, random.Random(4244))

    def kinds(im: Image.Image) -> set[str]:
        data = _encode([(im, dpi)], "jpg", page.capture)
        return _kinds(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), DocType.PLEDGE)

    assert kinds(soft) == set()
    assert kinds(blurred) == {"IMAGE_BLURRY"}
