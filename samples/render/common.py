"""Small helpers for A4 documents: Chinese dates, paper tint, body text pools."""

from __future__ import annotations

import datetime as dt
import random

A4_W, A4_H = 210.0, 297.0
CN_DIGITS = "〇一二三四五六七八九"


def cn_year(year: int) -> str:
    """Write a year in Chinese numerals: 2019 → 二〇一九."""
    return "".join(CN_DIGITS[int(d)] for d in str(year))


def cn_number(n: int) -> str:
    """Write 1..31 in Chinese numerals: 15 → 十五."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date(d: dt.date, day: bool = True) -> str:
    """二〇一九年六月三十日 (or without the day)."""
    s = f"{cn_year(d.year)}年{cn_number(d.month)}月"
    return s + (f"{cn_number(d.day)}日" if day else "")


def ymd(d: dt.date) -> str:
    """2024年10月12日 (Arabic numerals, as typed documents print them)."""
    return f"{d.year}年{d.month}月{d.day}日"


WORK_SENTENCES = [
    "自参加工作以来，认真学习党的路线方针政策，坚决拥护党的领导，政治立场坚定，遵纪守法。",
    "热爱本职工作，工作态度端正，服从组织安排，能够按时保质完成领导交办的各项任务。",
    "虚心向老同志请教，积极参加单位组织的业务培训，不断提高自身的专业技术水平。",
    "在工作中注重理论联系实际，能够运用所学专业知识分析和解决工作中遇到的实际问题。",
    "团结同事，乐于助人，具有较强的团队协作精神和沟通协调能力。",
    "严格遵守单位各项规章制度，无迟到早退现象，出勤率高，工作作风扎实。",
    "积极参加继续教育学习，按要求完成公需科目和专业科目学习任务，成绩合格。",
    "在见习期间，认真完成本岗位的各项专业技术工作，得到了单位领导和同事的一致认可。",
    "今后将继续加强学习，查找不足，努力提高业务能力，为尉犁县经济社会发展贡献自己的力量。",
    "工作中坚持实事求是，认真负责，所承担的各项工作均按计划完成，业务能力明显提高。",
    "积极参与单位重点工作，撰写工作总结和专业技术报告，业务水平不断提升。",
    "深入基层一线开展工作，了解群众需求，认真做好服务工作，受到服务对象好评。",
]


def body_text(rng: random.Random, n: int) -> str:
    """Draw ``n`` distinct sentences of a work summary, first and last kept in place."""
    middle = WORK_SENTENCES[1:-1]
    rng.shuffle(middle)
    return WORK_SENTENCES[0] + "".join(middle[: max(0, n - 2)]) + WORK_SENTENCES[-1]
