"""OCR backends behind one interface, found through a registry.

``get_engine(name)`` returns a per-process cached engine; adding a backend is one module and one
line in ``ENGINES``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from extractors.errors import ConfigurationError
from extractors.ocr.base import OcrEngine
from extractors.settings import Settings, get_settings


def _rapidocr(settings: Settings) -> OcrEngine:
    from extractors.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine(threads=settings.ocr_threads)


def _paddleocr(settings: Settings) -> OcrEngine:
    from extractors.ocr.paddle import PaddleOcrEngine

    return PaddleOcrEngine(model_dir=settings.paddle_model_dir, threads=settings.ocr_threads)


ENGINES: dict[str, Callable[[Settings], OcrEngine]] = {
    "rapidocr": _rapidocr,
    "paddleocr": _paddleocr,
}


@cache
def get_engine(name: str | None = None) -> OcrEngine:
    """Return the process-wide engine called ``name`` (default: the configured backend)."""
    settings = get_settings()
    key = name or settings.ocr_backend
    try:
        factory = ENGINES[key]
    except KeyError:
        raise ConfigurationError(f"unknown OCR backend {key!r}; choose one of {sorted(ENGINES)}") from None
    return factory(settings)


__all__ = ["ENGINES", "OcrEngine", "get_engine"]
