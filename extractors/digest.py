"""Content hashes of files on disk: what keys caches and report reuse to the code and models in use."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_sha256(paths: Iterable[Path], root: Path | None = None) -> str:
    """sha256 over the names and contents of ``paths``, in path order (read in 1 MiB chunks).

    Names are taken relative to ``root`` when given (so a moved tree hashes the same), else the
    bare file name.
    """
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.as_posix()):
        name = path.relative_to(root).as_posix() if root is not None else path.name
        digest.update(name.encode() + b"\0")
        _feed(digest, path)
        digest.update(b"\0")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of one file's content."""
    digest = hashlib.sha256()
    _feed(digest, path)
    return digest.hexdigest()


def _feed(digest: hashlib._Hash, path: Path) -> None:
    """Stream ``path`` into ``digest`` in 1 MiB chunks."""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
