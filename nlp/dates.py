"""Date expressions in Chinese news: find them, resolve them against the article's date, detect reposts.

Pure functions; the anchor (the article's effective date) is always an argument, never the clock.

`find_dates(sentence, anchor)` returns every date expression of a sentence as a `DateMention`
(value, precision, the original words and their offsets), `find_dates_in_text` does the same over
a whole text, and `infer_anchor(text, published)` returns the effective date of an article (the
published date, or the date the text itself implies when it is a repost of an older text). Which
mention dates an event is the pipeline's date step (`nlp.dating`).

Resolution rules (one parametrised test row each in `tests/nlp/test_dates.py`):

* Full dates (2020年7月22日, 二〇二〇年七月二十二日, 2021/5/28, 2021-05-28) → day.
* 7月22日 / 7月22号 → day in the anchor's year; a month later than the anchor's month means the
  previous year, unless a future cue (将, 拟, 计划, 预计, 定于, 有望, 即将, …起施行) says otherwise.
* 22日 (day only, Arabic digits, 日 not 号) → day in the anchor's month; a day later than the
  anchor's day means the previous month (same future-cue exception).
* 今日/今天, 昨日/昨天, 前天, 明日/明天 → day. 上周五, 本周三, 周五, 星期五 → day (a bare weekday later
  than the anchor means last week's).
* 上月28日, 本月15日, 当月3日 → day of that month.
* 9月, 9月份, 今年3月, 去年12月份, 2022年9月, 本月/当月, 上月, 下月 → month; 月初 / 上旬 / 中旬 / 下旬 /
  月底 keep month precision (value = first day of that part of the month).
* 本周 / 上周 / 下周 → the finest precision the whole week shares (month if it lies in one month).
* 2021年, 今年, 去年, 前年, 明年 → year. 2021年底/年末 → month 12 (precision month: "年底" names
  December in news usage). 年初, 年中, 年内, 上半年, 下半年, 一季度 … 四季度, Q1 … Q4, 前三季度 → year
  precision (value = the first day of the period), because they span several months.
* 近日, 日前, 近期, 前不久, 不久前, 近来 → the anchor's month with month precision: the text says
  "recently", not a day, and a timeline files such a report under the month it was reported.
  The date step (`nlp.dating`) prefers an explicit date of the clause over these vague words.
* 同年 / 当年 / 同月 / 当月-after-a-year refer to an earlier date: inside one sentence they take the
  year of the previous mention; `find_dates_in_text` carries the reference across sentences;
  without one they are unknown (value None).
* Ranges (7月20日至22日, 7月20日-7月22日, 2020-2022年) → one mention covering the range, valued at its
  start with the precision the whole range shares (7月20日至22日 → month, 6月28日至7月2日 → year).
* Not dates: 3月期, 12个月, 30日均线, 近30日, 3日内, 第3日, times (10:30), versions, 5G, stock codes,
  amounts (2000万元), bare years without 年 (they only count as evidence in `infer_anchor`).

Precision of a mention is one of "day" | "month" | "year" | "unknown"; value is None exactly when
precision is "unknown". Values of month / year precision are the first day of the period named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from schemas.models import date_text

__all__ = [
    "VAGUE_EXPRESSIONS",
    "DateMention",
    "find_dates",
    "find_dates_in_text",
    "infer_anchor",
    "normalize",
]

PRECISIONS = ("day", "month", "year", "unknown")
VAGUE_EXPRESSIONS = frozenset({"近日", "日前", "近期", "前不久", "不久前", "近来"})


@dataclass(frozen=True)
class DateMention:
    """One date expression of a sentence, resolved against an anchor date."""

    value: date | None
    precision: str  # "day" | "month" | "year" | "unknown"
    expression: str
    start: int
    end: int

    @property
    def is_vague(self) -> bool:
        """近日 / 日前 …: a date taken from the report, not stated by the text."""
        return self.expression in VAGUE_EXPRESSIONS

    def as_text(self) -> str | None:
        """2020-07-22, 2020-07, 2020 or None: the value cut to its precision (`schemas.date_text`)."""
        return date_text(self.value, self.precision)


# ------------------------------------------------------------------------------------ normalising
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({0xFF0F: ord("/"), 0xFF0D: ord("-"), 0xFF0E: ord("."), 0xFF1A: ord(":"), 0xFF5E: ord("~")})
_FULLWIDTH.update({0xFF31: ord("Q"), 0xFF51: ord("Q"), 0x3000: ord(" ")})
_FULLWIDTH.update({ord("q"): ord("Q")})


_TO_NORMALIZE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH)) + "]")


def normalize(text: str) -> str:
    """Full-width digits and separators → ASCII, one character for one (offsets are kept)."""
    # `translate` with a table looks up every character in Python; most text has nothing to change
    return text.translate(_FULLWIDTH) if _TO_NORMALIZE.search(text) else text


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def _number(text: str) -> int:
    """Arabic or Chinese numerals up to 99 (十, 二十二, 三十一) or digit-by-digit (二〇二〇)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    value = 0
    for char in text:
        value = value * 10 + _CN_DIGITS[char]
    return value


# ------------------------------------------------------------------------------------- the pattern
_Y = r"(?:(?<![\d.])(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年"
_RELY = r"(?:今年|去年|前年|明年|同年|当年|上年|本年)"
_CN_MONTH = r"(?<![〇零一二三四五六七八九十两个第每几数半])(?:十[一二]?|[一二三四五六七八九])"
_M = rf"(?:(?<![\d.])(?:1[0-2]|0?[1-9])|{_CN_MONTH})月"
_D = r"(?:(?:3[01]|[12]\d|0?[1-9])(?!\d)|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
# modifiers after a month / year; 中 / 初 only where they cannot start a word (7月中国…, 2021年中国…)
_MMOD = r"(?:上旬|中旬|下旬|初(?![步始次期见心创])|中(?=[，。、,.;；\s)）]|以来|前后|左右|$)|底|末)"
_YMOD = (r"(?:底|末|初(?![步始次期见心创])|中(?=[，。、,.;；\s)）]|以来|前后|左右|$)|内|上半年|下半年|前三季度"
         r"|第?[一二三四1-4]季度|[Qq][1-4])")
_QUARTER = r"(?:前三季度|第?[一二三四]季度|(?<![A-Za-z0-9])Q[1-4](?![0-9]))"
_RANGE_SEP = r"\s*(?:起)?\s*(?:至|到|-|—|–|~|～|－)\s*"

# a cheap first-character test in front of the alternation: most positions fail here at once
_FIRST = r"(?=[0-9〇零○一二三四五六七八九十今昨去前明同当上本下这近日周星礼第Q年不])"
_PATTERN = re.compile(
    _FIRST
    + "(?:"
    + "|".join(
        [
            r"(?P<iso>(?<![\d.])(?:19|20)\d{2}([-/.])(?:1[0-2]|0?[1-9])\2(?:3[01]|[12]\d|0?[1-9])(?![\d.]))",
            rf"(?P<ymd>{_Y}\s?{_M}\s?{_D})",
            rf"(?P<ym>{_Y}\s?{_M}份?{_MMOD}?)(?![期])",
            rf"(?P<relymd>{_RELY}{_M}{_D})",
            rf"(?P<relmd>(?:本月|当月|这个月|上个?月|下个?月){_D})",
            rf"(?P<relym>{_RELY}{_M}份?{_MMOD}?)(?![期])",
            rf"(?P<yrange>(?<![\d.])(?:19|20)\d{{2}}{_RANGE_SEP}(?:19|20)\d{{2}}年)",
            rf"(?P<ymod>{_Y}{_YMOD})",
            rf"(?P<relymod>{_RELY}年?{_YMOD})",
            r"(?P<bareymod>(?<![\d〇零一二三四五六七八九十百千万年])年(?:初(?![步始次期见心创])|底|末))",
            rf"(?P<y>{_Y}(?:度)?)",
            rf"(?P<md>{_M}{_D})",
            rf"(?P<m>{_M}份?{_MMOD}?)(?![期大怀])",
            r"(?P<d>(?<![\d月个第前后近每余约+＋.:])(?:3[01]|[12]\d|0?[1-9])日(?![均线内元年化期]))",
            r"(?P<week>(?<!每)(?:上|下|本|这)?(?:个)?(?:周|星期|礼拜)(?:[一二三四五六日天1-7])?)(?![\d末边期年刊报岁])",
            r"(?P<vague>近日|日前(?!后)|近期|前不久|不久前|近来)",
            r"(?P<rel>今日(?!头条)|今天|昨日|昨天|前天|明日|明天|本月|当月|同月|上月|上个月|下月|下个月|"
            r"今年|去年|前年|明年|本年度|本年|同年|当年|上年)",
            rf"(?P<quarter>{_QUARTER}|上半年|下半年)",
        ]
    )
    + ")"
)
_RANGE_TAIL = re.compile(
    rf"{_RANGE_SEP}(?:(?:(?:19|20)\d{{2}}年)?(?:(?:1[0-2]|0?[1-9])月)?(?:3[01]|[12]\d|0?[1-9])[日号]"
    rf"|(?:(?:19|20)\d{{2}}年)?(?:1[0-2]|0?[1-9])月(?:份)?)"
)
_RANGE_TAIL_MONTH = re.compile(
    rf"{_RANGE_SEP}(?:(?:19|20)\d{{2}}年)?(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
)

# parts of a matched expression
_P_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年")
_P_MONTH = re.compile(r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月")
_P_DAY = re.compile(r"(3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]")
_P_REL = re.compile(r"^(今年|去年|前年|明年|同年|当年|上年|本年)")
_P_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_P_QUARTER = re.compile(r"([一二三四1-4])季度|Q([1-4])")

_FUTURE_BEFORE = re.compile(r"(?:将|拟|计划|预计|定于|有望|即将|力争|争取|届时|预定|计划于|将于|拟于)[^，。；,;]{0,6}$")
_FUTURE_AFTER = re.compile(r"^(?:起施行|起实施|起执行|起正式|起生效|前完成|之前完成|召开|举行|开幕|举办)")
_TARGET_BEFORE = re.compile(r"(?:到|至|力争|计划|预计|将|争取|目标|实现)\s*$")

_REL_YEAR_OFFSET = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_MONTH_PART = {"上旬": 1, "初": 1, "中旬": 11, "中": 11, "下旬": 21, "底": 21, "末": 21}


# ---------------------------------------------------------------------------------------- helpers
def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _safe(year: int, month: int, day: int = 1) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _span_precision(first: date, last: date) -> str:
    if first.year != last.year:
        return "year"
    return "month" if first.month == last.month else "year"


@dataclass(frozen=True)
class _Ctx:
    """What the surrounding words say about one match (future cues, the year of a previous mention)."""

    future: bool = False
    ref_year: int | None = None
    ref_month: int | None = None


def _year_of(text: str) -> int | None:
    match = _P_YEAR.search(text)
    return _number(match.group(1)) if match else None


def _month_of(text: str) -> int | None:
    match = _P_MONTH.search(text)
    return _number(match.group(1)) if match else None


def _day_of(text: str) -> int | None:
    match = _P_DAY.search(text)
    return _number(match.group(1)) if match else None


def _rel_year(prefix: str, anchor: date, ctx: _Ctx) -> int | None:
    if prefix in ("同年", "当年"):
        return ctx.ref_year
    return anchor.year + _REL_YEAR_OFFSET[prefix]


def _month_part(expr: str) -> int:
    for key in ("上旬", "中旬", "下旬", "初", "底", "末"):
        if expr.endswith(key):
            return _MONTH_PART[key]
    if expr.endswith("中"):
        return 11
    return 1


def _year_for_month(month: int, anchor: date, ctx: _Ctx) -> int:
    """A month without a year: the anchor's year, or the previous year when the month is later."""
    if month > anchor.month and not ctx.future:
        return anchor.year - 1
    return anchor.year


def _year_mod(year: int, expr: str) -> tuple[date | None, str]:
    if expr.endswith(("底", "末")):
        return _safe(year, 12), "month"
    if expr.endswith("下半年"):
        return _safe(year, 7), "year"
    if expr.endswith("中"):
        return _safe(year, 6), "year"
    quarter = _P_QUARTER.search(expr)
    if quarter and "前三季度" not in expr:
        number = _number(quarter.group(1) or quarter.group(2))
        return _safe(year, 3 * number - 2), "year"
    return _safe(year, 1), "year"


# ---------------------------------------------------------------------------------------- resolving
def _resolve_kind(kind: str, expr: str, anchor: date, ctx: _Ctx) -> tuple[date | None, str]:
    """(value, precision) of one matched expression of the given branch."""
    if kind == "iso":
        iso = _P_ISO.match(expr)
        if iso is None:
            return None, "unknown"
        value = _safe(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return value, "day"
    if kind == "ymd":
        year, month, day = _year_of(expr), _month_of(expr), _day_of(expr)
        return (_safe(year, month, day) if year and month and day else None), "day"
    if kind == "ym":
        year, month = _year_of(expr), _month_of(expr)
        return (_safe(year, month, _month_part(expr)) if year and month else None), "month"
    if kind in ("relymd", "relym", "relymod"):
        prefix = _P_REL.match(expr)
        year = _rel_year(prefix.group(1), anchor, ctx) if prefix else None
        if year is None:
            return None, "unknown"
        rest = expr[prefix.end():] if prefix else expr
        if kind == "relymod" and rest.startswith("年"):
            rest = rest[1:]
        if kind == "relymd":
            month, day = _month_of(rest), _day_of(rest)
            return (_safe(year, month, day) if month and day else None), "day"
        if kind == "relym":
            month = _month_of(rest)
            return (_safe(year, month, _month_part(rest)) if month else None), "month"
        return _year_mod(year, rest)
    if kind == "relmd":  # 上月28日 / 本月15日: a day of a month told relative to the report's
        cut = expr.index("月") + 1
        shift = -1 if expr.startswith("上") else 1 if expr.startswith("下") else 0
        if expr.startswith("当月") and ctx.ref_year is not None and ctx.ref_month is not None:
            year, month = ctx.ref_year, ctx.ref_month
        else:
            year, month = _shift_month(anchor.year, anchor.month, shift)
        day = _day_of(expr[cut:])
        return (_safe(year, month, day) if day else None), "day"
    if kind == "bareymod":
        return _year_mod(anchor.year, expr[1:])
    if kind == "yrange":
        return _safe(int(expr[:4]), 1), "year"
    if kind == "ymod":
        year = _year_of(expr)
        return _year_mod(year, expr[expr.index("年") + 1:]) if year else (None, "unknown")
    if kind == "y":
        year = _year_of(expr)
        return (_safe(year, 1) if year else None), "year"
    if kind == "md":
        month, day = _month_of(expr), _day_of(expr)
        if not month or not day:
            return None, "unknown"
        year = ctx.ref_year if ctx.ref_year is not None else _year_for_month(month, anchor, ctx)
        return _safe(year, month, day), "day"
    if kind == "m":
        month = _month_of(expr)
        if not month:
            return None, "unknown"
        year = ctx.ref_year if ctx.ref_year is not None else _year_for_month(month, anchor, ctx)
        return _safe(year, month, _month_part(expr)), "month"
    if kind == "d":
        day = _day_of(expr)
        if not day:
            return None, "unknown"
        year, month = anchor.year, anchor.month
        if ctx.ref_year is not None and ctx.ref_month is not None:
            year, month = ctx.ref_year, ctx.ref_month
        elif day > anchor.day and not ctx.future:
            year, month = _shift_month(year, month, -1)
        value = _safe(year, month, day)
        if value is None and ctx.ref_month is None:  # 31日 in a 30-day month: one more month back
            year, month = _shift_month(year, month, -1)
            value = _safe(year, month, day)
        return value, "day"
    if kind == "week":
        return _resolve_week(expr, anchor, ctx)
    if kind == "vague":
        if ctx.future:  # 拟于近期: not a date of something that happened
            return None, "unknown"
        return _safe(anchor.year, anchor.month), "month"
    if kind == "rel":
        return _resolve_rel(expr, anchor, ctx)
    if kind == "quarter":
        if expr in ("上半年", "下半年"):
            year = anchor.year if expr == "上半年" or anchor.month >= 7 or ctx.future else anchor.year - 1
            return _safe(year, 1 if expr == "上半年" else 7), "year"
        if "前三季度" in expr:
            return _safe(anchor.year if anchor.month >= 9 or ctx.future else anchor.year - 1, 1), "year"
        quarter = _P_QUARTER.search(expr)
        number = _number(quarter.group(1) or quarter.group(2)) if quarter else 1
        year = anchor.year if 3 * number - 2 <= anchor.month or ctx.future else anchor.year - 1
        return _safe(year, 3 * number - 2), "year"
    return None, "unknown"


def _resolve_week(expr: str, anchor: date, ctx: _Ctx) -> tuple[date | None, str]:
    monday = anchor - timedelta(days=anchor.weekday())
    offset = {"上": -7, "下": 7}.get(expr[0], 0)
    last = expr[-1]
    if last in _WEEKDAYS:
        value = monday + timedelta(days=offset + _WEEKDAYS[last])
        bare = expr[0] not in "上下本这"
        if bare and value > anchor and not ctx.future:
            value -= timedelta(days=7)
        return value, "day"
    start = monday + timedelta(days=offset)
    end = start + timedelta(days=6)
    if offset == 0:
        end = min(end, anchor)
    return start, _span_precision(start, end)


def _resolve_rel(expr: str, anchor: date, ctx: _Ctx) -> tuple[date | None, str]:
    days = {"今日": 0, "今天": 0, "昨日": -1, "昨天": -1, "前天": -2, "明日": 1, "明天": 1}
    if expr in days:
        return anchor + timedelta(days=days[expr]), "day"
    months = {"本月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
    if expr in ("当月", "同月") and ctx.ref_year is not None and ctx.ref_month is not None:
        return _safe(ctx.ref_year, ctx.ref_month), "month"
    if expr in months:
        year, month = _shift_month(anchor.year, anchor.month, months[expr])
        return _safe(year, month), "month"
    if expr in ("同年", "当年"):
        return (_safe(ctx.ref_year, 1), "year") if ctx.ref_year is not None else (None, "unknown")
    if expr == "同月":
        return None, "unknown"
    return _safe(anchor.year + _REL_YEAR_OFFSET[expr], 1), "year"


# --------------------------------------------------------------------------------------- finding
def _iter_matches(norm: str):
    """(kind, start, end) of every date expression in normalised text, ranges merged."""
    pos = 0
    length = len(norm)
    while pos < length:
        match = _PATTERN.search(norm, pos)
        if match is None:
            return
        kind = match.lastgroup or ""
        start, end = match.span(kind)
        if end <= start:  # defensive: zero-width (cannot happen with these branches)
            pos = match.end() + 1
            continue
        if kind in ("iso", "ymd", "md", "relymd", "relmd", "d"):
            tail = _RANGE_TAIL.match(norm, end)
            if tail:
                end = tail.end()
        elif kind in ("ym", "m", "relym"):
            tail = _RANGE_TAIL_MONTH.match(norm, end)
            if tail:
                end = tail.end()
        yield kind, start, end
        pos = max(end, match.end())


# spaces inside a date (2022 年 7 月 22 日, 今年 8 月), as typeset in some outlets' pages
_DATE_GAP = re.compile(r"(?<=[\d年月])[ \t\u00a0\u3000]+(?=[\d年月日号])")


def _compact(text: str) -> tuple[str, Sequence[int]]:
    """`text` without the spaces inside dates, and for each kept character its offset in `text`."""
    if _DATE_GAP.search(text) is None:
        return text, range(len(text) + 1)  # a range indexes like the list, without building it
    kept: list[int] = []
    pos = 0
    for gap in _DATE_GAP.finditer(text):
        kept.extend(range(pos, gap.start()))
        pos = gap.end()
    kept.extend(range(pos, len(text) + 1))
    return "".join(text[i] for i in kept[:-1]), kept


def _scan(sentence: str, anchor: date, ref: tuple[int | None, int | None] = (None, None)) -> list[DateMention]:
    norm, offsets = _compact(normalize(sentence))
    out: list[DateMention] = []
    ref_year, ref_month = ref
    for kind, start, end in _iter_matches(norm):
        expr = norm[start:end]
        if kind == "week" and expr in ("周", "星期", "礼拜", "个周"):
            continue  # 一周, 周年, 星期 alone: not a date
        future = bool(_FUTURE_BEFORE.search(norm, max(0, start - 10), start)) or bool(
            _FUTURE_AFTER.match(norm[end:end + 6])
        )
        # 同年 / 当年 / 当月 / 同月 point back to the previous mention; a bare "12月" after "2021年6月" stays
        # relative to the anchor (the text would say 同年 otherwise)
        refers_back = kind in ("relymd", "relym", "relymod", "rel", "relmd")
        ctx = _Ctx(
            future=future,
            ref_year=ref_year if refers_back else None,
            ref_month=ref_month if kind in ("rel", "relmd") else None,
        )
        try:
            value, precision = _resolve_kind(kind, expr, anchor, ctx)
        except (KeyError, ValueError, OverflowError, AttributeError):
            value, precision = None, "unknown"
        if value is None:
            precision = "unknown"
        else:
            value, precision = _range_precision(expr, value, precision, anchor)
        start, end = offsets[start], offsets[end - 1] + 1
        out.append(DateMention(value, precision, sentence[start:end], start, end))
        if value is not None and (
            kind in ("iso", "ymd", "ym", "relymd", "relmd", "relym", "y", "ymod", "relymod", "yrange")
            or (kind == "rel" and expr not in ("今日", "今天", "昨日", "昨天", "前天", "明日", "明天"))
        ):
            ref_year = value.year
            ref_month = value.month if precision in ("day", "month") else None
    return out


_RANGE_SPLIT = re.compile(r"(?<=[日号月])\s*(?:起)?\s*(?:至|到|-|—|–|~|～|－)\s*(?=\d)")


def _range_precision(expr: str, value: date, precision: str, anchor: date) -> tuple[date, str]:
    """A range of days or months keeps only what its two ends share: 10日至12日 is a month, not the 10th.
    A range still to come keeps its start day, so that the event it dates is seen as announced."""
    split = _RANGE_SPLIT.search(expr)
    if split is None or precision not in ("day", "month") or value > anchor:
        return value, precision
    tail = expr[split.end():]
    end_month = re.match(r"(?:\d{4}年)?(\d{1,2})月", tail)
    if precision == "day" and (end_month is None or int(end_month.group(1)) == value.month):
        return value.replace(day=1), "month"
    return value.replace(month=1, day=1), "year"


def find_dates(sentence: str, anchor: date) -> list[DateMention]:
    """Every date expression of `sentence`, in order, resolved against `anchor` (offsets in `sentence`)."""
    if not sentence or not isinstance(sentence, str):
        return []
    return _scan(sentence, _as_date(anchor))


_SENTENCE_END = re.compile(r"[。！？!?\n；;]")


def find_dates_in_text(text: str, anchor: date) -> list[DateMention]:
    """`find_dates` over a whole text (offsets in `text`); 同年 / 当月 refer back across sentences."""
    if not text or not isinstance(text, str):
        return []
    anchor = _as_date(anchor)
    out: list[DateMention] = []
    ref: tuple[int | None, int | None] = (None, None)
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        if end > start:
            found = _scan(text[start:end], anchor, ref)
            for mention in found:
                out.append(DateMention(mention.value, mention.precision, mention.expression,
                                       mention.start + start, mention.end + start))
                if mention.value is not None and mention.precision in ("day", "month", "year") and (
                    not mention.is_vague
                ) and _Y_IN_EXPR.search(normalize(mention.expression)):
                    ref = (mention.value.year, mention.value.month if mention.precision != "year" else None)
        start = end
    return out


_Y_IN_EXPR = re.compile(r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}年|今年|去年|前年|明年|同年|当年|上年|本年")


# ------------------------------------------------------------------------------------ repost check
_EVIDENCE_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?:(年)|(?=[\u4e00-\u9fff《“\"])|(?=\s*[-—–~～至]\s*(?:19|20)\d{2}(?!\d)))"
)
_NOT_YEAR_AFTER = re.compile(r"[万亿元多余个家件台人次吨千百平米亩套项户名只辆股份倍位款例所座条届]")
_HISTORY_BEFORE = re.compile(
    r"(?:自|从|早在|始于|创立于|成立于|创建于|诞生于|曾于|比|较|相比|相较于?|对比|同比|低于|高于)\s*$"
)
_RELATIVE_SIGNAL = re.compile(
    r"(?<![\d年])(?:1[0-2]|[1-9])月(?:3[01]|[12]\d|[1-9])[日号]|今年|去年|近日|日前|本月|上月|今日|昨日|本周|上周"
)


def infer_anchor(text: str, published: date | None) -> date:
    """The effective date of an article: `published`, unless the text is a repost of an older text.

    Without a `published` date the anchor comes from the text alone (same rule, any year), and
    `ValueError` is raised when the text states no year either.

    A repost is recognised when (1) every year the text states (4-digit years with 年, full dates,
    years in titles such as 2020中国…, range starts; targets such as 到2022年 and history such as
    自1971年 / 早在2016年 excluded) is at least two years before `published`, (2) the latest of them is
    stated at least twice, and (3) the text also speaks relative to its own date (7月22日 without a
    year, 今年, 近日, 日前 …). The anchor is then
    the latest explicit date of that year (7月24日 resolved in the inferred year, or a full date; future
    ones such as 将于… excluded), else 31 December of the inferred year.
    """
    if published is None:  # no article date (seed 003): only the text can tell
        return _anchor_from_text(text)
    published = _as_date(published)
    if not text or not isinstance(text, str):
        return published
    norm = normalize(text[:200_000])
    years = _stated_years(norm)
    if not years:
        return published
    latest = max(years)
    if latest >= published.year - 1 or years.count(latest) < 2:
        return published
    if not _RELATIVE_SIGNAL.search(norm):
        return published
    return _latest_date_in(norm, latest)


def _anchor_from_text(text: str | None) -> date:
    norm = normalize(text[:200_000]) if isinstance(text, str) else ""
    years = _stated_years(norm)
    if not years:
        raise ValueError("infer_anchor: no published date and the text states no year")
    return _latest_date_in(norm, max(years))


def _stated_years(norm: str) -> list[int]:
    """Years the text states as its own time (targets 到2022年 and history 自1971年 left out)."""
    years: list[int] = []
    for match in _EVIDENCE_YEAR.finditer(norm):
        start, end = match.span()
        if _TARGET_BEFORE.search(norm, max(0, start - 4), start):
            continue
        if start > 0 and norm[start - 1] in "-—–~～至到":
            continue  # the end of a range (2020-2022) is a plan horizon, not the writing year
        if match.group(2) is None and _NOT_YEAR_AFTER.match(norm, end):
            continue  # 2000万元, 2020家: amounts
        if _HISTORY_BEFORE.search(norm, max(0, start - 3), start):
            continue  # 自1971年, 早在2016年, 比2020年下降: history or a baseline, not the time of writing
        years.append(int(match.group(1)))
    return years


def _latest_date_in(norm: str, inferred: int) -> date:
    """The latest explicit date of year `inferred` in the text (future ones left out), else 31 December."""
    candidates: list[date] = []
    for kind, start, end in _iter_matches(norm):
        if kind not in ("iso", "ymd", "md"):
            continue
        expr = norm[start:end]
        if _FUTURE_BEFORE.search(norm, max(0, start - 10), start) or _FUTURE_AFTER.match(norm[end:end + 6]):
            continue
        tail = _RANGE_SEP_RE.search(expr)
        if tail:
            expr = expr[: tail.start()]
        if kind == "md":
            month, day = _month_of(expr), _day_of(expr)
            value = _safe(inferred, month, day) if month and day else None
        else:
            value, _ = _resolve_kind(kind, expr, date(inferred, 12, 31), _Ctx())
        if value is not None and value.year == inferred:
            candidates.append(value)
    if candidates:
        return max(candidates)
    return date(inferred, 12, 31)


_RANGE_SEP_RE = re.compile(r"(?<=[日号])\s*(?:至|到|-|—|–|~|～)")
