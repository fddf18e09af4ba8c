"""eventline's NLP: articles → typed, dated, placed, sectioned, headlined, merged events.

Public API:
* `extract_events(articles)` — every article analysed (HanLP in one JVM, batched) and run through
  the steps of `nlp.pipeline.PIPELINE` (rules of `nlp/events/` → modality → date → participants →
  region → in-article dedupe → undated (the report's occasion) → section → headline → ids), then merged across articles
  (`nlp.merge`, by the one same-fact rule of `schemas.facts`), ids final.
* `extract_article(article)` — the same for one article, without the cross-article merge.

Planned and negated events (拟, 将, 计划, 征求意见稿, 未, 不) are recognised by `nlp.modality`
and left out by default: an editor's digest and the scorer want facts that happened. Pass
`include_planned=True` to get them too, with `Event.modality` set to planned / negated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from schemas import Article, Event

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["extract_article", "extract_events"]


def extract_article(article: Article, include_planned: bool = False) -> list[Event]:
    """Events of one article (not merged with other articles)."""
    from nlp.pipeline import analyze_articles

    return analyze_articles([article], include_planned=include_planned)


def extract_events(articles: Iterable[Article], include_planned: bool = False) -> list[Event]:
    """Events of many articles, merged across articles (one event, several mentions)."""
    from nlp.merge import merge_events
    from nlp.pipeline import analyze_articles

    return merge_events(analyze_articles(articles, include_planned=include_planned))
