"""Typed facts: each document type's model says which fields it carries and of what type."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import numpy as np
import pytest

from extractors import documents
from extractors.documents.base import Extraction, FieldBuilder, PageInput
from extractors.facts import (
    FACTS,
    AppraisalFormFacts,
    FactsError,
    IdCardFacts,
    IdNumber,
    SocialInsuranceFacts,
    facts_of,
    typed,
)
from extractors.models import DocType, FieldName, OcrResult, PageRef
from tests.factories import clean, fv, id_number, make_page
from validators.context import RuleContext
from validators.policy import load_policy

NUMBER = id_number()


def test_every_field_name_is_carried_by_some_document_type_and_every_model_field_is_a_field_name() -> None:
    carried = {name for model in FACTS.values() for name in model.model_fields}
    assert carried == set(get_args(FieldName))
    assert set(FACTS) == set(DocType)


def test_values_are_typed_dates_numbers_and_id_numbers() -> None:
    page = make_page(
        "基本信息/身份证正面.jpg",
        DocType.ID_CARD,
        {"name": "张伟", "birth_date": "1996-03-15", "id_number": NUMBER.lower()},
    )
    card = facts_of(page, IdCardFacts)
    assert card.birth_date is not None and card.birth_date.value == dt.date(1996, 3, 15)
    assert card.id_number is not None and isinstance(card.id_number.value, IdNumber)
    assert card.id_number.value == NUMBER.upper()
    assert card.id_number.value.info.problem is None
    assert card.id_number.evidence.file == "基本信息/身份证正面.jpg"
    assert card.gender is None  # unread is None, not an empty string
    emblem = facts_of(make_page("a.jpg", DocType.ID_CARD, {"valid_until": "长期"}), IdCardFacts)
    assert emblem.valid_until is not None and emblem.valid_until.value == "长期"
    form = facts_of(make_page("b.jpg", DocType.APPRAISAL_FORM, {"year": "2023"}), AppraisalFormFacts)
    assert form.year is not None and form.year.value == 2023
    months = facts_of(
        make_page("c.jpg", DocType.SOCIAL_INSURANCE, {"period_start": "2023-07", "months": "12"}), SocialInsuranceFacts
    )
    assert months.period_start is not None and months.period_start.value == dt.date(2023, 7, 1)


def test_a_field_the_document_type_does_not_carry_is_an_error_naming_the_field() -> None:
    with pytest.raises(FactsError, match=r"id_card: field\(s\) hours do not fit IdCardFacts"):
        typed(DocType.ID_CARD, {"hours": fv("66", "a.jpg")})


def test_a_value_of_the_wrong_type_is_an_error_that_does_not_show_the_value() -> None:
    with pytest.raises(FactsError) as raised:
        typed(DocType.ID_CARD, {"birth_date": fv("19960315X", "a.jpg")})
    assert "birth_date" in str(raised.value)
    assert "19960315" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_asking_a_page_for_another_types_model_is_an_error() -> None:
    page = make_page("b.jpg", DocType.APPRAISAL_FORM, {"year": "2023"})
    with pytest.raises(FactsError, match="no IdCardFacts"):
        facts_of(page, IdCardFacts)


def test_an_id_number_value_never_shows_whole_in_its_repr() -> None:
    read = typed(DocType.ID_CARD, {"id_number": fv(NUMBER, "a.jpg")})
    assert isinstance(read, IdCardFacts) and read.id_number is not None
    shown = repr(read.id_number.value)
    assert NUMBER not in shown
    assert NUMBER[:6] in shown and NUMBER[-4:] in shown
    assert read.model_dump()["id_number"]["value"] == NUMBER  # the wire form keeps the number


def test_an_extractor_that_records_a_field_of_another_type_fails_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(page: PageInput) -> Extraction:
        out = FieldBuilder(page)
        out.add("hours", "66")  # a CE certificate's field, recorded on a pledge
        return out.build()

    monkeypatch.setitem(documents.EXTRACTORS, DocType.PLEDGE, wrong)
    blank = np.full((40, 40, 3), 255, np.uint8)
    page = PageInput(ref=PageRef(file="p.jpg", page=1), image=blank, ocr=OcrResult(engine="t"))
    with pytest.raises(FactsError, match="hours"):
        documents.extract(DocType.PLEDGE, page)


def test_rules_read_typed_values_across_document_types() -> None:
    d = clean()
    ctx = RuleContext(facts=d.facts(), application=d.application(), policy=load_policy())
    cards = ctx.pages(DocType.ID_CARD)
    births = [ctx.date(p, "birth_date") for p in cards]
    assert dt.date(1996, 3, 15) in births
    photo = ctx.pages(DocType.PHOTO)[0]
    assert ctx.number(photo, "face_count") == 1.0
    assert ctx.date(photo, "birth_date") is None  # a photo carries no birth date: None, not an error
