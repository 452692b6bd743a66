"""Classifier on hand-built OCR results: signatures, penalties, noise, section tie-break, ``other``."""

import re
from pathlib import Path

import numpy as np
import pytest

from extractors.classify import PRINTED, SIGNATURES, classify, column_text
from extractors.models import BBox, DocType, OcrLine, OcrResult, QrCode, Section, Side
from extractors.text import compact

NOTICE = Path(__file__).resolve().parents[1] / "docs" / "notice" / "yuli-2024-notice.txt"

BLANK = np.full((800, 600, 3), 255, np.uint8)


def ocr(*texts):
    lines = (OcrLine(text=t, confidence=0.9, bbox=BBox(x0=10, y0=40 * i, x1=400, y1=40 * i + 30))
             for i, t in enumerate(texts))
    return OcrResult(engine="t", lines=tuple(lines))


@pytest.mark.parametrize(
    ("texts", "doc_type", "side"),
    [
        (("姓名 张三", "性别 男 民族 汉", "出生 1990年1月1日", "住址 尉犁县", "公民身份号码 11010519491231002X"),
         DocType.ID_CARD, Side.PORTRAIT),
        (("中华人民共和国", "居民身份证", "签发机关 尉犁县公安局", "有效期限 2016.03.15-2036.03.15"),
         DocType.ID_CARD, Side.EMBLEM),
        (("教育部学历证书电子注册备案表", "在线验证码：ABCD EFGH"), DocType.CHSI_REPORT, Side.NONE),
        (("毕业证书", "学生张三，性别男，…准予毕业。", "证书编号：1076"), DocType.DIPLOMA, Side.NONE),
        (("学士学位证书", "授予文学学士学位"), DocType.DEGREE_CERTIFICATE, Side.NONE),
        (("（2023年度）", "事业单位工作人员年度考核登记表", "姓名 张三"), DocType.APPRAISAL_FORM, Side.FRONT),
        (("考核等次建议：合格", "考核等次：合格", "（单位盖章）"), DocType.APPRAISAL_FORM, Side.BACK),
        (("专业技术人员继续教育", "合格证书", "参加公需科目学习，完成30学时"), DocType.CE_CERTIFICATE, Side.NONE),
        (("免除继续教育学习申请表", "免学理由"), DocType.CE_EXEMPTION, Side.NONE),
        (("专业技术人员见习期工作情况", "见习时间"), DocType.INTERNSHIP_REPORT, Side.NONE),
        (("见习期工作小结", "小结人："), DocType.INTERNSHIP_SUMMARY, Side.NONE),
        (("公 示", "现对张三同志申报…进行公示。", "公示时间从2024年10月9日起至2024年10月15日止"),
         DocType.PUBLICITY_NOTICE, Side.NONE),
        (("公示结果", "张三同志申报材料于…在本单位公示7天，公示无异议"), DocType.PUBLICITY_RESULT, Side.NONE),
        (("单位推荐意见", "经审核，同意推荐张三同志申报…初级职称。"), DocType.UNIT_RECOMMENDATION, Side.NONE),
        (("个人承诺书", "本人承诺以上填报内容…弄虚作假…", "承诺人（签字）："), DocType.PLEDGE, Side.NONE),
        (("社会保险个人参保缴费明细", "社会保障号码", "企业职工基本养老保险"), DocType.SOCIAL_INSURANCE, Side.NONE),
    ],
)
def test_signatures(texts, doc_type, side):
    result = classify(ocr(*texts), (), BLANK, None)
    assert (result.doc_type, result.side) == (doc_type, side)
    assert 0 < result.confidence <= 1
    assert result.reasons


def test_ocr_noise_tolerated():
    result = classify(ocr("教育部学厉证书电子注删备案表", "在线验证吗"), (), BLANK, None)
    assert result.doc_type is DocType.CHSI_REPORT


def test_chsi_qr_counts():
    qr = QrCode(payload="https://www.chsi.com.cn/xlcx/bg.do?vcode=X", decoder="t")
    assert classify(ocr("学历类别", "学信网"), (qr,), BLANK, None).doc_type is DocType.CHSI_REPORT


def test_unknown_page_is_other_even_with_section():
    result = classify(ocr("会议纪要", "今天天气很好"), (), BLANK, Section.PLEDGE)
    assert result.doc_type is DocType.OTHER


def test_section_breaks_a_tie_only():
    # 准予毕业 + 在本校 (diploma, 4.5) against 学位条例 + 授予 (degree certificate, 4.5)
    texts = ("准予毕业", "在本校", "学位条例", "授予")
    plain = classify(ocr(*texts), (), BLANK, None)
    assert plain.doc_type in (DocType.DIPLOMA, DocType.DEGREE_CERTIFICATE)
    assert plain.confidence < 0.5
    strong = classify(ocr("个人承诺书", "本人承诺"), (), BLANK, Section.EDUCATION)
    assert strong.doc_type is DocType.PLEDGE


def test_vertical_labels_are_read_as_columns():
    lines = [OcrLine(text=ch, confidence=0.9, bbox=BBox(x0=20, y0=100 + 40 * i, x1=45, y1=130 + 40 * i))
             for i, ch in enumerate("个人总结")]
    assert column_text(lines) == "个人总结"


def test_every_doc_type_has_a_signature():
    assert {s.doc_type for s in SIGNATURES} == set(DocType) - {DocType.OTHER}


def _notice() -> str:
    return NOTICE.read_text(encoding="utf-8")


def test_every_word_is_quoted_from_the_notice_or_printed_on_the_document():
    notice = compact(_notice()).replace("\n", "")
    printed_anywhere = {word for words in PRINTED.values() for word in words}
    unsourced = []
    for signature in SIGNATURES:
        own = PRINTED.get(signature.doc_type, ())
        for word, _ in signature.keywords:
            if compact(word) not in notice and word not in own:
                unsourced.append((signature.doc_type.value, word))
        for word, _ in signature.penalties:  # a look-alike's words: the notice's, or printed on some document
            if compact(word) not in notice and word not in printed_anywhere:
                unsourced.append((signature.doc_type.value, f"-{word}"))
    assert unsourced == []


def _templates() -> dict[str, list[str]]:
    """The notice's 附件 templates, each as its printed lines (附件4, the pledge, has no 附件 heading)."""
    text = _notice()
    starts = {
        "1": text.index("附件 1"), "2": text.index("附件 2"), "3": text.index("附件 3"),
        "4": text.index("\n个人承诺书\n"), "5": text.index("附件 5"),
    }
    order = sorted(starts, key=starts.__getitem__)
    ends = {key: starts[nxt] for key, nxt in zip(order, order[1:], strict=False)} | {order[-1]: text.index("注：")}
    pages = {}
    for key in order:
        lines = [ln.strip() for ln in text[starts[key]:ends[key]].splitlines()]
        pages[key] = [ln for ln in lines if ln and not re.fullmatch(r"附件 \d", ln)]
    return pages


@pytest.mark.parametrize(
    ("attachment", "doc_type"),
    [("1", DocType.PUBLICITY_NOTICE), ("2", DocType.PUBLICITY_RESULT), ("3", DocType.UNIT_RECOMMENDATION),
     ("4", DocType.PLEDGE), ("5", DocType.CE_EXEMPTION)],
)
def test_the_notices_own_templates_are_classified(attachment, doc_type):
    lines = _templates()[attachment]
    assert len(lines) >= 3
    result = classify(ocr(*lines), (), BLANK, None)
    assert result.doc_type is doc_type, result.reasons
