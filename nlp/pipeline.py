"""Article → events: the runner over the named steps of `PIPELINE`.

Each step is a registered component (`nlp.registry`) that states what it requires and assigns
on the article's state (`nlp.state.ArticleState`), and lives in a module of its own:

    rules → modality → date → participants → region → dedupe → undated → section → headline → ids
    rules.py  modality.py  dating.py  participants.py  placing.py  dedupe.py  dating.py  sections.py …

`rules` runs the type rules of `nlp.rules.RULES` and turns their candidates into plain-value
drafts; the runner stops as soon as no draft is left, so an article without a candidate costs
no date, place or alias work. Ids come last, once every field is final.

Performance design (see also `nlp.analyzer`): `analyze_articles` analyses only the sentences a
trigger prefilter selects (`nlp.rules.trigger_filter`, built from the rules' own patterns), in
batches of ~20k characters whose HanLP segmentation overlaps with the rules of the previous batch,
inside a spaCy memory zone so a long-running process does not grow its vocabulary. Per-match
steps read their clause or sentence, not the whole Doc (what reads the text before a mention, to
resolve 该公司 or 区里, runs at most `MAX_EVENTS_PER_ARTICLE` times); in-article de-duplication
copies each kept event once; the cross-article merge compares only events of one type and a
compatible year. Extraction time grows linearly with the text length
(`tests/nlp/test_performance.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

# the step modules register their components on import
from nlp import dating, dedupe, headline, ids, modality, participants, placing, registry, rules, sections  # noqa: F401
from nlp.analyzer import iter_batches, shared_vocab, start_jvm
from nlp.arguments import names_memo
from nlp.state import ArticleState, Step
from schemas import Article, Event

logger = logging.getLogger(__name__)

PIPELINE: tuple[str, ...] = (
    "eventline.rules.v1",
    "eventline.modality.v1",
    "eventline.date.v1",
    "eventline.participants.v1",
    "eventline.region.v1",
    "eventline.dedupe.v1",
    "eventline.undated.v1",
    "eventline.sections.v1",
    "eventline.headline.v1",
    "eventline.ids.v1",
)
GIVEN = ("article", "doc")  # what the runner puts on the state before the first step

_steps: list[Step] | None = None


def steps() -> list[Step]:
    """The components of `PIPELINE`, checked for order and built once per process."""
    global _steps
    if _steps is None:
        registry.check_order(PIPELINE, GIVEN)
        _steps = [registry.get(name)() for name in PIPELINE]
    return _steps


def events_of(article: Article, doc: Doc, include_planned: bool = False) -> list[Event]:
    """The (unmerged) events of one analysed article."""
    state = ArticleState(article=article, doc=doc, include_planned=include_planned)
    for step in steps():
        step(state)
        if not state.drafts and not state.events:
            return []
    return state.events


def extract_docs(articles: Sequence[Article], docs: Sequence[Doc], include_planned: bool = False) -> list[Event]:
    out: list[Event] = []
    for article, doc in zip(articles, docs, strict=True):
        try:
            out += events_of(article, doc, include_planned=include_planned)
        except Exception:  # one bad article never stops a batch
            logger.exception("extraction failed for article %s", article.id)
    return out


# an invented report for `warm_up`: names, places, dates and triggers of several types
_WARM_UP_TEXT = (
    "据江城日报3月5日消息，湖北省人民政府与星河数智科技有限公司在武汉市签署战略合作协议，双方将共建人工智能"
    "联合实验室。同日，武汉东湖新技术开发区管委会印发《关于支持数据要素产业发展的若干措施》。星河数智科技有限公司"
    "宣布完成5亿元B轮融资，由江城产业投资基金领投。张明出席签约仪式并致辞。该项目预计于2027年建成投用。"
)


def warm_up() -> None:
    """Start what the first analysis would: the JVM with HanLP's dictionaries, the rules and their
    prefilter, the steps (for a worker that starts before its articles arrive), and analyse a short
    invented report: HanLP loads its recognisers' models on the first `seg()` (more than half a
    second), the gazetteer and lexicons load on first use, and the JIT compiles the hot paths."""
    start_jvm()
    rules.trigger_filter()
    steps()
    analyze_articles([Article(id="warm-up", text=_WARM_UP_TEXT * 4, published_at="2026-03-05T10:00:00+08:00")])


def analyze_articles(articles: Iterable[Article], include_planned: bool = False) -> list[Event]:
    batch = list(articles)
    prefilter = rules.trigger_filter()  # builds the rules: their Matcher keys must outlive the zone below
    # strings and lexemes the batch's Docs add to the shared vocabulary (every unseen word, every
    # skipped stretch) are freed when the batch is done: a long-running process stays flat
    with shared_vocab().memory_zone(), names_memo():
        events: list[Event] = []
        done = 0
        # batches of ~20k characters: HanLP segments the next one while the rules run on this one
        for docs in iter_batches([a.text for a in batch], prefilter=prefilter):
            events += extract_docs(batch[done:done + len(docs)], docs, include_planned=include_planned)
            done += len(docs)
        return events
