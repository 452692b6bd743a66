"""QR decoding with the real decoders: zxing-cpp first, pyzbar as fallback."""

from __future__ import annotations

import cv2
import numpy as np
import qrcode

from extractors.qr import DECODERS, decode_qr

URL = "https://www.chsi.com.cn/xlcx/bg.do?vcode=A1B2C3D4E5F6G7H8&srcid=bgcx"


def qr_page(payload: str = URL, module_px: int = 4, blur: float = 0.0) -> np.ndarray:
    img = qrcode.make(payload, box_size=module_px, border=4).convert("RGB")
    arr = np.asarray(img)[:, :, ::-1]
    page = np.full((1400, 1000, 3), 255, np.uint8)
    h, w = arr.shape[:2]
    page[700 : 700 + h, 600 : 600 + w] = arr
    if blur:
        page = cv2.GaussianBlur(page, (0, 0), blur)
    return page


def test_decodes_payload_and_box() -> None:
    codes = decode_qr(qr_page())
    assert [c.payload for c in codes] == [URL]
    box = codes[0].bbox
    assert box is not None and 600 <= box.x0 <= 660 and 700 <= box.y0 <= 760
    assert codes[0].decoder == "zxing-cpp"


def test_both_decoders_are_real_and_agree() -> None:
    gray = cv2.cvtColor(qr_page(), cv2.COLOR_BGR2GRAY)
    assert [c.payload for c in DECODERS["zxing-cpp"](gray)] == [URL]
    assert [c.payload for c in DECODERS["pyzbar"](gray)] == [URL]


def test_falls_back_to_pyzbar(monkeypatch) -> None:
    monkeypatch.setitem(DECODERS, "zxing-cpp", lambda gray: [])
    codes = decode_qr(qr_page())
    assert [c.decoder for c in codes] == ["pyzbar"]


def test_decoder_crash_is_not_fatal(monkeypatch) -> None:
    def boom(gray: np.ndarray) -> list:
        raise RuntimeError("decoder bug")

    monkeypatch.setitem(DECODERS, "zxing-cpp", boom)
    assert [c.payload for c in decode_qr(qr_page())] == [URL]


def test_blank_page_has_no_qr() -> None:
    assert decode_qr(np.full((500, 500, 3), 255, np.uint8)) == ()


def test_non_utf8_payload_does_not_raise() -> None:
    img = qrcode.QRCode()
    img.add_data("学信网".encode("gbk"))
    arr = np.asarray(img.make_image().convert("RGB"))[:, :, ::-1].copy()
    codes = decode_qr(arr)
    assert len(codes) == 1 and isinstance(codes[0].payload, str)
