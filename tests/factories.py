"""Hand-built page facts for validator tests: one complete, clean dossier consistent with its application.

``clean()`` returns a mutable ``Dossier``; each test changes one thing (a field, a flag, a page) and checks.
Dates shift with ``year`` so the same dossier can be built for a made-up later policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stdnum.cn import ric

from extractors.models import (
    BBox,
    DocType,
    DossierFacts,
    Evidence,
    FieldValue,
    FileProblem,
    OcrResult,
    PageFacts,
    PageRef,
    QualityIssue,
    QualityMetrics,
    Section,
    Side,
    TextFit,
)
from validators.check import check_dossier
from validators.models import Application, CheckResult
from validators.policy import Policy

PLEDGE_2024 = (
    "本人承诺以上填报内容和提交的材料真实有效，且网上填报与送审报表内容完全一致，如申请人提交弄虚作假确认材料的，"
    "一经查实，不予受理确认申报或取消已确认的资格，并从申报年度下一年度起3年内，不得申报专业技术资格。"
)
VCODE = "A1B2C3D4E5F6G7H8"


def id_number(region: str = "652823", birth: str = "19960315", seq: str = "002") -> str:
    """Return a valid 18-digit ID number (check digit computed)."""
    body = region + birth + seq
    return body + ric.calc_check_digit(body + "0")


def shift(day: str, years: int) -> str:
    """Move an ISO date by whole years."""
    d = dt.date.fromisoformat(day)
    return d.replace(year=d.year + years).isoformat()


def fv(value: str, file: str, page: int = 1, conf: float = 0.99) -> FieldValue:
    """A field value with evidence on ``file``."""
    evidence = Evidence(file=file, page=page, text=value, confidence=conf)
    return FieldValue(value=value, evidence=evidence, confidence=conf)


def make_page(
    file: str,
    doc_type: DocType,
    fields: dict[str, str],
    *,
    side: Side = Side.NONE,
    page: int = 1,
    section: Section | None = None,
    flags: dict[str, bool] | None = None,
    issues: tuple[QualityIssue, ...] = (),
) -> PageFacts:
    """One page with its fields (all read with confidence 0.99)."""
    return PageFacts(
        ref=PageRef(file=file, page=page, section=section),
        content_hash=f"{file}#{page}",
        width=1000,
        height=1400,
        doc_type=doc_type,
        side=side,
        classification_confidence=0.98,
        quality=QualityMetrics(width=1000, height=1400),
        quality_issues=issues,
        ocr=OcrResult(engine="test"),
        fields={k: fv(v, file, page) for k, v in fields.items()},
        flags=flags or {},
    )


@dataclass
class Dossier:
    """A dossier under test: the declaration (as a dict) and its pages, both mutable."""

    app: dict[str, Any]
    pages: list[PageFacts] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    def application(self) -> Application:
        return Application.model_validate(self.app)

    def facts(self) -> DossierFacts:
        return DossierFacts(
            dossier_id=self.app.get("applicant_id", "X"),
            pages=tuple(self.pages),
            problems=tuple(self.problems),
            input_fingerprint="test",
            files=tuple(dict.fromkeys(p.ref.file for p in self.pages)),
        )

    def check(self, policy: Policy, *, no_application: bool = False) -> CheckResult:
        app = None if no_application else self.application()
        return check_dossier(self.facts(), app, "application.json 缺失" if no_application else None, policy)

    def find(self, doc_type: DocType, side: Side | None = None) -> list[int]:
        return [i for i, p in enumerate(self.pages) if p.doc_type == doc_type and (side is None or p.side == side)]

    def drop(self, doc_type: DocType, side: Side | None = None) -> Dossier:
        keep = set(self.find(doc_type, side))
        self.pages = [p for i, p in enumerate(self.pages) if i not in keep]
        return self

    def set_field(
        self,
        doc_type: DocType,
        name: str,
        value: str | None,
        *,
        side: Side | None = None,
        conf: float = 0.99,
        nth: int = 0,
        bbox: BBox | None = None,
        fit: TextFit | None = None,
    ) -> Dossier:
        i = self.find(doc_type, side)[nth]
        page = self.pages[i]
        fields = dict(page.fields)
        if value is None:
            fields.pop(name, None)
        else:
            read = fv(value, page.ref.file, page.ref.page, conf)
            if bbox is not None:
                read = read.model_copy(update={"evidence": read.evidence.model_copy(update={"bbox": bbox})})
            fields[name] = read.model_copy(update={"fit": fit})
        self.pages[i] = page.model_copy(update={"fields": fields})
        return self

    def set_flags(self, doc_type: DocType, side: Side | None = None, **flags: bool) -> Dossier:
        for i in self.find(doc_type, side):
            page = self.pages[i]
            self.pages[i] = page.model_copy(update={"flags": {**page.flags, **flags}})
        return self

    def update(self, doc_type: DocType, side: Side | None = None, nth: int = 0, **changes: Any) -> Dossier:
        i = self.find(doc_type, side)[nth]
        self.pages[i] = self.pages[i].model_copy(update=changes)
        return self


def clean(year: int = 2024, employer_type: str = "事业单位", pledge: str = PLEDGE_2024) -> Dossier:
    """A complete, clean 本科 dossier for the declaration year ``year``."""
    y = year - 2024
    name = "阿依古丽·买买提"
    number = id_number()
    app: dict[str, Any] = {
        "applicant_id": "WL2024-0001",
        "name": name,
        "gender": "女",
        "ethnicity": "维吾尔族",
        "id_number": number,
        "employer": "尉犁县第一中学",
        "employer_type": employer_type,
        "series": "中小学教师系列",
        "specialty": "中小学教师",
        "qualification": "二级教师",
        "education": [
            {
                "level": "本科",
                "school": "新疆师范大学",
                "major": "汉语言文学",
                "graduation_date": shift("2019-06-30", y),
                "full_time": True,
                "certificate_no": "107621201905001234",
            }
        ],
        "work_start_date": shift("2019-08-01", y),
        "submission_no": 1,
        "submitted_at": f"{2024 + y}-10-12T10:31:00+08:00",
    }
    person = {"name": name, "gender": "女", "birth_date": "1996-03-15"}
    edu = {
        "school": "新疆师范大学",
        "major": "汉语言文学",
        "level": "本科",
        "study_mode": "全日制",
        "graduation_date": shift("2019-06-30", y),
        "certificate_no": "107621201905001234",
    }
    unit = {"name": name, "series": "中小学教师系列", "specialty": "中小学教师", "title_level": "初级"}
    period = {"period_start": shift("2024-09-23", y), "period_end": shift("2024-09-27", y)}
    if y:  # keep five Monday-to-Friday working days in the shifted year
        start = dt.date.fromisoformat(period["period_start"])
        start += dt.timedelta(days=(7 - start.weekday()) % 7)
        period = {"period_start": start.isoformat(), "period_end": (start + dt.timedelta(days=4)).isoformat()}
    B, E, C, A, IN, OT, P = (
        Section.BASIC,
        Section.EDUCATION,
        Section.CONTINUING_EDUCATION,
        Section.APPRAISAL,
        Section.INTERNSHIP,
        Section.OTHER_ATTACHMENTS,
        Section.PLEDGE,
    )
    pages = [
        make_page(
            "基本信息/身份证正面.jpg",
            DocType.ID_CARD,
            {**person, "ethnicity": "维吾尔", "address": "新疆尉犁县团结路1号", "id_number": number},
            side=Side.PORTRAIT,
            section=B,
            flags={"face": True},
        ),
        make_page(
            "基本信息/身份证反面.jpg",
            DocType.ID_CARD,
            {"issuing_authority": "尉犁县公安局", "valid_from": "2016-05-10", "valid_until": "2026-05-10"},
            side=Side.EMBLEM,
            section=B,
        ),
        make_page(
            "基本信息/照片.jpg",
            DocType.PHOTO,
            {"face_count": "1", "aspect": "1.4", "background_uniformity": "0.95"},
            section=B,
            flags={"face": True},
        ),
        make_page("学历学位/毕业证书.jpg", DocType.DIPLOMA, {**person, **edu}, section=E),
        make_page(
            "学历学位/学信网备案表.pdf",
            DocType.CHSI_REPORT,
            {
                **person,
                **edu,
                "education_type": "普通高等教育",
                "verification_code": VCODE,
                "qr_url": f"https://www.chsi.com.cn/xlcx/bg.do?vcode={VCODE}&srcid=bgcx",
                "qr_vcode": VCODE,
                "updated_on": shift("2024-10-01", y),
                "valid_until": shift("2025-04-01", y),
            },
            section=E,
        ),
    ]
    for cy in (2023 + y, 2024 + y):
        for kind, hours in (("公需", "30"), ("专业", "60")):
            pages.append(
                make_page(
                    f"继续教育/{cy}{kind}.jpg",
                    DocType.CE_CERTIFICATE,
                    {"name": name, "year": str(cy), "kind": kind, "hours": hours},
                    section=C,
                )
            )
    ay = str(2023 + y)
    pages += [
        make_page(
            "年度考核/考核表.pdf",
            DocType.APPRAISAL_FORM,
            {"name": name, "year": ay, "employer": "尉犁县第一中学"},
            side=Side.FRONT,
            section=A,
        ),
        make_page(
            "年度考核/考核表.pdf",
            DocType.APPRAISAL_FORM,
            {"year": ay, "grade": "合格"},
            side=Side.BACK,
            page=2,
            section=A,
            flags={"seal": True},
        ),
        make_page("见习期/工作情况.jpg", DocType.INTERNSHIP_REPORT, {"name": name, "body_chars": "600"}, section=IN),
        make_page("见习期/工作小结.jpg", DocType.INTERNSHIP_SUMMARY, {"name": name, "body_chars": "800"}, section=IN),
        make_page("其他附件/公示.jpg", DocType.PUBLICITY_NOTICE, {**unit, **period}, section=OT, flags={"seal": True}),
        make_page(
            "其他附件/公示结果.jpg",
            DocType.PUBLICITY_RESULT,
            {**unit, **period, "days": "5", "objection": "无异议"},
            section=OT,
            flags={"seal": True},
        ),
        make_page(
            "其他附件/推荐意见.jpg",
            DocType.UNIT_RECOMMENDATION,
            {"name": name, "series": "中小学教师系列", "title_level": "初级"},
            section=OT,
            flags={"seal": True},
        ),
        make_page(
            "承诺书/承诺书.jpg",
            DocType.PLEDGE,
            {"name": name, "sentence": pledge},
            section=P,
            flags={"signature": True, "fingerprint": True},
        ),
    ]
    if employer_type == "企业":
        pages.append(
            make_page(
                "基本信息/社保清单.pdf",
                DocType.SOCIAL_INSURANCE,
                {"name": name, "period_start": f"{2023 + y}-10", "period_end": f"{2024 + y}-09", "months": "12"},
                section=B,
            )
        )
    return Dossier(app=app, pages=pages)


def codes(result: CheckResult) -> set[str]:
    """The finding codes of a result, as plain strings."""
    return {f.code.value for f in result.findings}
