"""signing: agreements signed (签约, 签署 / 签订 协议·合同·备忘录, 战略合作, 签约入驻)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from nlp.arguments import Phrase
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_ONE_COPY = re.compile(r"了?(?:一份|一项|一纸|两份|多份)")
_BARE_DOCUMENT = re.compile(r"(?:了)?(?:一份|一项|一纸)?(协议|合同|备忘录|意向书)(?=$|[，。；、])")
_BATCH = re.compile(r"(首批)?[\d一二三四五六七八九十百]+(?:个|项|家|批)[^，。；、与和同]{0,16}?(?:项目|企业|机构|单位)")


_SIGNED_ONES = re.compile(r"(?:企业|客商|单位)?(?:项目)?(?:负责人|代表)")
_TERMS_OF = re.compile(r"(?:价|金额|额|总额|价格|率|均价)")


class SigningRule(EventRule):
    type = "signing"
    object_suffixes = ("战略合作框架协议", "合作框架协议", "战略合作协议", "框架协议", "合作协议", "投资协议", "协议书",
                       "协议", "合同", "备忘录", "意向书", "合作书")
    title_words = ("协议", "合同", "备忘录", "意向书", "合作")
    min_np_object = 2  # 签署协议: a bare 协议 is object enough (the parties tell which)

    def _suffix_after(self, text: str, start: int, end: int, doc: Doc | None = None) -> Phrase | None:
        found = super()._suffix_after(text, start, end, doc)
        lead = _ONE_COPY.match(found.text) if found is not None else None
        if found is not None and lead and len(found.text) - lead.end() >= 2:  # 签订了一份合同: the count is no name
            return Phrase(found.text[lead.end():], found.start + lead.end(), found.end)
        if found is not None:
            return found
        bare = _BARE_DOCUMENT.match(text, start, end)  # 与福特签署协议: the bare kind of document is object enough
        return Phrase(bare.group(1), bare.start(1), bare.end(1)) if bare else None

    def refine(self, cand: Candidate) -> Candidate | None:
        """签约入驻 / 集中签约: the object is the batch itself (首批12家企业签约入驻, 18个储能项目集中签约)."""
        doc = cand.sentence.doc
        if _TERMS_OF.match(doc.text, cand.trigger.end_char):
            return None  # 合同签约价 / 签约金额为…: a term of the contract, no signing told
        if cand.trigger.text == "签约" and _SIGNED_ONES.match(doc.text, cand.trigger.end_char):
            return None  # 签约企业负责人参加…: the people of the signed ones, no signing told
        if cand.rule_id in ("signing.settle_in", "signing.batch"):
            left = doc.text[cand.sentence.start_char : cand.trigger.start_char]
            found = list(_BATCH.finditer(left))
            if found:
                m = found[-1]
                start = cand.sentence.start_char + m.start()
                cand.object = Phrase(m.group() + cand.trigger.text, start, cand.trigger.end_char)
        return cand


@register("eventline.signing_rules.v1")
def make_signing_rules() -> SigningRule:
    return SigningRule()
