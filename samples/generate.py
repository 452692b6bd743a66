"""Render sample dossiers with their ground truth: the entry points the CLI calls.

``generate_dossiers`` writes a seeded set of any size (the benchmark uses ≥ 40); ``write_committed_set``
regenerates exactly the set committed under ``samples/dossiers/``. Output is a pure function of the seed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from pillow_heif import register_heif_opener

from samples import capture
from samples.build import Profile, build_plan
from samples.defects import DEFECTS, must_not, verdict_of
from samples.plan import DossierPlan, PagePlan
from samples.render.photo import PhotoRecord, portrait
from samples.truth import DossierTruth, PageTruth

CARD_DPI = 400
ZIP_TIME = (2024, 10, 12, 10, 0, 0)
FORMATS = ("jpg", "png", "bmp", "heic", "tif", "pdf")
register_heif_opener()  # HEIC as phones write it (SPEC section 2)


@dataclass(frozen=True)
class Spec:
    """Everything that decides one dossier: its profile, its defect, and how it is delivered."""

    profile: Profile
    defect: str | None = None
    delivery: str = "folder"
    pdf_group: bool = False
    extra_rotations: dict[str, int] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)  # page key -> file format (a FORMATS value), default jpg
    tiff_group: bool = False  # the appraisal forms as one multi-page TIFF


def _snapshot(gender: str, rng: random.Random) -> Image.Image:
    """A landscape phone snapshot with a cluttered background: not a valid 1-inch photo."""
    # The person at a natural aspect in a wider frame: drawn straight at 800 x 600 the face came out stretched
    # wide, which no camera does and no face detector finds.
    background = (170, 175, 160)
    img = Image.new("RGB", (800, 600), background)
    img.paste(portrait(PhotoRecord(gender=gender), 430, 600, rng, background=background), (185, 0))
    d = ImageDraw.Draw(img)
    for _ in range(14):
        x, y = rng.randint(0, 800), rng.randint(0, 600)
        color = tuple(rng.randint(40, 220) for _ in range(3))
        if not 260 < x < 540:
            d.rectangle([x, y, x + rng.randint(30, 160), y + rng.randint(30, 200)], fill=color)
    return img


def render_page(page: PagePlan, rng: random.Random) -> tuple[Image.Image, int]:
    """Render, capture and degrade one page; return the image and the document's effective dpi."""
    degr = page.degradations
    if page.card:
        img = page.renderer(page.record, CARD_DPI, rng)
        specular = None
        if "glare" in degr:
            box = (0.12, 0.08, 0.62, 0.5)
            if page.capture == "phone":  # the reflection is added by the capture, over its uneven light
                washed, amount, light = capture.glare_layers(img.convert("RGB"), rng, box)
                rgb = Image.fromarray(washed.clip(0, 255).astype(np.uint8))
                specular = (amount, light)
            else:
                rgb = capture.glare(img.convert("RGB"), rng, box)
            rgb.putalpha(img.getchannel("A"))
            img = rgb
        dpi = max(page.dpi, 300)
        if page.capture == "phone":
            out = capture.phone(img, rng, frame_long=2000, fill=0.68, specular=specular)
            dpi = int(out.size[0] * 0.68 / (85.6 / 25.4))
        elif page.capture == "screen":
            out = capture.screen_recapture(img, rng, frame_long=2000, fill=0.68)
            dpi = int(out.size[0] * 0.68 / (85.6 / 25.4))
        else:
            card = capture.scale_to_dpi(img, CARD_DPI, dpi)
            out = capture.card_on_bed(card, rng, int(dpi * 0.3))
            out = capture.photocopy(out, rng) if page.capture == "photocopy" else capture.scan(out, rng, skew=1.5)
    elif page.doc_type == "photo":
        dpi = 300
        if "landscape_snapshot" in degr:
            out = _snapshot(page.record.gender, rng)
        else:
            out = page.renderer(page.record, 300, rng)
    elif page.raw:
        dpi = page.dpi
        out = page.renderer(page.record, dpi, rng)
    else:
        dpi = page.dpi
        img = page.renderer(page.record, dpi, rng)
        if page.blank:
            img = capture.blank_page(img.size, rng)
        if page.capture == "phone":
            out = capture.phone(img, rng, frame_long=1800, fill=0.88)
            dpi = int(min(out.size) * 0.88 / (img.size[0] / dpi))
        elif page.capture == "photocopy":
            out = capture.photocopy(img, rng)
        else:
            out = capture.scan(img, rng)
    for name in degr:
        if name == "blur":
            out = capture.blur(out, rng)
        elif name == "low_resolution":
            out = capture.low_resolution(out, dpi)
            dpi = 60
        elif name == "too_dark":
            out = capture.too_dark(out, rng)
        elif name == "overexposed":
            out = capture.overexposed(out, rng)
        elif name == "crop":
            out = capture.crop_edge(out, rng, "right", 0.26)
    return capture.rotate(out, page.rotation), dpi


def _truth_page(page: PagePlan, file: str, number: int, dpi: int) -> PageTruth:
    fields = {} if page.blank else page.fields(page.record)
    return PageTruth(
        file=file, page=number, doc_type="other" if page.blank else page.doc_type,
        side="none" if page.blank else page.side, rotation=page.rotation,
        capture=page.capture if page.capture in ("scan", "phone", "photocopy", "screen") else "scan", dpi=dpi,
        degradations=(["blank"] if page.blank else []) + list(page.degradations), fields=fields,
        flags={} if page.blank else dict(page.flags),
    )


def _encode(images: list[tuple[Image.Image, int]], fmt: str, capture_kind: str) -> bytes:
    """Encode the page images of one file as ``fmt`` (a FORMATS value); every format is deterministic."""
    buf = io.BytesIO()
    gray = capture_kind == "photocopy"
    pages = [im.convert("L" if gray else "RGB") for im, _ in images]
    first, *rest = pages
    dpi = float(images[0][1])
    if fmt == "pdf":
        stamp = dt.datetime(*ZIP_TIME).timetuple()  # Pillow would write the clock into CreationDate/ModDate
        first.convert("RGB").save(buf, "PDF", resolution=dpi, save_all=True,
                                  append_images=[r.convert("RGB") for r in rest], quality=75,
                                  creationDate=stamp, modDate=stamp)
    elif fmt == "tif":
        first.save(buf, "TIFF", save_all=True, append_images=rest, compression="jpeg", quality=75, dpi=(dpi, dpi))
    elif fmt == "png":
        first.save(buf, "PNG", dpi=(dpi, dpi))
    elif fmt == "bmp":
        first.save(buf, "BMP")
    elif fmt == "heic":
        first.save(buf, "HEIF", quality=40)
    else:
        return capture.jpeg_bytes(images[0][0], quality=75 if capture_kind in ("phone", "screen") else 70,
                                  gray=gray)
    return buf.getvalue()


def write_dossier(plan: DossierPlan, spec: Spec, out_dir: Path) -> Path:
    """Render ``plan`` into ``out_dir`` (folder or zip) and write the truth file beside it."""
    rng = random.Random(plan.seed * 7919 + 17)
    files: dict[str, bytes] = {}
    truth_pages: list[PageTruth] = []
    groups: dict[str, list[tuple[PagePlan, Image.Image, int]]] = {}
    order: list[str] = []
    for page in plan.pages:
        img, dpi = render_page(page, rng)
        path = page.group or page.path
        if path not in groups:
            order.append(path)
        groups.setdefault(path, []).append((page, img, dpi))
    unreadable: list[str] = []
    for path in order:
        members = groups[path]
        fmt = path.rsplit(".", 1)[-1].lower()
        data = _encode([(im, d) for _, im, d in members], fmt if fmt in FORMATS else "jpg", members[0][0].capture)
        if any(p.broken for p, _, _ in members):
            data = data[: len(data) * 2 // 5]
            unreadable.append(path)
        else:
            for n, (p, _, d) in enumerate(members, start=1):
                truth_pages.append(_truth_page(p, path, n, d))
        files[path] = data
        dup = members[0][0].duplicate_as
        if dup:
            files[dup] = data
            p, _, d = members[0]
            truth_pages.append(_truth_page(p, dup, 1, d))
    files["application.json"] = (plan.application_text or json.dumps(plan.application, ensure_ascii=False, indent=2)
                                 ).encode() + b"\n"
    defect = DEFECTS[spec.defect] if spec.defect else None
    codes = list(defect.codes) if defect else []
    truth = DossierTruth(
        applicant_id=plan.applicant_id, seed=plan.seed, defect=spec.defect, description=plan.description,
        expected_verdict=defect.verdict if defect else verdict_of(codes), must_codes=codes,
        must_not_codes=must_not(defect),
        delivery=spec.delivery, unreadable_files=unreadable, pages=truth_pages,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    if spec.delivery == "zip":
        target = out_dir / f"{plan.applicant_id}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.flag_bits |= 0x800  # UTF-8 names
                z.writestr(info, files[name])
    else:
        target = out_dir / plan.applicant_id
        for name, data in files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
    (out_dir / f"{plan.applicant_id}.truth.json").write_text(
        truth.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return target


def plan_for(spec: Spec) -> DossierPlan:
    """Build the clean plan of ``spec`` and plant its defect."""
    plan = build_plan(spec.profile)
    plan.delivery = spec.delivery
    if spec.pdf_group:
        for p in plan.pages_like("appraisal_"):
            p.group = f"{p.section}/年度考核表.pdf" if p.section else "年度考核表.pdf"
    for key, rot in spec.extra_rotations.items():
        plan.page(key).rotation = rot
    if spec.defect:
        d = DEFECTS[spec.defect]
        d.apply(plan, random.Random(spec.profile.seed + 1))
        plan.description = d.description
    else:
        plan.description = f"clean {plan.level} {plan.employer_type} dossier"
    if spec.tiff_group:
        for p in plan.pages_like("appraisal_"):
            p.group = f"{p.section}/年度考核表.tif" if p.section else "年度考核表.tif"
    for p in plan.pages:
        fmt = spec.formats.get(p.key)
        if fmt and not p.broken:
            p.filename = f"{p.filename.rsplit('.', 1)[0]}.{fmt}"
            if p.duplicate_as:
                p.duplicate_as = f"{p.duplicate_as.rsplit('.', 1)[0]}.{fmt}"
    np.random.seed(0)  # nothing should use the global generator; keep it fixed in case a library does
    return plan


def _random_spec(applicant_id: str, seed: int, defect: str | None) -> Spec:
    rng = random.Random(seed)
    d = DEFECTS.get(defect or "")
    levels = d.levels if d and d.levels else ("本科", "本科", "大专", "中专")
    etypes = d.employer_types if d and d.employer_types else ("事业单位", "企业")
    capture_kind = "phone" if rng.random() < 0.2 else "scan"
    profile = Profile(applicant_id, seed, rng.choice(levels), rng.choice(etypes), rng.random() < 0.4,
                      capture_kind, rng.choice([150, 200, 200, 300]), sections=rng.random() < 0.85)
    delivery, pdf_group = "zip" if rng.random() < 0.1 else "folder", rng.random() < 0.2
    formats, tiff_group = _random_formats(random.Random(seed * 13 + 7), capture_kind, pdf_group)
    return Spec(profile, defect, delivery, pdf_group=pdf_group, formats=formats, tiff_group=tiff_group)


def _random_formats(rng: random.Random, capture_kind: str, pdf_group: bool) -> tuple[dict[str, str], bool]:
    """Other file formats of SPEC section 2 for some pages: PNG/BMP photos, HEIC from phones, a multi-page TIFF."""
    formats: dict[str, str] = {}
    if rng.random() < 0.3:
        formats["photo"] = rng.choice(["png", "bmp"])
    if rng.random() < 0.2:
        formats[rng.choice(["id_portrait", "id_emblem", "ce_2023_公需", "publicity_result"])] = "png"
    if capture_kind == "phone":
        for key in ("id_portrait", "id_emblem", "diploma", "internship_report", "pledge"):
            if rng.random() < 0.5:
                formats[key] = "heic"
    return formats, not pdf_group and rng.random() < 0.15


def generate_dossiers(out_dir: Path, seed: int, count: int, *, defects: Sequence[str] | None = None) -> list[Path]:
    """Write ``count`` dossiers (clean ones and one defect each) and their truth files into ``out_dir``.

    Args:
        out_dir: Folder to write into (created if needed).
        seed: Seed of the whole set; the same seed gives the same bytes.
        count: Number of dossiers.
        defects: Defects to cycle through (``None`` for clean); default: three clean, then every defect.

    Returns:
        The dossier folders (or zip files) written.
    """
    cycle: list[str | None] = list(defects) if defects is not None else [None, None, None, *DEFECTS]
    for name in cycle:
        if name is not None and name not in DEFECTS:
            raise ValueError(f"unknown defect {name!r}; known: {', '.join(DEFECTS)}")
    written = []
    for i in range(count):
        defect = cycle[i % len(cycle)] if cycle else None
        spec = _random_spec(f"WL{seed}-{i + 1:04d}", seed * 100003 + i, defect)
        written.append(write_dossier(plan_for(spec), spec, Path(out_dir)))
    return written


def committed_specs() -> list[Spec]:
    """The fixed list behind ``samples/dossiers/`` (see samples/README.md); ``degree`` is fixed to keep it small."""
    P = Profile
    return [
        Spec(P("WL2024-0001", 101, "本科", "事业单位", False, "scan", 200, degree=False), formats={"photo": "png"}),
        Spec(P("WL2024-0002", 102, "大专", "企业", True, "phone", 150, degree=False),
             formats={"id_portrait": "heic", "diploma": "heic"}),
        Spec(P("WL2024-0003", 103, "中专", "事业单位", False, "scan", 150, sections=False, degree=False),
             "rotated_page"),
        Spec(P("WL2024-0004", 104, "本科", "企业", True, "scan", 150, degree=False), delivery="zip", pdf_group=True),
        Spec(P("WL2024-0005", 105, "本科", "事业单位", True, "scan", 150, degree=False), "id_side_missing"),
        Spec(P("WL2024-0006", 106, "大专", "事业单位", False, "scan", 150, degree=False), "id_photocopy",
             tiff_group=True),
        Spec(P("WL2024-0007", 107, "本科", "企业", False, "scan", 150, degree=False), "glare"),
        Spec(P("WL2024-0008", 108, "本科", "事业单位", False, "scan", 150, degree=False), "blurry_page"),
        Spec(P("WL2024-0009", 109, "本科", "事业单位", True, "scan", 150, degree=False), "chsi_code_mismatch"),
        Spec(P("WL2024-0010", 110, "大专", "企业", False, "scan", 150, degree=False), "chsi_not_official"),
        Spec(P("WL2024-0011", 111, "本科", "事业单位", False, "scan", 150, degree=False), "experience_short"),
        Spec(P("WL2024-0012", 112, "大专", "事业单位", True, "scan", 150, degree=False), "appraisal_back_missing"),
        Spec(P("WL2024-0013", 113, "本科", "企业", False, "scan", 150, degree=False), "ce_hours_short"),
        Spec(P("WL2024-0014", 114, "本科", "事业单位", False, "scan", 150, degree=False), "publicity_short"),
        Spec(P("WL2024-0015", 115, "本科", "事业单位", True, "scan", 150, degree=False), "pledge_unsigned"),
        Spec(P("WL2024-0016", 116, "本科", "事业单位", False, "scan", 150, degree=False), "unreadable_file"),
    ]


def write_committed_set(out_dir: Path) -> list[Path]:
    """Regenerate exactly the committed set into ``out_dir``."""
    return [write_dossier(plan_for(s), s, Path(out_dir)) for s in committed_specs()]
