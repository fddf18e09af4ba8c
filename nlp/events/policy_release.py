"""policy_release: a plan / opinion / notice / measures issued (印发, 发布, 出台, 下发 …).

A released document whose title grants or approves (《关于同意…的函》, 批复) is retyped approval.
A draft for comment (征求意见稿) is left to the modality component, which marks it planned.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.arguments import Phrase, names_between, titles_in, token_lists
from nlp.events.base import Candidate, EventRule
from nlp.events.patterns_io import PatternSpec
from nlp.orgs import normalize_name
from nlp.registry import register

POLICY_WORDS = ("意见", "方案", "计划", "通知", "办法", "措施", "规划", "规定", "条例", "政策", "指南", "纲要", "细则",
                "决定", "规则", "标准", "导则", "目录", "清单", "指引", "公告", "通告", "函", "法", "举措", "行动",
                "要点", "制度", "若干", "实施", "纲领", "路线图", "框架", "守则", "准则", "指导", "批复", "复函",
                "规范", "新规", "新政")
# an unquoted 关于… title: after the verb any kind of document (关于…的若干意见 / …的通知); before the verb (…办公厅
# 关于…的若干措施印发实施) not a notice, which a 关于… phrase before 发布 only announces
_GUANYU_BODY = r"关于[^，。；！？《》]{2,60}?(?:意见|办法|方案|措施|规定|决定|计划|规划|细则|指南|条例"
_GUANYU = re.compile(r"(?:了|的)?(" + _GUANYU_BODY + r"|通知|公告|通告))")
_GUANYU_BEFORE = re.compile(r"(" + _GUANYU_BODY + r"))$")
APPROVAL_TITLE = ("同意", "批复", "复函")
_PRINTED = re.compile(r"([^，。；！？《》“”]{4,60}?(?:" + "|".join(POLICY_WORDS) + r"))的(?:通知|通告)")
_PURPOSE_MEASURES = re.compile(
    r"了?((?:关于)?(?:支持|促进|推动|加快|加强|推进|进一步|鼓励|扶持)[^，。；《》“”]{2,30}?的"
    # bare 政策 only counted (若干政策, 十条政策): 出台支持…的政策 may tell of policies in general
    r"(?:(?:若干|[\d一二三四五六七八九十]+[条项])(?:政策措施|政策|措施|意见|办法)|政策措施|措施|意见|办法|方案))")
_QUOTED_MEASURES = re.compile(
    r"(?:了)?“([^“”，。]{2,20}?(?:[一二三四五六七八九十百\d]+条|" + "|".join(POLICY_WORDS) + r"))”")
_STANDARD_AFTER = re.compile(r"[^，。；《]{0,10}?(?:国家标准|行业标准|地方标准|团体标准|标准|规范)")
# what follows a standard's title: its code, then its kind (（GB 47955—2026）强制性国家标准), up to an authority
_STANDARD_NAMED = re.compile(r"(?:[（(][^）)]{0,30}[）)])?[^，。；《]{0,10}?(?:国家标准|行业标准|地方标准|团体标准)"
                             r"(?:[^，。；《]{0,40}?由)?")
_CONSULTED_ON = re.compile(r"就([^，。；《》“”]{4,30}?(?:规则|办法|规定|制度|意见|方案|条例|政策|标准|指引|细则))"
                          r"(?:向社会)?(?:公开)?$")
_BACK_REFERENCE = re.compile(r"^(?:该|本|此)?(?:" + "|".join(POLICY_WORDS) + r"|若干措施|行动方案|实施方案|实施意见)$")


class PolicyReleaseRule(EventRule):
    type = "policy_release"
    object_suffixes = ("意见", "方案", "计划", "通知", "办法", "措施", "规划", "规定", "条例", "指南", "纲要",
                       "细则", "决定", "规则", "导则", "指引", "举措", "要点", "新规", "新政",
                       "规范")  # bare 政策 is too vague
    title_words = POLICY_WORDS
    min_np_object = 8
    title_excludes = ("报告", "白皮书", "蓝皮书", "榜单", "名录", "排行")

    def _suffix_after(self, text: str, start: int, end: int, doc: Doc | None = None) -> Phrase | None:
        """An unquoted title right after the trigger: 关于健全支持中小企业发展制度的若干意见; in a notice's own
        title (…办公厅关于印发X的通知, as government sites head their pages) X, the document it prints."""
        m = _GUANYU.match(text, start, end)
        if m:
            return Phrase(m.group(1), m.start(1), m.end(1))
        m = _PURPOSE_MEASURES.match(text, start, end)
        if m:  # 出台支持低空经济发展的十条措施: untitled measures named by their purpose
            return Phrase(m.group(1), m.start(1), m.end(1))
        if text[max(0, start - 4):start].endswith(("关于印发", "关于转发", "关于发布")):
            m = _PRINTED.match(text, start, end)
            if m:
                return Phrase(m.group(1), m.start(1), m.end(1))
        return super()._suffix_after(text, start, end, doc)

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
        if found is None and strategy == "title_before" and spec.id == "policy_release.for_comment":
            # 证监会就完善上市公司再融资规则公开征求意见: the rules consulted on, named after 就, untitled
            m = _CONSULTED_ON.search(doc.text, doc[lo].idx, trigger.start_char)
            return Phrase(m.group(1), m.start(1), m.end(1)) if m else None
        if found is None and strategy == "title_before" and spec.id == "policy_release.issue":
            start = doc[lo].idx
            titles = titles_in(doc.text[start:trigger.start_char])
            if titles:  # 《…安全要求》（GB…）强制性国家标准由…发布: a standard, named so after its title
                title, s, e = titles[-1]
                if _STANDARD_NAMED.match(doc.text, start + e + 1, trigger.start_char):
                    return Phrase(title, start + s, start + e)
            # …办公厅关于进一步促进消费的若干措施印发实施: an unquoted title before its verb
            m = _GUANYU_BEFORE.search(doc.text, start, trigger.start_char)
            return Phrase(m.group(1), m.start(1), m.end(1)) if m else None
        if found is not None or strategy != "title_after":
            return found
        # 批准发布了《智慧城市评价模型…体系》等42项国家标准: a title whose kind is told after it
        text = doc.text
        window = text[trigger.end_char:sent.end_char]
        quoted = _QUOTED_MEASURES.match(window)
        if quoted:  # 发布了“光谷科创十条”: measures known by a quoted short name
            return Phrase(quoted.group(1), trigger.end_char + quoted.start(1), trigger.end_char + quoted.end(1))
        for title, s, e in titles_in(window):
            if s - 1 > 12:
                break
            if _STANDARD_AFTER.match(window, e):
                return Phrase(title, trigger.end_char + s, trigger.end_char + e)
        return None

    def refine(self, cand: Candidate) -> Candidate | None:
        if cand.object is not None and cand.object.end <= cand.trigger.start_char:
            cand.participants = [*cand.participants, *_agents_after_you(cand)]
        if cand.object and cand.object.text.endswith("解决方案") and not cand.object_from_title:
            return None  # 发布智能汽车解决方案: a product offering (launch), no government plan
        if cand.object and cand.object.text.endswith(("公告", "通告")) and not _by_authority(cand):
            return None  # a company's 公告 is a notice to investors, not a policy
        if cand.object and cand.object_from_title and _BACK_REFERENCE.match(cand.object.text):
            return None  # 《方案》明确 / 《通知》提出: the document named before, already an event
        if cand.object and cand.object_from_title and any(w in cand.object.text for w in APPROVAL_TITLE):
            cand.type = "approval"
        elif cand.object and _GRANTING_NOTICE.match(cand.object.text):
            cand.type = "approval"  # 发布关于批准注册28项医疗器械产品的通告: a notice of what the authority approved
        return cand


_GRANTING_NOTICE = re.compile(r"关于(?:批准|同意|核准|准予)")
_AUTHORITY = re.compile(r"(部|委|局|厅|署|办|院|政府|总局|委员会|办公室|监管局)$")


def _agents_after_you(cand: Candidate) -> list[Phrase]:
    """《X》…由A、B批准发布: the bodies after 由, between the document and its verb, issue it."""
    assert cand.object is not None
    doc = cand.sentence.doc
    at = doc.text.rfind("由", cand.object.end, cand.trigger.start_char)
    if at < 0:
        return []
    offsets = token_lists(doc)[2]
    k = next((i for i in range(cand.sentence.start, cand.trigger.start) if offsets[i] > at), cand.trigger.start)
    known = {p.text for p in cand.participants}
    return [n for n in names_between(doc, k, cand.trigger.start) if n.text not in known]


def _by_authority(cand: Candidate) -> bool:
    """Is an authority (a ministry, commission, bureau, government) the one issuing?"""
    return any(_AUTHORITY.search(normalize_name(p.text)) for p in cand.participants)


@register("eventline.policy_release_rules.v1")
def make_policy_release_rules() -> PolicyReleaseRule:
    return PolicyReleaseRule()
