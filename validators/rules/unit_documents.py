"""The unit's documents (附件1–3): publicity period in working days, no objection, series and level, seals."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.models import DocType, FieldName, PageFacts
from validators.context import RuleContext, agreement, page_evidence, same_value, text_key, where
from validators.models import Finding, FindingCode, Material
from validators.workdays import CalendarUnknown, working_days

UNIT_DOCS = (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT, DocType.UNIT_RECOMMENDATION)


def publicity_period(ctx: RuleContext) -> Iterator[Finding]:
    """Count the publicity period's working days (调休 and regional festival days included)."""
    pages = ctx.pages(DocType.PUBLICITY_NOTICE) + ctx.pages(DocType.PUBLICITY_RESULT)
    if not pages:
        return
    minimum = ctx.policy.publicity.min_working_days
    periods: list[tuple[PageFacts, int]] = []
    for page in pages:
        start, end = ctx.date(page, "period_start"), ctx.date(page, "period_end")
        if start is None or end is None:
            continue
        if end < start:
            yield ctx.finding(
                FindingCode.PUBLICITY_DATES_UNREADABLE,
                Material.UNIT_DOCUMENTS,
                f"{ctx.policy.doc_label(page.doc_type)}（{where(page)}）上的公示结束日期早于开始日期：请核对公示时间。",
                evidence=ctx.evidence(page, "period_start"),
                found=f"{start.isoformat()}—{end.isoformat()}",
            )
            continue
        try:
            periods.append((page, working_days(start, end, ctx.policy.regional_calendar)))
        except CalendarUnknown as exc:
            yield ctx.finding(
                FindingCode.PUBLICITY_DATES_UNREADABLE,
                Material.UNIT_DOCUMENTS,
                f"公示期（{start.isoformat()}至{end.isoformat()}）含{exc.day.year}年的日期，系统没有该年的节假日安排，"
                f"无法计算工作日：请审核人员人工核对公示期是否不少于{minimum}个工作日。",
                evidence=ctx.evidence(page, "period_start", "period_end"),
                found=f"{start.isoformat()}—{end.isoformat()}",
                variant="calendar",
            )
            return
    if not periods:
        yield ctx.finding(
            FindingCode.PUBLICITY_DATES_UNREADABLE,
            Material.UNIT_DOCUMENTS,
            f"未能从推荐单位公示或公示结果中读出公示起止日期：请确认公示时间清晰完整（公示期不少于{minimum}个工作日）。",
            evidence=tuple(page_evidence(p) for p in pages),
        )
        return
    page, days = min(periods, key=lambda item: item[1])
    if days < minimum:
        start_text, end_text = ctx.value(page, "period_start"), ctx.value(page, "period_end")
        yield ctx.finding(
            FindingCode.PUBLICITY_TOO_SHORT,
            Material.UNIT_DOCUMENTS,
            f"公示期{start_text}至{end_text}只有{days}个工作日，少于通知要求的{minimum}个工作日：请推荐单位重新公示"
            f"满{minimum}个工作日后，上传新的公示和公示结果。",
            evidence=ctx.evidence(page, "period_start", "period_end"),
            declared=str(minimum),
            found=str(days),
        )


def objection(ctx: RuleContext) -> Iterator[Finding]:
    """Check the publicity result states no objection."""
    for page in ctx.pages(DocType.PUBLICITY_RESULT):
        field = ctx.field(page, "objection")
        if field is None:
            yield ctx.finding(
                FindingCode.PUBLICITY_OBJECTION,
                Material.UNIT_DOCUMENTS,
                f"推荐单位公示结果（{where(page)}）未能读出公示是否有异议：请审核人员核对。",
                evidence=(page_evidence(page),),
                variant="unreadable",
            )
        elif "有异议" in text_key(field.value) or "无异议" not in text_key(field.value):
            yield ctx.finding(
                FindingCode.PUBLICITY_OBJECTION,
                Material.UNIT_DOCUMENTS,
                f"推荐单位公示结果（{where(page)}）显示公示有异议：公示无异议方可推荐，请与推荐单位核实处理。",
                evidence=(field.evidence,),
                declared="无异议",
                found=field.value,
            )


def _level_ok(ctx: RuleContext, value: str) -> bool:
    expected = text_key(ctx.policy.publicity.expected_level)
    return text_key(value) == expected or text_key(value).startswith(expected[:1])


def series_and_level(ctx: RuleContext) -> Iterator[Finding]:
    """Check that the unit documents name the declared series, specialty and level."""
    app = ctx.application
    if app is None:
        return
    for doc_type in UNIT_DOCS:
        label = ctx.policy.doc_label(doc_type)
        for page in ctx.pages(doc_type):
            declared: tuple[tuple[FieldName, str], ...] = (("series", app.series), ("specialty", app.specialty))
            for name, want in declared:
                field = ctx.field(page, name)
                if field is None or same_value(ctx, name, field.value, want):
                    continue
                verdict = agreement(ctx, field, want, page=page)
                what = "系列" if name == "series" else "专业"
                yield ctx.finding(
                    FindingCode.RECOMMENDATION_MISMATCH,
                    Material.UNIT_DOCUMENTS,
                    f"{label}（{where(page)}）上的申报{what}“{field.value}”与网上填报的“{want}”不一致：请推荐单位更正后"
                    f"重新出具并上传。",
                    evidence=(field.evidence,),
                    declared=want,
                    found=field.value,
                    variant="ocr_noise" if verdict == "ocr_noise" else None,
                )
            level = ctx.field(page, "title_level")
            if level is not None and not _level_ok(ctx, level.value):
                want_level = ctx.policy.publicity.expected_level
                yield ctx.finding(
                    FindingCode.RECOMMENDATION_MISMATCH,
                    Material.UNIT_DOCUMENTS,
                    f"{label}（{where(page)}）上的申报级别“{level.value}”不是{want_level}：请推荐单位按{want_level}职称"
                    f"重新出具并上传。",
                    evidence=(level.evidence,),
                    declared=want_level,
                    found=level.value,
                )


def seals(ctx: RuleContext) -> Iterator[Finding]:
    """Require the unit's red seal on each of the three documents."""
    for number, doc_type in enumerate(UNIT_DOCS, start=1):
        pages = ctx.pages(doc_type)
        if pages and not any(p.flags.get("seal", False) for p in pages):
            label = ctx.policy.doc_label(doc_type)
            yield ctx.finding(
                FindingCode.SEAL_MISSING,
                Material.UNIT_DOCUMENTS,
                f"《{label}》（附件{number}，{where(pages[-1])}）未见单位公章：请加盖推荐单位公章后重新上传。",
                evidence=tuple(page_evidence(p) for p in pages),
            )
