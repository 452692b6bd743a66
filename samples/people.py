"""Plausible applicants for 尉犁县 / 巴州: Han and Uyghur names, addresses, valid ID numbers, schools, employers.

Names and places are drawn from short hand-made lists; ID numbers carry a correct GB 11643 check digit and
the birth date and sex they encode. Nothing here is a real person.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

REGIONS: dict[str, tuple[str, str, str]] = {
    # code: (county, street prefix, issuing authority)
    "652823": ("尉犁县", "新疆尉犁县", "尉犁县公安局"),
    "652801": ("库尔勒市", "新疆库尔勒市", "库尔勒市公安局"),
    "652822": ("轮台县", "新疆轮台县", "轮台县公安局"),
    "652826": ("焉耆回族自治县", "新疆焉耆县", "焉耆回族自治县公安局"),
    "652827": ("和静县", "新疆和静县", "和静县公安局"),
    "652829": ("博湖县", "新疆博湖县", "博湖县公安局"),
}
REGION_UG = {
    "652823": "لوپنۇر ناھىيەلىك جامائەت خەۋپسىزلىك ئىدارىسى",
    "652801": "كورلا شەھەرلىك جامائەت خەۋپسىزلىك ئىدارىسى",
}
STREETS = {
    "652823": ["尉犁镇团结南路", "尉犁镇孔雀路", "尉犁镇人民西路", "兴平镇达西村", "古勒巴格乡", "墩阔坦乡",
               "塔里木乡"],
    "652801": ["人民东路", "萨依巴格路", "建设路", "石化大道", "交通西路", "天山西路"],
    "652822": ["轮台镇文化路", "轮南镇"],
    "652826": ["焉耆镇团结路", "七个星镇"],
    "652827": ["和静镇巴音东路", "巴润哈尔莫敦镇"],
    "652829": ["博湖镇团结路", "本布图镇"],
}
HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾田董袁"
HAN_GIVEN_M = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "浩然", "志强", "建华", "俊杰", "宇航",
               "晓东", "文博", "鹏飞"]
HAN_GIVEN_F = ["芳", "娜", "敏", "静", "丽", "艳", "婷", "雪", "琳", "晓燕", "欣怡", "雅琪", "梦瑶", "佳慧", "玉兰",
               "海燕", "思雨", "丽娟"]
UG_MALE = [("艾力", "ئەلى"), ("买买提", "مەمەت"), ("吐尔逊", "تۇرسۇن"), ("艾合买提", "ئەخمەت"), ("热合曼", "راخمان"),
           ("依明", "ئىمىن"), ("艾尔肯", "ئەركىن"), ("阿迪力", "ئادىل"), ("吾买尔", "ئۆمەر"), ("玉苏普", "يۈسۈپ"),
           ("亚森", "ياسىن"), ("阿不都", "ئابدۇ"), ("努尔买买提", "نۇرمەمەت"), ("艾山", "ھەسەن")]
UG_FEMALE = [("阿依古丽", "ئايگۈل"), ("热依拉", "رەيلا"), ("迪丽拜尔", "دىلبەر"), ("帕提古丽", "پاتىگۈل"),
             ("努尔古丽", "نۇرگۈل"), ("阿孜古丽", "ئازىگۈل"), ("祖丽胡玛尔", "زۇلخۇمار"), ("米热古丽", "مىھرىگۈل"),
             ("古再丽", "گۈزەل"), ("阿依努尔", "ئاينۇر")]
ETHNIC_MINOR = ["维吾尔族", "维吾尔族", "维吾尔族", "蒙古族", "回族"]

# (name, code, levels offered)
SCHOOLS: list[tuple[str, str, tuple[str, ...]]] = [
    ("新疆大学", "10755", ("本科", "硕士")),
    ("新疆师范大学", "10762", ("本科", "大专", "硕士")),
    ("新疆农业大学", "10758", ("本科", "大专", "硕士")),
    ("塔里木大学", "10757", ("本科",)),
    ("石河子大学", "10759", ("本科", "硕士")),
    ("喀什大学", "10763", ("本科",)),
    ("伊犁师范大学", "10764", ("本科", "大专")),
    ("昌吉学院", "10997", ("本科",)),
    ("巴音郭楞职业技术学院", "14114", ("大专",)),
    ("新疆农业职业技术学院", "12767", ("大专",)),
    ("新疆石河子职业技术学院", "13969", ("大专",)),
]
SECONDARY_SCHOOLS = ["巴音郭楞蒙古自治州卫生学校", "巴州第一职业技术学校", "新疆轻工职业技术学院附属中专",
                     "巴州农业学校"]

# employer, type, catalogue row (series, specialty, qualification), majors
EMPLOYERS: list[tuple[str, str, tuple[str, str, str], tuple[str, ...]]] = [
    ("尉犁县第一中学", "事业单位", ("中小学教师系列", "中小学教师", "二级教师"),
     ("汉语言文学", "数学与应用数学", "英语")),
    ("尉犁县第二小学", "事业单位", ("中小学教师系列", "中小学教师", "三级教师"),
     ("小学教育", "语文教育")),
    ("尉犁县幼儿园", "事业单位", ("中小学教师系列", "幼儿园教师", "二级教师"),
     ("学前教育",)),
    ("尉犁县畜牧兽医站", "事业单位", ("农业系列", "兽医专业", "助理兽医师"),
     ("动物医学", "畜牧兽医")),
    ("尉犁县农业技术推广中心", "事业单位", ("农业系列", "农艺专业", "助理农艺师"),
     ("农学", "植物保护")),
    ("尉犁县文化馆", "事业单位", ("群众文化系列", "群众文化专业", "助理馆员"),
     ("文化产业管理", "音乐学")),
    ("尉犁县档案馆", "事业单位", ("档案系列", "档案系列", "助理馆员"),
     ("档案学", "信息资源管理")),
    ("尉犁县水利管理站", "事业单位", ("工程系列", "水利专业", "助理工程师"),
     ("水利水电工程", "水利工程")),
    ("尉犁县融媒体中心", "事业单位", ("新闻系列", "新闻专业", "助理记者"),
     ("新闻学", "广播电视学")),
    ("中国石油塔里木油田分公司尉犁作业区", "企业", ("工程系列", "石油专业", "助理工程师"),
     ("石油工程", "油气储运工程")),
    ("巴州天运建材有限责任公司", "企业", ("工程系列", "建材专业", "助理工程师"),
     ("材料科学与工程", "无机非金属材料工程")),
    ("尉犁县恒通公路建设有限公司", "企业", ("工程系列", "公路工程", "助理工程师"),
     ("道路桥梁与渡河工程", "道路与桥梁工程技术")),
    ("国网新疆电力有限公司尉犁县供电公司", "企业", ("工程系列", "电力专业", "助理工程师"),
     ("电气工程及其自动化", "发电厂及电力系统")),
    ("新疆罗布人村寨旅游开发有限公司", "企业", ("工程系列", "建筑专业", "助理工程师"),
     ("建筑工程技术", "土木工程")),
    ("尉犁县棉纺有限责任公司", "企业", ("工程系列", "纺织专业", "助理工程师"),
     ("纺织工程", "现代纺织技术")),
]
SECONDARY_MAJORS = ["畜牧兽医", "建筑工程施工", "电气运行与控制", "学前教育", "农业机械使用与维护"]


@dataclass(frozen=True)
class Person:
    """One synthetic applicant and the facts every document of the dossier agrees on."""

    name: str
    name_ug: str | None
    gender: str
    ethnicity: str
    birth_date: dt.date
    region: str
    address: str
    id_number: str
    issuing_authority: str
    issuing_authority_ug: str | None
    valid_from: dt.date
    valid_until: dt.date | None  # None: 长期


def gb11643_check(first17: str) -> str:
    """Return the GB 11643-1999 check character for the first 17 digits of an ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def make_id_number(region: str, birth: dt.date, gender: str, rng: random.Random) -> str:
    """Build a valid 18-character ID number: region, birth date, sequence (odd for men), check digit."""
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if gender == "男" else [0, 2, 4, 6, 8])
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + gb11643_check(first17)


def validity_years(age_at_issue: int) -> int | None:
    """Validity of a resident ID card by the holder's age when issued; None means 长期."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def add_years(d: dt.date, years: int) -> dt.date:
    """Return ``d`` plus whole years (29 February falls back to the 28th)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def make_person(
    rng: random.Random, *, uyghur: bool, birth_year: int, reference: dt.date = dt.date(2024, 10, 22)
) -> Person:
    """Draw a person born in ``birth_year`` whose ID card is valid on ``reference``."""
    gender = rng.choice(["男", "女"])
    if uyghur:
        given = rng.choice(UG_MALE if gender == "男" else UG_FEMALE)
        father = rng.choice([m for m in UG_MALE if m != given])
        name, name_ug = f"{given[0]}·{father[0]}", f"{given[1]} {father[1]}"
        ethnicity = "维吾尔族"
    else:
        name = rng.choice(HAN_SURNAMES) + rng.choice(HAN_GIVEN_M if gender == "男" else HAN_GIVEN_F)
        name_ug, ethnicity = None, rng.choice(["汉族"] * 6 + ["回族"])
    birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    others = [c for c in REGIONS if c not in ("652823", "652801")]
    region = rng.choice(["652823"] * 4 + ["652801"] * 2 + ([] if uyghur else others))
    street = rng.choice(STREETS[region])
    if "村" in street or "乡" in street:
        address = f"{REGIONS[region][1]}{street}{rng.randint(1, 9)}组{rng.randint(1, 80)}号"
    else:
        address = (f"{REGIONS[region][1]}{street}{rng.randint(1, 300)}号{rng.randint(1, 12)}栋"
                   f"{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}室")
    # Issue the card so that it is valid on the reference date.
    while True:
        issue_age = rng.randint(16, min(age_on(birth, reference), 40))
        valid_from = dt.date(birth.year + issue_age, rng.randint(1, 12), rng.randint(1, 28))
        if valid_from > reference - dt.timedelta(days=30) or age_on(birth, valid_from) < 16:
            continue
        years = validity_years(age_on(birth, valid_from))
        valid_until = add_years(valid_from, years) if years else None
        if valid_until is None or valid_until > reference:
            break
    return Person(
        name=name,
        name_ug=name_ug,
        gender=gender,
        ethnicity=ethnicity,
        birth_date=birth,
        region=region,
        address=address,
        id_number=make_id_number(region, birth, gender, rng),
        issuing_authority=REGIONS[region][2],
        issuing_authority_ug=REGION_UG.get(region) if uyghur else None,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def make_vcode(rng: random.Random) -> str:
    """A 16-character 学信网 在线验证码 (upper-case letters and digits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) for _ in range(16))


def diploma_number(school_code: str, year: int, level: str, rng: random.Random, full_time: bool = True) -> str:
    """An 18-digit 学历证书编号: school code, 办学类型 (1 普通 / 5 成人), year, 层次, sequence.

    层次 is 02 硕士, 05 本科, 06 专科.
    """
    kind = "1" if full_time else "5"
    layer = {"硕士": "02", "本科": "05"}.get(level, "06")
    return f"{school_code}{kind}{year}{layer}{rng.randint(1, 9999):06d}"
