"""establishment: a zone, park, centre, lab, institute or alliance founded (成立, 揭牌, 挂牌, 组建, 落户, 启动)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.arguments import REFERENTS, Phrase, grow_name_left, np_left, role_names
from nlp.events.base import Candidate, EventRule, strip_quotes
from nlp.events.patterns_io import PatternSpec
from nlp.registry import register

ESTABLISHMENT_SUFFIXES = ("研究院", "研究所", "实验室", "研究中心", "创新中心", "中心", "联盟", "产业园", "园区", "示范区",  # noqa: E501
                          "先导区", "试验区", "基地", "平台", "有限公司", "公司", "协会", "学会", "孵化器", "领导小组",
                          "工作组", "委员会", "分院", "总部", "办公基地", "工作站", "集团", "商会", "联合会", "专委会",
                          "工作室", "科技园", "创新港", "产业城", "智算中心", "算力中心", "数据中心", "基金",
                          "合伙企业（有限合伙）", "合伙企业(有限合伙)", "合伙企业",
                          # openings: a store, branch or plant opened
                          "旗舰店", "门店", "体验店", "分店", "商场", "购物中心", "酒店", "分公司", "分行", "支行",
                          "工厂", "超级工厂", "医院", "博物馆", "展馆", "书店", "店", "乐园", "公园", "景区",
                          "度假区", "广场", "综合体", "影城", "剧院", "校区", "学校", "院",
                          "餐厅", "餐馆", "咖啡馆", "便利店", "营业部", "办事处", "代表处", "诊所", "门诊部",
                          "配送站", "服务站", "驿站", "充电站", "换电站",
                          # bodies of members: 联席会, 理事会, 分会, 创新联合体, 产业共同体
                          "联席会", "理事会", "分会", "联合体", "共同体", "银行")


class EstablishmentRule(EventRule):
    type = "establishment"
    object_suffixes = ESTABLISHMENT_SUFFIXES

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
        if found is not None or strategy != "np_left" or trigger.text not in _OPENED:
            return found
        # 长隆海洋王国二期开园 / 国家版本馆开馆: what opens is a place whatever its name ends with
        phrase = np_left(doc, self._left_anchor(doc, trigger.start, lo), lo)
        return phrase if phrase is not None and len(phrase.text) >= 4 and phrase.text not in REFERENTS else None

    def refine(self, cand: Candidate) -> Candidate | None:
        text = cand.sentence.doc.text
        after = text[cand.trigger.end_char:cand.trigger.end_char + 2]
        if cand.rule_id == "establishment.object_before" and (
                (cand.trigger.text in _FOUND_VERBS and _body_follows(text, cand.trigger.end_char))
                or (after.startswith(_FOUND_VERBS) and _body_follows(text, cand.trigger.end_char + 2))):
            return None  # 阿里巴巴集团宣布(启动)成立达摩院: the founder stands before the verb, the new body after it
        if cand.trigger.text == "挂牌" and after.startswith(("上市", "交易", "转让")):
            return None  # 在纽交所挂牌上市: a listing, no new body
        if cand.trigger.text in ("筹建", "设立") and _APPROVED_BEFORE.search(text, 0, cand.trigger.start_char):
            return None  # 同意筹建…银行 / 批准X设立…: the regulator's approval (its own rule), the body not yet founded
        cand.object = strip_quotes(cand.object)
        if not cand.object:
            return None
        if cand.trigger.text in _GO_LIVE and cand.object.text.endswith(_SERVICES):
            return None  # a platform started or built is a launch (nlp/events/launch.py), not a new body
        cand.object = _grown(cand)
        founders = _founders(cand)
        if founders:
            cand.participants = founders
        return cand


# an authority's approving verb right before the founding verb, or a few words before it (批准中国人寿设立…)
_APPROVED_BEFORE = re.compile(r"(?:同意|获批|批准|核准|准予)[^，。；、]{0,8}$")


def _body_follows(text: str, at: int) -> bool:
    """Does a name follow the founding verb ending at `at` (成立达摩院), rather than the clause's end or
    a word that only dates or describes it (研究院揭牌成立。/ 成立于 / 成立大会)?"""
    after = text[at:at + 3]
    return after[:1] not in _CLAUSE_END and bool(after) and not after.startswith(_AFTER_FOUNDED)


def _grown(cand: Candidate) -> Phrase | None:
    """An object before its trigger cut inside its name (科技（杭州）有限公司 of 联通智算科技（杭州）有限公司,
    （湖北）股权投资基金) grows left over the name's characters and a parenthesised place."""
    obj = cand.object
    if obj is None or obj.end > cand.trigger.start_char:
        return obj
    text = cand.sentence.doc.text
    start = grow_name_left(text, cand.sentence.start_char, obj.start)
    if start == obj.start:
        return obj
    grown = text[start:obj.end]
    lead = max((grown.rfind(w) + len(w) for w in _DESCRIBED_BY if grown.rfind(w) >= 0), default=0)
    if lead and len(grown) - lead >= 4:  # 中微半导全资子公司中微沪芯…: the named body only
        start += lead
    return Phrase(text[start:obj.end], start, obj.end, obj.tag)


_DESCRIBED_BY = ("子公司", "孙公司", "旗下")
_CLAUSE_END = set("，。；：、,;:！？")
_FOUND_VERBS = ("成立", "正式成立", "组建", "设立")
_AFTER_FOUNDED = ("于", "以来", "大会", "仪式", "暨", "后", "时", "的", "之", "了", "一周年", "周年")
_OPENED = ("开园", "开馆", "开业", "开张", "开门迎客")
_GO_LIVE = ("启动", "建成", "启用", "正式启动")
_SERVICES = ("平台", "系统", "活动")


_FOUNDED_BY = ("共同打造", "共同发起", "联合发起", "发起成立", "共同组建", "联合组建", "共同建设", "共建", "共同设立",
               "联合设立", "出资设立", "打造", "发起", "组建", "设立")


_HELD_BY = re.compile(
    r"(?:该公司|公司|股东信息显示|股权穿透显示)?[^。；！？]{0,6}?(?:由|系)([^。；！？由]{2,120}?)"
    r"(?:共同|联合)?(?:全资|间接|直接)?(?:持股|控股|出资|持有)"
    r"|股东(?:包括|为|有)([^。；！？]{2,160}?)(?:等|。|；|$)"
)


def _shareholders(cand: Candidate) -> list[Phrase]:
    """A new company's owners, as business registers tell them (由A全资持股, 由A、B共同持股, 股东包括A、B):
    they are the actors of its founding; the company itself is the object."""
    obj = cand.object.text if cand.object else ""
    if not obj.endswith(("公司", "合伙）", "合伙)", "基金", "集团")):
        return []
    doc = cand.sentence.doc
    start = cand.sentence.start_char
    window = doc.text[start : start + 400]
    m = _HELD_BY.search(window)
    if not m:
        return []
    group = 1 if m.group(1) is not None else 2
    names = role_names("由" + m.group(group) + "共建", ("共建",), start + m.start(group) - 1)
    return [p for p in names if p.text != obj]


def _founders(cand: Candidate) -> list[Phrase]:
    """X(研究院)是由A、B、C共同打造的 — told later in the article — names the founders of the new body;
    a company's founders are its shareholders."""
    obj = cand.object.text if cand.object else ""
    suffix = next((sfx for sfx in ESTABLISHMENT_SUFFIXES if obj.endswith(sfx)), None)
    if suffix is None or len(obj) - len(suffix) < 2:
        return []
    owners = _shareholders(cand)
    if owners:
        return owners
    doc = cand.sentence.doc
    start = cand.sentence.start_char
    window = doc.text[start : start + 2000]
    # (…基金总规模50亿元，由A与B共同发起: a short clause about the body may come between)
    pattern = re.compile(re.escape(suffix) + r"(?:[^。；！？由“”]{0,20}?[，,])?(?:是|系)?由([^。；！？]{2,120}?)(?:"
                         + "|".join(_FOUNDED_BY) + ")")
    m = pattern.search(window)
    if not m:
        return []
    before = window[max(0, m.start() - 12): m.start()]
    if obj[:2] not in before and not before.endswith(("该", "这一", "此", "这个")):
        return []  # another body's founders (该中心由…: this one's, told by a referent)
    found = role_names("由" + m.group(1) + "共建", ("共建",), start + m.start(1) - 1)
    return [p for p in found if p.text != obj and not p.text.endswith(("企业", "龙头企业"))]


@register("eventline.establishment_rules.v1")
def make_establishment_rules() -> EstablishmentRule:
    return EstablishmentRule()
