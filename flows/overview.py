"""The batch overview task, shared by the nightly flow and the one-dossier rerun flow.

It rewrites ``index.html``, ``summary.csv`` and ``summary.json`` from every report under the output folder and
publishes the overview as Prefect artifacts (ID numbers masked).
"""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from reporting.batch import rows_from_out, write_batch_outputs
from reporting.model import SummaryRow


@task(name="publish-overview", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def publish_overview(out: str, extra: list[SummaryRow] | None = None, statuses: dict[str, str] | None = None) -> int:
    """Rewrite the batch overview from every report under ``out``; publish it as artifacts.

    Retried: it is file I/O and a call to the Prefect API, the two things here that can be flaky.
    """
    out_path = Path(out)
    statuses = dict(statuses or {})
    for row in extra or []:
        statuses[row.applicant_id] = row.status
    rows = rows_from_out(out_path, statuses)
    write_batch_outputs(out_path, rows)
    table = [
        {
            "申报人编号": r.applicant_id,
            "身份证号": r.id_number_masked or "",
            "结论": r.verdict_zh,
            "需补正": r.errors,
            "需复核": r.warnings,
            "不符合条件": r.ineligible,
            "本次": r.status,
        }
        for r in rows
    ]
    create_table_artifact(table=table, key="precheck-batch", description="初定职称材料预审：批次总览（身份证号已脱敏）")
    verdicts = "\n".join(f"- {r.applicant_id}: **{r.verdict_zh}**" for r in rows)
    create_markdown_artifact(markdown=f"# 预审结论\n\n{verdicts}\n", key="precheck-verdicts")
    return len(rows)
