"""The settings object: environment prefix, and the core share of worker processes."""

from __future__ import annotations

import os

import pytest

from extractors import settings as settings_module
from extractors.settings import Settings, get_settings, share_cores


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
