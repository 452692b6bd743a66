"""继续教育 合格证书 / 学时证明 (continuing-education certificate): who, which year, which kind, how many hours.

``kind`` is 公需 or 专业 from 公需科目 / 专业科目 (never from 专业技术人员, which every certificate prints).
"""

from __future__ import annotations

import re

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput, line_spans, lines_in_span
from extractors.documents.common import name_before_tongzhi, name_by_label, year_du
from extractors.models import OcrLine
from extractors.text import clean_name, compact, fix_digit_confusions, lost_characters

LABELS = ("姓名", "性别", "身份证号", "工作单位", "单位", "年度", "科目", "类别", "学时", "课时", "证书编号")
KINDS = (("公需", ("公需科目", "公需课", "公需")), ("专业", ("专业科目", "专业课", "专业科")))
"""Words that name the kind, 公需 looked for first. ``专业科`` is 专业科目 with 目 dropped (PP-OCRv5 mobile:
``继续教育专业科学习``, ``科类别：专业科学时``); 专业技术 never contains it."""

_HOURS = re.compile(r"(\d{1,3}(?:\.\d)?)\s*(?:个)?(?:学时|课时)")
_HOURS_LABEL = re.compile(r"(?:学时|课时)(?:数)?[:：]?(\d{1,3}(?:\.\d)?)(?![\d.])")
_YEAR_LABEL = re.compile(r"年度[:：]?((?:19|20)\d{2})")


def extract(page: PageInput) -> Extraction:
    """Read a continuing-education certificate."""
    out = FieldBuilder(page)
    reader = LabelReader(page.ocr.lines, LABELS)
    name = name_by_label(reader) or name_before_tongzhi(page.ocr, prefixes=("兹证明", "证明"))
    if name:
        out.add("name", clean_name(name.text), name.lines)
    text, spans = line_spans(page.ocr.lines)
    text = fix_digit_confusions(text)
    year = year_du(page.ocr)
    if year:
        out.add("year", str(year[0]), [year[1]])
    else:
        match = _YEAR_LABEL.search(text)
        if match:
            out.add("year", match.group(1), lines_in_span(spans, match.start(1), match.end(1)))
    for kind, words in KINDS:
        hits = [(text.find(compact(word)), word) for word in words if compact(word) in text]
        if hits:
            pos, word = min(hits)
            out.add("kind", kind, lines_in_span(spans, pos, pos + len(word)))
            break
    read_hours(text, spans, out)
    return out.build()


def read_hours(text: str, spans: list[tuple[int, int, OcrLine]], out: FieldBuilder) -> None:
    """``hours`` from every place the certificate prints them (``完成…66学时`` and ``学时：66``), cross-checked.

    Readings that agree settle it. Where they differ and one is the other with characters lost (``6`` beside
    ``66``: PP-OCRv5 mobile merges a repeated digit), the longer one is taken: a recogniser drops characters,
    it does not invent them. Any other disagreement is left unread rather than guessed.
    """
    # Line by line: joined, a label's number runs into the digits that start the next line (学时：36 + 2024年…).
    readings = [
        (_hours_value(m.group(1)), line)
        for a, b, line in spans
        for pattern in (_HOURS, _HOURS_LABEL)
        for m in pattern.finditer(text[a:b])
    ]
    if not readings:
        return
    values = {value for value, _ in readings}
    longest = max(values, key=len)
    if not all(v == longest or lost_characters(v, longest) for v in values):
        out.note(f"{len(values)} different hours printed on the certificate: left unread")
        return
    out.add("hours", longest, [next(line for value, line in readings if value == longest)])


def _hours_value(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text
