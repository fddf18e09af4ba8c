"""Event rules, one module per type, each registered as `eventline.<type>_rules.v1`.

Importing this package registers all eight types; `nlp.rules.RULES` says which run and
in which order. Trigger lexicons and argument strategies are data: `patterns/<type>.jsonl`.
"""

from nlp.events import (  # noqa: F401  (imported for their registrations)
    approval,
    establishment,
    financing,
    launch,
    meeting,
    policy_release,
    report_release,
    signing,
)
from nlp.events.base import Candidate, EventRule
from nlp.events.patterns_io import PatternError, PatternSpec, load_patterns

EVENT_TYPES = ("policy_release", "approval", "signing", "establishment", "launch", "report_release", "meeting",
               "financing")

__all__ = ["EVENT_TYPES", "Candidate", "EventRule", "PatternError", "PatternSpec", "load_patterns"]
