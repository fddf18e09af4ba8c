"""The de-duplication step: one event per fact of an article (`schemas.facts.same_fact`).

When two records of an article state one fact, the better described (finer date, by the one
`schemas.facts.PRECISION_RANK`, then more names, longer object; ties keep the earlier) is kept
as the base; the other adds the participants it lacks, a longer object that contains the
base's, a region when the base has none, and its sentence as a further mention.
"""

from __future__ import annotations

from nlp.participants import drop_contained
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Event
from schemas.facts import PRECISION_RANK, object_key, same_fact


def _richness(event: Event) -> tuple[int, int, int]:
    """Which record of one fact is the base: finer date, more names, longer object (ties: the earlier)."""
    return (PRECISION_RANK[event.date.precision], len(event.participants), len(event.object or ""))


def dedupe_in_article(events: list[Event]) -> list[Event]:
    """One event per fact of an article; its other sentences become extra mentions."""
    kept: list[Event] = []
    owned: set[int] = set()  # slots of `kept` already holding our own copy (one deep copy per slot, not per merge)
    for event in events:
        for i, other in enumerate(kept):
            if same_fact(event, other):
                base = other if _richness(other) >= _richness(event) else event
                extra = event if base is other else other
                if not (base is other and i in owned):
                    base = base.model_copy(deep=True)
                    owned.add(i)
                names = {p.normalized for p in base.participants}
                obj_key = base.object if base.object and len(base.object) >= 4 else None
                base.participants = drop_contained(
                    [p for p in base.participants + [p for p in extra.participants if p.normalized not in names]
                     if not (obj_key and obj_key in p.normalized)])
                if len(object_key(extra.object)) > len(object_key(base.object)) and object_key(
                    base.object
                ) in object_key(extra.object):
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


def dedupe_step(state: ArticleState) -> None:
    state.events = dedupe_in_article([draft.event for draft in state.drafts])


@register("eventline.dedupe.v1", requires=("drafts.date", "drafts.participants", "drafts.region"),
          assigns=("events",))
def make_dedupe_step() -> Step:
    return dedupe_step
