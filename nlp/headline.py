"""Headline and summary of an event in the digest's style ("山东区块链研究院揭牌").

Headlines are built from the event's fields (actor + trigger + object), at most ~30 characters;
the summary is the evidence sentence, cleaned of its telegraph lead, cut to one or two sentences.
"""

from __future__ import annotations

import re

from nlp.analyzer import split_sentences
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Event, type_info

_LEAD = re.compile(r"^.{0,40}?(\d{1,2}月\d{1,2}日)\s*(电|讯)[，,\s]*|^【[^】]{0,80}】|^[^，。]{0,20}记者[^）)]{0,20}[）)]\s*")  # noqa: E501
_MAX = 32


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _actor(event: Event, n: int = 1) -> str:
    names = [p.normalized for p in event.participants][:n]
    return "、".join(names)


def headline_for(event: Event) -> str:
    """The headline in its type's form (`headline` in the type's vocabulary row)."""
    obj = event.object or ""
    trig = event.trigger or ""
    actor = _actor(event)
    form = type_info(event.type).headline
    if form == "document":
        verb = "发布" if trig in ("", "提出", "明确", "指出") else trig
        text = f"{actor}{verb}《{obj}》" if actor else f"《{obj}》{verb}"
    elif form == "approval":
        text = f"{actor}批复{obj}" if actor and trig not in ("获批", "入选") else f"{obj}获批"
    elif form == "agreement":
        pair = _actor(event, 2).replace("、", "与")
        text = f"{pair}签署{obj}" if pair else f"签署{obj}"
    elif form == "founding" and trig in ("成立", "组建", "设立", "筹建") and actor:
        text = f"{actor}{trig}{obj}"
    elif form == "action":
        text = f"{actor}{trig or type_info(event.type).verb}{obj}"
    elif form in ("founding", "happening"):
        verb = trig if trig and trig not in ("举行", "举办", "召开") else "举行"
        text = f"{obj}{verb}"
    else:  # deal
        text = f"{actor}完成{obj}" if actor else obj
    return _short(text.replace("《》", ""), _MAX)


_BYLINE = re.compile(r"^\s*[（(]\s*(?:本报|见习|特约|实习)?(?:记者|通讯员|实习生|作者|编辑)[^（()）]{0,60}[）)]\s*")


def strip_lead(sentence: str) -> str:
    """The sentence without its telegraph lead: outlet + date + 讯/电, then the byline (（记者 韩冰）)."""
    previous = None
    text = sentence.strip()
    while previous != text:
        previous = text
        text = _BYLINE.sub("", _LEAD.sub("", text)).strip()
    return text


def summary_for(event: Event, limit: int = 120) -> str:
    if not event.mentions:
        return ""
    sentence = strip_lead(event.mentions[0].sentence)
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
