"""学信网《教育部学历证书电子注册备案表》 (and its 学籍/学位 siblings): the table, the code, the QR.

The QR payload is parsed, not judged: ``qr_url`` is the payload and ``qr_vcode`` its ``vcode``
query parameter; whether host and path are official is the validators' call. The printed
在线验证码 is normalised (no spaces or hyphens, upper case). A printed character that differs
from the QR code only by a classic OCR confusion (0/O, 1/I, 5/S, 8/B, 2/Z) is taken from the QR,
and a note says so; any other difference is kept as read.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from extractors.documents.base import Extraction, FieldBuilder, LabelReader, PageInput
from extractors.documents.common import first_value, is_name, printed_level, study_mode_of
from extractors.models import FieldName, QrCode
from extractors.text import cjk_only, clean_name, compact, digits_only, find_dates

LABELS = ("姓名", "性别", "出生日期", "民族", "证件号码", "入学日期", "毕(结)业日期", "毕业日期", "学校名称", "院校",
          "专业", "学制", "层次", "学历类别", "学习形式", "毕(结)业", "证书编号", "校(院)长姓名", "更新日期",
          "在线验证码", "有效期", "形式", "院系", "班级", "学号", "学籍状态")
GRADUATION_LABELS = ("毕(结)业日期", "毕（结）业日期", "毕结业日期", "毕业日期")
CODE_LABELS = ("在线验证码", "验证码")

_CONFUSABLE = [set("0ODQ"), set("1IL"), set("5S"), set("8B"), set("2Z")]
_CODE_RE = re.compile(r"[0-9A-Z]{12,16}")


def parse_qr(codes: tuple[QrCode, ...]) -> tuple[QrCode, str | None] | None:
    """The report's QR (the one with a URL, preferring one with a ``vcode``) and its ``vcode``."""
    best: tuple[QrCode, str | None] | None = None
    for code in codes:
        payload = code.payload.strip()
        try:
            query = parse_qs(urlsplit(payload).query)
        except ValueError:
            query = {}
        vcode = query.get("vcode", [None])[0]
        if vcode is not None:
            return code, vcode
        if best is None and ("://" in payload or "chsi" in payload.lower()):
            best = (code, None)
    return best


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CONFUSABLE)


def normalise_code(printed: str, qr_vcode: str | None) -> tuple[str, bool]:
    """Normalise a printed 在线验证码; returns the code and whether QR-guided confusions were resolved."""
    code = re.sub(r"[^0-9A-Za-z]", "", compact(printed)).upper()
    if code.isdigit() or len(code) == 12 and sum(ch.isdigit() for ch in code) >= 10:
        code = digits_only(code)
    if qr_vcode and len(code) == len(qr_vcode) and code != qr_vcode.upper():
        target = qr_vcode.upper()
        if all(a == b or _confusable(a, b) for a, b in zip(code, target, strict=True)):
            return target, True
    return code, False


def extract(page: PageInput) -> Extraction:
    """Read the report's table, the printed verification code, the validity and the QR."""
    out = FieldBuilder(page)
    reader = LabelReader(page.ocr.lines, LABELS)
    name = first_value(reader, ("姓名",), accept=is_name)
    if name:
        out.add("name", clean_name(name.text), name.lines)
    gender = reader.value("性别", accept=lambda t: t[:1] in ("男", "女"))
    if gender:
        out.add("gender", gender.text[:1], gender.lines)
    dated: tuple[tuple[FieldName, tuple[str, ...]], ...] = (
        ("birth_date", ("出生日期",)),
        ("graduation_date", GRADUATION_LABELS),
        ("updated_on", ("更新日期",)),
    )
    for field, labels in dated:
        found = first_value(reader, labels, accept=lambda t: bool(find_dates(t)))
        if found:
            out.add(field, find_dates(found.text)[0][0].isoformat(), found.lines)
    school = first_value(reader, ("学校名称", "院校名称", "院校"), accept=lambda t: len(cjk_only(t)) >= 2)
    if school:
        out.add("school", cjk_only(school.text, keep="()（）"), school.lines)
    major = reader.value("专业", accept=lambda t: 2 <= len(cjk_only(t)) <= 30, exclude=("专业技术",))
    if major:
        out.add("major", cjk_only(major.text, keep="()（）"), major.lines)
    level = reader.value("层次", accept=lambda t: printed_level(t) is not None)
    if level:
        out.add("level", printed_level(level.text), level.lines, raw=level.text)
    education_type = reader.value("学历类别", accept=lambda t: len(cjk_only(t)) >= 2)
    if education_type:
        out.add("education_type", cjk_only(education_type.text), education_type.lines)
    # the 学籍在线验证报告 prints the study mode under 形式
    mode = first_value(reader, ("学习形式", "形式"), accept=lambda t: study_mode_of(t) is not None)
    if mode:
        out.add("study_mode", study_mode_of(mode.text), mode.lines, raw=mode.text)
    cert = reader.value("证书编号", accept=lambda t: len(digits_only(t)) >= 10)
    if cert:
        out.add("certificate_no", digits_only(cert.text), cert.lines)
    _validity(page, reader, out)
    qr = parse_qr(page.qr)
    qr_vcode = qr[1] if qr else None
    if qr:
        evidence_box = qr[0].bbox
        out.add("qr_url", qr[0].payload.strip(), (), bbox=evidence_box, confidence=1.0)
        if qr_vcode:
            out.add("qr_vcode", qr_vcode, (), bbox=evidence_box, confidence=1.0)
    code = first_value(reader, CODE_LABELS, accept=lambda t: len(re.sub(r"[^0-9A-Za-z]", "", t)) >= 8, below=True)
    if code:
        value, resolved = normalise_code(code.text, qr_vcode)
        out.add("verification_code", value, code.lines, raw=code.text)
        if resolved:
            out.note("printed verification code had OCR letter/digit confusions; resolved against the QR")
    return out.build()


def _validity(page: PageInput, reader: LabelReader, out: FieldBuilder) -> None:
    """``valid_until``: the date on the line that prints the report's validity (有效期至 …)."""
    for line in page.ocr.lines:
        s = compact(line.text)
        if "有效期" not in s:
            continue
        dates = find_dates(s[s.find("有效期") :])
        if dates:
            out.add("valid_until", dates[-1][0].isoformat(), [line])
            return
        found = reader.value("有效期", accept=lambda t: bool(find_dates(t)), below=True)
        if found:
            out.add("valid_until", find_dates(found.text)[-1][0].isoformat(), found.lines)
            return


__all__ = ["extract", "normalise_code", "parse_qr"]
