"""Page classification from content: which document (and side) a page is.

A table of signatures, one per document type and side, each a list of weighted keywords (matched
approximately, so OCR noise costs a little score rather than the match), penalties for keywords
of look-alike documents, and optional page features (a QR code, a face on a nearly text-free page,
an ID number). The best-scoring signature above its threshold wins; the upload section only
breaks near-ties and never makes a page something its content does not say. An unknown page is
``other``.

Where the words come from (issue 20): every keyword and penalty is either quoted from the notice — its material
list (五、申报材料要求) and its 附件 templates, a copy of which is ``docs/notice/yuli-2024-notice.txt`` — or a title
or label printed on the real document, listed in ``PRINTED`` with the form that prints it. None comes from the
sample renderer; ``tests/test_classify.py`` checks every word against the two sources and classifies the
notice's own templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import Field

from extractors.marks import detect_faces
from extractors.models import BGRImage, DocType, Frozen, OcrLine, OcrResult, QrCode, Section, Side
from extractors.text import compact, fuzzy_find, is_cjk

#: Score added to signatures whose usual upload section matches the page's (a tie-break only).
SECTION_BONUS = 0.75
#: Pages with at most this many CJK characters may be the 1-inch photo.
PHOTO_MAX_CJK = 6


@dataclass(frozen=True)
class PageView:
    """What a signature can look at: page text (with vertical labels), QR payloads, the image."""

    text: str
    qr: tuple[QrCode, ...]
    image: BGRImage
    cjk_chars: int
    _faces: list[int] = field(default_factory=list)

    def face_count(self) -> int:
        """Faces on the page (computed once, only when a signature asks)."""
        if not self._faces:
            self._faces.append(len(detect_faces(self.image, min_fraction=0.2)))
        return self._faces[0]


Feature = Callable[[PageView], float]

#: Titles and labels printed on the real documents, by the form that prints them. A classifier word that the
#: notice does not quote must be one of these (for a keyword, of its own type; for a penalty, of a look-alike).
PRINTED: dict[DocType, tuple[str, ...]] = {
    # 第二代居民身份证 (居民身份证法, GB 19784 card face): portrait side labels, emblem side title and labels.
    DocType.ID_CARD: ("姓名", "性别", "民族", "出生", "住址", "公民身份号码",
                      "中华人民共和国", "居民身份证", "签发机关", "有效期限"),
    # 学信网 reports: 教育部学历证书电子注册备案表 (title, 在线验证码, 报告有效期 / 学历类别 rows), and the
    # 教育部学籍在线验证报告 and 中国高等教育学位在线验证报告 that replace it for enrolment and degrees.
    DocType.CHSI_REPORT: ("教育部学历证书电子注册备案表", "电子注册备案表", "在线验证码", "学籍在线验证报告",
                          "学位在线验证报告", "学信网", "学历类别", "报告有效期"),
    # 普通高等学校 / 中等专业学校毕业证书, the Ministry's wording: 学生…于…在本校…修完…准予毕业; 校名, 证书编号.
    DocType.DIPLOMA: ("毕业证书", "准予毕业", "在本校", "修完", "校名", "证书编号"),
    # 学士/硕士/博士学位证书: …依照《中华人民共和国学位条例》的规定，授予…学位.
    DocType.DEGREE_CERTIFICATE: ("学位证书", "学位条例", "授予", "学士学位", "硕士学位", "博士学位"),
    # 高等学校毕业生登记表 kept in the 学籍档案: 入学时间, 在校表现 (the notice's fallback to the 学信网 report).
    DocType.STUDENT_RECORD: ("学籍档案", "毕业生登记表", "在校表现", "学籍", "入学时间"),
    # 事业单位工作人员年度考核登记表 (人社部 考核规定 附件), front: 个人总结, 本人签名, 文化程度, 政治面貌 ...;
    # back: 主管领导评语, 考核等次建议, 单位意见 (盖章), 本人意见, 考核等次.
    DocType.APPRAISAL_FORM: ("年度考核登记表", "个人总结", "本人签名", "出生年月", "文化程度", "政治面貌",
                             "考核等次", "主管领导评语", "考核等次建议", "单位意见", "本人意见", "单位盖章"),
    # 新疆专业技术人员继续教育 合格证书: 学习年度, 科目类别 (公需/专业), 学时, 特发此证.
    DocType.CE_CERTIFICATE: ("合格证书", "继续教育", "公需科目", "专业科目", "学时", "课时", "学习年度",
                             "科目类别", "特发此证"),
    # 见习期工作情况 / 见习期工作小结 forms of the 职称 platform: 见习时间, 小结人.
    DocType.INTERNSHIP_REPORT: ("见习期工作情况", "见习时间", "单位负责人签字", "见习期"),
    DocType.INTERNSHIP_SUMMARY: ("见习期工作小结", "小结人", "见习期", "工作小结"),
    # A 公示结果 form states 无异议 or 有异议 (the notice's 附件2 gives the first).
    DocType.PUBLICITY_RESULT: ("公示结果", "无异议", "有异议"),
    # 社会保险个人参保缴费证明 / 缴费清单 (社保经办机构): 社会保障号码, 险种 (养老保险), 费款所属期, 缴费基数.
    DocType.SOCIAL_INSURANCE: ("社会保险", "参保缴费", "缴费", "养老保险", "社会保障号码", "缴费基数", "费款所属期"),
}


@dataclass(frozen=True)
class Signature:
    """How one document type (and side) shows itself on a page."""

    doc_type: DocType
    side: Side = Side.NONE
    keywords: tuple[tuple[str, float], ...] = ()
    penalties: tuple[tuple[str, float], ...] = ()
    features: tuple[tuple[str, Feature], ...] = ()
    threshold: float = 4.0
    section: Section | None = None


class Classification(Frozen):
    """The type and side of a page, how sure, and why."""

    doc_type: DocType = DocType.OTHER
    side: Side = Side.NONE
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    reasons: tuple[str, ...] = ()


_ID_NUMBER = re.compile(r"\d{17}[\dXx]")


def _has_id_number(view: PageView) -> float:
    return 2.0 if _ID_NUMBER.search(view.text) else 0.0


def _chsi_qr(view: PageView) -> float:
    return 3.0 if any("chsi" in code.payload.lower() for code in view.qr) else 0.0


def _lone_face(view: PageView) -> float:
    if view.cjk_chars > PHOTO_MAX_CJK:
        return 0.0
    # Any aspect a camera gives: a landscape snapshot of the applicant uploaded as the 1-inch photo is still
    # the photo, and the photo rule calls it invalid (it was "unrecognized" with a portrait-only range).
    height, width = view.image.shape[:2]
    if not 0.5 <= height / max(width, 1) <= 2.0:
        return 0.0
    return 5.0 if view.face_count() == 1 else 0.0


SIGNATURES: tuple[Signature, ...] = (
    Signature(DocType.ID_CARD, Side.PORTRAIT,
              (("公民身份号码", 4), ("姓名", 1), ("性别", 1), ("民族", 1), ("出生", 1), ("住址", 1.5)),
              (("签发机关", 3), ("备案表", 4), ("公示", 3), ("缴费", 3)),
              (("id_number", _has_id_number),), section=Section.BASIC),
    Signature(DocType.ID_CARD, Side.EMBLEM,
              (("居民身份证", 3), ("签发机关", 3), ("有效期限", 3), ("中华人民共和国", 1)),
              (("公民身份号码", 4), ("学位条例", 3)), section=Section.BASIC),
    Signature(DocType.PHOTO, Side.NONE, (), (), (("lone_face", _lone_face),), section=Section.BASIC),
    Signature(DocType.CHSI_REPORT, Side.NONE,
              (("教育部学历证书电子注册备案表", 6), ("电子注册备案表", 3), ("在线验证码", 3), ("学籍在线验证报告", 6),
               ("学位在线验证报告", 6), ("学信网", 2), ("chsi", 1.5), ("学历类别", 1), ("报告有效期", 1)),
              (), (("chsi_qr", _chsi_qr),), section=Section.EDUCATION),
    Signature(DocType.DIPLOMA, Side.NONE,
              (("毕业证书", 4), ("准予毕业", 3), ("在本校", 1.5), ("校名", 1), ("证书编号", 1), ("修完", 1)),
              (("备案表", 5), ("学位证书", 3), ("学籍档案", 3), ("在线验证码", 3)), section=Section.EDUCATION),
    Signature(DocType.DEGREE_CERTIFICATE, Side.NONE,
              (("学位证书", 4), ("学位条例", 3), ("授予", 1.5), ("学士学位", 2), ("硕士学位", 2), ("博士学位", 2)),
              (("备案表", 5), ("在线验证码", 3)), section=Section.EDUCATION),
    Signature(DocType.STUDENT_RECORD, Side.NONE,
              (("学籍档案", 5), ("毕业生登记表", 3), ("在校表现", 2), ("学籍", 1), ("入学时间", 1)),
              (("在线验证码", 3),), section=Section.EDUCATION),
    Signature(DocType.APPRAISAL_FORM, Side.FRONT,
              (("年度考核登记表", 5), ("个人总结", 3), ("本人签名", 1), ("出生年月", 0.5), ("文化程度", 0.5),
               ("政治面貌", 0.5)),
              (("考核等次", 3),), section=Section.APPRAISAL),
    Signature(DocType.APPRAISAL_FORM, Side.BACK,
              (("考核等次", 4), ("主管领导评语", 3), ("考核等次建议", 1), ("单位意见", 1), ("本人意见", 1),
               ("单位盖章", 0.5)),
              (("个人总结", 3), ("年度考核登记表", 2)), section=Section.APPRAISAL),
    Signature(DocType.CE_CERTIFICATE, Side.NONE,
              (("合格证书", 3), ("继续教育", 1), ("公需科目", 1.5), ("专业科目", 1.5), ("学时", 1.5), ("课时", 1.5),
               ("学习年度", 1.5), ("科目类别", 1.5), ("特发此证", 1)),
              # work summaries mention 继续教育 公需科目和专业科目 in passing
              (("免除", 4), ("免试", 4), ("免学", 4), ("见习期", 2), ("小结", 2), ("个人总结", 2)),
              threshold=5.0, section=Section.CONTINUING_EDUCATION),
    Signature(DocType.CE_EXEMPTION, Side.NONE,
              (("免除继续教育", 5), ("继续教育免试", 5), ("免学理由", 3), ("访惠聚", 2), ("审批表", 1),
               ("申请表", 1)),
              (), section=Section.CONTINUING_EDUCATION),
    Signature(DocType.INTERNSHIP_REPORT, Side.NONE,
              (("见习期工作情况", 5), ("见习时间", 2), ("单位负责人签字", 1), ("见习期", 1)),
              (("工作小结", 3), ("小结人", 2)), section=Section.INTERNSHIP),
    Signature(DocType.INTERNSHIP_SUMMARY, Side.NONE,
              (("见习期工作小结", 5), ("小结人", 2), ("见习期", 1)),
              (("见习期工作情况", 3), ("见习时间", 2)), section=Section.INTERNSHIP),
    Signature(DocType.PUBLICITY_NOTICE, Side.NONE,
              (("推荐单位公示", 3), ("公示时间", 3), ("进行公示", 2), ("思想政治条件", 2), ("业绩成果", 2),
               ("监督电话", 1), ("公示", 1)),
              (("公示结果", 4), ("无异议", 2), ("在本单位公示", 3)), section=Section.OTHER_ATTACHMENTS),
    Signature(DocType.PUBLICITY_RESULT, Side.NONE,
              (("公示结果", 5), ("在本单位公示", 3), ("无异议", 2), ("有异议", 2), ("未收到投诉", 2), ("同意推荐", 1)),
              (("公示时间从", 3), ("思想政治条件", 2)), section=Section.OTHER_ATTACHMENTS),
    Signature(DocType.UNIT_RECOMMENDATION, Side.NONE,
              (("单位推荐意见", 5), ("同意推荐", 2), ("经审核", 1), ("逐一审核", 2), ("真实准确", 1)),
              (("公示", 3),), section=Section.OTHER_ATTACHMENTS),
    Signature(DocType.PLEDGE, Side.NONE,
              (("个人承诺书", 5), ("本人承诺", 3), ("弄虚作假", 2), ("不得申报专业技术资格", 2), ("承诺人", 2)),
              (("公示", 2),), section=Section.PLEDGE),
    Signature(DocType.SOCIAL_INSURANCE, Side.NONE,
              (("社会保险", 3), ("参保缴费", 2), ("缴费", 1), ("养老保险", 2), ("社会保障号码", 2), ("缴费基数", 1),
               ("费款所属期", 1)),
              (), section=Section.BASIC),
)


def column_text(lines: Sequence[OcrLine]) -> str:
    """Text of vertically printed labels: one- or two-character lines stacked in a column, joined."""
    short = [line for line in lines if len(compact(line.text)) <= 2]
    columns: list[list[OcrLine]] = []
    for line in sorted(short, key=lambda ln: (ln.bbox.x0, ln.bbox.y0)):
        for column in columns:
            ref = column[-1].bbox
            if abs(ref.x0 - line.bbox.x0) <= max(ref.width, 8) * 0.6:
                column.append(line)
                break
        else:
            columns.append([line])
    parts = []
    for column in columns:
        if len(column) >= 3:
            parts.append("".join(compact(ln.text) for ln in sorted(column, key=lambda ln: ln.bbox.y0)))
    return "|".join(parts)


def _matches(text: str, keyword: str) -> bool:
    key = compact(keyword)
    if key in text:
        return True
    if len(key) < 4:
        return False
    return fuzzy_find(key, text) is not None


def score(signature: Signature, view: PageView) -> tuple[float, list[str]]:
    """Score of ``signature`` on the page, with the keywords and features that contributed."""
    total = 0.0
    reasons: list[str] = []
    for keyword, weight in signature.keywords:
        if _matches(view.text, keyword):
            total += weight
            reasons.append(keyword)
    for keyword, weight in signature.penalties:
        if _matches(view.text, keyword):
            total -= weight
            reasons.append(f"-{keyword}")
    for name, feature in signature.features:
        gained = feature(view)
        if gained:
            total += gained
            reasons.append(name)
    return total, reasons


def classify(
    ocr: OcrResult, qr: Sequence[QrCode], image: BGRImage, section: Section | None = None
) -> Classification:
    """Classify one upright page from its OCR text, QR payloads and pixels; ``section`` breaks near-ties."""
    text = compact(ocr.text).replace("\n", "")
    text = text + "|" + column_text(ocr.lines)
    view = PageView(text=text, qr=tuple(qr), image=image, cjk_chars=sum(is_cjk(ch) for ch in text))
    scored = []
    for signature in SIGNATURES:
        points, reasons = score(signature, view)
        if points < signature.threshold:
            continue
        bonus = SECTION_BONUS if section is not None and signature.section == section else 0.0
        scored.append((points + bonus, points, signature, reasons))
    if not scored:
        return Classification(reasons=("no signature reached its threshold",))
    scored.sort(key=lambda item: item[0], reverse=True)
    best_total, best_points, best, reasons = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    margin = (best_total - runner_up) / max(best_total, 1.0)
    strength = min(1.0, best_points / (2 * best.threshold))
    confidence = round(min(1.0, 0.5 * strength + 0.5 * margin), 3)
    if best_total != best_points:
        reasons = [*reasons, f"section:{section}"]
    return Classification(doc_type=best.doc_type, side=best.side, confidence=confidence, reasons=tuple(reasons))
