"""The settings object: environment prefix, and the core share of worker processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractors import settings as settings_module
from extractors.settings import Settings, get_settings, share_cores

CALIBRATION = Path(__file__).resolve().parents[1] / "bench" / "results" / "quality_calibration.json"


def test_each_worker_process_gets_its_share_of_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRECHECK_OCR_THREADS", raising=False)
    monkeypatch.setattr(settings_module.os, "cpu_count", lambda: 2)
    share_cores(2)
    assert os.environ["PRECHECK_OCR_THREADS"] == "1"
    assert get_settings().ocr_threads == 1
    monkeypatch.delenv("PRECHECK_OCR_THREADS")
    share_cores(3)  # more workers than cores: still one thread each
    assert os.environ["PRECHECK_OCR_THREADS"] == "1"
    get_settings.cache_clear()


def test_one_worker_or_an_explicit_setting_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRECHECK_OCR_THREADS", raising=False)
    share_cores(1)
    assert "PRECHECK_OCR_THREADS" not in os.environ
    monkeypatch.setenv("PRECHECK_OCR_THREADS", "4")
    share_cores(2)
    assert os.environ["PRECHECK_OCR_THREADS"] == "4"
    assert Settings().ocr_threads == 4


def test_the_calibration_results_are_those_of_the_shipped_thresholds() -> None:
    # bench/results/quality_calibration.json reports recall and false alarms at the shipped thresholds: rerun
    # bench/calibrate_quality.py --source samples after changing a default.
    results = json.loads(CALIBRATION.read_text(encoding="utf-8"))["samples"]
    shipped = results["shipped_settings"]
    assert shipped == {name: Settings.model_fields[name].default for name in shipped}
