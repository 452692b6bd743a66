"""The PaddleOCR backend: PaddleOCR 3.x's text detector and recogniser on local PP-OCRv5 mobile folders.

It exists so that precheck can compare, and switch to, PaddleOCR's official models. It must not download
anything: ``PaddleOCR()`` with default arguments fetches models from a hoster and fails offline, so the
models are always built from two local folders:

* ``model_dir`` (``PRECHECK_PADDLE_MODEL_DIR``), a folder holding ``PP-OCRv5_mobile_det/`` and
  ``PP-OCRv5_mobile_rec/``; by default the folder ``precheck models fetch`` fills
  (:mod:`extractors.ocr.paddle_models`, which pins the sha256 of every Paddle model file: a missing or altered
  file stops the engine before anything loads).

A folder holds either a Paddle inference model (``inference.json`` or ``inference.pdmodel``, plus
``inference.pdiparams``) or an ONNX model (``inference.onnx``), each beside its ``inference.yml``.
When both folders hold ``inference.onnx`` the engine runs them with PaddleOCR's
``engine="onnxruntime"`` (supported by paddleocr 3.7: its ``SUPPORTED_INFERENCE_ENGINE_LIST``),
which needs no ``paddlepaddle`` to run the models; otherwise it runs the Paddle inference folders on
paddlepaddle. The detector runs as PaddleOCR's public ``TextDetection`` module with the OCR pipeline's own
settings. The recogniser runs through the runtime's public API in :mod:`extractors.ocr.paddle_rec`, because
``TextRecognition``'s public output has no per-frame probabilities, which the near-miss decoding below needs
(that module decodes exactly as ``TextRecognition`` otherwise; nothing here touches paddlex's internals). The
crop between the two is precheck's (:func:`line_crop`: the
pipeline's tight crops lose characters, see :data:`MAX_LINE_ASPECT`), blurred slightly before it is read
(:data:`LINE_BLUR_SIGMA`: crisp print loses characters too), and the recogniser's output is decoded keeping
what it nearly emitted: a lost character, or the blank between a doubled one (:data:`NEAR_MISS_MIN`). Document
orientation, unwarping and the text-line classifier are not used: they would need more model downloads, and the
pipeline corrects whole-page rotation itself.

This module must not be imported by code that does not use the backend: it sets paddlex's
environment flags and imports paddleocr lazily, at engine construction.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
import yaml

from extractors.errors import EngineUnavailable
from extractors.models import BGRImage
from extractors.ocr.base import OcrEngine
from extractors.ocr.paddle_models import (
    DET_MODEL,
    FETCH_HINT,
    REC_MODEL,
    default_model_dir,
    verify_pinned,
)
from extractors.ocr.paddle_rec import Decoder, LineRecogniser

# Why here, and not in Settings: these are not precheck settings but switches of a third-party
# library, read once when paddlex is first imported, so they must be in the environment before
# paddleocr is imported, and this module is the only place that imports it. paddlex otherwise
# probes HuggingFace, AIStudio, ModelScope and BOS for connectivity the first time it resolves a
# model (a slow timeout per hoster offline). With local model folders it never needs a hoster, so
# this is a second guard; the tests run the engine with sockets disabled to prove it stays offline.
os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] = "True"


InferenceEngine = Literal["paddle", "onnxruntime"]

_INSTALL_HINT = "install the PaddleOCR extra (pip install 'precheck[paddle]') and run `precheck models fetch`"


@dataclass(frozen=True)
class ModelFolders:
    """The det/rec folders the engine loads, and how to run them."""

    det: Path
    rec: Path
    engine: InferenceEngine
    source: str


class PaddleOcrEngine(OcrEngine):
    """PaddleOCR 3.x pipeline (PP-OCRv5 mobile det + rec) on local model folders, on CPU."""

    name = "paddleocr"

    def __init__(self, model_dir: Path | None = None, threads: int = 2) -> None:
        """Load the det and rec models.

        Args:
            model_dir: Folder holding ``PP-OCRv5_mobile_det/`` and ``PP-OCRv5_mobile_rec/``; ``None``
                for the folder ``precheck models fetch`` fills.
            threads: CPU threads for inference (Paddle ``cpu_threads`` or onnxruntime intra-op threads).

        Raises:
            EngineUnavailable: paddleocr, paddlepaddle (for Paddle folders) or a model folder is missing,
                or the pipeline cannot be built from the folders.
        """
        self._folders = find_model_folders(model_dir)
        self._engine_kwargs = _engine_kwargs(self._folders.engine, threads)
        paddleocr = _import_paddleocr()
        try:
            with _quiet_paddle_import():
                self._det: Any = paddleocr.TextDetection(
                    model_name=DET_MODEL, model_dir=str(self._folders.det), **DET_PARAMS, **self._engine_kwargs
                )
        except Exception as exc:
            raise EngineUnavailable(
                f"PaddleOCR could not load the models in {self._folders.det.parent} "
                f"({self._folders.engine}): {type(exc).__name__}: {exc}"
            ) from exc
        # The recogniser is run here, not through TextRecognition: see extractors.ocr.paddle_rec for why.
        onednn = bool(self._engine_kwargs.get("enable_mkldnn", False))  # as the detector runs
        self._rec = LineRecogniser(self._folders.rec, self._folders.engine, threads, onednn=onednn)
        eligible = near_miss_eligible(self._rec.characters)
        self._near_misses: Decoder = lambda probs: keep_near_misses(probs, eligible, NEAR_MISS_MIN)
        # How lines are prepared is part of the description: page caches are keyed by it (extractors.pipeline).
        self._model = (
            f"{DET_MODEL} + {REC_MODEL} ({self._folders.engine}, {self._folders.source}; "
            f"lines blurred by {LINE_BLUR_SIGMA} px, near misses (lost and doubled characters) from {NEAR_MISS_MIN})"
        )

    @property
    def model(self) -> str:
        """Model names, inference engine and where the folders came from."""
        return self._model

    def model_files(self) -> list[Path]:
        """Every file of the det and rec folders (graph, weights, inference.yml)."""
        return sorted(f for folder in (self._folders.det, self._folders.rec) for f in folder.iterdir() if f.is_file())

    def _recognise(self, image: BGRImage) -> list[tuple[list[tuple[float, float]], str, float]]:
        found = self._det.predict(image)
        if not found:
            return []
        quads = [np.asarray(q, dtype=np.float32).reshape(4, 2) for q in found[0]["dt_polys"]]
        if not quads:
            return []
        lines = [self._rec.read(soften(line_crop(image, q)), self._near_misses) for q in quads]
        return [
            ([(float(x), float(y)) for x, y in q], text, score) for q, (text, score) in zip(quads, lines, strict=True)
        ]

    def line_probabilities(self, crop: BGRImage) -> tuple[np.ndarray, Sequence[str]] | None:
        """The rec model's frames for one crop, prepared as page reading prepares its lines (softened)."""
        return self._rec.probabilities(soften(np.ascontiguousarray(crop))), self._rec.characters

    def score_lines(self, crops: Sequence[BGRImage]) -> list[tuple[str, float]]:
        """Recognise single-line crops with the rec model alone (no detection).

        Crops whose model inputs have the same width (every crop shorter than the 320 px canvas, as most of
        orientation's are) run through the model together; others one at a time, since padding a crop to a
        wider one changes what it reads (and on 10 page-wide lines PaddleOCR's padded batch of 8 measured
        slower than one at a time, about 3.5 s against 2 s).

        Decoded as PaddleOCR decodes (greedy CTC), which is what orientation compares across rotations;
        page reading (:meth:`_recognise`) keeps near misses as well.
        """
        return self._rec.read_many([np.ascontiguousarray(crop) for crop in crops])


DET_PARAMS: dict[str, Any] = {
    "limit_side_len": 64,
    "limit_type": "min",
    "thresh": 0.3,
    "box_thresh": 0.6,
    "unclip_ratio": 1.5,
}
"""PaddleOCR's own OCR-pipeline settings for its text detector (paddlex ``configs/pipelines/OCR.yaml``):
no downscaling below the page's size, DB thresholds and box growth as the pipeline uses them."""

MAX_LINE_ASPECT = 13.0
"""Longest a line crop may be, in crop heights: a longer line gets margin above and below until it is not.

Why: PaddleOCR crops each line tight to its detected box, and on long tight crops the PP-OCRv5 mobile
recogniser drops characters: "2024年9月19日至2024年9月25日" read as "2024年919至2024年925" on a phone photo
of a 公示结果 (tune seed 1100, WL1100-0003; the crop was 825 x 31 px), so the publicity periods were unreadable
in 39 of 50 tune dossiers. A fixed margin of 0.7 line heights on every line mended those but broke short
lines (ID and certificate numbers, social-insurance months), which read best tight. Fields read exactly on
the printed pages of tune dossiers WL1100-0001..0006 (460 values): tight crops (the pipeline's) 396, fixed
margin 409, this limit at 8 / 10 / 12 / 13 / 14: 350 / 429 / 441 / 443 / 440."""

SIDE_PAD = 0.15
"""Margin left and right of a line, in line heights: room for the first and last strokes, not the next field."""

LINE_BLUR_SIGMA = 1.0
"""Gaussian blur, in pixels of the page as read (at most ``max_ocr_side``), applied to each line before recognition.

Why: on crisp print the PP-OCRv5 mobile recogniser drops characters while sure of the rest: 伊犁师范学 for
伊犁师范大学, 中学教师系列 for 中小学教师系列, 公示异议 for 公示无异议, 阿迪 for 阿迪力, 2024年109 for
2024年10月9日; it also read 尉型县 for 尉犁县. A slight blur gives them back. Measured on tune dossiers
(seeds 1100/1800), counting the field values of the ground truth read exactly on the line that holds them:

* 9 dossiers (497 values): no blur 475, sigma 1.0 **491**; other ways tried did less: a margin of a third
  of the line height on every side 437, reading each line twice (tight, and with that margin) and keeping
  the second read when it only adds Chinese characters 484, the crop downscaled to 32 px high 478.
* 11 other dossiers, with phone photos and degraded pages (clean-page values of 366 / degraded of 229):
  no blur 344 / 225; sigma 0.6: 350 / 226; 0.8: 362 / 225; **1.0: 362 / 226**; 1.3: 361 / 222; 1.6: 361 / 220.
  Sigma 1.0 lost 3 values the unblurred read had: 公示异议 for 公示无异议 on a low-resolution page (its
  strokes are soft already), 黄海蒸 for 黄海燕 on a phone photo, and a name whose middle dot came out as
  U+2219 (which :func:`extractors.text.to_halfwidth` folds).

Orientation (:func:`extractors.orientation.detect_orientation`) scores unblurred crops through
:meth:`PaddleOcrEngine.score_lines`, as before; only the page reading is blurred."""


NEAR_MISS_MIN = 0.25
"""Least probability at which a character the recogniser nearly emitted, in a frame it gave to CTC's blank, is kept.

Why: PP-OCRv5 mobile drops characters it plainly sees, even on blurred lines (:data:`LINE_BLUR_SIGMA`). Over the
frames of "热依拉·阿迪力同志（身份证号：" (a 继续教育 certificate, tune seed 1800, WL1800-0004) it gives blank 0.53
and 力 0.46 in the frame after 迪, blank 0.74 and 身 0.26 in the frame before 份; greedy decoding takes blank both
times and reads 热依拉·阿迪同志（份证号：, so the name is a mismatch; ID numbers beside it lose digits the same way. A
frame whose best class is blank but whose best character reaches this probability decodes as that character when the
character

* differs from the characters decoded in the frames either side, so that it adds a character and never joins a
  doubled one (the two 0s of 00 are two frames of 0 with a blank between), and
* is one :func:`near_miss_eligible` allows: ideographs, digits and the middle dot of names.

Measured on 199 pages of 11 tune dossiers (seeds 1100/1800; 3,320 lines), against greedy decoding: lines changed at
0.45 / 0.35 / 0.25 / 0.15: 12 / 37 / 63 / 96. Of the 63 at 0.25, 60 gained characters they had lost (学信网,
用于商业用途, 身份证号, 袁欣怡 for 欣怡, 2019年6月28 for 2019年月8, ID numbers given back a lost digit) and 3 a wrong
one (保院 and 3限司 in stamp text, 艾始亚森 in a handwritten name); below 0.25 stamp text gains more (保璃局) and a
2024 became 20240. Field values read exactly on the line that holds them: greedy 436 of 437 on clean pages and 164 of
164 on degraded ones; at 0.25, 437 and 164.

The same probability of blank splits a doubled character. CTC can only emit 买买 as 买, blank, 买; on four 继续教育
certificates of 阿依古丽·买买提 (tune seed 1300, WL1300-0010) the frames of 买买 were 买 0.99, 0.99, 0.74 (blank 0.26),
1.00, read 阿依古丽·买提. A frame inside a run of one eligible character (the character on both sides) whose blank
reaches this probability decodes as blank, at most once per run. On the 3,320 lines above it changed 2, both in
masked ID numbers that no check reads (652**0146 became 6522**0146 for 652827********0146)."""

NEAR_MISS_NEVER = "一"
"""Characters never kept as near misses: 一 is also what a signature's underline or a table rule looks like. At
:data:`NEAR_MISS_MIN` on the tune pages all 4 near-miss 一s were such lines after a handwritten name (袁的怡一)."""


def near_miss_eligible(characters: Sequence[str]) -> np.ndarray:
    """For each class of the recogniser's character list, whether it may be kept as a near miss.

    Ideographs (CJK unified, and 〇), the digits 0-9 and the middle dot (·): the characters whose loss changes a
    field. Punctuation, letters and dashes are left out: near-miss dashes and underscores appear beside the
    middle dot of names (艾合买提-·亚森) and after handwritten ones, and letters only in the noise of stamps.
    """

    def eligible(ch: str) -> bool:
        if ch in NEAR_MISS_NEVER:
            return False
        return "\u4e00" <= ch <= "\u9fff" or ch in "〇·" or "0" <= ch <= "9"

    return np.array([len(ch) == 1 and eligible(ch) for ch in characters], dtype=bool)


def keep_near_misses(
    probs: np.ndarray, eligible: np.ndarray, least: float = NEAR_MISS_MIN
) -> tuple[np.ndarray, np.ndarray]:
    """Best class and its probability per frame, with near misses kept (:data:`NEAR_MISS_MIN`).

    Near misses are characters in frames given to blank, and a blank inside a run of one character, which makes
    it two (at most one per run).

    Args:
        probs: One line's recogniser output, frames x classes, class 0 being CTC's blank.
        eligible: Per class, whether it may be kept (:func:`near_miss_eligible`).
        least: :data:`NEAR_MISS_MIN`; above 1 nothing is kept.

    Returns:
        The class index and probability for each frame, for CTC's usual collapse (drop repeats, then blanks).
    """
    best = probs.argmax(axis=-1)
    sure = probs.max(axis=-1)
    blank = np.flatnonzero(best == 0)
    runners = probs[blank, 1:].argmax(axis=-1) + 1
    near = (probs[blank, runners] >= least) & eligible[runners]
    for t, runner in zip(blank[near].tolist(), runners[near].tolist(), strict=True):
        before = best[t - 1] if t > 0 else -1
        after = best[t + 1] if t + 1 < len(best) else -1
        if runner in (before, after):
            continue
        best[t] = runner
        sure[t] = probs[t, runner]
    # A doubled character (买买提): CTC needs a blank between the two, and the recogniser may only dip towards it.
    change = np.flatnonzero(np.diff(best)) + 1
    for start, end in zip([0, *change.tolist()], [*change.tolist(), len(best)], strict=True):
        if end - start < 3 or best[start] == 0 or not eligible[best[start]]:
            continue
        inner = np.arange(start + 1, end - 1)  # frames with the character on both sides
        dip = int(inner[probs[inner, 0].argmax()])
        if probs[dip, 0] >= least:
            best[dip] = 0
    return best, sure


def soften(crop: BGRImage) -> BGRImage:
    """The line crop blurred by :data:`LINE_BLUR_SIGMA` (unchanged when it is 0)."""
    if LINE_BLUR_SIGMA <= 0:
        return crop
    return np.asarray(cv2.GaussianBlur(crop, (0, 0), LINE_BLUR_SIGMA), dtype=np.uint8)


def line_crop(image: BGRImage, quad: np.ndarray) -> BGRImage:
    """The upright crop of one detected line (quad: top-left, top-right, bottom-right, bottom-left).

    The quad is grown by :data:`SIDE_PAD` line heights at its ends and, for a line longer than
    :data:`MAX_LINE_ASPECT`, above and below, then warped to a rectangle, so a tilted line (a phone photo)
    is straightened; a crop at least 1.5 times as tall as wide is a vertical line and is turned to read left
    to right, as PaddleOCR does.
    """
    top, right, bottom, left = quad[0], quad[1], quad[2], quad[3]
    width = max(float(np.linalg.norm(right - top)), float(np.linalg.norm(bottom - left)), 1.0)
    height = max(float(np.linalg.norm(left - top)), float(np.linalg.norm(bottom - right)), 1.0)
    along = ((right - top) + (bottom - left)) / (2 * width)
    down = ((left - top) + (bottom - right)) / (2 * height)
    length, thickness = max(width, height), min(width, height)
    side = SIDE_PAD * thickness
    across = max(0.0, (length / MAX_LINE_ASPECT - thickness) / 2)
    if height > width:  # a vertical line: its length runs down the quad
        along_pad, down_pad = across, side
    else:
        along_pad, down_pad = side, across
    grown = np.array(
        [
            top - along * along_pad - down * down_pad,
            right + along * along_pad - down * down_pad,
            bottom + along * along_pad + down * down_pad,
            left - along * along_pad + down * down_pad,
        ],
        dtype=np.float32,
    )
    w, h = int(round(width + 2 * along_pad)), int(round(height + 2 * down_pad))
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(grown, target)
    crop = np.asarray(cv2.warpPerspective(image, warp, (w, h), borderMode=cv2.BORDER_REPLICATE), dtype=np.uint8)
    if h >= 1.5 * w:
        crop = np.ascontiguousarray(np.rot90(crop))
    return crop


def find_model_folders(model_dir: Path | None = None) -> ModelFolders:
    """Locate and check the det/rec folders, and choose the inference engine that runs them.

    Args:
        model_dir: Folder holding ``PP-OCRv5_mobile_det/`` and ``PP-OCRv5_mobile_rec/``; ``None`` for
            the folder ``precheck models fetch`` fills.

    Returns:
        The two folders; ``onnxruntime`` when both hold ``inference.onnx``, else ``paddle``.

    Raises:
        EngineUnavailable: a folder is missing or incomplete, or holds another model, or Paddle folders
            are found but paddlepaddle is not installed.
    """
    base = Path(model_dir).expanduser() if model_dir is not None else default_model_dir()
    source = f"folders in {base}"  # ONNX folders are converted on site; pinned Paddle folders say so instead
    det, rec = base / DET_MODEL, base / REC_MODEL
    for folder, expected in ((det, DET_MODEL), (rec, REC_MODEL)):
        _check_folder(folder, expected)
    if all((folder / "inference.onnx").is_file() for folder in (det, rec)):
        return ModelFolders(det=det, rec=rec, engine="onnxruntime", source=source)
    for folder in (det, rec):
        if not (folder / "inference.pdiparams").is_file() or not (
            (folder / "inference.json").is_file() or (folder / "inference.pdmodel").is_file()
        ):
            raise EngineUnavailable(
                f"model folder {folder} holds neither a Paddle inference model (inference.json or "
                "inference.pdmodel, plus inference.pdiparams) nor, in both det and rec folders, inference.onnx"
            )
    for folder, name in ((det, DET_MODEL), (rec, REC_MODEL)):
        verify_pinned(folder, name)
    if importlib.util.find_spec("paddle") is None:
        raise EngineUnavailable(f"paddlepaddle is not installed, so the Paddle models cannot run: {_INSTALL_HINT}")
    return ModelFolders(det=det, rec=rec, engine="paddle", source="pinned folders")


def _check_folder(folder: Path, expected: str) -> None:
    """Raise unless ``folder`` exists and its ``inference.yml`` names the ``expected`` model."""
    config = folder / "inference.yml"
    if not config.is_file():
        raise EngineUnavailable(
            f"PaddleOCR model folder {folder} is missing or has no inference.yml: {FETCH_HINT} "
            f"(a folder holding {DET_MODEL}/ and {REC_MODEL}/)"
        )
    try:
        with config.open(encoding="utf-8") as fh:
            declared = (yaml.safe_load(fh) or {}).get("Global", {}).get("model_name")
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise EngineUnavailable(f"cannot read {config}: {exc}") from exc
    if declared != expected:
        raise EngineUnavailable(f"{config} declares model {declared!r}, expected {expected!r}")


def _engine_kwargs(engine: InferenceEngine, threads: int) -> dict[str, Any]:
    """PaddleOCR constructor arguments that pin inference to the CPU with ``threads`` threads."""
    if engine == "onnxruntime":
        return {
            "device": "cpu",
            "engine": "onnxruntime",
            "engine_config": {"intra_op_num_threads": threads, "inter_op_num_threads": 1},
        }
    return {"device": "cpu", "enable_mkldnn": _onednn_works(), "cpu_threads": threads}


def _onednn_works() -> bool:
    """Whether the installed paddlepaddle runs these models with oneDNN (MKL-DNN) on the CPU.

    oneDNN is what makes Paddle fast on a CPU: on paddlepaddle 3.2.2 an A4 学信网 page (2000 px, 38 lines)
    reads in 1.9 s with it and 10-12 s without, with the same text. On paddlepaddle 3.3.x it is broken: the
    models build but every predict raises NotImplementedError (ConvertPirAttribute2RuntimeAttribute, in
    the oneDNN instruction), so there it stays off. The version is read from the package metadata, so
    paddle itself is not imported here.
    """
    try:
        version = importlib.metadata.version("paddlepaddle")
    except importlib.metadata.PackageNotFoundError:
        return False
    major_minor = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    return major_minor < (3, 3)


def _import_paddleocr() -> Any:
    """Import paddleocr, or explain to the operator how to install it."""
    try:
        with _quiet_paddle_import():
            import paddleocr
    except ImportError as exc:
        raise EngineUnavailable(f"the paddleocr backend is not installed ({exc}): {_INSTALL_HINT}") from exc
    return paddleocr


@contextlib.contextmanager
def _quiet_paddle_import() -> Iterator[None]:
    """Silence paddle's import-time warning that its C++ extension builder has no ccache.

    paddlex imports paddle lazily, when the first model is built, so construction is wrapped too.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="No ccache found")
        yield
