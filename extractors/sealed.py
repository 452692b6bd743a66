"""Does a school name read unsure under a seal say the declared school? Scored by the recogniser, not read freely.

The school's round seal is pressed over the end of its printed name on a diploma, and the recogniser swaps a
character under the red ring (新疆轻工职业技术掌院附属中专 for 新疆轻工职业技术学院附属中专): the read is capped
at the seal's confidence (:data:`extractors.documents.base.SEAL_COVERED_CONFIDENCE`) and the rules ask a reviewer
to check it by eye. The recogniser's frames can answer the narrower question, as for signatures
(:mod:`extractors.signature`): how likely is the declared school on the crop, next to what it read
(:mod:`extractors.textfit`)? A swapped character under the ring costs the declared school little; a school
that differs in print (another character, 师范 added or dropped, another school) costs it far more.

The crop is scored on its red channel, where red ink is as light as the paper (as :mod:`extractors.reread`
reads it again). Measured on the diploma school lines of 60 clean generated dossiers (tune seeds 3700 + 1900,
rapidocr, 53 lines): the declared school's deficit (log P(free read) - log P(declared school), in nats over the
whole line, not per character: one character of a 14-character name must count) is 0.00 on 52 lines and 23.7 on
one whose box took in the wrong words; near misses of the declared school never came within 4.7: one character
replaced 0 of 413 trials (smallest 5.0), one added 0 of 212 (9.0), one dropped 0 of 159 (4.7), 师范 added or
dropped 0 of 31 (24.6), another school 0 of 265 (17.9). On the colour crop the same lines gave the declared school
up to 12.7 on correct reads and a dropped character 1.2, so the red channel is the one scored. The limit is the
policy's (``names.school_fit_max_deficit``, 2.0). The one clean dossier of those seeds kept from PASS by a school
under its seal (WL3700-0024: 新疆轻工职业技术掌院附属中专, capped at 0.6) scores 0.00 for 学院.

Only a school read that differs from every declared school, on the documents the education rule compares
(:data:`SCORED_DOC_TYPES`), with red ink over its line (:data:`RED_INK_MIN_SHARE`), is scored: one recogniser
pass of that line on such a page, whose frames are scored for every declared school. The fit is recorded for the
declared school that fits best; the rules use it only for a read that is itself unsure and near the declared
school (a check by eye), never to overrule a confident read (:func:`validators.context.school_fits`).
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from extractors.marks import red_mask
from extractors.models import BGRImage, DocType, FieldValue, PageFacts, TextFit
from extractors.ocr.base import OcrEngine
from extractors.text import compact
from extractors.textfit import Frames, crop_of, fit_frames, frames_of, label_prefixes

#: Documents whose school the education rule compares with the declaration.
SCORED_DOC_TYPES = frozenset({DocType.DIPLOMA, DocType.CHSI_REPORT, DocType.STUDENT_RECORD})

#: The free read's span most like the field's value is where the declared school goes, when it is this alike
#: (rapidfuzz's partial ratio, 0-100); else the school is put after the label's colon, or stands alone.
ALIGN_MIN_SCORE = 50

#: A read is scored when red ink covers at least this share of its line: only red ink drops out of the red channel
#: the school is scored on, and a black or blue seal stays over the characters (the read keeps its check by eye).
#: The thinnest seal crossing in tests/test_sealed.py covers 1.3%; below the 2% at which a read's confidence is
#: capped (``extractors.documents.base.SEAL_COVER_MIN_SHARE``), as a read may be unsure for its own reasons too.
RED_INK_MIN_SHARE = 0.005


def hypotheses(read: str, found: str, expected: str) -> list[str]:
    """The line as it would read with ``expected`` in place of the school ``found`` in the free ``read``.

    The rest of the line (its label 校名：, the words around a school in running text) stays as the recogniser
    read it: ``found`` itself where the read holds it, else the span of the read most like it; also the read up
    to each colon with ``expected`` after it, and ``expected`` alone.
    """
    lines = {expected}
    if found and found in read:
        at = read.index(found)
        lines.add(read[:at] + expected + read[at + len(found) :])
    elif found and read:
        span = fuzz.partial_ratio_alignment(found, read)
        if span is not None and span.score >= ALIGN_MIN_SCORE:
            lines.add(read[: span.dest_start] + expected + read[span.dest_end :])
    lines.update(prefix + expected for prefix in label_prefixes(read))
    return sorted(lines)


def red_share(crop: BGRImage) -> float:
    """The share of a line's crop (:func:`extractors.textfit.crop_of`) that is red ink."""
    return float((red_mask(crop) > 0).mean()) if crop.ndim == 3 else 0.0


def school_frames(engine: OcrEngine, crop: BGRImage) -> Frames | None:
    """The recogniser's frames for a school line's crop (:func:`extractors.textfit.crop_of`), on its red channel."""
    if crop.ndim == 3:  # the red channel, where the seal's red ink is as light as the paper (extractors.reread)
        crop = np.ascontiguousarray(np.repeat(crop[:, :, 2:3], 3, axis=2))
    return frames_of(engine, crop)


def fit_school(frames: Frames, field: FieldValue, expected: str) -> TextFit | None:
    """The fit of ``expected`` on the frames of the school ``field``'s line, or ``None`` when it cannot be scored."""
    return fit_frames(frames, expected, len(compact(expected)), lambda read: hypotheses(read, field.value, expected))


def fit_declared_school(page: PageFacts, image: BGRImage, schools: tuple[str, ...], engine: OcrEngine) -> PageFacts:
    """``page`` with the best-fitting declared school's fit on its school read recorded, where the read differs.

    The line is read by the recogniser once, and its frames are scored for every declared school.
    """
    field = page.fields.get("school")
    wanted = [s.strip() for s in schools if s.strip()]
    if field is None or not wanted or page.doc_type not in SCORED_DOC_TYPES:
        return page
    if compact(field.value) in {compact(s) for s in wanted}:
        return page
    crop = crop_of(image, field)
    if crop is None or red_share(crop) < RED_INK_MIN_SHARE:
        return page
    frames = school_frames(engine, crop)
    if frames is None:
        return page
    fits = [fit for school in dict.fromkeys(wanted) if (fit := fit_school(frames, field, school)) is not None]
    if not fits:
        return page
    best = min(fits, key=lambda fit: fit.deficit)
    fields = {**page.fields, "school": field.model_copy(update={"fit": best})}
    return page.model_copy(update={"fields": fields})
