"""History across resubmissions: keep earlier reports, say what was fixed, new or unchanged.

Findings are matched by :attr:`Finding.key` (code, material, first evidence file), which stays
stable when the applicant re-uploads a corrected file under the same name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from reporting.io import private_dir
from reporting.model import Change, HistoryInfo, Report
from validators.models import Application, Finding
from validators.policy import Policy

log = logging.getLogger(__name__)


def load_report(path: Path) -> Report | None:
    """Load an earlier report.json; a missing or unreadable one counts as none."""
    try:
        return Report.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValidationError, ValueError):
        log.warning("earlier report unreadable, treated as absent: %s", path.parent.name)
        return None


def archive_previous(target: Path, previous: Report | None) -> str | None:
    """Copy the current report.json into ``history/`` before it is replaced; return its relative path."""
    current = target / "report.json"
    if previous is None or not current.exists():
        return None
    history = private_dir(target / "history")
    stamp = previous.generated_at.strftime("%Y%m%dT%H%M%SZ")
    dest = history / f"report-{stamp}.json"
    n = 1
    while dest.exists():
        n += 1
        dest = history / f"report-{stamp}-{n}.json"
    dest.write_bytes(current.read_bytes())
    return dest.relative_to(target).as_posix()


def compare_with_previous(findings: list[Finding], previous: Report | None) -> tuple[list[Change], list[Finding]]:
    """Mark each finding new or unchanged against the last report; list the fixed ones."""
    if previous is None:
        return [Change.FIRST] * len(findings), []
    before = {rf.finding.key for rf in previous.findings}
    now = {f.key for f in findings}
    changes = [Change.UNCHANGED if f.key in before else Change.NEW for f in findings]
    fixed = [rf.finding for rf in previous.findings if rf.finding.key not in now]
    return changes, fixed


def history_info(
    application: Application | None,
    policy: Policy,
    previous: Report | None,
    previous_reports: list[str],
    fixed: list[Finding],
) -> HistoryInfo:
    """The history block of a new report."""
    return HistoryInfo(
        submission_no=application.submission_no if application else None,
        submission_limit=policy.submissions.limit,
        previous_reports=previous_reports,
        previous_verdict=previous.verdict if previous else None,
        fixed=fixed,
    )
