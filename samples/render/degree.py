"""学位证书 (学士 / 硕士): photo, the conferral sentence, chair of the degree committee, 证书编号."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from PIL import Image

from samples.render.base import Canvas, seal
from samples.render.common import cn_date
from samples.render.photo import PhotoRecord, portrait

DISCIPLINES = {
    "教育": "教育学", "语文": "文学", "文学": "文学", "英语": "文学", "新闻": "文学", "广播": "艺术学",
    "音乐": "艺术学", "数学": "理学", "医学": "农学", "畜牧": "农学", "农": "农学", "植物": "农学",
    "档案": "管理学", "信息资源": "管理学", "管理": "管理学",
}


def discipline(major: str) -> str:
    """The 学科门类 a major's degree is awarded in (工学 unless a keyword says otherwise)."""
    return next((v for k, v in DISCIPLINES.items() if k in major), "工学")


@dataclass(frozen=True)
class DegreeRecord:
    """What the degree certificate states."""

    name: str
    gender: str
    birth_date: dt.date
    school: str
    major: str
    level: str  # 本科 / 硕士
    conferred_on: dt.date
    certificate_no: str
    chair: str

    @property
    def degree(self) -> str:
        """The degree as printed: ``工学学士`` / ``教育学硕士``."""
        return discipline(self.major) + ("硕士" if self.level == "硕士" else "学士")


def certificate_number(school_code: str, level: str, year: int, rng: random.Random) -> str:
    """A 16-digit 学位证书编号: school code, 学位级别 (2 硕士 / 4 学士), year, sequence."""
    return f"{school_code}{'2' if level == '硕士' else '4'}{year}{rng.randint(1, 999999):06d}"


def render(rec: DegreeRecord, dpi: int, rng: random.Random) -> Image.Image:
    """Render the certificate page (portrait 185 × 260 mm inner sheet)."""
    c = Canvas(185, 260, dpi, color=(251, 248, 240))
    c.rect(7, 7, 178, 253, width_mm=1.2, outline=(40, 70, 130))
    title = "硕 士 学 位 证 书" if rec.level == "硕士" else "学 士 学 位 证 书"
    c.text(92.5, 34, title, 26, "serif_bold", fill=(30, 50, 110), anchor="mm")
    face = portrait(PhotoRecord(gender=rec.gender, background="blue"), c.px(28), c.px(38), rng)
    c.image.paste(face, (c.px(78), c.px(50)))
    study = "硕士研究生" if rec.level == "硕士" else "本科"
    sentence = (
        f"{rec.name}，{rec.gender}，{cn_date(rec.birth_date)}生。在{rec.school}{rec.major}专业完成了{study}学习计划，"
        f"业已毕业，经审核符合《中华人民共和国学位条例》的规定，授予{rec.degree}学位。"
    )
    c.paragraph(22, 104, 141, sentence, 14, "serif", leading=2.1)
    c.text(96, 196, f"{rec.school}学位评定委员会", 12, "serif")
    c.text(96, 206, f"主席：{rec.chair}", 12, "serif")
    c.text(96, 216, cn_date(rec.conferred_on), 12, "serif")
    seal(c, 130, 202, rec.school, rng, radius_mm=19)
    c.text(22, 240, f"证书编号：{rec.certificate_no}", 12, "sans")
    return c.image
