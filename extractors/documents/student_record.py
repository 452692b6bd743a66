"""学籍档案 (student record, used where no 学信网 report can be had): who studied what, where, how."""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import first_value, is_name, printed_level, study_mode_of
from extractors.text import cjk_only, clean_name

LABELS = ("姓名", "性别", "出生日期", "学校名称", "院校", "学校", "所学专业", "专业", "学历层次", "层次",
          "学习形式", "学制", "入学日期",
          "学号", "班级", "院系")


def extract(page: PageInput) -> Extraction:
    """Read the labelled fields of a student record."""
    out = FieldBuilder(page)
    reader = LabelReader(page.ocr.lines, LABELS)
    name = first_value(reader, ("姓名",), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    school = first_value(reader, ("学校名称", "院校名称", "院校", "学校"), accept=lambda t: len(cjk_only(t)) >= 4)
    if school:
        out.add("school", cjk_only(school.text, keep="()（）"), school.lines)
    major = first_value(reader, ("所学专业", "专业"), accept=lambda t: 2 <= len(cjk_only(t)) <= 30,
                        exclude=("专业技术",))
    if major:
        out.add("major", cjk_only(major.text, keep="()（）"), major.lines)
    level = first_value(reader, ("学历层次", "层次"), accept=lambda t: printed_level(t) is not None)
    if level:
        out.add("level", printed_level(level.text), level.lines, raw=level.text)
    mode = reader.value("学习形式", accept=lambda t: study_mode_of(t) is not None)
    if mode:
        out.add("study_mode", study_mode_of(mode.text), mode.lines, raw=mode.text)
    return out.build()
