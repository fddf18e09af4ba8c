"""meeting: a conference, summit or forum opens or is held (开幕, 召开, 举行, 举办)."""

from __future__ import annotations

import re

from nlp.arguments import Phrase, role_names
from nlp.events.base import Candidate, EventRule
from nlp.registry import register

_HOST_ROLES = ("主办", "承办", "协办", "指导", "联合主办", "共同主办")
_FRAME = re.compile(r"^(?:的[^，。；！？]{1,40}?)?(?:上|期间)(?:[，,]|[^，。；]{0,12}?(?:表示|说|称|指出|介绍|宣布|透露|强调|回应))")  # noqa: E501
_PRESS = re.compile(r"新闻发布会|例行发布会|记者会|吹风会|通气会")


class MeetingRule(EventRule):
    type = "meeting"
    object_suffixes = ("大会", "峰会", "论坛", "会议", "研讨会", "博览会", "展览会", "发布会", "年会", "座谈会", "交流会",  # noqa: E501
                       "推介会", "洽谈会", "博鳌", "大赛", "展会", "会展", "常务会议", "全体会议", "工作会议", "联席会议",  # noqa: E501
                       "交易会", "进博会", "服贸会", "数博会", "世界人工智能大会", "高交会", "分论坛", "对接会",
                       "推进会", "调度会", "部署会", "分析会", "恳谈会", "培训会", "现场会", "动员会", "汇报会")
    min_np_object = 3  # 主持召开座谈会: the bare kind of meeting is object enough

    def refine(self, cand: Candidate) -> Candidate | None:
        """A press conference, or a meeting that only frames what someone said (在…举行的…会上表示 /
        在…开幕式上宣布), is no event; else the hosts are the actors."""
        doc = cand.sentence.doc
        if cand.rule_id == "meeting.at":
            return self._named_occasion(cand)
        after = doc.text[cand.trigger.end_char : cand.sentence.end_char]
        if _FRAME.match(after) or (cand.object is not None and _PRESS.search(cand.object.text)):
            return None
        return self._hosts(cand)

    def _named_occasion(self, cand: Candidate) -> Candidate | None:
        """在2026世界储能大会主论坛上 / 在日前举行的…峰会期间: a named meeting told as the setting of what
        happened there is a meeting too; a bare 会上 or 会议上 names none."""
        doc = cand.sentence.doc
        noun = cand.trigger[0]
        end = noun.idx + len(noun.text)
        at = doc.text.rfind("在", cand.sentence.start_char, noun.idx)
        if at < 0:
            return None
        name = doc.text[at + 1 : end]
        cut = max(name.rfind("的"), name.rfind("，")) + 1  # 在日前举行的…大会: the name after 的
        name = name[cut:].strip("“”\" ")
        if len(name) < 5 or _PRESS.search(name) or re.search(r"[。；，]", name):
            return None
        start = end - len(name)
        cand.object = Phrase(name, start, end)
        return self._hosts(cand)

    def _hosts(self, cand: Candidate) -> Candidate | None:
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
