"""Article → events: the ordered pipeline of registered components and the argument resolution.

`PIPELINE` is the one place that states which components run, in which order. For each
article: effective date (`dates.infer_anchor`, repost detection) → HanLP `Doc` → every event
rule → modality → date (nearest clause-leading expression; the article anchor only for 今日 /
a dateline lead) → participants (`orgs`) → region (`regions.event_region`) → in-article
de-duplication → section → headline and summary → ids (last, once every field is final).

Performance design (see also `nlp.analyzer`): `analyze_articles` analyses only the sentences a
trigger prefilter selects (`trigger_filter`, built from the rules' own patterns), in batches of
~20k characters whose HanLP segmentation overlaps with the rules of the previous batch, inside a
spaCy memory zone so a long-running process does not grow its vocabulary. Rules run first: an
article without a candidate costs no date, place or alias work. Per-match steps read their clause
or sentence, not the whole Doc (what reads the text before a mention, to resolve 该公司 or 区里,
runs at most `MAX_EVENTS_PER_ARTICLE` times); in-article de-duplication copies each kept event
once; the cross-article merge compares only events of one type and a compatible year. Extraction
time grows linearly with the text length (`tests/nlp/test_performance.py`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date

from spacy.tokens import Doc

import nlp.events
from nlp import dates, orgs, regions, registry
from nlp.analyzer import TriggerFilter, iter_batches, shared_vocab
from nlp.arguments import REFERENTS, clean_name
from nlp.gov_names import split_joint_bodies, with_context_place
from nlp.events.base import Candidate
from nlp.headline import headline_for, summary_for
from nlp.merge import GENERIC_OBJECTS, dates_compatible, same_fact
from nlp.modality import modality_of
from nlp.non_events import non_event_reason
from nlp.sections import section_for
from schemas import Article, Event, EventDate, EventType, Mention, Modality, Participant, compute_event_id

logger = logging.getLogger(__name__)

PIPELINE: tuple[str, ...] = nlp.events.RULE_NAMES  # one rule per vocabulary type, in its order

MAX_EVENTS_PER_ARTICLE = 200  # beyond this a "text" is a dump, not an article; keeps dedupe quadratic cost bounded
_rules: list | None = None  # type: ignore[type-arg]
_DATELINE = re.compile(r"(\d{1,2}月\d{1,2}日)\s*(电|讯|消息)")
_ANAPHORIC = re.compile(
    r"^\s*(会上|会议上|会议期间|活动中|活动上|仪式上|现场|当天|当日|同日|此次|本次|期间|其中|同时"
    r"|[\u4e00-\u9fff]{1,4}(当天|当日|期间|现场|仪式上|式上)"
    r"|(大会|会议|论坛|峰会|活动|博览会|开幕式)(上|期间|现场|还|同期|中))"
)
_SAME_DAY = re.compile(r"同日|同一日|同一天|当日|当天|是日")
_DIGEST_LEAD = re.compile(r"《新闻联播》|主要内容有[:：]|要闻\d+条|新闻早班车|早间要闻")
_CLAUSE_LEAD = set("，。；;：:、 \n）)|")


def rules() -> list:  # type: ignore[type-arg]
    global _rules
    if _rules is None:
        _rules = [registry.get(name)() for name in PIPELINE]
    return _rules


# ------------------------------------------------------------------------------------ articles
def extract_docs(articles: Sequence[Article], docs: Sequence[Doc], include_planned: bool = False) -> list[Event]:
    out: list[Event] = []
    for article, doc in zip(articles, docs, strict=True):
        try:
            out += events_of(article, doc, include_planned=include_planned)
        except Exception:  # one bad article never stops a batch
            logger.exception("extraction failed for article %s", article.id)
    return out


def analyze_articles(articles: Iterable[Article], include_planned: bool = False) -> list[Event]:
    batch = list(articles)
    prefilter = trigger_filter()  # builds the rules: their Matcher keys must outlive the zone below
    # strings and lexemes the batch's Docs add to the shared vocabulary (every unseen word, every
    # skipped stretch) are freed when the batch is done: a long-running process stays flat
    with shared_vocab().memory_zone():
        events: list[Event] = []
        done = 0
        # batches of ~20k characters: HanLP segments the next one while the rules run on this one
        for docs in iter_batches([a.text for a in batch], prefilter=prefilter):
            events += extract_docs(batch[done:done + len(docs)], docs, include_planned=include_planned)
            done += len(docs)
        return events


_trigger_filters: dict[tuple[int, ...], TriggerFilter | None] = {}


def trigger_filter() -> TriggerFilter | None:
    """The trigger prefilter for the rules of `PIPELINE`: only sentences holding one of their
    anchors are analysed. None (analyse whole texts) when a rule has no literal anchor or the
    environment sets `EVENTLINE_PREFILTER=0` (to compare outputs, or to debug a rule)."""
    current = rules()
    if os.environ.get("EVENTLINE_PREFILTER", "1") == "0":
        return None
    key = tuple(id(rule) for rule in current)
    if key not in _trigger_filters:
        anchors: set[str] = set()
        for rule in current:
            found = rule.anchors() if hasattr(rule, "anchors") else None
            if found is None:
                _trigger_filters[key] = None
                break
            anchors |= found
        else:
            _trigger_filters[key] = TriggerFilter(anchors)
    return _trigger_filters[key]


def candidates_of(doc: Doc) -> list[Candidate]:
    """Every rule of `PIPELINE` on the Doc, ceremonies folded, capped at `MAX_EVENTS_PER_ARTICLE`."""
    candidates: list[Candidate] = []
    for rule in rules():
        candidates += rule(doc)
    return _suppress_ceremonies(candidates)[:MAX_EVENTS_PER_ARTICLE]


def anchor_of(article: Article) -> date | None:
    """The article's effective date; from the text alone when it has no `published_at`.

    None when neither the article nor its text states a date: relative expressions (21日, 近日)
    then resolve to unknown, while absolute ones (2021年3月5日) keep their value (`_mentions_of`).
    """
    published = article.published_at.date() if article.published_at is not None else None
    try:
        return dates.infer_anchor(article.text, published)
    except ValueError:  # no published date and no year in the text
        return published
    except Exception:
        logger.exception("infer_anchor failed for %s", article.id)
        return published


_ABSOLUTE = re.compile(r"(?:19|20)\d{2}\s*年|(?:19|20)\d{2}[-/.]\d{1,2}")
_NO_ANCHOR = date(1900, 1, 1)  # placeholder anchor; relative results computed against it are dropped


def _mentions_of(text: str, anchor: date | None) -> list[dates.DateMention]:
    """Date mentions of the text; without an anchor only absolute ones (with a stated year) count."""
    if anchor is not None:
        return dates.find_dates_in_text(text, anchor)
    found = dates.find_dates_in_text(text, _NO_ANCHOR)
    return [m if _ABSOLUTE.search(m.expression) else dates.DateMention(None, "unknown", m.expression, m.start, m.end)
            for m in found]


def events_of(article: Article, doc: Doc, include_planned: bool = False) -> list[Event]:
    """The (unmerged) events of one analysed article."""
    text = article.text
    if _DIGEST_LEAD.search((article.title or "") + text[:200]):
        return []  # a broadcast digest (《新闻联播》主要内容有：1、…) retells headlines of other reports
    candidates = candidates_of(doc)
    if not candidates:  # most sentences, many articles: no trigger matched, nothing more to compute
        return []
    anchor = anchor_of(article)
    mentions = _mentions_of(text, anchor)
    dateline = _dateline(text, mentions)
    context = (article.title or "") + "\n" + text[:3000]
    aliases = orgs.aliases_in(text)
    events: list[Event] = []
    for cand in candidates:
        sent = cand.sentence
        s_text = sent.text
        t_start = cand.trigger.start_char - sent.start_char
        modality = modality_of(s_text, t_start, t_start + len(cand.trigger.text), cand.type)
        if modality == Modality.asserted and cand.rule_id != "policy_release.title_states" and _document_content(
            text, sent.start_char
        ):
            modality = Modality.planned  # what a document says should happen is not an event
        if modality != Modality.asserted and not include_planned:
            continue
        if non_event_reason(s_text, t_start, t_start + len(cand.trigger.text), cand.type, bool(cand.participants)):
            continue
        event_date = _date_for(cand, mentions, dateline, anchor)
        if modality == Modality.asserted and _after_anchor(event_date, anchor):
            modality = Modality.planned  # 会议将于6月23日举行 told on 6月16日: not yet happened
            if not include_planned:
                continue
        participants = _participants_of(cand, text, aliases)
        region = None
        try:
            region = regions.event_region(s_text, _place_holders(cand, participants), context)
        except Exception:
            logger.exception("event_region failed in %s", article.id)
        mention = Mention(
            article_id=article.id, url=article.url, source=article.source, title=article.title,
            published_at=article.published_at, sentence=s_text, start=sent.start_char, end=sent.end_char,
        )
        obj = cand.object.text if cand.object else None
        events.append(
            Event(
                id="pending",
                type=EventType(cand.type),
                date=event_date,
                region=region if region is not None and not region.is_empty() else None,
                participants=participants,
                object=obj,
                trigger=cand.trigger.text,
                modality=modality,
                confidence=cand.confidence,
                reported_on=anchor,
                mentions=[mention],
            )
        )
    events = dedupe_in_article(events)
    for event in events:
        event.section = section_for(event, text)
        event.headline = headline_for(event)
        event.summary = summary_for(event)
        event.id = compute_event_id(event)
    return events


# ------------------------------------------------------------------------------------ dates
def _after_anchor(when: EventDate, anchor: date | None) -> bool:
    """Does the event date lie after the article's own date (at its precision)? Then it is announced."""
    if anchor is None or when.value is None:
        return False
    if when.precision == "day":
        return (when.value - anchor).days > 1
    if when.precision == "month":
        return (when.value.year, when.value.month) > (anchor.year, anchor.month)
    return when.precision == "year" and when.value.year > anchor.year


def _dateline(text: str, mentions: list[dates.DateMention]) -> dates.DateMention | None:
    m = _DATELINE.search(text[:120])
    if not m:
        return None
    for mention in mentions:
        if mention.start >= m.start(1) and mention.end <= m.end(1) and mention.value is not None:
            return mention
    return None


def _date_for(
    cand: Candidate, mentions: list[dates.DateMention], dateline: dates.DateMention | None, anchor: date | None
) -> EventDate:
    s0, s1 = cand.sentence.start_char, cand.sentence.end_char
    trig = cand.trigger.start_char
    inside = [m for m in mentions if s0 <= m.start and m.end <= s1 and m.value is not None]
    if dateline is not None:
        inside = [m for m in inside if not (m.start == dateline.start and m.end == dateline.end)]
    text = cand.sentence.doc.text
    # a year inside a 《title》 (《2023年度…名单》) or a deadline (至2027年6月30日止) dates no event
    inside = [m for m in inside if text[s0:m.start].count("《") <= text[s0:m.start].count("》")
              and text[max(s0, m.start - 2):m.start] not in ("截至", "截止")
              and text[m.start - 1:m.start] not in ("至", "到", "占")]  # 到2030年 / 占2025年营收: no act dated
    before = [m for m in inside if m.start < trig]
    leading = [m for m in before if m.start == s0 or text[m.start - 1] in _CLAUSE_LEAD or text[m.end:m.end + 1] in "，,、"]  # noqa: E501
    pick = None
    if leading:
        pick = leading[-1]
    elif before:
        pick = before[-1]
    else:
        # after the trigger only a day or month dates the act (签署…合同，占2025年营收 / 暨三季度…会议: no date)
        after = [m for m in inside if m.start >= trig and m.precision in ("day", "month")
                 and text[m.end:m.end + 1] != "起" and text[m.start - 1:m.start] != "自"]  # 自9月1日起施行
        pick = after[0] if after else None
    if pick is None and _SAME_DAY.search(text[s0:trig]):  # 同日 / 也是在同一日 / 当天: the day told last
        earlier = [m for m in mentions if s0 - 1500 <= m.start < s0 and m.precision == "day" and not m.is_vague]
        pick = earlier[-1] if earlier else None
    if pick is None and _ANAPHORIC.match(text[s0:s1]):  # 会上 / 活动中: the date of the occasion just told
        line_start = text.rfind("\n", 0, s0) + 1
        earlier = [m for m in mentions if line_start <= m.start < s0 and m.value is not None and not m.is_vague]
        para_end = line_start
        for _ in range(3):  # the occasion was told in a paragraph before (the lead)
            if earlier or para_end <= 0:
                break
            prev_start = text.rfind("\n", 0, max(para_end - 1, 0)) + 1
            earlier = [m for m in mentions if prev_start <= m.start < para_end and m.value is not None
                       and not m.is_vague and m.precision == "day" and (dateline is None or m.start != dateline.start)]
            earlier = earlier[:1]
            para_end = prev_start
        pick = earlier[-1] if earlier else None
    if pick is None and dateline is not None:
        pick = dateline
    if pick is None or pick.value is None or pick.precision not in ("day", "month", "year"):
        return EventDate()
    return EventDate(value=pick.value, precision=pick.precision, expression=pick.expression)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------ clean-up
_CONTENT_CUE = re.compile(
    r"^(?:[^，。]{0,12}?(?:通知|意见|方案|计划|规划|办法|措施|文件|《[^》]{1,60}》))(?:表示|提出|指出|明确|要求|强调|称|显示)"
)


def _document_content(text: str, start: int) -> bool:
    """Is this sentence part of what a document says (通知表示 … in the same paragraph)?"""
    line_start = text.rfind("\n", 0, start) + 1
    para = text[line_start:start]
    sentences = [x for x in re.split(r"(?<=[。！？])", para) if x.strip()]
    own_end = text.find("。", start)
    own = text[start: own_end if own_end >= 0 else len(text)]
    return any(_CONTENT_CUE.match(x.strip()) for x in [*sentences, own])

_GOV_BODY = re.compile(r"(领导小组|工作组|工作专班|指挥部|委员会)$")  # 成立武汉市…领导小组: the city's own body
_BARE = re.compile(r"^(研究院|研究所|实验室|联盟|协会|中心|公司|集团|该公司|该院|学会|本公司)$")
_PLACE_REF = {"区": ("区里", "我区", "本区", "该区", "全区"), "市": ("市里", "我市", "本市", "该市", "全市"),
              "省": ("省里", "我省", "本省", "该省", "全省"), "县": ("县里", "我县", "本县", "该县", "全县")}


def _participants_of(cand: Candidate, text: str, aliases: dict[str, str]) -> list[Participant]:
    """Normalised actors of a candidate: referents resolved (区里 → 江夏区, 该公司 → its name), aliases
    expanded (星衡智算 → 深圳星衡智算科技有限公司), unresolved pronouns and the object itself dropped,
    a name contained in another one of the same event dropped (武汉 beside 武汉市)."""
    obj = cand.object.text if cand.object else None
    start = cand.sentence.start_char
    out: list[Participant] = []
    for phrase, written in ((p, n) for p in cand.participants for n in split_joint_bodies(p.text)):
        before = phrase.start if phrase.start >= 0 else start
        name = _resolve_place_ref(written, text, before)
        if name.startswith(("省", "市", "区", "县")):  # 省政府 / 市财政局: the province or city named before
            name = with_context_place(name, [m for m in regions.find_places(text[:before]) if m.end <= before])
        name = _resolve_bare(name, text, start)
        name = orgs.expand_alias(name, aliases)
        if name != written:
            name = clean_name(name)  # a resolved referent may carry a descriptor (服务商江城链科…)
        if name in REFERENTS or _BARE.match(name) or not name:
            continue
        p = orgs.participant(name, phrase.tag)
        if p.normalized == obj or any(p.normalized == q.normalized for q in out):
            continue
        if obj and len(obj) >= 4 and obj in p.normalized:  # 区块链产业园星沙区块链产业园: the object, not an actor
            continue
        out.append(p)
    own_body = cand.type == "establishment" and cand.object is not None and _GOV_BODY.search(cand.object.text)
    if not out and (cand.type == "policy_release" or own_body) and cand.object is not None:
        issuer = _issuing_place(cand.object.text)  # 《云南省数字经济发展三年行动方案》: the province's own plan
        if issuer:
            out.append(orgs.participant(issuer, "ns"))
    return drop_contained(out)


def _place_holders(cand: Candidate, participants: list[Participant]) -> list[str]:
    """Names whose embedded place may place the event, strongest first: for an establishment the new
    body itself (X（河南）有限公司成立 → 河南省), then governments, then the others (a company's embedded
    city, 上海合晶, is weak evidence)."""
    names = [p.normalized for p in participants if p.kind.value == "government"]
    names += [p.normalized for p in participants if p.kind.value != "government"]
    if cand.type == "establishment" and cand.object is not None:
        names.insert(0, cand.object.text)
    return names


def drop_contained(participants: list[Participant]) -> list[Participant]:
    """Drop a name that only begins a longer one of the same event (武汉 beside 武汉市, 中国工业 beside
    中国工业与应用数学学会)."""
    keys = [re.sub(r"(省|市|区|县)$", "", q.normalized) for q in participants]
    return [q for i, q in enumerate(participants)
            if not any(j != i and len(keys[j]) > len(keys[i]) and keys[j].startswith(keys[i])
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


def _suppress_ceremonies(cands: list[Candidate]) -> list[Candidate]:
    """A meeting held (举行/举办) to host another event of the same sentence is only its ceremony."""
    out = []
    hosted = {o.sentence.start for o in cands if o.type != "meeting"}  # one pass, not one scan per candidate
    for cand in cands:
        if cand.type == "meeting" and cand.trigger.text in ("举行", "举办", "开展") and cand.sentence.start in hosted:
            continue
        out.append(cand)
    return out


def _key(text: str | None) -> str:
    return re.sub(r"[\s“”\"《》（）()\-—–·、，,。:：]", "", text or "")


def _same_fact(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.mentions[0].start == b.mentions[0].start:  # same sentence, same type
        return True
    if (_is_heading(a) and _heads(a, b)) or (_is_heading(b) and _heads(b, a)):
        return True
    ka, kb = _key(a.object), _key(b.object)
    if ka and kb and min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka) and ka not in GENERIC_OBJECTS \
            and kb not in GENERIC_OBJECTS and dates_compatible(a, b):
        return True
    return same_fact(a, b)


def _is_heading(event: Event) -> bool:
    """A sub-heading line (short, no closing punctuation, undated) summarises the paragraph below it."""
    sentence = event.mentions[0].sentence.strip()
    return len(sentence) <= 40 and sentence[-1:] not in "。！？!?；;" and event.date.value is None


def _heads(heading: Event, other: Event) -> bool:
    gap = other.mentions[0].start - heading.mentions[0].end
    return 0 <= gap <= 400 and other.date.value is not None


_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def _richer(a: Event, b: Event) -> Event:
    """Of two records of one fact, the one to keep as the base (better date, title object, more names)."""
    def score(e: Event) -> tuple[int, int, int]:
        return (_PRECISION_RANK[e.date.precision], len(e.participants), len(e.object or ""))
    return a if score(a) >= score(b) else b


def dedupe_in_article(events: list[Event]) -> list[Event]:
    """One event per fact of an article; its other sentences become extra mentions."""
    kept: list[Event] = []
    owned: set[int] = set()  # slots of `kept` already holding our own copy (one deep copy per slot, not per merge)
    for event in events:
        for i, other in enumerate(kept):
            if _same_fact(event, other):
                base = _richer(other, event)
                extra = event if base is other else other
                if not (base is other and i in owned):
                    base = base.model_copy(deep=True)
                    owned.add(i)
                names = {p.normalized for p in base.participants}
                obj_key = base.object if base.object and len(base.object) >= 4 else None
                base.participants = drop_contained(
                    [p for p in base.participants + [p for p in extra.participants if p.normalized not in names]
                     if not (obj_key and obj_key in p.normalized)])
                if len(_key(extra.object)) > len(_key(base.object)) and _key(base.object) in _key(extra.object):
                    base.object = extra.object
                if base.region is None and extra.region is not None:
                    base.region = extra.region
                base.confidence = max(base.confidence, extra.confidence)
                base.merge_mentions(extra.mentions)
                kept[i] = base
                break
        else:
            kept.append(event)
    return kept
