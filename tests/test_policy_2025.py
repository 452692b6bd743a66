"""A made-up 2025 policy changes outcomes without code changes: no rule holds a 2024 literal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.models import DocType, Section
from tests.factories import clean, codes
from validators.models import Severity, Verdict
from validators.policy import DEFAULT_POLICY, Policy, load_policy

RULE_MODULES = sorted((Path(DEFAULT_POLICY).parent.parent / "rules").glob("*.py"))


def _shift(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.replace(year=value.year + 1)
    if isinstance(value, list):
        return [_shift(v) for v in value]
    if isinstance(value, dict):
        return {k: _shift(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def policy_2025(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    data = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))
    data["policy_id"] = "yuli-2025"
    data["title"] = "关于开展2025年度尉犁县初定初级职称工作的通知（虚构，测试用）"
    data["declaration_year"] = 2025
    data["dates"] = _shift(data["dates"])
    for level in data["levels"].values():
        level["appraisal_years"] = [y + 1 for y in level["appraisal_years"]]
    data["continuing_education"]["years"] = [2024, 2025]
    data["continuing_education"]["hours"]["公需"] = 40
    data["publicity"]["min_working_days"] = 7
    data["submissions"]["limit"] = 2
    data["regional_calendar"]["holidays"] = [{"date": dt.date(2025, 3, 31), "name": "肉孜节"}]
    data["catalogue"]["rows"].append([50, "卫生系列", "护理专业", "护师"])
    data["severities"]["WRONG_SECTION"] = "warning"
    path = tmp_path_factory.mktemp("p") / "yuli-2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_policy(path)


def clean_2025() -> Any:
    d = clean(year=2025)
    for i in d.find(DocType.CE_CERTIFICATE):
        if d.pages[i].fields["kind"].value == "公需":
            d.set_field(DocType.CE_CERTIFICATE, "hours", "40", nth=d.find(DocType.CE_CERTIFICATE).index(i))
    for t in (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT):  # 7 working days in 2025
        d.set_field(t, "period_start", "2025-09-15").set_field(t, "period_end", "2025-09-23")
    return d


def test_the_2025_dossier_passes_under_its_policy(policy_2025: Policy) -> None:
    result = clean_2025().check(policy_2025)
    assert result.findings == []
    assert result.verdict == Verdict.PASS
    assert result.policy_id == "yuli-2025"


def test_the_2024_dossier_fails_the_2025_policy(policy_2025: Policy) -> None:
    result = clean().check(policy_2025)
    assert {
        "SUBMITTED_OUTSIDE_WINDOW",  # window moved
        "CE_CERT_MISSING",  # 2025 certificates required
        "CE_HOURS_SHORT",  # 2024 公需 30 < 40
        "APPRAISAL_YEAR_MISSING",  # 2024 appraisal required
        "PUBLICITY_TOO_SHORT",  # 5 < 7 working days
    } <= codes(result)
    assert clean().check(load_policy()).verdict == Verdict.PASS


def test_catalogue_limits_and_severities_come_from_the_policy(policy_2025: Policy) -> None:
    d = clean_2025()
    d.app.update(series="卫生系列", specialty="护理专业", qualification="护师")
    for t in (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT, DocType.UNIT_RECOMMENDATION):
        d.set_field(t, "series", "卫生系列")
    for t in (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT):
        d.set_field(t, "specialty", "护理专业")
    assert "SERIES_NOT_IN_CATALOG" not in codes(d.check(policy_2025))
    assert "SERIES_NOT_IN_CATALOG" in codes(d.check(load_policy()))
    d.app["submission_no"] = 3
    assert "SUBMISSION_LIMIT_EXCEEDED" in codes(d.check(policy_2025))
    d.update(
        DocType.DIPLOMA, ref=d.pages[d.find(DocType.DIPLOMA)[0]].ref.model_copy(update={"section": Section.PLEDGE})
    )
    wrong = [f for f in d.check(policy_2025).findings if f.code == "WRONG_SECTION"]
    assert [f.severity for f in wrong] == [Severity.WARNING]


def test_regional_festival_days_come_from_the_policy(policy_2025: Policy) -> None:
    d = clean_2025()
    for t in (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT):  # Mon 3/24 .. Tue 4/1 = 7 working days
        d.set_field(t, "period_start", "2025-03-24").set_field(t, "period_end", "2025-04-01")
    assert "PUBLICITY_TOO_SHORT" in codes(d.check(policy_2025))  # 3/31 肉孜节 in the 2025 table


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda p: p.name)
def test_no_rule_module_holds_a_year_literal(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    for year in ("2021", "2022", "2023", "2024", "2025"):
        assert year not in text, f"{module.name} holds {year}"
