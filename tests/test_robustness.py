"""Bad input, killed batches and concurrent batches, with the real CLI and real files (SPEC section 10)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import cv2
import pytest
from PIL import Image

from tests.conftest import REPO, SAMPLES, GbkZipInfo, render_lines

pytestmark = pytest.mark.slow

APPLICATION = (SAMPLES / "WL2024-0001" / "application.json").read_bytes()


def page_jpeg(text: str) -> bytes:
    ok, data = cv2.imencode(".jpg", render_lines([text], size=(900, 300)))
    assert ok
    return data.tobytes()


def jpeg(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 120 if mode != "RGB" else (120, 120, 120)).save(buf, "JPEG" if mode != "RGBA" else "PNG")
    return buf.getvalue()


def bad_files() -> dict[str, bytes]:
    """One real malformed file per item of SPEC section 10 that is a file."""
    good = page_jpeg("见习期工作小结")
    pdf = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(pdf, "PDF")
    big = io.BytesIO()
    Image.new("L", (20_000, 20_000), 255).save(big, "PNG")
    nested_inner = io.BytesIO()
    with zipfile.ZipFile(nested_inner, "w") as zf:
        zf.writestr("见习期/小结.jpg", good)
    slip = io.BytesIO()
    with zipfile.ZipFile(slip, "w") as zf:
        zf.writestr("../../escaped.jpg", good)
        zf.writestr("/abs.jpg", good)
    many = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(
        many, "PDF", save_all=True, append_images=[Image.new("RGB", (200, 280), "white")] * 199
    )
    return {
        "empty.jpg": b"",
        "truncated.jpg": good[: len(good) // 3],
        "corrupt.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "truncated.pdf": pdf.getvalue()[:150],
        "text.jpg": "我是文本，不是图片".encode(),
        "cmyk.jpg": jpeg(mode="CMYK"),
        "alpha.png": jpeg(mode="RGBA"),
        "bomb.png": big.getvalue(),
        "nested.zip": nested_inner.getvalue(),
        "slip.zip": slip.getvalue(),
        "200pages.pdf": many.getvalue(),
    }


def make_dossier(root: Path, name: str, files: dict[str, bytes], application: bytes | None = APPLICATION) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    if application is not None:
        (folder / "application.json").write_bytes(application)
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def run_cli(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=1800, **kw
    )


def load(out: Path, name: str) -> dict:
    return json.loads((out / name / "report.json").read_text())


def test_every_bad_input_is_a_finding_and_the_batch_goes_on(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    for name, data in bad_files().items():
        make_dossier(inbox, f"BAD-{name.replace('.', '-')}", {f"见习期/{name}": data})
    make_dossier(inbox, "BAD-noapp", {"见习期/小结.jpg": page_jpeg("见习期工作小结")}, application=None)
    make_dossier(inbox, "BAD-notjson", {}, application=b"{not json")
    make_dossier(inbox, "BAD-wrongtypes", {}, application=json.dumps({"name": 5, "education": "本科"}).encode())
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(page_jpeg("机密"))
    link_dossier = make_dossier(inbox, "BAD-symlink", {})
    (link_dossier / "link.jpg").symlink_to(secret)
    gbk = inbox / "BAD-gbk.zip"

    with zipfile.ZipFile(gbk, "w") as zf:
        zf.writestr(GbkZipInfo("application.json"), APPLICATION)
        zf.writestr(GbkZipInfo("见习期/见习期工作小结.jpg"), page_jpeg("见习期工作小结"))

    inbox_before = {p: p.stat().st_mtime_ns for p in inbox.rglob("*")}
    proc = run_cli("batch", str(inbox), "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert {p: p.stat().st_mtime_ns for p in inbox.rglob("*")} == inbox_before
    assert not (tmp_path / "escaped.jpg").exists() and not (inbox / "escaped.jpg").exists()

    def codes(name: str) -> set[str]:
        return {f["finding"]["code"] for f in load(out, name)["findings"]}

    for name in (
        "empty-jpg",
        "truncated-jpg",
        "corrupt-png",
        "truncated-pdf",
        "text-jpg",
        "bomb-png",
        "slip-zip",
        "200pages-pdf",
        "symlink",
    ):
        assert "UNREADABLE_FILE" in codes(f"BAD-{name}"), name
    for name in ("cmyk-jpg", "alpha-png", "nested-zip", "gbk"):
        assert "UNREADABLE_FILE" not in codes(f"BAD-{name}"), name
    assert load(out, "BAD-nested-zip")["files"] == ["application.json", "见习期/nested/见习期/小结.jpg"]
    assert "见习期/见习期工作小结.jpg" in load(out, "BAD-gbk")["files"]
    assert len(load(out, "BAD-200pages-pdf")["pages"]) <= 60
    for name in ("noapp", "notjson", "wrongtypes"):
        assert "APPLICATION_INVALID" in codes(f"BAD-{name}"), name
    rows = json.loads((out / "summary.json").read_text())
    assert len(rows) == len(list(inbox.iterdir()))


def small_inbox(root: Path, count: int) -> Path:
    inbox = root / "inbox"
    for i in range(count):
        make_dossier(
            inbox,
            f"KILL-{i:02d}",
            {
                "见习期/见习期工作小结.jpg": page_jpeg(f"见习期工作小结 第{i}份"),
                "见习期/见习期工作情况.jpg": page_jpeg(f"见习期工作情况 第{i}份"),
            },
        )
    return inbox


def all_reports_whole(out: Path) -> list[str]:
    names = []
    for path in out.glob("*/report.json"):
        json.loads(path.read_text())  # a half-written report would not parse
        names.append(path.parent.name)
    return sorted(names)


def test_killed_batch_leaves_no_half_report_and_restart_finishes(tmp_path: Path) -> None:
    inbox, out = small_inbox(tmp_path, 6), tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "batch", str(inbox), "--out", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 600
    while time.time() < deadline and not list(out.glob("*/report.json")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = all_reports_whole(out)
    assert 1 <= len(done_before) < 6, "the kill must land mid-batch"
    result = run_cli("batch", str(inbox), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert all_reports_whole(out) == [f"KILL-{i:02d}" for i in range(6)]
    assert not list(out.rglob(".*.tmp"))
    assert f"{len(done_before)} unchanged" in result.stdout


def test_two_batches_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    inbox, out = small_inbox(tmp_path, 4), tmp_path / "out"
    cmd = [sys.executable, "-m", "flows.cli", "batch", str(inbox), "--out", str(out)]
    procs = [
        subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [p.communicate(timeout=1800) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1][-2000:] for r in results]
    assert all_reports_whole(out) == [f"KILL-{i:02d}" for i in range(4)]
    json.loads((out / "summary.json").read_text())
