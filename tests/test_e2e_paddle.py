"""The PaddleOCR backend through the whole pipeline on a committed sample dossier."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.dossier import run_dossier
from extractors.settings import Settings
from reporting.history import load_report
from samples.truth import DossierTruth
from tests.conftest import SAMPLES
from validators.policy import load_policy

pytestmark = [pytest.mark.slow, pytest.mark.paddle]


def test_paddle_backend_reads_a_dossier(tmp_path: Path) -> None:
    pytest.importorskip("paddleocr", reason="the [paddle] extra is not installed")
    from extractors.ocr import get_engine

    # The 基本信息 and 学历学位 sections only: paddle on CPU costs ~3 s a page, and these pages carry the
    # ID card, the photo and the 学信网 report with its QR code; the rest of the dossier is then reported missing.
    dossier = tmp_path / "inbox" / "WL2024-0001"
    dossier.mkdir(parents=True)
    for part in ("application.json", "基本信息", "学历学位"):
        source = SAMPLES / "WL2024-0001" / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dossier / part)
    engine = get_engine("paddleocr")
    settings = Settings(ocr_backend="paddleocr")
    outcome = run_dossier(dossier, tmp_path / "out", settings=settings, engine=engine, policy=load_policy())
    assert outcome.status == "done"
    report = load_report(tmp_path / "out" / "WL2024-0001" / "report.json")
    assert report is not None and report.engine.backend == "paddleocr"
    truth = DossierTruth.model_validate_json((SAMPLES / "WL2024-0001.truth.json").read_text())
    portrait = truth.pages_of("id_card", "portrait")[0]
    page = next(p for p in report.pages if p.file == portrait.file)
    assert page.doc_type.value == "id_card" and page.side.value == "portrait"
    assert page.fields["id_number"].value == portrait.fields["id_number"]
    assert all(p.ocr_engine == "paddleocr" for p in report.pages if p.lines)
    chsi = truth.pages_of("chsi_report")[0]
    chsi_page = next(p for p in report.pages if p.file == chsi.file)
    assert chsi_page.fields["verification_code"].value == chsi.fields["verification_code"]
    codes = {rf.finding.code.value for rf in report.findings}
    assert "MATERIAL_MISSING" in codes and "ID_NUMBER_INVALID" not in codes
