"""Bytes to typed facts: ingest, OCR, QR, image quality, page classification, per-type extraction.

This layer knows nothing of policy: it reports what a page says and how it looks, never whether
that is acceptable. It must not import ``validators``, ``reporting`` or ``flows``.
"""
