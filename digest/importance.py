"""Importance of an event in its section: outlets reporting it, level of the acting body, date.

The level is inferred from the participants (government bodies first: 国务院 / 部委 / 国家… →
national, …省 / 自治区 / 直辖市 → provincial, …市 / 州 → city, …区 / 县 → district) and, when
no participant tells, from the granularity of the event's region. Pure functions over data.
"""

from __future__ import annotations

import re
from datetime import date
from enum import IntEnum

from schemas import Event, ParticipantKind


class Level(IntEnum):
    """Level of the acting body; a lower value is more important."""

    national = 0
    provincial = 1
    city = 2
    district = 3
    unknown = 4


LEVEL_LABELS = {
    Level.national: "国家级",
    Level.provincial: "省级",
    Level.city: "市级",
    Level.district: "区县级",
    Level.unknown: "",
}

# Bodies of the central government, by prefix or by (abbreviated) name.
_NATIONAL_PREFIXES = ("国务院", "国家", "中共中央", "中央", "全国人大", "全国政协", "中国人民银行", "最高人民")
_NATIONAL_NAMES = frozenset(
    {
        "工信部", "工业和信息化部", "发改委", "国家发改委", "财政部", "商务部", "科技部", "科学技术部",
        "教育部", "公安部", "司法部", "民政部", "人社部", "人力资源和社会保障部", "自然资源部",
        "生态环境部", "住建部", "住房和城乡建设部", "交通运输部", "水利部", "农业农村部",
        "文化和旅游部", "国家卫健委", "卫健委", "应急管理部", "审计署", "海关总署", "税务总局",
        "市场监管总局", "国家市场监督管理总局", "央行", "人民银行", "证监会", "中国证监会",
        "银保监会", "中国银保监会", "网信办", "国家网信办", "外汇局", "统计局", "国资委",
        "中央网信办", "工业和信息化部办公厅",
    }
)
_NATIONAL_PATTERN = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:部|部门|总局|署)$")  # 十七部门, 财政部, 海关总署
# 中国证券监督管理委员会, 中国银行保险监督管理委员会
_CENTRAL_BODY = re.compile(r"^中国[\u4e00-\u9fff]{2,12}(?:委员会|总局|管理局|部|署|办公室|人民银行)$")
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
_ADMIN_SUFFIX = re.compile(r"省|自治区|特别行政区|自治州|市|地区|盟|区|县|旗")
_SUFFIX_LEVEL = {
    "省": Level.provincial, "自治区": Level.provincial, "特别行政区": Level.provincial,
    "自治州": Level.city, "市": Level.city, "地区": Level.city, "盟": Level.city,
    "区": Level.district, "县": Level.district, "旗": Level.district,
}
_HEAD_CHARS = 10


def body_level(name: str) -> Level:
    """The level of one government body from its name ('' or a company → unknown).

    The last administrative suffix near the start decides: 贵州省大数据发展领导小组 → provincial,
    济南市人民政府 → city, 深圳市龙华区人民政府 → district; 北京市 / 上海市… are provincial.
    """
    text = name.strip()
    if not text:
        return Level.unknown
    if text in _NATIONAL_NAMES or text.startswith(_NATIONAL_PREFIXES):
        return Level.national
    head = text.replace("区块链", "___")[:_HEAD_CHARS]
    matches = list(_ADMIN_SUFFIX.finditer(head))
    if matches:
        last = matches[-1]
        if last.group() == "市" and head[: last.start()] in _MUNICIPALITIES:
            return Level.provincial
        return _SUFFIX_LEVEL[last.group()]
    if _NATIONAL_PATTERN.match(text) or _CENTRAL_BODY.match(text):
        return Level.national
    return Level.unknown


_GOVERNMENT_NAME = re.compile(
    r"人民政府|政府|办公厅|委员会|管理局|领导小组|部门$|总局$|^[\u4e00-\u9fff]{1,8}(?:省|市|区|县)(?:委)?$"
)


def _is_government(kind: ParticipantKind, name: str) -> bool:
    """A government body, by its kind or (when the extractor left kind `other`) by its name."""
    if kind == ParticipantKind.government:
        return True
    if kind != ParticipantKind.other:
        return False
    return bool(_GOVERNMENT_NAME.search(name)) or name in _NATIONAL_NAMES or name.startswith(_NATIONAL_PREFIXES)


def region_level(event: Event) -> Level:
    region = event.region
    if region is None or region.is_empty():
        return Level.unknown
    if region.district:
        return Level.district
    if region.city:
        return Level.city
    return Level.provincial


def event_level(event: Event) -> Level:
    """The highest level among the event's government participants, else its region's granularity."""
    levels = [
        body_level(p.normalized or p.name)
        for p in event.participants
        if _is_government(p.kind, p.normalized or p.name)
    ]
    known = [level for level in levels if level != Level.unknown]
    if known:
        return min(known)
    return region_level(event)


def importance_key(event: Event, day: date | None) -> tuple[int, int, int, str]:
    """Sort key, most important first: more outlets, higher level, earlier date, then id."""
    ordinal = day.toordinal() if day is not None else date.max.toordinal()
    return (-event.corroboration, int(event_level(event)), ordinal, event.id)
