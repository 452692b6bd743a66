"""Image-quality checks on rendered pages with known degradations (extractors.quality)."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from bench import synthetic as syn
from extractors.models import DocType, QualityMetrics
from extractors.quality import CHECKS, assess, hamming, measure, perceptual_hash
from extractors.settings import Settings
from tests.conftest import smear

SETTINGS = Settings()


def kinds(page: syn.SynthPage, doc_type: DocType = DocType.OTHER, dpi: float | None = None) -> set[str]:
    m = measure(page.image, dpi=dpi, doc_type=doc_type, text_boxes=())
    return {issue.kind for issue in assess(m, doc_type, SETTINGS)}


@pytest.fixture(
    scope="module", params=[(150, True), (200, False), (300, True)], ids=["150dense", "200sparse", "300dense"]
)
def a4(request: pytest.FixtureRequest) -> syn.SynthPage:
    dpi, dense = request.param
    return syn.render_a4(np.random.default_rng(dpi), float(dpi), dense=dense)


@pytest.fixture(scope="module")
def photo() -> syn.SynthPage:
    return syn.render_a4(np.random.default_rng(11), 150.0, dense=True, photo=True)


@pytest.fixture(scope="module")
def card() -> syn.SynthPage:
    return syn.render_id_card(np.random.default_rng(5), 220.0)


def test_clean_pages_have_no_issue(a4: syn.SynthPage, photo: syn.SynthPage) -> None:
    assert kinds(a4) == set()
    assert kinds(photo) == set()


def test_clean_card_has_no_issue(card: syn.SynthPage) -> None:
    assert kinds(card, DocType.ID_CARD) == set()


def test_tightly_cropped_card_scan_is_not_cropped() -> None:
    tight = syn.render_id_card(np.random.default_rng(3), 250.0, on_desk=False)
    assert kinds(tight, DocType.ID_CARD) == set()


def test_blur_fires_at_every_resolution(a4: syn.SynthPage) -> None:
    assert "IMAGE_BLURRY" in kinds(syn.blur(a4, 0.7))
    assert "IMAGE_BLURRY" not in kinds(syn.blur(a4, 0.2))


def test_sharpness_does_not_depend_on_resolution() -> None:
    page = syn.render_a4(np.random.default_rng(1), 300.0, dense=True)
    for sigma in (0.0, 0.2):
        hi = measure(syn.blur(page, sigma).image, dpi=None, doc_type=None, text_boxes=()).sharpness
        lo = measure(
            syn.downscale(syn.blur(page, sigma), 150.0).image, dpi=None, doc_type=None, text_boxes=()
        ).sharpness
        assert hi is not None
        assert lo is not None
        assert 1 / 1.15 < hi / lo < 1.15


def test_sharpness_uses_ocr_boxes_when_given(a4: syn.SynthPage) -> None:
    without = measure(a4.image, dpi=None, doc_type=None, text_boxes=()).sharpness
    with_boxes = measure(a4.image, dpi=None, doc_type=None, text_boxes=a4.boxes).sharpness
    assert without is not None
    assert with_boxes is not None
    assert abs(without - with_boxes) < 0.08


def test_low_resolution_is_estimated_without_dpi(a4: syn.SynthPage) -> None:
    low = syn.downscale(a4, 32.0)
    m = measure(low.image, dpi=None, doc_type=DocType.OTHER, text_boxes=())
    assert m.effective_dpi is not None
    assert 24 < m.effective_dpi < 42
    assert "IMAGE_LOW_RESOLUTION" in kinds(low)
    assert "IMAGE_LOW_RESOLUTION" not in kinds(syn.downscale(a4, 100.0))


def test_low_resolution_card_from_card_width(card: syn.SynthPage) -> None:
    m = measure(card.image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    assert m.effective_dpi is not None
    assert abs(m.effective_dpi - 220) < 15
    assert "IMAGE_LOW_RESOLUTION" in kinds(syn.downscale(card, 32.0), DocType.ID_CARD)


def test_given_dpi_is_trusted(a4: syn.SynthPage) -> None:
    assert "IMAGE_LOW_RESOLUTION" in kinds(a4, dpi=30.0)


def test_too_dark(photo: syn.SynthPage, card: syn.SynthPage) -> None:
    assert "IMAGE_TOO_DARK" in kinds(syn.exposure(photo, 0.04, 1.0, 5.0))
    assert "IMAGE_TOO_DARK" in kinds(syn.exposure(card, 0.04, 1.0, 5.0), DocType.ID_CARD)
    # Paper at grey ~120: dim but clearly above the generator's dark captures (paper 53-73).
    assert "IMAGE_TOO_DARK" not in kinds(syn.exposure(photo, 0.6, 1.0, 5.0))


def test_overexposed(a4: syn.SynthPage) -> None:
    # Washed out with faint ink left: over-exposed, not blank (the applicant must retake it).
    washed = kinds(syn.overexpose(a4, 244.0))
    assert "IMAGE_OVEREXPOSED" in washed
    assert "BLANK_PAGE" not in washed
    # A scanner that clips white paper to 255 but keeps black text is fine.
    assert kinds(syn.exposure(a4, 1.1)) == set()


def test_glare_spot_found_with_its_box(photo: syn.SynthPage, card: syn.SynthPage) -> None:
    rng = np.random.default_rng(2)
    glared, spot = syn.glare(card, rng, 0.1)
    m = measure(glared.image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    issues = [i for i in assess(m, DocType.ID_CARD, SETTINGS) if i.kind == "IMAGE_GLARE"]
    assert issues, m.glare_fraction
    box = issues[0].bbox
    assert box is not None
    assert box.x0 < spot.x1
    assert spot.x0 < box.x1
    assert box.y0 < spot.y1
    assert spot.y0 < box.y1
    # On a paper page lit white paper looks like glare: the check is for laminated cards only.
    paper, _ = syn.glare(photo, rng, 0.06)
    assert "IMAGE_GLARE" not in kinds(paper)


def test_white_scan_paper_is_not_glare(a4: syn.SynthPage) -> None:
    white = syn.exposure(a4, 1.1)
    m = measure(white.image, dpi=None, doc_type=None, text_boxes=())
    assert m.glare_fraction == 0.0


@pytest.mark.parametrize("out_frac", [0.12, 0.3])
def test_card_over_the_frame_is_cropped(out_frac: float) -> None:
    cut = syn.render_id_card(np.random.default_rng(int(out_frac * 100)), 200.0, out_frac=out_frac)
    m = measure(cut.image, dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
    issues = [i for i in assess(m, DocType.ID_CARD, SETTINGS) if i.kind == "DOCUMENT_CROPPED"]
    assert issues
    assert issues[0].bbox is not None


def test_card_zoomed_in_is_cropped(card: syn.SynthPage) -> None:
    h, w = card.image.shape[:2]
    zoom = syn.SynthPage(card.image[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3 + h // 3], (), (), card.dpi, 0, "id_card")
    assert "DOCUMENT_CROPPED" in kinds(zoom, DocType.ID_CARD)


def test_blank_page() -> None:
    rng = np.random.default_rng(4)
    for dpi in (150.0, 300.0):
        assert kinds(syn.render_blank(rng, dpi)) == {"BLANK_PAGE"}
    sparse = syn.render_a4(rng, 150.0, dense=False)
    assert "BLANK_PAGE" not in kinds(sparse)


def test_blank_needs_no_ocr_text() -> None:
    m = QualityMetrics(width=10, height=10, ink_fraction=0.0, extra={"text_boxes": 2.0})
    assert "BLANK_PAGE" not in {i.kind for i in assess(m, None, SETTINGS)}


def test_id_card_copies(card: syn.SynthPage) -> None:
    rng = np.random.default_rng(9)
    assert "ID_CARD_COPY" in kinds(syn.grayscale_copy(card, rng), DocType.ID_CARD)
    assert "ID_CARD_COPY" in kinds(syn.screen_recapture(card, rng), DocType.ID_CARD)
    # The same gray page is no finding when it is not an ID card.
    assert "ID_CARD_COPY" not in kinds(syn.grayscale_copy(card, rng), DocType.OTHER)


@pytest.mark.parametrize("seed", range(8))
def test_a_tinted_copy_is_a_copy_and_a_tinted_card_is_not(card: syn.SynthPage, seed: int) -> None:
    # A cast (tinted paper, warm lamp) makes chroma follow brightness: on a grey copy that is all the colour
    # there is; a real card keeps colours no cast explains.
    rng = np.random.default_rng(seed)
    assert "ID_CARD_COPY" in kinds(syn.grayscale_copy(card, rng), DocType.ID_CARD)
    cast = np.array([rng.uniform(0.8, 0.9), rng.uniform(0.9, 0.97), 1.0], np.float32)
    warm = np.clip(card.image.astype(np.float32) * cast, 0, 255).astype(np.uint8)
    assert "ID_CARD_COPY" not in kinds(replace(card, image=warm), DocType.ID_CARD)


def test_issue_carries_measured_value_and_threshold() -> None:
    m = QualityMetrics(width=100, height=100, sharpness=0.2, ink_fraction=0.1)
    (issue,) = assess(m, None, SETTINGS)
    assert issue.kind == "IMAGE_BLURRY"
    assert issue.measured == 0.2
    assert issue.threshold == SETTINGS.quality_min_sharpness


def test_every_check_is_a_finding_code() -> None:
    assert set(CHECKS) == {
        "IMAGE_BLURRY",
        "IMAGE_LOW_RESOLUTION",
        "IMAGE_TOO_DARK",
        "IMAGE_OVEREXPOSED",
        "IMAGE_GLARE",
        "DOCUMENT_CROPPED",
        "ID_CARD_COPY",
    }


def test_gray_input_is_accepted() -> None:
    page = syn.render_a4(np.random.default_rng(0), 150.0, dense=False)
    m = measure(cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY), dpi=150.0, doc_type=None, text_boxes=())
    assert m.width == page.image.shape[1]


def test_phash_stable_under_reencoding_and_distinct_across_pages() -> None:
    rng = np.random.default_rng(6)
    a = syn.render_a4(rng, 150.0).image
    b = syn.render_a4(rng, 150.0).image
    ok, jpg = cv2.imencode(".jpg", a, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    again = cv2.imdecode(jpg, cv2.IMREAD_COLOR)
    smaller = cv2.resize(a, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    ha = perceptual_hash(a)
    assert len(ha) == 16
    assert hamming(ha, perceptual_hash(again)) <= 2
    assert hamming(ha, perceptual_hash(smaller)) <= 4
    assert hamming(ha, perceptual_hash(b)) >= 12
    card1 = syn.render_id_card(rng, 200.0).image
    assert hamming(ha, perceptual_hash(card1)) >= 12


def test_hamming() -> None:
    assert hamming("0" * 16, "f" * 16) == 64
    assert hamming("00000000000000ff", "000000000000000f") == 4


@pytest.mark.slow
def test_ocr_reads_what_quality_calls_legible() -> None:
    from extractors.ocr import get_engine

    rng = np.random.default_rng(21)
    page = syn.render_a4(rng, 200.0, dense=True)
    cut = int(page.image.shape[0] * 0.25)
    boxes = tuple(b for b in page.boxes if b.y1 <= cut)
    top = syn.SynthPage(page.image[:cut], page.lines[: len(boxes)], boxes, page.dpi, page.char_px, "a4")
    engine = get_engine("rapidocr")
    truth = "".join("".join(top.lines).split())
    clean_text = "".join(engine.read(top.image).text.split())
    import difflib

    assert difflib.SequenceMatcher(None, truth, clean_text).ratio() > 0.9
    assert kinds(top) & {"IMAGE_BLURRY", "IMAGE_LOW_RESOLUTION"} == set()
    soft = syn.blur(top, 0.3)
    soft_text = "".join(engine.read(soft.image).text.split())
    assert difflib.SequenceMatcher(None, truth, soft_text).ratio() > 0.9
    assert "IMAGE_BLURRY" not in kinds(soft)
    blurred = syn.blur(top, 0.8)
    blurred_text = "".join(engine.read(blurred.image).text.split())
    assert difflib.SequenceMatcher(None, truth, blurred_text).ratio() < 0.9
    assert "IMAGE_BLURRY" in kinds(blurred)


def test_overexposed_from_metrics() -> None:
    bright = QualityMetrics(width=9, height=9, ink_fraction=0.05, extra={"paper_level": 254.0, "ink_contrast": 10.0})
    assert [i.kind for i in assess(bright, None, SETTINGS)] == ["IMAGE_OVEREXPOSED"]
    dim = QualityMetrics(width=9, height=9, ink_fraction=0.05, extra={"paper_level": 120.0, "ink_contrast": 10.0})
    assert assess(dim, None, SETTINGS) == []


@pytest.mark.parametrize("degrees", [0, 45, 90, 135])
def test_a_one_way_smear_is_blurry_and_its_direction_found(a4: syn.SynthPage, degrees: int) -> None:
    # Camera shake smears one direction only; the median over all edges stays high (0.68-0.84 at 0 and 90 degrees).
    smeared = replace(a4, image=smear(a4.image, round(0.9 * a4.char_px), degrees))
    m = measure(smeared.image, dpi=None, doc_type=DocType.OTHER, text_boxes=())
    assert m.extra["blur_direction"] == degrees
    assert "IMAGE_BLURRY" in kinds(smeared)
    clean = measure(a4.image, dpi=None, doc_type=DocType.OTHER, text_boxes=())
    assert clean.extra["directional_sharpness"] > 0.45 > m.extra["directional_sharpness"] + 0.15


def test_a_screen_photo_is_judged_as_a_recapture_not_by_paper_exposure_or_shake() -> None:
    # measured on tune seed 4100 recaptures: blacks lifted to 15-16 grey levels of contrast, the pixel grid's
    # diagonal moire read as a smear at 0.24-0.27; the page's finding is ID_CARD_COPY
    s = Settings()
    extra = {"paper_level": 206.0, "ink_contrast": 15.0, "directional_sharpness": 0.25, "blur_direction": 45.0}
    screen = QualityMetrics(
        width=2000,
        height=1500,
        sharpness=0.8,
        ink_fraction=0.05,
        colourfulness=30.0,
        extra={**extra, "moire": s.quality_moire_score + 0.9},
    )
    assert [i.kind for i in assess(screen, DocType.ID_CARD, s)] == ["ID_CARD_COPY"]
    paper = screen.model_copy(update={"extra": {**extra, "moire": s.quality_moire_score - 0.3}})
    assert {i.kind for i in assess(paper, DocType.ID_CARD, s)} == {"IMAGE_OVEREXPOSED", "IMAGE_BLURRY"}
    blown = screen.model_copy(update={"bright_fraction": 0.9, "extra": {**screen.extra, "ink_level": 200.0}})
    assert "IMAGE_OVEREXPOSED" in {i.kind for i in assess(blown, DocType.ID_CARD, s)}  # paper blown out: judged
    soft = screen.model_copy(update={"sharpness": 0.2})
    assert "IMAGE_BLURRY" in {i.kind for i in assess(soft, DocType.ID_CARD, s)}  # blurred all over: judged
