"""Text normalisation helpers shared by classification and the per-type extractors.

OCR of Chinese forms mixes full-width and half-width characters, confuses letters with digits
(O/0, I/l/1, S/5, B/8, Z/2) and drops or inserts spaces. The helpers here undo that where it is
safe: in digit contexts only, never inside names. They also parse the date spellings found on the
documents of a dossier and match keywords approximately. This module must not know any document
type; it knows characters, dates and strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rapidfuzz.distance import Levenshtein

_SPACE_RE = re.compile(r"[\s\u3000]+")

def _opencc_characters() -> dict[str, str]:
    """OpenCC's traditional-to-simplified character table (``TSCharacters.txt``), single characters only.

    Shipped inside ``opencc-python-reimplemented`` (Apache-2.0); the first simplified candidate is taken.
    """
    import opencc  # the package's data, not its converter: one character in, one out, offsets hold

    table: dict[str, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


#: Traditional forms the recognisers return for simplified print (dossiers are simplified Chinese): 於 for 于
#: (PP-OCRv5 mobile, 申报材料于…), 瑤 for 瑶 (PP-OCRv6 small, in a name), 業, 學, 號… Every character of
#: OpenCC's table, so the fold is a rule, not a list of cases seen; the validators fold declared values the
#: same way (``simplified``), so a name legitimately written with such a character still matches itself.
TRADITIONAL: dict[str, str] = _opencc_characters()


def simplified(text: str) -> str:
    """``text`` with every traditional character of :data:`TRADITIONAL` folded to its simplified form."""
    return "".join(TRADITIONAL.get(ch, ch) for ch in text)


#: Dots OCR returns for the middle dot of Uyghur names (阿依古丽·买买提): bullet, bullet operator, hyphenation
#: point, dot operator, katakana middle dot. Not ``.``, which separates date parts.
NAME_DOTS = frozenset("•∙‧⋅・")

#: Dashes OCR reads for the middle dot of a name (艾合买提-亚森: PP-OCRv5 mobile, tune seed 1100, WL1100-0018).
#: A Chinese name holds no dash, so in a name (:func:`clean_name`) each stands for the dot; elsewhere a dash stays.
NAME_DASHES = frozenset("-‐‑–—－")

#: Letters OCR reads in place of digits; applied only where a digit is expected.
DIGIT_CONFUSIONS: dict[str, str] = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "〇": "0",
    "I": "1",
    "l": "1",
    "i": "1",
    "|": "1",
    "!": "1",
    "Z": "2",
    "z": "2",
    "S": "5",
    "s": "5",
    "B": "8",
    "g": "9",
    "q": "9",
}

_DATE_SEP = r"\s*[年./\-—–_]\s*"
_DATE_RE = re.compile(
    r"(?<![0-9])(?P<y>[12Il][0-9OoIlSBZ]{3})" + _DATE_SEP + r"(?P<m>[0-9OoIlSBZ]{1,2})\s*[月./\-—–_]\s*"
    r"(?P<d>[0-9OoIlSBZ]{1,2})(?![0-9])\s*日?"
)
_NEXT_YEAR = r"(?:19|20)\d{2}\s*年"
_RUN_ON_DATE_RE = re.compile(
    r"(?:(?<![0-9])|(?<=年\d{3})|(?<=年\d{4}))(?P<y>(?:19|20)\d{2})\s*年\s*"
    r"(?P<md>\d{3,4}?)(?:(?![0-9])|(?=" + _NEXT_YEAR + r"))\s*日?"
)
"""A date whose 月 the recogniser dropped (``2024年919日``, ``2025年0408日``: PP-OCRv5 mobile drops 月 and 日
between digits), also when the next date follows with nothing between (``2024年9192024年925``: 日 and 至
dropped too); read only where the digits split into a month and a day one way alone (see
:func:`_month_day_splits`) unless the caller can choose among the splits (:func:`find_date_readings`)."""
_COMPACT_DATE_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?![0-9])")
_YEAR_MONTH_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年./\-—–]\s*(?P<m>\d{1,2})(?!\d)\s*月?")


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms and the ideographic space to their half-width forms.

    Kangxi radicals (which OCR sometimes returns for look-alike ideographs, e.g. ⽇ for 日) are
    folded to the ideograph, a few traditional forms the recogniser returns for simplified
    print (``TRADITIONAL``) to their simplified form, and the dots of ``NAME_DOTS`` to the middle
    dot ``·``; other CJK ideographs are left alone. One character in, one out: offsets hold.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif 0x2F00 <= code <= 0x2FDF:  # Kangxi radicals that OCR returns for look-alike ideographs
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch in TRADITIONAL:
            out.append(TRADITIONAL[ch])
        elif ch in NAME_DOTS:
            out.append("·")
        else:
            out.append(ch)
    return "".join(out)


def compact(text: str) -> str:
    """Half-width text without any whitespace."""
    return _SPACE_RE.sub("", to_halfwidth(text))


def digits_only(text: str, *, allow_x: bool = False) -> str:
    """Return the digits of ``text`` after resolving letter/digit confusions.

    With ``allow_x`` a trailing ``x``/``X`` (the ID-number check character) is kept upper-case.
    """
    s = compact(text)
    out = []
    for i, ch in enumerate(s):
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif allow_x and ch in "xX×" and i == len(s) - 1:
            out.append("X")
        elif ch in DIGIT_CONFUSIONS:
            out.append(DIGIT_CONFUSIONS[ch])
    return "".join(out)


def fix_digit_confusions(text: str) -> str:
    """Replace letters by digits inside runs that are mostly digits (``2O24`` → ``2024``)."""

    def repl(match: re.Match[str]) -> str:
        run = match.group(0)
        digits = sum(ch.isdigit() for ch in run)
        if digits * 2 < len(run):
            return run
        return "".join(DIGIT_CONFUSIONS.get(ch, ch) for ch in run)

    return re.sub(r"[0-9OoDQIlis|ZzSBgq〇]{3,}", repl, to_halfwidth(text))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _num(token: str) -> int:
    return int("".join(DIGIT_CONFUSIONS.get(ch, ch) for ch in token))


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Find every full date in ``text``: ``(date, start, end)`` in order of appearance.

    Understands ``2024年10月9日``, ``2024.10.09``, ``2024-10-09``, ``2024/10/9`` and ``20241009``,
    with spaces and common OCR letter/digit confusions inside the numbers, and a date whose 月 was dropped
    when its digits split into a month and a day one way alone.
    """
    return [(readings[0], start, end) for readings, start, end in find_date_readings(text) if len(readings) == 1]


def find_date_readings(text: str) -> list[tuple[tuple[date, ...], int, int]]:
    """Every date in ``text`` with all its possible readings: ``(readings, start, end)`` in order of appearance.

    A date with 月 dropped whose digits split two ways (``2024年108``: 1-08 or 10-8) has two readings; every
    other date has one. :func:`find_dates` keeps the dates that can be told; a caller that knows more (the two
    ends of a publicity period are days apart) may choose among the readings.
    """
    s = to_halfwidth(text)
    found: list[tuple[tuple[date, ...], int, int]] = []
    taken: list[tuple[int, int]] = []
    for match in _DATE_RE.finditer(s):
        year = _num(match.group("y"))
        value = _safe_date(year, _num(match.group("m")), _num(match.group("d"))) if 1900 <= year <= 2099 else None
        if value is not None:
            found.append(((value,), match.start(), match.end()))
            taken.append((match.start(), match.end()))
    for match in _RUN_ON_DATE_RE.finditer(s):
        if any(a <= match.start() < b for a, b in taken):
            continue
        readings = _month_day_splits(int(match.group("y")), match.group("md"))
        if readings:
            found.append((readings, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    for match in _COMPACT_DATE_RE.finditer(s):
        if any(a <= match.start() < b for a, b in taken):
            continue
        value = _safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if value is not None:
            found.append(((value,), match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def _month_day_splits(year: int, digits: str) -> tuple[date, ...]:
    """The real dates ``year``-M-D that month and day digits run together can be, earliest first.

    ``919`` is 9-19 alone (91-9 is no date), ``1014`` is 10-14, ``0408`` is 04-08; ``111`` is 1-11 or 11-1,
    which :func:`find_dates` does not guess.
    """
    splits = {(int(digits[:i]), int(digits[i:])) for i in (1, 2) if len(digits[i:]) <= 2 and len(digits[:i]) <= 2}
    return tuple(sorted({value for m, d in splits if (value := _safe_date(year, m, d)) is not None}))


def lost_characters(got: str, want: str) -> bool:
    """Whether ``got`` is ``want`` with characters missing (a strict subsequence): lost in reading, not changed.

    A recogniser drops characters it cannot place (PP-OCRv5 mobile: 新疆师范学 for 新疆师范大学, 6 for 66);
    it does not invent them.
    """
    if len(got) >= len(want):
        return False
    rest = iter(want)
    return all(ch in rest for ch in got)


def parse_date(text: str) -> date | None:
    """Return the first full date in ``text``, or ``None``."""
    dates = find_dates(text)
    return dates[0][0] if dates else None


def parse_year_month(text: str) -> tuple[int, int] | None:
    """Return the first ``(year, month)`` in ``text`` (``2023年7月``, ``2023-07``, ``202307``), or ``None``."""
    s = fix_digit_confusions(compact(text))
    match = _YEAR_MONTH_RE.search(s)
    if match and 1 <= int(match.group("m")) <= 12:
        return int(match.group("y")), int(match.group("m"))
    match = re.search(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(?!\d)", s)
    if match:
        return int(match.group(1)), int(match.group(2))
    return None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings (rapidfuzz)."""
    return int(Levenshtein.distance(a, b))


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length: 1.0 for equal texts (two empty ones too), 0.0 for nothing in common."""
    return float(Levenshtein.normalized_similarity(a, b))


def substring_distance(keyword: str, text: str) -> tuple[int, int]:
    """Smallest edit distance of ``keyword`` to any substring of ``text``, and where that substring ends.

    Sellers' algorithm: the cost of starting the match anywhere in ``text`` is zero.
    """
    if not keyword:
        return 0, 0
    if not text:
        return len(keyword), 0
    # column per keyword prefix; row per text position
    previous = list(range(len(keyword) + 1))
    best, best_end = previous[-1], 0
    for j, ct in enumerate(text, 1):
        current = [0]
        for i, ck in enumerate(keyword, 1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (ck != ct)))
        if current[-1] < best:
            best, best_end = current[-1], j
        previous = current
    return best, best_end


def allowed_errors(keyword: str) -> int:
    """Edits tolerated when matching ``keyword``: none up to 3 characters, then one per 4 characters."""
    n = len(keyword)
    if n <= 3:
        return 0
    return max(1, n // 4)


def fuzzy_find(keyword: str, text: str, max_errors: int | None = None) -> int | None:
    """End offset of the best approximate occurrence of ``keyword`` in ``text`` (spaces ignored), or ``None``.

    The offset refers to the compacted text (``compact(text)``).
    """
    limit = allowed_errors(keyword) if max_errors is None else max_errors
    kw = compact(keyword)
    s = compact(text)
    if kw in s:
        return s.index(kw) + len(kw)
    distance, end = substring_distance(kw, s)
    return end if distance <= limit else None


def fuzzy_contains(text: str, keyword: str, max_errors: int | None = None) -> bool:
    """Whether ``keyword`` occurs approximately in ``text`` (spaces and width ignored)."""
    return fuzzy_find(keyword, text, max_errors) is not None


def keyword_score(text: str, keyword: str) -> float:
    """Similarity in 0..1 of ``keyword`` to its best-matching substring of ``text``."""
    kw = compact(keyword)
    if not kw:
        return 1.0
    distance, _ = substring_distance(kw, compact(text))
    return max(0.0, 1.0 - distance / len(kw))


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK unified ideograph."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def is_arabic_script(ch: str) -> bool:
    """Whether ``ch`` belongs to the Arabic script blocks (Uyghur lines of bilingual documents)."""
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def cjk_only(text: str, keep: Iterable[str] = "·•") -> str:
    """Keep only CJK ideographs and the characters in ``keep`` (the name dot of Uyghur names)."""
    keep_set = set(keep)
    return "".join(ch for ch in text if is_cjk(ch) or ch in keep_set)


def is_chinese_or_digit_line(text: str) -> bool:
    """Whether a line is mostly Chinese or digits (and not a Uyghur/Latin-script line)."""
    s = compact(text)
    if not s:
        return False
    arabic = sum(is_arabic_script(ch) for ch in s)
    useful = sum(is_cjk(ch) or ch.isdigit() for ch in s)
    return arabic == 0 and useful * 2 >= len(s)


def clean_name(text: str) -> str:
    """A person's name as printed: CJK ideographs with the middle dot (or a dash read for it) normalised to ``·``."""
    s = compact(text).replace("•", "·").replace("・", "·").replace("．", "·").replace(".", "·")
    s = "".join("·" if ch in NAME_DASHES else ch for ch in s)
    s = cjk_only(s, keep="·").strip("·")
    return re.sub("·+", "·", s)


_CN_DIGITS = {"〇": 0, "○": 0, "◯": 0, "零": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}
_CN_DATE_RE = re.compile(
    r"(?P<y>[〇○◯零Oo0一二三四五六七八九]{4}|二[一二三四五六七八九〇○]{2})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日)?"
)


def _cn_small(token: str) -> int | None:
    """Value of a Chinese numeral below 100 (``十五`` → 15, ``三十一`` → 31)."""
    if not token:
        return None
    if "十" in token:
        head, _, tail = token.partition("十")
        tens = _CN_DIGITS.get(head, -1) if head else 1
        ones = _CN_DIGITS.get(tail, -1) if tail else 0
        if tens < 0 or ones < 0:
            return None
        return tens * 10 + ones
    if len(token) == 1:
        return _CN_DIGITS.get(token)
    return None


def find_chinese_numeral_dates(text: str) -> list[tuple[date | tuple[int, int], int, int]]:
    """Dates written in Chinese numerals (``二〇一九年六月三十日``; day optional → ``(year, month)``)."""
    found: list[tuple[date | tuple[int, int], int, int]] = []
    for match in _CN_DATE_RE.finditer(compact(text)):
        spelled = match.group("y")
        if len(spelled) == 3:  # 二〇一八 with its 〇 dropped (PP-OCRv5 mobile drops 〇): no year has 3 digits
            spelled = spelled[0] + "〇" + spelled[1:]
        year = int("".join(str(_CN_DIGITS[ch]) for ch in spelled))
        month = _cn_small(match.group("m"))
        if month is None or not 1 <= month <= 12:
            continue
        if match.group("d"):
            day = _cn_small(match.group("d"))
            value = _safe_date(year, month, day) if day else None
            if value is not None:
                found.append((value, match.start(), match.end()))
        else:
            found.append(((year, month), match.start(), match.end()))
    return found
