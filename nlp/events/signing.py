"""signing: agreements signed (签约, 签署 / 签订 协议·合同·备忘录, 战略合作, 签约入驻)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_BATCH = re.compile(r"(首批)?[\d一二三四五六七八九十百]+(?:个|项|家|批)[^，。；、与和同]{0,16}?(?:项目|企业|机构|单位)")


class SigningRule(EventRule):
    type = "signing"
    object_suffixes = ("战略合作框架协议", "合作框架协议", "战略合作协议", "框架协议", "合作协议", "投资协议", "协议书",
                       "协议", "合同", "备忘录", "意向书", "合作书")
    title_words = ("协议", "合同", "备忘录", "意向书", "合作")

    def refine(self, cand: Candidate) -> Candidate | None:
        """签约入驻 / 集中签约: the object is the batch itself (首批12家企业签约入驻, 18个储能项目集中签约)."""
        if cand.rule_id in ("signing.settle_in", "signing.batch"):
            doc = cand.sentence.doc
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
