"""nlp.dates: one parametrised row per date form, negative cases, repost detection, and a fuzz test."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.dates import DateMention, find_dates, find_dates_in_text, infer_anchor
from schemas.models import EventDate

A = date(2022, 9, 7)  # a Wednesday
A_0724 = date(2020, 7, 24)  # a Friday

# (expression, anchor, expected value as text or None, precision)
CASES = [
    # full dates
    ("2020年7月22日", A, "2020-07-22", "day"),
    ("二〇二〇年七月二十二日", A, "2020-07-22", "day"),
    ("２０２０年７月２２日", A, "2020-07-22", "day"),
    ("2021/5/28", A, "2021-05-28", "day"),
    ("2021-05-28", A, "2021-05-28", "day"),
    ("2020年 7月 22日", A, "2020-07-22", "day"),
    ("2020 年 7 月 22 日", A, "2020-07-22", "day"),  # spaces on both sides of each digit group
    ("今年 8 月", A, "2022-08", "month"),
    ("5 月 28 日", A, "2022-05-28", "day"),
    # month-day, day only
    ("7月22日", A, "2022-07-22", "day"),
    ("7月22号", A, "2022-07-22", "day"),
    ("９月６日", A, "2022-09-06", "day"),
    ("七月二十二日", A, "2022-07-22", "day"),
    ("十二月三十一日", A, "2021-12-31", "day"),  # month later than the anchor's: previous year
    ("10月8日", A, "2021-10-08", "day"),
    ("将于10月8日举行", A, "2022-10-08", "day"),  # future cue keeps the year
    ("5日", A, "2022-09-05", "day"),
    ("21日", A, "2022-08-21", "day"),  # day later than the anchor's: previous month
    ("22日", date(2021, 11, 21), "2021-10-22", "day"),
    ("21日", date(2021, 11, 21), "2021-11-21", "day"),
    ("31日", date(2022, 10, 5), "2022-08-31", "day"),  # no 31 September: one more month back
    ("定于25日召开", A, "2022-09-25", "day"),
    ("财联社5月14日电", date(2026, 5, 14), "2026-05-14", "day"),
    ("长江日报大武汉客户端11月21日讯", date(2021, 11, 21), "2021-11-21", "day"),
    # relative days and weeks
    ("今日", A, "2022-09-07", "day"),
    ("今天", A, "2022-09-07", "day"),
    ("昨日", A, "2022-09-06", "day"),
    ("昨天", A, "2022-09-06", "day"),
    ("前天", A, "2022-09-05", "day"),
    ("明天", A, "2022-09-08", "day"),
    ("上周五", A, "2022-09-02", "day"),
    ("本周一", A, "2022-09-05", "day"),
    ("下周二", A, "2022-09-13", "day"),
    ("周五", A, "2022-09-02", "day"),  # a bare weekday after the anchor: last week's
    ("星期一", A, "2022-09-05", "day"),
    ("本周", A, "2022-09", "month"),
    ("上周", A, "2022", "year"),  # 29 Aug – 4 Sep spans two months: only the year is sure
    ("上周", date(2022, 9, 21), "2022-09", "month"),
    # months
    ("本月", A, "2022-09", "month"),
    ("当月", A, "2022-09", "month"),
    ("上月", A, "2022-08", "month"),
    ("上个月", date(2022, 1, 10), "2021-12", "month"),
    # a day of a month told relative to the report's
    ("上月28日", A, "2022-08-28", "day"),
    ("上个月3日", date(2022, 1, 10), "2021-12-03", "day"),
    ("本月5日", A, "2022-09-05", "day"),
    ("9月份", A, "2022-09", "month"),
    ("9月", A, "2022-09", "month"),
    ("10月", A, "2021-10", "month"),
    ("今年3月", A, "2022-03", "month"),
    ("今年3月底", A, "2022-03", "month"),
    ("去年12月份", A, "2021-12", "month"),
    ("去年6月", A, "2021-06", "month"),
    ("2022年9月", A, "2022-09", "month"),
    ("2022年9月份", A, "2022-09", "month"),
    ("七月下旬", A, "2022-07", "month"),
    ("7月上旬", A, "2022-07", "month"),
    ("7月初", A, "2022-07", "month"),
    ("2021年底", A, "2021-12", "month"),
    ("2021年末", A, "2021-12", "month"),
    ("今年年底", A, "2022-12", "month"),
    ("年底前完成", A, "2022-12", "month"),
    ("年初", A, "2022", "year"),
    ("7月至9月", A, "2022", "year"),  # a range keeps what its ends share
    # years and parts of years
    ("2021年", A, "2021", "year"),
    ("2021年度", A, "2021", "year"),
    ("今年", A, "2022", "year"),
    ("去年", A, "2021", "year"),
    ("前年", A, "2020", "year"),
    ("明年", A, "2023", "year"),
    ("2021年初", A, "2021", "year"),
    ("2021年中", A, "2021", "year"),
    ("2021年上半年", A, "2021", "year"),
    ("2021年下半年", A, "2021", "year"),
    ("一季度", A, "2022", "year"),
    ("第四季度", A, "2021", "year"),  # a quarter not begun yet: last year's
    ("今年一季度", A, "2022", "year"),
    ("2023年Q1", A, "2023", "year"),
    ("上半年", A, "2022", "year"),
    ("2020-2022年", A, "2020", "year"),
    # ranges → what their two ends share (the gold's "common prefix"); one still to come keeps its start day
    ("7月20日至22日", A, "2022-07", "month"),
    ("7月20日-7月22日", A, "2022-07", "month"),
    ("7月3日起至8月3日", date(2026, 7, 3), "2026", "year"),
    ("2026年4月1日至6月30日", date(2026, 7, 1), "2026", "year"),
    ("2022年10月20日至22日", date(2022, 9, 10), "2022-10-20", "day"),
    # vague
    ("近日", A, "2022-09", "month"),
    ("日前", A, "2022-09", "month"),
    ("近期", A, "2022-09", "month"),
    ("近日", date(2022, 9, 2), "2022-09", "month"),  # "recently" is filed under the month it was reported
    ("拟于近期", A, None, "unknown"),  # future: not the date of something that happened
    # references back
    ("同年12月份", A, None, "unknown"),
]


@pytest.mark.parametrize(("expression", "anchor", "expected", "precision"), CASES)
def test_dates_resolve_form(expression: str, anchor: date, expected: str | None, precision: str) -> None:
    mentions = find_dates(expression, anchor)
    assert mentions, expression
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert mention.as_text() == expected
    assert mention.precision == precision
    assert expression[mention.start:mention.end] == mention.expression


NEGATIVES = [
    "3月期国债",
    "12个月",
    "三个月",
    "10:30",
    "5G网络",
    "600000.SH",
    "(002230.SZ)",
    "30日均线",
    "近30日",
    "3日内",
    "第3日",
    "7日年化收益率",
    "T+1日",
    "增长3.5%",
    "v2.1.3",
    "2000万元",
    "2020家企业",
    "周年庆",
    "一周",
    "每周一",
    "1号线",
    "3号楼",
    "今日头条",
    "网签备案日前后1年内",
    "十月怀胎",
    "",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_dates_rejects_non_dates(text: str) -> None:
    assert [m for m in find_dates(text, A) if m.value is not None] == []


def test_dates_keeps_expression_and_offsets() -> None:
    sentence = "财联社5月14日电，近日，工信部印发通知。"
    mentions = find_dates(sentence, date(2026, 5, 14))
    assert [(m.expression, m.start, m.end) for m in mentions] == [("5月14日", 3, 8), ("近日", 10, 12)]
    assert all(isinstance(m, DateMention) for m in mentions)


def test_dates_2021_year_followed_by_china_is_a_year_not_mid_year() -> None:
    (mention,) = find_dates("2021年中国城市区块链发展", A)
    assert (mention.expression, mention.precision) == ("2021年", "year")


def test_dates_month_followed_by_china_is_a_month() -> None:
    (mention,) = find_dates("7月中国移动发布", A)
    assert (mention.expression, mention.as_text()) == ("7月", "2022-07")


def test_dates_same_year_refers_back_in_sentence() -> None:
    mentions = find_dates("去年6月印发意见，同年12月份批复苏州", A)
    assert [m.as_text() for m in mentions] == ["2021-06", "2021-12"]


def test_dates_same_year_refers_back_across_sentences() -> None:
    text = "去年6月，工信部等部门联合印发指导意见。同年12月份，区块链日报曾报道。"
    mentions = find_dates_in_text(text, A)
    assert [m.as_text() for m in mentions] == ["2021-06", "2021-12"]
    assert text[mentions[1].start:mentions[1].end] == "同年12月份"


def test_dates_find_dates_one_expression() -> None:
    mention = find_dates("去年12月份", A)[0]
    assert mention.as_text() == "2021-12" and mention.expression == "去年12月份"
    assert find_dates("区块链", A) == [] and find_dates("", A) == []


def test_dates_mentions_fit_event_date() -> None:
    for expression, anchor, _, _ in CASES:
        for mention in find_dates(expression, anchor):
            EventDate(value=mention.value, precision=mention.precision, expression=mention.expression)


def test_dates_anchor_is_an_argument_not_the_clock() -> None:
    assert find_dates("今天", date(1999, 1, 1))[0].value == date(1999, 1, 1)


# ------------------------------------------------------------------------------------- reposts
REPOST = (
    "产业区块链一周动态\n7月22日，贵州省大数据发展领导小组发布《贵阳贵安区块链发展三年行动计划（2020-2022）》。"
    "《行动计划》要求，到2022年，成立1个国家级权威区块链研究机构。早在2016年就发布了白皮书。\n"
    "7月24日，赛迪区块链研究院正式发布《2020中国区块链专利白皮书》，截止到2019年12月31日，腾讯排名第一。\n"
    "近日，证监会发布函。自今年3月底以来，长株潭三地合作。将于8月5日举办2020全球算力大会。"
)


def test_dates_infer_anchor_detects_repost() -> None:
    assert infer_anchor(REPOST, date(2025, 2, 25)) == date(2020, 7, 24)


def test_dates_infer_anchor_resolves_repost_dates() -> None:
    anchor = infer_anchor(REPOST, date(2025, 2, 25))
    assert find_dates("7月22日", anchor)[0].as_text() == "2020-07-22"
    assert find_dates("近日", anchor)[0].as_text() == "2020-07"
    assert find_dates("今年2月", anchor)[0].as_text() == "2020-02"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("财联社9月7日电，近日，工信部批复昆明。2021年印发意见，2022年发布方案。", date(2022, 9, 7), date(2022, 9, 7)),
        ("该原则自1971年确立，自2000年7月以来意见书增加。财联社8月5日电。", date(2026, 8, 5), date(2026, 8, 5)),
        ("2020年成立领导小组，2020年印发意见。", date(2025, 1, 1), date(2025, 1, 1)),  # no relative date: history
        ("7月1日，某公司发布公告。", date(2025, 1, 1), date(2025, 1, 1)),  # no years at all
        ("2018年立项，2018年开工，今年投产。", date(2025, 3, 1), date(2018, 12, 31)),  # repost without a day
        ("", date(2025, 1, 1), date(2025, 1, 1)),
    ],
)
def test_dates_infer_anchor_cases(text: str, published: date, expected: date) -> None:
    assert infer_anchor(text, published) == expected


def test_dates_infer_anchor_without_published_date() -> None:
    assert infer_anchor("武汉市实施方案（2021-2023年）。2021年5月6日印发。", None) == date(2021, 5, 6)
    assert infer_anchor("实施方案（2021-2023年）", None) == date(2021, 12, 31)
    with pytest.raises(ValueError, match="no published date"):
        infer_anchor("没有年份的文字", None)


def test_dates_infer_anchor_on_seed_004(shared_dir) -> None:
    import json

    for line in (shared_dir / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"].startswith("004"):
            assert infer_anchor(record["text"], date(2025, 2, 25)) == date(2020, 7, 24)
        elif record["published_at"]:
            published = date.fromisoformat(record["published_at"][:10])
            assert infer_anchor(record["text"], published) == published


# ----------------------------------------------------------------------------------------- fuzz
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), day=st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 1)))
def test_dates_fuzz_never_raises(text: str, day: date) -> None:
    for mention in find_dates(text, day):
        assert mention.precision in ("day", "month", "year", "unknown")
        assert (mention.value is None) == (mention.precision == "unknown")
        assert text[mention.start:mention.end] == mention.expression
    assert isinstance(infer_anchor(text, day), date)
    find_dates_in_text(text, day)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["2020年", "7月", "22日", "近日", "今年", "去年", "上周五", "至", "年底", "二〇", "十二月",
                         "三十一日", "Q4", "季度", "同年", "本周", "-", "/", "５", "0", "13月", "32日", "2月30日"]),
        max_size=12,
    ),
    day=st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
)
def test_dates_fuzz_date_like_soup(parts: list[str], day: date) -> None:
    text = "".join(parts)
    for mention in find_dates(text, day):
        assert text[mention.start:mention.end] == mention.expression
    infer_anchor(text, day)


def test_dates_huge_and_empty_text() -> None:
    huge = ("7月22日，某公司在武汉签署协议。" * 20000) + "近日"
    assert len(find_dates(huge, A)) == 20001
    assert isinstance(infer_anchor(huge, A), date)
    assert find_dates("", A) == [] and infer_anchor("", A) == A


def test_dates_spaced_date_keeps_offsets_in_the_original_text() -> None:
    text = "据悉，2020 年 7 月 22 日，某平台上线；投资 2022 亿元。"
    [mention] = find_dates_in_text(text, A)
    assert text[mention.start:mention.end] == mention.expression == "2020 年 7 月 22 日"
    assert mention.value == date(2020, 7, 22)
