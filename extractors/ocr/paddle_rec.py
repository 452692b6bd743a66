"""The PP-OCRv5 line recogniser, run by precheck itself on public inference APIs: per-frame probabilities.

Why not PaddleOCR's ``TextRecognition``: its public output is the greedy-decoded text and a mean score per line.
Keeping the characters the model nearly emitted (:func:`extractors.ocr.paddle.keep_near_misses`) needs the
recogniser's probabilities per frame, which no documented parameter or result field of paddleocr gives; reaching
for them meant replacing a private attribute of paddlex's predictor (``paddlex_predictor.post_op``), which any
paddlex release may rename. So the model folder is run here, through the runtime's own public API
(``paddle.inference.create_predictor`` for Paddle folders, ``onnxruntime.InferenceSession`` for ONNX ones), with
PaddleOCR's preprocessing and CTC collapse written out below; :class:`LineRecogniser` decodes exactly as
``TextRecognition`` does when near misses are off (``tests/test_ocr_paddle.py`` compares the two on real crops).

What PaddleOCR 3.7 does, and this module repeats (paddlex ``text_recognition`` processors):

* the crop stays BGR (the model's ``inference.yml`` reads images as BGR), is resized to 48 px high keeping its
  aspect (at least 320 px wide as a canvas, at most 3200 px), scaled to [-1, 1], channels first, and padded
  with zeros to the canvas width;
* the model gives softmax probabilities, frames x classes; class 0 is CTC's blank, then the characters of
  ``inference.yml``'s ``PostProcess.character_dict``, then a space;
* greedy decoding takes the best class per frame, drops repeats and blanks; the score is the mean probability of
  the kept frames (0 when none is kept).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
import yaml

from extractors.errors import EngineUnavailable
from extractors.models import BGRImage
from extractors.ocr.ctc import collapse, greedy

HEIGHT = 48
"""Height the recogniser reads lines at (``RecResizeImg.image_shape`` of the model's ``inference.yml``)."""
MIN_WIDTH = 320
"""Narrowest canvas: a short crop is padded to this width."""
MAX_WIDTH = 3200
"""Widest canvas: a longer crop is squeezed to it."""

SAME_WIDTH_BATCH = 16
"""Most crops run through the model together by :meth:`LineRecogniser.read_many` (same-width inputs only)."""

Decoder = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
"""Frames x classes probabilities -> (class per frame, its probability): greedy, or keeping near misses."""


def normalise(crop: BGRImage) -> np.ndarray:
    """One line crop as the recogniser's input: 1 x 3 x 48 x W, float32 in [-1, 1] (see the module doc)."""
    bgr = crop if crop.ndim == 3 else cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
    h, w = bgr.shape[:2]
    ratio = w / max(h, 1)
    canvas = int(HEIGHT * max(MIN_WIDTH / HEIGHT, ratio))
    if canvas > MAX_WIDTH:
        resized, width, canvas = cv2.resize(bgr, (MAX_WIDTH, HEIGHT)), MAX_WIDTH, MAX_WIDTH
    else:
        width = min(canvas, int(math.ceil(HEIGHT * ratio)))
        resized = cv2.resize(bgr, (width, HEIGHT))
    scaled = (resized.astype(np.float32).transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    batch = np.zeros((1, 3, HEIGHT, canvas), dtype=np.float32)
    batch[0, :, :, :width] = scaled
    return batch


def character_list(config: Path) -> list[str]:
    """The classes of the recogniser: blank, the characters of ``inference.yml``, and a space."""
    try:
        with config.open(encoding="utf-8") as fh:
            characters = (yaml.safe_load(fh) or {})["PostProcess"]["character_dict"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise EngineUnavailable(f"cannot read the recogniser's character list from {config}: {exc}") from exc
    if not isinstance(characters, list) or not all(isinstance(ch, str) for ch in characters):
        raise EngineUnavailable(f"{config}: PostProcess.character_dict is not a list of characters")
    return ["blank", *characters, " "]


class LineRecogniser:
    """The PP-OCRv5 rec model of one folder: crop in, probabilities per frame out, decoded as PaddleOCR decodes."""

    def __init__(
        self, folder: Path, engine: Literal["paddle", "onnxruntime"], threads: int, onednn: bool = True
    ) -> None:
        """Load the model of ``folder`` (Paddle ``inference.json``/``.pdmodel`` + ``.pdiparams``, or ``.onnx``).

        Raises:
            EngineUnavailable: The runtime is not installed or cannot load the model.
        """
        self.characters = character_list(folder / "inference.yml")
        if engine == "onnxruntime":
            self._run = _onnx_runner(folder, threads)
        else:
            self._run = _paddle_runner(folder, threads, onednn)

    def probabilities(self, crop: BGRImage) -> np.ndarray:
        """Frames x classes: the model's softmax output for one line crop."""
        out: np.ndarray = self._checked(np.asarray(self._run(normalise(crop))))[0]
        return out

    def _checked(self, out: np.ndarray) -> np.ndarray:
        if out.ndim != 3 or out.shape[2] != len(self.characters):
            raise EngineUnavailable(
                f"the recogniser gives {out.shape[-1]} classes per frame, its inference.yml names "
                f"{len(self.characters)}: the folder's model and character list do not belong together"
            )
        return out

    def read(self, crop: BGRImage, decode: Decoder = greedy) -> tuple[str, float]:
        """The text of one line crop and its score (mean probability of the kept frames)."""
        best, sure = decode(self.probabilities(crop))
        return collapse(best, sure, self.characters)

    def read_many(self, crops: Sequence[BGRImage], batch: int = SAME_WIDTH_BATCH) -> list[tuple[str, float]]:
        """:meth:`read` (greedy) of many crops; crops whose inputs have the same width go through the model together.

        Same-width inputs need no extra padding, so each crop gets exactly the input it gets alone; only the
        model runs fewer times. Crops of other widths still go one at a time (padding a crop to a wider one
        changes its frames).
        """
        inputs = [normalise(crop) for crop in crops]
        results: list[tuple[str, float] | None] = [None] * len(crops)
        by_width: dict[int, list[int]] = {}
        for index, x in enumerate(inputs):
            by_width.setdefault(x.shape[3], []).append(index)
        for indices in by_width.values():
            for start in range(0, len(indices), batch):
                group = indices[start : start + batch]
                out = self._checked(np.asarray(self._run(np.concatenate([inputs[i] for i in group]))))
                for i, probs in zip(group, out, strict=True):
                    results[i] = collapse(*greedy(probs), self.characters)
        return [r for r in results if r is not None]


def _paddle_runner(folder: Path, threads: int, onednn: bool) -> Callable[[np.ndarray], Any]:
    """A predictor of ``paddle.inference`` on the CPU, configured as PaddleOCR configures it there."""
    try:
        from paddle import inference
    except ImportError as exc:
        raise EngineUnavailable(f"paddlepaddle is not installed ({exc})") from exc
    graph = folder / "inference.json"
    if not graph.is_file():
        graph = folder / "inference.pdmodel"
    config = inference.Config(str(graph), str(folder / "inference.pdiparams"))
    config.disable_gpu()
    if onednn:
        config.enable_mkldnn()
        config.set_mkldnn_cache_capacity(10)
    else:
        config.disable_mkldnn()
    config.set_cpu_math_library_num_threads(threads)
    if hasattr(config, "enable_new_ir"):
        config.enable_new_ir(True)
    if hasattr(config, "enable_new_executor"):
        config.enable_new_executor()
    config.set_optimization_level(3)
    config.enable_memory_optim()
    config.disable_glog_info()
    try:
        predictor = inference.create_predictor(config)
    except Exception as exc:
        raise EngineUnavailable(f"paddle could not load the recogniser in {folder}: {type(exc).__name__}") from exc
    source = predictor.get_input_handle(predictor.get_input_names()[0])
    target = predictor.get_output_handle(predictor.get_output_names()[0])

    def run(batch: np.ndarray) -> np.ndarray:
        source.reshape(list(batch.shape))
        source.copy_from_cpu(batch)
        predictor.run()
        return np.asarray(target.copy_to_cpu())

    return run


def _onnx_runner(folder: Path, threads: int) -> Callable[[np.ndarray], Any]:
    """An ``onnxruntime`` session on the CPU with ``threads`` intra-op threads."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise EngineUnavailable(f"onnxruntime is not installed ({exc})") from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            str(folder / "inference.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        model = folder / "inference.onnx"
        raise EngineUnavailable(f"onnxruntime could not load {model}: {type(exc).__name__}") from exc
    name = session.get_inputs()[0].name

    def run(batch: np.ndarray) -> np.ndarray:
        return np.asarray(session.run(None, {name: batch})[0])

    return run
