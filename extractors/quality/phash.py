"""Perceptual hash of a page for duplicate-upload detection.

The classic DCT hash: 32×32 gray thumbnail, 2-D DCT, the 8×8 lowest frequencies compared with
their median. Re-encoding, rescaling and mild brightness changes keep it within a few bits;
different pages differ in about half of the 64 bits.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors.models import BGRImage


def perceptual_hash(image: BGRImage) -> str:
    """Return the 64-bit DCT perceptual hash of ``image`` as 16 hex digits."""
    small = cv2.resize(image, (32, 32), interpolation=cv2.INTER_AREA)
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    thumb = gray.astype(np.float32)
    low = cv2.dct(thumb)[:8, :8].ravel()
    med = float(np.median(low[1:]))
    bits = low > med
    bits[0] = False  # the DC term carries brightness only
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    """Return the number of differing bits between two hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
