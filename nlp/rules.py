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


def _suppress_ceremonies(cands: list[Candidate]) -> list[Candidate]:
    """A meeting held (举行/举办) to host another event of the same sentence is only its ceremony."""
    out = []
    hosted = {o.sentence.start for o in cands if o.type != "meeting"}  # one pass, not one scan per candidate
    for cand in cands:
        if cand.type == "meeting" and cand.trigger.text in ("举行", "举办", "开展") and cand.sentence.start in hosted:
            continue
        out.append(cand)
    return out


def draft_of(cand: Candidate, state: ArticleState) -> Draft:
    """A candidate in plain values, with its event started (type, object, trigger, its one mention)."""
    article, sent = state.article, cand.sentence
    mention = Mention(
        article_id=article.id, url=article.url, source=article.source, title=article.title,
        published_at=article.published_at, sentence=sent.text, start=sent.start_char, end=sent.end_char,
    )
    event = Event(id="pending", type=EventType(cand.type), object=cand.object.text if cand.object else None,
                  trigger=cand.trigger.text, confidence=cand.confidence, mentions=[mention])
    return Draft(
        type=cand.type, rule_id=cand.rule_id, sentence=sent.text, sentence_start=sent.start_char,
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
