"""Small pixel operations shared across the layers (the pipeline keeps shrunk pages; the report crops them)."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.models import BGRImage


def downscale(image: BGRImage, max_side: int) -> tuple[BGRImage, float]:
    """Shrink ``image`` so its longer side is at most ``max_side``; never enlarge.

    Returns:
        The (possibly unchanged) image and the scale factor applied.
    """
    height, width = image.shape[:2]
    scale = min(1.0, max_side / max(height, width, 1))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8), scale
