"""The region step: where an event took place (`regions.event_region`).

The evidence, strongest first: places named in the sentence, then the names of the participants
(for an establishment the new body itself: X（河南）有限公司成立 → 河南省; then governments; a
company's embedded city, 上海合晶, is weak evidence), then the article's title and opening.
"""

from __future__ import annotations

import logging

from nlp import regions
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Participant

logger = logging.getLogger(__name__)

_CONTEXT_CHARS = 3000  # the opening of the article that sets the scene


def place_holders(etype: str, obj: str | None, participants: list[Participant]) -> list[str]:
    """Names whose embedded place may place the event, strongest first."""
    names = [p.normalized for p in participants if p.kind.value == "government"]
    names += [p.normalized for p in participants if p.kind.value != "government"]
    if etype == "establishment" and obj is not None:
        names.insert(0, obj)
    return names


def region_step(state: ArticleState) -> None:
    context = (state.article.title or "") + "\n" + state.text[:_CONTEXT_CHARS]
    for draft in state.drafts:
        event = draft.event
        obj = draft.object.text if draft.object else None
        region = None
        try:
            region = regions.event_region(draft.sentence, place_holders(draft.type, obj, event.participants), context)
        except Exception:
            logger.exception("event_region failed in %s", state.article.id)
        event.region = region if region is not None and not region.is_empty() else None


@register("eventline.region.v1", requires=("article", "drafts", "drafts.participants"), assigns=("drafts.region",))
def make_region_step() -> Step:
    return region_step
