"""推荐单位公示 (附件1), 公示结果 (附件2) and 单位推荐意见 (附件3), following the notice's templates."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, seal, signature
from samples.render.common import A4_H, A4_W, ymd


@dataclass(frozen=True)
class UnitDocsRecord:
    """What the unit publishes about one applicant."""

    name: str
    gender: str
    ethnicity: str
    id_number: str
    series: str
    specialty: str
    employer: str
    supervisor: str  # 主管单位
    period_start: dt.date
    period_end: dt.date
    days: int
    objection: bool
    phone: str
    leader: str
    notice_date: dt.date
    result_date: dt.date
    recommend_date: dt.date
    sealed: bool = True
    recommend_series: str | None = None  # differs from ``series`` only for a planted mismatch


def _masked(idn: str) -> str:
    return idn[:6] + "********" + idn[-4:]


def render_notice(rec: UnitDocsRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render 推荐单位公示."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 30, "公  示", 22, "serif_bold", anchor="mm")
    y = c.paragraph(
        22, 46, 166,
        f"根据自治区职称评审工作的要求，现对{rec.name}同志申报{rec.series}{rec.specialty}初级专业技术任职资格进行公示。",
        13, "serif", leading=1.9)
    y = c.paragraph(22, y + 3, 166, f"基本信息：{rec.name}，{rec.gender}，{rec.ethnicity}，群众，身份证号："
                    f"{_masked(rec.id_number)}，现无专业技术职务任职资格。", 13, "serif", leading=1.9)
    y = c.paragraph(22, y + 3, 166, "思想政治条件：该同志拥护中国共产党的领导，政治立场坚定，遵纪守法，"
                    "具有良好的职业道德和敬业精神，无违法违纪行为。", 13, "serif", leading=1.9)
    y = c.paragraph(22, y + 3, 166, "业绩成果：该同志参加工作以来，认真履行岗位职责，较好地完成了本职工作，"
                    "业务能力和专业技术水平不断提高，年度考核均为合格以上等次。", 13, "serif", leading=1.9)
    y = c.paragraph(22, y + 3, 166, f"公示时间从{ymd(rec.period_start)}起至{ymd(rec.period_end)}止。"
                    f"如对{rec.name}同志的相关信息有疑异，请电话或书面形式反映至单位办公室，监督电话：{rec.phone}。",
                    13, "serif", leading=1.9)
    c.text(118, y + 16, "签字：", 12, "serif")
    signature(c, 132, y + 20, rec.leader, rng, size_pt=16)
    c.text(118, y + 34, rec.employer, 12, "serif")
    c.text(128, y + 44, ymd(rec.notice_date), 12, "serif")
    if rec.sealed:
        seal(c, 148, y + 36, rec.employer, rng)
    return c.image


def render_result(rec: UnitDocsRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render 推荐单位公示结果."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 30, "公 示 结 果", 22, "serif_bold", anchor="mm")
    verdict = (
        "公示无异议，未收到投诉、举报，申报材料真实、完整、有效，同意推荐"
        if not rec.objection
        else "公示期间收到实名反映，公示有异议，经单位核查，暂缓推荐"
    )
    text = (f"{rec.name}同志申报材料于{ymd(rec.period_start)}至{ymd(rec.period_end)}在本单位公示{rec.days}天，"
            f"{verdict}{rec.name}同志申报{rec.series}{rec.specialty}初级专业技术任职资格。")
    y = c.paragraph(22, 50, 166, text, 13, "serif", leading=1.9)
    c.text(118, y + 30, rec.employer, 12, "serif")
    c.text(128, y + 40, ymd(rec.result_date), 12, "serif")
    if rec.sealed:
        seal(c, 148, y + 32, rec.employer, rng)
    return c.image


def render_recommendation(rec: UnitDocsRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render 单位推荐意见."""
    c = Canvas(A4_W, A4_H, dpi)
    c.text(A4_W / 2, 30, "单位推荐意见", 22, "serif_bold", anchor="mm")
    series = rec.recommend_series or rec.series
    y = c.paragraph(22, 52, 166, f"经审核，同意推荐{rec.name}同志申报{series}初级职称。", 14, "serif", leading=1.9)
    y = c.paragraph(22, y + 4, 166, "本单位已对提供的申报材料逐一审核，真实准确，同意推荐。", 14, "serif", leading=1.9)
    c.text(112, y + 30, rec.supervisor, 12, "serif")
    c.text(128, y + 40, ymd(rec.recommend_date), 12, "serif")
    if rec.sealed:
        seal(c, 146, y + 32, rec.supervisor, rng)
    return c.image
