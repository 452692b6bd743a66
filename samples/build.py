"""Build the clean plan of one dossier: the applicant, the application form, every page of SPEC section 3."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samples import people
from samples.plan import DossierPlan, PagePlan
from samples.render import (
    appraisal,
    ce_certificate,
    ce_exemption,
    chsi,
    degree,
    diploma,
    id_card,
    internship,
    pledge,
    social_insurance,
    student_record,
    unit_docs,
)
from samples.render.photo import PhotoRecord, render_photo

YEARS_BY_LEVEL = {"中专": 3, "大专": 2, "本科": 1, "硕士": 1}
APPRAISAL_YEARS = {"中专": (2021, 2022, 2023), "大专": (2022, 2023), "本科": (2023,), "硕士": (2023,)}
STUDY_YEARS = {"中专": 3, "大专": 3, "本科": 4, "硕士": 3}
CHSI_LEVEL = {"本科": "本科", "大专": "专科", "硕士": "硕士研究生"}
CHAIRS = ["王建国", "李晓明", "张卫东", "刘志刚"]
PRESIDENTS = ["王建国", "李晓明", "阿不都热依木·买买提", "张卫东", "刘志刚", "马军"]
SUPERVISORS = {"事业单位": "尉犁县教育局", "企业": "尉犁县工业和信息化局"}
SUPERVISOR_BY_SERIES = {"中小学教师系列": "尉犁县教育局", "农业系列": "尉犁县农业农村局",
                        "群众文化系列": "尉犁县文化体育广播电视和旅游局",
                        "档案系列": "尉犁县委办公室", "新闻系列": "尉犁县委宣传部"}


@dataclass(frozen=True)
class Profile:
    """The shape of one dossier before any defect."""

    applicant_id: str
    seed: int
    level: str  # 中专 / 大专 / 本科 / 硕士 (硕士 is not named by the notice: EDUCATION_LEVEL_NOT_ELIGIBLE warning)
    employer_type: str  # 企业 / 事业单位
    uyghur: bool
    capture: str  # scan / phone
    dpi: int
    sections: bool = True
    degree: bool | None = None  # upload a 学位证书; None: half of the 本科 dossiers (drawn from the seed), every 硕士


def _fields_id_portrait(r: id_card.IdCardRecord) -> dict[str, str]:
    return {"name": r.name, "gender": r.gender, "ethnicity": r.ethnicity, "birth_date": r.birth_date.isoformat(),
            "address": r.address, "id_number": r.id_number}


def _fields_id_emblem(r: id_card.IdCardRecord) -> dict[str, str]:
    return {"issuing_authority": r.issuing_authority, "valid_from": r.valid_from.isoformat(),
            "valid_until": "长期" if r.valid_until is None else r.valid_until.isoformat()}


def _fields_photo(r: PhotoRecord) -> dict[str, str]:
    return {"face_count": "1"}


def _fields_diploma(r: diploma.DiplomaRecord) -> dict[str, str]:
    # A full-time diploma prints its 学制 (四年制本科), not 普通全日制: the study mode is truth only where printed.
    mode = {} if r.study_mode == "普通全日制" else {"study_mode": r.study_mode}
    return {"name": r.name, "gender": r.gender, "birth_date": r.birth_date.isoformat(), "school": r.school,
            "major": r.major, "level": diploma.PRINTED_LEVEL[r.level], **mode,
            "graduation_date": r.graduation_date.isoformat(), "certificate_no": r.certificate_no}


def _fields_chsi(r: chsi.ChsiRecord) -> dict[str, str]:
    vcode = r.qr_url.split("vcode=")[1].split("&")[0]
    qr = {} if r.qr_damaged else {"qr_url": r.qr_url, "qr_vcode": vcode}  # a damaged QR cannot be read: no truth
    return {"name": r.name, "gender": r.gender, "birth_date": r.birth_date.isoformat(), "school": r.school,
            "major": r.major, "level": r.level, "study_mode": r.study_mode, "education_type": r.education_type,
            "graduation_date": r.graduation_date.isoformat(), "certificate_no": r.certificate_no,
            "verification_code": r.verification_code, **qr,
            "updated_on": r.updated_on.isoformat(), "valid_until": r.valid_until.isoformat()}


def _fields_degree(r: degree.DegreeRecord) -> dict[str, str]:
    return {"name": r.name, "school": r.school, "degree": r.degree, "certificate_no": r.certificate_no}


def _fields_ce_exemption(r: ce_exemption.CeExemptionRecord) -> dict[str, str]:
    return {"name": r.name}


def _fields_student(r: student_record.StudentRecordRecord) -> dict[str, str]:
    return {"name": r.name, "school": r.school, "major": r.major, "level": r.level, "study_mode": r.study_mode}


def _fields_appraisal_front(r: appraisal.AppraisalRecord) -> dict[str, str]:
    return {"name": r.name, "year": str(r.year), "employer": r.employer}


def _fields_appraisal_back(r: appraisal.AppraisalRecord) -> dict[str, str]:
    return {"year": str(r.year), "grade": r.grade}


def _fields_ce(r: ce_certificate.CeRecord) -> dict[str, str]:
    return {"name": r.name, "year": str(r.year), "kind": r.kind, "hours": str(r.hours)}


def _fields_internship(r: internship.InternshipRecord) -> dict[str, str]:
    return {"name": r.name}


def _fields_notice(r: unit_docs.UnitDocsRecord) -> dict[str, str]:
    return {"name": r.name, "series": r.series, "specialty": r.specialty, "title_level": "初级",
            "period_start": r.period_start.isoformat(), "period_end": r.period_end.isoformat()}


def _fields_result(r: unit_docs.UnitDocsRecord) -> dict[str, str]:
    return {**_fields_notice(r), "days": str(r.days), "objection": "有异议" if r.objection else "无异议"}


def _fields_recommendation(r: unit_docs.UnitDocsRecord) -> dict[str, str]:
    return {"name": r.name, "series": r.recommend_series or r.series, "title_level": "初级"}


def _fields_pledge(r: pledge.PledgeRecord) -> dict[str, str]:
    return {"name": r.name, "sentence": r.sentence}


def _fields_si(r: social_insurance.SocialInsuranceRecord) -> dict[str, str]:
    return {"name": r.name, "period_start": r.months[0], "period_end": r.months[-1], "months": str(len(r.months))}


def publicity_period(rng: random.Random, working_days: int) -> tuple[dt.date, dt.date, int]:
    """Pick a publicity period of ``working_days`` Chinese working days ending before the online window closes."""
    import chinese_calendar

    start = rng.choice([dt.date(2024, 9, 19), dt.date(2024, 9, 23), dt.date(2024, 10, 8), dt.date(2024, 10, 9)])
    day, counted = start, 0
    while True:
        if chinese_calendar.is_workday(day):
            counted += 1
            if counted == working_days:
                break
        day += dt.timedelta(days=1)
    return start, day, (day - start).days + 1


def build_plan(p: Profile) -> DossierPlan:
    """Draw a consistent, clean dossier for profile ``p``."""
    rng = random.Random(p.seed)
    level = p.level
    years = {"本科": rng.randint(2018, 2022), "大专": rng.randint(2017, 2021), "中专": rng.randint(2015, 2020)}
    grad_year = years.get(level, years["本科"])  # 硕士 reuses the 本科 draw: other levels keep their random stream
    age_at_grad = {"本科": 22, "大专": 21, "中专": 18, "硕士": 25}[level] + rng.randint(0, 1)
    person = people.make_person(rng, uyghur=p.uyghur, birth_year=grad_year - age_at_grad)
    employers = [e for e in people.EMPLOYERS if e[1] == p.employer_type]
    employer, etype, (series, specialty, qualification), majors = rng.choice(employers)
    major = rng.choice(people.SECONDARY_MAJORS if level == "中专" else majors)
    if level == "中专":
        school, code = rng.choice(people.SECONDARY_SCHOOLS), ""
    else:
        school, code, _ = rng.choice([s for s in people.SCHOOLS if level in s[2]])
    graduation = dt.date(grad_year, rng.choice([6, 7]), rng.choice([20, 25, 28, 30]))
    enroll = dt.date(grad_year - STUDY_YEARS[level], 9, 1)
    work_start = dt.date(grad_year, rng.choice([8, 9]), rng.choice([1, 10, 15]))
    cert_no = people.diploma_number(code, grad_year, level, rng) if code else f"{rng.randint(10**11, 10**12 - 1)}"
    submitted = dt.datetime(2024, 10, rng.randint(14, 21), rng.randint(9, 19), rng.randint(0, 59))
    app = {
        "applicant_id": p.applicant_id, "name": person.name, "gender": person.gender, "ethnicity": person.ethnicity,
        "id_number": person.id_number, "employer": employer, "employer_type": etype,
        "series": series, "specialty": specialty, "qualification": qualification,
        "education": [{"level": level, "school": school, "major": major, "graduation_date": graduation.isoformat(),
                       "full_time": True, "certificate_no": cert_no}],
        "work_start_date": work_start.isoformat(), "aid_xinjiang": False, "ce_exempt": False,
        "chsi_unavailable": level == "中专", "submission_no": 1,
        "submitted_at": submitted.isoformat() + "+08:00",
    }
    plan = DossierPlan(p.applicant_id, p.seed, person, app, [], level, etype, graduation_date=graduation)
    sec = (lambda s: s) if p.sections else (lambda s: None)

    def add(key: str, doc_type: str, side: str, record: object, renderer, fields, section: str, filename: str,  # type: ignore[no-untyped-def]
            **kw: object) -> None:
        plan.pages.append(PagePlan(key, doc_type, side, record, renderer, fields, sec(section), filename,
                                   capture=p.capture, dpi=p.dpi, **kw))  # type: ignore[arg-type]

    card = id_card.IdCardRecord(person.name, person.gender, person.ethnicity, person.birth_date, person.address,
                                person.id_number, person.issuing_authority, person.valid_from, person.valid_until,
                                person.name_ug, person.issuing_authority_ug)
    add("id_portrait", "id_card", "portrait", card, id_card.render_portrait_side, _fields_id_portrait, "基本信息",
        "身份证正面.jpg", card=True, flags={"face": True})
    add("id_emblem", "id_card", "emblem", card, id_card.render_emblem_side, _fields_id_emblem, "基本信息",
        "身份证反面.jpg", card=True)
    add("photo", "photo", "none", PhotoRecord(gender=person.gender, background=rng.choice(["blue", "white"])),
        render_photo, _fields_photo, "基本信息", "一寸照片.jpg", flags={"face": True})
    if etype == "企业":
        months = tuple(f"{(dt.date(2023, 10, 1) + dt.timedelta(days=31 * i)):%Y-%m}" for i in range(12))
        si = social_insurance.SocialInsuranceRecord(person.name, person.id_number, employer, months,
                                                    rng.choice([4200, 4800, 5600, 6100]), "2024-10-10")
        add("social_insurance", "social_insurance", "none", si, social_insurance.render, _fields_si, "基本信息",
            "社保缴费清单.jpg", flags={"seal": True})
    president = rng.choice(PRESIDENTS)
    dip = diploma.DiplomaRecord(person.name, person.gender, person.birth_date, school, major, level, "普通全日制",
                                STUDY_YEARS[level], enroll, graduation, cert_no, president)
    add("diploma", "diploma", "none", dip, diploma.render, _fields_diploma, "学历学位", "毕业证书.jpg",
        flags={"seal": True, "face": True})
    extra = random.Random(p.seed * 7 + 3)  # draws added later: the main stream of older profiles stays unchanged
    with_degree = p.degree if p.degree is not None else (level == "硕士" or (level == "本科" and extra.random() < 0.5))
    if with_degree and code:
        deg = degree.DegreeRecord(person.name, person.gender, person.birth_date, school, major, level, graduation,
                                  degree.certificate_number(code, level, grad_year, extra), extra.choice(CHAIRS))
        add("degree", "degree_certificate", "none", deg, degree.render, _fields_degree, "学历学位", "学位证书.jpg",
            flags={"seal": True, "face": True})
    if level == "中专":
        sr = student_record.StudentRecordRecord(person.name, person.gender, person.birth_date, school, major, level,
                                                "全日制", enroll, graduation)
        add("student_record", "student_record", "none", sr, student_record.render, _fields_student, "学历学位",
            "学籍档案.jpg", flags={"seal": True})
    else:
        vcode = people.make_vcode(rng)
        updated = dt.date(2024, 10, rng.randint(8, 13))
        ch = chsi.ChsiRecord(person.name, person.gender, person.birth_date, enroll, graduation, school, major,
                             CHSI_LEVEL[level], "普通高等教育", "普通全日制", STUDY_YEARS[level],
                             cert_no, president, vcode, f"https://www.chsi.com.cn/xlcx/bg.do?vcode={vcode}&srcid=bgcx",
                             updated, updated + dt.timedelta(days=rng.choice([90, 180])))
        add("chsi", "chsi_report", "none", ch, chsi.render, _fields_chsi, "学历学位", "学信网备案表.jpg",
            flags={"face": True})
    for year in (2023, 2024):
        for kind, hours in (("公需", 30), ("专业", 60)):
            ce = ce_certificate.CeRecord(person.name, person.id_number, year, kind, hours + rng.choice([0, 0, 0, 6]),
                                          "巴音郭楞蒙古自治州人力资源和社会保障局",
                                          f"BZJX{year}{rng.randint(100000, 999999)}",
                                          dt.date(year, rng.randint(9, 10 if year == 2024 else 12), rng.randint(1, 28)))
            add(f"ce_{year}_{kind}", "ce_certificate", "none", ce, ce_certificate.render, _fields_ce, "继续教育",
                f"{year}年{kind}科目证书.jpg", flags={"seal": True})
    leader = rng.choice(["陈建华", "买买提·吐尔逊", "刘涛", "阿依努尔·艾山", "赵志勇"])
    for year in APPRAISAL_YEARS[level]:
        rec = appraisal.AppraisalRecord(person.name, person.gender, person.birth_date, level, employer, etype,
                                        specialty if "教师" not in specialty else "教师", year,
                                        rng.choice(["合格", "合格", "优秀"]), leader,
                                        dt.date(year + 1, 1, rng.randint(5, 25)))
        add(f"appraisal_{year}_front", "appraisal_form", "front", rec, appraisal.render_front, _fields_appraisal_front,
            "年度考核", f"{year}年度考核表正面.jpg", flags={"signature": True})
        add(f"appraisal_{year}_back", "appraisal_form", "back", rec, appraisal.render_back, _fields_appraisal_back,
            "年度考核", f"{year}年度考核表反面.jpg", flags={"seal": True, "signature": True})
    intern = internship.InternshipRecord(person.name, person.gender, employer, "专业技术岗", work_start,
                                         work_start + dt.timedelta(days=364), leader)
    add("internship_report", "internship_report", "none", intern, internship.render_report, _fields_internship,
        "见习期", "见习期工作情况.jpg", flags={"seal": True, "signature": True})
    add("internship_summary", "internship_summary", "none", intern, internship.render_summary, _fields_internship,
        "见习期", "见习期工作小结.jpg", flags={"signature": True})
    start, end, days = publicity_period(rng, rng.choice([5, 5, 7]))
    unit = unit_docs.UnitDocsRecord(person.name, person.gender, person.ethnicity, person.id_number, series, specialty,
                                    employer, SUPERVISOR_BY_SERIES.get(series, SUPERVISORS[etype]), start, end, days,
                                    False, f"0996-40{rng.randint(10000, 99999)}", leader, start - dt.timedelta(days=1),
                                    end + dt.timedelta(days=1), end + dt.timedelta(days=1))
    add("publicity_notice", "publicity_notice", "none", unit, unit_docs.render_notice, _fields_notice, "其他附件",
        "推荐单位公示.jpg", flags={"seal": True, "signature": True})
    add("publicity_result", "publicity_result", "none", unit, unit_docs.render_result, _fields_result, "其他附件",
        "公示结果.jpg", flags={"seal": True})
    add("unit_recommendation", "unit_recommendation", "none", unit, unit_docs.render_recommendation,
        _fields_recommendation, "其他附件", "单位推荐意见.jpg", flags={"seal": True})
    pl = pledge.PledgeRecord(person.name, pledge.PLEDGE_SENTENCE, submitted.date() - dt.timedelta(days=1))
    add("pledge", "pledge", "none", pl, pledge.render, _fields_pledge, "承诺书", "个人承诺书.jpg",
        flags={"signature": True, "fingerprint": True})
    return plan


def make_ce_exempt(plan: DossierPlan, rng: random.Random, *, approved: bool) -> None:
    """Turn ``plan`` into a 访惠聚 exemption: ``ce_exempt`` declared, 附件5 uploaded instead of the CE certificates."""
    certs = plan.pages_like("ce_")
    first = certs[0]
    person, app = plan.person, plan.application
    plan.application["ce_exempt"] = True
    village = rng.choice(["兴平镇达西村", "古勒巴格乡团结村", "墩阔坦乡琼库勒村", "塔里木乡英库勒村"])
    start = dt.date(2023, rng.choice([1, 2, 3]), rng.randint(1, 20))
    reason = (f"本人于{start.year}年{start.month}月至2024年{rng.choice([1, 2])}月参加自治区“访惠聚”驻村工作，"
              f"驻{village}，驻村期间无法参加继续教育集中学习。根据自治区有关规定，申请免除2023、2024年度继续教育学习。")
    top = app["education"][-1]
    rec = ce_exemption.CeExemptionRecord(
        person.name, person.gender, person.birth_date, person.id_number, top["level"],
        "学士" if any(p.doc_type == "degree_certificate" for p in plan.pages) else "", app["employer"],
        dt.date.fromisoformat(app["work_start_date"]), app["qualification"], reason, "尉犁县人力资源和社会保障局",
        dt.date(2024, 10, rng.randint(8, 11)), dt.date(2024, 10, rng.randint(12, 13)), approved=approved)
    page = PagePlan("ce_exemption", "ce_exemption", "none", rec, ce_exemption.render, _fields_ce_exemption,
                    first.section, "继续教育免试审批表.jpg", capture=first.capture, dpi=first.dpi,
                    flags={"seal": approved, "signature": True})
    index = plan.pages.index(first)
    plan.pages = [p for p in plan.pages if not p.key.startswith("ce_")]
    plan.pages.insert(index, page)
