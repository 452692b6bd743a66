"""学信网 reports in layouts the generator does not render, read with the real OCR engine (rapidocr).

Drawn here from the published forms, not from the generator: the 教育部学籍在线验证报告 (two label/value columns:
院校, 层次, 形式, 学籍状态 ...) and an older single-column 备案表 (labels with colons). Both must be a
``chsi_report`` whose fields, QR and printed verification code read exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from PIL import Image, ImageDraw, ImageFont

from extractors.inspect import inspect_file
from extractors.ocr import get_engine
from extractors.settings import Settings

pytestmark = pytest.mark.slow

DPI = 200
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
VCODE = "A7K2M9QXR3TB5WLC"
NAME = "阿依古丽·买买提"

XUEJI = [
    ("姓名", NAME, "性别", "女"),
    ("证件号码", "65282319960315002X", "民族", "维吾尔族"),
    ("出生日期", "1996年03月15日", "院校", "新疆师范大学"),
    ("层次", "本科", "院系", "文学院"),
    ("班级", "汉语言文学1501", "专业", "汉语言文学"),
    ("学号", "2015010123", "形式", "普通全日制"),
    ("入学日期", "2015年09月01日", "学籍状态", "不在籍（毕业）"),
    ("学历类别", "普通高等教育", "学制", "4年"),
]
OLD_BEIAN = [
    ("姓名：", NAME),
    ("性别：", "女"),
    ("出生日期：", "1996年03月15日"),
    ("入学日期：", "2015年09月01日"),
    ("毕(结)业日期：", "2019年06月30日"),
    ("学校名称：", "新疆师范大学"),
    ("专业：", "汉语言文学"),
    ("学制：", "4年"),
    ("层次：", "本科"),
    ("学历类别：", "普通高等教育"),
    ("学习形式：", "普通全日制"),
    ("证书编号：", "107621201905001234"),
]


def px(mm: float) -> int:
    return int(round(mm * DPI / 25.4))


def render(title: str, rows: list[tuple[str, ...]], path: Path) -> Path:
    img = Image.new("RGB", (px(210), px(297)), "white")
    draw = ImageDraw.Draw(img)
    big, text, small = (ImageFont.truetype(FONT, px(size)) for size in (7, 4, 3.2))
    draw.text((px(30), px(25)), title, fill="black", font=big)
    draw.text((px(130), px(40)), "更新日期：2024年10月10日", fill="black", font=small)
    y = px(55)
    for row in rows:
        for (label, value), x in zip(zip(row[::2], row[1::2], strict=True), (25, 110), strict=False):
            draw.text((px(x), y), label, fill="black", font=text)
            draw.text((px(x + 35 if x == 25 else x + 30), y), value, fill="black", font=text)
        y += px(11)
    y += px(8)
    draw.text((px(25), y), "在线验证码：", fill="black", font=text)
    draw.text((px(60), y), VCODE, fill="black", font=text)
    draw.text((px(25), y + px(10)), "报告有效期至：2025年04月10日", fill="black", font=small)
    code = qrcode.make(f"https://www.chsi.com.cn/xlcx/bg.do?vcode={VCODE}&srcid=bgcx").convert("RGB")
    img.paste(code.resize((px(28), px(28))), (px(160), y - px(10)))
    img.save(path, dpi=(DPI, DPI))
    return path


@pytest.mark.parametrize(
    ("title", "rows"),
    [("教育部学籍在线验证报告", XUEJI), ("教育部学历证书电子注册备案表", OLD_BEIAN)],
    ids=["xueji_report", "older_beian"],
)
def test_a_chsi_report_of_another_layout_reads(tmp_path: Path, title: str, rows: list[tuple[str, ...]]) -> None:
    page = inspect_file(render(title, rows, tmp_path / "report.png"), Settings(), get_engine("rapidocr"))[0]
    fields = page["fields"]
    assert page["doc_type"] == "chsi_report"
    expected = {
        "name": NAME,
        "school": "新疆师范大学",
        "major": "汉语言文学",
        "level": "本科",
        "study_mode": "普通全日制",
        "education_type": "普通高等教育",
        "qr_vcode": VCODE,
        "verification_code": VCODE,
        "valid_until": "2025-04-10",
    }
    assert {k: fields.get(k) for k in expected} == expected
