"""financing: a company raises money (融资, 获投, 完成 X 轮, 投资, 贷款)."""

from __future__ import annotations

import re

from nlp.arguments import (
    Phrase,
    clause_bounds,
    clause_subject,
    clean_name,
    joined_cores,
    role_names,
    split_enumeration,
    token_lists,
)
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_AMOUNT = (r"(?:近|超|逾|约|数|几)?[\d.一二三四五六七八九十百千万亿数几]+(?:万|亿|千万|百万)?级?"
           r"(?:元|美元|人民币|港元|欧元)?(?:人民币)?的?")
_LOAN = re.compile(
    _AMOUNT + r"[^，。；]{0,12}?(?:贷款|授信|借款)"
    r"|(?:首笔|首批)[^，。；]{0,12}?(?:贷款|借款|授信)"
    r"|(?:贷款|授信|借款)[^，。；]{0,3}?[\d.]+(?:万|亿)元"
)
# a round may come without its amount (完成A轮融资, 获天使轮投资); an amount may come without a round name
_ROUND = re.compile(
    r"(?:" + _AMOUNT + r")?(?:天使|种子|Pre-?IPO|Pre-?[A-F]\d?|[A-F]\d?|战略|新一|首|新)\+*轮(?:战略)?(?:融资|投资)"
    r"|" + _AMOUNT + r"(?:的)?(?:战略|天使|股权)?(?:融资|投资|增资|注资)(?!额|项目|建设|总额|规模|金额)"
    r"|(?:增资|注资)[^，。；]{0,8}?" + _AMOUNT
    # 美团战略投资理想汽车 / 获腾讯独家投资: a named investor's stake needs no amount; 战略投资者 is no deal
    + r"|(?:战略|独家)投资(?!者|人|机构|方|基金|额|规模|项目|领域|价值|理念|布局|部)"
    # 阿里巴巴向某公司投资10亿元: an investor's stake told with its receiver and amount after the verb
    r"|向[^，。；]{2,24}?(?:投资|注资)(?:了)?(?:约|超|近)?[\d.一二三四五六七八九十百千数几]+(?:万|亿|千万|百万)"
    r"(?:元|美元|人民币|港元|欧元)"
    # 某公司融资5亿元: the amount after the verb, with its currency (融资规模 / 融资成本 are no round)
    r"|(?<![余额成本])融资(?:金额|总额)?(?:达|超|近|约)?[\d.一二三四五六七八九十百千数几]+(?:万|亿|千万|百万)"
    r"(?:元|美元|人民币|港元|欧元)"
)
_MARKET = re.compile(r"股价|涨停|跌停|涨幅|跌幅|资金流向|主力资金|净流入|净流出|净买入|融资余额|融资融券|两融|"
                     r"研报|目标价|评级|板块|概念股|龙虎榜")
# decision (gold README: financing = 融资, 获投, 完成X轮, 投资, 贷款): a completed 定增 raises money for a
# company, so it is financing; a planned one (拟募资 / 拟定增) is a plan; the regulator's 同意注册 / 过会 /
# 注册生效 of an IPO or a placement is an approval (patterns/approval.jsonl), not a financing.
_TERM_OF = re.compile(r"(?:金额|总额|额度|规模|价格|方案)")
_PLACEMENT = re.compile(r"(完成|实施完毕)[^，。；]{0,12}(定增|定向增发|非公开发行|向特定对象发行)")


class FinancingRule(EventRule):
    type = "financing"
    object_suffixes = ("融资", "轮融资", "贷款", "投资")

    def refine(self, cand: Candidate) -> Candidate | None:
        sent = cand.sentence.text
        if _MARKET.search(sent):  # market commentary (股价, 涨停, 资金流向, 研报): no company raised money
            return None
        if cand.trigger.text in ("增资", "注资") and _TERM_OF.match(cand.sentence.doc.text, cand.trigger.end_char):
            return None  # 增资金额不低于3亿元: a term of the deal (told with its plan), not the deal done
        if cand.rule_id == "financing.placement":  # 完成定增: a completed private placement is a financing
            m = _PLACEMENT.search(sent)
            return cand if m else None
        m = _ROUND.search(sent) or _LOAN.search(sent)
        if m:
            start = cand.sentence.start_char + m.start()
            cand.object = Phrase(m.group(), start, start + len(m.group()))
            cand.participants = with_roles(cand, _INVESTOR_ROLES)
            receiver = _receiver(cand)
            if receiver is not None:
                cand.participants = [receiver, *cand.participants]
            investor = _investor_after_got(cand)
            if investor is not None:
                cand.participants = [*cand.participants, investor]
        return cand if m else None


_INVESTOR_ROLES = ("领投", "跟投", "参投", "追加投资", "独家投资", "联合投资", "共同投资", "超额认购", "参与", "加注",
                   "追投", "注资")
# 本轮投资方包括A、B等政府基金，以及C、D等产业资本: investors listed after the word that introduces them
_INVESTOR_LIST = re.compile(r"(?:投资方|投资机构|投资人|出资方|参投方|股东)(?:包括|为|有|是)([^。；]{2,240})")


def _investor_after_got(cand: Candidate) -> Phrase | None:
    """获得礼来制药1亿美元战略投资: the investor named between 获得 and the amount, when the recogniser missed it
    (礼/来/制药) and no one named it otherwise."""
    doc = cand.sentence.doc
    found = _GOT_FROM.search(doc.text, cand.sentence.start_char, cand.sentence.end_char)
    if found is None:
        return None
    name = clean_name(found.group(1))
    if not 2 <= len(name) <= 20 or any(name in p.text or p.text in name for p in cand.participants):
        return None
    at = found.start(1) + max(found.group(1).find(name), 0)
    return Phrase(name, at, at + len(name))


# 获得X + an amount + (战略 / 独家) 投资: X invests
_GOT_FROM = re.compile(r"(?:获得|获)([^，。；、\d]{2,20}?)(?:约|超|近)?[\d.]+(?:万|亿|千万|百万)*"
                       r"(?:元|美元|人民币|港元|欧元)(?:的)?(?:战略|独家|股权)?(?:投资|注资|增资)")


def _receiver(cand: Candidate) -> Phrase | None:
    """The company that raised the money, as its clause's subject (星河能源宣布获得蓝海资本战略投资), when the
    recogniser missed it and only the investors were found."""
    doc = cand.sentence.doc
    lo, _ = clause_bounds(cand.sentence, cand.trigger.start)
    subject = clause_subject(doc, lo, cand.trigger.start)
    if subject is None or any(p.start < subject.end for p in cand.participants):
        return None
    _, tags, offsets = token_lists(doc)
    last = max(k for k in range(lo, cand.trigger.start) if offsets[k] < subject.end)
    return subject if tags[last].startswith(("n", "j")) else None  # 成功完成…: an adverb-like word is no company


def named_with_roles(cand: Candidate, roles: tuple[str, ...]) -> list[Phrase]:
    """Those named with a role (由A领投 / 由A与B联合发起) in the candidate's sentence and the next one."""
    doc = cand.sentence.doc
    s0, s1 = cand.sentence.start_char, cand.sentence.end_char
    nxt = re.search(r"[。！？\n]", doc.text[s1 : s1 + 200])
    window = doc.text[s0 : s1 + (nxt.end() if nxt else 0)]
    return role_names(window, roles, s0) + _listed(window, s0)


def with_roles(cand: Candidate, roles: tuple[str, ...]) -> list[Phrase]:
    """The candidate's actors plus those named with a role in its sentence and the next one."""
    found = named_with_roles(cand, roles)
    names = {p.text for p in found}
    kept = [p for p in cand.participants if not _role_cut(p.text, names, roles)]
    have = {p.text for p in kept}
    return [*kept, *(p for p in found if p.text not in have)]


def _listed(window: str, offset: int) -> list[Phrase]:
    """Investors enumerated after 投资方包括 / 投资方为, group by group (…等政府基金，以及…等产业资本)."""
    m = _INVESTOR_LIST.search(window)
    if not m:
        return []
    out: list[Phrase] = []
    start = m.start(1)
    for chunk in re.split(r"(，以及|，|以及)", m.group(1)):
        if chunk in ("，以及", "，", "以及"):
            start += len(chunk)
            continue
        names = re.sub(r"等[^、]{0,16}$", "", chunk)  # 等政府基金 / 等产业资本及财务投资机构: the kind, not a name
        for part, at in split_enumeration(names):
            for piece, inner in _investors_of(part):  # 红杉中国和高瓴创投: in a list of investors 和 separates
                name = clean_name(piece)
                if 2 <= len(name) <= 30:
                    s = offset + start + at + inner
                    out.append(Phrase(name, s, s + len(name), "nt"))
        start += len(chunk)
    return out


def _investors_of(part: str) -> list[tuple[str, int]]:
    """A listed part split at 和 / 与 when both sides are names of their own (not 发展和改革…)."""
    if any(core in part for core in joined_cores()):
        return [(part, 0)]
    pieces, at = [], 0
    for piece in re.split(r"(和|与)", part):
        if piece not in ("和", "与"):
            pieces.append((piece, at))
        at += len(piece)
    return pieces if all(len(p) >= 2 for p, _ in pieces) else [(part, 0)]


def _role_cut(name: str, role_names_found: set[str], roles: tuple[str, ...]) -> bool:
    """宁德时代领 (HanLP: 宁德时/代领/投): a role name plus the first characters of its role word."""
    return any(name.startswith(r) and len(name) > len(r) and any(role.startswith(name[len(r):]) for role in roles)
               for r in role_names_found)


@register("eventline.financing_rules.v1")
def make_financing_rules() -> FinancingRule:
    return FinancingRule()
