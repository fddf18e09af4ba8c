"""meeting: a conference, summit or forum opens or is held (开幕, 召开, 举行, 举办)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp import regions
from nlp.arguments import Phrase, role_names
from nlp.events.base import Candidate, EventRule
from nlp.events.patterns_io import PatternSpec
from nlp.registry import register

_HOLDS = ("召开", "举行", "举办")
_HOST_ROLES = ("主办", "承办", "协办", "指导", "联合主办", "共同主办")
_FRAME = re.compile(r"^(?:的[^，。；！？]{1,40}?)?(?:上|期间)(?:[，,]|[^，。；]{0,12}?(?:表示|说|称|指出|介绍|宣布|透露|强调|回应))")  # noqa: E501
_PRESS = re.compile(r"新闻发布会|例行发布会|记者会|吹风会|通气会")
_CLAUSE_BREAKS = "，,。；;：:！？\n"
# what may open a clause before a meeting's name without being part of it: a date or time, 本次 / 此次
# and similar (的-phrases such as 为期两天的 are cut before, see `_outside_quotes_after`)
_NAME_LEAD = re.compile(
    r"^(?:(?:\d{1,4}年)?\d{1,2}月\d{1,2}日|今天|今日|昨天|昨日|当天|当日|同日|近日|日前)?"
    r"(?:上午|下午|晚间|晚上|晚|早上|傍晚)?(?:[，,\s])*(?:本次|此次|这次|本届|该)?"
)
# a verb or a subject with its predicate before the name: not a name's words (X主持召开, X出席)
_NOT_IN_NAME = re.compile(r"[《》]|出席|主持|参加|参会|致辞|表示|指出|见证|迎来|迎接|庆祝|相聚|我们"
                          r"|在|于|由|向|对|将|已|正在|也是")
_JOINED = re.compile(r"暨[^，,。；;：:！？\n]{2,40}")


_COUNTED_MEETINGS = re.compile(r"^(?:[^，。；]{0,2}[及和与、])?[\d一二三四五六七八九十两多数]+场")


class MeetingRule(EventRule):
    type = "meeting"
    object_suffixes = ("大会", "峰会", "论坛", "会议", "研讨会", "博览会", "展览会", "发布会", "年会", "座谈会", "交流会",  # noqa: E501
                       "推介会", "洽谈会", "博鳌", "大赛", "展会", "会展", "常务会议", "全体会议", "工作会议", "联席会议",  # noqa: E501
                       "交易会", "进博会", "服贸会", "数博会", "世界人工智能大会", "高交会", "分论坛", "对接会",
                       "推进会", "调度会", "部署会", "分析会", "恳谈会", "培训会", "现场会", "动员会", "汇报会",
                       "学习会", "报告会", "说明会", "宣讲会", "启动会", "评审会", "观摩会",
                       "党代会", "人代会", "全会")  # 第十二次党代会, 二十届三中全会: congresses and plenums
    min_np_object = 3  # 主持召开座谈会: the bare kind of meeting is object enough

    def find_object(
        self, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> tuple[Phrase | None, bool]:
        found = super().find_object(doc, sent, trigger, spec, lo, hi)
        if found[0] is not None and found[0].end <= trigger.start_char and trigger.text in _HOLDS:
            after = self._strategy("np_right", doc, sent, trigger, spec, lo, hi)
            if after is not None and after.text.endswith(self.object_suffixes):
                return after, False  # 世界互联网大会召开新闻发布会: the body before 召开 holds the meeting after it
        bare = trigger.end < hi and doc[trigger.end].text == "会议"
        if found[0] is None and bare and trigger.text in ("召开", "举行") and trigger.start > lo:
            # 省委常委会召开会议 / 市政府召开会议: the body's own meeting, named by the body before the verb
            word = doc[trigger.end]
            return Phrase(word.text, word.idx, word.idx + len(word.text)), False
        return found

    def refine(self, cand: Candidate) -> Candidate | None:
        """A press conference, or a meeting that only frames what someone said (在…举行的…会上表示 /
        在…开幕式上宣布), is no event; else the hosts are the actors."""
        doc = cand.sentence.doc
        if cand.rule_id == "meeting.at":
            return self._named_occasion(cand)
        if cand.object is not None and _COUNTED_MEETINGS.search(cand.object.text):
            return None  # …及7场大会: meetings counted, none named
        after = doc.text[cand.trigger.end_char : cand.sentence.end_char]
        if _FRAME.match(after) or (cand.object is not None and _PRESS.search(cand.object.text)):
            return None
        if cand.object is not None and cand.object.text.endswith(self.object_suffixes):
            name = cand.object = _unquoted(self._whole_name(cand, cand.object))
            # words of the name (宿迁市高质量发展… of its title) are no actors; a host it names is read from it
            cand.participants = [p for p in cand.participants
                                 if not (name.start <= p.start and p.end <= name.end and p.text != name.text)]
        return self._hosts(cand)

    def _whole_name(self, cand: Candidate, name: Phrase) -> Phrase:
        """A meeting's name as written, not the noun phrase the segmenter closed early: before the
        trigger it runs back to the start of its clause (中国某某学会数学促进企业创新发展论坛在长沙开幕,
        after a 的 or a time word), and two names joined by 暨 are one meeting (…推进会暨…表彰大会)."""
        text = cand.sentence.doc.text
        start, end = name.start, name.end
        if text[start:end] != name.text:  # quotes dropped from the phrase's text: its end is where the text ends
            found = text.find(name.text[-2:], start)
            end = found + 2 if found >= 0 else end
        if end <= cand.trigger.start_char:
            clause = max(text.rfind(c, cand.sentence.start_char, start) for c in _CLAUSE_BREAKS) + 1
            head = text[max(clause, cand.sentence.start_char):start]
            head = head[_outside_quotes_after(head, "的"):]  # 为期两天的…大会: the name after 的
            lead = _NAME_LEAD.match(head)
            head = head[lead.end() if lead else 0:]
            if head and not _NOT_IN_NAME.search(head):
                start -= len(head)
        elif start >= cand.trigger.end_char:  # 召开2021年度…工作总结暨作风建设大会: the name begins at the verb
            head = text[cand.trigger.end_char:start]
            skip = len(head) - len(head.lstrip("了的 "))  # 举行的第二届…推介会: the name after 的
            if head[skip:] and not re.search(f"[{_CLAUSE_BREAKS}]", head) and not _NOT_IN_NAME.search(head[skip:]):
                start = cand.trigger.end_char + skip
        joined = _JOINED.match(text, end, cand.sentence.end_char)
        if joined and joined.group(0).endswith(self.object_suffixes):
            end = joined.end()
        if (start, end) == (name.start, name.end):
            return name
        return Phrase(text[start:end], start, end, name.tag)

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
        owner = name[:cut - 1] if cut > 0 and name[cut - 1] == "的" else ""
        name = name[cut:].strip("“”\" ")
        if name.count("“") != name.count("”"):  # “新春第一会”、全市…大会: a quote left open by the cut
            name = name.replace("“", "").replace("”", "")
        if len(name) < 5 or _PRESS.search(name) or re.search(r"[。；，]", name):
            return None
        start = end - len(name)
        cand.object = Phrase(name, start, end)
        cand = self._hosts(cand)
        if cand is not None and not cand.participants and _is_place(owner):
            cand.participants = [Phrase(owner, at + 1, at + 1 + len(owner), "ns")]  # 在常州的…大会上: the city's
        return cand

    def _hosts(self, cand: Candidate) -> Candidate | None:
        """Actors of a meeting are its hosts (由…主办, …承办, …指导) in this or the next sentence, not the
        words before 开幕."""
        hosts = role_names(_window(cand), _HOST_ROLES, cand.sentence.start_char)
        if hosts or cand.trigger.text not in ("举行", "举办", "召开"):
            cand.participants = hosts
        # else: X举行/召开…会: the subject before the trigger hosts it (kept from the generic rule)
        return cand


def _is_place(text: str) -> bool:
    """Is `text` exactly a province, city or district name (常州, 江苏省)?"""
    if not 2 <= len(text) <= 8:
        return False
    place = regions.opening_place(text)
    return place is not None and place.end == len(text)


def _unquoted(name: Phrase) -> Phrase:
    """迎来了“第三届…研讨会”: the name without the quotes around it (quotes inside it stay)."""
    text, start, end = name.text, name.start, name.end
    if text.startswith("“") and text.count("“") > text.count("”"):
        text, start = text[1:], start + 1
    if text.endswith("”") and text.count("”") > text.count("“"):
        text, end = text[:-1], end - 1
    return name if text == name.text else Phrase(text, start, end, name.tag)


def _outside_quotes_after(text: str, word: str) -> int:
    """The index after the last `word` of `text` that stands outside quotes (0 when none): the 的 of
    “办好人民满意的教育”推进大会 is the name's own."""
    depth, cut = 0, 0
    for at, char in enumerate(text):
        if char in "“「":
            depth += 1
        elif char in "”」":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(word, at):
            cut = at + len(word)
    return cut


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
