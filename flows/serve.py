"""The schedule: the nightly batch as a cron deployment and the single-dossier rerun deployment.

``precheck serve`` registers both with the Prefect API (a running server, or an ephemeral one)
and serves them from this process until stopped.
"""

from __future__ import annotations

from pathlib import Path

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from flows.dossier import dossier_flow
from flows.nightly import nightly_flow

NIGHTLY = "precheck-nightly/nightly"
RERUN = "precheck-dossier/rerun"


def build_deployments(inbox: Path, out: Path, cron: str, timezone: str) -> list[RunnerDeployment]:
    """The nightly cron deployment and the rerun deployment (dossier path given per run)."""
    nightly: RunnerDeployment = nightly_flow.to_deployment(  # type: ignore[assignment]  # sync context
        name="nightly",
        cron=cron,
        parameters={"inbox": str(inbox), "out": str(out), "force": False},
        description="每晚预审收件箱中新增或修改的申报材料",
        tags=["precheck"],
    )
    if nightly.schedules:
        for schedule in nightly.schedules:
            schedule.schedule.timezone = timezone  # type: ignore[union-attr]
    rerun: RunnerDeployment = dossier_flow.to_deployment(  # type: ignore[assignment]  # sync context
        name="rerun",
        parameters={"out": str(out), "force": True},
        description="人工重跑单个申报人的预审（参数 dossier：申报材料文件夹或 zip 的路径）",
        tags=["precheck"],
    )
    return [nightly, rerun]


def serve_forever(inbox: Path, out: Path, cron: str, timezone: str, limit: int) -> None:
    """Register and serve both deployments until interrupted."""
    serve(*build_deployments(inbox, out, cron, timezone), limit=limit)
