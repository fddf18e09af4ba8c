"""financing: a company raises money (融资, 获投, 完成 X 轮, 投资, 贷款)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase, role_names
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_LOAN = re.compile(r"(近|超|逾)?[\d.一二三四五六七八九十百千万亿]+(万|亿)?元[^，。；]{0,12}?(贷款|授信)")
_ROUND = re.compile(r"(近|超|逾)?[\d.一二三四五六七八九十百千万亿数几]+(万|亿)?(元|美元|人民币)?的?(天使|种子|Pre-?IPO|Pre-?[A-E]|[A-E]|战略|新一?)?\+*轮?(融资|投资)")  # noqa: E501


class FinancingRule(EventRule):
    type = "financing"
    object_suffixes = ("融资", "轮融资", "贷款", "投资")

    def refine(self, cand: Candidate) -> Candidate | None:
        sent = cand.sentence.text
        m = _ROUND.search(sent) or _LOAN.search(sent)
        if m:
            start = cand.sentence.start_char + m.start()
            cand.object = Phrase(m.group(), start, start + len(m.group()))
            cand.participants = with_roles(cand, _INVESTOR_ROLES)
        return cand if m else None


_INVESTOR_ROLES = ("领投", "跟投", "参投", "追加投资", "独家投资", "联合投资", "共同投资", "超额认购")


def with_roles(cand: Candidate, roles: tuple[str, ...]) -> list[Phrase]:
    """The candidate's actors plus those named with a role in its sentence and the next one."""
    doc = cand.sentence.doc
    s0, s1 = cand.sentence.start_char, cand.sentence.end_char
    nxt = re.search(r"[。！？\n]", doc.text[s1 : s1 + 200])
    window = doc.text[s0 : s1 + (nxt.end() if nxt else 0)]
    found = role_names(window, roles, s0)
    names = {p.text for p in cand.participants}
    return [*cand.participants, *(p for p in found if p.text not in names)]


@register("eventline.financing_rules.v1")
def make_financing_rules() -> FinancingRule:
    return FinancingRule()
