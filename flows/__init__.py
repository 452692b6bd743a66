"""Prefect flows (dossier, nightly batch, schedule) and the ``precheck`` CLI: orchestration only.

Prefect must run offline and send no telemetry, so these two variables are defaulted here,
before any Prefect import: this is the one place outside the settings object that touches the
environment, because Prefect reads them at import time. The temporary API server that a run
without a configured server starts gets 120 s to come up instead of Prefect's 20: on a loaded
2-core machine (a benchmark beside the nightly job) it took longer, and the whole batch failed
with an internal error before reading a page.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from flows.logmask import install_id_masking  # noqa: E402 - after the environment defaults above

install_id_masking()
