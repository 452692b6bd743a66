"""Shared readers of the three unit documents (附件1–3): 推荐单位公示, 公示结果, 单位推荐意见.

They print one sentence built from the same template: ``××同志申报××系列××专业×（初）级专业技术任职资格``,
a period ``从××××年××月××日起至××××年××月××日止`` (notice) or ``于…至…在本单位公示××天`` (result),
and ``公示无异议`` (result).
"""

from __future__ import annotations

import re

from extractors.documents.base import FieldBuilder, LabelValue, PageInput, line_spans, lines_in_span
from extractors.documents.common import name_before_tongzhi
from extractors.text import find_dates, fix_digit_confusions

LEVEL_WORDS = {"初": "初级", "中": "中级", "高": "高级"}

_SERIES = re.compile(r"申报(?:了)?([\u4e00-\u9fff()（）]{2,24}?系列)")
_SPECIALTY = re.compile(r"系列([\u4e00-\u9fff()（）]{1,24}?)[(（]?([初中高])[)）]?级")
_LEVEL = re.compile(r"([初中高])[)）]?级(?:专业技术|职称|任职|资格)")
_DAYS = re.compile(r"公示(?:期)?(?:为|共)?(\d{1,3})(?:个工作日|个工作|天|日)")
_PERIOD_KEYS = ("公示时间", "公示期", "于", "从", "自")


def read_name(page: PageInput, out: FieldBuilder) -> None:
    """``name`` from ``××同志``."""
    name: LabelValue | None = name_before_tongzhi(page.ocr)
    if name:
        out.add("name", name.text, name.lines)


def read_series_level(page: PageInput, out: FieldBuilder, *, specialty: bool) -> None:
    """``series``, ``level`` and (optionally) ``specialty`` from the template sentence."""
    text, spans = line_spans(page.ocr.lines)
    series = _SERIES.search(text)
    if series:
        out.add("series", series.group(1), lines_in_span(spans, series.start(1), series.end(1)))
        if specialty:
            spec = _SPECIALTY.search(text, series.end(1) - 2)
            if spec and spec.group(1):
                out.add("specialty", spec.group(1), lines_in_span(spans, spec.start(1), spec.end(1)))
    level = _LEVEL.search(text)
    if level:
        out.add("level", LEVEL_WORDS[level.group(1)], lines_in_span(spans, level.start(1), level.end(1)))


def read_period(page: PageInput, out: FieldBuilder) -> None:
    """``period_start`` and ``period_end``: the first two dates after a period keyword (公示时间从…至…)."""
    text, spans = line_spans(page.ocr.lines)
    text = fix_digit_confusions(text)
    dates = find_dates(text)
    for first, second in zip(dates, dates[1:], strict=False):
        between = text[first[2] : second[1]]
        before = text[max(0, first[1] - 6) : first[1]]
        if len(between) <= 4 and ("至" in between or "-" in between or "—" in between or "到" in between) and any(
            key in before for key in _PERIOD_KEYS
        ):
            out.add("period_start", first[0].isoformat(), lines_in_span(spans, first[1], first[2]))
            out.add("period_end", second[0].isoformat(), lines_in_span(spans, second[1], second[2]))
            return


def read_days(page: PageInput, out: FieldBuilder) -> None:
    """``days``: the number in ``公示××天``."""
    text, spans = line_spans(page.ocr.lines)
    match = _DAYS.search(fix_digit_confusions(text))
    if match:
        out.add("days", str(int(match.group(1))), lines_in_span(spans, match.start(1), match.end(1)))


def read_objection(page: PageInput, out: FieldBuilder) -> None:
    """``objection``: 无异议 or 有异议 as stated."""
    text, spans = line_spans(page.ocr.lines)
    for word, value in (("无异议", "无异议"), ("有异议", "有异议"), ("收到异议", "有异议"), ("异议成立", "有异议")):
        pos = text.find(word)
        if pos >= 0:
            out.add("objection", value, lines_in_span(spans, pos, pos + len(word)))
            return
