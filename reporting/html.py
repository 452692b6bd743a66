"""HTML rendering of the per-applicant report and the batch index.

Both pages are single self-contained files (inline CSS, JS and JPEG data URIs) that open offline from
disk and print on A4. Everything shown comes from :class:`~reporting.model.Report` or
:class:`~reporting.model.SummaryRow`; this module only arranges it and must not judge anything.
Names, messages and file names are untrusted: templates autoescape, and every value passes
:func:`redact` so a full ID number never reaches the page (only its masked form).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from extractors.id_number import mask_id_number
from extractors.models import BGRImage, DocType, QualityMetrics, ShownPage, Side
from reporting.crops import ImageEncoder, box_style
from reporting.model import Change, PageSummary, Report, ReportFinding, SummaryRow
from validators.check import DECLARED_FIELD_DOCUMENTS
from validators.models import MATERIAL_ZH, SEVERITY_RANK, VERDICT_ZH, ExtractedValue, Finding, MaterialState, Severity

SEVERITY_ZH = {
    Severity.INELIGIBLE: "不符合条件",
    Severity.ERROR: "须补正",
    Severity.WARNING: "需复核",
    Severity.INFO: "提示",
}
CHANGE_ZH = {Change.NEW: "新发现", Change.UNCHANGED: "未改正", Change.FIXED: "已改正", Change.FIRST: "首次"}
STATE_ZH = {
    MaterialState.OK: "齐全",
    MaterialState.MISSING: "缺少",
    MaterialState.PROBLEM: "有问题",
    MaterialState.NOT_REQUIRED: "无需提供",
}
DOC_TYPE_ZH = {
    DocType.ID_CARD: "身份证",
    DocType.PHOTO: "一寸免冠照片",
    DocType.DIPLOMA: "毕业证书",
    DocType.DEGREE_CERTIFICATE: "学位证书",
    DocType.CHSI_REPORT: "学信网备案表",
    DocType.STUDENT_RECORD: "学籍档案",
    DocType.APPRAISAL_FORM: "年度考核登记表",
    DocType.CE_CERTIFICATE: "继续教育合格证书",
    DocType.CE_EXEMPTION: "继续教育免试审批表",
    DocType.INTERNSHIP_REPORT: "见习期工作情况",
    DocType.INTERNSHIP_SUMMARY: "见习期工作小结",
    DocType.PUBLICITY_NOTICE: "推荐单位公示",
    DocType.PUBLICITY_RESULT: "公示结果",
    DocType.UNIT_RECOMMENDATION: "单位推荐意见",
    DocType.PLEDGE: "个人承诺书",
    DocType.SOCIAL_INSURANCE: "社保缴费清单",
    DocType.OTHER: "其他 / 未识别",
}
SIDE_ZH = {Side.NONE: "—", Side.PORTRAIT: "人像面", Side.EMBLEM: "国徽面", Side.FRONT: "正面", Side.BACK: "反面"}
CHANGE_HINT = {
    "new": "上次预审没有此问题",
    "unchanged": "上次预审已指出，本次仍存在",
    "fixed": "上次预审指出的问题，本次已不存在",
    "first": "首次预审，没有可比较的上次结果",
}
VERDICT_HINT = {
    "PASS": "未发现问题。材料可进入人工审核。",
    "REVIEW": "发现需要人工确认的疑点：请逐条核对下方标为“需复核”的问题及其证据。",
    "RETURN": "材料有须补正的问题：请核对下方问题后，将“退回意见”发给申报人补正。",
    "INELIGIBLE": "发现不符合申报条件的问题：请核对下方标为“不符合条件”的问题及其证据。",
}
FIELD_ZH = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "address": "住址",
    "id_number": "公民身份号码",
    "issuing_authority": "签发机关",
    "valid_from": "有效期起",
    "valid_until": "有效期至",
    "school": "毕业学校",
    "major": "专业",
    "level": "学历层次",
    "study_mode": "学习形式",
    "education_type": "学历类别",
    "graduation_date": "毕业日期",
    "certificate_no": "证书编号",
    "verification_code": "在线验证码",
    "qr_url": "二维码网址",
    "qr_vcode": "二维码验证码",
    "updated_on": "更新日期",
    "employer": "工作单位",
    "employer_type": "单位性质",
    "series": "职称系列",
    "specialty": "专业",
    "qualification": "资格名称",
    "work_start_date": "参加工作时间",
    "submission_no": "提交次数",
    "submitted_at": "提交时间",
    "full_time": "全日制",
    "ce_exempt": "继续教育免试",
    "chsi_unavailable": "无学信网备案",
    "aid_xinjiang": "援疆",
}
#: Declared items that no document carries: shown, but not flagged as unread.
FORM_ONLY = frozenset(
    {"submission_no", "submitted_at", "full_time", "ce_exempt", "chsi_unavailable", "aid_xinjiang", "employer_type"}
)
BOOL_ZH = {"true": "是", "false": "否", "True": "是", "False": "否"}
QUALITY_ZH = {
    "IMAGE_BLURRY": "模糊",
    "IMAGE_LOW_RESOLUTION": "分辨率不足",
    "IMAGE_TOO_DARK": "过暗",
    "IMAGE_OVEREXPOSED": "过曝",
    "IMAGE_GLARE": "反光",
    "DOCUMENT_CROPPED": "边缘被裁切",
    "BLANK_PAGE": "空白页",
    "PAGE_ROTATED": "方向已纠正",
    "ID_CARD_COPY": "复印件或翻拍",
}
STAGE_ZH = {
    "ingest": "读取文件",
    "quality": "图像质量",
    "orientation": "方向纠正",
    "classify": "页面分类",
    "ocr": "文字识别",
    "reread": "印章下复读",
    "fit": "签名与印章下校名核对",
    "qr": "二维码",
    "extract": "信息提取",
    "extraction": "信息提取",
    "rules": "规则核对",
    "render": "生成报告",
}
BEIJING = dt.timezone(dt.timedelta(hours=8))
# A mainland ID number: region, birth date, sequence, check character. Masked wherever it shows up.
_ID_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_SAFE_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!/)[^\\]*$")


def redact(value: object, secrets: tuple[str, ...] = ()) -> object:
    """Mask full ID numbers (the given ones, and anything shaped like one) in a value about to be shown."""
    if not isinstance(value, str) or isinstance(value, Markup) or value.startswith("data:image/"):
        return value
    for secret in secrets:
        value = value.replace(secret, mask_id_number(secret))
    return _ID_SHAPE.sub(lambda m: mask_id_number(m.group(0)), value)


def beijing_time(value: dt.datetime | None) -> str:
    """Format a timestamp in Beijing time, e.g. ``2024-10-12 10:31``."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def percent(value: float | None) -> str:
    """Format a 0..1 confidence as a percentage, or a dash."""
    return "—" if value is None else f"{100 * value:.0f}%"


def safe_link(path: str | None) -> str | None:
    """Return ``path`` if it is a plain relative link (no scheme, not absolute), else ``None``."""
    return path if path and _SAFE_LINK.match(path) else None


@pass_context
def _finalize(context: Context, value: object) -> object:
    """Applied to every ``{{ }}`` output before escaping: masks ID numbers (``id_secrets`` of the page)."""
    secrets = context.get("id_secrets", ())
    return redact(value, secrets if isinstance(secrets, tuple) else ())


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The jinja2 environment: package templates, autoescaping always on, strict undefined."""
    env = Environment(
        loader=PackageLoader("reporting", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(
        severity_zh=lambda s: SEVERITY_ZH.get(s, str(s)),
        change_zh=lambda c: CHANGE_ZH.get(c, str(c)),
        state_zh=lambda s: STATE_ZH.get(s, str(s)),
        doc_type_zh=lambda d: DOC_TYPE_ZH.get(d, str(d)),
        side_zh=lambda s: SIDE_ZH.get(s, str(s)),
        material_zh=lambda m: MATERIAL_ZH.get(m, str(m)),
        verdict_zh=lambda v: VERDICT_ZH.get(v, str(v)) if v else "—",
        field_zh=lambda k: FIELD_ZH.get(k, k),
        quality_zh=lambda k: QUALITY_ZH.get(k, k),
        stage_zh=lambda k: STAGE_ZH.get(k, k),
        beijing=beijing_time,
        percent=percent,
    )
    return env


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence of a finding, with its crop and the lightbox that shows its page."""

    file: str
    page: int
    text: str | None
    crop: str | None
    target: str | None


@dataclass(frozen=True)
class FindingView:
    """A finding as laid out in the report."""

    number: int
    finding: Finding
    change: Change
    evidence: list[EvidenceView]
    id_note: str | None = None


@dataclass
class PageView:
    """One page: its summary, thumbnail, full image and the finding regions outlined on it."""

    anchor: str
    summary: PageSummary
    thumb: str | None = None
    full: str | None = None
    boxes: list[tuple[str, int]] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


@dataclass
class ValueGroup:
    """One distinct value read from the pages, with every page it was read on.

    ``unsure``: every read of it was too unsure to stand as evidence (low OCR confidence or an illegible page);
    a differing unsure value is shown in grey, with a crop of where it was read, for a check by eye.
    """

    value: str
    differs: bool
    sources: list[ExtractedValue]
    unsure: bool = False
    crop: str | None = None


@dataclass(frozen=True)
class FieldRow:
    """A declared value beside the distinct values read from the pages."""

    key: str
    declared: str | None
    groups: list[ValueGroup]
    state: str  # same | partly | differs | unsure | unread | form_only | undeclared


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _agrees(value: ExtractedValue, declared: str) -> bool:
    """The rules' verdict on a read (``ExtractedValue.agrees``); plain text equality for reports made before it."""
    return value.agrees if value.agrees is not None else _norm(value.value) == _norm(declared)


def field_rows(report: Report) -> list[FieldRow]:
    """Declared and extracted values side by side, declared fields first, equal values grouped.

    A declared field shows only the reads from the documents where that field is the declared thing
    (``DECLARED_FIELD_DOCUMENTS``); a differing value that was only ever read unsure is ``unsure``, not a
    mismatch.
    """
    keys = list(dict.fromkeys([*report.declared, *report.extracted]))
    rows = []
    for key in keys:
        declared = report.declared.get(key)
        belongs = DECLARED_FIELD_DOCUMENTS.get(key) if declared is not None else None
        by_value: dict[str, list[ExtractedValue]] = {}
        for value in report.extracted.get(key, []):
            if belongs is None or value.doc_type in belongs:
                by_value.setdefault(value.value, []).append(value)
        groups = [
            ValueGroup(
                v,
                declared is not None and not all(_agrees(source, declared) for source in sources),
                sources,
                unsure=all(source.uncertain for source in sources),
            )
            for v, sources in by_value.items()
        ]
        confident_diff = [g for g in groups if g.differs and not g.unsure]
        if declared is None:
            state = "undeclared"
        elif not groups:
            state = "form_only" if key in FORM_ONLY else "unread"
        elif not any(g.differs for g in groups):
            state = "same"
        elif not confident_diff:
            state = "unsure"
        else:
            state = "partly" if len(confident_diff) < len(groups) else "differs"
        rows.append(FieldRow(key, BOOL_ZH.get(declared or "", declared), groups, state))
    return rows


def id_difference(finding: Finding) -> str | None:
    """For an ID-number mismatch, say which positions differ (the values themselves are masked)."""
    if not finding.code.startswith("ID_NUMBER") or not finding.declared or not finding.found:
        return None
    a, b = finding.declared.strip().upper(), finding.found.strip().upper()
    if a == b:
        return None
    if len(a) != len(b):
        return f"位数不同：申报 {len(a)} 位，识别 {len(b)} 位"
    positions = [str(i + 1) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return f"第 {'、'.join(positions)} 位不同"


def _sorted_findings(findings: list[ReportFinding]) -> list[ReportFinding]:
    return sorted(findings, key=lambda rf: -SEVERITY_RANK[rf.finding.severity])


def build_views(
    report: Report, images: Mapping[tuple[str, int], ShownPage], rows: Sequence[FieldRow] = ()
) -> tuple[list[FindingView], list[PageView]]:
    """Lay out findings and pages, encoding crops first and whole pages with the budget left.

    Differing values of ``rows`` that were read unsure get a crop too (``ValueGroup.crop``).
    """
    pages = [PageView(anchor=f"page-{i + 1}", summary=p) for i, p in enumerate(report.pages)]
    by_key = {(p.summary.file, p.summary.page): p for p in pages}
    for ev_file, ev_page in (
        (e.file, e.page) for rf in report.findings for e in rf.finding.evidence if (e.file, e.page) not in by_key
    ):
        if (ev_file, ev_page) in images:  # a page with evidence but no summary still gets a lightbox
            extra = PageView(anchor=f"page-x{len(pages) + 1}", summary=_bare_summary(ev_file, ev_page, images))
            pages.append(extra)
            by_key[(ev_file, ev_page)] = extra
    unsure = [g for row in rows for g in row.groups if g.unsure and g.differs]
    n_crops = sum(len(rf.finding.evidence) for rf in report.findings) + len(unsure)
    encoder = ImageEncoder(pages=sum(1 for p in pages if (p.summary.file, p.summary.page) in images), crops=n_crops)
    views = []
    for number, rf in enumerate(_sorted_findings(report.findings), start=1):
        evidence = []
        for ev in rf.finding.evidence:
            key = (ev.file, ev.page)
            shown = images.get(key)
            page = by_key.get(key)
            crop = encoder.crop(key, shown.image, shown.box(ev.bbox)) if shown is not None else None
            if page is not None and number not in page.findings:
                page.findings.append(number)
            if page is not None and shown is not None:
                style = box_style(ev.bbox, *shown.page_size) if ev.bbox else None
                if style and (style, number) not in page.boxes:
                    page.boxes.append((style, number))
            target = page.anchor if page is not None and shown is not None else None
            evidence.append(EvidenceView(ev.file, ev.page, ev.text, crop, target))
        views.append(FindingView(number, rf.finding, rf.change, evidence, id_difference(rf.finding)))
    for group in unsure:
        source = group.sources[0].evidence
        shown = images.get((source.file, source.page))
        if shown is not None:
            group.crop = encoder.crop((source.file, source.page), shown.image, shown.box(source.bbox))
    for page in pages:
        shown = images.get((page.summary.file, page.summary.page))
        if shown is not None:
            page.thumb = encoder.thumbnail((page.summary.file, page.summary.page), shown.image)
    for page in pages:
        shown = images.get((page.summary.file, page.summary.page))
        if shown is not None:
            page.full = encoder.page((page.summary.file, page.summary.page), shown.image)
    return views, pages


def _bare_summary(file: str, page: int, images: Mapping[tuple[str, int], ShownPage]) -> PageSummary:
    width, height = images[(file, page)].page_size
    return PageSummary(
        file=file,
        page=page,
        doc_type=DocType.OTHER,
        side=Side.NONE,
        classification_confidence=0.0,
        rotation=0,
        width=width,
        height=height,
        quality=QualityMetrics(width=width, height=height),
        ocr_engine="—",
    )


def id_secrets(report: Report) -> tuple[str, ...]:
    """The full ID numbers this report could display: declared and read from the pages."""
    values = [report.declared.get("id_number", "")]
    values += [v.value for v in report.extracted.get("id_number", [])]
    return tuple(sorted({v.strip() for v in values if len(v.strip()) > 10}, key=len, reverse=True))


def render_report_html(report: Report, images: Mapping[tuple[str, int], ShownPage | BGRImage]) -> str:
    """Render one applicant's report as a self-contained HTML page.

    Args:
        report: The structured report of the dossier.
        images: Upright page images by (file, 1-based page), for evidence crops and page views: kept pages
            (possibly shrunk) or full-size arrays.

    Returns:
        The HTML text (UTF-8 when written), with all images inline.
    """
    fields = field_rows(report)
    shown = {key: value if isinstance(value, ShownPage) else ShownPage(value) for key, value in images.items()}
    findings, pages = build_views(report, shown, fields)
    secrets = id_secrets(report)
    history = report.history
    over_limit = history.submission_no is not None and history.submission_no > history.submission_limit
    timings_total = sum(report.timings.values())
    refs: dict[str, list[int]] = {}
    for view in findings:
        refs.setdefault(view.finding.material.value, []).append(view.number)
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            r=report,
            id_secrets=secrets,
            findings=findings,
            refs=refs,
            change_hint=CHANGE_HINT,
            quality_codes=frozenset(QUALITY_ZH),
            pages=pages,
            fields=fields,
            over_limit=over_limit,
            severities=[Severity.INELIGIBLE, Severity.ERROR, Severity.WARNING, Severity.INFO],
            verdict_hint=VERDICT_HINT.get(report.verdict.value, ""),
            timings_total=timings_total,
            timing_max=max(report.timings.values(), default=0.0) or 1.0,
        )
    )


def render_index_html(rows: list[SummaryRow], title: str) -> str:
    """Render the batch overview: one row per applicant, filterable, searchable and sortable offline.

    Args:
        rows: Summary rows of the batch (ID numbers already masked).
        title: Page title, e.g. the batch name and date.

    Returns:
        The HTML text.
    """
    counts: dict[str, int] = {}
    for row in rows:
        key = row.verdict.value if row.verdict else "FAILED"
        counts[key] = counts.get(key, 0) + 1
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            title=title,
            counts=counts,
            links=[safe_link(r.report) for r in rows],
            verdicts=[(v.value, VERDICT_ZH[v]) for v in VERDICT_ZH],
            generated=beijing_time(dt.datetime.now(dt.UTC)),
        )
    )
