"""Annual appraisal: a form, both sides, for each year the education level requires, with a passing grade."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.facts import AppraisalFormFacts
from extractors.models import DocType, PageFacts, Side
from validators.context import RuleContext, text_key, unplaced_instead_of_missing, where
from validators.models import Finding, FindingCode, Material


def _year(ctx: RuleContext, page: PageFacts) -> int | None:
    read = ctx.facts_of(page, AppraisalFormFacts).year
    return read.value if read is not None else None


def required_years(ctx: RuleContext) -> tuple[int, ...]:
    """The appraisal years the declared highest education requires (none when unknown)."""
    if ctx.application is None:
        return ()
    known = ctx.policy.level(ctx.application.highest_education.level)
    return known[1].appraisal_years if known else ()


def appraisal_forms(ctx: RuleContext) -> Iterator[Finding]:
    """Check forms per required year, both sides, and the grade on each.

    A side whose year is unread completes a year that has only the other side; one left over after that
    turns a missing year into a reviewer's warning (``APPRAISAL_YEAR_MISSING:unreadable``): unread is not
    absent.
    """
    pages = ctx.pages(DocType.APPRAISAL_FORM)
    if not pages:
        return  # the whole material is missing: completeness says so
    fronts: dict[int, PageFacts] = {}
    backs: dict[int, PageFacts] = {}
    loose_fronts: list[PageFacts] = []
    loose_backs: list[PageFacts] = []
    for page in pages:
        year = _year(ctx, page)
        sides, loose = (backs, loose_backs) if page.side == Side.BACK else (fronts, loose_fronts)
        if year is None:
            loose.append(page)
        else:
            sides.setdefault(year, page)
    years = required_years(ctx)
    for year in years:
        if year not in backs and year in fronts and loose_backs:
            backs[year] = loose_backs.pop(0)
        if year not in fronts and year in backs and loose_fronts:
            fronts[year] = loose_fronts.pop(0)
    unplaced = loose_fronts + loose_backs
    for year in years:
        if year not in fronts and year not in backs and unplaced:
            yield unplaced_instead_of_missing(
                ctx, FindingCode.APPRAISAL_YEAR_MISSING, Material.APPRAISAL, f"{year}年度考核登记表", "考核年度",
                unplaced, str(year),
            )
        elif year not in fronts and year not in backs:
            yield ctx.finding(
                FindingCode.APPRAISAL_YEAR_MISSING,
                Material.APPRAISAL,
                f"未找到{year}年度考核登记表：请上传{year}年度考核登记表（正、反面）。",
                declared=str(year),
            )
        elif year not in fronts or year not in backs:
            side = "正面" if year not in fronts else "反面"
            present = backs.get(year) or fronts[year]
            yield ctx.finding(
                FindingCode.APPRAISAL_SIDE_MISSING,
                Material.APPRAISAL,
                f"{year}年度考核登记表缺少{side}：请上传该表{side}的清晰扫描件。",
                evidence=ctx.evidence(present, "year"),
                declared=str(year),
            )
    passing = {text_key(g) for g in ctx.policy.appraisal.passing_grades}
    for year, page in sorted(backs.items()):
        grade = ctx.field(page, "grade")
        if grade is None:
            yield ctx.finding(
                FindingCode.APPRAISAL_GRADE_FAILED,
                Material.APPRAISAL,
                f"{year}年度考核登记表（{where(page)}）上的考核等次无法识别：请审核人员核对，或重新上传清晰的反面。",
                evidence=ctx.evidence(page, "grade"),
                variant="unreadable",
            )
        elif text_key(grade.value) not in passing:
            yield ctx.finding(
                FindingCode.APPRAISAL_GRADE_FAILED,
                Material.APPRAISAL,
                f"{year}年度考核等次为“{grade.value}”，通知要求经考核合格（{'、'.join(ctx.policy.appraisal.passing_grades)}）："
                f"不符合申报条件。",
                evidence=(grade.evidence,),
                declared="、".join(ctx.policy.appraisal.passing_grades),
                found=grade.value,
            )
