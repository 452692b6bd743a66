"""The plain dossier runner (no Prefect): offline, cached, incremental, history across resubmissions."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import cv2
import pytest

from app.dossier import run_dossier
from extractors.ocr import get_engine
from extractors.pipeline import PageCache, extract_dossier
from extractors.settings import Settings
from reporting.history import load_report
from tests.conftest import SAMPLES
from validators.policy import load_policy

pytestmark = pytest.mark.slow

SETTINGS = Settings()


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("inbox") / "WL2024-0001"
    shutil.copytree(SAMPLES / "WL2024-0001", target)
    return target


@pytest.fixture(scope="module")
def first_run(dossier: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    mp = pytest.MonkeyPatch()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    # Everything below must work with the network unreachable: no model download, no telemetry.
    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket, "getaddrinfo", refuse)
    try:
        outcome = run_dossier(dossier, out, settings=SETTINGS, engine=get_engine("rapidocr"), policy=load_policy())
    finally:
        mp.undo()
    assert outcome.status == "done"
    return out


def test_runs_with_network_blocked(first_run: Path) -> None:
    report = load_report(first_run / "WL2024-0001" / "report.json")
    assert report is not None and report.pages


def test_unchanged_dossier_is_skipped(dossier: Path, first_run: Path) -> None:
    outcome = run_dossier(dossier, first_run, settings=SETTINGS, engine=get_engine("rapidocr"), policy=load_policy())
    assert outcome.status == "skipped"


def test_one_changed_page_is_the_only_page_read_again(dossier: Path, first_run: Path, tmp_path: Path) -> None:
    changed = tmp_path / "WL2024-0001"
    shutil.copytree(dossier, changed)
    target = next(iter(sorted(changed.glob("见习期/*.jpg"))))
    image = cv2.imread(str(target))
    cv2.imwrite(str(target), cv2.GaussianBlur(image, (3, 3), 0))
    cache = PageCache(first_run / ".cache" / "pages")
    run = extract_dossier(changed, SETTINGS, get_engine("rapidocr"), cache)
    assert len(run.facts.pages) - len(run.cached) == 1
    assert (target.relative_to(changed).as_posix(), 1) not in run.cached


def test_forced_rerun_keeps_history_and_marks_changes(dossier: Path, first_run: Path) -> None:
    before = load_report(first_run / "WL2024-0001" / "report.json")
    assert before is not None
    outcome = run_dossier(
        dossier, first_run, settings=SETTINGS, engine=get_engine("rapidocr"), policy=load_policy(), force=True
    )
    assert outcome.status == "done"
    after = load_report(first_run / "WL2024-0001" / "report.json")
    assert after is not None
    assert len(after.history.previous_reports) == 1
    assert (first_run / "WL2024-0001" / after.history.previous_reports[0]).is_file()
    assert after.history.previous_verdict == before.verdict
    assert [rf.change.value for rf in after.findings] == ["unchanged"] * len(after.findings)
    assert all(after.pages[i].from_cache for i in range(len(after.pages)))


def test_an_upgrade_rechecks_the_dossier(dossier: Path, first_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs last in this module: it adds a report to the history that the test above counts.
    import app.dossier as runner

    engine, policy = get_engine("rapidocr"), load_policy()
    assert run_dossier(dossier, first_run, settings=SETTINGS, engine=engine, policy=policy).status == "skipped"
    monkeypatch.setattr(runner, "precheck_version", lambda: "99.0.0")
    outcome = run_dossier(dossier, first_run, settings=SETTINGS, engine=engine, policy=policy)
    assert outcome.status == "done"
    report = load_report(first_run / "WL2024-0001" / "report.json")
    assert report is not None and report.engine.precheck_version == "99.0.0"
    assert report.engine.model_sha256 == engine.model_sha256 and len(report.engine.code_sha256) == 64
    # The pages themselves were not read again: their cache key has not changed.
    assert all(page.from_cache for page in report.pages)
    # Same version again: reused. Then changed code (a rule edited without a version bump): re-checked.
    assert run_dossier(dossier, first_run, settings=SETTINGS, engine=engine, policy=policy).status == "skipped"
    monkeypatch.setattr(runner, "code_sha256", lambda: "0" * 64)
    assert run_dossier(dossier, first_run, settings=SETTINGS, engine=engine, policy=policy).status == "done"


def test_each_page_is_decoded_once(dossier: Path, first_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.pipeline as pipeline

    calls: list[str] = []
    real = pipeline.load_pages

    def counting(source, settings):  # type: ignore[no-untyped-def]
        calls.append(source.name)
        return real(source, settings)

    monkeypatch.setattr(pipeline, "load_pages", counting)
    outcome = run_dossier(
        dossier, first_run, settings=SETTINGS, engine=get_engine("rapidocr"), policy=load_policy(), force=True
    )
    assert outcome.status == "done"
    uploads = [p for p in dossier.rglob("*") if p.is_file() and p.name != "application.json"]
    assert sorted(calls) == sorted(p.relative_to(dossier).as_posix() for p in uploads)
    # the kept pages still give every page its thumbnail in the report
    html = (first_run / "WL2024-0001" / "report.html").read_text()
    assert html.count('title="查看整页"><img src="data:image/jpeg;base64,') == len(uploads)
