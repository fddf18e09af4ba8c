"""Pure text helpers for crawled pages: whitespace, boilerplate lines, dates, URLs and bylines.

Every function maps a value to a value (no I/O, no Scrapy), so the pipelines and spiders share
them and unit tests feed them literal strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from schemas import SHANGHAI

_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Lines that are page furniture rather than article text: editor credits, disclaimers,
# share/print widgets, pagination, "read more" prompts. Matched against a whole stripped line.
BOILERPLATE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"^[\[【(（]?\s*(责任编辑|责编|编辑|校对|审核|值班编辑|实习编辑)\s*[:：|丨].{0,40}[\]】)）]?$",
        r"^[【\[]?\s*纠错\s*[】\]]?(\s*责任编辑[:：].*)?$",
        r"^[【\[]?\s*免责声明\s*[】\]]?.*$",
        r"^声明[:：].{0,80}(仅供参考|风险自担|不构成).*$",
        r"^(点击进入|点击查看|点击阅读|扫描下方二维码|扫描二维码|扫一扫|分享到|打印本页|关闭窗口|返回顶部|字号|图集)(\W.{0,40})?$",
        r"^(扫描下方二维码|扫描二维码|长按识别二维码).{0,30}$",
        r"^(\s*[【\[]\d{1,3}[】\]]\s*)+$",
        r"^(上一页|下一页|首页|尾页|[<>«»]+)$",
        r"^(来源|作者)[:：]\s*\S{0,20}$",
        r"^.{0,10}(版权所有|Copyright|copyright|©).{0,80}$",
        # WeChat repost furniture (政务号 reposts): "回复【…】查看…", "点击菜单栏…", "点【在看】…"
        r"^\d{1,2}[、.]\s*回复[【\[].{1,12}[】\]].{0,30}$",
        r"^点击(菜单栏|下方|上方|关注).{0,40}$",
        r"^.{0,20}点[【\[]在看[】\]].{0,20}$",
    )
)

# Date forms seen on Chinese news pages, most specific first.
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
        r"(?:\s*[-T ]?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
    ),
)
_UNIX = re.compile(r"^\d{10}(?:\.\d+)?$")


def squash(text: str | None) -> str:
    """NFC, every run of whitespace (incl. full-width and no-break spaces) to one space, trimmed."""
    if not text:
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_boilerplate(line: str) -> bool:
    return any(p.match(line) for p in BOILERPLATE_LINES)


def clean_paragraphs(lines: Iterable[str]) -> list[str]:
    """Trim each line, drop empty, boilerplate and immediately repeated lines; keep the order."""
    out: list[str] = []
    for raw in lines:
        line = squash(raw)
        if not line or is_boilerplate(line):
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return out


def clean_title(title: str | None, site_suffixes: Iterable[str] = ()) -> str | None:
    """Squash a title and cut trailing site names ("…_证券时报网", "…-新华网")."""
    text = squash(title)
    for suffix in site_suffixes:
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)].rstrip(" _-|")
    return text or None


def clean_author(value: str | None) -> str | None:
    text = squash(value)
    text = re.sub(r"^(作者|记者|文|编辑)\s*[:：|丨]?\s*", "", text)
    return text[:80] or None


def parse_datetime(value: str | int | float | None, *, default_tz=SHANGHAI) -> datetime | None:
    """The first date(-time) in `value`: ISO, 2019年06月15日08:18, 2007-08-20-23:59:59, unix seconds…

    Naive results are taken as Asia/Shanghai; aware ISO strings keep their offset and are
    converted to Asia/Shanghai.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or _UNIX.match(str(value).strip()):
        return datetime.fromtimestamp(float(value), tz=default_tz)
    text = squash(str(value))
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=default_tz)).astimezone(default_tz)
    try:  # RFC 2822, as in RSS pubDate
        rfc = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        rfc = None
    if rfc is not None:
        return (rfc if rfc.tzinfo else rfc.replace(tzinfo=default_tz)).astimezone(default_tz)
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
        try:
            return datetime(
                parts["y"],
                parts["m"],
                parts["d"],
                parts.get("H", 0),
                parts.get("M", 0),
                parts.get("S", 0),
                tzinfo=default_tz,
            )
        except ValueError:
            continue
    return None


def since_cutoff(since: date | None) -> datetime | None:
    """Midnight Asia/Shanghai of `since` (articles published before it are out of range)."""
    return datetime.combine(since, datetime.min.time(), tzinfo=SHANGHAI) if since else None


def title_from_text(text: str) -> str | None:
    """A telegraph's headline: the leading 【…】 of its text, if any."""
    match = re.match(r"^\s*【([^】]{2,120})】", text)
    return match.group(1).strip() if match else None
