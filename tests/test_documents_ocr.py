"""Classification and extraction on real OCR of committed sample pages (rapidocr; slow).

The pages come from ``samples/dossiers/WL2024-0001`` (a clean scanned dossier); the test reads its
ground truth to know what each page says, which the pipeline itself never does. OCR runs once per
page for the whole module.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.classify import classify
from extractors.documents import extract
from extractors.documents.base import PageInput
from extractors.models import DocType, PageRef, Section, Side

DOSSIER = Path(__file__).resolve().parents[1] / "samples" / "dossiers" / "WL2024-0001"
PAGES = (
    "基本信息/身份证正面.jpg",
    "基本信息/身份证反面.jpg",
    "基本信息/一寸照片.png",
    "学历学位/毕业证书.jpg",
    "继续教育/2023年专业科目证书.jpg",
    "年度考核/2023年度考核表反面.jpg",
    "其他附件/推荐单位公示.jpg",
    "其他附件/公示结果.jpg",
    "其他附件/单位推荐意见.jpg",
    "承诺书/个人承诺书.jpg",
)
#: Truth fields the extractors cannot read on these pages: the pledge sentence is handwritten (its similarity
#: is judged by the validators, not an exact match).
UNREADABLE = {("pledge", "sentence")}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DOSSIER.is_dir(), reason="committed sample dossiers not present"),
]


@pytest.fixture(scope="module")
def truth() -> dict[str, dict]:
    data = json.loads(DOSSIER.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return {page["file"]: page for page in data["pages"]}


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[PageInput, object]]:
    from extractors.ocr import get_engine
    from extractors.qr import decode_qr

    engine = get_engine("rapidocr")
    out = {}
    for name in PAGES:
        image = cv2.imdecode(np.fromfile(DOSSIER / name, dtype=np.uint8), cv2.IMREAD_COLOR)
        section = Section(name.split("/")[0])
        ref = PageRef(file=name, page=1, section=section)
        out[name] = (PageInput(ref=ref, image=image, ocr=engine.read(image), qr=decode_qr(image)), section)
    return out


@pytest.mark.parametrize("name", PAGES)
def test_page_type(pages, truth, name):
    page, section = pages[name]
    result = classify(page.ocr, page.qr, page.image, section)
    assert (result.doc_type.value, result.side.value) == (truth[name]["doc_type"], truth[name]["side"])
    # the section is a hint only: the content alone decides as well
    alone = classify(page.ocr, page.qr, page.image, None)
    assert alone.doc_type == result.doc_type


@pytest.mark.parametrize("name", PAGES)
def test_fields_and_flags(pages, truth, name):
    page, _ = pages[name]
    expected = truth[name]
    doc_type = DocType(expected["doc_type"])
    page = PageInput(ref=page.ref, image=page.image, ocr=page.ocr, qr=page.qr, side=Side(expected["side"]))
    extraction = extract(doc_type, page)
    want = {k: v for k, v in expected["fields"].items() if (doc_type.value, k) not in UNREADABLE}
    got = {k: extraction.fields[k].value for k in want if k in extraction.fields}
    assert got == want
    for flag, value in expected.get("flags", {}).items():
        assert extraction.flags.get(flag) == value, flag
    for value in extraction.fields.values():
        assert value.evidence.file == name
        assert value.evidence.page == 1
