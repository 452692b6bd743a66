"""Scoring of extracted page facts against ground truth, for the accuracy benchmark.

Truth comes in as plain mappings shaped like one page of ``<id>.truth.json`` (``doc_type``, ``side``,
``fields``), so nothing here imports the sample generator. A field counts as correct only on an
exact match of the normalised value; a field the extractor left out counts as missed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from pydantic import Field

from extractors.models import DocType, FieldValue, Frozen, Side


class FieldScore(Frozen):
    """One truth field compared with what was extracted."""

    name: str
    expected: str
    got: str | None = None
    correct: bool = False


class PageScore(Frozen):
    """One page: type/side compared, and every truth field compared."""

    doc_type_expected: str
    doc_type_got: str
    side_expected: str
    side_got: str
    type_correct: bool
    fields: tuple[FieldScore, ...] = ()


class Tally(Frozen):
    """Correct out of total, and the rate."""

    correct: int = Field(ge=0)
    total: int = Field(ge=0)

    @property
    def rate(self) -> float | None:
        """Share correct, or ``None`` with nothing counted."""
        return self.correct / self.total if self.total else None


def score_page(
    facts_fields: Mapping[str, FieldValue], doc_type: DocType | str, side: Side | str, truth_page: Mapping[str, object]
) -> PageScore:
    """Compare the extracted ``facts_fields``, ``doc_type`` and ``side`` with one truth page.

    Fields are scored whatever the classification said, so a misclassified page shows up both
    as a type error and as missed fields.
    """
    expected_type = str(truth_page.get("doc_type", "other"))
    expected_side = str(truth_page.get("side", "none"))
    got_type, got_side = str(doc_type), str(side)
    truth_fields = truth_page.get("fields") or {}
    scores = []
    if isinstance(truth_fields, Mapping):
        for name, value in truth_fields.items():
            got = facts_fields.get(str(name))
            got_value = got.value if got is not None else None
            scores.append(
                FieldScore(name=str(name), expected=str(value), got=got_value, correct=got_value == str(value))
            )
    return PageScore(
        doc_type_expected=expected_type,
        doc_type_got=got_type,
        side_expected=expected_side,
        side_got=got_side,
        type_correct=expected_type == got_type and expected_side == got_side,
        fields=tuple(scores),
    )


def summarise(scores: Iterable[PageScore]) -> dict[str, dict[str, Tally]]:
    """Per expected doc type: ``"page_type"`` and one tally per field name."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for page in scores:
        per_type = counts[page.doc_type_expected]
        per_type["page_type"][0] += page.type_correct
        per_type["page_type"][1] += 1
        for field in page.fields:
            per_type[field.name][0] += field.correct
            per_type[field.name][1] += 1
    return {
        doc: {name: Tally(correct=c, total=t) for name, (c, t) in sorted(per.items())}
        for doc, per in sorted(counts.items())
    }
