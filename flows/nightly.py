"""The nightly batch flow: every new or changed dossier of the inbox, one task each.

Concurrency is bounded by ``workers``: one worker runs tasks in a thread, more run them in a
process pool (OCR is CPU-bound and holds the GIL in places). Each worker process loads its own
OCR engine once. The overview (index.html, summary.csv/json) is rewritten at the end and
published as Prefect artifacts.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from pydantic import BaseModel
from tqdm import tqdm

from extractors.settings import share_cores
from flows.dossier import dossier_task
from flows.overview import publish_overview
from reporting.batch import list_dossiers, prepare_out

log = logging.getLogger(__name__)


class BatchResult(BaseModel):
    """What one batch did."""

    total: int
    done: int
    skipped: int
    failed: int
    seconds_compute: float
    stage_seconds: dict[str, float]


@flow(name="precheck-nightly", log_prints=False)
def nightly_flow(inbox: str, out: str, force: bool = False) -> BatchResult:
    """Pre-check every dossier of ``inbox`` into ``out``; unchanged ones are skipped unless ``force``."""
    prepare_out(Path(out))
    dossiers = list_dossiers(Path(inbox))
    log.info("batch: %d dossiers in the inbox", len(dossiers))
    futures = [dossier_task.submit(str(d), out, force) for d in dossiers]
    statuses: dict[str, str] = {}
    counts = {"done": 0, "skipped": 0, "failed": 0}
    compute = 0.0
    stages: dict[str, float] = {}
    # A progress bar on a terminal; plain log lines (one per dossier) otherwise, e.g. under cron.
    progress = tqdm(total=len(futures), unit="份", desc="预审", disable=not sys.stderr.isatty())
    for future in futures:
        status, row, seconds, stage_seconds = future.result()
        progress.update(1)
        statuses[row.applicant_id] = status
        counts[status] = counts.get(status, 0) + 1
        compute += seconds
        for name, value in stage_seconds.items():
            stages[name] = stages.get(name, 0.0) + value
        log.log(
            logging.DEBUG if progress.disable is False else logging.INFO,
            "dossier %s: %s (%s)",
            row.applicant_id,
            status,
            row.verdict_zh,
        )
    progress.close()
    publish_overview(out, statuses=statuses)
    return BatchResult(total=len(dossiers), seconds_compute=compute, stage_seconds=stages, **counts)


def task_runner(workers: int, dask: str | None) -> TaskRunner[Any]:
    """The task runner for a batch.

    ``dask`` is ``None`` (this machine: a thread for one worker, a process pool for more), ``"local"``
    (a local Dask cluster of ``workers`` processes) or the address of a running Dask scheduler.
    """
    if dask:
        from prefect_dask.task_runners import DaskTaskRunner

        if dask == "local":
            return DaskTaskRunner(
                cluster_class="distributed.LocalCluster",
                cluster_kwargs={"n_workers": workers, "processes": True, "threads_per_worker": 1},
            )
        return DaskTaskRunner(address=dask)
    if workers > 1:
        return ProcessPoolTaskRunner(max_workers=workers)
    return ThreadPoolTaskRunner(max_workers=1)


def run_batch(inbox: Path, out: Path, workers: int, force: bool, dask: str | None = None) -> BatchResult:
    """Run the nightly flow with ``workers`` concurrent dossiers."""
    if dask in (None, "local"):  # worker processes on this machine share its cores
        share_cores(workers)
    configured = nightly_flow.with_options(task_runner=task_runner(workers, dask))
    return configured(str(inbox), str(out), force)
