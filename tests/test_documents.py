"""Extractors on hand-built OCR results (fast): layout reading, ID-number choice, registry, scoring."""

from datetime import date

import numpy as np
import pytest

from extractors.documents import EXTRACTORS, extract
from extractors.documents.base import LabelReader, PageInput
from extractors.documents.chsi_report import normalise_code, parse_qr
from extractors.documents.id_card import IdCandidate, choose_id_number, id_number_candidates, normalise_id_number
from extractors.models import BBox, DocType, Evidence, FieldValue, OcrLine, OcrResult, PageRef, QrCode, Side
from tests.accuracy import score_page, summarise

VALID = "11010519491231002X"  # GB 11643 sample number: born 1949-12-31, female


def line(text, x0, y0, x1=None, y1=None, conf=0.99):
    x1 = x1 if x1 is not None else x0 + 30 * len(text)
    y1 = y1 if y1 is not None else y0 + 30
    return OcrLine(text=text, confidence=conf, bbox=BBox(x0=x0, y0=y0, x1=x1, y1=y1))


def page(lines, side=Side.NONE, qr=()):
    blank = np.full((600, 900, 3), 255, np.uint8)
    return PageInput(ref=PageRef(file="a.jpg", page=1), image=blank, ocr=OcrResult(engine="t", lines=tuple(lines)),
                     qr=tuple(qr), side=side)


def test_normalise_id_number():
    assert normalise_id_number("１１０１０５ 1949l23IOO2x") == VALID


def test_candidates_and_choice_prefer_valid_and_consistent():
    bad = VALID[:-1] + "1"
    lines = [line(f"公民身份号码 {bad}", 0, 0, conf=0.95), line(VALID, 0, 100, conf=0.80)]
    candidates = id_number_candidates(lines)
    assert [c.number for c in candidates] == [bad, VALID]
    chosen, valid = choose_id_number(candidates, date(1949, 12, 31), "女")
    assert (chosen.number, valid) == (VALID, True)


def test_invalid_number_reported_as_read_not_corrected():
    bad = VALID[:-1] + "1"
    chosen, valid = choose_id_number([IdCandidate(bad, line(bad, 0, 0))], None, None)
    assert (chosen.number, valid) == (bad, False)


def test_id_portrait_from_lines():
    lines = [
        line("ئىسمى", 40, 10),
        line("姓名 阿依古丽·买买提", 40, 50),
        line("性别女", 40, 110, 190), line("民族 维吾尔", 260, 110),
        line("出生", 40, 170, 110), line("1949年12月31日", 150, 170),
        line("住址", 40, 230, 110), line("新疆尉犁县团结南路", 150, 230), line("12号院3栋", 150, 270),
        line("公民身份号码", 40, 440, 220), line(VALID, 280, 440, conf=0.97),
    ]
    fields = extract(DocType.ID_CARD, page(lines, Side.PORTRAIT)).fields
    assert {k: v.value for k, v in fields.items()} == {
        "name": "阿依古丽·买买提", "gender": "女", "ethnicity": "维吾尔族", "birth_date": "1949-12-31",
        "address": "新疆尉犁县团结南路12号院3栋", "id_number": VALID,
    }
    assert fields["id_number"].evidence.bbox == BBox(x0=280, y0=440, x1=280 + 30 * 18, y1=470)
    assert fields["id_number"].confidence == pytest.approx(0.97)


def test_id_emblem_long_term():
    lines = [line("签发机关 尉犁县公安局", 100, 400), line("有效期限 2016.03.15-长期", 100, 460)]
    fields = extract(DocType.ID_CARD, page(lines, Side.EMBLEM)).fields
    assert {k: v.value for k, v in fields.items()} == {
        "issuing_authority": "尉犁县公安局", "valid_from": "2016-03-15", "valid_until": "长期"}


def test_label_reader_cuts_at_next_label_and_reads_right_cell():
    reader = LabelReader([line("性别女民族汉", 0, 0), line("姓名", 0, 100, 60), line("张三", 200, 100)],
                         ("姓名", "性别", "民族"))
    assert reader.value("性别").text == "女"
    assert reader.value("民族").text == "汉"
    assert reader.value("姓名").text == "张三"


def test_chsi_code_and_qr():
    qr = QrCode(payload="https://www.chsi.com.cn/xlcx/bg.do?vcode=AB0DEFGH1JKLMN5P&srcid=bgcx", decoder="t")
    code, vcode = parse_qr((qr,))
    assert vcode == "AB0DEFGH1JKLMN5P"
    assert normalise_code("ABOD EFGH IJKL MNSP", vcode) == ("AB0DEFGH1JKLMN5P", True)
    assert normalise_code("ABXD EFGH 1JKL MN5P", vcode) == ("ABXDEFGH1JKLMN5P", False)
    assert normalise_code("1234 5678 9O12", None) == ("123456789012", False)


def test_publicity_result_from_text():
    lines = [
        line("公示结果", 300, 40),
        line("张三同志申报材料于2024年10月9日至2024年10月15日在本单位公示7天，公示无异", 40, 120),
        line("议，同意推荐张三同志申报中小学教师系列中小学教师初级专业技术任职资格。", 40, 170),
    ]
    fields = extract(DocType.PUBLICITY_RESULT, page(lines)).fields
    assert {k: v.value for k, v in fields.items()} == {
        "name": "张三", "series": "中小学教师系列", "specialty": "中小学教师", "title_level": "初级",
        "period_start": "2024-10-09", "period_end": "2024-10-15", "days": "7", "objection": "无异议"}


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        # PP-OCRv5 mobile drops 月, 日 and 至 (tune seeds 1100/1800): 10-8, since 1-08 would make a 9-month period
        ("公示时间从2024年108起至2024年1012。如对张三同志的", "2024-10-08", "2024-10-12"),
        ("公时间从2024年919起2024年925。如对张三同志的", "2024-09-19", "2024-09-25"),
        ("张三同志申报材料于2024年9192024年925在本单位公7天", "2024-09-19", "2024-09-25"),
    ],
)
def test_publicity_period_with_dropped_characters(printed, start, end):
    fields = extract(DocType.PUBLICITY_NOTICE, page([line("公示", 300, 40), line(printed, 40, 120)])).fields
    assert (fields["period_start"].value, fields["period_end"].value) == (start, end)


def test_publicity_period_that_reads_two_ways_is_left_unread():
    # 2024年111 is 1-11 or 11-1: with an end of 11-15 only 11-1 makes a period of days, not months;
    # with an end that reads the same two ways, both pairs do: unread, not guessed
    one = extract(DocType.PUBLICITY_NOTICE, page([line("公示时间从2024年111起至2024年1115。", 40, 120)])).fields
    assert one["period_start"].value == "2024-11-01"
    two = extract(DocType.PUBLICITY_NOTICE, page([line("公示时间从2024年111起至2024年111。", 40, 120)])).fields
    assert "period_start" not in two


def test_ce_certificate_kind_with_dropped_character():
    ce = [line("张三同志（身份证号：11010519491231002X）于2024年度参加专业技术", 40, 100),
          line("员继续教育专业科学习，完成规定课程66 学时，经考核成绩合格", 40, 150),
          line("科类别：专业科学时：66", 40, 200)]
    assert extract(DocType.CE_CERTIFICATE, page(ce)).fields["kind"].value == "专业"
    ce[1] = line("员继续教育公需科学习，完成规定课程30 学时，经考核成绩合格", 40, 150)
    ce[2] = line("科类别：公需科学时：30", 40, 200)
    assert extract(DocType.CE_CERTIFICATE, page(ce)).fields["kind"].value == "公需"


def test_publicity_result_days_with_dropped_character():
    lines = [line("张三同志申报材料于2024年10月9日至2024年10月15日在本单位公7天，公示无异议", 40, 120)]
    assert extract(DocType.PUBLICITY_RESULT, page(lines)).fields["days"].value == "7"


def test_ce_certificate_and_social_insurance():
    ce = [line("合格证书", 300, 20), line("张三 同志（身份证号：11010519491231002X）于 2023 年度参加专业技术", 40, 100),
          line("人员继续教育专业科目学习，完成规定课程 66 学时，经考核成绩合格", 40, 150)]
    fields = extract(DocType.CE_CERTIFICATE, page(ce)).fields
    assert {k: v.value for k, v in fields.items()} == {"name": "张三", "year": "2023", "kind": "专业", "hours": "66"}
    si = [line("姓名：李四", 20, 20), line("缴费期间：2023-10 至 2024-09", 20, 60),
          line("打印日期：2024-10-10", 20, 90)]
    months = [f"{2023 + (9 + i) // 12}{(9 + i) % 12 + 1:02d}" for i in range(12)]
    si += [line(f"{m} 企业职工基本养老保险", 20, 130 + 40 * i) for i, m in enumerate(months)]
    fields = extract(DocType.SOCIAL_INSURANCE, page(si)).fields
    assert {k: v.value for k, v in fields.items()} == {
        "name": "李四", "period_start": "2023-10", "period_end": "2024-09", "months": "12"}


@pytest.mark.parametrize(
    ("sentence", "label", "hours"),
    [
        ("66", "66", "66"),
        ("6", "66", "66"),  # a repeated digit merged in one reading (PP-OCRv5 mobile): the other settles it
        ("36", "36", "36"),  # a real shortfall stays what both readings say
        ("36", "66", None),  # two different numbers: not guessed
    ],
)
def test_ce_hours_cross_checked_between_sentence_and_label(sentence, label, hours):
    ce = [line("张三 同志于 2023 年度参加专业技术", 40, 100),
          line(f"人员继续教育专业科目学习，完成规定课程 {sentence} 学时，经考核成绩合格", 40, 150),
          line(f"科目类别：专业科目 学时：{label}", 40, 200), line("2023年12月20日", 40, 250)]
    fields = extract(DocType.CE_CERTIFICATE, page(ce)).fields
    assert (fields["hours"].value if "hours" in fields else None) == hours


def test_registry_covers_every_type_but_other():
    assert set(EXTRACTORS) == set(DocType) - {DocType.OTHER}
    assert extract(DocType.OTHER, page([line("x", 0, 0)])).fields == {}


def test_score_page():
    ev = Evidence(file="a.jpg", page=1)
    facts = {"name": FieldValue(value="张三", evidence=ev), "year": FieldValue(value="2022", evidence=ev)}
    truth = {"doc_type": "appraisal_form", "side": "front", "fields": {"name": "张三", "year": "2023", "employer": "x"}}
    score = score_page(facts, DocType.APPRAISAL_FORM, Side.FRONT, truth)
    assert score.type_correct
    assert [(f.name, f.correct) for f in score.fields] == [("name", True), ("year", False), ("employer", False)]
    summary = summarise([score])
    assert summary["appraisal_form"]["page_type"].rate == 1.0
    assert summary["appraisal_form"]["year"].rate == 0.0


def test_degree_holder_is_not_joined_to_the_title_line():
    lines = [
        line("硕士学位证书", 200, 40),
        line("田琳，女，1994年3月5日生。在新疆大学汉语言文字学专业完成了", 40, 300),
        line("硕士研究生学习计划，业已毕业，经审核符合《中华人民共和国学位条例》", 40, 340),
        line("的规定，授予文学硕士学位。", 40, 380),
    ]
    fields = extract(DocType.DEGREE_CERTIFICATE, page(lines)).fields
    assert fields["name"].value == "田琳"
    assert fields["name"].evidence.text == lines[1].text
    assert fields["school"].value == "新疆大学"
    assert fields["degree"].value == "文学硕士"
    same_line = [
        line("学士学位证书 王芳，男，", 40, 40),
        line("1996年1月2日生。在昌吉学院数学专业完成了本科学习计划", 40, 80),
    ]
    assert extract(DocType.DEGREE_CERTIFICATE, page(same_line)).fields["name"].value == "王芳"


@pytest.mark.parametrize(("school_line", "school"), [
    ("校名：伊犁师范大学", "伊犁师范大学"),
    ("校名：伊犁师范大", None),  # the seal's star over the last character
    ("校名：新疆农业职业技术常院", None),  # 学 misread under the seal
])
def test_diploma_school_only_when_read_whole(school_line, school):
    lines = [
        line("毕业证书", 300, 20),
        line("学生张三，性别男，于2015年9月至2019年6月在本校数学专业四年制本科学习", 40, 100),
        line(school_line, 400, 400),
    ]
    fields = extract(DocType.DIPLOMA, page(lines)).fields
    assert (fields["school"].value if "school" in fields else None) == school


def test_diploma_school_is_not_made_of_two_lines():
    # The seal hides the school's name but its last characters 学校; the 校（院）长 line above them ends in a name.
    lines = [
        line("毕业证书", 300, 20),
        line("学生曾婷，性别女，于二○一七年九月至二○二○年七月在本校建筑工程施工专业三年制中等专业学习", 40, 100),
        line("校（院）长：李晓明", 400, 400),
        line("学校", 400, 440),
    ]
    assert "school" not in extract(DocType.DIPLOMA, page(lines)).fields
    lines[3] = line("巴音郭楞蒙古自治州卫生学校", 400, 440)
    assert extract(DocType.DIPLOMA, page(lines)).fields["school"].value == "巴音郭楞蒙古自治州卫生学校"


def test_value_under_a_seal_has_its_confidence_capped():
    import cv2

    from extractors.documents.base import SEAL_COVERED_CONFIDENCE

    lines = [line("毕业证书", 300, 20), line("校名：新疆石河子职业技本学院", 400, 400, conf=0.92)]
    clear = extract(DocType.DIPLOMA, page(lines)).fields["school"]
    assert clear.confidence == pytest.approx(0.92)
    sealed = page(lines)
    cv2.circle(sealed.image, (640, 415), 60, (30, 30, 210), 6)  # the seal's ring crosses the line
    covered = extract(DocType.DIPLOMA, sealed).fields["school"]
    assert covered.confidence == SEAL_COVERED_CONFIDENCE
    assert covered.evidence.confidence == SEAL_COVERED_CONFIDENCE


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        ([line("公示结果", 300, 20), line("田杰同志申报材料于2024年9月19日至9月25日公示", 40, 100)], "田杰"),
        ([line("公示结果", 300, 20), line("杰同志申报材料于2024年9月19日至2024年9月25日在本单位公示", 40, 100)], None),
        ([line("经审核，同意推荐杰同志申报工程系列初级职称。", 40, 100)], None),
        ([line("经审核，同意推荐田杰同志申报工程系列初级职称。", 40, 100)], "田杰"),
        ([line("根据自治区职称评审工作的要求，现对张", 40, 100), line("三同志申报中小学教师系列", 40, 140)], "张三"),
        ([line("经审核，同意推荐艾合买提-亚森同志申报工程系列初级职称。", 40, 100)], "艾合买提·亚森"),
    ],
)
def test_name_before_tongzhi_never_takes_a_title_or_prefix_for_a_lost_character(lines, name):
    from extractors.documents.common import name_before_tongzhi

    found = name_before_tongzhi(OcrResult(engine="t", lines=tuple(lines)))
    assert (found.text if found else None) == name


def test_a_misspelt_field_name_is_an_error_not_a_silent_miss():
    from pydantic import ValidationError

    from extractors.documents.base import Extraction
    from extractors.models import FIELD_NAMES

    value = FieldValue(value="张三", evidence=Evidence(file="a.jpg", page=1))
    assert Extraction(fields={"name": value}).fields["name"] == value
    with pytest.raises(ValidationError):
        Extraction(fields={"nmae": value})  # type: ignore[dict-item]
    assert {"name", "id_number", "school", "title_level", "valid_until"} <= FIELD_NAMES
