"""The benchmark: speed per stage and accuracy against ground truth, for both OCR backends.

    python -m bench.run                       # both parts, both backends (what `make bench` runs)
    python -m bench.run --part speed --backend rapidocr --pages 20
    python -m bench.run --part accuracy --count 57 --seed 200

Speed: for each page of the committed sample dossiers, bare OCR time of the upright page and whole
pipeline time of the same page in the same run, per stage; a cold dossier run vs an unchanged rerun;
peak RSS. Accuracy: a generated set (seeds never used to tune extraction or thresholds) run end to end,
compared with ground truth: page type, fields, QR, planted defects, clean false alarms, verdicts.
Each backend runs in its own process so that peak RSS is its own. Prints tables, writes JSON to
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
SAMPLES = REPO / "samples" / "dossiers"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed(backend: str, max_pages: int) -> dict[str, Any]:
    from extractors.ingest import load_pages, read_dossier
    from extractors.ocr import get_engine
    from extractors.orientation import rotate
    from extractors.pipeline import process_page
    from extractors.settings import Settings

    settings = Settings(ocr_backend=backend)  # type: ignore[arg-type]
    engine = get_engine(backend)
    pages = []
    # Decode only the pages measured: holding all 284 committed pages made the bench's own peak RSS
    # (1690 MB) look like the pipeline's.
    for dossier in sorted(p for p in SAMPLES.iterdir() if p.is_dir() or p.suffix == ".zip"):
        for source in read_dossier(dossier, settings).uploads:
            if len(pages) < max_pages:
                pages.extend(load_pages(source, settings)[0])
    pages = pages[:max_pages]
    engine.read(pages[0].image)  # warm-up: model load is not per-page cost
    rows = []
    for page in pages:
        facts = process_page(page, engine, settings)
        upright = rotate(page.image, facts.rotation)
        t0 = time.perf_counter()
        engine.read(upright, max_side=settings.max_ocr_side)
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        facts = process_page(page, engine, settings)
        pipeline = time.perf_counter() - t0
        rows.append(
            {
                "file": page.ref.file,
                "page": page.ref.page,
                "bare_ocr_s": bare,
                "pipeline_s": pipeline,
                "stages": facts.timings,
                "doc_type": facts.doc_type.value,
            }
        )
    ratios = [r["pipeline_s"] / r["bare_ocr_s"] for r in rows if r["bare_ocr_s"] > 0]
    stages: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        for k, v in r["stages"].items():
            stages[k].append(v)
    return {
        "backend": backend,
        "model": engine.model,
        "pages": len(rows),
        "bare_ocr_mean_s": statistics.mean(r["bare_ocr_s"] for r in rows),
        "pipeline_mean_s": statistics.mean(r["pipeline_s"] for r in rows),
        "ratio_median": statistics.median(ratios),
        "ratio_mean": statistics.mean(ratios),
        "stage_mean_s": {k: statistics.mean(v) for k, v in stages.items()},
        # Issue 5's bar: all quality checks cost at most 10% of the OCR time of a page.
        "quality_share_of_ocr_median": statistics.median(
            [r["stages"].get("quality", 0.0) / r["stages"]["ocr"] for r in rows if r["stages"].get("ocr")] or [0.0]
        ),
        "dossier": dossier_rerun(settings, engine),
        "peak_rss_mb": peak_rss_mb(),
        "rows": rows,
    }


def dossier_rerun(settings: Any, engine: Any) -> dict[str, float]:
    """Cold run of one dossier vs an unchanged rerun (skipped) vs a forced rerun from the page cache."""
    from app.dossier import run_dossier
    from validators.policy import load_policy

    policy = load_policy(settings.policy)
    dossier = next(p for p in sorted(SAMPLES.iterdir()) if p.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        run_dossier(dossier, out, settings=settings, engine=engine, policy=policy)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_dossier(dossier, out, settings=settings, engine=engine, policy=policy)
        unchanged = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_dossier(dossier, out, settings=settings, engine=engine, policy=policy, force=True)
        cached = time.perf_counter() - t0
    return {
        "cold_s": cold,
        "unchanged_rerun_s": unchanged,
        "unchanged_share": unchanged / cold,
        "forced_rerun_from_cache_s": cached,
        "cached_share": cached / cold,
    }


AGREEMENT_TYPES = {"id_card", "chsi_report", "appraisal_form", "ce_certificate", "publicity_result"}
"""Doc types whose truth fields are all printed (no handwriting, no seal over them): a field read wrong
there is the scan's or the OCR's fault, so they judge whether the illegibility flags agree with OCR."""

REPORT_SEED = 200
"""The accuracy set reported by default: seeds 200 (defects) and 900 (clean). Seeds 0 and 700, the earlier
default, were looked at dossier by dossier to fix what they showed (session 2), so they no longer say how the
pipeline does on dossiers it has not seen; misses are studied on seeds >= 1000 (e.g. 1100 / 1800)."""

CLEAN_SEED_OFFSET = 700
"""The extra clean dossiers of an accuracy run come from seed + 700 (still a benchmark seed, 0-999)."""

LOCKED_SEED = 317
LOCKED_CLEAN_SEED = 863
"""The locked evaluation set (issue 20): one pass of the generator's cycle from seed 317 and 10 clean dossiers
from seed 863, fixed here. Its dossiers and reports are never opened, printed or debugged while tuning; a change
whose motivation is a locked dossier is not allowed. Only its aggregate numbers are read (``make bench``); the
benchmark prints no per-dossier misses for it, and its JSON holds no dossier ids. The development set (seeds 200
and 900) was studied dossier by dossier and is reported beside it."""

SETS = {
    "development": (REPORT_SEED, REPORT_SEED + CLEAN_SEED_OFFSET),
    "locked": (LOCKED_SEED, LOCKED_CLEAN_SEED),
}


def full_cycle() -> int:
    """Dossiers in one pass of the generator's cycle: 3 clean, then one per planted defect.

    A shorter set leaves the defects at the end of the cycle (appraisal, continuing education, unit
    documents, pledge) unmeasured; the SPEC's floor of 40 dossiers covered only 37 of 54 defects.
    """
    from samples.defects import DEFECTS

    return 3 + len(DEFECTS)


def generate_sets(work: Path, seed: int, count: int, clean: int, clean_seed: int | None = None) -> list[Path]:
    """The accuracy set: ``count`` dossiers (3 clean, then one per defect) and ``clean`` more clean ones.

    Written once into ``work`` (reused when its truth files are there), in a child process so that the
    rendering's memory does not count in the pipeline's peak RSS. Dossier ``i`` of a seed depends only on
    the seed and ``i``, so a smaller set is the head of a larger one already written: it is reused too.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from samples.generate import generate_dossiers

    clean_seed = seed + CLEAN_SEED_OFFSET if clean_seed is None else clean_seed
    parts = [
        (work, f"seed{seed}", seed, count, None),
        (work, f"clean{clean_seed}", clean_seed, clean, []),
    ]
    dossiers: list[Path] = []
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        for root, stem, part_seed, n, defects in parts:
            if n == 0:
                continue
            folder = _written_set(root, stem, n)
            if folder is None:
                folder = root / f"{stem}-n{n}"
                shutil.rmtree(folder, ignore_errors=True)
                pool.submit(generate_dossiers, folder, part_seed, n, defects=defects).result()
            written = sorted(p for p in folder.iterdir() if not p.name.endswith(".truth.json"))
            dossiers += written[:n]
    return dossiers


def _written_set(root: Path, stem: str, n: int) -> Path | None:
    """A complete set of at least ``n`` dossiers of this seed under ``root`` (the smallest), or ``None``."""
    sets = []
    for folder in root.glob(f"{stem}-n*"):
        size = int(folder.name.rsplit("-n", 1)[1])
        if size >= n and len(list(folder.glob("*.truth.json"))) == size:
            sets.append((size, folder))
    return min(sets)[1] if sets else None


def accuracy(
    backend: str,
    count: int,
    seed: int,
    clean: int = 0,
    work: Path | None = None,
    clean_seed: int | None = None,
    locked: bool = False,
) -> dict[str, Any]:
    """Run the generated set end to end and compare every report with its ground truth.

    With ``work``, the page readings (orientation, QR, OCR: the pipeline's page cache, keyed by page
    content, engine, model and ``PIPELINE_VERSION``) are kept in ``work/cache-<backend>`` too, so a rerun
    after a change to classification, extraction, quality or rules re-reads nothing; a change to the
    reading itself bumps ``PIPELINE_VERSION`` and so misses the cache. ``seconds`` then measures no OCR:
    speed is the speed part's job, and ``pages_from_cache`` says how much was reused.
    """
    from app.dossier import run_dossier
    from extractors.ocr import get_engine
    from extractors.settings import Settings
    from extractors.signature import SIGNED_DOC_TYPES
    from reporting.history import load_report
    from reporting.io import safe_folder_name
    from samples.truth import DossierTruth
    from validators.context import LEGIBILITY_CODES
    from validators.policy import load_policy

    cache_dir = work / f"cache-{backend}" if work else None
    settings = Settings(ocr_backend=backend, cache_dir=cache_dir)  # type: ignore[arg-type]
    engine = get_engine(backend)
    policy = load_policy(settings.policy)
    signature_limit = policy.names.signature_fit_max_per_char
    school_limit = policy.names.school_fit_max_deficit
    signed_types = {t.value for t in SIGNED_DOC_TYPES}  # documents whose name is a handwritten signature
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def count_it(key: str, ok: bool) -> None:
        tally[key][0] += int(ok)
        tally[key][1] += 1

    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # claimed where planted / claimed where judged
    agreement: dict[str, int] = defaultdict(int)
    unexpected: dict[str, int] = defaultdict(int)
    holding: dict[str, int] = defaultdict(int)  # clean dossiers kept from PASS, by the codes that kept them
    misses = []
    field_misses: list[dict[str, Any]] = []
    from_cache = pages_total = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        # With --work the reports stay in work/out-<backend> to study misses; forced, as the code may have changed.
        out = work / f"out-{backend}" if work else Path(tmp) / "out"
        written = generate_sets(work or Path(tmp) / "inbox", seed, count, clean, clean_seed)
        for dossier in written:
            truth = DossierTruth.model_validate_json((dossier.parent / f"{dossier_id(dossier)}.truth.json").read_text())
            run_dossier(dossier, out, settings=settings, engine=engine, policy=policy, force=True)
            report = load_report(out / safe_folder_name(dossier_id(dossier)) / "report.json")
            if report is None:
                count_it("report_written", False)
                continue
            count_it("report_written", True)
            codes = {rf.finding.code.value for rf in report.findings}
            pages = {(p.file, p.page): p for p in report.pages}
            from_cache += sum(p.from_cache for p in report.pages)
            pages_total += len(report.pages)
            for tp in truth.pages:
                got = pages.get((tp.file, tp.page))
                kind = "degraded" if tp.degradations or tp.capture != "scan" else "clean"
                count_it(
                    f"page_type_{kind}",
                    got is not None and got.doc_type.value == tp.doc_type and got.side.value == tp.side,
                )
                if got is None:
                    continue
                illegible = any(i.kind in LEGIBILITY_CODES for i in got.quality_issues)
                read_all = True
                for name, value in tp.fields.items():
                    found = got.fields.get(name)
                    ok = found is not None and found.value == value
                    read_all &= ok
                    if not ok:
                        field_misses.append(
                            {
                                "dossier": truth.applicant_id,
                                "file": tp.file,
                                "page": tp.page,
                                "field": f"{tp.doc_type}.{name}",
                                "truth": value,
                                "read": None if found is None else found.value,
                                "flagged_illegible": illegible,
                            }
                        )
                    count_it(f"field:{tp.doc_type}.{name}", ok)
                    if tp.doc_type == "id_card" and name in ("id_number", "name") and not illegible:
                        count_it(f"id_{name}_{kind}", ok)
                signed = got.fields.get("name")
                if tp.doc_type in signed_types and "name" in tp.fields and signed is not None:
                    # a signature confirmed as the signer's name: read so, or fitting it (extractors.signature)
                    fit = signed.fit
                    fits = (
                        fit is not None
                        and fit.expected == tp.fields["name"]
                        and signature_limit is not None
                        and fit.within(signature_limit)
                    )
                    count_it("signature_confirmed", signed.value == tp.fields["name"] or fits)
                school = got.fields.get("school")
                if tp.doc_type == "diploma" and "school" in tp.fields and school is not None:
                    # a diploma's school confirmed as printed: read so, or the printed school fitting the line
                    # (extractors.sealed); a fit within the limit for a school that is not printed is counted
                    # apart (a near-miss or another school that the scoring would let through)
                    fit = school.fit
                    within = fit is not None and school_limit is not None and fit.deficit <= school_limit
                    printed = tp.fields["school"]
                    count_it("school_confirmed", school.value == printed or (within and fit.expected == printed))
                    count_it("school_fit_printed_only", not (within and fit is not None and fit.expected != printed))
                if tp.doc_type in AGREEMENT_TYPES and tp.fields:
                    # Quality vs OCR (issue 5): a page whose fields all read right should not be called
                    # illegible; a page flagged illegible should be one whose fields OCR gets wrong.
                    agreement[f"{'flagged' if illegible else 'not_flagged'}_{'read' if read_all else 'misread'}"] += 1
                if tp.doc_type == "chsi_report" and tp.dpi >= 150 and "qr_url" in tp.fields:
                    count_it("qr_decoded_150dpi", any(q.payload == tp.fields["qr_url"] for q in got.qr))
            miss: dict[str, Any] = {}
            if truth.defect and truth.must_codes:
                found_all = all(c in codes for c in truth.must_codes)
                count_it("defect_found", found_all)
                for c in truth.must_codes:
                    per_code[c][0] += int(c in codes)
                    per_code[c][1] += 1
                if not found_all:
                    miss["missing"] = [c for c in truth.must_codes if c not in codes]
            blocking = {"error", "ineligible"}
            bad = [
                rf.finding.code.value
                for rf in report.findings
                if rf.finding.severity.value in blocking and rf.finding.code.value in truth.must_not_codes
            ]
            if truth.defect is None or truth.defect.startswith("clean_"):
                count_it("clean_without_error", not bad)
            count_it("no_unexpected_error", not bad)
            # findings that claim a defect (not a check by eye of an unsure read, not a note)
            claimed = {
                rf.finding.code.value
                for rf in report.findings
                if not rf.finding.check_by_eye and rf.finding.severity.value != "info"
            }
            wrong = sorted(c for c in claimed if c in truth.must_not_codes)
            for c in claimed:
                if c in truth.must_codes:
                    precision[c][0] += 1
                if c in truth.must_codes or c in truth.must_not_codes:
                    precision[c][1] += 1
            if truth.defect is None or truth.defect.startswith("clean_"):
                count_it("clean_dossier_pass", report.verdict.value == "PASS")
                for code in {rf.finding.code.value for rf in report.findings if rf.finding.severity.value != "info"}:
                    holding[code] += 1
            for c in wrong:
                unexpected[c] += 1
            if wrong:
                miss["unexpected"] = wrong
            count_it("must_not_codes_absent", not wrong)
            count_it("verdict", report.verdict.value == truth.expected_verdict)
            if report.verdict.value != truth.expected_verdict:
                miss["verdict"] = f"{report.verdict.value} (expected {truth.expected_verdict})"
            if miss:
                misses.append({"dossier": truth.applicant_id, "defect": truth.defect, **miss})
    rates = {k: {"ok": v[0], "n": v[1], "rate": v[0] / v[1] if v[1] else None} for k, v in sorted(tally.items())}
    codes_out = {k: {"found": v[0], "n": v[1]} for k, v in sorted(per_code.items())}
    precision_out = {k: {"right": v[0], "claimed": v[1]} for k, v in sorted(precision.items())}
    if locked:  # the locked set is read in aggregate only: no dossier ids, no misreads
        misses = [{"defect": m.get("defect"), **{k: v for k, v in m.items() if k in ("missing", "unexpected")}}
                  for m in misses]
        field_misses = []
    return {
        "backend": backend,
        "count": count,
        "clean_extra": clean,
        "seed": seed,
        "seconds": time.perf_counter() - started,
        "pages": pages_total,
        "pages_from_cache": from_cache,
        "rates": rates,
        "set": "locked" if locked else "development",
        "clean_seed": clean_seed if clean_seed is not None else seed + CLEAN_SEED_OFFSET,
        "per_code": codes_out,
        "precision_per_code": precision_out,
        "unexpected_codes": dict(sorted(unexpected.items())),
        "clean_not_pass_codes": dict(sorted(holding.items())),
        "quality_vs_ocr": dict(sorted(agreement.items())),
        "misses": misses,
        "field_misses": field_misses,
        "peak_rss_mb": peak_rss_mb(),
    }


def throughput(backend: str, count: int) -> dict[str, Any]:
    """The nightly flow over ``count`` committed dossiers with 1 and 2 workers: wall time vs dossier compute.

    Prefect overhead = wall time of the flow minus the dossier tasks' own compute (divided by the workers);
    the temporary API server's start-up is measured separately, since a served deployment does not pay it.
    """
    os.environ["PRECHECK_OCR_BACKEND"] = backend
    from flows.nightly import run_batch  # first: flows sets Prefect's no-telemetry defaults before prefect loads

    from prefect import get_client  # isort: skip

    dossiers = sorted(p for p in SAMPLES.iterdir() if p.is_dir() or p.suffix == ".zip")[:count]
    out_rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for d in dossiers:
            (shutil.copytree if d.is_dir() else shutil.copy2)(d, inbox / d.name)
        t0 = time.perf_counter()
        with get_client(sync_client=True) as client:  # starts the temporary server once
            client.hello()
        startup = time.perf_counter() - t0
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}"
            t0 = time.perf_counter()
            result = run_batch(inbox, out, workers=workers, force=True)
            wall = time.perf_counter() - t0
            per_worker = result.seconds_compute / workers
            out_rows[str(workers)] = {
                "dossiers": result.total,
                "wall_s": wall,
                "compute_s": result.seconds_compute,
                "dossiers_per_min": 60 * result.total / wall,
                "prefect_overhead_share": max(0.0, wall - per_worker) / per_worker,
            }
    return {"backend": backend, "server_startup_s": startup, "workers": out_rows, "peak_rss_mb": peak_rss_mb()}


def print_throughput(res: dict[str, Any]) -> None:
    print(f"\n== throughput: {res['backend']} (temporary Prefect server start-up {res['server_startup_s']:.1f} s)")
    for workers, row in res["workers"].items():
        print(
            f"workers {workers}: {row['dossiers']} dossiers in {row['wall_s']:.1f} s "
            f"({row['dossiers_per_min']:.2f}/min), compute {row['compute_s']:.1f} s, "
            f"Prefect overhead {100 * row['prefect_overhead_share']:.1f}% (bar <= 10%)"
        )


def dossier_id(path: Path) -> str:
    return path.stem if path.suffix == ".zip" else path.name


def available_backends() -> list[str]:
    names = ["rapidocr"]
    try:
        import paddleocr  # noqa: F401

        names.append("paddleocr")
    except ImportError:
        print("paddleocr not installed: only rapidocr is benchmarked", file=sys.stderr)
    return names


def print_engines(summary: dict[str, Any], engines: list[str]) -> None:
    """The backends of one run side by side: speed bars, memory, and verdicts on each set."""
    print("\n== backends side by side (same run, same pages and dossiers)")
    print(f"{'measure (bar)':44s}" + "".join(f"{name:>22s}" for name in engines))

    def row(label: str, cell: Callable[[str], str]) -> None:
        print(f"{label:44s}" + "".join(f"{cell(name):>22s}" for name in engines))

    def speed_of(name: str) -> dict[str, Any]:
        found: dict[str, Any] = summary.get(f"speed-{name}", {})
        return found

    if all(speed_of(name) for name in engines):
        row("bare OCR, s/page", lambda n: f"{speed_of(n)['bare_ocr_mean_s']:.2f}")
        row("whole pipeline, s/page", lambda n: f"{speed_of(n)['pipeline_mean_s']:.2f}")
        row("pipeline / bare OCR, median (<= 1.3)", lambda n: f"{speed_of(n)['ratio_median']:.2f}")
        row("quality / OCR, median (<= 10%)", lambda n: f"{100 * speed_of(n)['quality_share_of_ocr_median']:.1f}%")
        row("peak RSS of the worker, MB (<= 1536)", lambda n: f"{speed_of(n)['peak_rss_mb']:.0f}")
    for stem, label in (("accuracy", "development"), ("accuracy-locked", "locked")):
        results = [summary.get(f"{stem}-{name}") for name in engines]
        if not all(results):
            continue
        row(f"verdicts right, {label} set", lambda n, stem=stem: _rate(summary[f"{stem}-{n}"], "verdict"))
        right = [r["rates"]["verdict"]["ok"] for r in results if r]
        print(f"{'':44s}verdicts within one dossier of each other: {'yes' if max(right) - min(right) <= 1 else 'NO'}")


def print_speed(res: dict[str, Any]) -> None:
    print(f"\n== speed: {res['backend']} ({res['model']}), {res['pages']} pages, peak RSS {res['peak_rss_mb']:.0f} MB")
    print(
        f"bare OCR mean {res['bare_ocr_mean_s']:.3f} s/page | pipeline mean {res['pipeline_mean_s']:.3f} s/page | "
        f"ratio median {res['ratio_median']:.2f} (bar <= 1.3)"
    )
    print("stage means (s/page): " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(res["stage_mean_s"].items())))
    print(f"quality checks / OCR time, median over pages: {100 * res['quality_share_of_ocr_median']:.1f}% (bar <= 10%)")
    d = res["dossier"]
    print(
        f"dossier cold {d['cold_s']:.1f} s | unchanged rerun {d['unchanged_rerun_s']:.2f} s "
        f"({100 * d['unchanged_share']:.1f}% , bar <= 5%) | "
        f"forced rerun from page cache {d['forced_rerun_from_cache_s']:.2f} s"
    )


def print_accuracy(res: dict[str, Any]) -> None:
    print(
        f"\n== accuracy: {res['backend']}, {res['count']} dossiers from seed {res['seed']} + "
        f"{res['clean_extra']} clean from seed {res.get('clean_seed', res['seed'] + CLEAN_SEED_OFFSET)}, "
        f"{res['seconds'] / 60:.1f} min, "
        f"peak RSS {res['peak_rss_mb']:.0f} MB, {res['pages']} pages ({res['pages_from_cache']} from the page cache)"
    )
    for key, v in res["rates"].items():
        if v["rate"] is not None and not key.startswith("field:"):
            print(f"{key:32s} {v['ok']:5d}/{v['n']:<5d} {100 * v['rate']:6.1f}%")
    print("-- fields (exact match)")
    for key, v in res["rates"].items():
        if key.startswith("field:"):
            print(f"{key:48s} {v['ok']:5d}/{v['n']:<5d} {100 * v['rate']:6.1f}%")
    print("-- planted defects found, per code")
    for code, v in res["per_code"].items():
        print(f"{code:32s} {v['found']}/{v['n']}")
    agreement = res.get("quality_vs_ocr", {})
    if agreement:
        print("-- illegibility flags vs OCR (pages of " + ", ".join(sorted(AGREEMENT_TYPES)) + ")")
        for key, n in agreement.items():
            print(f"{key:32s} {n}")
    print("-- codes raised where the truth forbids them (dossiers)")
    for code, n in res["unexpected_codes"].items():
        print(f"{code:32s} {n}")
    print("-- codes that keep clean dossiers from PASS, warnings included (dossiers)")
    for code, n in res.get("clean_not_pass_codes", {}).items():
        print(f"{code:32s} {n}")
    for miss in res["misses"]:
        print("miss:", json.dumps(miss, ensure_ascii=False))


def run_accuracy_set(args: argparse.Namespace) -> dict[str, Any]:
    """One accuracy set in this process: the locked one on its fixed seeds, else the development one."""
    if args.set == "locked":
        seed, clean_seed = SETS["locked"]
        work = args.work / "locked" if args.work else None
        return accuracy(args.backend, args.count, seed, args.clean, work, clean_seed=clean_seed, locked=True)
    return accuracy(args.backend, args.count, args.seed, args.clean, args.work)


def _rate(res: dict[str, Any], key: str) -> str:
    v = res["rates"].get(key)
    return f"{v['ok']}/{v['n']} ({100 * v['rate']:.1f}%)" if v and v["rate"] is not None else "—"


def print_sets(dev: dict[str, Any], locked: dict[str, Any]) -> None:
    """The development and the locked set side by side (aggregates only)."""
    print(f"\n== accuracy, development vs locked: {dev['backend']}")
    print(f"{'measure':36s} {'development':>22s} {'locked':>22s}")
    for key in (
        "verdict",
        "defect_found",
        "clean_dossier_pass",
        "clean_without_error",
        "must_not_codes_absent",
        "page_type_clean",
        "page_type_degraded",
        "id_id_number_clean",
        "id_id_number_degraded",
        "id_name_clean",
        "id_name_degraded",
        "qr_decoded_150dpi",
        "signature_confirmed",
        "school_confirmed",
        "school_fit_printed_only",
    ):
        print(f"{key:36s} {_rate(dev, key):>22s} {_rate(locked, key):>22s}")
    fields = [k for k in dev["rates"] if k.startswith("field:")]
    for res, name in ((dev, "development"), (locked, "locked")):
        ok = sum(res["rates"][k]["ok"] for k in fields if k in res["rates"])
        n = sum(res["rates"][k]["n"] for k in fields if k in res["rates"])
        print(f"fields exact, all ({name}): {ok}/{n}" + (f" ({100 * ok / n:.1f}%)" if n else ""))
    print("-- per code: recall (found/planted) and precision (right/claimed where judged)")
    codes = sorted(set(dev["per_code"]) | set(locked["per_code"]) | set(dev.get("precision_per_code", {})))
    for code in codes:
        cells = []
        for res in (dev, locked):
            r = res["per_code"].get(code)
            q = res.get("precision_per_code", {}).get(code)
            recall = f"{r['found']}/{r['n']}" if r else "-"
            prec = f"{q['right']}/{q['claimed']}" if q and q["claimed"] else "-"
            cells.append(f"R {recall:>6s} P {prec:>6s}")
        print(f"{code:36s} {cells[0]:>22s} {cells[1]:>22s}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["speed", "accuracy", "throughput", "all"], default="all")
    parser.add_argument("--backend", choices=["rapidocr", "paddleocr"], help="one backend, in this process")
    parser.add_argument(
        "--engines",
        help="comma-separated backends to run one after the other and print side by side "
        "(default: every installed one, rapidocr,paddleocr)",
    )
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument(
        "--count",
        type=int,
        default=full_cycle(),
        help="generated dossiers for accuracy (default: 3 clean + one per planted defect, so every defect is measured)",
    )
    parser.add_argument("--dossiers", type=int, default=6, help="committed dossiers for throughput")
    parser.add_argument(
        "--seed",
        type=int,
        default=REPORT_SEED,
        help="first seed of the accuracy set (0-999 are benchmark seeds; tune on seeds >= 1000)",
    )
    parser.add_argument("--clean", type=int, default=10, help="extra clean dossiers for accuracy (false alarms)")
    parser.add_argument("--work", type=Path, help="keep the generated accuracy set here and reuse it")
    parser.add_argument("--json", help="write this run's result to this file (used by the parent process)")
    parser.add_argument(
        "--set",
        choices=["development", "locked", "both"],
        default="both",
        help="accuracy set: development (--seed, default 200 + clean 900), locked (fixed seeds, aggregate only), both",
    )
    args = parser.parse_args()
    if args.backend is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        summary = {}
        engines = args.engines.split(",") if args.engines else available_backends()
        unknown = sorted(set(engines) - {"rapidocr", "paddleocr"})
        if unknown:
            parser.error(f"unknown engine(s): {', '.join(unknown)}")
        for backend in engines:
            # Throughput (the nightly flow, 1 and 2 workers) is measured on the default backend only.
            everything = ["speed", "accuracy", "throughput"] if backend == "rapidocr" else ["speed", "accuracy"]
            jobs = [
                (part, name)
                for part in (everything if args.part == "all" else [args.part])
                for name in (
                    (["development", "locked"] if args.set == "both" else [args.set]) if part == "accuracy" else [""]
                )
            ]
            for part, set_name in jobs:
                stem = f"{part}-locked" if set_name == "locked" else part
                target = RESULTS / f"{stem}-{backend}.json"
                cmd = [
                    sys.executable,
                    "-m",
                    "bench.run",
                    "--part",
                    part,
                    "--backend",
                    backend,
                    "--pages",
                    str(args.pages),
                    "--count",
                    str(args.count),
                    "--seed",
                    str(args.seed),
                    "--clean",
                    str(args.clean),
                    "--dossiers",
                    str(args.dossiers),
                    *(["--work", str(args.work)] if args.work else []),
                    *(["--set", set_name] if set_name else []),
                    "--json",
                    str(target),
                ]
                subprocess.run(cmd, check=True, cwd=REPO, env={**os.environ})
                summary[f"{stem}-{backend}"] = json.loads(target.read_text())
            dev, held = summary.get(f"accuracy-{backend}"), summary.get(f"accuracy-locked-{backend}")
            if dev and held:
                print_sets(dev, held)
        if len(engines) > 1:
            print_engines(summary, engines)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
        shutil.copy(RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json")
        return 0
    parts = {
        "speed": (lambda: speed(args.backend, args.pages), print_speed),
        "throughput": (lambda: throughput(args.backend, args.dossiers), print_throughput),
        "accuracy": (lambda: run_accuracy_set(args), print_accuracy),
    }
    run, show = parts[args.part]
    result = run()
    show(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
