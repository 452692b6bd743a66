"""Fast tests of the HTML report and batch index, on a report built by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.models import BBox, BGRImage, DocType, Evidence, QualityIssue, QualityMetrics, Side
from reporting.crops import REPORT_IMAGE_BUDGET, ImageEncoder, box_style, evidence_crop
from reporting.html import redact, render_index_html, render_report_html, safe_link
from reporting.model import (
    Change,
    EngineInfo,
    HistoryInfo,
    PageSummary,
    PolicyInfo,
    Report,
    ReportFinding,
    SummaryRow,
)
from validators.models import (
    ExtractedValue,
    Finding,
    FindingCode,
    Material,
    MaterialState,
    MaterialStatus,
    PageLink,
    Severity,
    Verdict,
)

FULL_ID = "65282319960315002X"
MASKED_ID = "652823********002X"
_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def page_image(title: str, lines: list[str], size: tuple[int, int] = (1240, 1754)) -> BGRImage:
    """A synthetic document page: a title and lines of text, as BGR pixels."""
    image = Image.new("RGB", size, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, size[0] - 40, size[1] - 40), outline=(60, 60, 60), width=3)
    draw.text((size[0] // 2, 110), title, fill=(20, 20, 20), font=_font(54), anchor="mm")
    for i, line in enumerate(lines):
        draw.text((110, 230 + i * 80), line, fill=(30, 30, 30), font=_font(36))
    rng = np.random.default_rng(7)
    pixels = np.asarray(image, dtype=np.int16) + rng.integers(-6, 7, (size[1], size[0], 3))
    return np.ascontiguousarray(np.clip(pixels, 0, 255).astype(np.uint8)[:, :, ::-1])


def id_card_image() -> BGRImage:
    """A synthetic ID card portrait side (856 x 540)."""
    image = Image.new("RGB", (856, 540), (226, 236, 240))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 848, 532), radius=30, outline=(150, 170, 180), width=3)
    font = _font(30)
    for y, text in [
        (50, "姓名  阿依古丽·买提"),
        (110, "性别  女    民族  维吾尔"),
        (170, "出生  1996 年 3 月 15 日"),
    ]:
        draw.text((60, y), text, fill=(20, 20, 20), font=font)
    draw.text((60, 240), "住址  新疆尉犁县团结路 8 号", fill=(20, 20, 20), font=font)
    draw.text((60, 440), f"公民身份号码  {FULL_ID}", fill=(10, 10, 10), font=_font(32))
    draw.rectangle((600, 60, 800, 300), fill=(190, 200, 205))
    return np.ascontiguousarray(np.asarray(image, dtype=np.uint8)[:, :, ::-1])


def sample_images() -> dict[tuple[str, int], BGRImage]:
    """Page images of the sample report, keyed by (file, page)."""
    return {
        ("基本信息/身份证正面.jpg", 1): id_card_image(),
        ("学历学位/学信网备案表.pdf", 1): page_image(
            "教育部学历证书电子注册备案表",
            [
                "姓名：阿依古丽·买买提",
                "毕业院校：新疆师范大学",
                "专业：汉语言文学",
                "层次：本科",
                "在线验证码：A1B2C3D4E5F6G7H8",
            ],
        ),
        ("年度考核/2023考核表.jpg", 1): page_image("年度考核登记表（2023 年度）", ["姓名：阿依古丽", "考核等次：合格"]),
    }


def _page(file: str, doc_type: DocType, side: Side, width: int, height: int, **kw: object) -> PageSummary:
    quality = QualityMetrics(width=width, height=height, sharpness=142.5, effective_dpi=200, mean_brightness=231)
    return PageSummary(
        file=file,
        page=1,
        doc_type=doc_type,
        side=side,
        classification_confidence=0.97,
        rotation=0,
        width=width,
        height=height,
        quality=quality,
        ocr_engine="rapidocr",
        ocr_confidence=0.93,
        **kw,  # type: ignore[arg-type]
    )


def sample_report(name: str = "阿依古丽·买买提", verdict: Verdict = Verdict.RETURN) -> Report:
    """A report with findings of every severity, evidence on three pages, and history."""
    id_file, chsi_file, app_file = "基本信息/身份证正面.jpg", "学历学位/学信网备案表.pdf", "年度考核/2023考核表.jpg"
    name_box = BBox(x0=60, y0=45, x1=420, y1=85)
    id_box = BBox(x0=268, y0=436, x1=690, y1=478)
    findings = [
        ReportFinding(
            finding=Finding(
                code=FindingCode.NAME_MISMATCH,
                severity=Severity.ERROR,
                material=Material.ID_CARD,
                message="身份证上的姓名与网上填报的姓名不一致，请核对后重新上传身份证或更正填报信息。",
                evidence=(Evidence(file=id_file, page=1, bbox=name_box, text="阿依古丽·买提"),),
                declared=name,
                found="阿依古丽·买提",
            ),
            change=Change.UNCHANGED,
        ),
        ReportFinding(
            finding=Finding(
                code=FindingCode.ID_NUMBER_MISMATCH,
                severity=Severity.ERROR,
                material=Material.ID_CARD,
                message="身份证号码与网上填报的不一致。",
                evidence=(Evidence(file=id_file, page=1, bbox=id_box, text=FULL_ID),),
                declared="652823199603150021",
                found=FULL_ID,
            ),
            change=Change.NEW,
        ),
        ReportFinding(
            finding=Finding(
                code=FindingCode.IMAGE_BLURRY,
                severity=Severity.WARNING,
                material=Material.EDUCATION,
                message="学信网备案表图像模糊，请重新扫描或拍摄清晰的图片上传。",
                evidence=(Evidence(file=chsi_file, page=1, bbox=BBox(x0=100, y0=220, x1=900, y1=560)),),
            ),
            change=Change.NEW,
        ),
        ReportFinding(
            finding=Finding(
                code=FindingCode.MATERIAL_MISSING,
                severity=Severity.ERROR,
                material=Material.PLEDGE,
                message="未上传个人承诺书（附件4），请手写承诺内容、签名并按红手印后上传。",
            ),
            change=Change.UNCHANGED,
        ),
        ReportFinding(
            finding=Finding(
                code=FindingCode.APPRAISAL_SIDE_MISSING,
                severity=Severity.INFO,
                material=Material.APPRAISAL,
                message="2023 年度考核表只找到正面，请确认反面是否在其他文件中。",
                evidence=(Evidence(file=app_file, page=1),),
            ),
        ),
    ]
    counts = {s: sum(1 for f in findings if f.finding.severity == s) for s in Severity}
    id_ev = Evidence(file=id_file, page=1, bbox=id_box)
    return Report(
        applicant_id="WL2024-0001",
        applicant_name=name,
        id_number_masked=MASKED_ID,
        verdict=verdict,
        verdict_zh={"PASS": "通过预审", "REVIEW": "需人工复核", "RETURN": "退回补正", "INELIGIBLE": "不符合申报条件"}[
            verdict.value
        ],
        counts=counts,
        findings=findings,
        materials=[
            MaterialStatus(
                material=Material.ID_CARD,
                label="身份证（正、反面）",
                status=MaterialState.PROBLEM,
                required=True,
                pages=(PageLink(file=id_file, page=1, doc_type="id_card", side="portrait"),),
                finding_codes=(FindingCode.NAME_MISMATCH, FindingCode.ID_NUMBER_MISMATCH),
            ),
            MaterialStatus(
                material=Material.EDUCATION,
                label="学历证书及学信网备案表",
                status=MaterialState.OK,
                required=True,
                pages=(PageLink(file=chsi_file, page=1, doc_type="chsi_report", side="none"),),
            ),
            MaterialStatus(
                material=Material.PLEDGE,
                label="个人承诺书",
                status=MaterialState.MISSING,
                required=True,
                finding_codes=(FindingCode.MATERIAL_MISSING,),
            ),
            MaterialStatus(
                material=Material.SOCIAL_INSURANCE,
                label="近一年社保缴费清单（企业）",
                status=MaterialState.NOT_REQUIRED,
                required=False,
            ),
        ],
        declared={"name": name, "id_number": "652823199603150021", "school": "新疆师范大学", "level": "本科"},
        extracted={
            "name": [ExtractedValue(value="阿依古丽·买提", doc_type="id_card", side="portrait", evidence=id_ev)],
            "id_number": [
                ExtractedValue(value=FULL_ID, doc_type="id_card", side="portrait", evidence=id_ev, confidence=0.99)
            ],
            "school": [
                ExtractedValue(
                    value="新疆师范大学", doc_type="chsi_report", side="none", evidence=Evidence(file=chsi_file, page=1)
                )
            ],
        },
        pages=[
            _page(id_file, DocType.ID_CARD, Side.PORTRAIT, 856, 540),
            _page(
                chsi_file,
                DocType.CHSI_REPORT,
                Side.NONE,
                1240,
                1754,
                quality_issues=[QualityIssue(kind="IMAGE_BLURRY", detail="sharpness 21.0 < 60", measured=21.0)],
            ),
            _page(app_file, DocType.APPRAISAL_FORM, Side.FRONT, 1240, 1754),
        ],
        files=[id_file, chsi_file, app_file],
        return_notice=f"{name}：您的申报材料需补正：\n1. 身份证姓名与填报不一致。\n2. 未上传个人承诺书。",
        input_fingerprint="a" * 64,
        policy=PolicyInfo(policy_id="yuli-2024", title="尉犁县 2024 年初定初级职称", sha256="b" * 64),
        engine=EngineInfo(backend="rapidocr", model="PP-OCRv6-small", pipeline_version="3", precheck_version="0.1.0"),
        history=HistoryInfo(
            submission_no=2,
            submission_limit=3,
            previous_reports=["history/report-20241012T023100Z.json"],
            previous_verdict=Verdict.RETURN,
            fixed=[
                Finding(
                    code=FindingCode.IMAGE_GLARE,
                    severity=Severity.ERROR,
                    material=Material.ID_CARD,
                    message="身份证反面有反光，关键信息看不清。",
                )
            ],
        ),
        generated_at=dt.datetime(2024, 10, 13, 2, 31, tzinfo=dt.UTC),
        timings={"ingest": 0.12, "quality": 0.4, "ocr": 3.2, "qr": 0.05, "rules": 0.02, "render": 0.3},
    )


def sample_rows() -> list[SummaryRow]:
    """Index rows of every verdict, plus a failed one."""
    base = dt.datetime(2024, 10, 13, 2, 0, tzinfo=dt.UTC)
    specs = [
        ("WL2024-0003", "王芳", Verdict.PASS, "通过预审", 0, 0, 0, []),
        ("WL2024-0001", "阿依古丽·买买提", Verdict.RETURN, "退回补正", 3, 1, 0, ["未上传个人承诺书", "姓名不一致"]),
        ("WL2024-0002", "李强", Verdict.INELIGIBLE, "不符合申报条件", 1, 0, 1, ["工作年限不足"]),
        ("WL2024-0004", "<script>alert(1)</script>", Verdict.REVIEW, "需人工复核", 0, 2, 0, []),
    ]
    rows = [
        SummaryRow(
            applicant_id=aid,
            name=name,
            id_number_masked=MASKED_ID,
            verdict=verdict,
            verdict_zh=zh,
            errors=errors,
            warnings=warnings,
            ineligible=inel,
            main_problems=problems,
            status="done",
            report=f"{aid}/report.html",
            submission_no=1 + i % 2,
            generated_at=base + dt.timedelta(minutes=i),
        )
        for i, (aid, name, verdict, zh, errors, warnings, inel, problems) in enumerate(specs)
    ]
    rows.append(SummaryRow(applicant_id="WL2024-0005", verdict_zh="处理失败", status="failed"))
    return rows


_EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//|ftp:)""", re.IGNORECASE)


@pytest.fixture(scope="module")
def report_html() -> str:
    return render_report_html(sample_report(), sample_images())


def test_report_shows_verdict_applicant_and_findings(report_html: str) -> None:
    assert "退回补正" in report_html
    assert 'data-verdict="RETURN"' in report_html
    assert "WL2024-0001" in report_html
    for rf in sample_report().findings:
        assert rf.finding.message in report_html
    assert "已改正" in report_html
    assert "身份证反面有反光" in report_html
    assert "未改正" in report_html
    assert "新发现" in report_html
    assert "第 2 次" in report_html
    assert "上限 3 次" in report_html
    assert "无需提供" in report_html
    assert "缺少" in report_html
    assert "人像面" in report_html
    assert "学信网备案表" in report_html
    assert "rapidocr" in report_html
    assert "尉犁县 2024 年初定初级职称" in report_html


def test_report_has_inline_jpeg_evidence_and_page_lightboxes(report_html: str) -> None:
    assert re.search(r'<img src="data:image/jpeg;base64,[A-Za-z0-9+/=]{100,}"', report_html)
    assert 'href="#page-1"' in report_html
    assert 'id="page-1"' in report_html
    assert 'class="box" style="left:' in report_html


def test_report_is_self_contained(report_html: str) -> None:
    assert not _EXTERNAL.search(report_html)
    assert "<link" not in report_html
    assert "@import" not in report_html
    assert not re.search(r"url\((?!data:)", report_html)


def test_report_shows_masked_id_only(report_html: str) -> None:
    assert MASKED_ID in report_html
    assert FULL_ID not in report_html
    assert "652823199603150021" not in report_html
    assert "第 18 位不同" in report_html


def test_report_escapes_untrusted_text() -> None:
    html = render_report_html(sample_report(name="<script>alert('x')</script>"), sample_images())
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    assert html.count("<script>") == 1  # only the report's own copy-button script


def test_report_renders_without_images_or_findings() -> None:
    report = sample_report(verdict=Verdict.PASS).model_copy(update={"findings": [], "pages": []})
    html = render_report_html(report, {})
    assert "通过预审" in html
    assert "未发现问题" in html
    assert "data:image/jpeg" not in html


def test_report_stays_under_three_megabytes() -> None:
    report = sample_report()
    images = sample_images()
    big = cv2.resize(sample_images()[("学历学位/学信网备案表.pdf", 1)], (3000, 4200))
    pages = []
    for i in range(30):
        key = (f"其他附件/scan{i}.jpg", 1)
        images[key] = big
        pages.append(_page(key[0], DocType.OTHER, Side.NONE, 3000, 4200))
    html = render_report_html(report.model_copy(update={"pages": report.pages + pages}), images)
    assert len(html.encode()) < 3_000_000


def test_index_lists_rows_with_links_and_filters() -> None:
    html = render_index_html(sample_rows(), "2024-10-13 批次预审")
    assert html.count("<tr data-verdict=") == 5
    for key in ("PASS", "REVIEW", "RETURN", "INELIGIBLE", "FAILED"):
        assert f'data-filter="{key}"' in html
    assert 'href="WL2024-0001/report.html"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1
    assert MASKED_ID in html
    assert not _EXTERNAL.search(html)


def test_index_refuses_unsafe_links() -> None:
    assert safe_link("a/report.html") == "a/report.html"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("https://example.com/x.html") is None
    assert safe_link("/etc/passwd") is None


def test_redact_masks_id_shaped_text() -> None:
    assert redact(f"号码 {FULL_ID} 有误") == f"号码 {MASKED_ID} 有误"
    assert redact("证书编号 107621201905001234") == "证书编号 107621201905001234"


def test_evidence_crop_outlines_region_in_red() -> None:
    image = np.full((1000, 800, 3), 255, dtype=np.uint8)
    crop = evidence_crop(image, BBox(x0=300, y0=400, x1=500, y1=450))
    assert crop.shape[0] < 1000
    assert crop.shape[1] < 800
    red = (crop[:, :, 2] > 180) & (crop[:, :, 0] < 90)
    assert red.any()
    strip = evidence_crop(np.full((1000, 1000, 3), 255, dtype=np.uint8), BBox(x0=0, y0=100, x1=20, y1=600), 2000)
    assert strip.shape[1] * 2 >= strip.shape[0]  # a thin box at the edge still gets context beside it
    assert box_style(BBox(x0=0, y0=0, x1=400, y1=500), 800, 1000) == "left:0.00%;top:0.00%;width:50.00%;height:50.00%"
    assert box_style(BBox(x0=900, y0=0, x1=950, y1=10), 800, 1000) is None


def test_encoder_shares_the_budget() -> None:
    rng = np.random.default_rng(1)
    noisy = rng.integers(0, 255, (2000, 1500, 3), dtype=np.uint8)
    encoder = ImageEncoder(pages=10, crops=0)
    uris = [encoder.page((f"f{i}", 1), noisy) for i in range(10)]
    assert all(u.startswith("data:image/jpeg;base64,") for u in uris)
    assert encoder.used <= REPORT_IMAGE_BUDGET * 1.1


def _fields_table(html: str) -> str:
    return html[html.index('<table class="fields">') : html.index("</table>", html.index('<table class="fields">'))]


def test_fields_table_shows_a_declared_field_only_from_its_own_documents() -> None:
    # a 专业 read on a 继续教育 certificate is a course, not the declared major: it has no place in the major row
    report = sample_report()
    chsi = report.extracted["school"][0].evidence
    extracted = {
        **report.extracted,
        "major": [
            ExtractedValue(value="汉语言文学", doc_type="chsi_report", side="none", evidence=chsi, confidence=0.99),
            ExtractedValue(value="公需科目", doc_type="ce_certificate", side="none", evidence=chsi, confidence=0.99),
        ],
    }
    declared = {**report.declared, "major": "汉语言文学"}
    table = _fields_table(
        render_report_html(report.model_copy(update={"extracted": extracted, "declared": declared}), {})
    )
    row = table[table.index("major") :].split("</tr>")[0]
    assert "公需科目" not in row
    assert "一致" in row and "不一致" not in row


def test_fields_table_shows_an_unsure_read_in_grey_with_its_crop_not_as_a_mismatch() -> None:
    report = sample_report()
    chsi = report.extracted["school"][0].evidence.model_copy(update={"bbox": BBox(x0=100, y0=300, x1=700, y1=360)})
    unsure = ExtractedValue(
        value="新疆师笵大学", doc_type="chsi_report", side="none", evidence=chsi, confidence=0.6, uncertain=True
    )
    table = _fields_table(
        render_report_html(
            report.model_copy(update={"extracted": {**report.extracted, "school": [unsure]}}), sample_images()
        )
    )
    row = table[table.index("school") :].split("</tr>")[0]
    assert "识别不确定" in row and "对照原件核对" in row
    assert "不一致" not in row and "value diff" not in row
    assert re.search(r'class="value-crop" src="data:image/jpeg;base64,', row)
    # the same value read with confidence is a red mismatch
    sure = unsure.model_copy(update={"confidence": 0.99, "uncertain": False})
    table = _fields_table(
        render_report_html(report.model_copy(update={"extracted": {**report.extracted, "school": [sure]}}), {})
    )
    row = table[table.index("school") :].split("</tr>")[0]
    assert "value diff" in row and "不一致" in row


def test_fields_table_says_why_a_signature_read_otherwise_agrees() -> None:
    report = sample_report()
    evidence = report.extracted["school"][0].evidence
    signed = ExtractedValue(
        value="郑骏态", doc_type="pledge", side="none", evidence=evidence, confidence=0.79, agrees=True, fitted=True
    )
    declared = {**report.declared, "name": "郑俊杰"}
    html = render_report_html(report.model_copy(update={"extracted": {"name": [signed]}, "declared": declared}), {})
    row = _fields_table(html)[_fields_table(html).index("name") :].split("</tr>")[0]
    assert "郑骏态" in row and "手写签名" in row and "一致" in row and "不一致" not in row
    plain = signed.model_copy(update={"value": "郑俊杰", "fitted": False})
    html = render_report_html(report.model_copy(update={"extracted": {"name": [plain]}, "declared": declared}), {})
    assert "手写签名" not in _fields_table(html)


def test_fields_table_says_why_a_school_read_under_a_seal_agrees() -> None:
    report = sample_report()
    evidence = report.extracted["school"][0].evidence
    sealed = ExtractedValue(
        value="新疆轻工职业技术掌院附属中专", doc_type="diploma", side="none", evidence=evidence, confidence=0.6,
        uncertain=True, agrees=True, fitted=True,
    )
    declared = {**report.declared, "school": "新疆轻工职业技术学院附属中专"}
    html = render_report_html(report.model_copy(update={"extracted": {"school": [sealed]}, "declared": declared}), {})
    row = _fields_table(html)[_fields_table(html).index("school") :].split("</tr>")[0]
    assert "印章下" in row and "手写签名" not in row and "不一致" not in row and "value diff" not in row
