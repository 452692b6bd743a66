"""Identity helpers of the rules: name comparison and whole-year date arithmetic.

Pure functions; no policy values and no findings here. ID numbers live in :mod:`extractors.id_number`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from extractors.text import simplified

_DOTS = "·•‧・･∙⋅.．"
_DOT_RE = re.compile(f"[{re.escape(_DOTS)}]")


def normalize_name(name: str) -> str:
    """Return a name for comparison: NFKC (full/half width), simplified forms, no spaces, no middle dots."""
    text = simplified(unicodedata.normalize("NFKC", name))
    text = re.sub(r"\s+", "", text)
    return _DOT_RE.sub("", text)


def add_years(day: dt.date, years: int) -> dt.date:
    """Return ``day`` moved by whole years (29 February becomes 28 February in common years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Return the age in whole years on ``day`` of someone born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
