"""Findings, verdicts and the applicant's declaration as typed models.

Finding codes are a contract (SPEC section 4): never renamed, only added.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.models import BBox, Evidence


class Severity(StrEnum):
    """How bad a finding is; the policy sets it per code."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    INELIGIBLE = "ineligible"


SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.INELIGIBLE: 3}


class Verdict(StrEnum):
    """The pre-check outcome of one dossier (SPEC section 4)."""

    PASS = "PASS"  # 通过预审
    REVIEW = "REVIEW"  # 需人工复核
    RETURN = "RETURN"  # 退回补正
    INELIGIBLE = "INELIGIBLE"  # 不符合申报条件


VERDICT_ZH = {
    Verdict.PASS: "通过预审",
    Verdict.REVIEW: "需人工复核",
    Verdict.RETURN: "退回补正",
    Verdict.INELIGIBLE: "不符合申报条件",
}


class FindingCode(StrEnum):
    """Every finding code of SPEC section 4."""

    MATERIAL_MISSING = "MATERIAL_MISSING"
    ID_CARD_SIDE_MISSING = "ID_CARD_SIDE_MISSING"
    APPRAISAL_SIDE_MISSING = "APPRAISAL_SIDE_MISSING"
    APPRAISAL_YEAR_MISSING = "APPRAISAL_YEAR_MISSING"
    CE_CERT_MISSING = "CE_CERT_MISSING"
    WRONG_SECTION = "WRONG_SECTION"
    DUPLICATE_UPLOAD = "DUPLICATE_UPLOAD"
    UNREADABLE_FILE = "UNREADABLE_FILE"
    UNRECOGNIZED_PAGE = "UNRECOGNIZED_PAGE"
    APPLICATION_INVALID = "APPLICATION_INVALID"
    IMAGE_BLURRY = "IMAGE_BLURRY"
    IMAGE_LOW_RESOLUTION = "IMAGE_LOW_RESOLUTION"
    IMAGE_TOO_DARK = "IMAGE_TOO_DARK"
    IMAGE_OVEREXPOSED = "IMAGE_OVEREXPOSED"
    IMAGE_GLARE = "IMAGE_GLARE"
    DOCUMENT_CROPPED = "DOCUMENT_CROPPED"
    BLANK_PAGE = "BLANK_PAGE"
    PAGE_ROTATED = "PAGE_ROTATED"
    ID_CARD_COPY = "ID_CARD_COPY"
    ID_NUMBER_INVALID = "ID_NUMBER_INVALID"
    ID_NUMBER_MISMATCH = "ID_NUMBER_MISMATCH"
    NAME_MISMATCH = "NAME_MISMATCH"
    BIRTHDATE_MISMATCH = "BIRTHDATE_MISMATCH"
    GENDER_MISMATCH = "GENDER_MISMATCH"
    ID_CARD_EXPIRED = "ID_CARD_EXPIRED"
    ID_CARD_VALIDITY_INCONSISTENT = "ID_CARD_VALIDITY_INCONSISTENT"
    PHOTO_INVALID = "PHOTO_INVALID"
    CHSI_REPORT_MISSING = "CHSI_REPORT_MISSING"
    CHSI_QR_UNREADABLE = "CHSI_QR_UNREADABLE"
    CHSI_QR_NOT_OFFICIAL = "CHSI_QR_NOT_OFFICIAL"
    CHSI_CODE_MISMATCH = "CHSI_CODE_MISMATCH"
    CHSI_CODE_FORMAT = "CHSI_CODE_FORMAT"
    CHSI_EXPIRED = "CHSI_EXPIRED"
    EDUCATION_MISMATCH = "EDUCATION_MISMATCH"
    DIPLOMA_CERT_NO_MISMATCH = "DIPLOMA_CERT_NO_MISMATCH"
    NOT_FULL_TIME = "NOT_FULL_TIME"
    EDUCATION_LEVEL_NOT_ELIGIBLE = "EDUCATION_LEVEL_NOT_ELIGIBLE"
    SERIES_NOT_IN_CATALOG = "SERIES_NOT_IN_CATALOG"
    EXPERIENCE_TOO_SHORT = "EXPERIENCE_TOO_SHORT"
    EXPERIENCE_BORDERLINE = "EXPERIENCE_BORDERLINE"
    APPRAISAL_GRADE_FAILED = "APPRAISAL_GRADE_FAILED"
    CE_HOURS_SHORT = "CE_HOURS_SHORT"
    CE_EXEMPTION_UNAPPROVED = "CE_EXEMPTION_UNAPPROVED"
    INTERNSHIP_MISSING = "INTERNSHIP_MISSING"
    PUBLICITY_TOO_SHORT = "PUBLICITY_TOO_SHORT"
    PUBLICITY_DATES_UNREADABLE = "PUBLICITY_DATES_UNREADABLE"
    PUBLICITY_OBJECTION = "PUBLICITY_OBJECTION"
    RECOMMENDATION_MISMATCH = "RECOMMENDATION_MISMATCH"
    SEAL_MISSING = "SEAL_MISSING"
    PLEDGE_TEXT_MISMATCH = "PLEDGE_TEXT_MISMATCH"
    PLEDGE_SIGNATURE_MISSING = "PLEDGE_SIGNATURE_MISSING"
    SOCIAL_INSURANCE_MISSING = "SOCIAL_INSURANCE_MISSING"
    SUBMISSION_LIMIT_EXCEEDED = "SUBMISSION_LIMIT_EXCEEDED"
    SUBMITTED_OUTSIDE_WINDOW = "SUBMITTED_OUTSIDE_WINDOW"
    PIPELINE_ERROR = "PIPELINE_ERROR"


class Material(StrEnum):
    """The materials of the notice, in the order it lists them (五、申报材料要求)."""

    ID_CARD = "id_card"  # 身份证（正、反面）
    PHOTO = "photo"  # 近期一寸免冠照片
    SOCIAL_INSURANCE = "social_insurance"  # 企业：近一年社保缴费清单
    EDUCATION = "education"  # 毕业证书 + 学信网备案表 / 学籍档案
    CONTINUING_EDUCATION = "continuing_education"  # 继续教育合格证书 / 免试审批表
    APPRAISAL = "appraisal"  # 年度考核表（正、反面）
    INTERNSHIP_REPORT = "internship_report"  # 见习期工作情况
    INTERNSHIP_SUMMARY = "internship_summary"  # 见习期工作小结
    UNIT_DOCUMENTS = "unit_documents"  # 推荐单位公示、公示结果、单位推荐意见
    PLEDGE = "pledge"  # 个人承诺书
    APPLICATION = "application"  # 网上填报信息 (application.json)
    PROCESS = "process"  # 提交次数与时间
    OTHER = "other"


MATERIAL_ZH = {
    Material.ID_CARD: "身份证（正、反面）",
    Material.PHOTO: "近期一寸免冠照片",
    Material.SOCIAL_INSURANCE: "近一年社保缴费清单（企业）",
    Material.EDUCATION: "学历证书及学信网备案表",
    Material.CONTINUING_EDUCATION: "继续教育合格证书",
    Material.APPRAISAL: "年度考核表（正、反面）",
    Material.INTERNSHIP_REPORT: "见习期工作情况",
    Material.INTERNSHIP_SUMMARY: "见习期工作小结",
    Material.UNIT_DOCUMENTS: "推荐单位公示、公示结果、单位推荐意见",
    Material.PLEDGE: "个人承诺书",
    Material.APPLICATION: "网上填报信息",
    Material.PROCESS: "申报次数与时间",
    Material.OTHER: "其他",
}


#: Variants of a finding that say "could not confirm: look at the crop", not "this is a defect".
CHECK_BY_EYE_VARIANTS = frozenset({"ocr_noise", "signature_similar", "unreadable"})


class Finding(BaseModel):
    """One problem (or note) about a dossier, with the evidence a reviewer needs to confirm it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: FindingCode
    severity: Severity
    material: Material
    message: str = Field(description="Chinese: what is wrong and what the applicant must do.")
    evidence: tuple[Evidence, ...] = ()
    declared: str | None = Field(default=None, description="The declared value this was compared with.")
    found: str | None = Field(default=None, description="The value found in the documents.")
    variant: str | None = Field(
        default=None,
        description=(
            "The case of the code whose severity the policy sets (e.g. ocr_noise: a read too unsure to confirm or "
            "contradict the declaration, for a check by eye)."
        ),
    )

    @property
    def check_by_eye(self) -> bool:
        """Whether this finding asks a reviewer to look, rather than stating a defect (an unsure or unread value)."""
        return self.variant in CHECK_BY_EYE_VARIANTS

    @property
    def key(self) -> str:
        """A stable identity across reruns: code, material and the first evidence's file."""
        first = self.evidence[0].file if self.evidence else ""
        return f"{self.code}|{self.material}|{first}"


class Education(BaseModel):
    """One education entry of the application."""

    model_config = ConfigDict(extra="forbid")

    level: Literal["中专", "大专", "本科", "硕士", "博士"]
    school: str
    major: str
    graduation_date: dt.date
    full_time: bool = True
    certificate_no: str | None = None


class Application(BaseModel):
    """What the applicant declared in the online form (``application.json``, SPEC section 2)."""

    model_config = ConfigDict(extra="ignore")

    applicant_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1)
    gender: Literal["男", "女"]
    ethnicity: str | None = None
    id_number: str = Field(min_length=15, max_length=18)
    employer: str
    employer_type: Literal["企业", "事业单位"]
    series: str
    specialty: str
    qualification: str
    education: list[Education] = Field(min_length=1)
    work_start_date: dt.date
    aid_xinjiang: bool = False
    ce_exempt: bool = False
    chsi_unavailable: bool = False
    submission_no: int = Field(default=1, ge=1)
    submitted_at: dt.datetime | None = None

    @property
    def highest_education(self) -> Education:
        """The highest declared education (the last of the list, which runs from low to high)."""
        order = ["中专", "大专", "本科", "硕士", "博士"]
        return max(self.education, key=lambda e: order.index(e.level))


def bbox_or_none(evidence: Evidence | None) -> BBox | None:
    """Return the box of ``evidence`` if any."""
    return evidence.bbox if evidence else None


class MaterialState(StrEnum):
    """The state of one material of the notice in a dossier's checklist."""

    OK = "ok"
    MISSING = "missing"
    PROBLEM = "problem"
    NOT_REQUIRED = "not_required"


class PageLink(BaseModel):
    """A page behind a material's row in the checklist."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    page: int = Field(ge=1)
    doc_type: str
    side: str


class MaterialStatus(BaseModel):
    """One row of the materials checklist: a material of the notice, its state and its pages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    material: Material
    label: str = Field(description="Chinese label of the material as the notice names it.")
    status: MaterialState
    required: bool
    pages: tuple[PageLink, ...] = ()
    finding_codes: tuple[FindingCode, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The distinct files behind this material, in page order."""
        return tuple(dict.fromkeys(p.file for p in self.pages))


class ExtractedValue(BaseModel):
    """One value read from a page, with the page it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    doc_type: str
    side: str
    evidence: Evidence
    confidence: float | None = None
    uncertain: bool = False
    """Too unsure to stand as evidence: OCR confidence under the policy's bar, or a page flagged illegible."""
    agrees: bool | None = None
    """Whether it is the declared value, compared as the rules compare (None: nothing declared to compare)."""
    fitted: bool = False
    """A read otherwise that the recogniser scores as the declared value: a signature as the declared name
    (``context.signature_fits``), an unsure school read under a seal as the declared school (``school_fits``)."""


class CheckResult(BaseModel):
    """Everything the rules concluded about one dossier."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policy_id: str
    findings: list[Finding]
    verdict: Verdict
    materials: list[MaterialStatus]
    declared: dict[str, str] = Field(default_factory=dict, description="Declared values, by field name.")
    extracted: dict[str, list[ExtractedValue]] = Field(
        default_factory=dict, description="Values read from the pages, by field name (same keys as declared)."
    )
