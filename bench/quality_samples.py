"""Quality calibration on realistic sample pages (``bench/calibrate_quality.py --source samples``).

Per seed, one dossier plan of the sample generator (``samples.generate._random_spec`` / ``plan_for``)
gets the ID-card family of the seed (glare / cropped card / photocopy / screen recapture / none, cycling:
20 seeds of each in a range of 100) and, together,
the page families (blur, low resolution, too dark, overexposed, blank page: each on its own page).
Rendered and encoded with the generator's own ``render_page`` / ``_encode`` are the ID sides, the
1-inch photo, the degraded pages and four random clean pages; rendering only these keeps 200 seeds
within a CPU budget (a full dossier is ~18 pages). Pages are read back through ``extractors.ingest``
(so dpi comes from file metadata as in the pipeline), turned upright by their truth rotation and
measured with their truth document type and no OCR boxes.

Three pages per seed no dossier plan holds are added, each from its own random stream (the plan's pages stay
as they are): the 1-inch photo blurred (the generator's ``blur``; a portrait's sharpness has its own
threshold), a stray page (a street snapshot or a shop receipt photo, ``samples.defects`` ``unrecognized_page``:
no document, so judged for BLANK_PAGE only) and one clean page a little out of focus (Gaussian of
``SOFT_MM``: OCR still reads it, so it must get no code; it is a clean page for every check).

A threshold is chosen per check on the tune seeds: the highest recall with at most 1% false alarms
(then the fewest false alarms), centred in the interval of such thresholds; recall and false alarms
are then measured on the eval seeds and on the committed set, each code through ``assess`` with the
shipped thresholds, and each check on its own metric (``eval_checks``).

The two ways of copying an ID card are told apart by their checks: the colourfulness check is tuned on
photocopies against clean cards; the moire check on screen recaptures against every other card (clean,
glare, cropped and photocopied ones: a moire firing on any of them would be a false alarm of that check).
Likewise the two crop checks count every card not cut (photocopies, glare) as a false alarm, and the colour
gate of BLANK_PAGE is tuned on the pages the shipped ink rule calls blank: blank sheets against stray photos.
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from extractors.ingest import iter_pages, read_dossier
from extractors.models import DocType, PageImage, QualityMetrics
from extractors.orientation import rotate
from extractors.quality import assess, measure
from extractors.quality.assess import cut_covers
from extractors.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGE_FAMILIES = ("blurry_page", "low_resolution", "too_dark", "overexposed", "blank_page")
ID_FAMILIES: tuple[str | None, ...] = ("glare", "cropped_id", "id_photocopy", "id_screen_recapture", None)
CODE_OF = {
    "blur": "IMAGE_BLURRY",
    "low_resolution": "IMAGE_LOW_RESOLUTION",
    "too_dark": "IMAGE_TOO_DARK",
    "overexposed": "IMAGE_OVEREXPOSED",
    "glare": "IMAGE_GLARE",
    "crop": "DOCUMENT_CROPPED",
    "blank": "BLANK_PAGE",
    "photocopy": "ID_CARD_COPY",  # captures of an ID card that are defects
    "screen": "ID_CARD_COPY",
}
CODES = tuple(dict.fromkeys(CODE_OF.values()))
STRAY = "stray"
"""Degradation name of a stray page: no document at all (``samples.defects`` ``unrecognized_page``)."""
SOFT = "soft"
"""Degradation name of a clean page softened by a Gaussian of ``SOFT_MM``: no defect, it must get no code."""
SOFT_MM = 0.3
"""Softness OCR still reads in full: synthetic pages blurred 0.3 mm read at 0.93-1.0 character accuracy (the
OCR agreement of ``--source synthetic``), 0.6 mm at 0.06-0.94."""


@dataclass(frozen=True)
class Row:
    """One measured page with its truth."""

    unit: str
    file: str
    doc_type: DocType
    capture: str
    degradations: tuple[str, ...]
    metrics: QualityMetrics
    seconds: float

    @property
    def stray(self) -> bool:
        """A page with no document (street snapshot, shop receipt): judged for BLANK_PAGE only."""
        return STRAY in self.degradations

    @property
    def expected(self) -> set[str]:
        """Codes the page must get (empty for a clean page)."""
        codes = {CODE_OF[d] for d in self.degradations if d in CODE_OF}
        if self.capture in CODE_OF and self.doc_type == DocType.ID_CARD:
            codes.add(CODE_OF[self.capture])
        return codes


def render_seed(seed: int, k: int, out: Path) -> None:
    """Render the pages of seed ``seed`` (``k``: its index in the range, picks the ID family) into ``out``."""
    _render_plan_pages(seed, k, out)
    _render_extra_pages(seed, k, out)
    _render_soft_page(seed, k, out)


def _render_plan_pages(seed: int, k: int, out: Path) -> None:
    from samples.defects import DEFECTS
    from samples.generate import FORMATS, _encode, _random_spec, plan_for, render_page

    if (out / "truth.json").exists():
        return
    family = ID_FAMILIES[k % len(ID_FAMILIES)]
    spec = _random_spec(f"WL{seed}-0001", seed * 100003, family)
    plan = plan_for(spec)  # plants the ID family (spec.defect)
    rng = random.Random(seed * 7919 + 17)
    for name in PAGE_FAMILIES:
        with contextlib.suppress(KeyError):  # the page is not in this plan (e.g. no 2023 appraisal form)
            DEFECTS[name].apply(plan, rng)
    special = [p for p in plan.pages if p.card or p.doc_type == "photo" or p.degradations or p.blank]
    others = [p for p in plan.pages if p not in special and not p.broken]
    truth = []
    out.mkdir(parents=True, exist_ok=True)
    for page in special + rng.sample(others, min(4, len(others))):
        img, dpi = render_page(page, rng)
        suffix = (page.group or page.path).rsplit(".", 1)[-1].lower()
        fmt = suffix if suffix in FORMATS else "jpg"
        name = f"{page.key}.{fmt}"
        (out / name).write_bytes(_encode([(img, dpi)], fmt, page.capture))
        truth.append(
            {
                "file": name,
                "doc_type": "other" if page.blank else page.doc_type,
                "capture": page.capture,
                "dpi": dpi,
                "rotation": page.rotation,
                "degradations": (["blank"] if page.blank else []) + list(page.degradations),
            }
        )
    (out / "truth.json").write_text(json.dumps({"seed": seed, "id_family": family, "pages": truth}, ensure_ascii=False))


def _render_extra_pages(seed: int, k: int, out: Path) -> None:
    """Add the pages no dossier plan holds: the 1-inch photo blurred, and a stray page (``STRAY``).

    Each has its own random stream, so the plan's pages (and a work dir rendered before these existed) stay as
    they are; the pages are appended to ``truth.json`` once.
    """
    from samples.defects import DEFECTS
    from samples.generate import FORMATS, _encode, _random_spec, plan_for, render_page

    meta = json.loads((out / "truth.json").read_text())
    if any(STRAY in q["degradations"] for q in meta["pages"]):
        return
    spec = _random_spec(f"WL{seed}-0001", seed * 100003, ID_FAMILIES[k % len(ID_FAMILIES)])
    plan = plan_for(spec)
    rng = random.Random(seed * 7919 + 29)
    photo = plan.page("photo")
    photo.degradations.append("blur")
    DEFECTS["unrecognized_page"].apply(plan, rng)
    stray = plan.page("stray")
    for page, name in ((photo, "photo_blurred"), (stray, "stray")):
        img, dpi = render_page(page, rng)
        suffix = (page.group or page.path).rsplit(".", 1)[-1].lower()
        fmt = suffix if suffix in FORMATS else "jpg"
        (out / f"{name}.{fmt}").write_bytes(_encode([(img, dpi)], fmt, page.capture))
        meta["pages"].append(
            {
                "file": f"{name}.{fmt}",
                "doc_type": page.doc_type,
                "capture": page.capture,
                "dpi": dpi,
                "rotation": page.rotation,
                "degradations": [STRAY] if page is stray else list(page.degradations),
                **({"stray_kind": stray.record.kind} if page is stray else {}),
            }
        )
    (out / "truth.json").write_text(json.dumps(meta, ensure_ascii=False))


def _render_soft_page(seed: int, k: int, out: Path) -> None:
    """Add one clean page of the plan a little out of focus (``SOFT_MM``): legible, so it must get no code."""
    import cv2

    from samples.generate import FORMATS, _encode, _random_spec, plan_for, render_page

    meta = json.loads((out / "truth.json").read_text())
    if any(SOFT in q["degradations"] for q in meta["pages"]):
        return
    plan = plan_for(_random_spec(f"WL{seed}-0001", seed * 100003, ID_FAMILIES[k % len(ID_FAMILIES)]))
    rng = random.Random(seed * 7919 + 31)
    page = rng.choice([p for p in plan.pages if not (p.card or p.doc_type == "photo" or p.broken or p.rotation)])
    img, dpi = render_page(page, rng)
    sigma = SOFT_MM / 25.4 * dpi
    soft = Image.fromarray(cv2.GaussianBlur(np.asarray(img.convert("RGB")), (0, 0), sigma))
    suffix = (page.group or page.path).rsplit(".", 1)[-1].lower()
    fmt = suffix if suffix in FORMATS else "jpg"
    name = f"soft_{page.key}.{fmt}"
    (out / name).write_bytes(_encode([(soft, dpi)], fmt, page.capture))
    meta["pages"].append(
        {
            "file": name,
            "doc_type": page.doc_type,
            "capture": page.capture,
            "dpi": dpi,
            "rotation": 0,
            "degradations": [SOFT],
        }
    )
    (out / "truth.json").write_text(json.dumps(meta, ensure_ascii=False))


def _units(root: Path) -> Iterator[tuple[str, Path, dict[tuple[str, int], dict[str, object]]]]:
    if any(root.glob("*.truth.json")):  # a generated dossier set (the committed one)
        for t in sorted(root.glob("*.truth.json")):
            aid = t.name[: -len(".truth.json")]
            path = root / aid if (root / aid).is_dir() else root / f"{aid}.zip"
            pages = json.loads(t.read_text(encoding="utf-8"))["pages"]
            yield aid, path, {(str(q["file"]), int(q["page"])): q for q in pages}
        return
    for d in sorted(root.iterdir()):
        if (d / "truth.json").exists():
            pages = json.loads((d / "truth.json").read_text(encoding="utf-8"))["pages"]
            yield d.name, d, {(str(q["file"]), 1): q for q in pages}


def measure_set(root: Path) -> list[Row]:
    """Measure every page under ``root`` as the pipeline does (dpi from metadata, upright, no OCR boxes)."""
    settings = Settings()
    rows = []
    for unit, path, pages in _units(root):
        for page in iter_pages(read_dossier(path, settings), settings):
            if not isinstance(page, PageImage):
                continue
            t = pages.get((page.ref.file, page.ref.page))
            if t is None:
                continue
            image = rotate(page.image, int(str(t["rotation"])))
            doc_type = DocType(str(t["doc_type"]))
            start = time.perf_counter()
            m = measure(image, dpi=page.dpi, doc_type=doc_type, text_boxes=[])
            degr = t["degradations"]
            assert isinstance(degr, list)
            rows.append(
                Row(unit, page.ref.file, doc_type, str(t["capture"]), tuple(degr), m, time.perf_counter() - start)
            )
    return rows


Metric = Callable[[Row], float | None]


@dataclass(frozen=True)
class Tuned:
    """One threshold: the Settings field, its direction, the metric, and which pages it is judged on.

    Among the pages it ``applies`` to, the positives are those expected to get ``code`` and the negatives the
    clean ones, unless ``positive`` / ``negative`` say otherwise (a code two checks share).
    """

    field: str
    code: str
    direction: str  # "below" or "above"
    metric: Metric
    applies: Callable[[Row], bool]
    positive: Callable[[Row], bool] | None = None
    negative: Callable[[Row], bool] | None = None

    def is_positive(self, r: Row) -> bool:
        """The page must make this check fire."""
        return self.positive(r) if self.positive else self.code in r.expected

    def is_negative(self, r: Row) -> bool:
        """The page must not make this check fire (by default: a clean document page)."""
        return self.negative(r) if self.negative else not r.expected and not r.stray


def _not_photo(r: Row) -> bool:
    return r.doc_type != DocType.PHOTO


def _photo(r: Row) -> bool:
    return r.doc_type == DocType.PHOTO


def _inkless(r: Row) -> bool:
    """A page the shipped ink rule calls blank: whether it is a sheet at all is what is left to judge."""
    ink = r.metrics.ink_fraction
    return _not_photo(r) and ink is not None and ink < Settings().quality_blank_ink_fraction


def _not_cut(r: Row) -> bool:
    """Any card not planted with a cut: a photocopy or a glare card called cropped is a false alarm too."""
    return "DOCUMENT_CROPPED" not in r.expected


def _card(r: Row) -> bool:
    return r.doc_type == DocType.ID_CARD


def _card_on_bed(r: Row) -> bool:
    return _card(r) and "border_structure" in r.metrics.extra


def _cut_cover(r: Row) -> float:
    """The cover ``assess`` judges: of the most covered side whose band is the document's own paper."""
    return max(cut_covers(r.metrics, r.doc_type, Settings()).values(), default=0.0)


def _card_separated(r: Row) -> bool:
    return _card(r) and r.metrics.extra.get("doc_fills_frame", 1.0) < 0.5


def _photocopy(r: Row) -> bool:
    return r.capture == "photocopy"


def _screen(r: Row) -> bool:
    return r.capture == "screen"


TUNED = (
    Tuned("quality_min_sharpness", "IMAGE_BLURRY", "below", lambda r: r.metrics.sharpness, _not_photo),
    Tuned("quality_photo_min_sharpness", "IMAGE_BLURRY", "below", lambda r: r.metrics.sharpness, _photo),
    Tuned("quality_min_dpi", "IMAGE_LOW_RESOLUTION", "below", lambda r: r.metrics.effective_dpi, _not_photo),
    Tuned(
        "quality_dark_paper_level",
        "IMAGE_TOO_DARK",
        "below",
        lambda r: r.metrics.extra.get("paper_level"),
        lambda r: True,
    ),
    Tuned(
        "quality_overexposed_saturated_fraction",
        "IMAGE_OVEREXPOSED",
        "above",
        lambda r: r.metrics.bright_fraction,
        _not_photo,
    ),
    Tuned("quality_glare_fraction", "IMAGE_GLARE", "above", lambda r: r.metrics.glare_fraction, _card),
    Tuned(
        "quality_crop_border_structure",
        "DOCUMENT_CROPPED",
        "above",
        lambda r: r.metrics.extra.get("border_structure"),
        _card_on_bed,
        negative=_not_cut,
    ),
    Tuned(
        "quality_crop_border_cover",
        "DOCUMENT_CROPPED",
        "above",
        _cut_cover,
        _card_separated,
        negative=_not_cut,
    ),
    Tuned("quality_blank_ink_fraction", "BLANK_PAGE", "below", lambda r: r.metrics.ink_fraction, _not_photo),
    Tuned(
        "quality_blank_max_colourfulness",
        "BLANK_PAGE",
        "below",
        lambda r: r.metrics.colourfulness,
        _inkless,
        negative=lambda r: not r.expected,
    ),
    Tuned(
        "quality_copy_colourfulness",
        "ID_CARD_COPY",
        "below",
        lambda r: r.metrics.colourfulness,
        _card,
        positive=_photocopy,
    ),
    Tuned(
        "quality_moire_score",
        "ID_CARD_COPY",
        "above",
        lambda r: r.metrics.extra.get("moire"),
        _card,
        positive=_screen,
        negative=lambda r: not _screen(r),
    ),
)


def _split(t: Tuned, rows: list[Row]) -> tuple[list[float], list[float]]:
    pos, neg = [], []
    for r in rows:
        if not t.applies(r):
            continue
        v = t.metric(r)
        if v is None:
            continue
        if t.is_positive(r):
            pos.append(float(v))
        elif t.is_negative(r):
            neg.append(float(v))
    return pos, neg


def _fires(v: float, t: float, direction: str) -> bool:
    return v < t if direction == "below" else v > t


def choose(pos: list[float], neg: list[float], direction: str) -> tuple[float | None, float, float]:
    """Threshold with the highest recall at <= 1% false alarms (then fewest), centred in the feasible interval."""
    vals = sorted(set(pos + neg))
    if not pos or len(vals) < 2:
        return None, 0.0, 0.0
    cands = [(a + b) / 2 for a, b in zip(vals, vals[1:], strict=False)]
    scored = []
    for c in cands:
        rec = sum(_fires(v, c, direction) for v in pos) / len(pos)
        fa = sum(_fires(v, c, direction) for v in neg) / max(len(neg), 1)
        scored.append((c, rec, fa))
    ok = [x for x in scored if x[2] <= 0.01]
    if not ok:  # no threshold keeps false alarms at 1 %: the metric does not separate the classes
        return None, 0.0, 0.0
    best = max(x[1] for x in ok)
    fewest = min(x[2] for x in ok if x[1] == best)
    feasible = [x[0] for x in ok if x[1] == best and x[2] == fewest]
    chosen = (min(feasible) + max(feasible)) / 2
    rec = sum(_fires(v, chosen, direction) for v in pos) / len(pos)
    fa = sum(_fires(v, chosen, direction) for v in neg) / max(len(neg), 1)
    return chosen, rec, fa


def roc_points(pos: list[float], neg: list[float], direction: str, n: int = 24) -> list[dict[str, float]]:
    """Recall and false-alarm rate at ``n`` thresholds spread over the measured values (the ROC of a check)."""
    vals = sorted(set(pos + neg))
    if not pos or len(vals) < 2:
        return []
    picks = sorted({vals[round(i * (len(vals) - 1) / (n - 1))] for i in range(n)})
    points = []
    for t in picks:
        points.append(
            {
                "threshold": float(f"{t:.4g}"),
                "recall": sum(_fires(v, t, direction) for v in pos) / len(pos),
                "false_alarm": sum(_fires(v, t, direction) for v in neg) / max(len(neg), 1),
            }
        )
    return points


def evaluate(rows: list[Row], settings: Settings) -> dict[str, dict[str, object]]:
    """Per code: recall on pages planted with it, false alarms on clean pages (ID checks: clean cards)."""
    out: dict[str, dict[str, object]] = {}
    got = [{i.kind for i in assess(r.metrics, r.doc_type, settings)} for r in rows]
    for code in CODES:
        pos = [(r, g) for r, g in zip(rows, got, strict=True) if code in r.expected]
        neg = [
            (r, g)
            for r, g in zip(rows, got, strict=True)
            if not r.expected
            and (code != "ID_CARD_COPY" or r.doc_type == DocType.ID_CARD)
            and (code == "BLANK_PAGE" or not r.stray)
        ]
        hits = sum(code in g for _, g in pos)
        alarms = [f"{r.unit}/{r.file}" for r, g in neg if code in g]
        out[code] = {
            "recall": hits / len(pos) if pos else None,
            "n_defect": len(pos),
            "missed": [f"{r.unit}/{r.file}" for r, g in pos if code not in g],
            "false_alarm": len(alarms) / len(neg) if neg else None,
            "n_clean": len(neg),
            "false_alarm_pages": alarms,
        }
    strays = [(r, g) for r, g in zip(rows, got, strict=True) if r.stray]
    if strays:
        out["BLANK_PAGE"]["n_stray"] = len(strays)
        out["BLANK_PAGE"]["stray_codes"] = {f"{r.unit}/{r.file}": sorted(g) for r, g in strays if g}
    return out


def evaluate_checks(rows: list[Row], settings: Settings) -> dict[str, dict[str, object]]:
    """Per tuned check, on its own metric at the shipped threshold: recall and false alarms as in tuning."""
    out: dict[str, dict[str, object]] = {}
    for t in TUNED:
        threshold = float(getattr(settings, t.field))
        pos, neg = [], []
        for r in rows:
            v = t.metric(r) if t.applies(r) else None
            if v is None:
                continue
            if t.is_positive(r):
                pos.append((r, _fires(float(v), threshold, t.direction)))
            elif t.is_negative(r):
                neg.append((r, _fires(float(v), threshold, t.direction)))
        out[t.field] = {
            "code": t.code,
            "threshold": threshold,
            "recall": sum(f for _, f in pos) / len(pos) if pos else None,
            "n_defect": len(pos),
            "missed": [f"{r.unit}/{r.file}" for r, f in pos if not f],
            "false_alarm": sum(f for _, f in neg) / len(neg) if neg else None,
            "n_clean": len(neg),
            "false_alarm_pages": [f"{r.unit}/{r.file}" for r, f in neg if f],
        }
    return out


def _seeds(text: str) -> list[int]:
    a, _, b = text.partition("-")
    return list(range(int(a), int(b or a) + 1))


def main(tune: str, eval_: str, work: Path, out: Path) -> None:
    """Render (cached in ``work``), measure, tune on ``tune``, report on ``eval_`` and the committed set."""
    for name, seeds in (("tune", _seeds(tune)), ("eval", _seeds(eval_))):
        for k, seed in enumerate(seeds):
            render_seed(seed, k, work / name / str(seed))
    t0 = time.perf_counter()
    tune_rows = measure_set(work / "tune")
    eval_rows = measure_set(work / "eval")
    committed = measure_set(ROOT / "samples" / "dossiers")
    print(f"measured {len(tune_rows)} + {len(eval_rows)} + {len(committed)} pages in {time.perf_counter() - t0:.0f}s")
    chosen: dict[str, float] = {}
    tuning: dict[str, object] = {}
    for t in TUNED:
        pos, neg = _split(t, tune_rows)
        value, rec, fa = choose(pos, neg, t.direction)
        tuning[t.field] = {
            "code": t.code,
            "direction": t.direction,
            "chosen": value,
            "tune_recall": rec,
            "tune_false_alarm": fa,
            "n_defect": len(pos),
            "n_clean": len(neg),
            "defect_range": [min(pos), max(pos)] if pos else None,
            "clean_range": [min(neg), max(neg)] if neg else None,
            "roc_tune": roc_points(pos, neg, t.direction),
        }
        if value is not None:
            chosen[t.field] = float(f"{value:.4g}")
        print(f"{t.field:40s} {t.code:22s} chosen={value}  tune R/FA={rec:.3f}/{fa:.3f}  n={len(pos)}/{len(neg)}")
    # Rates are reported for the shipped Settings (the chosen values, with the deviations their
    # descriptions explain) and, for comparison, for the raw chosen values.
    shipped = Settings()
    raw = Settings(**chosen)  # type: ignore[arg-type]
    results = {
        "protocol": __doc__,
        "tune_seeds": tune,
        "eval_seeds": eval_,
        "pages": {"tune": len(tune_rows), "eval": len(eval_rows), "committed": len(committed)},
        "chosen_settings": chosen,
        "tuning": tuning,
        "shipped_settings": {t.field: getattr(shipped, t.field) for t in TUNED},
        "eval": evaluate(eval_rows, shipped),
        "committed": evaluate(committed, shipped),
        "eval_checks": evaluate_checks(eval_rows, shipped),
        "committed_checks": evaluate_checks(committed, shipped),
        "eval_with_raw_chosen": evaluate(eval_rows, raw),
        "measure_ms_per_page": {
            "median": float(np.median([r.seconds for r in eval_rows + committed]) * 1000),
            "p95": float(np.percentile([r.seconds for r in eval_rows + committed], 95) * 1000),
        },
    }
    for part in ("eval", "committed", "eval_checks"):
        for code, v in results[part].items():  # type: ignore[attr-defined]
            rec, fa = v["recall"], v["false_alarm"]
            print(f"{part:11s} {code:38s} recall={rec} ({v['n_defect']})  FA={fa} ({v['n_clean']})")
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    synthetic = previous.get("synthetic", previous if "checks" in previous else None)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"samples": results, "synthetic": synthetic}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {out}")
