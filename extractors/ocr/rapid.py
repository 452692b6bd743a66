"""The default OCR backend: rapidocr 3.x on onnxruntime with the models bundled in its wheel.

Only the bundled PP-OCRv6 det/rec and the PP-OCRv4 line classifier are used: any other model
choice makes rapidocr download, which fails offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rapidocr.utils.output import RapidOCROutput

from extractors.errors import EngineUnavailable
from extractors.models import BGRImage
from extractors.ocr.base import OcrEngine


class RapidOcrEngine(OcrEngine):
    """rapidocr with its bundled models (PP-OCRv6 small det/rec, PP-OCRv4 mobile cls)."""

    name = "rapidocr"

    def __init__(self, threads: int = 2) -> None:
        """Load the bundled models; ``threads`` bounds onnxruntime's intra-op threads."""
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - rapidocr is a core dependency
            raise EngineUnavailable("rapidocr is not installed: pip install the precheck package") from exc
        params: dict[str, Any] = {
            "Global.log_level": "warning",
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._engine = RapidOCR(params=params)
        det = self._engine.cfg.Det
        rec = self._engine.cfg.Rec
        self._model = (
            f"{_plain(det.ocr_version)}_det_{_plain(det.model_type)} + "
            f"{_plain(rec.ocr_version)}_rec_{_plain(rec.model_type)} (onnxruntime, bundled)"
        )

    @property
    def model(self) -> str:
        """Bundled model names."""
        return self._model

    def model_files(self) -> list[Path]:
        """The ONNX models bundled in the rapidocr wheel (the only ones it can load offline)."""
        import rapidocr

        return sorted((Path(rapidocr.__file__).parent / "models").glob("*.onnx"))

    def _recognise(self, image: BGRImage) -> list[tuple[list[tuple[float, float]], str, float]]:
        # Pass the step switches on every call: rapidocr keeps them as state between calls.
        result = self._engine(image, use_det=True, use_cls=True, use_rec=True)
        if not isinstance(result, RapidOCROutput):  # pragma: no cover - all three steps were requested
            return []
        if result.boxes is None or result.txts is None or result.scores is None:
            return []
        return [
            ([(float(x), float(y)) for x, y in box], str(text), float(score))
            for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True)
        ]

    def line_probabilities(self, crop: BGRImage) -> tuple[np.ndarray, Sequence[str]] | None:
        """The rec model's softmax frames for one crop, prepared as rapidocr prepares a line of its own batch."""
        rec = self._engine._load_rec_model()  # type: ignore[no-untyped-call]  # no public call returns the frames
        _, height, width = rec.rec_image_shape[:3]
        h, w = crop.shape[:2]
        ratio = max(w / max(h, 1), width / height)
        batch = rec.resize_norm_img(np.ascontiguousarray(crop), ratio)[np.newaxis].astype(np.float32)
        probs = np.asarray(rec.session(batch))[0]
        characters: list[str] = list(rec.postprocess_op.character)
        if probs.ndim != 2 or probs.shape[1] != len(characters):  # pragma: no cover - a model/dictionary mix-up
            return None
        return probs, characters

    def score_lines(self, crops: Sequence[BGRImage]) -> list[tuple[str, float]]:
        """Recognise single-line crops in one batch with the rec model alone (no detection)."""
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec.typings import TextRecInput

        rec = self._engine._load_rec_model()  # type: ignore[no-untyped-call]  # the public call cannot batch crops
        out = rec(TextRecInput(img=[np.ascontiguousarray(c) for c in crops]))
        txts = out.txts or ()
        return [(str(t), float(s)) for t, s in zip(txts, out.scores, strict=False)]


def _plain(value: Any) -> str:
    """Render a rapidocr config enum (or plain string) as its value."""
    return str(getattr(value, "value", value))
