"""The first step: every event-type rule of `RULES` on the article's `Doc`, as plain-value drafts.

`RULES` names the type rules (`nlp/events/`) in the order they run. A meeting held (举行/举办) to
host another event of the same sentence is only its ceremony and is dropped; an article yields
at most `MAX_EVENTS_PER_ARTICLE` candidates. `trigger_filter` is the prefilter built from the
rules' own patterns: only sentences holding one of their anchors are analysed.
"""

from __future__ import annotations

import os
import re

from spacy.tokens import Doc

from nlp import registry
from nlp.analyzer import TriggerFilter
from nlp.events import RULE_NAMES  # importing the package registers every type's rule
from nlp.events.base import Candidate, EventRule
from nlp.state import ArticleState, Draft, Step
from schemas import Event, EventType, Mention

RULES: tuple[str, ...] = RULE_NAMES  # one rule per vocabulary row, in vocabulary order

MAX_EVENTS_PER_ARTICLE = 200  # beyond this a "text" is a dump, not an article; keeps dedupe quadratic cost bounded
_DIGEST_LEAD = re.compile(r"《新闻联播》|主要内容有[:：]|要闻\d+条|新闻早班车|早间要闻")
_rules: list[EventRule] | None = None
_trigger_filters: dict[tuple[int, ...], TriggerFilter | None] = {}


def rules() -> list[EventRule]:
    """The rule components of `RULES`, built once per process."""
    global _rules
    if _rules is None:
        _rules = [registry.get(name)() for name in RULES]
    return _rules


def trigger_filter() -> TriggerFilter | None:
    """The trigger prefilter for the rules of `RULES`: only sentences holding one of their
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
    """Every rule of `RULES` on the Doc, ceremonies folded, capped at `MAX_EVENTS_PER_ARTICLE`."""
    candidates: list[Candidate] = []
    for rule in rules():
        candidates += rule(doc)
    return _suppress_ceremonies(candidates)[:MAX_EVENTS_PER_ARTICLE]


_MEETING_NOUNS = ("大会", "峰会", "论坛", "会议", "博览会", "年会", "研讨会", "交易会", "洽谈会", "推介会", "对接会")


def _holds_a_meeting(cand: Candidate, signed: bool) -> bool:
    """举行 names a meeting (…联盟大会6月26日在北京举行), not a ceremony (举行了…揭牌仪式); a meeting named
    after the verb holds one when projects were signed at it (举行招商推介会，签约项目12个, `signed`)."""
    doc = cand.sentence.doc
    after = doc.text[cand.trigger.end_char : cand.sentence.end_char]
    held_after = re.split(r"[，。；]", after, maxsplit=1)[0]
    if cand.trigger.text == "开展" or cand.object is None or not cand.object.text.endswith(_MEETING_NOUNS) \
            or "仪式" in held_after:
        return False
    if cand.object.end <= cand.trigger.start_char:
        return True
    last_name = cand.object.text.rsplit("暨", 1)[-1]
    return signed and not re.search(r"签约|签署|揭牌|开工|开业", last_name)  # a 签约大会 is the signing itself


def _suppress_ceremonies(cands: list[Candidate]) -> list[Candidate]:
    """A meeting held (举行/举办) to host another event of the same sentence is only its ceremony."""
    out = []
    hosted = {o.sentence.start for o in cands if o.type != "meeting"}  # one pass, not one scan per candidate
    signed = {o.sentence.start for o in cands if o.type == "signing"}
    for cand in cands:
        if cand.type == "meeting" and cand.trigger.text in ("举行", "举办", "开展") and cand.sentence.start in hosted \
                and not _holds_a_meeting(cand, cand.sentence.start in signed):
            continue  # 签约仪式举行 is the signing; a 大会 held at which projects were signed is both
        out.append(cand)
    return out


def draft_of(cand: Candidate, state: ArticleState) -> Draft:
    """A candidate in plain values, with its event started (type, object, trigger, its one mention)."""
    article, sent = state.article, cand.sentence
    sentence = sent.doc.text[sent.start_char:sent.end_char]  # `Span.text` joins its tokens one by one
    mention = Mention(
        article_id=article.id, url=article.url, source=article.source, title=article.title,
        published_at=article.published_at, sentence=sentence, start=sent.start_char, end=sent.end_char,
    )
    event = Event(id="pending", type=EventType(cand.type), object=cand.object.text if cand.object else None,
                  trigger=cand.trigger.text, confidence=cand.confidence, mentions=[mention])
    return Draft(
        type=cand.type, rule_id=cand.rule_id, sentence=sentence, sentence_start=sent.start_char,
        sentence_end=sent.end_char, trigger_start=cand.trigger.start_char,
        trigger_end=cand.trigger.start_char + len(cand.trigger.text), object=cand.object,
        phrases=list(cand.participants), event=event,
    )


def rules_step(state: ArticleState) -> None:
    article = state.article
    if _DIGEST_LEAD.search((article.title or "") + article.text[:200]):
        return  # a broadcast digest (《新闻联播》主要内容有：1、…) retells headlines of other reports
    state.drafts = [draft_of(cand, state) for cand in candidates_of(state.doc)]


@registry.register("eventline.rules.v1", requires=("article", "doc"), assigns=("drafts",))
def make_rules_step() -> Step:
    return rules_step
