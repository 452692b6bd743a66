from datetime import date

import pytest

from extractors.text import (
    TRADITIONAL,
    clean_name,
    compact,
    digits_only,
    edit_distance,
    find_chinese_numeral_dates,
    find_date_readings,
    find_dates,
    fix_digit_confusions,
    fuzzy_contains,
    is_chinese_or_digit_line,
    keyword_score,
    lost_characters,
    parse_date,
    parse_year_month,
    similarity,
    simplified,
    to_halfwidth,
)


def test_halfwidth_and_compact():
    assert to_halfwidth("ＡＢＣ１２３，：　x") == "ABC123,: x"
    assert compact("姓  名 \u3000张三") == "姓名张三"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年10月9日", date(2024, 10, 9)),
        ("2024.10.09", date(2024, 10, 9)),
        ("2024-10-09", date(2024, 10, 9)),
        ("2024/10/9", date(2024, 10, 9)),
        ("20241009", date(2024, 10, 9)),
        ("２０２４年１０月９日", date(2024, 10, 9)),
        ("2O24-1O-O9", date(2024, 10, 9)),
        ("出生 1996 年 3 月 15 日", date(1996, 3, 15)),
        ("2024年2月30日", None),
        ("no date here", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_dates_range_and_positions():
    found = find_dates("公示时间从2024年10月9日起至2024年10月15日止")
    assert [d for d, _, _ in found] == [date(2024, 10, 9), date(2024, 10, 15)]
    assert [d for d, _, _ in find_dates("2016.03.15-2036.03.15")] == [date(2016, 3, 15), date(2036, 3, 15)]


def test_dates_with_dropped_month_and_day_characters():
    # PP-OCRv5 mobile drops 月/日 between digits: read where the digits split one way only
    found = find_dates("公示时间从2024年919起至2024年927日。报告有效期至：2025年0408日")
    assert [d for d, _, _ in found] == [date(2024, 9, 19), date(2024, 9, 27), date(2025, 4, 8)]
    assert [d for d, _, _ in find_dates("于2024年10月9日至2024年1014日")] == [date(2024, 10, 9), date(2024, 10, 14)]
    assert find_dates("2024年111日") == []  # 1-11 or 11-1: not guessed
    assert find_dates("2024年1000元") == []
    # 至 dropped too: two run-on dates back to back
    assert [d for d, _, _ in find_dates("于2024年9192024年925在本单位")] == [date(2024, 9, 19), date(2024, 9, 25)]


def test_date_readings_keep_every_split_of_a_run_on_date():
    readings = find_date_readings("从2024年108起至2024年1012。")
    assert [r for r, _, _ in readings] == [(date(2024, 1, 8), date(2024, 10, 8)), (date(2024, 10, 12),)]
    assert [d for d, _, _ in find_dates("从2024年108起至2024年1012。")] == [date(2024, 10, 12)]


def test_traditional_forms_read_as_simplified():
    assert compact("申报材料於2024年") == "申报材料于2024年"
    assert compact("林梦瑤 業務學習") == "林梦瑶业务学习"  # OpenCC's whole character table, not a list of cases
    assert len(TRADITIONAL) > 4000
    assert simplified("阿依古丽·买买提") == "阿依古丽·买买提"


def test_name_dots_fold_to_the_middle_dot():
    assert compact("努尔古丽∙热合曼 阿依古丽•买买提") == "努尔古丽·热合曼阿依古丽·买买提"
    assert compact("2024.10.09") == "2024.10.09"


def test_chinese_numeral_year_with_its_zero_dropped():
    found = find_chinese_numeral_dates("于二一四年九月至二一八年七月 二一八年七月二十日")
    assert [v for v, _, _ in found] == [(2014, 9), (2018, 7), date(2018, 7, 20)]


def test_chinese_numeral_dates():
    found = find_chinese_numeral_dates("二○○○年三月二十一日生，于二〇一五年九月至二〇一八年七月 二〇一八年七月三十日")
    assert [v for v, _, _ in found] == [date(2000, 3, 21), (2015, 9), (2018, 7), date(2018, 7, 30)]


def test_year_month():
    assert parse_year_month("费款所属期 202310") == (2023, 10)
    assert parse_year_month("2023-07 养老") == (2023, 7)
    assert parse_year_month("2023年7月") == (2023, 7)
    assert parse_year_month("nothing") is None


def test_digit_confusions_only_in_digit_runs():
    assert fix_digit_confusions("2O24年") == "2024年"
    assert fix_digit_confusions("SOS") == "SOS"
    assert digits_only("65282319960315002x", allow_x=True) == "65282319960315002X"
    assert digits_only("6528 2319 96O3 15OO21") == "652823199603150021"


def test_fuzzy_keywords():
    assert fuzzy_contains("教育部学厉证书电子注删备案表", "教育部学历证书电子注册备案表")
    assert not fuzzy_contains("见习期工作小结", "见习人")  # short keywords match exactly only
    assert fuzzy_contains("公 民 身 份 号 码", "公民身份号码")
    assert keyword_score("xx公民身份号吗", "公民身份号码") == pytest.approx(5 / 6)


def test_lines_and_names():
    assert is_chinese_or_digit_line("姓名 阿依古丽")
    assert not is_chinese_or_digit_line("ئىسمى")
    assert clean_name("阿依古丽•买买提 ") == "阿依古丽·买买提"
    assert clean_name("张三，") == "张三"
    assert clean_name("艾合买提-亚森") == "艾合买提·亚森"  # a dash read for the dot (PP-OCRv5 mobile)
    assert clean_name("艾合买提-·亚森") == "艾合买提·亚森"


def test_lost_characters_is_a_strict_subsequence():
    assert lost_characters("新疆师范学", "新疆师范大学")
    assert lost_characters("6", "66")
    assert not lost_characters("66", "66")  # the same text: nothing lost
    assert not lost_characters("新疆大师学", "新疆师范大学")  # reordered: changed, not lost


def test_edit_distance_and_similarity():
    assert edit_distance("新疆师范大学", "新疆大学") == 2
    assert edit_distance("张伟", "张伟华") == 1
    assert edit_distance("", "") == 0
    assert similarity("abcd", "abce") == 0.75
    assert similarity("", "") == 1.0
    assert similarity("甲", "乙") == 0.0
