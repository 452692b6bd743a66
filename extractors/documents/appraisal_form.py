"""年度考核登记表 (annual appraisal form): front (who, which year, where) and back (the grade).

The back often lists every grade with a tick box; a grade is read only where exactly one is
marked or printed after 考核等次, never chosen among several.
"""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput, find_label
from extractors.documents.common import name_by_label, year_du
from extractors.models import Side
from extractors.text import cjk_only, clean_name, compact

LABELS = ("姓名", "性别", "出生年月", "民族", "政治面貌", "工作单位", "单位", "现任职务", "职务", "个人总结",
          "考核等次", "主管领导评语", "单位负责人", "考核意见", "等次")
#: Grades, longest first so that 基本合格 is not read as 合格.
GRADES = ("基本合格", "不合格", "基本称职", "不称职", "优秀", "合格", "称职")
TICKS = "☑✓√✔■●☒"


def grades_in(text: str) -> list[str]:
    """Grades named in ``text``, each once, in order of appearance (longest match wins)."""
    s = compact(text)
    found: list[tuple[int, str]] = []
    for grade in GRADES:
        start = s.find(grade)
        while start >= 0:
            if not any(a <= start < a + len(g) for a, g in found):
                found.append((start, grade))
            start = s.find(grade, start + 1)
    return [g for _, g in sorted(found)]


def ticked_grade(text: str) -> str | None:
    """The grade marked by a tick in a list of choices (``优秀□合格☑…``), if exactly one is."""
    s = compact(text)
    marked = []
    for grade in grades_in(s):
        pos = s.find(grade)
        around = s[max(0, pos - 1) : pos] + s[pos + len(grade) : pos + len(grade) + 1]
        if any(ch in TICKS for ch in around):
            marked.append(grade)
    return marked[0] if len(marked) == 1 else None


def _front(page: PageInput, out: FieldBuilder) -> None:
    reader = LabelReader(page.ocr.lines, LABELS)
    name = name_by_label(reader)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    employer = reader.value("工作单位", accept=lambda t: len(cjk_only(t)) >= 3) or reader.value(
        "单位", accept=lambda t: len(cjk_only(t)) >= 3, exclude=("单位负责人",)
    )
    if employer:
        out.add("employer", cjk_only(employer.text, keep="()（）"), employer.lines)


def _back(page: PageInput, out: FieldBuilder) -> None:
    reader = LabelReader(page.ocr.lines, LABELS)
    # The unit's 考核等次 is the grade; the leader's 考核等次建议 above it is only a proposal, read
    # when the final line is illegible (seen: 建议 first in reading order, its value split into 合 / 格).
    has_grade = lambda t: bool(grades_in(t))  # noqa: E731
    found = (
        reader.value("考核等次", exclude=("建议",), accept=has_grade)
        or reader.value("考核等次", accept=has_grade)
        or reader.value("等次", accept=has_grade)
    )
    if found:
        grades = grades_in(found.text)
        grade = grades[0] if len(grades) == 1 else ticked_grade(found.text)
        if grade:
            out.add("grade", grade, found.lines)
        else:
            out.note("several grades printed and none marked")


def extract(page: PageInput) -> Extraction:
    """Read the side given in ``page.side`` (front when the side is unknown and 个人总结 or 姓名 is printed)."""
    out = FieldBuilder(page)
    side = page.side
    if side not in (Side.FRONT, Side.BACK):
        text = compact(page.ocr.text)
        side = Side.BACK if find_label(text, "考核等次") or find_label(text, "主管领导评语") else Side.FRONT
    year = year_du(page.ocr)
    if year:
        out.add("year", str(year[0]), [year[1]])
    if side is Side.BACK:
        _back(page, out)
    else:
        _front(page, out)
    return out.build()
