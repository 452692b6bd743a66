"""Near-miss mutations of clean sample dossiers, through the real pipeline (rapidocr, real models).

The documents stay as they are; the declaration is changed by one character (a name one character longer or
shorter, a school with 师范 or one character more, a sister school, a neighbouring graduation year, the last digit of
the certificate number): every read that disagrees with confidence must be a
finding, so none of these may PASS, and the untouched dossier must. Page readings are cached between the
runs of one dossier, so only the first run reads pages; the cache is the session's (``conftest.page_cache``), so
after the end-to-end batch none does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.dossier import run_dossier
from extractors.ocr import get_engine
from extractors.settings import Settings
from reporting.history import load_report
from reporting.model import Report
from tests.conftest import SAMPLES
from validators.models import FindingCode, Severity, Verdict
from validators.policy import load_policy

pytestmark = pytest.mark.slow

Mutation = Callable[[dict], None]


def _school(edit: Callable[[str], str]) -> Mutation:
    def apply(app: dict) -> None:
        app["education"][-1]["school"] = edit(app["education"][-1]["school"])

    return apply


def _name(edit: Callable[[str], str]) -> Mutation:
    def apply(app: dict) -> None:
        app["name"] = edit(app["name"])

    return apply


def _education(key: str, edit: Callable[[str], str]) -> Mutation:
    def apply(app: dict) -> None:
        app["education"][-1][key] = edit(app["education"][-1][key])

    return apply


def _year(step: int) -> Callable[[str], str]:
    def edit(day: str) -> str:
        return f"{int(day[:4]) + step:04d}{day[4:]}"

    return edit


def _last_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _before_suffix(insert: str) -> Callable[[str], str]:
    def edit(school: str) -> str:
        for suffix in ("大学", "学院", "学校"):
            if school.endswith(suffix):
                return school[: -len(suffix)] + insert + suffix
        raise AssertionError(f"no school suffix in {school}")

    return edit


CASES: list[tuple[str, str, Mutation, FindingCode]] = [
    ("WL2024-0001", "name_one_more", _name(lambda n: n + "华"), FindingCode.NAME_MISMATCH),
    ("WL2024-0001", "name_one_less", _name(lambda n: n[:-1]), FindingCode.NAME_MISMATCH),
    ("WL2024-0001", "name_one_other", _name(lambda n: n[:-1] + "宇"), FindingCode.NAME_MISMATCH),
    ("WL2024-0001", "school_with_shifan", _school(_before_suffix("师范")), FindingCode.EDUCATION_MISMATCH),
    ("WL2024-0001", "school_one_more", _school(_before_suffix("医")), FindingCode.EDUCATION_MISMATCH),
    ("WL2024-0002", "long_name_one_less", _name(lambda n: n[:-1]), FindingCode.NAME_MISMATCH),
    ("WL2024-0002", "long_name_one_more", _name(lambda n: n + "江"), FindingCode.NAME_MISMATCH),
    ("WL2024-0002", "school_with_shifan", _school(_before_suffix("师范")), FindingCode.EDUCATION_MISMATCH),
    # a neighbouring year, a sister school, a neighbouring certificate number: the near misses of issue 20
    ("WL2024-0001", "graduated_a_year_later", _education("graduation_date", _year(1)), FindingCode.EDUCATION_MISMATCH),
    ("WL2024-0002", "graduated_a_year_earlier", _education("graduation_date", _year(-1)),
     FindingCode.EDUCATION_MISMATCH),
    ("WL2024-0002", "sister_school", _school(lambda s: s.replace("职业技术学院", "大学")),
     FindingCode.EDUCATION_MISMATCH),
    ("WL2024-0001", "certificate_last_digit", _education("certificate_no", _last_digit),
     FindingCode.DIPLOMA_CERT_NO_MISMATCH),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("strictness")


def check(workspace: Path, cache: Path, dossier: str, label: str, mutate: Mutation | None) -> Report:
    target = workspace / label / dossier
    shutil.copytree(SAMPLES / dossier, target)
    path = target / "application.json"
    app = json.loads(path.read_text("utf-8"))
    if mutate is not None:
        mutate(app)
    path.write_text(json.dumps(app, ensure_ascii=False), "utf-8")
    settings = Settings(cache_dir=cache)
    out = workspace / label / "out"
    outcome = run_dossier(target, out, settings=settings, engine=get_engine("rapidocr"), policy=load_policy())
    assert outcome.status == "done", outcome.error
    report = load_report(out / dossier / "report.json")
    assert report is not None
    return report


@pytest.mark.parametrize("dossier", ["WL2024-0001", "WL2024-0002"])
def test_untouched_clean_dossier_passes(workspace: Path, page_cache: Path, dossier: str) -> None:
    report = check(workspace, page_cache, dossier, "untouched", None)
    assert report.verdict == Verdict.PASS, [(f.finding.code, f.finding.found) for f in report.findings]


@pytest.mark.parametrize(("dossier", "label", "mutate", "code"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_near_miss_in_the_declaration_is_never_a_pass(
    workspace: Path, page_cache: Path, dossier: str, label: str, mutate: Mutation, code: FindingCode
) -> None:
    report = check(workspace, page_cache, dossier, label, mutate)
    assert report.verdict != Verdict.PASS
    errors = [rf.finding for rf in report.findings if rf.finding.code == code and rf.finding.severity == Severity.ERROR]
    assert errors, [(rf.finding.code, rf.finding.severity, rf.finding.found) for rf in report.findings]
    assert all(e.evidence for e in errors)
