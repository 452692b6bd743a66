"""Per-page image quality: measurements, threshold checks, and a perceptual hash.

``measure`` computes :class:`~extractors.models.QualityMetrics` for one upright page;
``assess`` turns them into :class:`~extractors.models.QualityIssue` findings using the
calibrated thresholds of :class:`~extractors.settings.Settings`; ``perceptual_hash`` and
``hamming`` support duplicate-upload detection. Nothing here runs OCR.
"""

from __future__ import annotations

from extractors.quality.assess import CHECKS, assess
from extractors.quality.measure import measure
from extractors.quality.phash import hamming, perceptual_hash

__all__ = ["CHECKS", "assess", "hamming", "measure", "perceptual_hash"]
