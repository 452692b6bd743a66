"""Batch-level plain functions: find dossiers in an inbox, lock one dossier, write the overview.

The nightly flow orchestrates these; they hold the logic so tests need no Prefect.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

from extractors.errors import InputError
from extractors.ingest import dossier_id_of
from reporting.history import load_report
from reporting.html import render_index_html
from reporting.io import clean_temp_files, private_dir, safe_folder_name, write_atomic
from reporting.model import Report, SummaryRow
from validators.models import Severity

log = logging.getLogger(__name__)

CSV_COLUMNS = [
    ("applicant_id", "申报人编号"),
    ("name", "姓名"),
    ("id_number_masked", "身份证号（已脱敏）"),
    ("verdict_zh", "预审结论"),
    ("ineligible", "不符合条件项"),
    ("errors", "需补正项"),
    ("warnings", "需复核项"),
    ("main_problems", "主要问题"),
    ("submission_no", "提交次数"),
    ("status", "本次处理"),
    ("report", "报告"),
]


def list_dossiers(inbox: Path) -> list[Path]:
    """Every dossier of an inbox: sub-folders and ``.zip`` files, sorted; links out of it refused."""
    if not inbox.is_dir():
        raise InputError(f"inbox is not a folder: {inbox}")
    root = inbox.resolve()
    found = []
    for entry in sorted(inbox.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and not entry.resolve().is_relative_to(root):
            log.warning("dossier link points outside the inbox, skipped: %s", entry.name)
            continue
        if entry.is_dir() or (entry.is_file() and entry.suffix.lower() == ".zip"):
            found.append(entry)
    return found


def rows_from_out(out: Path, statuses: dict[str, str] | None = None) -> list[SummaryRow]:
    """One summary row per report folder under ``out`` (every dossier ever reported there).

    ``statuses`` maps applicant ids to what this run did (done / skipped / failed).
    """
    statuses = statuses or {}
    rows = []
    for path in sorted(out.glob("*/report.json")):
        report = load_report(path)
        if report is None:
            continue
        rows.append(summary_row(report, statuses.get(report.applicant_id, "unchanged")))
    return rows


def summary_csv(rows: list[SummaryRow]) -> bytes:
    """The batch table as CSV that Excel opens correctly (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in CSV_COLUMNS])
    for row in rows:
        data = row.model_dump()
        values = []
        for key, _ in CSV_COLUMNS:
            value = data.get(key)
            values.append("；".join(value) if isinstance(value, list) else ("" if value is None else str(value)))
        writer.writerow(values)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_batch_outputs(out: Path, rows: list[SummaryRow], title: str = "初定职称材料预审批次总览") -> None:
    """Write index.html, summary.csv and summary.json atomically."""
    private_dir(out)
    ordered = sorted(rows, key=lambda r: r.applicant_id)
    write_atomic(out / "summary.csv", summary_csv(ordered))
    payload = [r.model_dump(mode="json") for r in ordered]
    write_atomic(out / "summary.json", json.dumps(payload, ensure_ascii=False, indent=2))
    write_atomic(out / "index.html", render_index_html(ordered, title))


def prepare_out(out: Path) -> None:
    """Create the output folder (private) and remove temp files a killed run left behind."""
    private_dir(out)
    removed = clean_temp_files(out)
    if removed:
        log.info("removed %d temporary files left by an interrupted run", removed)


def dossiers_without_report(inbox: Path, out: Path) -> list[str]:
    """Dossier ids of ``inbox`` that have no report.json under ``out``."""
    return [
        dossier_id_of(d)
        for d in list_dossiers(inbox)
        if not (out / safe_folder_name(dossier_id_of(d)) / "report.json").is_file()
    ]


def summary_row(report: Report, status: str) -> SummaryRow:
    """The batch-overview row of a report."""
    main = [
        rf.finding.message for rf in report.findings if rf.finding.severity in (Severity.ERROR, Severity.INELIGIBLE)
    ]
    return SummaryRow(
        applicant_id=report.applicant_id,
        name=report.applicant_name,
        id_number_masked=report.id_number_masked,
        verdict=report.verdict,
        verdict_zh=report.verdict_zh,
        errors=report.counts.get(Severity.ERROR, 0),
        warnings=report.counts.get(Severity.WARNING, 0),
        ineligible=report.counts.get(Severity.INELIGIBLE, 0),
        main_problems=main[:3],
        status=status,
        report=f"{safe_folder_name(report.applicant_id)}/report.html",  # applicant_id is the dossier id
        submission_no=report.history.submission_no,
        generated_at=report.generated_at,
    )
