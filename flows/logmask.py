"""Mask Chinese ID numbers in every log record of the process, whatever logger emits it.

A log-record factory (not a handler filter) so that Prefect's own handlers, installed later and in
worker processes, see masked text too. Keeps the first 6 and last 4 characters: enough for an
operator to tell records apart, not enough to identify a person.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from extractors.id_number import mask_id_number

ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_installed = False


def mask_ids(text: str) -> str:
    """Mask every 18-character ID number in ``text`` the way reports and summaries do."""
    return ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)


def install_id_masking() -> None:
    """Wrap the log-record factory once per process so every message is masked."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not isinstance(record.msg, str) or record.args:
            try:
                record.msg = record.getMessage()
            except (TypeError, ValueError):
                record.msg = str(record.msg)
            record.args = None
        record.msg = mask_ids(record.msg)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
