"""financing: a company raises money (融资, 获投, 完成 X 轮, 投资, 贷款)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_ROUND = re.compile(r"(近|超|逾)?[\d.一二三四五六七八九十百千万亿]+(万|亿)?(元|美元|人民币)?的?(天使|种子|Pre-?[A-E]\+?|[A-E]\+?|战略|新一?)?轮?(融资|投资)")  # noqa: E501


class FinancingRule(EventRule):
    type = "financing"
    object_suffixes = ("融资", "轮融资", "贷款", "投资")

    def refine(self, cand: Candidate) -> Candidate | None:
        sent = cand.sentence.text
        m = _ROUND.search(sent)
        if m:
            start = cand.sentence.start_char + m.start()
            cand.object = Phrase(m.group(), start, start + len(m.group()))
        return cand if m else None


@register("eventline.financing_rules.v1")
def make_financing_rules() -> FinancingRule:
    return FinancingRule()
