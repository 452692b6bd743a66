"""Chinese resident ID numbers (GB 11643): the one place that parses, checks and masks them.

Pure functions on strings. ``parse_id_number`` checks with ``python-stdnum`` (``stdnum.cn.ric``) and reads the
birth date and gender; ``mask_id_number`` is what logs and batch summaries must use (SPEC section 10: no full ID
number there). Repairing an OCR reading (letters read for digits) is the ID-card extractor's job, not this one's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

# GB/T 2260 province-level codes; a county inside a real province that stdnum does not know for the birth
# year (兵团 cities such as 6590xx, newer counties) is only a doubt, a province that does not exist is an error.
_PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)


def mask_id_number(number: str | None) -> str:
    """Mask an ID number for logs and summaries: keep the first 6 and the last 4 characters.

    Args:
        number: An ID number (any length; None and short strings are fully masked).

    Returns:
        E.g. ``652823********002X`` for an 18-character number.
    """
    if not number:
        return ""
    text = re.sub(r"\s+", "", number)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def normalize_id_number(number: str) -> str:
    """Return ``number`` with width, spaces and a lower-case ``x`` normalised."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).upper()


class IdProblem(StrEnum):
    """Why an ID number does not hold."""

    FORMAT = "format"  # length or characters
    CHECKSUM = "checksum"
    BIRTH_DATE = "birth_date"
    PROVINCE = "province"  # the first two digits are no province of GB/T 2260
    REGION = "region"  # county code unknown, or not assigned in the birth year (a doubt, not a defect)


@dataclass(frozen=True)
class IdNumberInfo:
    """What an 18-digit ID number says about its holder."""

    number: str
    problem: IdProblem | None
    birth_date: dt.date | None
    gender: str | None  # 男 / 女


def parse_id_number(number: str) -> IdNumberInfo:
    """Check an ID number (GB 11643) with ``stdnum.cn.ric`` and read birth date and gender from it.

    Args:
        number: The ID number as read or declared.

    Returns:
        The normalised number, the first problem found (None when valid), and birth date and gender
        where the number is well-formed enough to tell them.
    """
    text = normalize_id_number(number)
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return IdNumberInfo(text, IdProblem.FORMAT, None, None)
    gender = "男" if int(text[16]) % 2 else "女"
    try:
        birth: dt.date | None = ric.get_birth_date(text)
    except ValidationError:
        birth = None
    if ric.calc_check_digit(text) != text[17]:
        return IdNumberInfo(text, IdProblem.CHECKSUM, birth, gender)
    if birth is None:
        return IdNumberInfo(text, IdProblem.BIRTH_DATE, None, gender)
    if text[:2] not in _PROVINCES:
        return IdNumberInfo(text, IdProblem.PROVINCE, birth, gender)
    try:
        ric.get_birth_place(text)
    except ValidationError:
        return IdNumberInfo(text, IdProblem.REGION, birth, gender)
    return IdNumberInfo(text, None, birth, gender)
