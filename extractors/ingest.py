"""Ingest: a dossier folder or zip into files, and files into page images with provenance.

Every input is untrusted. Nothing here raises for a bad file: a file that cannot be read
becomes a :class:`FileProblem` (finding code ``UNREADABLE_FILE`` or ``WRONG_SECTION``-free
refusals such as zip-slip) and the rest of the dossier goes on. The inbox is only ever read.

Guards: decompression bombs (pixel limit, zip size limit), zip entries escaping the dossier
(``../`` or absolute), symlinks pointing out of the dossier, nested zips (one level deep),
GBK-encoded zip names, PDFs beyond a page limit, encrypted PDFs.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extractors.models import FileProblem, OcrLine, PageImage, Section
from extractors.pdf import load_pdf_pages
from extractors.settings import Settings
from extractors.source import SourceFile, load_image_pages, unreadable

log = logging.getLogger(__name__)

APPLICATION_FILE = "application.json"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".webp"}
PDF_SUFFIXES = {".pdf"}
ZIP_SUFFIXES = {".zip"}
_SECTIONS = {s.value: s for s in Section}
_MAX_ZIP_DEPTH = 2

@dataclass(frozen=True)
class DossierInput:
    """The files of one dossier and the problems met while listing them."""

    dossier_id: str
    files: tuple[SourceFile, ...]
    problems: tuple[FileProblem, ...]

    @property
    def application(self) -> SourceFile | None:
        """``application.json`` at the root (or in any folder, the shallowest one)."""
        candidates = [f for f in self.files if PurePosixPath(f.name).name.lower() == APPLICATION_FILE]
        return min(candidates, key=lambda f: f.name.count("/")) if candidates else None

    @property
    def uploads(self) -> tuple[SourceFile, ...]:
        """Every file except ``application.json``."""
        app = self.application
        return tuple(f for f in self.files if f is not app)

    @property
    def fingerprint(self) -> str:
        """Hash of every file's name and content: changes whenever the dossier changes."""
        digest = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.name):
            digest.update(f.name.encode("utf-8", "surrogateescape"))
            digest.update(f.sha256.encode())
        return digest.hexdigest()


def dossier_id_of(path: Path) -> str:
    """The applicant id a dossier path stands for: folder name, or zip name without suffix."""
    return path.stem if path.suffix.lower() == ".zip" else path.name


def read_dossier(path: Path, settings: Settings) -> DossierInput:
    """List every file of the dossier at ``path`` (folder or zip) without writing anything."""
    files: list[SourceFile] = []
    problems: list[FileProblem] = []
    if path.is_dir():
        _read_folder(path, settings, files, problems)
    elif path.suffix.lower() == ".zip":
        try:
            data = _read_limited(path, settings)
        except OSError as exc:
            problems.append(unreadable(path.name, f"cannot read dossier zip: {type(exc).__name__}"))
        else:
            _read_zip(data, "", settings, files, problems, depth=0)
    else:
        problems.append(unreadable(path.name, "dossier is neither a folder nor a zip"))
    expanded: list[SourceFile] = []
    for f in files:
        if f.suffix in ZIP_SUFFIXES:
            _read_zip(f.data, f.name.rsplit(".", 1)[0] + "/", settings, expanded, problems, depth=1)
        else:
            expanded.append(f)
    return DossierInput(dossier_id=dossier_id_of(path), files=tuple(expanded), problems=tuple(problems))


def _read_limited(path: Path, settings: Settings) -> bytes:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise OSError(f"file larger than {settings.max_file_bytes} bytes")
    return path.read_bytes()


def _read_folder(root: Path, settings: Settings, files: list[SourceFile], problems: list[FileProblem]) -> None:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for name in [*sorted(filenames), *[d for d in dirnames if (here / d).is_symlink()]]:
            full = here / name
            rel = full.relative_to(root).as_posix()
            if name.startswith(".") or name.endswith(".truth.json"):
                continue
            try:
                st = full.lstat()
                if stat.S_ISLNK(st.st_mode):
                    target = full.resolve()
                    if not target.is_relative_to(real_root):
                        problems.append(_refused(rel, "symlink points outside the dossier"))
                        continue
                    if target.is_dir():
                        continue
                files.append(SourceFile(rel, _read_limited(full, settings)))
            except OSError as exc:
                problems.append(unreadable(rel, f"cannot read: {type(exc).__name__}"))


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Decode a zip entry name; names without the UTF-8 flag are often GBK from Chinese Windows."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _safe_member(name: str) -> str | None:
    """Return the normalised relative path of a zip member, or ``None`` if it escapes."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def _read_zip(
    data: bytes, prefix: str, settings: Settings, files: list[SourceFile], problems: list[FileProblem], depth: int
) -> None:
    label = prefix.rstrip("/") or "dossier.zip"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        problems.append(unreadable(label, "not a valid zip archive"))
        return
    total = 0
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > settings.max_zip_members:
            problems.append(unreadable(label, f"zip has {len(infos)} entries; only {settings.max_zip_members} read"))
            infos = infos[: settings.max_zip_members]
        for info in infos:
            decoded = _zip_name(info)
            rel = _safe_member(decoded)
            if rel is None:
                problems.append(_refused(prefix + decoded, "zip entry path escapes the dossier (../ or absolute)"))
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                problems.append(_refused(prefix + rel, "zip entry is a symlink"))
                continue
            name = prefix + rel
            if PurePosixPath(rel).name.startswith(".") or rel.startswith("__MACOSX/"):
                continue
            total += info.file_size
            if info.file_size > settings.max_file_bytes or total > settings.max_zip_bytes:
                problems.append(unreadable(name, "zip entry too large (decompression guard)"))
                continue
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
                problems.append(unreadable(name, f"zip entry cannot be extracted: {type(exc).__name__}"))
                continue
            if PurePosixPath(rel).suffix.lower() in ZIP_SUFFIXES:
                if depth + 1 >= _MAX_ZIP_DEPTH:
                    problems.append(unreadable(name, "zip nested too deeply"))
                else:
                    _read_zip(content, name.rsplit(".", 1)[0] + "/", settings, files, problems, depth + 1)
                continue
            files.append(SourceFile(name, content))


def _refused(name: str, reason: str) -> FileProblem:
    return FileProblem(
        file=name,
        code="UNREADABLE_FILE",
        reason=reason,
        message_zh=f"文件“{name}”的路径或类型不安全，已拒绝读取：请直接上传扫描件，不要使用链接或特殊压缩包。",
    )


# ---------------------------------------------------------------------------------------------
# Files to pages


def load_pages(source: SourceFile, settings: Settings) -> tuple[list[PageImage], list[FileProblem]]:
    """Turn one file into upright-by-EXIF page images; problems instead of exceptions."""
    if not source.data:
        return [], [unreadable(source.name, "zero-byte file")]
    head = source.data[:8]
    try:
        if head.startswith(b"%PDF") or source.suffix in PDF_SUFFIXES:
            return load_pdf_pages(source, settings)
        return load_image_pages(source, settings)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a property of the file
        log.info("file unreadable (%s): %s", type(exc).__name__, source.name)
        return [], [unreadable(source.name, f"decoder failed: {type(exc).__name__}")]


def iter_pages(dossier: DossierInput, settings: Settings) -> Iterator[PageImage | FileProblem]:
    """Yield every page of every upload (not ``application.json``), or the file's problems."""
    for source in dossier.uploads:
        pages, problems = load_pages(source, settings)
        yield from problems
        yield from pages


__all__ = [
    "DossierInput",
    "OcrLine",
    "SourceFile",
    "dossier_id_of",
    "iter_pages",
    "load_pages",
    "read_dossier",
]
