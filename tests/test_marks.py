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
