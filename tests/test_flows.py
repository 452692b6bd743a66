"""The Prefect layer: deployments for the schedule and the rerun, Dask and process-pool scale-out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.serve import build_deployments
from tests.conftest import REPO
from tests.test_robustness import small_inbox


def test_serve_registers_nightly_cron_and_rerun(tmp_path: Path) -> None:
    nightly, rerun = build_deployments(
        tmp_path / "inbox", tmp_path / "out", cron="30 1 * * *", timezone="Asia/Shanghai"
    )
    assert nightly.name == "nightly" and rerun.name == "rerun"
    schedule = nightly.schedules[0].schedule
    assert schedule.cron == "30 1 * * *" and schedule.timezone == "Asia/Shanghai"
    assert nightly.parameters["inbox"] == str(tmp_path / "inbox")
    assert rerun.parameters["force"] is True and "dossier" not in rerun.parameters
    assert not rerun.schedules


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra", [["--workers", "2"], ["--workers", "2", "--dask", "local"]], ids=["processes", "dask"]
)
def test_batch_scales_out(tmp_path: Path, extra: list[str]) -> None:
    inbox, out = small_inbox(tmp_path, 3), tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "batch", str(inbox), "--out", str(out), *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads((out / "summary.json").read_text())
    assert sorted(r["applicant_id"] for r in rows) == ["KILL-00", "KILL-01", "KILL-02"]
    assert all(r["status"] == "done" for r in rows)
