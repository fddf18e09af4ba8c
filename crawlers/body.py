"""Trim an extracted body to the article a reader sees (rules for kinds of page furniture).

`trim_body(lines, title, blocks, headline)` applies, in order:
1. nothing above the headline is body: leading lines found in blocks at or above the headline
   block (navigation, kicker, the headline itself); before the first line of running text only
   sentences survive (menus, breadcrumbs, the meta line under the headline go);
2. layout-table rows (`| … |`) without a sentence in them are page furniture;
3. the article ends at the first end marker: a related / most-read / feed heading, an end mark
   (- THE END -, 责任编辑), a disclaimer (even mid-line: "…。腾讯声明：…"), a run of dated
   link lines (further stories with their times) or of three headline-like lines;
4. 原标题, 点击进入 and "·A ·B ·C" link lines are dropped where they stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawlers.blocks import Block, compact
from crawlers.titles import SECTION_LABELS

END_LABELS = SECTION_LABELS | frozenset(
    [
        "推荐新闻",
        "重点推荐",
        "热点新闻",
        "近期热点关注",
        "相关专题",
        "作者最近文章",
        "作者最新文章",
        "新闻评论",
        "加载更多",
        "跟贴热词",
        "热门评论",
        "最新评论",
        "精彩图片",
        "图片推荐",
        "今日推荐",
        "编辑推荐",
        "阅读下一篇",
        "上一篇",
        "下一篇",
        "关注我们",
        "THEEND",
    ]
)
# a disclaimer or reprint notice: where it starts, the article has ended
_DISCLAIMER = re.compile(
    r"(?:(?:^|(?<=[。！？!?]))\s*[【\[]?(?:免责|特别|版权|郑重|[\u4e00-\u9fa5]{1,6}(?:网|报|社|号|在线|新闻|平台)|腾讯|网易|新浪|搜狐)?"
    r"声明\s*[】\]]?\s*[:：]"
    r"|本文仅代表作者|不代表\S{0,8}立场|本文为\S{1,20}授权|转载请注明|请支持独立网站|未经授权.{0,6}不得转载"
    r"|网友评论仅供其表达个人看法|作品声明[:：]|本文创作初衷"
    # a credit glued to the last sentence: "…了！！！编辑|禤志杰"
    r"|(?<=[。！？!?])\s*(?:责任编辑|编辑|来源|撰文|校对)\s*[|丨:：])"
)
_END_LINE = re.compile(
    r"^[-–—\s]*(?:THE\s*END|完|全文完|END)[-–—\s]*$|^[（(\[【]?\s*(?:责任编辑|责编|编辑)\s*[:：]", re.I
)
_DROP_LINE = re.compile(r"^点击进入|^\|?\s*[【\[]?字号")
# "原标题：《…》" / "（原标题：…）" / "原标题：…" (to the end of the line); text after it is kept
_ORIGINAL_TITLE = re.compile(r"^[（(\[【]?\s*(?:本文)?原标题\s*[:：]\s*(?:《[^》]*》|[^）)\]】]*[）)\]】]|.*$)")
_DATED = re.compile(r"(?:19|20)?\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}:\d{2}|\d+\s*(?:分钟|小时|天)前")
_SENTENCE = re.compile(r"[。！？!?]")
_LABEL_STRIP = re.compile(r"[\s\-–—·•|｜:：\[\]【】<>《》()（）>»]+")


def is_substantial(line: str) -> bool:
    """A line of running text (not a menu item, label or meta line)."""
    return len(line) >= 15 and bool(_SENTENCE.search(line)) and not line.startswith("|")


def _reads_as_text(line: str) -> bool:
    """A phrase or sentence of running text: it ends with a clause or sentence mark."""
    return line.endswith(("，", "、", "；", ",", "。", "！", "？", "!", "?", "…", "”"))


def _label_key(line: str) -> str:
    return _LABEL_STRIP.sub("", line)


def is_end_label(line: str) -> bool:
    key = _label_key(line)
    if key in END_LABELS:
        return True
    return len(key) <= 12 and any(key.startswith(label) for label in END_LABELS if len(label) >= 4)


def _above_headline(lines: list[str], blocks: Sequence[Block], headline: int) -> int:
    """How many leading lines sit in blocks at or above the headline block."""
    keys = [compact(b.text) for b in blocks]
    cursor, count = 0, 0
    for line in lines:
        probe = compact(line)[:12]
        where = next((i for i in range(cursor, len(keys)) if probe and probe in keys[i]), None)
        if where is None or where > headline:
            break
        cursor, count = where, count + 1
    return count


def _table_row(line: str) -> str | None:
    """The text of a `| … |` row worth keeping, or None for furniture; other lines unchanged."""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [c.strip() for c in line.strip("|").split("|")]
    text = " ".join(c for c in cells if c and not set(c) <= set("-: "))
    return text if _SENTENCE.search(text) else None


def _is_link_line(line: str) -> bool:
    """A headline-like line: a link to another story (no full stop, not a clause or a subhead)."""
    return (
        8 <= len(line) <= 40
        and not _SENTENCE.search(line)
        and not line.endswith(("，", ",", "；", ";", "：", ":", "、"))
    )


def _link_run(lines: list[str], start: int, run: int = 3, after: int = 6) -> bool:
    """Three headline-like lines with no running text soon after them (captions and short
    phrases inside an article are followed by more of it)."""
    window = lines[start : start + run]
    return (
        len(window) == run
        and all(_is_link_line(line) for line in window)
        and not any(_SENTENCE.search(line) for line in lines[start + run : start + run + after])
    )


def _bullet_list(line: str) -> bool:
    """ "·A ·B ·C": several story links printed on one line."""
    return line.count("·") >= 3 and "。" not in line


def _dated_run(lines: list[str], start: int, run: int = 2) -> bool:
    window = lines[start : start + run]
    return len(window) == run and all(
        len(line) <= 80 and _DATED.search(line) and not _SENTENCE.search(line) for line in window
    )


def trim_body(
    lines: Sequence[str], title: str | None, blocks: Sequence[Block] = (), headline: int | None = None
) -> list[str]:
    """The article's own lines, following the module docstring."""
    out = list(lines)
    if headline is not None and blocks:
        out = out[_above_headline(out, blocks, headline) :]
    start = next((i for i, line in enumerate(out) if is_substantial(line)), 0)
    while start > 0 and _reads_as_text(out[start - 1]):
        start -= 1  # short lines of running text (WeChat's one phrase per line) start earlier
    out = [line for line in out[:start] if _SENTENCE.search(line) and compact(line) != compact(title)] + out[start:]
    kept: list[str] = []
    for index, line in enumerate(out):
        line = _ORIGINAL_TITLE.sub("", line).strip()
        if not line:
            continue
        row = _table_row(line)
        if row is None or _DROP_LINE.search(line) or _bullet_list(row):
            continue
        if kept and (is_end_label(row) or _END_LINE.search(row) or _dated_run(out, index) or _link_run(out, index)):
            break
        cut = _DISCLAIMER.search(row)
        if cut:
            head = row[: cut.start()].strip()
            if head and _SENTENCE.search(head):
                kept.append(head)
            if kept:
                break
            continue
        kept.append(row)
    return kept
