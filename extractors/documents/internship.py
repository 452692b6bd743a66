"""Shared reader of the two 见习期 documents (工作情况 and 工作小结): whose, and how much body text."""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import body_lines, cjk_count, name_by_label
from extractors.text import clean_name

LABELS = ("姓名", "性别", "单位", "工作单位", "见习岗位", "岗位", "见习期", "见习时间", "专业", "出生年月", "签字",
          "签名", "日期", "小结人")
#: Words of headings and form labels: lines holding them are not body text.
HEADINGS = ("见习期工作情况", "见习期工作小结", "工作小结", "工作情况", "姓名", "单位", "签字", "签名", "盖章", "日期")


def extract_internship(page: PageInput) -> Extraction:
    """Read the writer's name and count the characters of the running text."""
    out = FieldBuilder(page)
    name = name_by_label(LabelReader(page.ocr.lines, LABELS), ("姓名", "小结人", "见习人"))
    if name:
        out.add("name", clean_name(name.text), name.lines)
    body = body_lines(page.ocr, skip=lambda s: any(word in s for word in HEADINGS) and len(s) < 20)
    if body:
        out.add("body_chars", str(cjk_count(body)), body)
    else:
        out.add("body_chars", "0", ())
    return out.build()
