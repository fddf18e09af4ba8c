"""The publish time of an article page, from what a reader sees first and what the page states.

Rules, in order (the winning rule's name is returned with the value):
1. `printed-by-headline`: a date in the meta line under (or just above) the headline, a labelled
   one first (发布时间 / 发布日期 / 发稿时间 / 时间 / 日期); dates labelled 成文日期, 更新 or 修改 are
   skipped (gov.cn prints 成文日期 before 发布日期). A printed month-day without a year
   (发布时间：09-30 22:46) takes its year from the page's other evidence.
2. `meta:<name>`: publish-time metas (article:published_time, PubDate, publishdate, …).
3. `script-timestamp`: a publish timestamp in an inline script (WeChat's `var ct = "…"`).
4. `url`: a date in the URL path (/2021/0305/, /20210305/, /2021-03/05/).
5. `htmldate`: htmldate with the page URL and its default (not "original date") settings, run on
   the page without what follows the body (related-story lists, feeds, footer).
Times are local (Asia/Shanghai) unless the page gives an offset.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from lxml import html as lxml_html

from crawlers.blocks import Block
from crawlers.cleaning import parse_datetime
from schemas import SHANGHAI

logger = logging.getLogger(__name__)

_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[T ]?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
# month-day with a time, no year (only trusted after a publish label): "09-30 22:46", "09-3022:46"
_YEARLESS = re.compile(r"(?<![\d-])(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{2})\s*日?\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})")
_PUBLISH_LABEL = re.compile(
    r"(发布时间|发布日期|发稿时间|发表时间|发布于|发表于|发文日期|时间|日期|Published)\s*[:：]?\s*$", re.I
)
_SKIP_LABEL = re.compile(
    r"(成文日期|更新时间|最后更新|修改时间|更新于|截止日期|印发日期|施行日期|生效日期)\s*[:：]?\s*$"
)
PUBLISH_METAS = (
    ("property", "article:published_time"),
    ("name", "PubDate"),
    ("name", "publishdate"),
    ("name", "pubdate"),
    ("name", "publish_time"),
    ("name", "publishtime"),
    ("itemprop", "datePublished"),
    ("name", "firstpublishedtime"),
    ("property", "og:release_date"),
    ("name", "og:time"),
    ("property", "og:time"),
)
_SCRIPT_TS = re.compile(r"\b(?:ct|publish_time|pubtime|ptime|publishTime)\s*[=:]\s*[\"']?(1\d{9})\b")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?=[/_.]|\d{3,})")
_EARLIEST = datetime(1995, 1, 1, tzinfo=SHANGHAI)
_CUT = "data-eventline-cut"


def _plausible(value: datetime, now: datetime) -> bool:
    return _EARLIEST <= value <= now + timedelta(days=1)


def _format(value: datetime, has_time: bool) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if has_time else value.strftime("%Y-%m-%d")


def printed_dates(text: str) -> list[tuple[datetime, bool, bool]]:
    """(value, labelled as a publish date, has a time) for each full date in a line, in order."""
    out = []
    for match in _FULL.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()]
        if _SKIP_LABEL.search(before):
            continue
        parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
        try:
            value = datetime(
                parts["y"],
                parts["m"],
                parts["d"],
                parts.get("H", 0),
                parts.get("M", 0),
                parts.get("S", 0),
                tzinfo=SHANGHAI,
            )
        except ValueError:
            continue
        out.append((value, bool(_PUBLISH_LABEL.search(before)), "H" in parts))
    return out


def _yearless(text: str) -> tuple[int, int, int, int] | None:
    for match in _YEARLESS.finditer(text):
        if _PUBLISH_LABEL.search(text[max(0, match.start() - 8) : match.start()]):
            m, d, hh, mm = (int(match.group(k)) for k in ("m", "d", "H", "M"))
            if 1 <= m <= 12 and 1 <= d <= 31 and hh < 24 and mm < 60:
                return m, d, hh, mm
    return None


def _by_headline(blocks: list[Block], start: int, stop: int, now: datetime) -> tuple[str, bool] | tuple[None, None]:
    """The first labelled date in blocks[start:stop], else the first date at all; (value, has time)."""
    found: list[tuple[datetime, bool, bool]] = []
    for block in blocks[max(0, start) : stop]:
        found += [d for d in printed_dates(block.text) if _plausible(d[0], now)]
    for want_label in (True, False):
        for value, labelled, has_time in found:
            if labelled or not want_label:
                return _format(value, has_time), has_time
    return None, None


def _metas(root: lxml_html.HtmlElement) -> tuple[datetime, str] | None:
    for attr, name in PUBLISH_METAS:
        for meta in root.xpath(
            f"//meta[translate(normalize-space(@{attr}), "
            f"'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='{name.lower()}']"
        ):
            value = parse_datetime(meta.get("content"))
            if value is not None:
                return value, f"meta:{name}"
    return None


def _script_timestamp(html: str) -> datetime | None:
    match = _SCRIPT_TS.search(html)
    return datetime.fromtimestamp(int(match.group(1)), tz=SHANGHAI) if match else None


def _url_date(url: str | None, now: datetime) -> datetime | None:
    for match in _URL_DATE.finditer(urlsplit(url or "").path):
        try:
            value = datetime(*map(int, match.groups()), tzinfo=SHANGHAI)
        except ValueError:
            continue
        if _plausible(value, now):
            return value
    return None


def _without_tail(root: lxml_html.HtmlElement, blocks: list[Block], body_end: int | None) -> lxml_html.HtmlElement:
    """A copy of the page without the blocks after the body (their dates belong to other stories)."""
    if body_end is None:
        return root
    tail = [b.element for b in blocks[body_end + 1 :] if b.element is not root]
    for element in tail:
        element.set(_CUT, "1")
    copy = deepcopy(root)
    for element in tail:
        element.attrib.pop(_CUT, None)
    for element in copy.xpath(f"//*[@{_CUT}]"):
        element.text = None
        for child in element:
            child.tail = None
    return copy


def _htmldate(root: lxml_html.HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(root, url=url or None, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd trees; the page simply has no date then
        logger.debug("htmldate failed on %s", url, exc_info=True)
        return None


def find_published(
    root: lxml_html.HtmlElement,
    blocks: list[Block],
    headline: int | None,
    body_start: int | None,
    body_end: int | None,
    html: str,
    url: str | None = None,
    now: datetime | None = None,
) -> tuple[str | None, str]:
    """(publish time as text, rule) following the module docstring's order; (None, "none") if nothing."""
    now = now or datetime.now(SHANGHAI)
    anchor = headline if headline is not None else (body_start - 6 if body_start is not None else None)
    evidence: list[tuple[datetime, str]] = []
    meta = _metas(root)
    if meta:
        evidence.append(meta)
    stamp = _script_timestamp(html)
    if stamp and _plausible(stamp, now):
        evidence.append((stamp, "script-timestamp"))
    if anchor is not None:
        stop = anchor + 9
        if body_start is not None and anchor < body_start:
            stop = max(min(stop, body_start + 1), anchor + 3)
        value, _ = _by_headline(blocks, anchor - 1, stop, now)
        if value:
            return value, "printed-by-headline"
        for block in blocks[max(0, anchor - 1) : stop]:
            md = _yearless(block.text)
            if md:
                for known, _rule in evidence:
                    if (known.month, known.day) == md[:2]:
                        return known.replace(hour=md[2], minute=md[3], second=0).strftime("%Y-%m-%d %H:%M:%S"), (
                            "printed-by-headline"
                        )
    if evidence:
        value, rule = evidence[0]
        return value.strftime("%Y-%m-%d %H:%M:%S"), rule
    in_url = _url_date(url, now)
    if in_url:
        return in_url.strftime("%Y-%m-%d"), "url"
    found = _htmldate(_without_tail(root, blocks, body_end), url)
    return (found, "htmldate") if found else (None, "none")
