"""report_release: a report, white paper, index, ranking or list published (发布, 出炉, 公布)."""

from __future__ import annotations

from nlp.events.base import Candidate, EventRule
from nlp.registry import register

REPORT_WORDS = ("报告", "白皮书", "蓝皮书", "指数", "榜单", "名录", "排行榜", "排名", "名单", "年鉴", "研究报告", "榜")


class ReportReleaseRule(EventRule):
    type = "report_release"
    object_suffixes = ("报告", "白皮书", "蓝皮书", "指数", "榜单", "名录", "排行榜", "排名", "年鉴", "名单", "榜")
    title_words = REPORT_WORDS
    min_np_object = 6

    def refine(self, cand: Candidate) -> Candidate | None:
        if cand.object and cand.object.text.endswith(_NOTICE):
            return None  # 印发《…名单的通知》: a notice (policy_release), the list is its content
        return cand


_NOTICE = ("通知", "意见", "办法", "公告", "通告", "方案", "决定")


@register("eventline.report_release_rules.v1")
def make_report_release_rules() -> ReportReleaseRule:
    return ReportReleaseRule()
