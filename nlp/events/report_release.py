"""report_release: a report, white paper, index, ranking or list published (发布, 出炉, 公布)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.arguments import Phrase, titles_in
from nlp.events.base import Candidate, EventRule
from nlp.events.patterns_io import PatternSpec
from nlp.registry import register

REPORT_WORDS = ("报告", "白皮书", "蓝皮书", "指数", "榜单", "名录", "排行榜", "排名", "名单", "年鉴", "研究报告", "榜")


class ReportReleaseRule(EventRule):
    type = "report_release"
    object_suffixes = ("报告", "白皮书", "蓝皮书", "指数", "榜单", "名录", "排行榜", "排名", "年鉴", "名单", "榜")
    title_words = REPORT_WORDS
    min_np_object = 6

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
        if found is not None or strategy != "title_after":
            return found
        # 发布《2026研究前沿》报告: a title whose kind is told right after it
        window = doc.text[trigger.end_char:sent.end_char]
        for title, s, e in titles_in(window):
            if s - 1 > 12:
                break
            if _KIND_AFTER.match(window, e + 1) and not any(w in title for w in self.title_excludes):
                return Phrase(title, trigger.end_char + s, trigger.end_char + e)
        return None

    def refine(self, cand: Candidate) -> Candidate | None:
        if cand.object and cand.object.text.endswith(_NOTICE):
            return None  # 印发《…名单的通知》: a notice (policy_release), the list is its content
        return cand


_KIND_AFTER = re.compile(r"(?:系列)?(?:研究)?(?:" + "|".join(REPORT_WORDS) + r")")
_NOTICE = ("通知", "意见", "办法", "公告", "通告", "方案", "决定")


@register("eventline.report_release_rules.v1")
def make_report_release_rules() -> ReportReleaseRule:
    return ReportReleaseRule()
