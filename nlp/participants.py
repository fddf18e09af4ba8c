"""The participants step: the rule's name phrases → normalised actors of the event.

Referents are resolved (区里 → 江夏区, 该公司 → its name), aliases the article defines expanded
(星衡智算 → 深圳星衡智算科技有限公司), unresolved pronouns and the object itself dropped, a name
contained in another one of the same event dropped (武汉 beside 武汉市). A policy (or a
government's own body) with no named issuer is issued by the place its title opens with.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp import orgs, regions
from nlp.arguments import REFERENTS, SCOPE_OPENING, Phrase, clean_name
from nlp.gov_names import split_joint_bodies, with_context_place
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Participant

_GOV_BODY = re.compile(r"(领导小组|工作组|工作专班|指挥部|委员会)$")  # 成立武汉市…领导小组: the city's own body
_BARE = re.compile(r"^(研究院|研究所|实验室|联盟|协会|中心|公司|集团|该公司|该院|学会|本公司|该局|该委|该部|该厅"
                   r"|该行)$")
# 理事长张平文院士, 科技部基础研究司副司长周文, 企业代表邹今检: a person described by office, who speaks
# or attends for a body; the body (named apart when it acts) is the participant, not this phrase
_PERSON_WITH_TITLE = re.compile(
    r"(?:理事长|副?司长|副?主席|董事长|总经理|总裁|副?书记|副?市长|副?省长|副?区长|院士|教授|代表|副?主任|副?局长|"
    r"副?部长|首席[^\s]{0,4}官|创始人|负责人|秘书长|巡视员|记者)[\u4e00-\u9fff]{0,3}$|(?:先生|女士)$"
    r"|^(?:理事长|院士|教授|代表|记者|市县领导|省领导|市领导)"
)
# a name running on into a time word or an adverb (张平文今年, 杭州首次, 国家发展改革委有关司局近日组织…), or
# ending in a count of bodies (科技部三部委: the last of three): the name before it
_RUN_ON = re.compile(
    r"(?:有关|相关)?(?:司局|部门|负责人)?(?:近日|日前|今日|昨日|今天|近期|今年|去年|此前|目前|首次|率先)[\u4e00-\u9fff]*$"
    r"|(?:有关|相关)(?:司局|部门|单位|负责人)[\u4e00-\u9fff]*$"
    r"|(?<=.{2})[一二三四五六七八九十两多\d]+个?(?:部委|部门|省市|单位)$"
)
# 现场丰台区 / 与链博会: a word of the sentence glued to the front of a name
_LEAD_WORD = re.compile(r"^(?:现场|会上|期间|当天|与|和|同|跟|及|由|对|向|据|获|经)(?=[\u4e00-\u9fff]{2,})"
                        r"|^[（(“\"]+|^[^—]{1,8}—(?=[\u4e00-\u9fff]{2,})")  # （跨境清算公司 / 营运机构—跨境银行…
_UNCLOSED_NOTE = re.compile(r"(?<=[\u4e00-\u9fff]{4})[（(][^（()）]{1,12}$")
_TRAILING_COUNT = re.compile(r"(?<=[\u4e00-\u9fff]{2})\d+$")  # 重庆15 (个项目): the count after a place
# 工信部消息 / 广东金融监管局最新信息: a source of the news; …推介会现场 / …大会: the occasion, not an actor
_NOT_AN_ACTOR = re.compile(r"(?:消息|最新信息|官网|网站|公众号|显示)$|^(?:发行|开展|建设|推进|实施|推动|加强|购买)"
                           r"|^(?:大型|部分|相关|有关|重点|主要|多家|各类|广大|各地|其他)"
                           r"|(?:大会|推介会|研讨会|博览会|交流会|对接会|洽谈会|年会|论坛|峰会)(?:现场|上|期间)?$")
# a person who promotes or steers what others do (推动, 促成, 带领) is not one of its actors
_CAUSER_AFTER = re.compile(r"(?:今年|近年|此前|多年来|亲自|积极|大力|一直)?(?:推动|促成|推进|助推|带领|引导|协调|牵线)")
# 吉林省省长胡玉亭: a person acting in office for the body named before the title
_HEAD_OF_GOVERNMENT = re.compile(r"(?:副)?(?:省长|市长|区长|县长|州长)")
_ACTS_FOR_OFFICE = re.compile(r"(?:省长|市长|区长|县长|书记|主任|部长|局长|厅长|董事长|总经理|总裁|院长|主席|行长)$")
# 三部委, 多部门, 4省市, 10家企业, 广州都市圈四市: a count of bodies, named one by one elsewhere
_COLLECTIVE = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}?)?[一二三四五六七八九十两多几数\d]+(?:个)?"
                         r"(?:部委|部门|省市|省份|城市|家企业|家机构|市|地)$")
# 中国工业与应用数学学会数学促进…论坛 / 深圳市七届人大二次会议: the body holding a meeting named in its title
_ORGANISER_IN_NAME = re.compile(r"^(.{2,20}?(?:学会|协会|研究院|联合会|商会|促进会|大学|集团|联盟))(?=.{4,})")
_BRAND_EDITION = re.compile(r"^([\u4e00-\u9fffA-Za-z]{2,8}?)(?:19|20)\d{2}(?:年)?[\u4e00-\u9fff]{2,}")
# a world, national or numbered event names no host before its year
_EDITION = r"(?:第?[一二三四五六七八九十\d]+届)?"
_CONGRESS_IN_NAME = re.compile(rf"^{_EDITION}(.{{2,12}}?[省市区县]|全国){_EDITION}"
                               r"(人大常委会|人民代表大会常务委员会|人民代表大会|人大|政协)")
_PLACE_REF = {"区": ("区里", "我区", "本区", "该区", "全区"), "市": ("市里", "我市", "本市", "该市", "全市"),
              "省": ("省里", "我省", "本省", "该省", "全省"), "县": ("县里", "我县", "本县", "该县", "全县")}


def participants_of(
    etype: str, obj: str | None, phrases: list[Phrase], start: int, text: str, aliases: dict[str, str]
) -> list[Participant]:
    """Actors of an event of type `etype` and object `obj` whose sentence starts at `start` of `text`."""
    out: list[Participant] = []
    reporter = reporting_company(text)
    phrases = _distributed(_rejoined(phrases, text), text)
    for phrase, written in ((p, n) for p in phrases for n in split_joint_bodies(p.text)):
        core = _RUN_ON.sub("", written)
        if phrase.end >= 0 and _CAUSER_AFTER.match(text, phrase.end) and 2 <= len(core) <= 4 \
                and orgs.kind_of(core, phrase.tag).value in ("person", "other"):
            continue  # 张平文今年推动…学会的基地落户长沙: the person who brought it about is no party to it
        before = phrase.start if phrase.start >= 0 else start
        name = _resolve_place_ref(_LEAD_WORD.sub("", written), text, before)  # 获省国资委同意: 省国资委
        if name.startswith(("省", "市", "区", "县")):  # 省政府 / 市财政局: the province or city named before
            named_before = [m for m in regions.find_places(text[:before]) if m.end <= before]
            # …or, when the report opens with it, the place named after it (市政府新闻办…发布…4项太原市地方标准)
            named_after = regions.find_places(text[before:before + 300])[::-1]  # the nearest one last
            name = with_context_place(name, named_before or named_after)
        if name in _SELF and reporter:
            name = reporter  # 公司已与…签署: the listed company the report is about
        name = _resolve_bare(name, text, start)
        name = _TRAILING_COUNT.sub("", _RUN_ON.sub("", _LEAD_WORD.sub("", name)))
        name = _UNCLOSED_NOTE.sub("", name)  # 华夏支付清算有限责任公司（华夏清算公司: the name before its short form
        name = orgs.expand_alias(name, aliases)
        if name != written:
            name = clean_name(name)  # a resolved referent may carry a descriptor (服务商江城链科…)
        if name.count("“") != name.count("”"):  # 光之城”文旅: a piece of a quoted name, no actor
            continue
        if name in REFERENTS or _BARE.match(name) or not name or _PERSON_WITH_TITLE.search(name) \
                or _COLLECTIVE.match(name) or _NOT_AN_ACTOR.search(name) \
                or _ACTS_FOR_OFFICE.search(text[max(0, before - 3):before]):
            continue
        if phrase.end >= 0 and _HEAD_OF_GOVERNMENT.match(text, phrase.end) and _is_place(name):
            name += "人民政府"  # 吉林省省长胡玉亭主持召开…: the governor acts for the province's government
        p = orgs.participant(name, phrase.tag)
        if p.normalized == obj or any(p.normalized == q.normalized for q in out):
            continue
        if obj and len(obj) >= 4 and obj in p.normalized:  # 区块链产业园星沙区块链产业园: the object, not an actor
            continue
        out.append(p)
    if not out and etype == "meeting" and obj:
        host = _organiser_in_name(obj)
        if host:
            out.append(orgs.participant(host))
    own_body = etype == "establishment" and obj is not None and _GOV_BODY.search(obj)
    if not out and (etype == "policy_release" or own_body) and obj is not None:
        issuer = _issuing_place(obj)  # 《云南省数字经济发展三年行动方案》: the province's own plan
        if issuer:
            out.append(orgs.participant(issuer, "ns"))
    return drop_contained(out)


_NAME_TAIL = re.compile(r"^(?:科技|技术|网络|信息|智能|数字|电子|能源|股份|控股|集团|实业|投资|发展)?"
                        r"(?:有限责任公司|股份有限公司|有限公司|集团|研究院)$")


def _distributed(phrases: list[Phrase], text: str) -> list[Phrase]:
    """广州、佛山、肇庆、清远四市住房公积金管理中心: one body name shared by the places listed before it (with their
    count and level) is each place's own body; the phrases read inside that stretch give way to them."""
    out = list(phrases)
    for phrase in phrases:
        if phrase.start < 0:
            continue
        window_start = max(0, phrase.start - 40)
        for m in _SHARED_BODY.finditer(text, window_start, phrase.end + 40):
            if not (m.start() <= phrase.start < m.end()):
                continue
            places = re.split(r"[、和及与]", m.group("places"))
            if len(places) < 2:
                continue
            level = m.group("level")
            shared = [Phrase(p if p.endswith(level) else p + level, m.start(), m.end()) for p in places]
            shared = [Phrase(p.text + m.group("body"), p.start, p.end) for p in shared]
            out = [q for q in out if not (m.start() <= q.start < m.end())]
            out += [p for p in shared if all(p.text != q.text for q in out)]
            return out
    return out


_COUNT = r"[两三四五六七八九十\d]+"
# places listed, their count and level, one body name: 广州、佛山、肇庆、清远四市住房公积金管理中心
_SHARED_BODY = re.compile(r"(?P<places>[\u4e00-\u9fff]{2,4}(?:[、和及与][\u4e00-\u9fff]{2,4}){1,9})" + _COUNT
                          + r"(?P<level>市|省|区|县)"
                          + r"(?P<body>[\u4e00-\u9fff]{2,16}?(?:局|委|委员会|中心|厅|办公室|政府))")


def _rejoined(phrases: list[Phrase], text: str) -> list[Phrase]:
    """北京字节 + 跳动 + 科技有限公司: pieces of one company name the segmenter split, joined again."""
    out: list[Phrase] = []
    for phrase in phrases:
        prev = out[-1] if out else None
        gap = text[prev.end:phrase.start] if prev is not None and 0 <= prev.end <= phrase.start else None
        if prev is not None and gap is not None and len(gap) <= 3 and _NAME_TAIL.match(phrase.text) \
                and not re.search(r"[与和及、，。；：\s（）()“”]", gap):
            out[-1] = Phrase(text[prev.start:phrase.end], prev.start, phrase.end, phrase.tag)
        else:
            out.append(phrase)
    return out


def _organiser_in_name(name: str) -> str | None:
    """The body a meeting's own name starts with, when it names its host."""
    congress = _CONGRESS_IN_NAME.match(name)
    if congress:
        body = {"人大": "人民代表大会", "人大常委会": "人民代表大会常务委员会", "政协": "政协"}.get(
            congress.group(2), congress.group(2))
        if body == "政协":
            return None
        # 十四届全国人大常委会…会议: the national congress, no place to normalise
        return ("全国" if congress.group(1) == "全国" else orgs.normalize_name(congress.group(1))) + body
    found = _ORGANISER_IN_NAME.match(name)
    if found:
        return found.group(1)
    edition = _BRAND_EDITION.match(name)  # 华为2025开发者大会 / 苹果2019秋季发布会: the brand's own event
    if edition and not _place_opening(name) and not SCOPE_OPENING.match(name):
        return edition.group(1)
    place = _place_opening(name)  # 徐州市作风效能建设大会: the city's own meeting
    return place if place and len(name) >= len(place) + 4 else None


def _is_place(name: str) -> bool:
    """Is `name` a place written with its level and nothing more (吉林省, 武汉市, 江夏区)?"""
    return _place_opening(name) == name


def _place_opening(name: str) -> str | None:
    """The province, city or district a name opens with, written with its level (徐州市, 江苏省, 江夏区)."""
    place = regions.opening_place(name[:12])
    if place is None or not re.search(r"[省市区县州盟]$", name[: place.end]):
        return None
    return name[: place.end]


def drop_contained(participants: list[Participant]) -> list[Participant]:
    """Drop a name that only begins a longer one of the same event (武汉 beside 武汉市, 中国工业 beside
    中国工业与应用数学学会)."""
    keys = [re.sub(r"(省|市|区|县)$", "", q.normalized) for q in participants]
    full = [len(q.normalized) for q in participants]
    return [q for i, q in enumerate(participants)
            if not any(j != i and ((len(keys[j]) > len(keys[i]) and keys[j].startswith(keys[i]))
                                   or (keys[j] == keys[i] and (full[j], -j) > (full[i], -i)))  # 丰台 beside 丰台区
                       for j in range(len(participants)))]


def _issuing_place(title: str) -> str | None:
    try:
        places = regions.find_places(title[:12])
    except Exception:  # pragma: no cover
        return None
    if not places or places[0].start != 0:
        return None
    region = places[0].region
    return region.district or region.city or region.province


def _resolve_place_ref(name: str, text: str, before: int) -> str:
    """区里 / 我市 / 该省: the nearest district / city / province named before `before`."""
    level = next((lv for lv, words in _PLACE_REF.items() if name in words), None)
    if level is None:
        return name
    try:
        places = [m for m in regions.find_places(text[:before]) if m.end <= before]
    except Exception:  # pragma: no cover - gazetteer trouble never stops extraction
        return name
    key = {"区": "district", "县": "district", "市": "city", "省": "province"}[level]
    for place in reversed(places):
        value = getattr(place.region, key)
        if value and (key != "district" or value.endswith(level)):
            return value if key != "district" else ((place.region.city or "") + value)
    return name


_SELF = ("公司", "本公司", "该公司")
# 【首航新能：…】 / 首航新能(301658.SZ)公告: the company a company-news report is about
_REPORTER = re.compile(r"^【([^：:】\s，]{2,12})[：:]|([\u4e00-\u9fffA-Za-z]{2,12}?)\s*[（(]\d{6}\.(?:SH|SZ|BJ)[)）]"
                       # 财联社6月30日电，比亚迪公告，公司与…: a company's own announcement
                       # (…，海康威视6月4日晚间公告，: its date and the time of day between)
                       r"|(?:^|电|[，。】])([\u4e00-\u9fffA-Za-z]{2,12}?)(?:\d{1,2}月\d{1,2}日)?(?:晚间|早间|午间|盘后)?"
                       r"(?:发布)?公告(?:称|显示)?[，,：:]")
_REPORTER_CODE = re.compile(r"\d{6}\.(?:SH|SZ|BJ)[)）]")


@lru_cache(maxsize=32)  # asked once per event of the article; the search costs more than its events' other work
def reporting_company(text: str) -> str | None:
    """The listed company a report is about, from its 【X：…】 headline or its first stock code."""
    head = text[:300]
    if not head.startswith("【") and not _REPORTER_CODE.search(head) and "公告" not in head:
        return None  # what a match must hold is not there (the search tries 11 name lengths at each character)
    m = _REPORTER.search(head)
    if not m:
        return None
    name = m.group(1) or m.group(2) or m.group(3)
    if name in _SELF or name.startswith(("据", "该", "本")):
        return None  # 据公告 / 该公司公告: no name of its own
    return None if orgs.kind_of(name).value == "government" else name


def _resolve_bare(name: str, text: str, before: int) -> str:
    """A bare suffix (研究院) refers to the last full name with that suffix earlier in the text."""
    if not _BARE.match(name):
        return name
    suffix = name.removeprefix("该")
    found = None
    for m in re.finditer(r"[\u4e00-\u9fff]{2,14}?" + re.escape(suffix), text[:before]):
        candidate = m.group()
        candidate = re.sub(r"^.*?(?:，|、|的|了|在|与|和|由)", "", candidate)
        if len(candidate) > len(suffix) + 1:
            found = candidate
    return found or name


def participants_step(state: ArticleState) -> None:
    text = state.text
    aliases = orgs.aliases_in(text)
    for draft in state.drafts:
        obj = draft.object.text if draft.object else None
        draft.event.participants = participants_of(draft.type, obj, draft.phrases, draft.sentence_start, text, aliases)


@register("eventline.participants.v1", requires=("article", "drafts"), assigns=("drafts.participants",))
def make_participants_step() -> Step:
    return participants_step
