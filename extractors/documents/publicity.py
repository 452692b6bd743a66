"""Shared readers of the three unit documents (附件1–3): 推荐单位公示, 公示结果, 单位推荐意见.

They print one sentence built from the same template: ``××同志申报××系列××专业×（初）级专业技术任职资格``,
a period ``从××××年××月××日起至××××年××月××日止`` (notice) or ``于…至…在本单位公示××天`` (result),
and ``公示无异议`` (result).
"""

from __future__ import annotations

import re

from extractors.documents.base import FieldBuilder, LabelValue, PageInput, line_spans, lines_in_span
from extractors.documents.common import name_before_tongzhi
from extractors.text import find_date_readings, fix_digit_confusions

_SERIES = re.compile(r"申报(?:了)?([\u4e00-\u9fff()（）]{2,24}?系列)")
_SPECIALTY = re.compile(r"系列([\u4e00-\u9fff()（）]{1,24}?)[(（]?([初中高])[)）]?级")
_LEVEL = re.compile(r"([初中高])[)）]?级(?:专业技术|职称|任职|资格)")
_DAYS = re.compile(r"(?:公示|本单位公)(?:期)?(?:为|共)?(\d{1,3})(?:个工作日|个工作|天|日)")
"""``公示××天``; also with 示 dropped after 在本单位 (PP-OCRv5 mobile: ``在本单位公7天``)."""
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
        out.add("title_level", f"{level.group(1)}级", lines_in_span(spans, level.start(1), level.end(1)))


#: The longest publicity period a reading is allowed to make. Periods are days to weeks (the notice asks for at
#: least 5 working days); of two readings of a date with 月 dropped, one that made the period months long is the
#: wrong split (``2024年108起至2024年1012``: 10-8, not 1-08).
MAX_PERIOD_DAYS = 60

#: What stands between the two dates of a period: 至 (or a dash, 到), or, where the recogniser dropped 至,
#: 起 alone or nothing (``从2024年919起2024年925``, ``于2024年9192024年925在本单位公示``).
_JOINED_WITHOUT_TO = ("", "日", "起", "日起")


def _joins_a_period(between: str) -> bool:
    return (len(between) <= 4 and any(sep in between for sep in ("至", "-", "—", "到"))) or (
        between.strip() in _JOINED_WITHOUT_TO
    )


def read_period(page: PageInput, out: FieldBuilder) -> None:
    """``period_start`` and ``period_end``: the first two dates after a period keyword (公示时间从…至…).

    A date with 月 dropped that reads two ways is settled by the other end of the period: the one reading
    that makes a period of at most :data:`MAX_PERIOD_DAYS` days; if none or both do, the period is unread.
    Dates that read one way only are kept as read, whatever period they make (the rules judge it).
    """
    text, spans = line_spans(page.ocr.lines)
    text = fix_digit_confusions(text)
    dates = find_date_readings(text)
    for (starts, a0, a1), (ends, b0, b1) in zip(dates, dates[1:], strict=False):
        before = text[max(0, a0 - 6) : a0]
        if not _joins_a_period(text[a1:b0]) or not any(key in before for key in _PERIOD_KEYS):
            continue
        pairs = [(s, e) for s in starts for e in ends]
        if len(pairs) > 1:  # dates told as printed are kept as printed, however odd the period they make
            pairs = [(s, e) for s, e in pairs if 0 <= (e - s).days <= MAX_PERIOD_DAYS]
        if len(pairs) == 1:
            start, end = pairs[0]
            out.add("period_start", start.isoformat(), lines_in_span(spans, a0, a1))
            out.add("period_end", end.isoformat(), lines_in_span(spans, b0, b1))
        else:
            out.note("publicity period read, but its dates cannot be told apart: period left unread")
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
