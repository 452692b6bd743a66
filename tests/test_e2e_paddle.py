"""The PaddleOCR backend through the whole pipeline on a committed sample dossier."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.settings import Settings
from reporting.history import load_report
from reporting.runner import run_dossier
from samples.truth import DossierTruth
from tests.conftest import SAMPLES
from validators.policy import load_policy

pytestmark = [pytest.mark.slow, pytest.mark.paddle]


def test_paddle_backend_reads_a_dossier(tmp_path: Path) -> None:
    pytest.importorskip("paddleocr", reason="the [paddle] extra is not installed")
    from extractors.ocr import get_engine

    engine = get_engine("paddleocr")
    settings = Settings(ocr_backend="paddleocr")
    outcome = run_dossier(SAMPLES / "WL2024-0001", tmp_path, settings=settings, engine=engine, policy=load_policy())
    assert outcome.status == "done"
    report = load_report(tmp_path / "WL2024-0001" / "report.json")
    assert report is not None and report.engine.backend == "paddleocr"
    truth = DossierTruth.model_validate_json((SAMPLES / "WL2024-0001.truth.json").read_text())
    portrait = truth.pages_of("id_card", "portrait")[0]
    page = next(p for p in report.pages if p.file == portrait.file)
    assert page.doc_type.value == "id_card" and page.side.value == "portrait"
    assert page.fields["id_number"].value == portrait.fields["id_number"]
    assert all(p.ocr_engine == "paddleocr" for p in report.pages if p.lines)
