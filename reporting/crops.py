"""Page images and evidence crops for the HTML report, as inline JPEG data URIs within a size budget.

A report must open offline as one file and stay small enough to mail (about 3 MB), so every image
is downscaled and JPEG-compressed here, and whole pages share whatever budget the evidence crops and
thumbnails leave. This module only turns pixels into bytes; it knows nothing of findings or HTML.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import cv2
import numpy as np

from extractors.imaging import downscale
from extractors.models import BBox, BGRImage

#: Raw JPEG bytes for all images of one report; base64 adds a third, the HTML text ~100 kB.
REPORT_IMAGE_BUDGET = 2_000_000
_RED = (40, 40, 220)  # BGR
_QUALITY = 72
_PAGE_SIDE = 1600
_LOW_QUALITIES = (55, 40)


def data_uri(jpeg: bytes) -> str:
    """Return ``jpeg`` as a ``data:image/jpeg;base64,...`` URI."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def as_bgr(image: BGRImage) -> BGRImage:
    """Return a 3-channel uint8 view of a grey, BGR or BGRA image."""
    if image.ndim == 2:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    if image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    return image


def encode_jpeg(image: BGRImage, quality: int) -> bytes:
    """Encode a BGR image as a baseline JPEG of the given quality."""
    ok, buffer = cv2.imencode(".jpg", as_bgr(image), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV only fails on empty images, which callers never pass
        raise ValueError("JPEG encoding failed")
    return bytes(buffer.tobytes())


def encode_within(image: BGRImage, cap: int, max_side: int, min_side: int = 240) -> bytes:
    """Encode ``image`` as the largest JPEG (quality 72) not over ``cap`` bytes.

    JPEG size grows about with the pixel count, so each try shrinks the side by the square root of
    the overshoot; at ``min_side`` the quality drops instead, and if even that does not fit the
    smallest is returned (a legible page beats a budget).
    """
    scaled, _ = downscale(as_bgr(image), max_side)
    while True:
        data = encode_jpeg(scaled, _QUALITY)
        if len(data) <= cap:
            return data
        side = max(scaled.shape[:2])
        if side <= min_side:
            for quality in _LOW_QUALITIES:
                data = encode_jpeg(scaled, quality)
                if len(data) <= cap:
                    break
            return data
        target = int(side * min(0.85, 0.95 * (cap / len(data)) ** 0.5))
        scaled, _ = downscale(scaled, max(min_side, target))


def clamp_box(bbox: BBox, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Clip ``bbox`` to the image; ``None`` when nothing of it lies inside."""
    x0, y0 = max(0, min(bbox.x0, bbox.x1)), max(0, min(bbox.y0, bbox.y1))
    x1, y1 = min(width, max(bbox.x0, bbox.x1)), min(height, max(bbox.y0, bbox.y1))
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def _slide(lo: int, hi: int, limit: int) -> tuple[int, int]:
    """Move the window ``lo..hi`` inside ``0..limit`` (keeping its size where it fits) rather than cut it."""
    if lo < 0:
        lo, hi = 0, hi - lo
    if hi > limit:
        lo, hi = max(0, lo - (hi - limit)), limit
    return lo, hi


def evidence_crop(image: BGRImage, bbox: BBox | None, max_side: int = 760) -> BGRImage:
    """Cut the region of ``bbox`` with a margin of context and outline the region in red.

    The margin is half the box's size (at least 8% of the page), so the reader sees where on the
    document the region lies and what surrounds it. Without a usable box the whole page is returned, downscaled.
    """
    image = as_bgr(image)
    height, width = image.shape[:2]
    box = clamp_box(bbox, width, height) if bbox is not None else None
    if box is None:
        return downscale(image, max_side)[0]
    x0, y0, x1, y1 = box
    mx = max((x1 - x0) // 2, width * 8 // 100)
    my = max((y1 - y0) // 2, height * 8 // 100)
    # A thin strip (a cropped edge, one text line) gets context across it too: at most 3:1 wide, 1:2 tall.
    mx = max(mx, ((y1 - y0 + 2 * my) // 2 - (x1 - x0)) // 2)
    my = max(my, ((x1 - x0 + 2 * mx) // 3 - (y1 - y0)) // 2)
    cx0, cx1 = _slide(x0 - mx, x1 + mx, width)
    cy0, cy1 = _slide(y0 - my, y1 + my, height)
    crop, scale = downscale(np.ascontiguousarray(image[cy0:cy1, cx0:cx1]), max_side)
    crop = crop.copy()
    thickness = max(2, round(max(crop.shape[:2]) / 250))
    top_left = (round((x0 - cx0) * scale), round((y0 - cy0) * scale))
    bottom_right = (round((x1 - cx0) * scale) - 1, round((y1 - cy0) * scale) - 1)
    cv2.rectangle(crop, top_left, bottom_right, _RED, thickness)
    return crop


def box_style(bbox: BBox, width: int, height: int) -> str | None:
    """CSS placing an outline over ``bbox`` on a page shown at any size (percent of the page)."""
    box = clamp_box(bbox, width, height)
    if box is None or width <= 0 or height <= 0:
        return None
    x0, y0, x1, y1 = box
    return (
        f"left:{100 * x0 / width:.2f}%;top:{100 * y0 / height:.2f}%;"
        f"width:{100 * (x1 - x0) / width:.2f}%;height:{100 * (y1 - y0) / height:.2f}%"
    )


@dataclass
class ImageEncoder:
    """Encodes one report's images and shares the byte budget between them.

    Call :meth:`crop` and :meth:`thumbnail` first: whole pages, encoded last with :meth:`page`,
    split what is left between the ``pages`` pages still to come. Identical requests are encoded once.
    """

    pages: int
    crops: int
    budget: int = REPORT_IMAGE_BUDGET
    used: int = 0
    _pages_done: int = 0
    _cache: dict[tuple[object, ...], str] = field(default_factory=dict)
    _working: dict[tuple[str, int], BGRImage] = field(default_factory=dict)

    def _working_copy(self, key: tuple[str, int], image: BGRImage) -> BGRImage:
        """The page at lightbox size, shrunk once and shared by thumbnail and page view."""
        if key not in self._working:
            self._working[key] = downscale(as_bgr(image), _PAGE_SIDE)[0]
        return self._working[key]

    def _store(self, key: tuple[object, ...], jpeg: bytes) -> str:
        self.used += len(jpeg)
        self._cache[key] = data_uri(jpeg)
        return self._cache[key]

    def crop(self, key: tuple[str, int], image: BGRImage, bbox: BBox | None) -> str:
        """An evidence crop of page ``key`` (file, page) around ``bbox``, outlined in red."""
        cache_key = ("crop", *key, bbox)
        if cache_key in self._cache:
            return self._cache[cache_key]
        cap = min(90_000, max(25_000, int(self.budget * 0.35) // max(1, self.crops)))
        return self._store(cache_key, encode_within(evidence_crop(image, bbox), cap, 760, 320))

    def thumbnail(self, key: tuple[str, int], image: BGRImage) -> str:
        """A small preview of page ``key`` for the page overview."""
        cache_key = ("thumb", *key)
        if cache_key in self._cache:
            return self._cache[cache_key]
        return self._store(cache_key, encode_within(self._working_copy(key, image), 12_000, 220, 160))

    def page(self, key: tuple[str, int], image: BGRImage) -> str:
        """The whole page, as large as the remaining budget allows, for the lightbox."""
        cache_key = ("page", *key)
        if cache_key in self._cache:
            return self._cache[cache_key]
        remaining = max(1, self.pages - self._pages_done)
        self._pages_done += 1
        cap = min(400_000, max(40_000, (self.budget - self.used) // remaining))
        return self._store(cache_key, encode_within(self._working_copy(key, image), cap, _PAGE_SIDE, 480))
