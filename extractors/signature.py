"""Does a handwritten signature say the declared name? Scored by the recogniser, not read freely.

Handwriting OCR with a print-trained recogniser drops and swaps characters of a correct signature (郑骏态 read for
郑俊杰, 干辆光燕 for 韩晓燕), so a free read that differs from the declared name is no evidence either way. The
recogniser's frames can still answer the narrower question: how likely is the declared name on this crop, next
to what it read (:mod:`extractors.ocr.ctc` on
:meth:`extractors.ocr.base.OcrEngine.line_probabilities`)? A signature of the name gives it nearly the
probability of the free read; another person's name, or the name with a character changed or added, gets a
far lower one.

Measured on the signature lines of generated dossiers (development seeds 200 + 900 and tune seeds 1900 + 2600,
rapidocr, 126 lines where the signer's name was read as something): the declared name's deficit (log P(free
read) - log P(name), in nats per character) is 0.03 on the median line, 3.3 at the 95th percentile, and within
the shipped policy's 1.5 on 105 of 126 lines; the same name with one character replaced by another name's scores
within 1.5 on 1 of 544 trials, with one character added on 0 of 128, and another applicant's name on 0 of 640.
The threshold is the policy's (``names.signature_fit_max_per_char``). On seeds 1300 + 2700, which played no
part in choosing it (112 lines): the name within it on 95, one character replaced on 3 of 486 trials, one added
on 1 of 116, another applicant's name on 0 of 580.

Only the name on the documents whose name is a signature (:data:`SIGNED_DOC_TYPES`) is scored: one recogniser
pass of one line per page. Backends that expose no frames give no fit, and the rules keep to the free read.
"""

from __future__ import annotations

from extractors.models import BGRImage, DocType, FieldValue, PageFacts, TextFit
from extractors.ocr.base import OcrEngine
from extractors.textfit import crop_of, fit_crop, label_prefixes

#: Documents whose only name is the applicant's handwritten signature.
SIGNED_DOC_TYPES = frozenset({DocType.PLEDGE, DocType.INTERNSHIP_SUMMARY})


def hypotheses(read: str, found: str, expected: str) -> list[str]:
    """The line as it would read with ``expected`` in place of the name ``found`` in the free ``read``.

    The line's label (承诺人（签字）：) stays as the recogniser read it: up to a colon (any of them: a name's
    middle dot is sometimes read as one), or else the read with its last ``len(found)`` characters taken off.
    A middle dot may be written, spaced or left out.
    """
    prefixes = label_prefixes(read) or {read[: max(0, len(read) - len(found))], ""}
    names = {expected, expected.replace("·", ""), expected.replace("·", " ")}
    return sorted(prefix + name for prefix in prefixes for name in names)


def fit_name(engine: OcrEngine, image: BGRImage, field: FieldValue, expected: str) -> TextFit | None:
    """The fit of ``expected`` on the line the name ``field`` was read from, or ``None`` when it cannot be scored."""
    crop = crop_of(image, field)
    if crop is None:
        return None
    chars = len(expected.replace("·", "").replace(" ", ""))
    return fit_crop(engine, crop, expected, chars, lambda read: hypotheses(read, field.value, expected))


def fit_signature(page: PageFacts, image: BGRImage, expected: str | None, engine: OcrEngine) -> PageFacts:
    """``page`` with the declared name's fit on its signature recorded, on the documents that are signed."""
    field = page.fields.get("name")
    if expected is None or not expected.strip() or field is None or page.doc_type not in SIGNED_DOC_TYPES:
        return page
    fit = fit_name(engine, image, field, expected.strip())
    if fit is None:
        return page
    fields = {**page.fields, "name": field.model_copy(update={"fit": fit})}
    return page.model_copy(update={"fields": fields})
