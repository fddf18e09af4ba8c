"""Event rules, one module per type, each registered as `eventline.<type>_rules.v1`.

The types are the rows of the vocabulary (`schemas.vocabulary`): importing this package imports
`nlp/events/<type>.py` for each of them (which registers its rule) and `RULE_NAMES` lists their
registered names in vocabulary order, the order `nlp.pipeline` runs them. Trigger lexicons and
argument strategies are data: `patterns/<type>.jsonl`.
"""

from importlib import import_module

from nlp.events.base import Candidate, EventRule
from nlp.events.patterns_io import PatternError, PatternSpec, load_patterns
from schemas import EventType

for _type in EventType:
    try:
        import_module(f"{__name__}.{_type.value}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_type.value}":
            raise
        raise ImportError(f"event type {_type.value!r} is in the vocabulary but nlp/events/{_type.value}.py "
                          "(its rule module) is missing") from exc

RULE_NAMES: tuple[str, ...] = tuple(f"eventline.{t.value}_rules.v1" for t in EventType)

__all__ = ["RULE_NAMES", "Candidate", "EventRule", "PatternError", "PatternSpec", "load_patterns"]
