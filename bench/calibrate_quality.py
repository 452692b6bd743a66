"""Calibrate the image-quality thresholds on pages with known degradations.

Usage (realistic sample pages, the calibration behind the shipped thresholds):
    .venv/bin/python bench/calibrate_quality.py --source samples --tune-seeds 1000-1099 --eval-seeds 2000-2099
Usage (the earlier synthetic pages of bench/synthetic.py):
    .venv/bin/python bench/calibrate_quality.py --source synthetic --tune-seeds 0-19 --eval-seeds 100-119

``--source samples`` draws pages with the sample generator (``samples.generate``: its plan, render and
encode for each seed, see ``render_seed``), measures them as the pipeline does (ingest, upright, truth
document type), chooses each threshold on the tune seeds and reports recall / false alarm on the eval
seeds and on the committed set ``samples/dossiers``. ``--source synthetic`` is the original study:

Each seed renders A4 pages (scan and phone-photo lighting, dense and sparse text, 150-300 dpi) and
ID cards on a desk, then degrades copies with known severity. For each check the threshold is chosen
on the tune seeds (highest recall with at most 1% false alarms, centred in the feasible interval),
then recall and false-alarm rate are measured on the eval seeds. A small OCR set checks that pages
rapidocr reads are not called illegible and pages it misreads are. Results go to
bench/results/quality_calibration.json.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.quality_samples as qs  # noqa: E402
from bench import synthetic as syn  # noqa: E402
from extractors.models import DocType, QualityMetrics  # noqa: E402
from extractors.quality import assess, measure, perceptual_hash, regions, sharpness  # noqa: E402  # noqa: E402
from extractors.settings import Settings  # noqa: E402

measure_mod = importlib.import_module("extractors.quality.measure")


@dataclass
class Sample:
    page: syn.SynthPage
    doc_type: DocType
    clean: bool
    defect: str | None  # check name the page is a defect for
    level: str


@dataclass(frozen=True)
class CheckSpec:
    field: str  # Settings field
    direction: str  # "below": fires when metric < t; "above": fires when metric > t
    metric: Callable[[QualityMetrics, DocType], float | None]


def _extra(key: str) -> Callable[[QualityMetrics, DocType], float | None]:
    return lambda m, _d: m.extra.get(key)


SPECS: dict[str, CheckSpec] = {
    "IMAGE_BLURRY": CheckSpec("quality_min_sharpness", "below", lambda m, _d: m.sharpness),
    "IMAGE_LOW_RESOLUTION": CheckSpec("quality_min_dpi", "below", lambda m, _d: m.effective_dpi),
    "IMAGE_TOO_DARK": CheckSpec("quality_dark_paper_level", "below", _extra("paper_level")),
    "IMAGE_OVEREXPOSED": CheckSpec(
        "quality_overexposed_ink_contrast",
        "below",
        lambda m, _d: m.extra.get("ink_contrast") if m.extra.get("paper_level", 0.0) >= 200 else 999.0,
    ),
    "IMAGE_GLARE": CheckSpec("quality_glare_fraction", "above", lambda m, _d: m.glare_fraction),
    "DOCUMENT_CROPPED": CheckSpec(
        "quality_crop_border_cover",
        "above",
        lambda m, _d: 0.0 if m.extra.get("doc_fills_frame") else m.extra.get("doc_border_cover"),
    ),
    "BLANK_PAGE": CheckSpec("quality_blank_ink_fraction", "below", lambda m, _d: m.ink_fraction),
    "ID_CARD_COPY/gray": CheckSpec("quality_copy_colourfulness", "below", lambda m, _d: m.colourfulness),
    "ID_CARD_COPY/screen": CheckSpec("quality_moire_score", "above", _extra("moire")),
}


# Severity levels. "Defect" levels are where rapidocr stops reading rendered text (char accuracy < 0.9,
# see the OCR sweep in the results); "clean" levels are ones it still reads. Levels in between are
# left out of recall/false-alarm and shown in the OCR agreement table instead.
BLUR_CLEAN_MM = (0.0, 0.1, 0.3, 0.45)
BLUR_DEFECT_MM = (0.6, 0.8)
DPI_CLEAN = (60.0, 75.0, 100.0)
DPI_DEFECT = (30.0, 34.0)
DARK_CLEAN_GAIN = (0.6, 0.3, 0.15)
DARK_DEFECT_GAIN = (0.05, 0.035)
OVER_CLEAN_INK = (120.0, 170.0, 200.0)  # grey level the text is brightened to
OVER_DEFECT_INK = (238.0, 246.0)
GLARE_DEFECT = (0.05, 0.08)
CROP_DEFECT = (0.15, 0.3)
NOISE = 5.0


def seed_samples(seed: int) -> list[Sample]:
    """All clean and degraded pages of one seed, each round-tripped through JPEG like an upload."""
    rng = np.random.default_rng(seed)
    dpis = (150, 200, 300)
    a4s = syn.render_a4(rng, float(rng.choice(dpis)), dense=bool(rng.random() < 0.6))
    a4p = syn.render_a4(rng, float(rng.choice(dpis)), dense=bool(rng.random() < 0.6), photo=True)
    sparse = syn.render_a4(rng, float(rng.choice(dpis)), dense=False)
    card = syn.render_id_card(rng, float(rng.uniform(150, 300)))
    tight = syn.render_id_card(rng, float(rng.uniform(150, 300)), on_desk=False)
    o, c = DocType.OTHER, DocType.ID_CARD
    base = a4s if rng.random() < 0.5 else a4p
    k = int(rng.integers(0, 2))  # which clean level of each sweep this seed uses besides the first
    out = [
        Sample(a4s, o, True, None, "scan"),
        Sample(a4p, o, True, None, "photo"),
        Sample(sparse, o, True, None, "sparse"),
        Sample(card, c, True, None, "card"),
        Sample(tight, c, True, None, "tight card"),
        Sample(syn.blur(base, BLUR_CLEAN_MM[2 + k]), o, True, None, f"blur {BLUR_CLEAN_MM[2 + k]}mm"),
        Sample(syn.blur(card, 0.2), c, True, None, "card blur 0.2mm"),
        Sample(syn.downscale(base, DPI_CLEAN[k]), o, True, None, f"{DPI_CLEAN[k]:.0f} dpi"),
        Sample(syn.exposure(base, DARK_CLEAN_GAIN[1 + k], 1.0, NOISE), o, True, None, f"gain {DARK_CLEAN_GAIN[1 + k]}"),
        Sample(syn.exposure(card, 0.3, 1.0, NOISE), c, True, None, "card gain 0.3"),
        Sample(syn.overexpose(base, OVER_CLEAN_INK[1 + k], NOISE), o, True, None, f"ink to {OVER_CLEAN_INK[1 + k]}"),
    ]
    for sigma in BLUR_DEFECT_MM:
        out.append(Sample(syn.blur(base, sigma), o, False, "IMAGE_BLURRY", f"blur {sigma}mm"))
    out.append(Sample(syn.blur(card, 0.6), c, False, "IMAGE_BLURRY", "card blur 0.6mm"))
    for dpi in DPI_DEFECT:
        out.append(Sample(syn.downscale(base, dpi), o, False, "IMAGE_LOW_RESOLUTION", f"{dpi:.0f} dpi"))
    out.append(Sample(syn.downscale(card, 34.0), c, False, "IMAGE_LOW_RESOLUTION", "card 34 dpi"))
    for gain in DARK_DEFECT_GAIN:
        out.append(Sample(syn.exposure(base, gain, 1.0, NOISE), o, False, "IMAGE_TOO_DARK", f"gain {gain}"))
    out.append(Sample(syn.exposure(card, 0.05, 1.0, NOISE), c, False, "IMAGE_TOO_DARK", "card gain 0.05"))
    for ink in OVER_DEFECT_INK:
        out.append(Sample(syn.overexpose(base, ink, NOISE), o, False, "IMAGE_OVEREXPOSED", f"ink to {ink}"))
    out.append(Sample(syn.overexpose(card, 240.0, NOISE), c, False, "IMAGE_OVEREXPOSED", "card ink to 240"))
    for r in GLARE_DEFECT:
        out.append(Sample(syn.glare(a4p, rng, r)[0], o, False, "IMAGE_GLARE", f"glare {r}"))
    out.append(Sample(syn.glare(card, rng, 0.1)[0], c, False, "IMAGE_GLARE", "card glare 0.1"))
    for frac in CROP_DEFECT:
        cut = syn.render_id_card(rng, float(rng.uniform(150, 300)), out_frac=frac)
        out.append(Sample(cut, c, False, "DOCUMENT_CROPPED", f"card {frac:.0%} out"))
    out.append(Sample(syn.render_blank(rng, float(rng.choice(dpis))), o, False, "BLANK_PAGE", "blank"))
    out.append(Sample(syn.grayscale_copy(card, rng), c, False, "ID_CARD_COPY/gray", "gray copy"))
    out.append(Sample(syn.screen_recapture(card, rng), c, False, "ID_CARD_COPY/screen", "screen"))
    q = int(rng.integers(70, 96))
    return [Sample(syn.jpeg(s.page, q), s.doc_type, s.clean, s.defect, s.level) for s in out]


def measure_all(seeds: list[int]) -> list[tuple[Sample, QualityMetrics]]:
    rows = []
    for seed in seeds:
        for s in seed_samples(seed):
            rows.append((s, measure(s.page.image, dpi=None, doc_type=s.doc_type, text_boxes=())))
    return rows


def applies(check: str, s: Sample) -> bool:
    """Which clean pages a check is judged on (ID-card checks only on ID cards)."""
    if check.startswith("ID_CARD_COPY"):
        return s.doc_type == DocType.ID_CARD
    if check == "DOCUMENT_CROPPED":
        return s.doc_type == DocType.ID_CARD
    return True


def split(check: str, rows: list[tuple[Sample, QualityMetrics]]) -> tuple[list[float], list[float]]:
    spec = SPECS[check]
    pos, neg = [], []
    for s, m in rows:
        v = spec.metric(m, s.doc_type)
        if s.defect == check:
            pos.append(np.nan if v is None else v)
        elif s.clean and applies(check, s):
            neg.append(np.nan if v is None else v)
    return pos, neg


def fires(v: float, t: float, direction: str) -> bool:
    if np.isnan(v):
        return False
    return v < t if direction == "below" else v > t


def rates(pos: list[float], neg: list[float], t: float, direction: str) -> tuple[float, float]:
    rec = sum(fires(v, t, direction) for v in pos) / max(len(pos), 1)
    fa = sum(fires(v, t, direction) for v in neg) / max(len(neg), 1)
    return rec, fa


def choose(pos: list[float], neg: list[float], direction: str) -> tuple[float, list[dict[str, float]]]:
    vals = sorted({v for v in pos + neg if not np.isnan(v)})
    cands = [(a + b) / 2 for a, b in zip(vals, vals[1:], strict=False)] or vals
    roc = []
    for t in cands:
        r, f = rates(pos, neg, t, direction)
        roc.append({"threshold": t, "recall": r, "false_alarm": f})
    ok = [p for p in roc if p["false_alarm"] <= 0.01]
    best_recall = max(p["recall"] for p in ok)
    feasible = [p["threshold"] for p in ok if p["recall"] == best_recall]
    # Centre in the feasible interval: the widest margin to both classes.
    lo, hi = min(feasible), max(feasible)
    chosen = (lo + hi) / 2
    step = max(1, len(roc) // 25)
    return chosen, roc[::step]


def ocr_agreement(n_images: int, settings: Settings, seed0: int = 500) -> dict[str, object]:
    """Run rapidocr on blurred, downscaled, darkened and glared crops; compare with the quality verdict."""
    from extractors.ocr import get_engine

    engine = get_engine("rapidocr")
    illegible_codes = {"IMAGE_BLURRY", "IMAGE_LOW_RESOLUTION", "IMAGE_TOO_DARK", "IMAGE_OVEREXPOSED", "BLANK_PAGE"}
    variants: list[tuple[str, Callable[[syn.SynthPage], syn.SynthPage]]] = [
        ("clean", lambda p: p),
        ("blur 0.3mm", lambda p: syn.blur(p, 0.3)),
        ("blur 0.45mm", lambda p: syn.blur(p, 0.45)),
        ("blur 0.6mm", lambda p: syn.blur(p, 0.6)),
        ("60 dpi", lambda p: syn.downscale(p, 60.0)),
        ("45 dpi", lambda p: syn.downscale(p, 45.0)),
        ("32 dpi", lambda p: syn.downscale(p, 32.0)),
        ("gain 0.15", lambda p: syn.exposure(p, 0.15, 1.0, NOISE)),
        ("gain 0.04", lambda p: syn.exposure(p, 0.04, 1.0, NOISE)),
        ("ink to 200", lambda p: syn.overexpose(p, 200.0, NOISE)),
        ("ink to 242", lambda p: syn.overexpose(p, 242.0, NOISE)),
        ("blur 0.8mm", lambda p: syn.blur(p, 0.8)),
    ]
    rows = []
    i = 0
    while len(rows) < n_images:
        rng = np.random.default_rng(seed0 + i)
        page = syn.render_a4(rng, float(rng.choice((150, 200))), dense=True)
        # Keep the top of the page (title and ~8 lines) so OCR stays quick.
        cut = int(page.image.shape[0] * 0.3)
        boxes = tuple(b for b in page.boxes if b.y1 <= cut)
        lines = page.lines[: len(boxes)]
        page = syn.SynthPage(page.image[:cut], lines, boxes, page.dpi, page.char_px, "a4")
        name, fn = variants[i % len(variants)]
        i += 1
        deg = syn.jpeg(fn(page), 85)
        truth = "".join("".join(lines).split())
        t0 = time.perf_counter()
        res = engine.read(deg.image)
        ocr_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        m = measure(deg.image, dpi=None, doc_type=DocType.OTHER, text_boxes=())
        q_s = time.perf_counter() - t0
        read = "".join(res.text.split())
        acc = difflib.SequenceMatcher(None, truth, read, autojunk=False).ratio()
        codes = sorted({iss.kind for iss in assess(m, DocType.OTHER, settings)} & illegible_codes)
        rows.append(
            {
                "variant": name,
                "ocr_char_accuracy": round(acc, 3),
                "flags": codes,
                "ocr_s": round(ocr_s, 3),
                "quality_s": round(q_s, 4),
            }
        )
    good = [r for r in rows if float(r["ocr_char_accuracy"]) >= 0.9]  # type: ignore[arg-type]
    bad = [r for r in rows if float(r["ocr_char_accuracy"]) < 0.7]  # type: ignore[arg-type]
    return {
        "images": len(rows),
        "read_correctly (acc>=0.9)": len(good),
        "read_correctly_but_flagged": sum(bool(r["flags"]) for r in good),
        "misread (acc<0.7)": len(bad),
        "misread_and_flagged": sum(bool(r["flags"]) for r in bad),
        "quality_time_over_ocr_time": round(
            sum(float(r["quality_s"]) for r in rows)  # type: ignore[arg-type]
            / sum(float(r["ocr_s"]) for r in rows),
            4,
        ),  # type: ignore[arg-type]
        "rows": rows,
    }


def cost_ms(repeats: int = 5) -> dict[str, float]:
    """Milliseconds per measurement stage on a 2000x1400 page photo (median of ``repeats``)."""
    rng = np.random.default_rng(7)
    page = syn.render_a4(rng, 240.0, dense=True, photo=True)
    img = np.ascontiguousarray(cv2.resize(page.image, (1400, 2000), interpolation=cv2.INTER_AREA).transpose(1, 0, 2))
    timings: dict[str, list[float]] = {}

    def tick(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings.setdefault(name, []).append((now - t0) * 1000)
        return now

    for _ in range(repeats):
        t = time.perf_counter()
        work = regions.work_image(img)
        t = tick("downscale", t)
        region = regions.document_region(work)
        t = tick("document region (DOCUMENT_CROPPED)", t)
        bg = regions.background(work.gray)
        ink = regions.ink_mask(work.gray, bg)
        t = tick("background + ink (BLANK_PAGE, exposure)", t)
        th = regions.text_height(ink)
        t = tick("text height", t)
        sharpness.edge_sharpness(img, th / work.scale if th else None)
        t = tick("sharpness (IMAGE_BLURRY)", t)
        measure_mod._glare(work, region, bg, 230.0, {})
        t = tick("glare (IMAGE_GLARE)", t)
        measure_mod._colourfulness(work.bgr, region.mask)
        t = tick("colourfulness (ID_CARD_COPY gray)", t)
        measure_mod._moire(img, region, work.scale)
        t = tick("moire (ID_CARD_COPY screen)", t)
        measure(img, dpi=None, doc_type=DocType.ID_CARD, text_boxes=())
        t = tick("measure() total", t)
        perceptual_hash(img)
        t = tick("perceptual_hash", t)
    return {k: round(float(np.median(v)), 2) for k, v in timings.items()}


def parse_seeds(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", choices=["samples", "synthetic"], default="samples")
    ap.add_argument("--tune-seeds", default=None, help="default 1000-1099 (samples) / 0-19 (synthetic)")
    ap.add_argument("--eval-seeds", default=None, help="default 2000-2099 (samples) / 100-119 (synthetic)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/quality-calibration"), help="rendered pages (samples)")
    ap.add_argument("--ocr-images", type=int, default=48, help="images for the OCR agreement part (0: skip)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quality_calibration.json")
    args = ap.parse_args()
    if args.source == "samples":
        qs.main(args.tune_seeds or "1000-1099", args.eval_seeds or "2000-2099", args.work, args.out)
        return
    args.tune_seeds = args.tune_seeds or "0-19"
    args.eval_seeds = args.eval_seeds or "100-119"
    tune_seeds, eval_seeds = parse_seeds(args.tune_seeds), parse_seeds(args.eval_seeds)
    t0 = time.perf_counter()
    tune = measure_all(tune_seeds)
    ev = measure_all(eval_seeds)
    print(f"measured {len(tune) + len(ev)} pages in {time.perf_counter() - t0:.1f}s")
    settings = Settings()
    results: dict[str, object] = {"tune_seeds": args.tune_seeds, "eval_seeds": args.eval_seeds, "checks": {}}
    checks: dict[str, object] = {}
    chosen_fields: dict[str, float] = {}
    print(f"{'check':22s} {'setting':30s} {'chosen':>9s} {'current':>9s} {'tune R/FA':>12s} {'eval R/FA':>12s}  n+/n-")
    for check, spec in SPECS.items():
        pos, neg = split(check, tune)
        chosen, roc = choose(pos, neg, spec.direction)
        epos, eneg = split(check, ev)
        tr, tf = rates(pos, neg, chosen, spec.direction)
        er, ef = rates(epos, eneg, chosen, spec.direction)
        current = float(getattr(settings, spec.field))
        cr, cf = rates(epos, eneg, current, spec.direction)
        missed = [
            s.level
            for s, m in ev
            if s.defect == check
            and not fires(
                np.nan if spec.metric(m, s.doc_type) is None else float(spec.metric(m, s.doc_type)),  # type: ignore[arg-type]
                chosen,
                spec.direction,
            )
        ]
        chosen_fields[spec.field] = float(f"{chosen:.4g}")
        checks[check] = {
            "setting": spec.field,
            "direction": spec.direction,
            "chosen": chosen,
            "current_default": current,
            "tune": {"recall": tr, "false_alarm": tf, "n_defect": len(pos), "n_clean": len(neg)},
            "eval": {"recall": er, "false_alarm": ef, "n_defect": len(epos), "n_clean": len(eneg)},
            "eval_with_current_default": {"recall": cr, "false_alarm": cf},
            "eval_missed_levels": missed,
            "roc_tune": roc,
        }
        print(
            f"{check:22s} {spec.field:30s} {chosen:9.4g} {current:9.4g} {tr:5.2f}/{tf:5.2f}  {er:5.2f}/{ef:5.2f}  "
            f"{len(epos)}/{len(eneg)}"
        )
    # End-to-end: every check through assess() with the chosen thresholds.
    chosen_settings = Settings(**chosen_fields)  # type: ignore[arg-type]
    clean_any = [bool(assess(m, s.doc_type, chosen_settings)) for s, m in ev if s.clean]
    defect_found = [
        s.defect.split("/")[0] in {i.kind for i in assess(m, s.doc_type, chosen_settings)} for s, m in ev if s.defect
    ]
    results["checks"] = checks
    results["chosen_settings"] = chosen_fields
    results["eval_end_to_end"] = {
        "clean_pages_with_any_issue": sum(clean_any) / max(len(clean_any), 1),
        "defect_pages_with_their_code": sum(defect_found) / max(len(defect_found), 1),
    }
    print("chosen settings:", chosen_fields)
    print("eval end to end (chosen thresholds, all checks through assess()):", results["eval_end_to_end"])
    results["cost_ms_2000x1400"] = cost_ms()
    print("cost per stage on 2000x1400 (ms):", results["cost_ms_2000x1400"])
    if args.ocr_images:
        agreement = ocr_agreement(args.ocr_images, chosen_settings)
        results["ocr_agreement"] = agreement
        print({k: v for k, v in agreement.items() if k != "rows"})
        for r in agreement["rows"]:  # type: ignore[union-attr]
            print(f"  {r['variant']:20s} acc={r['ocr_char_accuracy']:.2f} flags={r['flags']}")  # type: ignore[index]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    previous["synthetic"] = results
    args.out.write_text(json.dumps(previous, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
