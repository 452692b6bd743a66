"""Fuzz ingest with mutated real files: whatever the bytes, ingest returns pages or problems, never raises."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from extractors.ingest import SourceFile, load_pages, read_dossier
from extractors.settings import Settings

SETTINGS = Settings(max_image_pixels=4_000_000, max_pdf_pages=3)


def seeds() -> dict[str, bytes]:
    img = Image.new("RGB", (64, 48), (30, 140, 200))
    out: dict[str, bytes] = {}
    for fmt, ext in (("JPEG", "jpg"), ("PNG", "png"), ("TIFF", "tif"), ("BMP", "bmp"), ("PDF", "pdf")):
        buf = io.BytesIO()
        img.save(buf, fmt)
        out[ext] = buf.getvalue()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("application.json", "{}")
        zf.writestr("基本信息/a.jpg", out["jpg"])
    out["zip"] = buf.getvalue()
    return out


SEEDS = seeds()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    ext = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[ext])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos : pos + draw(st.integers(1, 64))]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
    return ext, bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_load_pages_never_raises(case: tuple[str, bytes]) -> None:
    ext, data = case
    pages, problems = load_pages(SourceFile(f"基本信息/x.{ext}", data), SETTINGS)
    assert pages or problems
    for page in pages:
        assert page.image.ndim == 3 and page.image.shape[2] == 3


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_read_dossier_zip_never_raises(tmp_path: Path, case: tuple[str, bytes]) -> None:
    _, data = case
    path = tmp_path / "WL-FUZZ.zip"
    path.write_bytes(data)
    result = read_dossier(path, SETTINGS)
    assert result.dossier_id == "WL-FUZZ"
    for source in result.files:
        load_pages(source, SETTINGS)
