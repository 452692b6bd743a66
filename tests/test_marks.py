"""Marks on drawn pages: a red ring seal, a red fingerprint, handwriting after a label, background."""

import cv2
import numpy as np

from extractors.marks import background_uniformity, find_fingerprints, find_seals, find_signature
from extractors.models import BBox, OcrLine

RED = (30, 30, 210)


def blank(h=1200, w=900):
    return np.full((h, w, 3), 250, np.uint8)


def seal_page():
    img = blank()
    cv2.circle(img, (600, 800), 120, RED, 8)
    star = np.array([[0, -40], [9, -12], [38, -12], [15, 5], [24, 32], [0, 15], [-24, 32], [-15, 5], [-38, -12],
                     [-9, -12]], np.int32) + np.array([600, 800], np.int32)
    cv2.fillPoly(img, [star], RED)
    cv2.putText(img, "UNIT SEAL", (515, 740), cv2.FONT_HERSHEY_SIMPLEX, 0.7, RED, 2)
    return img


def fingerprint_page():
    img = blank()
    for k in range(8):  # about 2 cm on an A4 page at this size
        cv2.ellipse(img, (300, 300), (8 + 3 * k, 12 + 4 * k), 0, 0, 360, RED, 2)
    return img


def test_seal_found_and_not_a_fingerprint():
    img = seal_page()
    seals = find_seals(img)
    assert len(seals) == 1
    box = seals[0].bbox
    assert abs((box.x0 + box.x1) / 2 - 600) < 10
    assert abs((box.y0 + box.y1) / 2 - 800) < 10
    assert find_fingerprints(img) == []


def test_fingerprint_found_and_not_a_seal():
    img = fingerprint_page()
    assert len(find_fingerprints(img)) == 1
    assert find_seals(img) == []


def test_nothing_on_a_blank_page():
    assert find_seals(blank()) == []
    assert find_fingerprints(blank()) == []


def label_line(text="承诺人（签字）：", x0=100, y0=500, x1=400, y1=540):
    return OcrLine(text=text, confidence=0.99, bbox=BBox(x0=x0, y0=y0, x1=x1, y1=y1))


def test_signature_ink_after_label():
    img = blank()
    cv2.putText(img, "text", (100, 530), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2)  # the printed label
    assert find_signature(img, [label_line()]) is None
    pts = np.array([[420, 530], [450, 500], [470, 545], [500, 505], [540, 540], [580, 510]], np.int32)
    cv2.polylines(img, [pts], False, (20, 20, 20), 4)
    assert find_signature(img, [label_line()]) is not None


def test_signature_read_by_ocr_counts():
    lines = [label_line(), label_line("张三", 420, 500, 500, 540)]
    assert find_signature(blank(), lines) is not None


def test_background_uniformity():
    plain = np.full((350, 250, 3), (200, 120, 60), np.uint8)
    assert background_uniformity(plain) == 1.0
    noisy = np.random.default_rng(0).integers(0, 255, (350, 250, 3), dtype=np.uint8)
    assert background_uniformity(noisy) < 0.2


PINK = (200, 185, 240)  # a lightly pressed print: red hue, saturation ~58/255 (a seal has 150+)


def pale_print_page():
    img = blank()
    for k in range(8):
        cv2.ellipse(img, (300, 300), (8 + 3 * k, 12 + 4 * k), 0, 0, 360, PINK, 2)
    return cv2.GaussianBlur(img, (0, 0), 1.5)  # ridges merge into one pink oval, as on a 150 dpi scan


def test_pale_pink_fingerprint_found():
    img = pale_print_page()
    assert len(find_fingerprints(img)) == 1
    assert find_seals(img) == []


def test_pink_handwriting_is_not_a_fingerprint():
    img = blank()
    pts = np.array([[250, 300], [280, 260], [300, 330], [330, 270], [360, 320]], np.int32)
    cv2.polylines(img, [pts], False, PINK, 3)
    assert find_fingerprints(img) == []


def test_wood_desk_around_the_page_is_neither_seal_nor_hides_the_print():
    wood = (64, 96, 140)  # BGR of a wood desk: orange, hue ~12
    img = np.full((1200, 900, 3), wood, np.uint8)
    img[60:1140, 60:840] = 250  # the sheet on the desk
    img[0:60, 0:900] = (30, 30, 200)  # a red frame around everything (seal-red, not a seal)
    img[1140:, :] = (30, 30, 200)
    img[:, :60] = (30, 30, 200)
    img[:, 840:] = (30, 30, 200)
    for k in range(8):
        cv2.ellipse(img, (300, 300), (8 + 3 * k, 12 + 4 * k), 0, 0, 360, RED, 2)
    assert find_seals(img) == []
    assert len(find_fingerprints(img)) == 1


def test_thin_seal_ring_found():
    from extractors.marks import SEAL_MIN_BAND, _red_blobs

    img = blank()
    cv2.circle(img, (600, 800), 120, RED, 5)  # a thin ring fills less of the outer band than a firm one
    cv2.putText(img, "SEAL", (540, 810), cv2.FONT_HERSHEY_SIMPLEX, 0.8, RED, 2)
    band = max(b[2] for b in _red_blobs(img))
    assert band < SEAL_MIN_BAND  # below the firm-ring bound, found as a faint ring twice as dense as its inside
    assert len(find_seals(img)) == 1


def test_one_face_detected_twice_is_one_face():
    from extractors.marks import merge_overlapping

    eyes = BBox(x0=64, y0=54, x1=187, y1=177)
    mouth = BBox(x0=86, y0=104, x1=208, y1=226)  # same face, lower: its centre lies in the first box
    other = BBox(x0=300, y0=60, x1=420, y1=180)  # a second person beside
    merged = merge_overlapping([eyes, mouth, other])
    assert len(merged) == 2
    assert eyes.union(mouth) in merged
