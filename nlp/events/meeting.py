"""meeting: a conference, summit or forum opens or is held (开幕, 召开, 举行, 举办)."""

from __future__ import annotations

import re

from nlp.arguments import role_names
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_HOST_ROLES = ("主办", "承办", "协办", "指导", "联合主办", "共同主办")


class MeetingRule(EventRule):
    type = "meeting"
    object_suffixes = ("大会", "峰会", "论坛", "会议", "研讨会", "博览会", "展览会", "发布会", "年会", "座谈会", "交流会",  # noqa: E501
                       "推介会", "洽谈会", "博鳌", "大赛", "展会", "会展", "常务会议", "全体会议", "工作会议", "联席会议",  # noqa: E501
                       "交易会", "进博会", "服贸会", "数博会", "世界人工智能大会", "高交会", "分论坛", "对接会")

    def refine(self, cand: Candidate) -> Candidate | None:
        """Actors of a meeting are its hosts (由…主办, …承办, …指导) in this or the next sentence, not the
        words before 开幕."""
        hosts = role_names(_window(cand), _HOST_ROLES, cand.sentence.start_char)
        if hosts or cand.trigger.text not in ("举行", "举办", "召开"):
            cand.participants = hosts
        # else: X举行/召开…会: the subject before the trigger hosts it (kept from the generic rule)
        return cand


def _window(cand: Candidate) -> str:
    """The candidate's sentence and the next one (hosts are often named right after the opening)."""
    doc = cand.sentence.doc
    text = doc.text[cand.sentence.start_char : cand.sentence.end_char + 200]
    end = len(doc.text[cand.sentence.start_char : cand.sentence.end_char])
    nxt = re.search(r"[。！？\n]", text[end + 1:]) if end < len(text) else None
    return text[: end + 1 + nxt.end()] if nxt else text


@register("eventline.meeting_rules.v1")
def make_meeting_rules() -> MeetingRule:
    return MeetingRule()
