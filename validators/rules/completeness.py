"""Completeness: every material the notice requires of this applicant is there, with all its parts.

Only presence and the simplest fitness (sides, photo shape, non-trivial reports, social-insurance months);
the content of each material is compared by its own rule module.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.models import DocType, Side
from validators.context import RuleContext, page_evidence, where
from validators.models import Finding, FindingCode, Material


def materials_present(ctx: RuleContext) -> Iterator[Finding]:
    """Flag each required material of which no page was found."""
    for rule in ctx.policy.materials:
        if not ctx.required(rule.material):
            continue
        if any(ctx.pages(doc_type) for doc_type in rule.doc_types):
            continue
        if rule.material == Material.CONTINUING_EDUCATION and ctx.application and ctx.application.ce_exempt:
            what = ctx.policy.doc_label(DocType.CE_EXEMPTION)
        else:
            what = rule.label
        yield ctx.finding(
            rule.missing_code,
            rule.material,
            f"未上传{what}：请按通知{rule.notice_ref}的要求上传{what}的清晰扫描件。",
        )


def id_card_sides(ctx: RuleContext) -> Iterator[Finding]:
    """Flag an ID card of which only one side was uploaded."""
    if not ctx.pages(DocType.ID_CARD):
        return
    for side, name in ((Side.PORTRAIT, "人像面（正面）"), (Side.EMBLEM, "国徽面（反面）")):
        if not ctx.pages(DocType.ID_CARD, side):
            yield ctx.finding(
                FindingCode.ID_CARD_SIDE_MISSING,
                Material.ID_CARD,
                f"身份证{name}缺失：请上传身份证{name}的清晰扫描件。",
                evidence=tuple(page_evidence(p) for p in ctx.pages(DocType.ID_CARD)),
            )


def photo_fitness(ctx: RuleContext) -> Iterator[Finding]:
    """Check the 1-inch photo: one face, portrait 1-inch proportions, plain background."""
    rule = ctx.policy.photo
    for page in ctx.pages(DocType.PHOTO):
        faces = ctx.number(page, "face_count")
        if faces is None and "face" in page.flags:
            faces = 1.0 if page.flags["face"] else 0.0
        aspect = ctx.number(page, "aspect")
        background = ctx.number(page, "background_uniformity")
        ev = (page_evidence(page),)
        if faces is not None and faces != 1:
            yield ctx.finding(
                FindingCode.PHOTO_INVALID,
                Material.PHOTO,
                f"一寸免冠照片（{where(page)}）中检测到{int(faces)}张人脸：请上传本人单人近期一寸免冠照片。",
                evidence=ev,
                found=str(int(faces)),
            )
        if aspect is not None and not rule.aspect_min <= aspect <= rule.aspect_max:
            yield ctx.finding(
                FindingCode.PHOTO_INVALID,
                Material.PHOTO,
                f"照片（{where(page)}）比例不符合一寸照片（宽25毫米×高35毫米）：请上传竖版一寸免冠证件照。",
                evidence=ev,
                found=f"{aspect:.2f}",
            )
        if background is not None and background < rule.min_background_uniformity:
            yield ctx.finding(
                FindingCode.PHOTO_INVALID,
                Material.PHOTO,
                f"照片（{where(page)}）背景不是纯色：请上传纯色背景的一寸免冠证件照。",
                evidence=ev,
                found=f"{background:.2f}",
                variant="background",
            )


def social_insurance_coverage(ctx: RuleContext) -> Iterator[Finding]:
    """Check that a company employee's social-insurance list covers the last year."""
    if not ctx.required(Material.SOCIAL_INSURANCE):
        return
    pages = ctx.pages(DocType.SOCIAL_INSURANCE)
    months = [m for p in pages if (m := ctx.number(p, "months")) is not None]
    if pages and months and max(months) < ctx.policy.social_insurance.min_months:
        best = max(pages, key=lambda p: ctx.number(p, "months") or 0)
        yield ctx.finding(
            FindingCode.SOCIAL_INSURANCE_MISSING,
            Material.SOCIAL_INSURANCE,
            f"社保缴费清单（{where(best)}）只覆盖{int(max(months))}个月：请上传近"
            f"{ctx.policy.social_insurance.min_months}个月的社保缴费清单。",
            evidence=ctx.evidence(best, "months"),
            declared=str(ctx.policy.social_insurance.min_months),
            found=str(int(max(months))),
        )


def internship_substance(ctx: RuleContext) -> Iterator[Finding]:
    """Flag an internship report or summary that is too short to say anything."""
    minimum = ctx.policy.internship.min_body_chars
    for doc_type, material in (
        (DocType.INTERNSHIP_REPORT, Material.INTERNSHIP_REPORT),
        (DocType.INTERNSHIP_SUMMARY, Material.INTERNSHIP_SUMMARY),
    ):
        pages = ctx.pages(doc_type)
        counts = [c for p in pages if (c := ctx.number(p, "body_chars")) is not None]
        if pages and counts and sum(counts) < minimum:
            label = ctx.policy.doc_label(doc_type)
            yield ctx.finding(
                FindingCode.INTERNSHIP_MISSING,
                material,
                f"{label}（{where(pages[0])}）内容过少（约{int(sum(counts))}字）：请如实反映见习期间的工作态度、"
                f"业务能力、工作业绩、学术水平等情况后重新上传。",
                evidence=ctx.evidence(pages[0], "body_chars"),
                found=str(int(sum(counts))),
            )


def unit_documents_present(ctx: RuleContext) -> Iterator[Finding]:
    """Flag each of 附件1/2/3 that is missing when the others are there."""
    docs = (DocType.PUBLICITY_NOTICE, DocType.PUBLICITY_RESULT, DocType.UNIT_RECOMMENDATION)
    if not any(ctx.pages(d) for d in docs):
        return  # materials_present already says the whole material is missing
    for number, doc_type in enumerate(docs, start=1):
        if not ctx.pages(doc_type):
            label = ctx.policy.doc_label(doc_type)
            yield ctx.finding(
                FindingCode.MATERIAL_MISSING,
                Material.UNIT_DOCUMENTS,
                f"未上传《{label}》（附件{number}）：请由推荐单位出具并加盖公章后上传至“其他附件”栏目。",
            )
