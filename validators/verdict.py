"""The verdict of a dossier from its findings (SPEC section 4)."""

from __future__ import annotations

from collections.abc import Iterable

from validators.models import Finding, Severity, Verdict


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """Return the verdict: any ineligible → INELIGIBLE; else any error → RETURN; else any warning → REVIEW; else PASS.

    Args:
        findings: All findings of one dossier.

    Returns:
        The verdict; info findings never change it.
    """
    severities = {f.severity for f in findings}
    if Severity.INELIGIBLE in severities:
        return Verdict.INELIGIBLE
    if Severity.ERROR in severities:
        return Verdict.RETURN
    if Severity.WARNING in severities:
        return Verdict.REVIEW
    return Verdict.PASS
