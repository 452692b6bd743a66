"""The application layer: the one-dossier use case, between the flows that orchestrate and the layers below.

``app.dossier.run_dossier`` fingerprints a dossier, decides whether its last report can be reused, reads it
(``extractors``), checks it (``validators``) and writes its report (``reporting``). The Prefect flows, the CLI,
the benchmark and the tests all call it; it knows nothing of Prefect.
"""
