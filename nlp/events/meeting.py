"""meeting: a conference, summit or forum opens or is held (开幕, 召开, 举行, 举办)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase, clean_name
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_HOSTS = re.compile(r"由([^，。；由]{2,80}?)(?:共同|联合)?(?:主办|举办|承办|指导)")


class MeetingRule(EventRule):
    type = "meeting"
    object_suffixes = ("大会", "峰会", "论坛", "会议", "研讨会", "博览会", "展览会", "发布会", "年会", "座谈会", "交流会",  # noqa: E501
                       "推介会", "洽谈会", "博鳌", "大赛", "展会", "会展", "常务会议", "全体会议", "工作会议", "联席会议",  # noqa: E501
                       "交易会", "进博会", "服贸会", "数博会", "世界人工智能大会", "高交会", "分论坛", "对接会")

    def refine(self, cand: Candidate) -> Candidate | None:
        """Actors of a meeting are its hosts (由…主办) in this or the next sentence, not the words before 开幕."""
        doc = cand.sentence.doc
        window = doc.text[cand.sentence.start_char : cand.sentence.end_char + 200]
        hosts: list[Phrase] = []
        m = _HOSTS.search(window)
        if m:
            base = cand.sentence.start_char + m.start(1)
            for part in re.split(r"[、，和与及]", m.group(1)):
                name = clean_name(part)
                if len(name) >= 2:
                    at = doc.text.find(name, base)
                    hosts.append(Phrase(name, at, at + len(name)))
        cand.participants = hosts
        return cand


@register("eventline.meeting_rules.v1")
def make_meeting_rules() -> MeetingRule:
    return MeetingRule()
