"""Continuing education: hours per year and kind, or an approved exemption form (附件5)."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.facts import CeCertificateFacts
from extractors.models import DocType, PageFacts
from validators.context import RuleContext, page_evidence, text_key, unplaced_instead_of_missing, where
from validators.models import Finding, FindingCode, Material


def _kind(ctx: RuleContext, page: PageFacts) -> str | None:
    value = ctx.value(page, "kind")
    if value is None:
        return None
    key = text_key(value)
    return next((k for k in ctx.policy.continuing_education.hours if text_key(k) in key), None)


def _year(ctx: RuleContext, page: PageFacts) -> int | None:
    read = ctx.facts_of(page, CeCertificateFacts).year
    return read.value if read is not None else None


def exemption(ctx: RuleContext) -> Iterator[Finding]:
    """Where the applicant declares an exemption, require the form with an approving seal."""
    if ctx.application is None or not ctx.application.ce_exempt:
        return
    forms = ctx.pages(DocType.CE_EXEMPTION)
    if not forms:
        if ctx.pages(DocType.CE_CERTIFICATE):
            yield ctx.finding(
                FindingCode.CE_EXEMPTION_UNAPPROVED,
                Material.CONTINUING_EDUCATION,
                "填报为继续教育免试，但未上传继续教育免试审批表：请上传经审核盖章的免试审批表（附件5）。",
                declared="免试",
            )
        return
    if not any(p.flags.get("seal", False) for p in forms):
        yield ctx.finding(
            FindingCode.CE_EXEMPTION_UNAPPROVED,
            Material.CONTINUING_EDUCATION,
            f"继续教育免试审批表（{where(forms[0])}）未见审核意见公章：请上传经审核部门盖章的免试审批表。",
            evidence=tuple(page_evidence(p) for p in forms),
        )


def hours(ctx: RuleContext) -> Iterator[Finding]:
    """Sum certificate hours per year and kind and compare them with the policy.

    What could not be read is never counted as absent: a certificate whose year or kind is unread turns a
    missing year/kind into a reviewer's warning (``CE_CERT_MISSING:unreadable``) instead of "not uploaded",
    and a certificate whose hours are unread turns a shortfall into ``CE_HOURS_SHORT:unreadable`` instead
    of counting it as 0 hours.
    """
    if ctx.application is not None and ctx.application.ce_exempt:
        return
    certs = ctx.pages(DocType.CE_CERTIFICATE)
    if not certs:
        return
    rule = ctx.policy.continuing_education
    totals: dict[tuple[int, str], float] = {}
    pages: dict[tuple[int, str], list[PageFacts]] = {}
    unread_hours: dict[tuple[int, str], list[PageFacts]] = {}
    unplaced: list[PageFacts] = []
    for page in certs:
        year, kind = _year(ctx, page), _kind(ctx, page)
        if year is None or kind is None:
            unplaced.append(page)
            continue
        read = ctx.number(page, "hours")
        if read is None:
            unread_hours.setdefault((year, kind), []).append(page)
        totals[(year, kind)] = totals.get((year, kind), 0.0) + (read or 0.0)
        pages.setdefault((year, kind), []).append(page)
    for year in rule.years:
        for kind, needed in rule.hours.items():
            key = (year, kind)
            if key not in totals and unplaced:
                yield unplaced_instead_of_missing(
                    ctx, FindingCode.CE_CERT_MISSING, Material.CONTINUING_EDUCATION,
                    f"{year}年度{kind}科目继续教育合格证书（不少于{needed:g}课时）", "年度或科目", unplaced,
                    f"{year} {kind} ≥{needed:g}",
                )
            elif key not in totals:
                yield ctx.finding(
                    FindingCode.CE_CERT_MISSING,
                    Material.CONTINUING_EDUCATION,
                    f"未找到{year}年度{kind}科目继续教育合格证书：请上传{year}年度{kind}科目合格证书（不少于{needed:g}课时）。",
                    declared=f"{year} {kind} ≥{needed:g}",
                )
            elif totals[key] < needed and key in unread_hours:
                unread = "、".join(where(p) for p in unread_hours[key])
                yield ctx.finding(
                    FindingCode.CE_HOURS_SHORT,
                    Material.CONTINUING_EDUCATION,
                    f"{year}年度{kind}科目合格证书（{unread}）上的学时未能识别："
                    f"请审核人员人工核对学时是否达到{needed:g}课时。",
                    evidence=tuple(page_evidence(p) for p in unread_hours[key]),
                    declared=f"{needed:g}",
                    variant="unreadable",
                )
            elif totals[key] < needed:
                yield ctx.finding(
                    FindingCode.CE_HOURS_SHORT,
                    Material.CONTINUING_EDUCATION,
                    f"{year}年度{kind}科目学时为{totals[key]:g}课时，少于要求的{needed:g}课时：请补足学时后上传合格证书。",
                    evidence=tuple(ctx.evidence(p, "hours")[0] for p in pages[key]),
                    declared=f"{needed:g}",
                    found=f"{totals[key]:g}",
                )
