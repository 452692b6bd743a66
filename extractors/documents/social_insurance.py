"""社保缴费清单 (social-insurance contribution statement): whose, which months, how many.

The statement is a table of monthly rows (``2023-10 养老保险 …``) or prints a period
(``缴费期间 2023年10月至2024年09月``). ``months`` counts the distinct months of the rows, or the
span of the printed period when there are no rows.
"""

from __future__ import annotations

import re

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import first_value, is_name
from extractors.models import OcrLine
from extractors.text import clean_name, compact, fix_digit_confusions

LABELS = ("姓名", "参保人", "社会保障号码", "身份证号", "证件号码", "单位名称", "参保单位", "缴费期间", "打印日期",
          "险种", "缴费基数", "个人缴费", "单位缴费")
#: A year and month not followed by a day: a row's month.
_MONTH = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-./年])?\s*(0[1-9]|1[0-2]|[1-9])(?!\d)(?!\s*[-./]\s*\d)(?!\s*月\s*\d)"
)
_PERIOD_LINE = ("缴费期间", "缴费时间", "起止", "期间", "至")


def months_in(text: str) -> list[tuple[int, int]]:
    """Year-months in ``text`` that are not part of a full date."""
    s = fix_digit_confusions(compact(text))
    return [(int(m.group(1)), int(m.group(2))) for m in _MONTH.finditer(s)]


def _span(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1]) + 1


def extract(page: PageInput) -> Extraction:
    """Read name, first and last month, and the number of months."""
    out = FieldBuilder(page)
    reader = LabelReader(page.ocr.lines, LABELS)
    name = first_value(reader, ("姓名", "参保人姓名", "参保人"), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    rows: dict[tuple[int, int], OcrLine] = {}
    period: list[tuple[tuple[int, int], OcrLine]] = []
    for line in page.ocr.lines:
        s = compact(line.text)
        found = months_in(s)
        if not found:
            continue
        if len(found) >= 2 and any(key in s for key in _PERIOD_LINE):
            period = [(found[0], line), (found[-1], line)]
            continue
        if "打印" in s or "日期" in s:
            continue
        rows.setdefault(found[0], line)
    if rows:
        first, last = min(rows), max(rows)
        out.add("period_start", f"{first[0]:04d}-{first[1]:02d}", [rows[first]])
        out.add("period_end", f"{last[0]:04d}-{last[1]:02d}", [rows[last]])
        out.add("months", str(len(rows)), list(rows.values()))
    elif period:
        (first, line_a), (last, line_b) = period
        out.add("period_start", f"{first[0]:04d}-{first[1]:02d}", [line_a])
        out.add("period_end", f"{last[0]:04d}-{last[1]:02d}", [line_b])
        if _span(first, last) > 0:
            out.add("months", str(_span(first, last)), [line_a])
    return out.build()
