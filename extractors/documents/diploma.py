"""毕业证书 (diploma): the graduate's particulars, school, major, level and certificate number.

Diplomas are running text rather than a form (``学生张三，性别女，一九九六年三月十五日生，于…在本校…
专业…本科学习…准予毕业。``) with dates often in Chinese numerals; a labelled layout is read too.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput, line_spans, lines_in_span
from extractors.documents.common import LEVEL_WORDS, first_value, is_name, is_school_name, study_mode_of
from extractors.models import FieldName, OcrLine
from extractors.text import cjk_only, clean_name, digits_only, find_chinese_numeral_dates, find_dates

LABELS = (
    "姓名",
    "性别",
    "出生日期",
    "学校名称",
    "校名",
    "校(院)长",
    "专业",
    "层次",
    "学习形式",
    "毕业日期",
    "证书编号",
)

_STUDENT = re.compile(r"学生([\u4e00-\u9fff·]{2,12}?)[,，]?性别")
_GENDER = re.compile(r"性别[:：]?([男女])")
_MAJOR = re.compile(r"在本校([\u4e00-\u9fff()（）]{2,30}?)专业")
_SCHOOL = re.compile(r"(?:校名|学校名称|学校)[:：]?([\u4e00-\u9fff()（）]{2,30}?(?:大学|学院|学校|分校))")
_SCHOOL_ANY = re.compile(r"([\u4e00-\u9fff]{2,20}(?:大学|学院|职业技术学院|学校))")


def _school_in_one_line(text: str, spans: list[tuple[int, int, OcrLine]]) -> re.Match[str] | None:
    """A school name inside one OCR line.

    Across lines the joined text makes names that are not printed (seen: 校（院）长：李晓明 + 学校, the
    visible end of a sealed name, read as 李晓明学校).
    """
    for start, end, _ in spans:
        match = _SCHOOL_ANY.search(text, start, end)
        if match:
            return match
    return None


def extract(page: PageInput) -> Extraction:
    """Read a diploma."""
    out = FieldBuilder(page)
    text, spans = line_spans(page.ocr.lines)
    reader = LabelReader(page.ocr.lines, LABELS)

    def add_match(field: FieldName, match: re.Match[str] | None, value: str | None = None) -> None:
        if match:
            out.add(field, value or match.group(1), lines_in_span(spans, match.start(1), match.end(1)))

    student = _STUDENT.search(text)
    if student:
        out.add("name", clean_name(student.group(1)), lines_in_span(spans, student.start(1), student.end(1)))
    name = first_value(reader, ("姓名",), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    add_match("gender", _GENDER.search(text))
    dated = sorted(
        [(value, a, b) for value, a, b in find_chinese_numeral_dates(text) if isinstance(value, date)]
        + find_dates(text),
        key=lambda item: item[1],
    )
    births = [d for d in dated if text[d[2] : d[2] + 1] == "生"]
    birth_label = reader.value("出生日期", accept=lambda t: bool(find_dates(t)))
    if birth_label:
        out.add("birth_date", find_dates(birth_label.text)[0][0].isoformat(), birth_label.lines)
    elif births:
        out.add("birth_date", births[0][0].isoformat(), lines_in_span(spans, births[0][1], births[0][2]))
    add_match("major", _MAJOR.search(text))
    major = reader.value("专业", accept=lambda t: len(cjk_only(t)) >= 2)
    if major:
        out.add("major", cjk_only(major.text, keep="()（）"), major.lines)
    labelled = first_value(reader, ("校名", "学校名称"), accept=lambda t: len(cjk_only(t)) >= 4)
    if labelled is None:
        add_match("school", _SCHOOL.search(text) or _school_in_one_line(text, spans))
    elif is_school_name(school := cjk_only(labelled.text, keep="()（）")):
        out.add("school", school, labelled.lines)
    else:
        # the school seal is pressed over the end of the printed name: the name is unreadable, and the rest of
        # the page (the seal's own ring of text) is no better a source
        out.note("school label read without a whole school name (seal over it?): school left unread")
    level_match = re.search("|".join(re.escape(word) for word in LEVEL_WORDS), text)
    if level_match:
        out.add("level", level_match.group(0), lines_in_span(spans, level_match.start(), level_match.end()))
    mode = study_mode_of(text)
    if mode:
        pos = text.find(mode)
        out.add("study_mode", mode, lines_in_span(spans, pos, pos + len(mode)))
    grad_label = reader.value("毕业日期", accept=lambda t: bool(find_dates(t)))
    if grad_label:
        out.add("graduation_date", find_dates(grad_label.text)[0][0].isoformat(), grad_label.lines)
    else:
        issued = [d for d in dated if d not in births]
        if issued:
            value, a, b = issued[-1]
            out.add("graduation_date", value.isoformat(), lines_in_span(spans, a, b))
    cert = reader.value("证书编号", accept=lambda t: len(digits_only(t)) >= 10)
    if cert:
        out.add("certificate_no", digits_only(cert.text), cert.lines)
    return out.build()
