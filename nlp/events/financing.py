"""financing: a company raises money (融资, 获投, 完成 X 轮, 投资, 贷款)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase, role_names
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_LOAN = re.compile(r"(近|超|逾)?[\d.一二三四五六七八九十百千万亿]+(万|亿)?元[^，。；]{0,12}?(贷款|授信)")
_ROUND = re.compile(r"(近|超|逾)?[\d.一二三四五六七八九十百千万亿数几]+(万|亿)?(元|美元|人民币)?的?(天使|种子|Pre-?IPO|Pre-?[A-E]|[A-E]|战略|新一?)?\+*轮?(融资|投资)")  # noqa: E501


_MARKET = re.compile(r"股价|涨停|跌停|涨幅|跌幅|资金流向|主力资金|净流入|净流出|净买入|融资余额|融资融券|两融|"
                     r"研报|目标价|评级|板块|概念股|龙虎榜")
# decision (gold README: financing = 融资, 获投, 完成X轮, 投资, 贷款): a completed 定增 raises money for a
# company, so it is financing; a planned one (拟募资 / 拟定增) is a plan; the regulator's 同意注册 / 过会 /
# 注册生效 of an IPO or a placement is an approval (patterns/approval.jsonl), not a financing.
_PLACEMENT = re.compile(r"(完成|实施完毕)[^，。；]{0,12}(定增|定向增发|非公开发行|向特定对象发行)")


class FinancingRule(EventRule):
    type = "financing"
    object_suffixes = ("融资", "轮融资", "贷款", "投资")

    def refine(self, cand: Candidate) -> Candidate | None:
        sent = cand.sentence.text
        if _MARKET.search(sent):  # market commentary (股价, 涨停, 资金流向, 研报): no company raised money
            return None
        if cand.rule_id == "financing.placement":  # 完成定增: a completed private placement is a financing
            m = _PLACEMENT.search(sent)
            return cand if m else None
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
    names = {p.text for p in found}
    kept = [p for p in cand.participants if not _role_cut(p.text, names, roles)]
    have = {p.text for p in kept}
    return [*kept, *(p for p in found if p.text not in have)]


def _role_cut(name: str, role_names_found: set[str], roles: tuple[str, ...]) -> bool:
    """宁德时代领 (HanLP: 宁德时/代领/投): a role name plus the first characters of its role word."""
    return any(name.startswith(r) and len(name) > len(r) and any(role.startswith(name[len(r):]) for role in roles)
               for r in role_names_found)


@register("eventline.financing_rules.v1")
def make_financing_rules() -> FinancingRule:
    return FinancingRule()
