"""The one small hierarchy of pipeline failures (not applicant problems: those are findings).

Each class carries an operator-facing message and the exit code the CLI maps it to, in one place.
Messages must never contain personal data (names, ID numbers).
"""

from __future__ import annotations


class PrecheckError(Exception):
    """Base of all pipeline failures; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        """Keep the operator-facing message."""
        super().__init__(message)
        self.message = message


class ConfigurationError(PrecheckError):
    """Settings or policy are wrong; the operator must fix configuration."""

    exit_code = 3


class EngineUnavailable(PrecheckError):
    """An OCR backend or QR decoder cannot be loaded (missing package or model folder)."""

    exit_code = 4


class InputError(PrecheckError):
    """The inbox or dossier path given on the command line cannot be used at all."""

    exit_code = 2


class BatchIncomplete(PrecheckError):
    """Some dossiers of a batch got no report."""

    exit_code = 5
