"""Atomic, private file output: every report file appears whole or not at all.

A batch killed mid-way leaves either the previous file or the new one, never half of one:
each file is written to a temporary name in the same folder, flushed, then renamed.
Report folders are created 0700 (they hold personal data).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_folder_name(dossier_id: str) -> str:
    """A folder name for a dossier's output that cannot escape the output folder."""
    name = _UNSAFE.sub("_", dossier_id).strip("._") or "dossier"
    if name != dossier_id:
        name = f"{name}-{hashlib.sha256(dossier_id.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return name


@contextmanager
def dossier_lock(out: Path, folder: str) -> Iterator[None]:
    """Hold an exclusive lock on one dossier's output folder, so two batches never write it at once.

    A second batch waits for the first to finish that dossier, then finds it unchanged and skips it.
    """
    locks = private_dir(out / ".locks")
    with (locks / f"{folder}.lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only; return it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path.chmod(PRIVATE_DIR)
    return path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(PRIVATE_FILE)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clean_temp_files(folder: Path) -> int:
    """Remove temp files left by a killed run under ``folder``; return how many."""
    removed = 0
    if not folder.exists():
        return 0
    for tmp in folder.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed
