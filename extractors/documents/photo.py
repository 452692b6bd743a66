"""一寸免冠照片 (the 1-inch portrait): faces, aspect ratio and background plainness.

Only measurements: whether they fit the photo rules is the validators' call.
"""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, PageInput
from extractors.marks import background_uniformity, detect_faces
from extractors.models import BBox


def extract(page: PageInput) -> Extraction:
    """Count faces, measure height/width and the share of plain background."""
    out = FieldBuilder(page)
    height, width = page.image.shape[:2]
    whole = BBox(x0=0, y0=0, x1=width, y1=height)
    faces = detect_faces(page.image, min_fraction=0.2)
    out.add("face_count", str(len(faces)), (), bbox=faces[0] if len(faces) == 1 else whole, confidence=None)
    out.add("aspect", f"{height / max(width, 1):.3f}", (), bbox=whole)
    out.add("background_uniformity", f"{background_uniformity(page.image, faces):.3f}", (), bbox=whole)
    out.flags["face"] = len(faces) > 0
    return out.build()
