"""signing: agreements signed (签约, 签署 / 签订 协议·合同·备忘录, 战略合作, 签约入驻)."""

from __future__ import annotations

from nlp.events.base import EventRule
from nlp.registry import register


class SigningRule(EventRule):
    type = "signing"
    object_suffixes = ("战略合作框架协议", "合作框架协议", "战略合作协议", "框架协议", "合作协议", "投资协议", "协议书",
                       "协议", "合同", "备忘录", "意向书", "合作书")
    title_words = ("协议", "合同", "备忘录", "意向书", "合作")


@register("eventline.signing_rules.v1")
def make_signing_rules() -> SigningRule:
    return SigningRule()
