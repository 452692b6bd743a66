"""Readers shared by several document types: names, years, level words, body text, label aliases.

Kept apart from ``base`` (the extractor contract) so that ``base`` stays free of any knowledge of
what the documents say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractors.documents.base import LabelReader, LabelValue, line_spans, lines_in_span
from extractors.models import OcrLine, OcrResult
from extractors.text import NAME_DASHES, clean_name, compact, fix_digit_confusions, is_cjk

#: Words that name an education level on a page, longest first. Recognition only: what each word means (专科 is
#: 大专) is the policy's level vocabulary (``levels`` and ``level_aliases``), the one place that maps them, and
#: ``tests/test_policy.py`` checks that it knows every word here. Extractors record the word as printed.
LEVEL_WORDS: tuple[str, ...] = (
    "博士研究生",
    "硕士研究生",
    "专科(高职)",
    "博士",
    "硕士",
    "高职",
    "专升本",
    "本科",
    "大专",
    "专科",
    "中等专业",
    "中专",
)

#: Study modes as printed (longest first, so 非全日制 wins over 全日制).
STUDY_MODES = ("非全日制", "普通全日制", "全日制", "函授", "业余", "脱产", "网络教育", "开放教育", "自学考试")

_YEAR_DU = re.compile(r"((?:19|20)\d{2})\s*年度")

#: How the name of a school ends (大学, 学院, 职业技术学院, 卫生学校, 分校, 党校, 科学院, 研究所, ...).
SCHOOL_ENDINGS = ("大学", "学院", "学校", "分校", "党校", "研究院", "研究所", "中专", "技校")


def first_value(reader: LabelReader, labels: Sequence[str], **kwargs: object) -> LabelValue | None:
    """The value after the first of ``labels`` (aliases of one label) that the form holds."""
    for label in labels:
        found = reader.value(label, **kwargs)  # type: ignore[arg-type]
        if found is not None:
            return found
    return None


def is_name(text: str) -> bool:
    """Whether ``text`` can be a person's name (2–12 CJK characters with an optional middle dot)."""
    name = clean_name(text)
    return 2 <= len(name.replace("·", "")) <= 12 and len(name) >= len(compact(text)) - 2


def name_by_label(reader: LabelReader, labels: Sequence[str] = ("姓名",)) -> LabelValue | None:
    """The person's name printed after a 姓名 label."""
    return first_value(reader, labels, accept=is_name)


_NAME_JOINERS = NAME_DASHES | {"·"}


def name_before_tongzhi(
    ocr: OcrResult, prefixes: Sequence[str] = ("现对", "同意推荐", "推荐", "兹证明", "证明", "对")
) -> LabelValue | None:
    """The name in ``××同志`` (publicity texts, certificates).

    The name is the run of Chinese characters before 同志, kept within its line (titles above
    are not part of it) and cut after the last of ``prefixes`` (``现对张三同志`` → 张三).
    """
    text, spans = line_spans(ocr.lines)
    starts = {a for a, _, _ in spans}
    pos = text.find("同志")
    while pos >= 0:
        start = pos
        while start > 0 and (is_cjk(text[start - 1]) or text[start - 1] in _NAME_JOINERS) and pos - start < 16:
            if start in starts and pos - start >= 2:
                break
            start -= 1
        candidate = text[start:pos]
        for prefix in prefixes:
            cut = candidate.rfind(prefix)
            if cut >= 0:
                rest = candidate[cut + len(prefix) :]
                candidate = rest if len(rest) >= 2 else ""  # 同意推荐杰同志: a lost character, not a name
                break
        else:
            # No prefix: a name runs back over a line break only after one (现对张|三同志); a title line above
            # is not part of it (公示结果|杰同志 when OCR lost the 田 of 田杰: the name is unreadable, not 公示结果杰).
            line_start = max((a for a in starts if pos - len(candidate) < a < pos), default=None)
            if line_start is not None:
                candidate = text[line_start:pos]
        name = clean_name(candidate)
        if 2 <= len(name) <= 12:
            return LabelValue(name, tuple(lines_in_span(spans, pos - len(candidate), pos)))
        pos = text.find("同志", pos + 2)
    return None


def year_du(ocr: OcrResult) -> tuple[int, OcrLine] | None:
    """The year of a ``20XX年度`` phrase and its line."""
    for line in ocr.lines:
        match = _YEAR_DU.search(fix_digit_confusions(compact(line.text)))
        if match:
            return int(match.group(1)), line
    return None


def find_in_lines(lines: Sequence[OcrLine], words: Sequence[str]) -> tuple[str, OcrLine] | None:
    """The first of ``words`` (in the given order of priority) found in any line, with that line."""
    for word in words:
        key = compact(word)
        for line in lines:
            if key in compact(line.text):
                return word, line
    return None


def is_school_name(text: str) -> bool:
    """Whether ``text`` reads as a whole school name: at least four characters ending as school names end.

    A read that stops short (``伊犁师范大`` for 伊犁师范大学) or ends in a misread (``新疆农业职业技术常院``)
    is where a red seal lies over the end of the printed name: not the school's name, but an unreadable one.
    """
    return len(text) >= 4 and text.endswith(SCHOOL_ENDINGS)


def printed_level(text: str) -> str | None:
    """The education level word printed in ``text`` (e.g. 专科), as printed; None when it names none."""
    s = compact(text)
    return next((word for word in LEVEL_WORDS if word in s), None)


def study_mode_of(text: str) -> str | None:
    """The study mode named in ``text``, as printed (普通全日制, 全日制, 非全日制, 函授, ...)."""
    s = compact(text)
    for mode in STUDY_MODES:
        if mode in s:
            return mode
    return None


def body_lines(ocr: OcrResult, skip: Callable[[str], bool]) -> list[OcrLine]:
    """Lines of running text: long enough, mostly Chinese, not skipped by ``skip``."""
    out = []
    for line in ocr.lines:
        s = compact(line.text)
        cjk = sum(is_cjk(ch) for ch in s)
        if cjk >= 6 and not skip(s):
            out.append(line)
    return out


def cjk_count(lines: Sequence[OcrLine]) -> int:
    """Number of CJK characters in ``lines``."""
    return sum(is_cjk(ch) for line in lines for ch in line.text)
