"""The rule registry: every rule function, one module per concern, with the Chinese name of what it checks.

Adding a rule touches its module and one line here. ``check_dossier`` runs them in this order; a rule that
raises becomes a ``PIPELINE_ERROR`` finding and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from validators.context import RuleContext
from validators.models import Finding, Material
from validators.rules import (
    appraisal,
    completeness,
    continuing_education,
    education,
    eligibility,
    identity,
    intake,
    names,
    pledge,
    process,
    unit_documents,
)

RuleFunction = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One registered rule: a stable name, what it checks in Chinese, its material, and the function."""

    name: str
    label: str
    material: Material
    check: RuleFunction


RULES: tuple[Rule, ...] = (
    Rule("intake.file_problems", "文件读取", Material.OTHER, intake.file_problems),
    Rule("intake.application_invalid", "网上填报信息", Material.APPLICATION, intake.application_invalid),
    Rule("intake.page_quality", "图像清晰度", Material.OTHER, intake.page_quality),
    Rule("intake.unrecognized_pages", "材料识别", Material.OTHER, intake.unrecognized_pages),
    Rule("intake.wrong_section", "上传栏目", Material.OTHER, intake.wrong_section),
    Rule("intake.duplicate_uploads", "重复上传", Material.OTHER, intake.duplicate_uploads),
    Rule("completeness.materials_present", "材料齐全", Material.OTHER, completeness.materials_present),
    Rule("completeness.id_card_sides", "身份证正反面", Material.ID_CARD, completeness.id_card_sides),
    Rule("completeness.photo_fitness", "一寸免冠照片", Material.PHOTO, completeness.photo_fitness),
    Rule(
        "completeness.social_insurance_coverage",
        "社保缴费清单",
        Material.SOCIAL_INSURANCE,
        completeness.social_insurance_coverage,
    ),
    Rule(
        "completeness.internship_substance", "见习期材料", Material.INTERNSHIP_REPORT, completeness.internship_substance
    ),
    Rule(
        "completeness.unit_documents_present",
        "单位材料齐全",
        Material.UNIT_DOCUMENTS,
        completeness.unit_documents_present,
    ),
    Rule("identity.id_numbers", "身份证号码", Material.ID_CARD, identity.id_numbers),
    Rule("identity.birth_and_gender", "出生日期与性别", Material.ID_CARD, identity.birth_and_gender),
    Rule("identity.card_validity", "身份证有效期", Material.ID_CARD, identity.card_validity),
    Rule("names.name_agreement", "姓名一致", Material.OTHER, names.name_agreement),
    Rule("education.presence", "学历材料齐全", Material.EDUCATION, education.presence),
    Rule("education.field_agreement", "学历信息一致", Material.EDUCATION, education.field_agreement),
    Rule("education.chsi_reports", "学信网备案表", Material.EDUCATION, education.chsi_reports),
    Rule("education.full_time", "全日制普通教育", Material.EDUCATION, education.full_time),
    Rule("eligibility.education_level", "学历层次", Material.EDUCATION, eligibility.education_level),
    Rule("eligibility.catalogue_row", "初定专业范围", Material.APPLICATION, eligibility.catalogue_row),
    Rule("eligibility.experience", "专业技术工作年限", Material.APPLICATION, eligibility.experience),
    Rule("appraisal.appraisal_forms", "年度考核", Material.APPRAISAL, appraisal.appraisal_forms),
    Rule(
        "continuing_education.exemption", "继续教育免试", Material.CONTINUING_EDUCATION, continuing_education.exemption
    ),
    Rule("continuing_education.hours", "继续教育学时", Material.CONTINUING_EDUCATION, continuing_education.hours),
    Rule("unit_documents.publicity_period", "公示期", Material.UNIT_DOCUMENTS, unit_documents.publicity_period),
    Rule("unit_documents.objection", "公示结果", Material.UNIT_DOCUMENTS, unit_documents.objection),
    Rule("unit_documents.series_and_level", "推荐系列与级别", Material.UNIT_DOCUMENTS, unit_documents.series_and_level),
    Rule("unit_documents.seals", "单位公章", Material.UNIT_DOCUMENTS, unit_documents.seals),
    Rule("pledge.pledge_text", "承诺语", Material.PLEDGE, pledge.pledge_text),
    Rule("pledge.pledge_marks", "签字与手印", Material.PLEDGE, pledge.pledge_marks),
    Rule("process.submission_count", "提交次数", Material.PROCESS, process.submission_count),
    Rule("process.submission_window", "申报时间", Material.PROCESS, process.submission_window),
)
