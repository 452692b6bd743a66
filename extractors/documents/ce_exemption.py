"""继续教育免试审批表 / 免除继续教育学习申请表 (附件5): whose exemption; the seal is a mark."""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import name_by_label
from extractors.text import clean_name

LABELS = ("姓名", "性别", "出生年月", "身份证号", "学历", "学位", "现工作单位", "参加工作时间", "现有专业技术职务",
          "拟申报专业技术职务", "免学理由", "审核意见")


def extract(page: PageInput) -> Extraction:
    """Read the applicant's name (the approving seal is looked for by ``page_marks``)."""
    out = FieldBuilder(page)
    name = name_by_label(LabelReader(page.ocr.lines, LABELS))
    if name:
        out.add("name", clean_name(name.text), name.lines)
    return out.build()
