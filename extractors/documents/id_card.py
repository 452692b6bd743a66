"""身份证 (resident identity card): the portrait side's personal fields and the emblem side's validity.

Bilingual Xinjiang cards print a Uyghur (Arabic-script) line above each Chinese one; those lines
are dropped before reading. The ID number is normalised (letter/digit confusions, width, ``x``)
and, where OCR offers several candidates, chosen by the GB 11643 check digit and agreement with
the printed birth date and gender; a number that fails the check is still reported as read, with
a low confidence, and never corrected by guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, LabelValue, PageInput, find_label
from extractors.id_number import IdNumberInfo, IdProblem, parse_id_number
from extractors.models import OcrLine, Side
from extractors.text import DIGIT_CONFUSIONS, cjk_only, clean_name, compact, find_dates, is_chinese_or_digit_line

PORTRAIT_LABELS = ("姓名", "性别", "民族", "出生", "住址", "公民身份号码")
EMBLEM_LABELS = ("签发机关", "有效期限", "中华人民共和国", "居民身份证")

#: Confidence given to an ID number that fails the check digit (the validators report it).
INVALID_NUMBER_CONFIDENCE = 0.3

_ID_RUN = re.compile(r"[0-9OoDQIlis|ZzSBgq〇]{17}[0-9Xx×OoDQIl|]")


@dataclass(frozen=True)
class IdCandidate:
    """One reading of the ID number and the line it came from."""

    number: str
    line: OcrLine


def normalise_id_number(text: str) -> str:
    """Normalise an ID-number reading: half width, no spaces, letter→digit, ``x``/``×`` → ``X``."""
    s = compact(text)
    out = []
    for i, ch in enumerate(s):
        if ch.isascii() and ch.isdigit():
            out.append(ch)
        elif i == len(s) - 1 and ch in "xX×":
            out.append("X")
        elif ch in DIGIT_CONFUSIONS:
            out.append(DIGIT_CONFUSIONS[ch])
    return "".join(out)


def id_number_candidates(lines: Sequence[OcrLine]) -> list[IdCandidate]:
    """Every 18-character ID-number reading found in ``lines``."""
    found: list[IdCandidate] = []
    for line in lines:
        s = compact(line.text)
        for match in _ID_RUN.finditer(s):
            number = normalise_id_number(match.group(0))
            if len(number) == 18 and number[:17].isdigit():
                found.append(IdCandidate(number, line))
    return found


def choose_id_number(
    candidates: Sequence[IdCandidate], birth_date: date | None, gender: str | None
) -> tuple[IdCandidate, bool] | None:
    """Pick the reading that best fits: valid check digit, then agreement with birth date and gender.

    Returns the chosen candidate and whether it is valid; ``None`` without candidates.
    """
    if not candidates:
        return None

    def score(candidate: IdCandidate) -> tuple[int, float]:
        info = parse_id_number(candidate.number)
        points = 4 if _valid(info) else 0
        if birth_date is not None and info.birth_date == birth_date:
            points += 2
        if gender and info.gender == gender:
            points += 1
        return points, candidate.line.confidence

    best = max(candidates, key=score)
    return best, _valid(parse_id_number(best.number))


def _valid(info: IdNumberInfo) -> bool:
    """Check digit and birth date hold (GB 11643); an unknown county code is a doubt for the rules, not here."""
    return info.problem in (None, IdProblem.REGION)


def _chinese_lines(lines: Sequence[OcrLine]) -> list[OcrLine]:
    return [line for line in lines if is_chinese_or_digit_line(line.text)]


def _gender(text: str) -> str | None:
    for ch in text:
        if ch in "男女":
            return ch
    return None


def _portrait(page: PageInput, out: FieldBuilder) -> None:
    lines = _chinese_lines(page.ocr.lines)
    reader = LabelReader(lines, PORTRAIT_LABELS)
    name = reader.value("姓名", accept=lambda t: len(clean_name(t)) >= 2)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    gender = reader.value("性别", accept=lambda t: _gender(t) is not None)
    gender_value = _gender(gender.text) if gender else None
    if gender and gender_value:
        out.add("gender", gender_value, gender.lines)
    ethnicity = reader.value("民族", accept=lambda t: bool(cjk_only(t)))
    if ethnicity:
        value = cjk_only(ethnicity.text)
        # cards print 汉 / 维吾尔; the application and the reports say 汉族 / 维吾尔族
        out.add("ethnicity", value if value.endswith("族") else value + "族", ethnicity.lines)
    birth = reader.value("出生", accept=lambda t: bool(find_dates(t)), below=True)
    birth_value = find_dates(birth.text)[0][0] if birth else None
    if birth and birth_value:
        out.add("birth_date", birth_value.isoformat(), birth.lines)
    address = reader.value("住址", multiline=True, below=True)
    if address:
        out.add("address", cjk_only(address.text, keep="0123456789-—·()（）"), address.lines)
    number_hit = reader.find("公民身份号码")
    pool = list(page.ocr.lines)
    if number_hit is not None:
        # lines on the number's row first: the number is printed right of its label
        row = [ln for ln in page.ocr.lines if abs(ln.bbox.y0 - number_hit.line.bbox.y0) < 2 * ln.bbox.height]
        pool = row + [ln for ln in page.ocr.lines if ln not in row]
    chosen = choose_id_number(id_number_candidates(pool), birth_value, gender_value)
    if chosen is not None:
        candidate, valid = chosen
        confidence = candidate.line.confidence if valid else min(candidate.line.confidence, INVALID_NUMBER_CONFIDENCE)
        out.add("id_number", candidate.number, [candidate.line], confidence=confidence)
        if not valid:
            out.note("id number fails the GB 11643 check")


def _validity(text: str) -> tuple[str, str] | None:
    dates = find_dates(text)
    if not dates:
        return None
    start = dates[0][0].isoformat()
    rest = compact(text)[dates[0][2] :]
    if "长期" in rest or find_label(rest, "长期", max_errors=0) is not None:
        return start, "长期"
    if len(dates) >= 2:
        return start, dates[1][0].isoformat()
    return None


def _emblem(page: PageInput, out: FieldBuilder) -> None:
    lines = _chinese_lines(page.ocr.lines)
    reader = LabelReader(lines, EMBLEM_LABELS)
    authority = reader.value("签发机关", accept=lambda t: len(cjk_only(t)) >= 3)
    if authority:
        out.add("issuing_authority", cjk_only(authority.text), authority.lines)
    validity = reader.value("有效期限", accept=lambda t: _validity(t) is not None)
    if validity is None:
        # the label may be lost; any line holding a date range will do
        for line in lines:
            if _validity(line.text) is not None and len(find_dates(line.text)) + ("长期" in line.text) >= 2:
                validity = LabelValue(text=compact(line.text), lines=(line,))
                break
    if validity:
        parsed = _validity(validity.text)
        if parsed:
            out.add("valid_from", parsed[0], validity.lines)
            out.add("valid_until", parsed[1], validity.lines)


def extract(page: PageInput) -> Extraction:
    """Read the side of the ID card given in ``page.side`` (decided from content when ``none``)."""
    out = FieldBuilder(page)
    side = page.side
    if side not in (Side.PORTRAIT, Side.EMBLEM):
        text = compact(page.ocr.text)
        side = Side.PORTRAIT if find_label(text, "公民身份号码") or "姓名" in text else Side.EMBLEM
    if side is Side.PORTRAIT:
        _portrait(page, out)
    else:
        _emblem(page, out)
    return out.build()
