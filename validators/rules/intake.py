"""Findings about the upload itself: unreadable files, the declaration, page legibility, sections, duplicates.

These do not compare content; they say whether the content could be read and was put where the notice asks.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.models import DocType, Evidence
from validators.context import RuleContext, page_evidence, where
from validators.models import Finding, FindingCode, Material

QUALITY_ZH = {
    FindingCode.IMAGE_BLURRY: "图像模糊，文字无法清晰辨认",
    FindingCode.IMAGE_LOW_RESOLUTION: "图像分辨率过低",
    FindingCode.IMAGE_TOO_DARK: "图像过暗",
    FindingCode.IMAGE_OVEREXPOSED: "图像过亮（曝光过度）",
    FindingCode.IMAGE_GLARE: "图像有反光，遮挡了文字",
    FindingCode.DOCUMENT_CROPPED: "材料边缘被裁切，内容不完整",
    FindingCode.BLANK_PAGE: "该页为空白页",
    FindingCode.PAGE_ROTATED: "该页方向不正，已自动旋转",
    FindingCode.ID_CARD_COPY: "疑似复印件或翻拍屏幕，不是证件原件",
}


def _code(kind: str) -> FindingCode:
    try:
        return FindingCode(kind)
    except ValueError:
        return FindingCode.PIPELINE_ERROR


def file_problems(ctx: RuleContext) -> Iterator[Finding]:
    """Turn ingest problems (unreadable, refused files) into findings."""
    for problem in ctx.facts.problems:
        code = _code(problem.code)
        message = problem.message_zh.strip() or f"文件“{problem.file}”无法读取：请重新上传清晰、完整的文件。"
        yield ctx.finding(code, Material.OTHER, message, evidence=(Evidence(file=problem.file, page=1),))


def application_invalid(ctx: RuleContext) -> Iterator[Finding]:
    """Flag a missing or malformed declaration (application.json)."""
    if ctx.application is not None:
        return
    detail = ctx.application_error or ctx.facts.application_problem or "未找到网上填报信息"
    yield ctx.finding(
        FindingCode.APPLICATION_INVALID,
        Material.APPLICATION,
        f"网上填报信息缺失或格式不正确（{detail}）：请在平台上完整填写申报信息后重新提交。",
    )


def page_quality(ctx: RuleContext) -> Iterator[Finding]:
    """Turn each page's legibility issues into findings; illegible required material is an error."""
    for page in ctx.facts.pages:
        material = ctx.policy.material_of(page.doc_type)
        optional = material == Material.OTHER or ctx.required(material) is False
        for issue in page.quality_issues:
            code = _code(issue.kind)
            what = QUALITY_ZH.get(code, issue.detail)
            label = ctx.policy.doc_label(page.doc_type)
            if code == FindingCode.ID_CARD_COPY:
                message = f"{label}（{where(page)}）{what}：请上传身份证原件的清晰扫描件或照片。"
            elif code == FindingCode.PAGE_ROTATED:
                message = f"{label}（{where(page)}）方向不正，系统已自动旋转：今后请按正确方向扫描上传。"
            else:
                message = f"{label}（{where(page)}）{what}：请重新扫描或拍摄清晰、完整的{label}后上传。"
            yield ctx.finding(
                code,
                material,
                message,
                evidence=(Evidence(file=page.ref.file, page=page.ref.page, bbox=issue.bbox, text=issue.detail),),
                variant="optional" if optional else None,
            )


def unrecognized_pages(ctx: RuleContext) -> Iterator[Finding]:
    """Flag pages the classifier could not place as any document of the notice."""
    for page in ctx.pages(DocType.OTHER):
        if page.quality_issues and any(i.kind == FindingCode.BLANK_PAGE for i in page.quality_issues):
            continue
        yield ctx.finding(
            FindingCode.UNRECOGNIZED_PAGE,
            Material.OTHER,
            f"{where(page)}未能识别为通知要求的任何材料：请确认上传的是正确的材料，审核人员将人工查看。",
            evidence=(page_evidence(page),),
        )


def wrong_section(ctx: RuleContext) -> Iterator[Finding]:
    """Flag a page uploaded under a platform column other than its material's (错传)."""
    for page in ctx.facts.pages:
        section = page.ref.section
        if section is None or page.doc_type == DocType.OTHER:
            continue
        rule = ctx.policy.material_rule(ctx.policy.material_of(page.doc_type))
        if rule is None or not rule.sections or section in rule.sections:
            continue
        label = ctx.policy.doc_label(page.doc_type)
        wanted = "或".join(f"“{s.value}”" for s in rule.sections)
        yield ctx.finding(
            FindingCode.WRONG_SECTION,
            rule.material,
            f"{label}（{where(page)}）上传在“{section.value}”栏目，应上传至{wanted}栏目：错传视为未上传，请重新上传到正确栏目。",
            evidence=(page_evidence(page),),
            found=section.value,
            declared="、".join(s.value for s in rule.sections),
        )


def duplicate_uploads(ctx: RuleContext) -> Iterator[Finding]:
    """Flag the same page uploaded twice under different files."""
    seen: dict[str, tuple[str, int]] = {}
    for page in ctx.facts.pages:
        key = page.content_hash
        first = seen.get(key)
        if first is None:
            seen[key] = (page.ref.file, page.ref.page)
            continue
        if first[0] == page.ref.file:
            continue
        label = ctx.policy.doc_label(page.doc_type)
        yield ctx.finding(
            FindingCode.DUPLICATE_UPLOAD,
            ctx.policy.material_of(page.doc_type),
            f"{label}（{where(page)}）与文件“{first[0]}”第{first[1]}页重复上传：请删除重复文件，并确认没有漏传其他材料。",
            evidence=(page_evidence(page), Evidence(file=first[0], page=first[1])),
        )
