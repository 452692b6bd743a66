"""The shipped 2024 policy loads, matches the notice, and a typo fails at load with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.documents.common import LEVEL_WORDS
from extractors.errors import ConfigurationError
from validators.models import FindingCode, Severity
from validators.policy import DEFAULT_POLICY, load_policy


@pytest.fixture(scope="module")
def text() -> str:
    return DEFAULT_POLICY.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_policy_values() -> None:
    p = load_policy()
    assert p.policy_id == "yuli-2024"
    assert "尉犁县" in p.title
    assert p.dates.reference_date == dt.date(2024, 10, 22)
    assert p.dates.experience_cutoff == dt.date(2024, 12, 31)
    assert (p.dates.online_window.start, p.dates.online_window.end) == (dt.date(2024, 10, 9), dt.date(2024, 10, 22))
    assert {k: v.years for k, v in p.levels.items()} == {"中专": 3, "大专": 2, "本科": 1, "硕士": 1, "博士": 1}
    assert p.levels["本科"].appraisal_years == (2023,)
    assert p.levels["大专"].appraisal_years == (2022, 2023)
    assert p.levels["中专"].appraisal_years == (2021, 2022, 2023)
    assert not p.levels["硕士"].listed
    assert p.levels["本科"].listed
    assert p.continuing_education.years == (2023, 2024)
    assert p.continuing_education.hours == {"公需": 30, "专业": 60}
    assert p.publicity.min_working_days == 5
    assert p.submissions.limit == 3
    assert [b.years for b in p.id_card.validity_by_age] == [5, 10, 20, None]
    assert p.pledge.sentences[0].source == "五(一)9"
    assert all(d.date.year == 2024 for d in p.regional_calendar.holidays)
    assert dt.date(2024, 4, 10) in {d.date for d in p.regional_calendar.holidays}


def test_every_code_has_a_severity_and_reasons_are_stated() -> None:
    p = load_policy()
    assert set(p.severities) == set(FindingCode)
    assert p.severity(FindingCode.NAME_MISMATCH) == Severity.ERROR
    assert p.severity(FindingCode.NAME_MISMATCH, "ocr_noise") == Severity.WARNING
    assert p.severity(FindingCode.NAME_MISMATCH, "no_such_variant") == Severity.ERROR
    assert p.severity(FindingCode.ID_NUMBER_INVALID, "region") == Severity.WARNING
    assert p.severity(FindingCode.EXPERIENCE_TOO_SHORT) == Severity.INELIGIBLE
    for section in (p.dates, p.experience, p.full_time, p.continuing_education, p.publicity, p.pledge, p.catalogue):
        assert section.reason.strip()


def test_catalogue_is_the_notices_table() -> None:
    rows = load_policy().catalogue.rows
    assert len(rows) == 49
    assert [r.no for r in rows] == list(range(1, 50))
    assert {r.series for r in rows[1:13]} == {"工程系列"}
    assert rows[24].series == rows[27].series == "文物博物系列"
    assert rows[27].specialty == "科学传播专业"
    for no in (40, 41, 44):
        assert rows[no - 1].specialty == rows[no - 1].series
    assert (rows[13].series, rows[15].qualification) == ("技工院校教师", "助理讲师(技工)")
    assert (rows[21].series, rows[21].specialty) == ("中小学教师系列", "幼儿园教师")
    assert (rows[48].specialty, rows[48].qualification) == ("党干校(中专体制)", "助理讲师")


def test_catalogue_lookup_is_tolerant_of_width_and_suffix() -> None:
    cat = load_policy().catalogue
    assert cat.find("中小学教师系列", "中小学教师", "二级教师") is not None
    assert cat.find("中小学教师", "中小学教师", "二级教师") is not None  # 系列 omitted
    assert cat.find("工程系列", "化工（含制药）专业", "助理工程师") is not None  # full-width brackets
    assert cat.find("工程系列", "化工(含制药)", "助理工程师") is not None
    assert cat.find("卫生系列", "护理专业", "护师") is None
    assert cat.find("中小学教师系列", "中小学教师", "一级教师") is None


def test_level_aliases() -> None:
    p = load_policy()
    level = p.level("专科")
    assert level is not None
    assert level[0] == "大专"
    assert p.level("高职（专科）") is not None
    assert p.level("高中") is None


@pytest.mark.parametrize("word", LEVEL_WORDS)
def test_the_policy_knows_every_level_word_the_extractors_record(word: str) -> None:
    """One level vocabulary: extractors find level words as printed; only the policy says what each means."""
    assert load_policy().level(word) is not None


def test_unknown_key_names_file_key_and_line(tmp_path: Path, text: str) -> None:
    bad = text.replace("  min_working_days: 5\n", "  min_workng_days: 5\n")
    line = bad.splitlines().index("  min_workng_days: 5") + 1
    with pytest.raises(ConfigurationError) as err:
        load_policy(write(tmp_path, bad))
    message = err.value.message
    assert f"policy.yaml:{line}: publicity.min_workng_days" in message
    assert "publicity.min_working_days" in message  # the missing key is reported too


def test_wrong_value_names_its_line(tmp_path: Path, text: str) -> None:
    bad = text.replace("  reference_date: 2024-10-22", "  reference_date: 2024-13-22")
    line = bad.splitlines().index("  reference_date: 2024-13-22") + 1
    with pytest.raises(ConfigurationError, match=rf"policy.yaml:{line}: dates.reference_date"):
        load_policy(write(tmp_path, bad))


def test_severity_typo_names_its_line(tmp_path: Path, text: str) -> None:
    bad = text.replace("  SEAL_MISSING: error\n", "  SEAL_MISSING: eror\n")
    line = bad.splitlines().index("  SEAL_MISSING: eror") + 1
    with pytest.raises(ConfigurationError, match=rf"policy.yaml:{line}: severities.SEAL_MISSING"):
        load_policy(write(tmp_path, bad))


def test_unknown_code_and_missing_code(tmp_path: Path, text: str) -> None:
    bad = text.replace("  SEAL_MISSING: error\n", "  SEAL_MISING: error\n")
    line = bad.splitlines().index("  SEAL_MISING: error") + 1
    with pytest.raises(ConfigurationError, match=rf":{line}: severities.SEAL_MISING"):
        load_policy(write(tmp_path, bad))
    dropped = text.replace("  SEAL_MISSING: error\n", "")
    with pytest.raises(ConfigurationError, match="no severity for: SEAL_MISSING"):
        load_policy(write(tmp_path, dropped))


def test_variant_with_unknown_code(tmp_path: Path, text: str) -> None:
    bad = text.replace("  NAME_MISMATCH:ocr_noise: warning", "  NAME_MISMACH:ocr_noise: warning")
    with pytest.raises(ConfigurationError, match="NAME_MISMACH:ocr_noise"):
        load_policy(write(tmp_path, bad))


def test_catalogue_row_numbering_is_checked(tmp_path: Path, text: str) -> None:
    bad = text.replace("    - [26, 图书资料系列", "    - [62, 图书资料系列")
    line = bad.splitlines().index("  rows:") + 1
    with pytest.raises(ConfigurationError, match="row 26 is numbered 62") as err:
        load_policy(write(tmp_path, bad))
    assert f":{line}: catalogue.rows" in err.value.message


def test_catalogue_row_with_a_missing_cell(tmp_path: Path, text: str) -> None:
    bad = text.replace("    - [30, 艺术系列, 编剧, 四级编剧]", "    - [30, 艺术系列, 四级编剧]")
    line = bad.splitlines().index("    - [30, 艺术系列, 四级编剧]") + 1
    with pytest.raises(ConfigurationError, match=rf":{line}: catalogue.rows.29"):
        load_policy(write(tmp_path, bad))


def test_yaml_syntax_error_names_its_line(tmp_path: Path, text: str) -> None:
    bad = text.replace("  limit: 3\n", "  limit: [3\n")
    with pytest.raises(ConfigurationError, match=r"line \d+: not valid YAML"):
        load_policy(write(tmp_path, bad))


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot be read"):
        load_policy(tmp_path / "nope.yaml")
    with pytest.raises(ConfigurationError, match="mapping"):
        load_policy(write(tmp_path, "- just a list\n"))


def test_policy_is_frozen() -> None:
    p = load_policy()
    with pytest.raises(Exception, match="frozen"):
        p.policy_id = "x"  # type: ignore[misc]
