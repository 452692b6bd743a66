"""Ingest turns every bad input of SPEC section 10 into a problem, never an exception."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors.ingest import SourceFile, load_pages, read_dossier
from extractors.settings import Settings
from extractors.source import to_bgr
from tests.conftest import GbkZipInfo

SETTINGS = Settings()
ROOT = Path(__file__).resolve().parents[1]


def jpeg_bytes(size: tuple[int, int] = (200, 100), mode: str = "RGB", fmt: str = "JPEG", **kw: object) -> bytes:
    buf = io.BytesIO()
    colour: object = (200, 30, 30) if mode == "RGB" else 128
    if mode == "RGBA":
        colour = (200, 30, 30, 0)
    if mode == "CMYK":
        colour = (0, 200, 200, 0)
    Image.new(mode, size, colour).save(buf, fmt, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def pages_of(name: str, data: bytes) -> tuple[list, list]:
    return load_pages(SourceFile(name, data), SETTINGS)


def test_zero_byte_file_is_a_problem() -> None:
    pages, problems = pages_of("基本信息/身份证.jpg", b"")
    assert pages == []
    assert [p.code for p in problems] == ["UNREADABLE_FILE"]
    assert "重新上传" in problems[0].message_zh


def test_truncated_jpeg_is_a_problem() -> None:
    data = jpeg_bytes((800, 600))
    pages, problems = pages_of("a.jpg", data[: len(data) // 3])
    assert pages == []
    assert problems[0].code == "UNREADABLE_FILE"


def test_corrupt_png_is_a_problem() -> None:
    data = bytearray(jpeg_bytes((300, 300), fmt="PNG"))
    data[60:200] = b"\x00" * 140
    pages, problems = pages_of("a.png", bytes(data))
    assert pages == []
    assert problems and problems[0].code == "UNREADABLE_FILE"


def test_text_file_named_jpg_is_a_problem() -> None:
    pages, problems = pages_of("照片.jpg", "这不是图片".encode())
    assert pages == [] and problems[0].code == "UNREADABLE_FILE"


def test_cmyk_and_16_bit_images_are_converted() -> None:
    pages, problems = pages_of("cmyk.jpg", jpeg_bytes(mode="CMYK"))
    assert not problems and pages[0].image.shape == (100, 200, 3) and pages[0].image.dtype == np.uint8
    arr = (np.arange(100 * 200, dtype=np.uint16).reshape(100, 200) * 3).astype(np.uint16)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    pages, problems = pages_of("deep.png", buf.getvalue())
    assert not problems and pages[0].image.dtype == np.uint8 and pages[0].image.max() > 200


def test_alpha_png_composited_on_white() -> None:
    pages, _ = pages_of("alpha.png", jpeg_bytes(mode="RGBA", fmt="PNG"))
    assert pages[0].image[0, 0].tolist() == [255, 255, 255]


def test_exif_rotation_is_applied() -> None:
    img = Image.new("RGB", (300, 100), "white")
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90 CW on display
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    pages, _ = pages_of("phone.jpg", buf.getvalue())
    assert pages[0].image.shape[:2] == (300, 100)
    assert pages[0].exif_rotated == 90


def test_multipage_tiff_gives_every_page() -> None:
    frames = [Image.new("RGB", (120, 80), c) for c in ("red", "green", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    pages, problems = pages_of("scan.tif", buf.getvalue())
    assert not problems and [p.ref.page for p in pages] == [1, 2, 3]


def test_decompression_bomb_is_refused_before_decoding() -> None:
    small = Settings(max_image_pixels=1_000_000)
    data = jpeg_bytes((2000, 2000), fmt="PNG")
    pages, problems = load_pages(SourceFile("bomb.png", data), small)
    assert pages == [] and "2000×2000" in problems[0].message_zh


def test_every_tiff_frame_is_size_checked_before_decoding(tmp_path: Path) -> None:
    # Page 1 is an ordinary scan; page 2 claims 12,000 x 12,000 (144 Mpx): a bomb hidden behind a harmless frame.
    path = tmp_path / "scan.tif"
    first = Image.new("RGB", (600, 400), "white")
    huge = Image.new("1", (12_000, 12_000), 1)
    first.save(path, "TIFF", save_all=True, append_images=[huge], compression="tiff_deflate")
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from extractors.ingest import SourceFile, load_pages\n"
        "from extractors.settings import Settings\n"
        "pages, problems = load_pages(SourceFile('scan.tif', Path(sys.argv[1]).read_bytes()), Settings())\n"
        # VmHWM, not ru_maxrss: ru_maxrss keeps the forked parent's high-water mark across exec (pytest with the
        # OCR models loaded: 1.7 GB), VmHWM is this process image's own peak.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "rss = int(hwm.split()[1]) * 1024\n"
        "got = {'pages': [p.ref.page for p in pages], 'problems': [p.reason for p in problems], 'rss': rss}\n"
        "print(json.dumps(got))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True, cwd=ROOT, timeout=300
    )
    got = json.loads(proc.stdout)
    assert got["pages"] == [1]
    assert len(got["problems"]) == 1 and got["problems"][0].startswith("page 2: image of 12000x12000 pixels")
    assert got["rss"] < 1.5 * 1024**3


def test_pillow_guard_is_not_switched_off_process_wide() -> None:
    limit = Image.MAX_IMAGE_PIXELS
    pages_of("scan.png", jpeg_bytes(fmt="PNG"))
    assert limit is not None
    assert limit == Image.MAX_IMAGE_PIXELS


def test_huge_image_header_is_refused() -> None:
    # A real 20,000 x 20,000 PNG of one colour compresses to a few hundred kB.
    buf = io.BytesIO()
    Image.new("L", (20_000, 20_000), 255).save(buf, "PNG")
    pages, problems = pages_of("bomb.png", buf.getvalue())
    assert pages == [] and problems[0].code == "UNREADABLE_FILE"


def test_heic_is_read() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    buf = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (10, 200, 10))).save(buf, quality=90)
    pages, problems = pages_of("IMG_0001.HEIC", buf.getvalue())
    assert not problems and pages[0].image.shape == (48, 64, 3)


def make_pdf(pages: int, text: str | None = None) -> bytes:
    images = [Image.new("RGB", (400, 560), "white") for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buf.getvalue()


def test_pdf_pages_are_rendered() -> None:
    pages, problems = pages_of("材料.pdf", make_pdf(3))
    assert not problems and len(pages) == 3 and pages[0].dpi == SETTINGS.pdf_render_dpi


def test_pdf_page_limit() -> None:
    pages, problems = load_pages(SourceFile("long.pdf", make_pdf(200)), Settings(max_pdf_pages=5))
    assert len(pages) == 5 and "页数过多" in problems[0].message_zh


def test_truncated_pdf_is_a_problem() -> None:
    data = make_pdf(2)
    pages, problems = pages_of("bad.pdf", data[:200])
    assert pages == [] and problems[0].code == "UNREADABLE_FILE"


def test_encrypted_pdf_is_a_problem() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(1))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    pages, problems = pages_of("locked.pdf", buf.getvalue())
    assert pages == [] and problems[0].code == "UNREADABLE_FILE"
    assert "加密" in problems[0].message_zh


def write_zip(path: Path, entries: dict[str, bytes], raw_names: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for raw, data in (raw_names or {}).items():
            info = zipfile.ZipInfo(raw)
            zf.writestr(info, data)


def test_zip_slip_and_absolute_entries_are_refused(tmp_path: Path) -> None:
    dossier = tmp_path / "WL2024-9001.zip"
    write_zip(dossier, {"../evil.jpg": jpeg_bytes(), "/etc/passwd.jpg": jpeg_bytes(), "基本信息/ok.jpg": jpeg_bytes()})
    result = read_dossier(dossier, SETTINGS)
    assert [f.name for f in result.files] == ["基本信息/ok.jpg"]
    assert len(result.problems) == 2
    assert not (tmp_path.parent / "evil.jpg").exists()


def test_gbk_zip_names_are_decoded(tmp_path: Path) -> None:
    dossier = tmp_path / "WL2024-9002.zip"
    name = "基本信息/身份证正面.jpg"

    with zipfile.ZipFile(dossier, "w") as zf:
        zf.writestr(GbkZipInfo(name), jpeg_bytes())
    result = read_dossier(dossier, SETTINGS)
    assert [f.name for f in result.files] == [name]
    assert result.files[0].section is not None and result.files[0].section.value == "基本信息"


def test_nested_zip_is_expanded_once(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("学历学位/毕业证.jpg", jpeg_bytes())
    dossier = tmp_path / "WL2024-9003"
    dossier.mkdir()
    (dossier / "材料.zip").write_bytes(inner.getvalue())
    result = read_dossier(dossier, SETTINGS)
    assert [f.name for f in result.files] == ["材料/学历学位/毕业证.jpg"]


def test_symlink_out_of_dossier_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_bytes())
    dossier = tmp_path / "WL2024-9004"
    dossier.mkdir()
    (dossier / "link.jpg").symlink_to(secret)
    (dossier / "ok.jpg").write_bytes(jpeg_bytes())
    result = read_dossier(dossier, SETTINGS)
    assert [f.name for f in result.files] == ["ok.jpg"]
    assert result.problems[0].file == "link.jpg"


def test_reading_never_writes_into_the_inbox(tmp_path: Path) -> None:
    dossier = tmp_path / "WL2024-9005"
    (dossier / "基本信息").mkdir(parents=True)
    (dossier / "基本信息" / "a.jpg").write_bytes(jpeg_bytes())
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    dossier.chmod(0o555)
    try:
        result = read_dossier(dossier, SETTINGS)
        for source in result.files:
            load_pages(source, SETTINGS)
    finally:
        dossier.chmod(0o755)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    dossier = tmp_path / "WL2024-9006"
    dossier.mkdir()
    (dossier / "a.jpg").write_bytes(jpeg_bytes())
    first = read_dossier(dossier, SETTINGS).fingerprint
    assert read_dossier(dossier, SETTINGS).fingerprint == first
    (dossier / "a.jpg").write_bytes(jpeg_bytes((201, 100)))
    assert read_dossier(dossier, SETTINGS).fingerprint != first


def test_to_bgr_palette_with_transparency() -> None:
    img = Image.new("P", (10, 10), 0)
    img.info["transparency"] = 0
    assert to_bgr(img)[0, 0].tolist() == [255, 255, 255]
