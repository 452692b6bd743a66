"""Uploaded files and their decoding into page images: what ingest and the PDF reader share.

``SourceFile`` is one file of a dossier; ``load_image_pages`` decodes a raster image (every frame of a
multi-page TIFF) behind the pixel guard; the ``FileProblem`` builders word the findings for unreadable,
oversized and overlong files. Nothing here raises for a bad file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.models import BGRImage, FileProblem, PageImage, PageRef, Section
from extractors.settings import Settings

log = logging.getLogger(__name__)

_SECTIONS = {s.value: s for s in Section}

try:  # HEIC from phones; pillow-heif registers an opener with Pillow.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a core dependency
    log.warning("pillow-heif missing: HEIC files will be reported unreadable")


@dataclass(frozen=True)
class SourceFile:
    """One file of a dossier: its path relative to the dossier root and its bytes."""

    name: str
    data: bytes

    @property
    def section(self) -> Section | None:
        """The upload section named by the first path component, if it is one."""
        parts = PurePosixPath(self.name).parts
        return _SECTIONS.get(parts[0]) if len(parts) > 1 else None

    @property
    def suffix(self) -> str:
        """Lower-case file suffix."""
        return PurePosixPath(self.name).suffix.lower()

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes."""
        return hashlib.sha256(self.data).hexdigest()


def unreadable(name: str, reason: str) -> FileProblem:
    """A file that cannot be opened or is damaged: it counts as not uploaded."""
    return FileProblem(
        file=name,
        code="UNREADABLE_FILE",
        reason=reason,
        message_zh=f"文件“{name}”无法打开或已损坏，视为未上传：请重新上传清晰、完整的扫描件（JPG、PNG 或 PDF）。",
    )


def load_image_pages(source: SourceFile, settings: Settings) -> tuple[list[PageImage], list[FileProblem]]:
    """Decode every frame of an image file, refusing any frame over the pixel guard before its pixels load.

    Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) is left as it is, process-wide: it checks only the
    first frame, at open, so every frame's size is checked here, after ``seek`` and before ``load``.
    Its warning between its limit and twice that is silenced locally: our limit is the one that decides.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(source.data))
        except UnidentifiedImageError:
            return [], [unreadable(source.name, "not an image format we can read")]
        except Image.DecompressionBombError:
            return [], [too_large(source.name, None)]
        pages: list[PageImage] = []
        problems: list[FileProblem] = []
        for index in range(1, getattr(img, "n_frames", 1) + 1):
            if index > settings.max_pdf_pages:
                problems.append(too_many_pages(source.name, settings.max_pdf_pages))
                break
            img.seek(index - 1)
            if img.width * img.height > settings.max_image_pixels:
                problems.append(too_large(source.name, img))
                continue
            img.load()
            exif_rotation = _exif_rotation(img)
            upright = ImageOps.exif_transpose(img) or img
            pages.append(
                PageImage(
                    ref=PageRef(file=source.name, page=index, section=source.section),
                    image=to_bgr(upright),
                    content_hash=f"{source.sha256}:{index}",
                    dpi=_dpi_of(img),
                    exif_rotated=exif_rotation,
                )
            )
    return pages, problems


def too_large(name: str, img: Image.Image | None) -> FileProblem:
    """An image (or one frame of it) over the pixel guard, refused before its pixels are decoded."""
    size = f"{img.width}x{img.height} pixels" if img is not None else "pixels"
    size_zh = f"（{img.width}×{img.height}像素）" if img is not None else ""
    where = f"page {img.tell() + 1}: " if img is not None and getattr(img, "n_frames", 1) > 1 else ""
    return FileProblem(
        file=name,
        code="UNREADABLE_FILE",
        reason=f"{where}image of {size} exceeds the decompression guard",
        message_zh=f"文件“{name}”图像尺寸异常{size_zh}，无法处理：请重新扫描后上传。",
    )


def too_many_pages(name: str, limit: int) -> FileProblem:
    """A file with more pages than are read; the first ``limit`` were."""
    return FileProblem(
        file=name,
        code="UNREADABLE_FILE",
        reason=f"more than {limit} pages; the rest were not read",
        message_zh=f"文件“{name}”页数过多，仅检查了前{limit}页：请按栏目分别上传所需材料，不要上传无关页面。",
    )


def _exif_rotation(img: Image.Image) -> int:
    orientation = img.getexif().get(0x0112, 1)
    return {3: 180, 6: 90, 8: 270}.get(int(orientation), 0)


def _dpi_of(img: Image.Image) -> float | None:
    dpi = img.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None
    # 72 and 96 are software defaults, not a statement about the scan.
    return value if 100 <= value <= 1200 else None


def to_bgr(img: Image.Image) -> BGRImage:
    """Convert any Pillow mode (CMYK, 16-bit, palette, alpha) to 8-bit BGR; alpha over white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        peak = arr.max() or 1.0
        img = Image.fromarray((arr * (255.0 / peak)).clip(0, 255).astype(np.uint8), mode="L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])
