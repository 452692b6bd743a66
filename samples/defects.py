"""Planted defects: what each one changes in a clean plan and which finding codes it must produce.

One defect per dossier. A few entries plant no defect at all but a clean variant the generator would not
draw by itself (``rotated_page``, ``clean_ce_exempt``, ``clean_zhongzhuan_enterprise``): their codes are empty.
``SEVERITY`` is read from the shipped 2024 policy file (``validators.policy.load_policy``), the authority on
severities (SPEC section 4/6): the expected verdict of a sample follows from it, including the policy's
severity variants a defect names (e.g. ``EDUCATION_LEVEL_NOT_ELIGIBLE:not_listed``). If the policy changes,
regenerate the committed set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from samples import people
from samples.build import make_ce_exempt
from samples.plan import DossierPlan, PagePlan
from samples.render import unrelated
from samples.render.photo import PhotoRecord
from validators.models import FindingCode
from validators.policy import Policy, load_policy


@lru_cache(maxsize=1)
def policy() -> Policy:
    """The shipped 2024 policy, whose severities decide the expected verdicts."""
    return load_policy()


SEVERITY: dict[str, str] = {code.value: sev.value for code, sev in policy().severities.items()}
"""Severity of every finding code under the shipped policy (read from the policy file)."""

TOLERATED = {"PAGE_ROTATED", "EXPERIENCE_BORDERLINE"}
ILLEGIBLE_COLLATERAL = ("UNRECOGNIZED_PAGE", "MATERIAL_MISSING")


@dataclass(frozen=True)
class Defect:
    """One planted defect.

    Attributes:
        name: Value of ``DossierTruth.defect``.
        codes: Finding codes that must appear.
        description: What the defect does, in one English line.
        apply: Edits a clean plan in place.
        allowed: Codes that may appear as a consequence (neither required nor forbidden).
        levels: Education levels the defect applies to (None: any).
        employer_types: Employer types the defect applies to (None: any).
        variants: Policy severity variant of a required code (``CODE:variant`` in the policy file).
    """

    name: str
    codes: tuple[str, ...]
    description: str
    apply: Callable[[DossierPlan, random.Random], None]
    allowed: tuple[str, ...] = ()
    levels: tuple[str, ...] | None = None
    employer_types: tuple[str, ...] | None = None
    variants: Mapping[str, str] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """The verdict the codes imply under the policy's severities."""
        return verdict_of(self.codes, self.variants)


def severity_of(code: str, variant: str | None = None) -> str:
    """Severity of ``code`` (and of its policy ``variant``, when given) under the shipped policy."""
    return policy().severity(FindingCode(code), variant).value


def verdict_of(codes: tuple[str, ...] | list[str], variants: Mapping[str, str] | None = None) -> str:
    """INELIGIBLE > RETURN > REVIEW > PASS, by the policy severities of ``codes`` (and their ``variants``)."""
    sev = {severity_of(c, (variants or {}).get(c)) for c in codes}
    if "ineligible" in sev:
        return "INELIGIBLE"
    if "error" in sev:
        return "RETURN"
    return "REVIEW" if "warning" in sev else "PASS"


def must_not(defect: Defect | None) -> list[str]:
    """Every code minus the required, allowed and tolerated ones."""
    skip = set(TOLERATED)
    if defect:
        skip |= set(defect.codes) | set(defect.allowed)
    return sorted(c.value for c in FindingCode if c.value not in skip)


# ---- the edits ----------------------------------------------------------------------------------------


def _replace(plan: DossierPlan, prefix: str, **changes: object) -> None:
    for p in plan.pages_like(prefix):
        p.record = dataclasses.replace(p.record, **changes)


def _degrade(key: str, name: str, capture: str | None = None) -> Callable[[DossierPlan, random.Random], None]:
    def apply(plan: DossierPlan, rng: random.Random) -> None:
        page = plan.page(key)
        page.degradations.append(name)
        if capture:
            page.capture = capture
    return apply


def _drop(*keys: str) -> Callable[[DossierPlan, random.Random], None]:
    def apply(plan: DossierPlan, rng: random.Random) -> None:
        for k in keys:
            plan.drop(k)
    return apply


def _bad_check_digit(plan: DossierPlan, rng: random.Random) -> None:
    good = plan.person.id_number
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    _replace(plan, "id_", id_number=bad)
    plan.application["id_number"] = bad


def _other_number(plan: DossierPlan, rng: random.Random) -> None:
    good = plan.person.id_number
    while (other := people.make_id_number(good[:6], plan.person.birth_date, plan.person.gender, rng)) == good:
        pass
    plan.application["id_number"] = other


def _expired(plan: DossierPlan, rng: random.Random) -> None:
    b = plan.person.birth_date
    start = dt.date(2014, rng.randint(1, 9), rng.randint(1, 28))
    if people.age_on(b, start) > 25:  # keep the 10-year rule consistent with the holder's age
        start = dt.date(b.year + 20, start.month, start.day)
    # Under 16 at issue the card is a 5-year one (seen: a 10-year card at 14 also raised the validity warning).
    years = people.validity_years(people.age_on(b, start)) or 10
    _replace(plan, "id_", valid_from=start, valid_until=people.add_years(start, years))


def _validity_inconsistent(plan: DossierPlan, rng: random.Random) -> None:
    b = plan.person.birth_date
    start = dt.date(b.year + 19, rng.randint(1, 12), rng.randint(1, 28))
    _replace(plan, "id_", valid_from=start, valid_until=people.add_years(start, 20))


def _name(plan: DossierPlan, rng: random.Random) -> None:
    swaps = {"丽": "莉", "伟": "玮", "敏": "民", "静": "晶", "娜": "那", "军": "君", "明": "铭", "杰": "洁",
             "古": "姑", "提": "堤", "尔": "儿", "力": "立", "买": "麦"}
    name = plan.person.name
    for i in range(len(name) - 1, -1, -1):
        if name[i] in swaps:
            plan.application["name"] = name[:i] + swaps[name[i]] + name[i + 1 :]
            return
    plan.application["name"] = name[:-1] + "芳"


def _gender(plan: DossierPlan, rng: random.Random) -> None:
    plan.application["gender"] = "女" if plan.person.gender == "男" else "男"


def _birthdate(plan: DossierPlan, rng: random.Random) -> None:
    b = plan.person.birth_date
    other = b.replace(year=b.year - 1) if b.month != 2 or b.day != 29 else b - dt.timedelta(days=365)
    _replace(plan, "diploma", birth_date=other)
    _replace(plan, "chsi", birth_date=other)


def _photo_invalid(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("photo")
    page.record = PhotoRecord(gender=plan.person.gender, background="red")
    page.degradations.append("landscape_snapshot")


def _rotate(plan: DossierPlan, rng: random.Random) -> None:
    plan.page("diploma").rotation = 90
    plan.page("id_emblem").rotation = 180
    plan.page("pledge").rotation = 270


def _photocopy(plan: DossierPlan, rng: random.Random) -> None:
    for k in ("id_portrait", "id_emblem"):
        plan.page(k).capture = "photocopy"


def _screen_recapture(plan: DossierPlan, rng: random.Random) -> None:
    """Both sides photographed from a screen (``samples.capture.screen_recapture``).

    Both, not the 人像面 alone: an applicant without the card at hand shows the pictures of it they have on a
    monitor or phone, one after the other, as ``id_photocopy`` copies both sides. Each side is a page the
    calibration (``bench/quality_samples.py``) measures, so both also double the recaptures it tunes on.
    """
    for k in ("id_portrait", "id_emblem"):
        plan.page(k).capture = "screen"


def _chsi_code(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("chsi")
    old = page.record.verification_code
    new = old[:9] + ("7" if old[9] != "7" else "3") + old[10:]
    page.record = dataclasses.replace(page.record, verification_code=new)


def _chsi_host(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("chsi")
    url = page.record.qr_url.replace("https://www.chsi.com.cn/", "https://www.chsi-xlcx.cn/")
    page.record = dataclasses.replace(page.record, qr_url=url)


def _chsi_expired(plan: DossierPlan, rng: random.Random) -> None:
    upd = dt.date(2024, 3, rng.randint(1, 28))
    _replace(plan, "chsi", updated_on=upd, valid_until=upd + dt.timedelta(days=180))


def _cert_no(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("diploma")
    no = page.record.certificate_no
    _replace(plan, "diploma", certificate_no=no[:-4] + f"{(int(no[-4:]) + 137) % 10000:04d}")


def _education_mismatch(plan: DossierPlan, rng: random.Random) -> None:
    school = plan.application["education"][0]["school"]
    others = [s[0] for s in people.SCHOOLS if plan.level in s[2] and s[0] != school]
    plan.application["education"][0]["school"] = rng.choice(others)


def _not_full_time(plan: DossierPlan, rng: random.Random) -> None:
    no = plan.application["education"][0]["certificate_no"]
    no = no[:5] + "5" + no[6:]
    plan.application["education"][0].update(full_time=False, certificate_no=no)
    _replace(plan, "diploma", study_mode="函授", certificate_no=no)
    _replace(plan, "chsi", study_mode="函授", education_type="成人高等教育", certificate_no=no)


def _experience_short(plan: DossierPlan, rng: random.Random) -> None:
    grad = dt.date(2024, 6, 30)
    work = dt.date(2024, 7, 15)
    edu = plan.application["education"][0]
    no = edu["certificate_no"]
    no = no[:6] + "2024" + no[10:]
    edu.update(graduation_date=grad.isoformat(), certificate_no=no)
    plan.application["work_start_date"] = work.isoformat()
    _replace(plan, "diploma", graduation_date=grad, enroll_date=dt.date(2020, 9, 1), certificate_no=no)
    _replace(plan, "chsi", graduation_date=grad, enroll_date=dt.date(2020, 9, 1), certificate_no=no)
    _replace(plan, "internship", start=work, end=work + dt.timedelta(days=364))
    for p in plan.pages_like("appraisal_"):
        plan.drop(p.key)


def _appraisal_failed(plan: DossierPlan, rng: random.Random) -> None:
    _replace(plan, "appraisal_2023", grade="不合格")


def _ce_short(plan: DossierPlan, rng: random.Random) -> None:
    _replace(plan, "ce_2024_专业", hours=36)


def _publicity_short(plan: DossierPlan, rng: random.Random) -> None:
    start = dt.date(2024, 10, 9)
    end = dt.date(2024, 10, 11)
    _replace(plan, "publicity", period_start=start, period_end=end, days=3, notice_date=dt.date(2024, 10, 8),
             result_date=dt.date(2024, 10, 12))
    _replace(plan, "unit_recommendation", period_start=start, period_end=end, days=3)


def _objection(plan: DossierPlan, rng: random.Random) -> None:
    _replace(plan, "publicity_result", objection=True)


def _seal_missing(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("unit_recommendation")
    page.record = dataclasses.replace(page.record, sealed=False)
    page.flags["seal"] = False


def _recommendation_mismatch(plan: DossierPlan, rng: random.Random) -> None:
    other = "工程系列" if plan.application["series"] != "工程系列" else "农业系列"
    _replace(plan, "unit_recommendation", recommend_series=other)


def _unsigned(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("pledge")
    page.record = dataclasses.replace(page.record, signed=False, fingerprint=False)
    page.flags.update(signature=False, fingerprint=False)


def _pledge_text(plan: DossierPlan, rng: random.Random) -> None:
    _replace(plan, "pledge", sentence="本人保证所填写的个人信息属实，如有不实之处，愿意承担相应责任。")


def _wrong_section(plan: DossierPlan, rng: random.Random) -> None:
    plan.page("diploma").section = "继续教育"


def _duplicate(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("ce_2023_公需")
    page.duplicate_as = page.path.replace(".jpg", "(1).jpg")


def _series(plan: DossierPlan, rng: random.Random) -> None:
    plan.application.update(series="卫生系列", specialty="护理专业", qualification="护师")
    _replace(plan, "publicity", series="卫生系列", specialty="护理专业")
    _replace(plan, "unit_recommendation", series="卫生系列", specialty="护理专业")


def _submission_limit(plan: DossierPlan, rng: random.Random) -> None:
    plan.application["submission_no"] = 4


def _outside_window(plan: DossierPlan, rng: random.Random) -> None:
    plan.application["submitted_at"] = "2024-10-24T09:12:00+08:00"


def _application_invalid(plan: DossierPlan, rng: random.Random) -> None:
    app = dict(plan.application)
    app.pop("employer_type")
    app["education"] = f"{plan.level} {app['education'][0]['school']}"
    app["work_start_date"] = "2019年8月"
    plan.application_text = json.dumps(app, ensure_ascii=False, indent=2)


def _truncate(plan: DossierPlan, rng: random.Random) -> None:
    plan.page("pledge").broken = True


def _blank(plan: DossierPlan, rng: random.Random) -> None:
    plan.page("internship_summary").blank = True


def _no_si(plan: DossierPlan, rng: random.Random) -> None:
    plan.drop("social_insurance")


def _nothing(plan: DossierPlan, rng: random.Random) -> None:
    """A clean variant chosen by the defect's levels / employer types only."""


def _qr_damaged(plan: DossierPlan, rng: random.Random) -> None:
    _replace(plan, "chsi", qr_damaged=True)
    plan.page("chsi").degradations.append("qr_damaged")


def _code_format(plan: DossierPlan, rng: random.Random) -> None:
    page = plan.page("chsi")
    code = page.record.verification_code
    cut = rng.randrange(16)
    wrong = code[:cut] + code[cut + 1 :] if rng.random() < 0.5 else code[:cut] + rng.choice("ABCDEFGH2345") + code[cut:]
    _replace(plan, "chsi", verification_code=wrong)


def _ce_exempt(approved: bool) -> Callable[[DossierPlan, random.Random], None]:
    def apply(plan: DossierPlan, rng: random.Random) -> None:
        make_ce_exempt(plan, rng, approved=approved)
    return apply


def _stray_page(plan: DossierPlan, rng: random.Random) -> None:
    kind = rng.choice(["receipt", "snapshot"])
    when = dt.datetime(2024, 10, rng.randint(1, 11), rng.randint(8, 21), rng.randint(0, 59), rng.randint(0, 59))
    rec = unrelated.UnrelatedRecord(kind, rng.choice(unrelated.SHOPS), when)
    anchor = plan.page("publicity_notice")
    plan.pages.append(PagePlan(
        "stray", "other", "none", rec, unrelated.render, lambda r: {}, anchor.section, f"IMG_{when:%Y%m%d_%H%M%S}.jpg",
        capture="phone", dpi=200 if kind == "receipt" else 72, raw=kind == "snapshot"))


ILL = ILLEGIBLE_COLLATERAL
_LIST = [
    # identity
    Defect("id_side_missing", ("ID_CARD_SIDE_MISSING",), "ID card 国徽面 not uploaded", _drop("id_emblem")),
    Defect("id_number_invalid", ("ID_NUMBER_INVALID",), "ID number with a wrong check digit (card and form)",
           _bad_check_digit),
    Defect("id_number_mismatch", ("ID_NUMBER_MISMATCH",), "declared ID number differs from the card", _other_number),
    Defect("id_expired", ("ID_CARD_EXPIRED",), "ID card expired before 2024-10-22 (issued 2014, 5 or 10 years by age)",
           _expired),
    Defect("id_validity_inconsistent", ("ID_CARD_VALIDITY_INCONSISTENT",),
           "20-year validity on a card issued at age 19 (rule says 10)", _validity_inconsistent),
    Defect("name_mismatch", ("NAME_MISMATCH",), "declared name differs by one homophone character", _name),
    Defect("gender_mismatch", ("GENDER_MISMATCH",), "declared gender differs from the ID card", _gender),
    Defect("birthdate_mismatch", ("BIRTHDATE_MISMATCH",), "diploma and 学信网 give a birth date one year off",
           _birthdate, allowed=("EDUCATION_MISMATCH",)),
    Defect("id_photocopy", ("ID_CARD_COPY",), "both ID sides are grayscale photocopies", _photocopy),
    Defect("photo_invalid", ("PHOTO_INVALID",), "1-inch photo replaced by a landscape snapshot", _photo_invalid),
    Defect("photo_missing", ("MATERIAL_MISSING",), "no 1-inch photo uploaded", _drop("photo")),
    # legibility
    Defect("blurry_page", ("IMAGE_BLURRY",), "diploma photographed out of focus", _degrade("diploma", "blur"),
           allowed=(*ILL, "CHSI_REPORT_MISSING")),
    Defect("low_resolution", ("IMAGE_LOW_RESOLUTION",), "publicity result scanned at about 60 dpi",
           _degrade("publicity_result", "low_resolution"), allowed=ILL),
    Defect("too_dark", ("IMAGE_TOO_DARK",), "appraisal form front photographed in the dark",
           _degrade("appraisal_2023_front", "too_dark"),
           allowed=(*ILL, "APPRAISAL_SIDE_MISSING", "APPRAISAL_YEAR_MISSING")),
    Defect("overexposed", ("IMAGE_OVEREXPOSED",), "internship report washed out by the flash",
           _degrade("internship_report", "overexposed"), allowed=(*ILL, "INTERNSHIP_MISSING")),
    Defect("glare", ("IMAGE_GLARE",), "glare spot over the name and birth date of the ID card",
           _degrade("id_portrait", "glare"), allowed=(*ILL, "ID_CARD_SIDE_MISSING")),
    Defect("cropped_id", ("DOCUMENT_CROPPED",), "ID card 人像面 cut off at the right edge of the frame",
           _degrade("id_portrait", "crop"), allowed=(*ILL, "ID_CARD_SIDE_MISSING", "PHOTO_INVALID")),
    Defect("blank_page", ("BLANK_PAGE",), "见习期工作小结 file is an empty scanned sheet", _blank,
           allowed=(*ILL, "INTERNSHIP_MISSING")),
    Defect("unreadable_file", ("UNREADABLE_FILE",), "pledge JPEG truncated mid-file", _truncate,
           allowed=("MATERIAL_MISSING", "PLEDGE_SIGNATURE_MISSING", "PLEDGE_TEXT_MISMATCH")),
    Defect("rotated_page", (), "pages uploaded turned 90/180/270 degrees: must be read, no error", _rotate),
    # 学信网 / education
    Defect("chsi_missing", ("CHSI_REPORT_MISSING",), "no 学信网 备案表 uploaded", _drop("chsi"),
           allowed=("MATERIAL_MISSING",), levels=("本科", "大专")),
    Defect("chsi_code_mismatch", ("CHSI_CODE_MISMATCH",), "printed 在线验证码 differs from the QR vcode", _chsi_code,
           levels=("本科", "大专")),
    Defect("chsi_not_official", ("CHSI_QR_NOT_OFFICIAL",), "QR code points to www.chsi-xlcx.cn", _chsi_host,
           levels=("本科", "大专")),
    Defect("chsi_qr_unreadable", ("CHSI_QR_UNREADABLE",), "QR code of the 备案表 smudged and scuffed: no decoder reads "
           "it, the rest of the page is legible", _qr_damaged, levels=("本科", "大专")),
    Defect("chsi_code_format", ("CHSI_CODE_FORMAT",), "printed 在线验证码 has 15 or 17 characters", _code_format,
           levels=("本科", "大专")),
    Defect("chsi_expired", ("CHSI_EXPIRED",), "备案表 validity ended before 2024-10-22", _chsi_expired,
           levels=("本科", "大专")),
    Defect("cert_no_mismatch", ("DIPLOMA_CERT_NO_MISMATCH",), "diploma number differs from 学信网 and the form",
           _cert_no, levels=("本科", "大专")),
    Defect("education_mismatch", ("EDUCATION_MISMATCH",), "declared school differs from diploma and 学信网",
           _education_mismatch, levels=("本科", "大专")),
    Defect("not_full_time", ("NOT_FULL_TIME",), "成人高等教育 函授 diploma", _not_full_time, levels=("本科", "大专")),
    Defect("education_level_unlisted", ("EDUCATION_LEVEL_NOT_ELIGIBLE",),
           "declares 硕士, a level the notice does not name: a warning for the reviewer (policy not_listed)", _nothing,
           levels=("硕士",), variants={"EDUCATION_LEVEL_NOT_ELIGIBLE": "not_listed"}),
    # eligibility and process
    Defect("experience_short", ("EXPERIENCE_TOO_SHORT",), "本科 graduated 2024-06-30, not one year by 2024-12-31",
           _experience_short, allowed=("APPRAISAL_YEAR_MISSING", "APPRAISAL_SIDE_MISSING", "MATERIAL_MISSING"),
           levels=("本科",)),
    Defect("series_not_in_catalog", ("SERIES_NOT_IN_CATALOG",), "declares 卫生系列 护师 (以考代评, not in the table)",
           _series),
    Defect("submission_limit", ("SUBMISSION_LIMIT_EXCEEDED",), "fourth submission", _submission_limit),
    Defect("outside_window", ("SUBMITTED_OUTSIDE_WINDOW",), "submitted 2024-10-24, after the window", _outside_window),
    Defect("application_invalid", ("APPLICATION_INVALID",), "application.json lacks employer_type, wrong types",
           _application_invalid, allowed=("MATERIAL_MISSING", "SOCIAL_INSURANCE_MISSING", "EDUCATION_MISMATCH",
                                          "EDUCATION_LEVEL_NOT_ELIGIBLE", "EXPERIENCE_TOO_SHORT")),
    Defect("wrong_section", ("WRONG_SECTION",), "diploma uploaded under 继续教育", _wrong_section,
           allowed=("MATERIAL_MISSING",)),
    Defect("duplicate_upload", ("DUPLICATE_UPLOAD",), "the same CE certificate uploaded twice", _duplicate),
    Defect("unrecognized_page", ("UNRECOGNIZED_PAGE",), "a shop receipt or a street snapshot uploaded under 其他附件",
           # an optional page: its quality codes are warnings; a receipt photographed may run off the frame
           _stray_page, allowed=("IMAGE_GLARE", "IMAGE_OVEREXPOSED", "IMAGE_BLURRY", "DOCUMENT_CROPPED")),
    # appraisal
    Defect("appraisal_year_missing", ("APPRAISAL_YEAR_MISSING",), "2022 appraisal form missing",
           _drop("appraisal_2022_front", "appraisal_2022_back"), allowed=("MATERIAL_MISSING",),
           levels=("大专", "中专")),
    Defect("appraisal_back_missing", ("APPRAISAL_SIDE_MISSING",), "2023 appraisal form without its back page",
           _drop("appraisal_2023_back"), allowed=("MATERIAL_MISSING",)),
    Defect("appraisal_failed", ("APPRAISAL_GRADE_FAILED",), "2023 appraisal grade 不合格", _appraisal_failed),
    # continuing education
    Defect("ce_hours_short", ("CE_HOURS_SHORT",), "2024 专业科目 certificate shows 36 hours", _ce_short),
    Defect("ce_cert_missing", ("CE_CERT_MISSING",), "2023 公需科目 certificate missing", _drop("ce_2023_公需"),
           allowed=("CE_HOURS_SHORT", "MATERIAL_MISSING")),
    Defect("ce_exemption_unapproved", ("CE_EXEMPTION_UNAPPROVED",), "ce_exempt declared; 附件5 免除继续教育学习申请表 "
           "uploaded without the approving seal, no CE certificates", _ce_exempt(False)),
    Defect("clean_ce_exempt", (), "clean: ce_exempt declared, 附件5 with the approving seal, no CE certificates",
           _ce_exempt(True)),
    # unit documents
    Defect("internship_missing", ("INTERNSHIP_MISSING",), "见习期工作小结 not uploaded", _drop("internship_summary"),
           allowed=("MATERIAL_MISSING",)),
    Defect("publicity_short", ("PUBLICITY_TOO_SHORT",), "publicity 2024-10-09..10-11: 3 working days",
           _publicity_short),
    Defect("publicity_objection", ("PUBLICITY_OBJECTION",), "publicity result reports an objection", _objection),
    Defect("seal_missing", ("SEAL_MISSING",), "单位推荐意见 without the unit's seal", _seal_missing),
    Defect("recommendation_mismatch", ("RECOMMENDATION_MISMATCH",), "推荐意见 names another series",
           _recommendation_mismatch),
    Defect("social_insurance_missing", ("SOCIAL_INSURANCE_MISSING",), "企业 applicant without 社保缴费清单", _no_si,
           allowed=("MATERIAL_MISSING",), employer_types=("企业",)),
    # pledge
    Defect("pledge_unsigned", ("PLEDGE_SIGNATURE_MISSING",), "pledge without signature and fingerprint", _unsigned),
    Defect("pledge_text_wrong", ("PLEDGE_TEXT_MISMATCH",), "pledge sentence is not the notice's wording",
           _pledge_text),
]
_LIST.append(Defect("clean_zhongzhuan_enterprise", (),
                    "clean 中专 企业 dossier (学籍档案, 社保清单, three appraisal years)", _nothing,
                    levels=("中专",), employer_types=("企业",)))
# Appended last: generated sets draw each dossier's defect from its index in this list. The recapture stays
# legible (it must be read, then flagged), so like ``id_photocopy`` it allows no collateral code.
_LIST.append(Defect("id_screen_recapture", ("ID_CARD_COPY",),
                    "人像面 and 国徽面 photographed from a phone or monitor screen (subpixel moire, backlight tone)",
                    _screen_recapture))
DEFECTS: dict[str, Defect] = {d.name: d for d in _LIST}
