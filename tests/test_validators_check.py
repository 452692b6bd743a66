"""check_dossier: rule isolation, materials checklist, declared vs extracted, verdict mapping, return notice."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from extractors.models import DocType, FileProblem, QualityIssue, Side
from tests.factories import clean, codes
from validators import check as check_module
from validators.context import RuleContext
from validators.models import Finding, FindingCode, Material, MaterialState, Severity, Verdict
from validators.notice import return_notice
from validators.policy import load_policy
from validators.rules import RULES, Rule
from validators.verdict import verdict_of

POLICY = load_policy()


def _finding(severity: Severity) -> Finding:
    return Finding(code=FindingCode.SEAL_MISSING, severity=severity, material=Material.OTHER, message="x")


@pytest.mark.parametrize(
    ("severities", "verdict"),
    [
        ([], Verdict.PASS),
        ([Severity.INFO], Verdict.PASS),
        ([Severity.INFO, Severity.WARNING], Verdict.REVIEW),
        ([Severity.WARNING, Severity.ERROR], Verdict.RETURN),
        ([Severity.ERROR, Severity.INELIGIBLE, Severity.WARNING], Verdict.INELIGIBLE),
    ],
)
def test_verdict_mapping(severities: list[Severity], verdict: Verdict) -> None:
    assert verdict_of([_finding(s) for s in severities]) == verdict


def test_a_failing_rule_becomes_pipeline_error_and_others_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: RuleContext) -> Iterable[Finding]:
        raise RuntimeError(ctx.application.id_number if ctx.application else "x")

    monkeypatch.setattr(check_module, "RULES", (Rule("boom", "测试检查", Material.PLEDGE, boom), *RULES))
    d = clean().drop(DocType.ID_CARD, Side.EMBLEM)
    result = d.check(POLICY)
    errors = [f for f in result.findings if f.code == FindingCode.PIPELINE_ERROR]
    assert len(errors) == 1
    assert errors[0].severity == Severity.WARNING
    assert "测试检查" in errors[0].message
    assert d.app["id_number"] not in errors[0].message
    assert "ID_CARD_SIDE_MISSING" in codes(result)


def test_ingest_problems_and_quality_issues_become_findings() -> None:
    d = clean()
    d.problems.append(
        FileProblem(
            file="其他附件/a.pdf",
            code="UNREADABLE_FILE",
            reason="encrypted",
            message_zh="文件已加密：请上传未加密的PDF。",
        )
    )
    d.problems.append(FileProblem(file="b.bin", code="SOMETHING_NEW", reason="x", message_zh="无法处理：请重新上传。"))
    d.update(DocType.PHOTO, quality_issues=(QualityIssue(kind="IMAGE_BLURRY", detail="sharpness 12 < 80"),))
    result = d.check(POLICY)
    unreadable = next(f for f in result.findings if f.code == FindingCode.UNREADABLE_FILE)
    assert unreadable.message == "文件已加密：请上传未加密的PDF。"
    assert unreadable.evidence[0].file == "其他附件/a.pdf"
    assert "PIPELINE_ERROR" in codes(result)  # an unknown ingest code is never dropped
    blurry = next(f for f in result.findings if f.code == FindingCode.IMAGE_BLURRY)
    assert blurry.severity == Severity.ERROR
    assert blurry.material == Material.PHOTO
    assert blurry.evidence[0].text == "sharpness 12 < 80"


def test_illegible_optional_page_is_only_a_warning() -> None:
    d = clean(employer_type="事业单位")
    d.pages.append(d.pages[0].model_copy(update={"doc_type": DocType.OTHER, "content_hash": "other"}))
    d.update(DocType.OTHER, quality_issues=(QualityIssue(kind="IMAGE_TOO_DARK", detail="dark"),))
    dark = next(f for f in d.check(POLICY).findings if f.code == FindingCode.IMAGE_TOO_DARK)
    assert dark.severity == Severity.WARNING


def test_every_page_finding_has_evidence() -> None:
    d = clean()
    d.set_field(DocType.DIPLOMA, "name", "张伟")
    d.set_field(DocType.CHSI_REPORT, "valid_until", "2024-01-01")
    d.set_flags(DocType.PUBLICITY_RESULT, seal=False)
    result = d.check(POLICY)
    for f in result.findings:
        assert f.evidence, f.code
        assert f.evidence[0].page >= 1
    name = next(f for f in result.findings if f.code == FindingCode.NAME_MISMATCH)
    assert (name.declared, name.found, name.evidence[0].text) == ("阿依古丽·买买提", "张伟", "张伟")


def test_materials_checklist() -> None:
    d = clean().drop(DocType.PHOTO).set_flags(DocType.PLEDGE, signature=False)
    rows = {m.material: m for m in d.check(POLICY).materials}
    assert [m.material for m in d.check(POLICY).materials] == [m.material for m in POLICY.materials]
    assert rows[Material.PHOTO].status == MaterialState.MISSING
    assert rows[Material.PLEDGE].status == MaterialState.PROBLEM
    assert rows[Material.PLEDGE].finding_codes == (FindingCode.PLEDGE_SIGNATURE_MISSING,)
    assert rows[Material.SOCIAL_INSURANCE].status == MaterialState.NOT_REQUIRED
    assert rows[Material.ID_CARD].status == MaterialState.OK
    assert rows[Material.ID_CARD].files == ("基本信息/身份证正面.jpg", "基本信息/身份证反面.jpg")
    assert rows[Material.ID_CARD].label == "身份证（正、反面）"


def test_declared_and_extracted_side_by_side() -> None:
    result = clean().check(POLICY)
    assert result.declared["name"] == "阿依古丽·买买提"
    assert result.declared["graduation_date"] == "2019-06-30"
    names = result.extracted["name"]
    assert {v.doc_type for v in names} >= {"id_card", "diploma", "chsi_report", "pledge"}
    assert all(v.evidence.file for v in names)
    assert result.policy_id == "yuli-2024"


def test_return_notice_for_return() -> None:
    d = clean()
    d.app["submission_no"] = 2
    d.drop(DocType.ID_CARD, Side.EMBLEM).set_flags(DocType.PLEDGE, signature=False, fingerprint=False)
    d.set_field(DocType.CE_CERTIFICATE, "hours", "20")
    result = d.check(POLICY)
    text = return_notice(result, d.application(), POLICY)
    lines = text.splitlines()
    assert lines[0] == "阿依古丽·买买提同志："
    assert "1. 身份证：身份证国徽面（反面）缺失：请上传身份证国徽面（反面）的清晰扫描件。" in lines
    ce = next(i for i, line in enumerate(lines) if line.startswith("2. 继续教育"))
    pledge = next(i for i, line in enumerate(lines) if line.startswith("3. 个人承诺书"))
    assert ce < pledge  # ordered as the notice lists the materials
    assert "本次为第2次提交，最多可提交3次。" in text
    assert "48小时内" in text
    assert "0996-4026290" in text
    assert text.endswith("\n")


def test_return_notice_leaves_warnings_to_the_reviewer() -> None:
    d = clean().update(
        DocType.ID_CARD, Side.PORTRAIT, quality_issues=(QualityIssue(kind="ID_CARD_COPY", detail="photocopy"),)
    )
    result = d.check(POLICY)
    assert result.verdict == Verdict.REVIEW
    text = return_notice(result, d.application(), POLICY)
    assert "复印件" not in text
    assert "人工复核" in text


def test_return_notice_for_pass_and_last_submission() -> None:
    d = clean()
    text = return_notice(d.check(POLICY), d.application(), POLICY)
    assert "未发现需要修改的问题" in text
    d.app["submission_no"] = 3
    d.drop(DocType.PHOTO)
    text = return_notice(d.check(POLICY), d.application(), POLICY)
    assert "已达到最多3次的提交上限" in text


def test_return_notice_for_ineligible_and_without_application() -> None:
    d = clean()
    d.app["work_start_date"] = "2024-08-01"
    result = d.check(POLICY)
    assert result.verdict == Verdict.INELIGIBLE
    text = return_notice(result, d.application(), POLICY)
    assert "不符合通知“一、申报范围及条件”" in text
    assert "满1年" in text
    anonymous = clean().check(POLICY, no_application=True)
    text = return_notice(anonymous, None, POLICY)
    assert text.startswith("申报人：")
    assert "网上填报信息" in text


def test_read_values_say_whether_they_are_the_declared_value_as_the_rules_compare() -> None:
    # 大学本科 is the declared 本科 by the policy's level aliases: no finding, and the table must not say otherwise
    d = clean().set_field(DocType.CHSI_REPORT, "level", "大学本科")
    result = d.check(POLICY)
    assert "EDUCATION_MISMATCH" not in codes(result)
    chsi = [v for v in result.extracted["level"] if v.doc_type == "chsi_report"]
    assert [v.agrees for v in chsi] == [True]
    d = clean().set_field(DocType.CHSI_REPORT, "level", "专科")
    chsi = [v for v in d.check(POLICY).extracted["level"] if v.doc_type == "chsi_report"]
    assert [v.agrees for v in chsi] == [False]
    # a field nothing was declared for has nothing to agree with
    assert {v.agrees for v in d.check(POLICY).extracted["hours"]} == {None}
