"""establishment: a zone, park, centre, lab, institute or alliance founded (成立, 揭牌, 挂牌, 组建, 落户, 启动)."""

from __future__ import annotations

from nlp.events.base import Candidate, EventRule, strip_quotes
from nlp.registry import register

ESTABLISHMENT_SUFFIXES = ("研究院", "研究所", "实验室", "研究中心", "创新中心", "中心", "联盟", "产业园", "园区", "示范区",  # noqa: E501
                          "先导区", "试验区", "基地", "平台", "有限公司", "公司", "协会", "学会", "孵化器", "领导小组",
                          "工作组", "委员会", "分院", "总部", "办公基地", "工作站", "集团", "商会", "联合会", "专委会",
                          "工作室", "科技园", "创新港", "产业城", "智算中心", "算力中心", "数据中心", "基金")


class EstablishmentRule(EventRule):
    type = "establishment"
    object_suffixes = ESTABLISHMENT_SUFFIXES

    def refine(self, cand: Candidate) -> Candidate | None:
        cand.object = strip_quotes(cand.object)
        return cand if cand.object else None


@register("eventline.establishment_rules.v1")
def make_establishment_rules() -> EstablishmentRule:
    return EstablishmentRule()
