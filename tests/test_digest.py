"""Model and code hashes: a changed model file changes the engine's hash and the page-cache key."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from extractors.digest import files_sha256
from extractors.models import BGRImage
from extractors.ocr.base import OcrEngine
from extractors.pipeline import page_key


class FolderEngine(OcrEngine):
    """An engine whose 'models' are the files of a folder: only the hashing is under test."""

    name = "folder"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def model(self) -> str:
        return "folder models"

    def model_files(self) -> list[Path]:
        return sorted(self.folder.iterdir())

    def _recognise(self, image: BGRImage) -> list[tuple[list[tuple[float, float]], str, float]]:
        return []


def test_a_swapped_model_file_changes_the_model_hash_and_the_page_key(tmp_path: Path) -> None:
    (tmp_path / "det.onnx").write_bytes(b"det weights")
    (tmp_path / "rec.onnx").write_bytes(b"rec weights")
    page = SimpleNamespace(content_hash="abc:1")
    before = FolderEngine(tmp_path)
    key_before = page_key(page, before)  # type: ignore[arg-type]
    (tmp_path / "rec.onnx").write_bytes(b"rec weights, retrained")
    after = FolderEngine(tmp_path)
    assert before.model == after.model
    assert before.model_sha256 != after.model_sha256
    assert key_before != page_key(page, after)  # type: ignore[arg-type]


def test_files_sha256_depends_on_names_and_contents_not_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"1")
    b.write_bytes(b"2")
    assert files_sha256([a, b]) == files_sha256([b, a])
    b.write_bytes(b"3")
    changed = files_sha256([a, b])
    assert changed != files_sha256([a])
    b.rename(tmp_path / "c")
    assert files_sha256([a, tmp_path / "c"]) != changed


def test_the_bundled_rapidocr_models_are_hashed() -> None:
    from extractors.ocr.rapid import RapidOcrEngine

    files = RapidOcrEngine.model_files(None)  # type: ignore[arg-type]  # reads no instance state
    assert {f.suffix for f in files} == {".onnx"} and len(files) >= 2
