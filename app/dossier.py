"""One dossier end to end, as a plain function: read, check, report, write.

The Prefect flows wrap :func:`run_dossier` in a task; tests and the benchmark call it directly.
A dossier whose inputs, policy, engine and pipeline are unchanged since its last report is
skipped unless ``force``; an earlier report is kept under ``history/`` before a new one replaces it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import logging
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import ValidationError

from extractors.digest import files_sha256
from extractors.errors import PrecheckError
from extractors.id_number import mask_id_number
from extractors.ingest import dossier_id_of, read_dossier
from extractors.models import DossierFacts
from extractors.ocr.base import OcrEngine
from extractors.pipeline import PIPELINE_VERSION, PageCache, extract_dossier
from extractors.settings import Settings
from reporting.batch import summary_row
from reporting.history import archive_previous, compare_with_previous, history_info, load_report
from reporting.html import render_report_html
from reporting.io import dossier_lock, private_dir, safe_folder_name, write_atomic
from reporting.model import EngineInfo, HistoryInfo, PageSummary, PolicyInfo, Report, ReportFinding, SummaryRow
from validators.check import check_dossier
from validators.models import VERDICT_ZH, Application, CheckResult, Finding, FindingCode, Material, Severity
from validators.notice import return_notice
from validators.policy import Policy
from validators.verdict import verdict_of

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What happened to one dossier in a run."""

    applicant_id: str
    status: str  # done | skipped | failed
    row: SummaryRow
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    error: str | None = None


def precheck_version() -> str:
    """Installed package version, or ``dev``."""
    try:
        return version("precheck")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        return "dev"


#: The packages whose code and data decide a report (the samples and tests do not), and their file kinds.
PRODUCT_PACKAGES = ("extractors", "validators", "reporting", "app", "flows")
CODE_SUFFIXES = (".py", ".yaml", ".html", ".css", ".js", ".j2")


@functools.cache
def code_sha256() -> str:
    """One hash over the product packages' code and data files, computed once per process.

    A report is reused only when it was made by the same code: the package version alone is not
    bumped for every change of a rule (an editable install keeps 0.1.0), so the code is hashed too.
    """
    files: list[Path] = []
    roots: list[Path] = []
    for name in PRODUCT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:  # pragma: no cover - always installed together
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        roots.append(root.parent)
        files += [
            f
            for f in root.rglob("*")
            if f.is_file() and "__pycache__" not in f.parts and f.suffix in CODE_SUFFIXES
        ]
    return files_sha256(files, root=roots[0]) if roots else ""


def engine_info(engine: OcrEngine) -> EngineInfo:
    """What made a report: backend, models (described and hashed), pipeline, package and code versions."""
    return EngineInfo(
        backend=engine.name,
        model=engine.model,
        pipeline_version=PIPELINE_VERSION,
        precheck_version=precheck_version(),
        model_sha256=engine.model_sha256,
        code_sha256=code_sha256(),
    )


def policy_info(policy: Policy) -> PolicyInfo:
    """Identify the policy by id, title and a hash of its content."""
    digest = hashlib.sha256(policy.model_dump_json().encode()).hexdigest()
    return PolicyInfo(policy_id=policy.policy_id, title=policy.title, sha256=digest)


def parse_application(facts: DossierFacts) -> tuple[Application | None, str | None]:
    """Validate application.json; the error text names fields and problems, never values."""
    if facts.application_raw is None:
        return None, facts.application_problem or "application.json is missing"
    try:
        return Application.model_validate_json(facts.application_raw), None
    except ValidationError as exc:
        parts = [f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['type']}" for err in exc.errors()]
        return None, "; ".join(parts[:8])


def is_unchanged(previous: Report | None, fingerprint: str, policy: PolicyInfo, engine: OcrEngine) -> bool:
    """True when the last report was made from the same inputs by the same policy, code and models.

    Any difference re-checks the dossier: the package version or the code (a rule changed), the policy
    file, the OCR backend, its model files, or the reading pipeline. Page readings are still reused
    from the page cache where their own key (page, engine, model hash, pipeline) is unchanged.
    """
    if previous is None or previous.input_fingerprint != fingerprint or previous.policy.sha256 != policy.sha256:
        return False
    return previous.engine == engine_info(engine)


def build_report(
    facts: DossierFacts,
    application: Application | None,
    result: CheckResult,
    policy: Policy,
    engine: OcrEngine,
    timings: dict[str, float],
    previous: Report | None,
    cached_pages: set[tuple[str, int]],
) -> Report:
    """Assemble the report model from facts, the check result and the previous report."""
    changes, fixed = compare_with_previous(result.findings, previous)
    pages = [
        PageSummary(
            file=p.ref.file,
            page=p.ref.page,
            section=p.ref.section,
            doc_type=p.doc_type,
            side=p.side,
            classification_confidence=p.classification_confidence,
            rotation=p.rotation,
            width=p.width,
            height=p.height,
            quality=p.quality,
            quality_issues=list(p.quality_issues),
            ocr_engine=p.ocr.engine,
            ocr_confidence=p.ocr.mean_confidence,
            lines=list(p.ocr.lines),
            qr=list(p.qr),
            fields=p.fields,
            flags=p.flags,
            from_cache=(p.ref.file, p.ref.page) in cached_pages,
        )
        for p in facts.pages
    ]
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in Severity}
    history = list(previous.history.previous_reports) if previous else []
    return Report(
        # The dossier (folder or zip) name keys the output folder, so it is the report's id too.
        applicant_id=facts.dossier_id,
        applicant_name=application.name if application else None,
        id_number_masked=mask_id_number(application.id_number) if application else None,
        verdict=result.verdict,
        verdict_zh=VERDICT_ZH[result.verdict],
        counts=counts,
        findings=[ReportFinding(finding=f, change=c) for f, c in zip(result.findings, changes, strict=True)],
        materials=result.materials,
        declared=result.declared,
        extracted=result.extracted,
        pages=pages,
        files=list(facts.files),
        return_notice=return_notice(result, application, policy),
        input_fingerprint=facts.input_fingerprint,
        policy=policy_info(policy),
        engine=engine_info(engine),
        history=history_info(application, policy, previous, history, fixed),
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        timings={k: round(v, 4) for k, v in timings.items()},
    )


def run_dossier(
    path: Path,
    out: Path,
    *,
    settings: Settings,
    engine: OcrEngine,
    policy: Policy,
    force: bool = False,
) -> Outcome:
    """Pre-check one dossier and write its report folder under ``out``.

    Never raises for a problem of the dossier; a pipeline failure is returned as ``failed``
    with a reason that holds no personal data.
    """
    start = time.perf_counter()
    dossier_id = dossier_id_of(path)
    folder = safe_folder_name(dossier_id)
    target = out / folder
    stage: dict[str, float] = {}
    t0 = time.perf_counter()
    dossier = read_dossier(path, settings)
    stage["ingest"] = time.perf_counter() - t0
    info = policy_info(policy)
    previous = load_report(target / "report.json")
    if not force and previous is not None and is_unchanged(previous, dossier.fingerprint, info, engine):
        return Outcome(dossier_id, "skipped", summary_row(previous, "skipped"), time.perf_counter() - start)
    cache = PageCache(settings.cache_dir or out / ".cache" / "pages")
    run = extract_dossier(path, settings, engine, cache, dossier)
    facts = run.facts
    for name, seconds in run.stage_seconds.items():
        stage[name] = stage.get(name, 0.0) + seconds
    t0 = time.perf_counter()
    application, app_error = parse_application(facts)
    result = check_dossier(facts, application, app_error, policy)
    stage["rules"] = time.perf_counter() - t0
    log.info("dossier %s: %d pages (%d from cache)", folder, len(facts.pages), len(run.cached))
    t0 = time.perf_counter()
    archived = archive_previous(target, previous)
    report = build_report(facts, application, result, policy, engine, stage, previous, run.cached)
    if archived:
        report.history.previous_reports.append(archived)
    html = render_report_html(report, run.shown)
    stage["render"] = time.perf_counter() - t0
    report.timings["render"] = round(stage["render"], 4)
    private_dir(target)
    write_atomic(target / "return_notice.txt", report.return_notice)
    write_atomic(target / "report.html", html)
    # report.json last: its presence with this fingerprint is what marks the dossier done.
    write_atomic(target / "report.json", report.model_dump_json(indent=2))
    seconds = time.perf_counter() - start
    return Outcome(dossier_id, "done", summary_row(report, "done"), seconds, stage)


def failure_report(dossier_id: str, policy: Policy, engine: OcrEngine, reason: str) -> Report:
    """A report for a dossier the pipeline could not finish: a reviewer must check it by hand.

    Its fingerprint is empty, so the next batch tries the dossier again.
    """
    finding = Finding(
        code=FindingCode.PIPELINE_ERROR,
        severity=policy.severity(FindingCode.PIPELINE_ERROR),
        material=Material.OTHER,
        message="系统未能完成对本申报材料的自动预审，请审核人员人工审核全部材料。",
        found=reason,
    )
    verdict = verdict_of([finding])
    return Report(
        applicant_id=dossier_id,
        verdict=verdict,
        verdict_zh=VERDICT_ZH[verdict],
        counts={s: int(finding.severity == s) for s in Severity},
        findings=[ReportFinding(finding=finding)],
        materials=[],
        declared={},
        extracted={},
        pages=[],
        files=[],
        return_notice="本次材料未能自动预审，请等待审核人员人工审核。",
        input_fingerprint="",
        policy=policy_info(policy),
        engine=engine_info(engine),
        history=HistoryInfo(submission_limit=policy.submissions.limit),
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        timings={},
    )


def run_dossier_safely(
    path: Path, out: Path, *, force: bool, settings: Settings, engine: OcrEngine, policy: Policy
) -> Outcome:
    """Run one dossier under its lock; an unexpected failure still leaves a report behind.

    Configuration and engine errors (:class:`PrecheckError`) propagate: they would fail every
    dossier, so the batch must stop and say why.
    """
    dossier_id = dossier_id_of(path)
    start = time.perf_counter()
    try:
        with dossier_lock(out, safe_folder_name(dossier_id)):
            return run_dossier(path, out, settings=settings, engine=engine, policy=policy, force=force)
    except PrecheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken dossier must not stop the batch
        reason = f"{type(exc).__name__} in the pipeline"
        log.exception("dossier %s failed: %s", safe_folder_name(dossier_id), reason)
        report = failure_report(dossier_id, policy, engine, reason)
        target = private_dir(out / safe_folder_name(dossier_id))
        write_atomic(target / "report.html", render_report_html(report, {}))
        write_atomic(target / "return_notice.txt", report.return_notice)
        write_atomic(target / "report.json", report.model_dump_json(indent=2))
        return Outcome(dossier_id, "failed", summary_row(report, "failed"), time.perf_counter() - start, error=reason)
