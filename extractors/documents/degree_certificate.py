"""学位证书 (degree certificate): holder, school, degree and certificate number.

The certificate is running text: ``张三，女，1996年3月15日生。在新疆师范大学汉语言文学专业完成了本科学习计划，
业已毕业。经审核符合《中华人民共和国学位条例》的规定，授予文学学士学位。``
"""

from __future__ import annotations

import re

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput, line_spans, lines_in_span
from extractors.documents.common import first_value, is_name
from extractors.text import clean_name, digits_only

LABELS = ("姓名", "学位", "学校", "证书编号")

_HOLDER = re.compile(r"(?:^|学位证书|证书)([\u4e00-\u9fff·]{2,12}?)[,，][男女]")
_SCHOOL = re.compile(r"在([\u4e00-\u9fff()（）]{4,30}?(?:大学|学院|学校|分校))")
_DEGREE = re.compile(r"授予([\u4e00-\u9fff]{2,12}?(?:学士|硕士|博士))学位")


def extract(page: PageInput) -> Extraction:
    """Read a degree certificate."""
    out = FieldBuilder(page)
    text, spans = line_spans(page.ocr.lines)
    reader = LabelReader(page.ocr.lines, LABELS)
    for field, pattern in (("name", _HOLDER), ("school", _SCHOOL), ("degree", _DEGREE)):
        match = pattern.search(text)
        if match:
            value = clean_name(match.group(1)) if field == "name" else match.group(1)
            out.add(field, value, lines_in_span(spans, match.start(1), match.end(1)))
    name = first_value(reader, ("姓名",), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    cert = reader.value("证书编号", accept=lambda t: len(digits_only(t)) >= 10)
    if cert:
        out.add("certificate_no", digits_only(cert.text), cert.lines)
    return out.build()
