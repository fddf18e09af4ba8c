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
# 今年以来，全市共签约项目150个: a tally over a period, no one event
_TALLY = re.compile(r"(?:今年|年初|去年|上半年|下半年|年内|近年|开年)(?:来|以来)[^。；]{0,16}共$")
# 长沙、东莞等多地出台 / 多家银行推出: many places or bodies as the subject, no one event
_MANY_SUBJECT = re.compile(r"(?:多地|各地|多省|多市|多个(?:省份|省市|城市|地区|地方|部门)|不少地方"
                           r"|多家(?:企业|机构|银行|公司))[^，。；]{0,14}$")
# 出台了一系列政策 / 举办多领域研讨会 / 推出多项举措: many acts summed up, no one event
_MANY_AFTER = re.compile(r"^了?(?:一系列|系列|多项|多个|多场|多次|多种|多领域|多批|一批批|若干|各类|各项)")
# 制定出台取得积极进展 / 出台工作 / 落地情况: the act as a topic
_NOMINAL_AFTER = re.compile(r"^(?:取得|工作|进展|情况|力度|步伐|进度)")
# 此前已签署 / 早前曾发布 / 曾经举办: an act recalled from before the report, told without its own date
_EARLIER = re.compile(r"(?:此前|早前|先前|曾经|此前曾|之前曾)[^，。；\d年月日]{0,6}$")
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
    if _AGGREGATE.search(clause_before) or _AGGREGATE.search(after[:6]) or _MANY_AFTER.match(after) \
            or re.search(r"(?:相继|陆续|先后)$", clause_before) \
            or _TALLY.search(before) \
            or _MANY_SUBJECT.search(clause_before):
        return "aggregate"
    if re.match(r"^(?:后|之后|以后)[^。；]{0,30}将", after):
        return "condition"  # 项目建成投产后，将…: what follows a future act, not a reported one
    after_clause = re.split(r"[，。；;]", after, maxsplit=1)[0]
    since_then = re.search(r"自[^，。；]{0,12}年", clause_before) and re.search(r"后[，,]?\s*(?:一直|始终|均)", after)
    if re.search(r"^[^，。；]{0,12}?的(?:最终)?(?:目的|原因|意义|考虑|背景|初衷)", after) \
            or "以来" in after_clause or since_then:
        return "background"  # 设立…的目的是 / 自2025年启动…以来 / 自1971年…通过后一直: not a new act told
    if _EARLIER.search(clause_before):
        return "background"  # 双方此前已签署…协议: an earlier act recalled, not the one reported
    if clause_before.startswith("其中") and re.match(r"^了?[\d一二三四五六七八九十两百]+(?:个|家|项|笔)", after):
        return "aggregate"  # 全市共签约33个项目，其中阳新签约18个项目: a part of the tally told before
    if _NOMINAL_AFTER.match(after):
        return "nominal"  # 制定出台取得积极进展: the act named as a topic, its progress reported
    if event_type == "policy_release" and _SOURCE_LEAD.search(clause_before) and "》" in clause_before:
        return "citation"  # 根据其此前发布的《…规划》提出，…: the document's content used as a source
    if event_type in ("launch", "establishment") and re.search(r"包括[^。；]*[、，]", before):
        return "content"  # 医疗护理包括…、开通转诊绿色通道等: items of a list of services, not acts
    if _SAYS.match(sentence) and event_type in ("policy_release", "report_release", "launch"):
        return "content"
    if re.match(r"^(?:这次|此次|本次|这场|该|上述)", after) and event_type == "meeting":
        return "back_reference"  # 召开这次座谈会: the meeting told before
    if after.startswith("的") and re.search(r"(?:本次|此次|这次|该|上述)[^，。；]{0,3}$", clause_before):
        return "back_reference"  # 本次获授牌的基地: the act told before, now a description
    if event_type == "policy_release" and re.search(r"》(?:中|也|还|更|则|进一步)(?:明确|已|曾|就|即)?$",
                                                    clause_before):
        return "content"  # 《规范》中明确 / 《建议》也提出: what a document says, not its release
    if clause_before.endswith("对") or re.search(r"^[^，。；]{0,30}?(?:等(?:各类|系列|多项|多种)?活动)", after):
        return "condition"  # 对入选…的项目给予补贴 / 开展…等各类活动: what a policy provides for, not an act
    if len(sentence.strip()) <= 10 and not re.search(r"[，。；！？\d]", sentence):
        return "heading"  # 项目签约仪式: a section heading, the act is told below it
    if event_type == "signing" and re.match(r"^(?:服务(?!协议|合同)|医生|主播|艺人|作家|球员)", after):
        return "service"  # 家庭医生签约服务 / 签约主播: a kind of service or engagement, not an agreement signed
    if event_type == "signing" and not has_participants and _ATTENDING.search(clause_before):
        return "attendance"
    if event_type == "signing" and not has_participants and not re.search(r"[与和同跟]|双方|各方|共同", clause_before) \
            and re.match(r"^[^，。；]{0,4}(?:服务|用户|劳动|购房|租赁)(?:协议|合同)", after):
        return "procedure"  # 签订服务协议: a step a document describes, with nobody named
    return None
