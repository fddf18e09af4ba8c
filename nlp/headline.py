"""Headline and summary of an event in the digest's style ("山东区块链研究院揭牌").

Headlines are subject + verb + object, built from the event's fields, as an editor writes them:

* the verb once: an object that already holds its verb ("18个新型储能项目集中签约", "同意支持…")
  gets none added, and such a clause is given its place when it names none ("福清市18个…");
* the subject where known: the acting participants, else a listed company the evidence names
  with its stock code (远岫科技（688987.SH）…) — an editor never prints a listed company's news
  without the company;
* never cut mid-word: a headline over ~32 characters is rebuilt with short forms — the short
  names the article itself introduces (以下简称 / 下称), company names without their legal and
  trade suffixes, 管理委员会 → 管委会, one party instead of two — and kept whole if still long.

The summary is the evidence sentence, cleaned of its telegraph lead and of what only made
sense inside the article: a leading connective (其中，此外，), a short scene-setting clause
pointing back at the article (峰会上，签约当天，), "记者从…获悉", relative days before the verb
(今日宣布 → 宣布; the digest prints the date), alias definitions nothing uses again; then one
or two sentences, shortened at a clause boundary, never mid-word.
"""

from __future__ import annotations

import re

from nlp.analyzer import split_sentences
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Event, ParticipantKind, type_info

_LEAD = re.compile(r"^.{0,40}?(\d{1,2}月\d{1,2}日)\s*(电|讯)[，,\s]*|^【[^】]{0,80}】|^[^，。]{0,20}记者[^）)]{0,20}[）)]\s*")  # noqa: E501
_MAX = 32

# verbs that make an object a clause of its own ("…集中签约", "同意支持…"): nothing is added
_CLAUSE_VERB = re.compile(r"签约|签署|签订|上线|揭牌|成立|开幕|召开|举行|举办|发布|印发|获批|批复|落地|开工|投产|完成")
_OBJECT_LEAD_VERB = re.compile(r"^(?:同意|批准|支持|原则同意)")
_STOCK_NAME = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,12})\s*[（(]\s*\d{6}\s*[.．]\s*(?:SH|SZ|BJ)\s*[)）]", re.I)
_NAME_LEAD = re.compile(r"^.*(?:公告称|获悉|表示|宣布|消息|显示|透露|其中|，)")
_LEGAL_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|集团有限公司|有限公司|股份公司|公司)$")
_TRADE_SUFFIX = re.compile(r"(?:信息技术|科技|技术|信息|网络|投资|集团|控股|股份|实业|发展)$")
_ALIAS = re.compile(
    r"([^\s，。；：、（）()“”\"]{2,40}?)[（(]\s*(?:以下简称|以下称|下称|简称)[“\"]?([^”\"）)，,]{2,12})[”\"]?\s*[）)]"
)


def _short(text: str, limit: int) -> str:
    """At most `limit` characters, shortened at a clause boundary (，；、) and never inside a word."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "，；、")
    if cut <= 0:
        return text  # no clause to end at: keep the sentence whole rather than cut a word
    return text[:cut] + "。"


def _article_short_names(event: Event) -> dict[str, str]:
    """full name → the short name an article of the event introduces for it (以下简称“芯瀚微”)."""
    names: dict[str, str] = {}
    for mention in event.mentions:
        for match in _ALIAS.finditer(mention.sentence or ""):
            full, short = match.group(1), match.group(2)
            for participant in event.participants:
                if participant.name and full.endswith(participant.name) and len(short) < len(participant.name):
                    names.setdefault(participant.normalized or participant.name, short)
    return names


def _compact(name: str, kind: ParticipantKind) -> str:
    """A shorter form an editor would print: 管理委员会 → 管委会; a company without legal and trade suffixes."""
    name = name.replace("管理委员会", "管委会")
    if kind != ParticipantKind.company:
        return name
    core = _LEGAL_SUFFIX.sub("", name)
    while (shorter := _TRADE_SUFFIX.sub("", core)) != core and len(shorter) >= 4:
        core = shorter
    return core if len(core) >= 2 else name


def _names(event: Event, n: int, short: bool) -> list[str]:
    aliases = _article_short_names(event) if short else {}
    names = []
    for participant in event.participants[:n]:
        full = participant.normalized or participant.name
        names.append(aliases.get(full) or (_compact(full, participant.kind) if short else full))
    return names


def _listed_company(event: Event) -> str | None:
    """The listed company the evidence names by its stock code (远岫科技（688987.SH）), if any."""
    for mention in event.mentions:
        match = _STOCK_NAME.search(mention.sentence or "")
        if match:
            name = _NAME_LEAD.sub("", match.group(1))
            if len(name) >= 2:
                return name
    return None


def _place(event: Event, text: str) -> str:
    """The most specific place of the event, unless `text` already names one of its levels."""
    region = event.region
    if region is None:
        return ""
    levels = [p for p in (region.province, region.city, region.district) if p]
    cores = [re.sub(r"(?:省|市|自治区|特别行政区|区|县)$", "", p) for p in levels]
    if any(len(core) >= 2 and core in text for core in cores):
        return ""
    return levels[-1] if levels else ""


def _compose(event: Event, short: bool, parties: int = 2) -> str:
    obj = event.object or ""
    trig = event.trigger or ""
    names = _names(event, parties, short)
    actor = names[0] if names else ""
    info = type_info(event.type)
    form = info.headline
    # a deal's object is a noun ("8亿元C轮融资"); other objects holding their verb are clauses
    clause = form != "deal" and (bool(_CLAUSE_VERB.search(obj)) or bool(trig and trig in obj))
    if form == "document":
        verb = "发布" if trig in ("", "提出", "明确", "指出") else trig
        return f"{actor}{verb}《{obj}》" if actor else f"《{obj}》{verb}"
    if clause:  # the object says what happened; give it its subject or its place
        subject = actor if form != "agreement" else ""
        return f"{subject or _place(event, obj)}{obj}"
    if form == "approval":
        if _OBJECT_LEAD_VERB.match(obj) and actor:
            return f"{actor}{obj}"
        return f"{actor}批复{obj}" if actor and trig not in ("获批", "入选") else f"{obj}获批"
    if form == "agreement":
        pair = "与".join(names)
        verb = "签署" if obj else "签约"
        return f"{pair or _place(event, obj)}{verb}{obj}"
    if form == "deal":
        company = actor or _listed_company(event) or ""
        return f"{company}完成{obj}" if company else obj
    if form == "action":
        return f"{actor}{trig or info.verb}{obj}"
    verb = trig if trig and trig not in ("举行", "举办", "召开") else "举行"
    if form == "founding" and trig in ("成立", "组建", "设立", "筹建") and actor:
        return f"{actor}{trig}{obj}"
    if form == "happening" and info.verb != "举行":  # something a company does (上线), not an occasion: name it
        company = (actor if event.participants and event.participants[0].kind == ParticipantKind.company else "") \
            or _listed_company(event)
        if company and company not in obj:
            return f"{company}{verb}{obj}"
    return f"{obj}{verb}"


def headline_for(event: Event) -> str:
    """The event's headline in its type's form (`headline` in the type's vocabulary row); rebuilt
    with short forms when over ~32 characters, never cut.

    Both parties of an agreement stay even when that leaves the headline long: who signed is the news.
    """
    full = _compose(event, short=False).replace("《》", "")
    return full if len(full) <= _MAX else _compose(event, short=True).replace("《》", "")


_BYLINE = re.compile(r"^\s*[（(]\s*(?:本报|见习|特约|实习)?(?:记者|通讯员|实习生|作者|编辑)[^（()）]{0,60}[）)]\s*")
# what only makes sense inside the article: connectives, "记者从…获悉", short clauses pointing back at it
_CONNECTIVE = re.compile(r"^(?:其中|此外|另外|同时|与此同时|另据|据悉|据了解|目前|对此|为此)[，,]")
_SOURCE_CUE = re.compile(r"^记者[^，。]{0,30}?(?:获悉|了解到|得知)[，,]")
_SCENE = re.compile(r"^[^，。\d《“]{1,8}?(?:上|中|现场|当天|当日|期间|之际|前夕)[，,]")
# a day relative to the article, right before the verb (今日宣布, 4日复函, 3日晚间公告称); not 已于当日, 11月5日
_RELATIVE_DAY = re.compile(
    r"(?<![于在自至月\d])(?:今日|今天|昨日|昨天|当日|当天|\d{1,2}日)(?:上午|下午|晚间|晚上|早间)?"
    r"(?=宣布|发布|公布|表示|召开|举行|签署|披露|印发|复函|批复|公告|正式)"
)
_UNUSED_ALIAS = re.compile(r"[（(]\s*(?:以下简称|以下称|下称|简称)[“\"《]?([^”\"》）)，,]{1,12})[”\"》]?\s*[）)]")


def strip_lead(sentence: str) -> str:
    """The sentence without its telegraph lead: outlet + date + 讯/电, then the byline (（记者 韩冰）)."""
    previous = None
    text = sentence.strip()
    while previous != text:
        previous = text
        text = _BYLINE.sub("", _LEAD.sub("", text)).strip()
    return text


def strip_context(text: str) -> str:
    """The sentence without what points back into its article (see the module docstring)."""
    previous = None
    while previous != text:
        previous = text
        text = _SCENE.sub("", _SOURCE_CUE.sub("", _CONNECTIVE.sub("", text))).strip()
    text = _RELATIVE_DAY.sub("", text)
    for match in reversed(list(_UNUSED_ALIAS.finditer(text))):
        if match.group(1) not in text[match.end():]:
            text = text[: match.start()] + text[match.end():]
    return text


def summary_for(event: Event, limit: int = 120) -> str:
    if not event.mentions:
        return ""
    sentence = strip_context(strip_lead(event.mentions[0].sentence))
    sentences = [sentence[a:b] for a, b in split_sentences(sentence)]
    summary = "".join(sentences[:2]).strip()
    if summary and summary[-1] not in "。！？!?…":
        summary += "。"
    return _short(summary, limit)


def headline_step(state: ArticleState) -> None:
    for event in state.events:
        event.headline = headline_for(event)
        event.summary = summary_for(event)


@register("eventline.headline.v1", requires=("events",), assigns=("events.headline", "events.summary"))
def make_headline_step() -> Step:
    return headline_step
