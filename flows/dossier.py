"""The dossier flow: one coarse task that pre-checks one dossier (the manual rerun).

Page work is plain code inside the task (see ``extractors.pipeline``): per-page tasks would cost
~1 s each and lock the SQLite server under load (SPEC section 8).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from app.dossier import Outcome, run_dossier_safely
from extractors.ocr import get_engine
from extractors.settings import Settings, get_settings
from flows.overview import publish_overview
from reporting.model import SummaryRow
from validators.policy import load_policy


def precheck_one(dossier: Path, out: Path, force: bool, settings: Settings | None = None) -> Outcome:
    """Plain function behind the task: settings, engine and policy for this process, then the run."""
    settings = settings or get_settings()
    engine = get_engine(settings.ocr_backend)
    policy = load_policy(settings.policy)
    return run_dossier_safely(dossier, out, force=force, settings=settings, engine=engine, policy=policy)


@task(name="precheck-dossier", cache_policy=NO_CACHE, retries=0, log_prints=False)
def dossier_task(dossier: str, out: str, force: bool) -> tuple[str, SummaryRow, float, dict[str, float]]:
    """Pre-check one dossier. No retries: a dossier failure is already turned into a report.

    Returns (status, summary row, seconds, seconds per stage); plain picklable values so that a
    process-pool task runner can carry them back.
    """
    outcome = precheck_one(Path(dossier), Path(out), force)
    return outcome.status, outcome.row, outcome.seconds, outcome.stage_seconds


@flow(name="precheck-dossier", log_prints=False)
def dossier_flow(dossier: str, out: str, force: bool = True) -> SummaryRow:
    """Rerun one dossier on demand (always redone unless ``force`` is false) and refresh the overview."""
    status, row, _, _ = dossier_task(dossier, out, force)
    publish_overview(out, extra=[row])
    return row
