"""个人承诺书 (附件4): the handwritten commitment sentence, the signer, signature and fingerprint.

``sentence`` is the OCR text of the commitment paragraph, joined; how close it is to the policy's
sentence is measured by the validators (``similarity``), not here.
"""

from __future__ import annotations

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import first_value, is_name
from extractors.models import OcrLine
from extractors.text import clean_name, compact, find_dates, is_cjk

TITLE = "个人承诺书"
SIGN_LABELS = ("承诺人", "签字", "签名", "本人签字")
#: The paragraph starts with these words.
OPENINGS = ("本人承诺", "本人", "承诺")


def _is_sign_or_date(s: str) -> bool:
    return any(label in s for label in SIGN_LABELS) or bool(find_dates(s)) or ("年" in s and "月" in s and "日" in s
                                                                                 and len(s) <= 12)


def paragraph(lines: tuple[OcrLine, ...]) -> list[OcrLine]:
    """The commitment paragraph: from the first line opening with 本人/承诺 after the title to the signature."""
    body: list[OcrLine] = []
    started = False
    for line in lines:
        s = compact(line.text)
        if not started:
            if TITLE in s and len(s) <= len(TITLE) + 4:
                continue
            if any(s.startswith(word) for word in OPENINGS) or sum(is_cjk(ch) for ch in s) >= 10:
                started = True
            else:
                continue
        if _is_sign_or_date(s):
            break
        body.append(line)
    return body


def extract(page: PageInput) -> Extraction:
    """Read the sentence and the signer's name (signature and fingerprint: ``page_marks``)."""
    out = FieldBuilder(page)
    body = paragraph(page.ocr.lines)
    if body:
        # joined as read (full-width punctuation kept): the validators compare it with the policy sentence
        out.add("sentence", "".join("".join(line.text.split()) for line in body), body)
    reader = LabelReader(page.ocr.lines, (*SIGN_LABELS, "日期"))
    name = first_value(reader, SIGN_LABELS, accept=is_name, below=False)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    return out.build()
