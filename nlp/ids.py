"""The last step: each event's id, computed once every field it hashes is final."""

from __future__ import annotations

from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import compute_event_id


def ids_step(state: ArticleState) -> None:
    for event in state.events:
        event.id = compute_event_id(event)


@register("eventline.ids.v1", requires=("events", "events.section", "events.headline"), assigns=("events.id",))
def make_ids_step() -> Step:
    return ids_step
