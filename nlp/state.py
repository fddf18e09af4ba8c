"""What the steps of `nlp.pipeline.PIPELINE` read and write for one article.

The rules step turns each `Candidate` (spaCy spans) into a `Draft` of plain values — the
sentence's text and offsets, the trigger's offsets, the object and participant phrases — and an
`Event` whose fields the later steps fill. After de-duplication the steps work on `events`.
Each step runs once per article, so what it computes for the article (date mentions, aliases)
is its own; the runner stops as soon as no draft is left, so an article without a candidate costs
no date, place or alias work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from nlp.arguments import Phrase
from nlp.dates import DateMention
from schemas import Article, Event


@dataclass
class Draft:
    """One candidate event of one sentence, in plain values, with the event being filled."""

    type: str
    rule_id: str
    sentence: str
    sentence_start: int  # offsets of the sentence in the article text
    sentence_end: int
    trigger_start: int  # offsets of the trigger in the article text
    trigger_end: int
    object: Phrase | None
    phrases: list[Phrase]  # participant phrases as the rule read them
    event: Event


@dataclass
class ArticleState:
    """One article on its way through the pipeline."""

    article: Article
    doc: Doc
    include_planned: bool = False
    drafts: list[Draft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    anchor: date | None = None  # the article's effective date (set by the date step)
    occasion: DateMention | None = None  # the day the report is about (set by the date step)

    @property
    def text(self) -> str:
        return self.article.text


Step = Callable[[ArticleState], None]
