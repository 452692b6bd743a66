"""Identity: the ID number, birth date, gender and card validity agree across card, report and declaration.

The ID number is checked with ``stdnum.cn.ric`` (GB 11643 check digit, real birth date); a region code it
does not know for the birth year (兵团 and newer regions) is only a doubt (SPEC section 8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from extractors.facts import LONG_TERM, IdCardFacts
from extractors.id_number import IdProblem, parse_id_number
from extractors.models import DocType, PageFacts, Side
from extractors.text import edit_distance
from validators.context import RuleContext, where
from validators.identity_utils import add_years, age_on
from validators.models import Finding, FindingCode, Material

PROBLEM_ZH = {
    IdProblem.FORMAT: "位数或字符不正确",
    IdProblem.CHECKSUM: "校验位不正确",
    IdProblem.BIRTH_DATE: "出生日期不存在",
    IdProblem.PROVINCE: "前两位不是有效的省级行政区代码",
    IdProblem.REGION: "地区码在出生年份尚未设立或无法核实",
}


def _invalid_message(what: str, problem: IdProblem, action: str) -> str:
    if problem == IdProblem.REGION:  # 兵团 and newer counties: a doubt for the reviewer, not the applicant's fault
        return f"{what}{PROBLEM_ZH[problem]}（兵团或新设县市的号码可能如此）：请审核人员核对。"
    return f"{what}{PROBLEM_ZH[problem]}：{action}"


def _reference_number(ctx: RuleContext) -> str | None:
    """The number the other documents are compared with: the declared one if valid, else the card's."""
    if ctx.application is not None:
        info = parse_id_number(ctx.application.id_number)
        if info.problem in (None, IdProblem.REGION):
            return info.number
    for page in ctx.pages(DocType.ID_CARD, Side.PORTRAIT):
        read = ctx.facts_of(page, IdCardFacts).id_number
        if read is not None and read.value.info.problem in (None, IdProblem.REGION):
            return read.value
    return None


def id_numbers(ctx: RuleContext) -> Iterator[Finding]:
    """Check the declared and the printed ID numbers and compare them."""
    declared = parse_id_number(ctx.application.id_number) if ctx.application else None
    if declared is not None and declared.problem is not None:
        yield ctx.finding(
            FindingCode.ID_NUMBER_INVALID,
            Material.APPLICATION,
            _invalid_message("网上填报的身份证号码", declared.problem, "请核对并更正填报的身份证号码。"),
            declared=declared.number,
            variant="region" if declared.problem == IdProblem.REGION else None,
        )
    noise = ctx.policy.names.noise_max_confidence
    for page in ctx.pages(DocType.ID_CARD, Side.PORTRAIT):
        field = ctx.facts_of(page, IdCardFacts).id_number
        if field is None:
            continue
        card = field.value.info
        conf = field.confidence if field.confidence is not None else field.evidence.confidence
        low_conf = conf is not None and conf < noise
        ev = (field.evidence,)
        near = declared is not None and edit_distance(card.number, declared.number) == 1
        if declared is not None and card.number != declared.number and near and low_conf:
            yield ctx.finding(
                FindingCode.ID_NUMBER_MISMATCH,
                Material.ID_CARD,
                f"身份证（{where(page)}）上识别的号码与填报号码相差一位，可能为识别误差：请审核人员核对。",
                evidence=ev,
                declared=declared.number,
                found=card.number,
                variant="ocr_noise",
            )
            continue
        if card.problem is not None:
            yield ctx.finding(
                FindingCode.ID_NUMBER_INVALID,
                Material.ID_CARD,
                _invalid_message(
                    f"身份证（{where(page)}）上的号码", card.problem, "请上传本人有效身份证的清晰扫描件。"
                ),
                evidence=ev,
                found=card.number,
                variant="region" if card.problem == IdProblem.REGION else None,
            )
            if card.problem != IdProblem.REGION:
                continue
        if declared is not None and card.number != declared.number:
            yield ctx.finding(
                FindingCode.ID_NUMBER_MISMATCH,
                Material.ID_CARD,
                f"身份证（{where(page)}）上的号码与网上填报的身份证号码不一致：请核对填报信息或上传本人身份证。",
                evidence=ev,
                declared=declared.number,
                found=card.number,
            )


def _compare_pages(ctx: RuleContext) -> list[PageFacts]:
    return ctx.pages(DocType.ID_CARD, Side.PORTRAIT) + ctx.pages(DocType.CHSI_REPORT) + ctx.pages(DocType.DIPLOMA)


def birth_and_gender(ctx: RuleContext) -> Iterator[Finding]:
    """Compare birth date and gender of the number, the card, the reports and the declaration."""
    number = _reference_number(ctx)
    info = parse_id_number(number) if number else None
    birth = info.birth_date if info else None
    gender = info.gender if info else None
    app = ctx.application
    if app is not None and gender is not None and app.gender != gender:
        yield ctx.finding(
            FindingCode.GENDER_MISMATCH,
            Material.APPLICATION,
            f"网上填报的性别“{app.gender}”与身份证号码显示的性别不一致：请核对并更正。",
            declared=app.gender,
            found=gender,
        )
    expected_gender = gender or (app.gender if app else None)
    for page in _compare_pages(ctx):
        label = ctx.policy.doc_label(page.doc_type)
        read_birth = ctx.date(page, "birth_date")
        if birth is not None and read_birth is not None and read_birth != birth:
            yield ctx.finding(
                FindingCode.BIRTHDATE_MISMATCH,
                ctx.policy.material_of(page.doc_type),
                f"{label}（{where(page)}）上的出生日期与身份证号码不一致：请核对材料是否为本人的。",
                evidence=ctx.evidence(page, "birth_date"),
                declared=birth.isoformat(),
                found=read_birth.isoformat(),
            )
        read_gender = ctx.value(page, "gender")
        if expected_gender and read_gender in ("男", "女") and read_gender != expected_gender:
            yield ctx.finding(
                FindingCode.GENDER_MISMATCH,
                ctx.policy.material_of(page.doc_type),
                f"{label}（{where(page)}）上的性别与身份证号码或填报信息不一致：请核对材料是否为本人的。",
                evidence=ctx.evidence(page, "gender"),
                declared=expected_gender,
                found=read_gender,
            )


def card_validity(ctx: RuleContext) -> Iterator[Finding]:
    """Check the card is not expired on the reference date and its validity length fits the age rule."""
    reference = ctx.policy.dates.reference_date
    number = _reference_number(ctx)
    birth = parse_id_number(number).birth_date if number else None
    for page in ctx.pages(DocType.ID_CARD, Side.EMBLEM):
        card = ctx.facts_of(page, IdCardFacts)
        start = card.valid_from.value if card.valid_from else None
        until_read = card.valid_until.value if card.valid_until else None
        until = until_read if isinstance(until_read, dt.date) else None
        until_text = until_read.isoformat() if isinstance(until_read, dt.date) else until_read
        if until is not None and until < reference:
            yield ctx.finding(
                FindingCode.ID_CARD_EXPIRED,
                Material.ID_CARD,
                f"身份证（{where(page)}）有效期至{until.isoformat()}，已过期：请换领新身份证后上传新证正反面。",
                evidence=ctx.evidence(page, "valid_until"),
                declared=reference.isoformat(),
                found=until.isoformat(),
            )
        if start is None or birth is None or until_text is None or (until is None and until_text != LONG_TERM):
            continue
        expected = _expected_years(ctx, age_on(birth, start))
        if expected is None:
            actual_ok = until_text == LONG_TERM
        else:
            actual_ok = until is not None and _spans(start, until, expected)
        if not actual_ok:
            length = "长期" if expected is None else f"{expected}年"
            yield ctx.finding(
                FindingCode.ID_CARD_VALIDITY_INCONSISTENT,
                Material.ID_CARD,
                f"身份证（{where(page)}）有效期限（{start.isoformat()}至{until_text}）与签发时持证人年龄应有的有效期"
                f"（{length}）不符：请审核人员核对证件真伪或识别结果。",
                evidence=ctx.evidence(page, "valid_until", "valid_from"),
                declared=length,
                found=f"{start.isoformat()}—{until_text}",
            )


def _expected_years(ctx: RuleContext, age: int) -> int | None:
    for band in ctx.policy.id_card.validity_by_age:
        if band.max_age is None or age <= band.max_age:
            return band.years
    return None


def _spans(start: dt.date, until: dt.date, years: int) -> bool:
    return abs((until - add_years(start, years)).days) <= 1
