"""The date step: which date an event carries, and whether it had happened when it was reported.

`anchor_of` is the article's effective date (`dates.infer_anchor`, repost detection);
`mentions_of` its date mentions (without an anchor only absolute ones keep a value). An event
takes the nearest clause-leading date before its trigger in its sentence, else the last one
before it, else a day or month after it; a sentence that refers back (会上, 活动中) takes the
date of the occasion told just before; a dateline (9月6日电) dates what nothing else does. 近日
is the article's month, never its day. What is still undated after de-duplication takes the
report's occasion (`occasion_of`: the opening paragraph's day, else the report's own day), as
the annotation convention dates a fact told without a time word. An event dated after its
report is announced, not done (planned).
"""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import date

from nlp import dates
from nlp.holidays import holiday_mentions
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Article, EventDate, Modality

logger = logging.getLogger(__name__)

_DATELINE = re.compile(r"(\d{1,2}月\d{1,2}日)\s*(电|讯|消息)")
_ANAPHORIC = re.compile(
    r"^\s*(会上|会议上|会议期间|活动中|活动上|仪式上|现场|当天|当日|同日|此次|本次|期间|其中|同时"
    r"|[\u4e00-\u9fff]{1,4}(当天|当日|期间|现场|仪式上|式上)"
    r"|(大会|会议|论坛|峰会|活动|博览会|开幕式)(上|期间|现场|还|同期|中))"
)
_SAME_DAY = re.compile(r"同日|同一日|同一天|当日|当天|是日")
_CLAUSE_LEAD = set("，。；;：:、 \n）)|")
_ABSOLUTE = re.compile(r"(?:19|20)\d{2}\s*年|(?:19|20)\d{2}[-/.]\d{1,2}")
_NO_ANCHOR = date(1900, 1, 1)  # placeholder anchor; relative results computed against it are dropped


def anchor_of(article: Article) -> date | None:
    """The article's effective date; from the text alone when it has no `published_at`.

    None when neither the article nor its text states a date: relative expressions (21日, 近日)
    then resolve to unknown, while absolute ones (2021年3月5日) keep their value (`mentions_of`).
    """
    published = article.published_at.date() if article.published_at is not None else None
    try:
        return dates.infer_anchor(article.text, published)
    except ValueError:  # no published date and no year in the text
        return published
    except Exception:
        logger.exception("infer_anchor failed for %s", article.id)
        return published


def mentions_of(text: str, anchor: date | None) -> list[dates.DateMention]:
    """Date mentions of the text; without an anchor only absolute ones (with a stated year) count."""
    if anchor is not None:  # 春节后上班第一天: a day of the holiday calendar, with the text's own dates
        found = dates.find_dates_in_text(text, anchor) + holiday_mentions(text, anchor)
        return sorted(_headline_days_ahead(text, found, anchor), key=lambda m: m.start)
    found = dates.find_dates_in_text(text, _NO_ANCHOR)
    return [m if _ABSOLUTE.search(m.expression) else dates.DateMention(None, "unknown", m.expression, m.start, m.end)
            for m in found]


def _headline_days_ahead(text: str, mentions: list[dates.DateMention], anchor: date) -> list[dates.DateMention]:
    """A bare day in a 【headline】 later in the month than the report (…论坛21日在西安举行, reported on the
    6th) announces what is coming this month: a headline tells the news of the day, and a fact already
    two weeks old would carry its month. In the body the same day still reads as last month's."""
    end = text.find("】") if text.startswith("【") else -1
    out = []
    for m in mentions:
        if (m.start < end and m.value is not None and _BARE_DAY.match(m.expression) and m.value < anchor
                and m.value.day > anchor.day and (anchor - m.value).days >= 7):
            with contextlib.suppress(ValueError):
                m = dates.DateMention(anchor.replace(day=m.value.day), m.precision, m.expression, m.start, m.end)
        out.append(m)
    return out


_BARE_DAY = re.compile(r"^\d{1,2}日$")


def after_anchor(when: EventDate, anchor: date | None) -> bool:
    """Does the event date lie after the article's own date (at its precision)? Then it is announced."""
    if anchor is None or when.value is None:
        return False
    if when.precision == "day":
        return (when.value - anchor).days > 1
    if when.precision == "month":
        return (when.value.year, when.value.month) > (anchor.year, anchor.month)
    return when.precision == "year" and when.value.year > anchor.year


def dateline(text: str, mentions: list[dates.DateMention]) -> dates.DateMention | None:
    """The date of a telegraph lead (…9月6日电), when the text opens with one."""
    m = _DATELINE.search(text[:120])
    if not m:
        return None
    for mention in mentions:
        if mention.start >= m.start(1) and mention.end <= m.end(1) and mention.value is not None:
            return mention
    return None


def date_for(
    text: str, s0: int, s1: int, trig: int, mentions: list[dates.DateMention], lead: dates.DateMention | None,
    name: tuple[int, int] | None = None, edition: bool = False,
) -> EventDate:
    """The date of an event whose sentence spans text[s0:s1] and whose trigger starts at `trig`; a year
    inside the event's own `name` span (2022年中国国际服务贸易交易会) is an edition, not its date, and for
    an `edition` (a meeting) it is the year of a day told without one."""
    inside = [m for m in mentions if s0 <= m.start and m.end <= s1 and m.value is not None
              and not (name and m.precision == "year" and (name[0] <= m.start < name[1] or m.end == name[0]))]
    if lead is not None:
        inside = [m for m in inside if not (m.start == lead.start and m.end == lead.end)]
    # a year inside a 《title》 (《2023年度…名单》) or a deadline (至2027年6月30日止) dates no event
    inside = [m for m in inside if text[s0:m.start].count("《") <= text[s0:m.start].count("》")
              and text[max(s0, m.start - 2):m.start] not in ("截至", "截止")
              and text[m.start - 1:m.start] not in ("至", "到", "占")  # 到2030年 / 占2025年营收: no act dated
              # 召开2026年全市…大会 / 发布2025年…报告: a year right after a verb opens the name of its object
              and not (m.precision == "year" and text[max(0, m.start - 2):m.start] in _VERB_BEFORE_NAME)
              # 2026年度名单: the year a list covers, not when it was published
              and text[m.end:m.end + 1] != "度" and not m.expression.endswith("度")]
    before = [m for m in inside if m.start < trig]
    leading = [m for m in before if m.start == s0 or text[m.start - 1] in _CLAUSE_LEAD or text[m.end:m.end + 1] in "，,、"]  # noqa: E501
    pick = None
    if leading:
        pick = leading[-1]
    elif before:
        pick = before[-1]
    elif _SAME_DAY.search(text[s0:trig]):  # 同日 / 也是在同一日 / 当天: the day told last
        earlier = [m for m in mentions if m.start < s0 and m.precision == "day" and not m.is_vague]
        pick = earlier[-1] if earlier else None
    else:
        # after the trigger only a day or month dates the act (签署…合同，占2025年营收 / 暨三季度…会议: no date)
        after = [m for m in inside if m.start >= trig and m.precision in ("day", "month")
                 and text[m.end:m.end + 1] != "起" and text[m.start - 1:m.start] != "自"  # 自9月1日起施行
                 and not re.search(r"(截止|截至|期限|有效期)[^，。；]{0,4}$", text[s0:m.start])]  # a deadline
        pick = after[0] if after else None
    if pick is None and _ANAPHORIC.match(text[s0:s1]):  # 会上 / 活动中: the date of the occasion just told
        line_start = text.rfind("\n", 0, s0) + 1
        # the occasion's day or month: a bare year told before (2017年，…) dates no occasion
        earlier = [m for m in mentions if line_start <= m.start < s0 and m.value is not None and not m.is_vague
                   and m.precision in ("day", "month")]
        para_end = line_start
        for _ in range(3):  # the occasion was told in a paragraph before (the lead)
            if earlier or para_end <= 0:
                break
            prev_start = text.rfind("\n", 0, max(para_end - 1, 0)) + 1
            earlier = [m for m in mentions if prev_start <= m.start < para_end and m.value is not None
                       and not m.is_vague and m.precision == "day" and (lead is None or m.start != lead.start)]
            earlier = earlier[:1]
            para_end = prev_start
        pick = earlier[-1] if earlier else None
    # 开幕式上，… / 其中，… right after it: what happened at the opening, on a ranged meeting's first day
    previous = text[text.rfind("。", 0, max(s0 - 1, 0)) + 1 : s0]
    at_opening = "开幕" in text[s0:trig] or re.match(r"^\s*[^，。]{0,6}开幕", previous) is not None
    if pick is None and _ANAPHORIC.match(text[s0:s1]) and at_opening:
        pick = _opening_day(text, mentions, s0)  # 开幕式上 of a meeting told as 11月5日至6日: the 5th
    if pick is None and lead is not None:
        pick = lead
    if pick is None or pick.value is None or pick.precision not in ("day", "month", "year"):
        return EventDate()
    value = pick.value
    edition_year = _EDITION_YEAR.match(text[name[0]:name[1]]) if name and edition else None
    if edition_year and pick.precision in ("day", "month") and not re.search(r"\d\s*年", pick.expression):
        # 2023中国国际服务贸易交易会9月2日开幕: a day told without its year is in the edition's year, not the
        # report's (the year resolved from the report is a guess; the name states it)
        with contextlib.suppress(ValueError):  # 2月29日 of another year: keep the guess
            value = value.replace(year=int(edition_year.group(1)))
    return EventDate(value=value, precision=pick.precision, expression=pick.expression)  # type: ignore[arg-type]


_VERB_BEFORE_NAME = {"召开", "举办", "举行", "发布", "印发", "出台", "公布", "启动", "开展", "推出", "下达"}
# a name opening with its edition's year (2023中国国际…交易会, 2024年世界…大会); 2025年度…会议 covers a year
# and is held after it, and a range (2026-2030) is a plan's span: neither dates the event
_EDITION_YEAR = re.compile(r"((?:19|20)\d\d)(?!\d)(?!\s*年度)(?!\s*[-—–~～至到])")


def _opening_day(text: str, mentions: list[dates.DateMention], before: int) -> dates.DateMention | None:
    """The first day of the last date range told before `before` (a meeting's opening day)."""
    ranges = [m for m in mentions if before - 1500 <= m.start < before and m.value is not None
              and re.search(r"日\s*(?:至|到|-|—|–|~|～)", m.expression)]
    if not ranges:
        return None
    last = ranges[-1]
    head = re.split(r"(?<=日)\s*(?:至|到|-|—|–|~|～)", last.expression)[0]
    found = dates.find_dates(head, last.value) if last.value is not None else []
    day = found[0] if found and found[0].precision == "day" else None
    return dates.DateMention(day.value, "day", head, last.start, last.start + len(head)) if day else None


def occasion_of(text: str, mentions: list[dates.DateMention], anchor: date | None) -> dates.DateMention | None:
    """The day a report is about, for the facts it tells without a time word of their own.

    A report opens with its occasion (8月28日上午，…论坛在长沙开幕) and what it tells later without a
    date happened there; that day is the first exact day of the opening paragraph when it lies in the
    week before the report. Otherwise the report's own day: an undated fact in a dated report is
    taken as of the report (the annotation convention accepts its month and its day).
    """
    if anchor is None:
        return None
    first_stop = text.find("。")  # the opening paragraph is the first one with a full sentence, not a title
    first_break = text.find("\n", max(first_stop, 0))
    opening = len(text) if first_break < 0 else first_break
    for mention in mentions:
        if mention.start >= opening:
            break
        if (mention.value is not None and mention.precision == "day" and not mention.is_vague
                and 0 <= (anchor - mention.value).days <= 7):
            return mention
    return dates.DateMention(anchor, "day", "", -1, -1)


def date_step(state: ArticleState) -> None:
    """Date each draft; an asserted one dated after the report becomes planned (dropped unless wanted)."""
    text = state.text
    state.anchor = anchor = anchor_of(state.article)
    mentions = mentions_of(text, anchor)
    lead = dateline(text, mentions)
    state.occasion = occasion_of(text, mentions, anchor)
    kept = []
    for draft in state.drafts:
        event = draft.event
        name = (draft.object.start, draft.object.end) if draft.object and draft.object.start >= 0 else None
        # a meeting's name states its edition's year (2023…交易会); a report's or a plan's states the year
        # it covers (公司4月20日发布2025年年报: released the year after)
        event.date = date_for(text, draft.sentence_start, draft.sentence_end, draft.trigger_start, mentions, lead,
                              name, edition=draft.type == "meeting")
        event.reported_on = anchor
        if event.modality == Modality.asserted and after_anchor(event.date, anchor):
            event.modality = Modality.planned  # 会议将于6月23日举行 told on 6月16日: not yet happened
            if not state.include_planned:
                continue
        kept.append(draft)
    state.drafts = kept


@register("eventline.date.v1", requires=("article", "drafts", "drafts.modality"),
          assigns=("anchor", "occasion", "drafts.date"))
def make_date_step() -> Step:
    return date_step


def undated_step(state: ArticleState) -> None:
    """An event still without a date after de-duplication takes the report's occasion (`occasion_of`).

    This runs after de-duplication so that an undated mention of a fact (a headline, a summary line)
    first merges into its dated telling instead of standing beside it as a second event."""
    occasion = state.occasion
    if occasion is None or occasion.value is None:
        return
    for event in state.events:
        if event.date.value is None:
            event.date = EventDate(value=occasion.value, precision="day", expression=occasion.expression)


@register("eventline.undated.v1", requires=("events", "occasion"), assigns=("events.date",))
def make_undated_step() -> Step:
    return undated_step
