"""HTML rendering of the per-applicant report and the batch index (placeholder, being replaced)."""

from __future__ import annotations

import html

from extractors.models import BGRImage
from reporting.model import Report, SummaryRow


def render_report_html(report: Report, images: dict[tuple[str, int], BGRImage]) -> str:
    """Render one applicant's report as a self-contained HTML page."""
    items = "".join(
        f"<li>[{html.escape(rf.finding.severity)}] {html.escape(rf.finding.message)}</li>" for rf in report.findings
    )
    return (
        "<!doctype html><html lang='zh-CN'><meta charset='utf-8'>"
        f"<title>{html.escape(report.applicant_id)}</title><h1>{html.escape(report.verdict_zh)}</h1><ul>{items}</ul>"
    )


def render_index_html(rows: list[SummaryRow], title: str) -> str:
    """Render the batch overview."""
    body = "".join(
        f"<tr><td>{html.escape(r.applicant_id)}</td><td>{html.escape(r.verdict_zh)}</td></tr>" for r in rows
    )
    return f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{html.escape(title)}</title><table>{body}</table>"
