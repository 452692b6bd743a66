"""Eligibility (一、申报范围及条件 and 二、专业范围): education level, catalogue row, years of experience.

Years run from the later of graduation and the declared start of work to the policy's cutoff date.
"""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.identity_utils import add_years
from validators.models import Finding, FindingCode, Material


def education_level(ctx: RuleContext) -> Iterator[Finding]:
    """Check that the highest declared education is a level the notice admits."""
    if ctx.application is None:
        return
    level = ctx.application.highest_education.level
    known = ctx.policy.level(level)
    listed = "、".join(name for name, rule in ctx.policy.levels.items() if rule.listed)
    if known is None:
        yield ctx.finding(
            FindingCode.EDUCATION_LEVEL_NOT_ELIGIBLE,
            Material.EDUCATION,
            f"填报的学历“{level}”不在通知规定的申报范围内（{listed}）：不符合初定初级职称的申报条件。",
            declared=level,
        )
    elif not known[1].listed:
        yield ctx.finding(
            FindingCode.EDUCATION_LEVEL_NOT_ELIGIBLE,
            Material.EDUCATION,
            f"填报的最高学历为{level}，通知的申报条件只列出{listed}毕业生：是否按初定初级职称受理，由审核人员确认。",
            declared=level,
            variant="not_listed",
        )


def catalogue_row(ctx: RuleContext) -> Iterator[Finding]:
    """Check that the declared series, specialty and qualification are one row of the notice's table."""
    app = ctx.application
    if app is None:
        return
    row = ctx.policy.catalogue.find(app.series, app.specialty, app.qualification)
    if row is None:
        yield ctx.finding(
            FindingCode.SERIES_NOT_IN_CATALOG,
            Material.APPLICATION,
            f"填报的“{app.series}—{app.specialty}—{app.qualification}”不在通知“二、专业范围”的初定系列、专业和资格"
            f"范围内：请对照通知的专业范围表更正申报系列、专业或资格名称。",
            declared=f"{app.series}/{app.specialty}/{app.qualification}",
        )


def experience(ctx: RuleContext) -> Iterator[Finding]:
    """Check the years of professional work since graduation against the level's requirement."""
    app = ctx.application
    if app is None:
        return
    top = app.highest_education
    known = ctx.policy.level(top.level)
    if known is None:
        return
    level, rule = known
    start = max(top.graduation_date, app.work_start_date)
    cutoff = ctx.policy.dates.experience_cutoff
    due = add_years(start, rule.years)
    shortfall = (due - cutoff).days
    if shortfall <= 0:
        return
    declared = f"{start.isoformat()}起至{cutoff.isoformat()}"
    if shortfall <= ctx.policy.experience.borderline_days:
        yield ctx.finding(
            FindingCode.EXPERIENCE_BORDERLINE,
            Material.APPLICATION,
            f"自{start.isoformat()}（毕业与参加工作时间中较晚者）起至{cutoff.isoformat()}，从事专业技术工作差{shortfall}天"
            f"满{rule.years}年（{level}要求）：请审核人员核实参加工作时间。",
            declared=declared,
            found=f"差{shortfall}天",
        )
        return
    yield ctx.finding(
        FindingCode.EXPERIENCE_TOO_SHORT,
        Material.APPLICATION,
        f"{level}毕业须从事专业技术工作满{rule.years}年；自{start.isoformat()}（毕业与参加工作时间中较晚者）起至"
        f"{cutoff.isoformat()}不满{rule.years}年（{due.isoformat()}方满）：不符合本年度申报条件。",
        declared=declared,
        found=due.isoformat(),
    )
