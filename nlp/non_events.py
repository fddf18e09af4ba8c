"""Sentences that use an event word without reporting an event.

A trigger word is not always an event: news cites documents as data sources (根据X发布的《Y》显示),
sums up many acts at once (多个省份都已发布…, 连续四年举行…), lists what a document asks for (会议指出，…推出
一揽子政策), describes procedure (入院前…签订服务协议) or who attended (出席本次签约仪式的有…).
`non_event_reason` names the kind of phrasing, or returns None for a reported act. It reads the
sentence and the trigger's offsets in it: plain values, so it serves every event type.
"""

from __future__ import annotations

import re

# 根据 / 据 / 按照 …发布的《…》: a document used as a source of figures or rules
_SOURCE_LEAD = re.compile(r"(?:根据|依据|按照|据|如|参照|对照)[^，。；]{0,40}$")
_SOURCE_TAIL = re.compile(r"^的?[^，。；]{0,60}?(?:显示|表明|数据|统计|测算)")
# 多个省份都已经发布 / 各地纷纷出台 / 连续四年举行 / 自2017年以来连续4年修订: many acts, no one event
_AGGREGATE = re.compile(
    r"连续[\d一二三四五六七八九十两]+(?:年|届|次)|(?:多个|多家|多地|各地|各省|不少|众多|诸多|等多个|等地)[^，。；]{0,12}"
    r"(?:都|均|纷纷|相继|陆续|已经|已)|每年|每届|历年|累计"
)
# 会议指出 / 会议强调 …: what a meeting or a document says, not what happened
_SAYS = re.compile(r"^[^，。；]{0,8}?(?:会议|会上|讲话|文件|报告)(?:指出|强调|要求|认为|提出|明确)")
# 出席本次签约仪式的 / 共同见证项目签约: attendance, the act itself is told elsewhere
_ATTENDING = re.compile(r"(?:出席|参加|见证|参与|观摩)[^，。；]{0,8}$")


def non_event_reason(sentence: str, trigger_start: int, trigger_end: int, event_type: str,
                     has_participants: bool) -> str | None:
    """Why the trigger at [trigger_start, trigger_end) of `sentence` reports no event, or None."""
    before = sentence[:trigger_start]
    after = sentence[trigger_end:]
    clause_start = max((before.rfind(c) for c in "，。；;："), default=-1) + 1
    clause_before = before[clause_start:]
    if after.startswith("的") and (_SOURCE_LEAD.search(before) or _SOURCE_TAIL.match(after)) \
            and event_type != "meeting":
        return "citation"
    if re.search(r"(?:根据|按照|依据|依照)$", clause_before):
        return "citation"  # 根据批复，… / 按照复函要求: the document told before, now a source
    if _AGGREGATE.search(clause_before) or _AGGREGATE.search(after[:6]):
        return "aggregate"
    if _SAYS.match(sentence) and event_type in ("policy_release", "report_release", "launch"):
        return "content"
    if event_type == "signing" and re.match(r"^(?:服务(?!协议|合同)|医生|主播|艺人|作家|球员)", after):
        return "service"  # 家庭医生签约服务 / 签约主播: a kind of service or engagement, not an agreement signed
    if event_type == "signing" and not has_participants and _ATTENDING.search(clause_before):
        return "attendance"
    if event_type == "signing" and not has_participants and not re.search(r"[与和同跟]|双方|各方|共同", clause_before) \
            and re.match(r"^[^，。；]{0,4}(?:服务|用户|劳动|购房|租赁)(?:协议|合同)", after):
        return "procedure"  # 签订服务协议: a step a document describes, with nobody named
    return None
