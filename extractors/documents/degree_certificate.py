"""学位证书 (degree certificate): holder, school, degree and certificate number.

The certificate is running text: ``张三，女，1996年3月15日生。在新疆师范大学汉语言文学专业完成了本科学习计划，
业已毕业。经审核符合《中华人民共和国学位条例》的规定，授予文学学士学位。``
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput, line_spans, lines_in_span
from extractors.documents.common import first_value, is_name
from extractors.models import FieldName, OcrLine
from extractors.text import clean_name, digits_only

LABELS = ("姓名", "学位", "学校", "证书编号")

#: ``张三，女，`` opens the conferral sentence: the holder is the text before the comma on its line.
_GENDER_AFTER_NAME = re.compile(r"[,，][男女](?:[,，]|$)")
_SCHOOL = re.compile(r"在([\u4e00-\u9fff()（）]{2,30}?(?:大学|学院|学校|分校))")
_DEGREE = re.compile(r"授予([\u4e00-\u9fff]{2,12}?(?:学士|硕士|博士))学位")


def holder(text: str, spans: Sequence[tuple[int, int, OcrLine]]) -> tuple[str, int, int] | None:
    """The holder's name and its span: the start of the line up to ``，男/女``, after any title (…学位证书).

    The lines are joined without separators, so a pattern over the joined text would take the title line above
    as part of the name (``硕士学位证书田琳``); the line is the boundary. A name alone on its line (the comma
    wrapped to the next one) is taken from the line before.
    """
    for match in _GENDER_AFTER_NAME.finditer(text):
        for index, (start, end, _) in enumerate(spans):
            if not start <= match.start() < end:
                continue
            if match.start() == start and index > 0:
                start = spans[index - 1][0]
            head = text[start : match.start()]
            cut = head.rfind("证书")
            if cut >= 0:
                start += cut + 2
                head = head[cut + 2 :]
            if is_name(head):
                return clean_name(head), start, match.start()
            break
    return None


def extract(page: PageInput) -> Extraction:
    """Read a degree certificate."""
    out = FieldBuilder(page)
    text, spans = line_spans(page.ocr.lines)
    reader = LabelReader(page.ocr.lines, LABELS)
    found = holder(text, spans)
    if found:
        out.add("name", found[0], lines_in_span(spans, found[1], found[2]))
    patterns: tuple[tuple[FieldName, re.Pattern[str]], ...] = (("school", _SCHOOL), ("degree", _DEGREE))
    for field, pattern in patterns:
        match = pattern.search(text)
        if match:
            out.add(field, match.group(1), lines_in_span(spans, match.start(1), match.end(1)))
    name = first_value(reader, ("姓名",), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    cert = reader.value("证书编号", accept=lambda t: len(digits_only(t)) >= 10)
    if cert:
        out.add("certificate_no", digits_only(cert.text), cert.lines)
    return out.build()
