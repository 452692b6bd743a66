"""QR decoding behind one interface: zxing-cpp first, pyzbar second.

zxing-cpp reads degraded phone photos that pyzbar misses and is much faster (SPEC section 8), so
it runs first; pyzbar (needs the system library libzbar0) is the fallback. Each decoder is an
entry of ``DECODERS``; a decoder that is not installed is skipped with a log line, not an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import cv2
import numpy as np

from extractors.models import BBox, BGRImage, QrCode

log = logging.getLogger(__name__)

Decoder = Callable[[np.ndarray], list[QrCode]]


def _zxing(gray: np.ndarray) -> list[QrCode]:
    import zxingcpp

    found = []
    for result in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        if not result.valid:
            continue
        pos = result.position
        points = [(float(p.x), float(p.y)) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
        found.append(QrCode(payload=result.text, bbox=BBox.around(points), decoder="zxing-cpp"))
    return found


def _pyzbar(gray: np.ndarray) -> list[QrCode]:
    from pyzbar import pyzbar

    found = []
    for symbol in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        payload = symbol.data.decode("utf-8", errors="replace")
        r = symbol.rect
        box = BBox(x0=r.left, y0=r.top, x1=r.left + r.width, y1=r.top + r.height)
        found.append(QrCode(payload=payload, bbox=box, decoder="pyzbar"))
    return found


DECODERS: dict[str, Decoder] = {"zxing-cpp": _zxing, "pyzbar": _pyzbar}


def decode_qr(image: BGRImage, order: tuple[str, ...] = ("zxing-cpp", "pyzbar")) -> tuple[QrCode, ...]:
    """Decode every QR code on an upright page; first decoder that finds any wins.

    A large page is also tried at half size: zxing's binariser prefers modules of a few pixels.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    attempts = [(gray, 1.0)]
    if max(gray.shape) > 2400:
        attempts.append((cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 0.5))
    for name in order:
        decoder = DECODERS[name]
        for candidate, scale in attempts:
            try:
                found = decoder(np.ascontiguousarray(candidate))
            except ImportError:
                log.warning("QR decoder %s is not installed; skipped", name)
                break
            except Exception as exc:  # noqa: BLE001 - a decoder crash on one page is not fatal
                log.warning("QR decoder %s failed: %s", name, type(exc).__name__)
                continue
            if found:
                return tuple(_rescale(code, scale) for code in found)
    return ()


def _rescale(code: QrCode, scale: float) -> QrCode:
    if scale == 1.0 or code.bbox is None:
        return code
    b = code.bbox
    box = BBox(x0=int(b.x0 / scale), y0=int(b.y0 / scale), x1=int(b.x1 / scale), y1=int(b.y1 / scale))
    return code.model_copy(update={"bbox": box})
