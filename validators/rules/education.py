"""Education: a diploma and a 学信网 report for each declared education, agreeing with each other and the form.

Also the report's QR code (official host, ``vcode`` equal to the printed code), its validity, and full-time
ordinary education for the highest education (the one the declaration rests on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from extractors.models import DocType, Evidence, FieldName, PageFacts
from validators.context import (
    DATE_FIELDS,
    RuleContext,
    agreement,
    obscured,
    page_evidence,
    same_value,
    school_fits,
    text_key,
    where,
)
from validators.models import Education, Finding, FindingCode, Material

FIELD_ZH = {"school": "毕业学校", "major": "专业", "level": "学历层次", "graduation_date": "毕业日期"}


@dataclass(frozen=True)
class EntryDocs:
    """One declared education with the diploma and report found for it."""

    entry: Education | None
    diploma: PageFacts | None
    report: PageFacts | None


def _cert(ctx: RuleContext, page: PageFacts) -> str | None:
    value = ctx.value(page, "certificate_no")
    return text_key(value) if value else None


def _pick(ctx: RuleContext, pages: list[PageFacts], entry: Education, single: bool) -> PageFacts | None:
    if entry.certificate_no:
        want = text_key(entry.certificate_no)
        found = next((p for p in pages if _cert(ctx, p) == want), None)
        if found is not None:
            return found
    for page in pages:
        level = ctx.value(page, "level")
        known = ctx.policy.level(level) if level else None
        if known is not None and known[0] == (ctx.policy.level(entry.level) or (entry.level,))[0]:
            return page
    return pages[0] if single and len(pages) == 1 else None


def entry_docs(ctx: RuleContext) -> list[EntryDocs]:
    """Pair each declared education with its diploma and 学信网 report (by certificate number, then level)."""
    diplomas = ctx.pages(DocType.DIPLOMA)
    reports = ctx.pages(DocType.CHSI_REPORT) + ctx.pages(DocType.STUDENT_RECORD)
    if ctx.application is None:
        return [EntryDocs(None, d, reports[i] if i < len(reports) else None) for i, d in enumerate(diplomas)]
    entries = ctx.application.education
    single = len(entries) == 1
    return [EntryDocs(e, _pick(ctx, diplomas, e, single), _pick(ctx, reports, e, single)) for e in entries]


def presence(ctx: RuleContext) -> Iterator[Finding]:
    """Flag a declared education without its diploma, or without its 学信网 report (学籍档案 if unavailable)."""
    types = (DocType.DIPLOMA, DocType.CHSI_REPORT, DocType.STUDENT_RECORD, DocType.DEGREE_CERTIFICATE)
    if ctx.application is None or not any(ctx.pages(t) for t in types):
        return
    unavailable = ctx.application.chsi_unavailable
    for docs in entry_docs(ctx):
        assert docs.entry is not None
        what = f"{docs.entry.level}（{docs.entry.school}）"
        if docs.diploma is None:
            yield ctx.finding(
                FindingCode.MATERIAL_MISSING,
                Material.EDUCATION,
                f"未找到{what}的毕业证书：请上传该学历毕业证书的清晰扫描件。",
                declared=docs.entry.level,
            )
        if docs.report is None:
            wanted = "学籍档案等印证资料" if unavailable else "有效期内带二维码的学信网《教育部学历证书电子注册备案表》"
            yield ctx.finding(
                FindingCode.CHSI_REPORT_MISSING,
                Material.EDUCATION,
                f"未找到{what}的{wanted}：请上传{wanted}。",
                declared=docs.entry.level,
            )


def _expected(ctx: RuleContext, docs: EntryDocs) -> dict[FieldName, str]:
    if docs.entry is not None:
        values: dict[FieldName, str] = {
            "school": docs.entry.school,
            "major": docs.entry.major,
            "level": docs.entry.level,
            "graduation_date": docs.entry.graduation_date.isoformat(),
        }
        if docs.entry.certificate_no:
            values["certificate_no"] = docs.entry.certificate_no
        return values
    if docs.diploma is None:
        return {}
    names: tuple[FieldName, ...] = ("school", "major", "level", "graduation_date", "certificate_no")
    return {n: v for n in names if (v := ctx.value(docs.diploma, n))}


def is_code(name: str) -> bool:
    """Fields compared character by character (certificate numbers): OCR noise there is one character at most."""
    return name == "certificate_no"


def field_agreement(ctx: RuleContext) -> Iterator[Finding]:
    """Compare diploma and report fields with the declaration (or the report with the diploma).

    Each document is compared on its own: a confident read that differs is a finding even when the other
    document agrees with the declaration (a diploma of 新疆大学 beside a report of 新疆师范大学 is exactly what a
    reviewer must see). A near read that OCR was unsure of (e.g. under the school's seal) is a warning that asks
    the reviewer to check the crop by eye, unless it is a school that the recogniser itself scores as the declared
    one (:func:`validators.context.school_fits`).
    """
    source = "网上填报的学历信息" if ctx.application else "毕业证书"
    for docs in entry_docs(ctx):
        expected = _expected(ctx, docs)
        pages = [p for p in (docs.diploma, docs.report) if p is not None]
        if docs.entry is None:
            pages = [p for p in pages if p is not docs.diploma]
        for page in pages:
            label = ctx.policy.doc_label(page.doc_type)
            for name, want in expected.items():
                field = ctx.field(page, name)
                if field is None:
                    continue
                if same_value(ctx, name, field.value, want):
                    continue
                # a date read as a date is that date or another one (unless clipped by glare or the cut edge); a
                # text may be a near read to check by eye
                verdict: str | None
                if name in DATE_FIELDS:
                    verdict = "ocr_noise" if obscured(page, field) else "mismatch"
                else:
                    verdict = agreement(ctx, field, want, code=is_code(name), page=page)
                if verdict is None or (name == "school" and school_fits(ctx, page, field, want)):
                    continue  # the same, or an unsure read under the seal that the recogniser scores as the school
                is_cert = is_code(name)
                code = FindingCode.DIPLOMA_CERT_NO_MISMATCH if is_cert else FindingCode.EDUCATION_MISMATCH
                what = "证书编号" if is_cert else FIELD_ZH[name]
                if verdict == "ocr_noise":
                    message = (
                        f"{label}（{where(page)}）上的{what}识别为“{field.value}”，识别把握不足，与{source}“{want}”"
                        f"是否一致无法确认：请审核人员对照原件核对。"
                    )
                else:
                    message = (
                        f"{label}（{where(page)}）上的{what}“{field.value}”与{source}“{want}”不一致：请核对填报信息，"
                        f"或上传与填报学历一致的证书和备案表。"
                    )
                yield ctx.finding(
                    code,
                    Material.EDUCATION,
                    message,
                    evidence=(field.evidence,),
                    declared=want,
                    found=field.value,
                    variant="ocr_noise" if verdict == "ocr_noise" else None,
                )


def _qr_url(ctx: RuleContext, page: PageFacts) -> tuple[str | None, tuple[Evidence, ...]]:
    url = ctx.value(page, "qr_url")
    if url:
        return url, ctx.evidence(page, "qr_url")
    for code in page.qr:
        return code.payload, (page_evidence(page, code.payload).model_copy(update={"bbox": code.bbox}),)
    return None, ()


def chsi_reports(ctx: RuleContext) -> Iterator[Finding]:
    """Check each 学信网 report's QR code, verification code and validity."""
    rule = ctx.policy.chsi
    for page in ctx.pages(DocType.CHSI_REPORT):
        url, ev = _qr_url(ctx, page)
        vcode = ctx.value(page, "qr_vcode")
        if url is None:
            yield ctx.finding(
                FindingCode.CHSI_QR_UNREADABLE,
                Material.EDUCATION,
                f"学信网备案表（{where(page)}）上的二维码无法识别：请重新下载最新的带二维码备案表，完整清晰地上传。",
                evidence=(page_evidence(page),),
            )
        else:
            parts = urlsplit(url.strip())
            vcodes = parse_qs(parts.query).get(rule.vcode_param, [])
            vcode = vcode or (vcodes[0] if vcodes else None)
            if parts.scheme not in rule.qr_schemes or parts.hostname not in rule.qr_hosts or not vcodes:
                yield ctx.finding(
                    FindingCode.CHSI_QR_NOT_OFFICIAL,
                    Material.EDUCATION,
                    f"学信网备案表（{where(page)}）的二维码不指向学信网官方验证地址：请从学信网（www.chsi.com.cn）"
                    f"重新下载备案表后上传。",
                    evidence=ev,
                    found=url,
                )
        printed = ctx.field(page, "verification_code")
        if printed is not None:
            code = text_key(printed.value)
            if not any(re.fullmatch(p, code) for p in rule.code_patterns):
                yield ctx.finding(
                    FindingCode.CHSI_CODE_FORMAT,
                    Material.EDUCATION,
                    f"学信网备案表（{where(page)}）上的在线验证码“{printed.value}”格式不正确：请上传学信网下载的原始备案表。",
                    evidence=(printed.evidence,),
                    found=printed.value,
                )
            elif vcode and text_key(vcode) != code:
                yield ctx.finding(
                    FindingCode.CHSI_CODE_MISMATCH,
                    Material.EDUCATION,
                    f"学信网备案表（{where(page)}）上印制的在线验证码与二维码中的验证码不一致：请上传学信网下载的原始备案表。",
                    evidence=(printed.evidence,),
                    declared=vcode,
                    found=printed.value,
                )
        until = ctx.date(page, "valid_until")
        if until is not None and until < ctx.policy.dates.reference_date:
            yield ctx.finding(
                FindingCode.CHSI_EXPIRED,
                Material.EDUCATION,
                f"学信网备案表（{where(page)}）在线验证有效期至{until.isoformat()}，已过期：请在学信网延长有效期或重新"
                f"申请后，上传最新的备案表。",
                evidence=ctx.evidence(page, "valid_until"),
                declared=ctx.policy.dates.reference_date.isoformat(),
                found=until.isoformat(),
            )


def _not_ordinary(ctx: RuleContext, text: str) -> bool:
    key = text_key(text)
    return any(text_key(marker) in key for marker in ctx.policy.full_time.not_ordinary_markers)


def full_time(ctx: RuleContext) -> Iterator[Finding]:
    """Require full-time ordinary education for the highest declared education."""
    app = ctx.application
    docs_list = entry_docs(ctx)
    if app is not None:
        top = app.highest_education
        if not top.full_time:
            yield ctx.finding(
                FindingCode.NOT_FULL_TIME,
                Material.EDUCATION,
                f"网上填报的最高学历（{top.level}，{top.school}）不是全日制：通知规定申报人须为全日制普通大、中专院校毕业生。",
                declared="非全日制",
            )
        docs_list = [d for d in docs_list if d.entry is top]
    for docs in docs_list:
        for page in (docs.diploma, docs.report):
            if page is None:
                continue
            for name in ("study_mode", "education_type"):
                field = ctx.field(page, name)
                if field is None or not _not_ordinary(ctx, field.value):
                    continue
                yield ctx.finding(
                    FindingCode.NOT_FULL_TIME,
                    Material.EDUCATION,
                    f"{ctx.policy.doc_label(page.doc_type)}（{where(page)}）显示学习形式/学历类别为“{field.value}”，"
                    f"不是全日制普通教育：通知规定申报人须为全日制普通大、中专院校毕业生。",
                    evidence=(field.evidence,),
                    declared="全日制",
                    found=field.value,
                )
