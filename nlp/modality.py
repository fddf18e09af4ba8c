"""Modality of an event mention: asserted, planned (拟, 将, 计划, 即将出台, 征求意见稿) or negated (未, 不).

A component of its own so the type rules do not re-implement cues. It looks at the clause
around the trigger: cues in a short window before the trigger, a draft-for-comment anywhere in
the clause for policy documents.

Decision (documented in `nlp/__init__.py`): planned and negated events are extracted with their
modality, but `extract_article` / `extract_events` leave them out unless `include_planned=True`;
the scorer output and the digest therefore only carry asserted events.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from nlp.analyzer import split_sentences
from nlp.non_events import non_event_reason
from nlp.registry import register
from nlp.state import ArticleState, Draft, Step
from schemas import TYPE_INFO, Modality

PLAN_CUES = ("拟", "将", "计划", "即将", "准备", "预计", "有望", "筹备", "正在", "争取", "力争", "打算", "将于", "拟于",
             "将会", "有意", "谋划", "规划建设", "推动", "加快", "支持", "鼓励", "要", "需", "应")
NEGATION_CUES = ("未", "不", "没有", "尚未", "暂未", "并未", "否认", "并非", "无意", "暂不", "不会", "终止", "取消")
DRAFT_CUES = ("征求意见稿", "公开征求意见", "征求意见", "草案")
_PROPOSED_LIST = re.compile(r"拟[^，。；]{0,12}名单")
_CLAUSE = re.compile(r"[，。；;！？!?\n]")
# a contract, plan or placement terminated, cancelled, suspended or withdrawn (终止该合同, 取消本次发行)
_CANCELLED = re.compile(
    r"(终止|解除|取消|暂停|撤回|撤销|中止)(了)?(该|本|此|上述|这份|这一|双方|原|相关|此前)?[^，。；]{0,12}?"
    r"(合同|协议|备忘录|合作|定增|发行|融资|交易|投资|申请|设立|计划|方案)"
    r"|(合同|协议|备忘录|定增|发行|交易|申请)[^，。；]{0,4}?(已|被|予以|正式|宣告)(终止|解除|取消|撤回|中止)"
)


def modality_of(sentence: str, trigger_start: int, trigger_end: int, event_type: str = "") -> Modality:
    """Modality of the event whose trigger spans [trigger_start, trigger_end) of `sentence`."""
    # 拟支持名单 / 拟认定名单: a list of proposed names, made public now; the 拟 qualifies the list
    left = _PROPOSED_LIST.sub(lambda m: "·" * len(m.group()), sentence[:trigger_start])
    cut = max((m.end() for m in _CLAUSE.finditer(left)), default=0)
    before = left[cut:][-10:]
    after_m = _CLAUSE.search(sentence, trigger_end)
    clause = sentence[cut : after_m.start() if after_m else len(sentence)]
    near = before[-4:]
    if any(near.endswith(c) or c in near[-3:] for c in NEGATION_CUES if len(c) > 1) or near[-1:] in ("未", "不"):
        return Modality.negated
    keeps_cancelled = event_type in TYPE_INFO and TYPE_INFO[event_type].keeps_cancelled  # a policy about a cancellation
    if not keeps_cancelled and _CANCELLED.search(sentence):
        return Modality.negated  # 签订的《合同》…决定终止该合同 / 终止本次定增: the act is undone
    # a draft published for comment is a policy released; an approval of a draft is not yet one
    if event_type == "approval" and any(c in clause for c in DRAFT_CUES):
        return Modality.planned
    if any(c in before for c in ("拟", "计划", "即将", "准备", "预计", "有望", "筹备", "打算", "力争", "争取")):
        return Modality.planned
    whole_before = left[cut:]  # 拟以自有资金不超过3亿元在无锡投资设立: the cue may stand far from the trigger
    # 资助计划 / 行动计划 / 人才计划: a programme's name, no plan to act
    far_cue = re.search(r"(?<![模比])拟|(?<!资助|行动|倍增|专项|人才|发展|年度|工作|培育|扶持|支持|激励|引才|招商|扩展)"
                        r"计划(?!单列|经济|第)|打算|筹划|将于|定于|将(?:获得|获|迎来|完成|实现|签署|设立|成立|推出|发布)",
                        whole_before)  # 将获得70亿元投资: what is to come
    if far_cue and "已" not in whole_before[-4:]:
        return Modality.planned
    if event_type != "policy_release" and re.match(r"(鼓励|支持|引导|推动|推进|加快|积极|依托)", whole_before):
        return Modality.planned  # 鼓励企业通过…设立研发中心: what a policy asks for
    asked = re.search(r"(加快|加速|推动|支持|鼓励|积极|推进|引导|谋划|探索|助力)([^，。；]{0,4})$", before)
    if event_type not in ("policy_release", "approval", "report_release") and asked and not re.search(
        r"(会|会议|论坛|大会|活动|工作)$", asked.group(2) or asked.group(1)
    ):  # what a plan tells to do (加快组建…研究院) has not happened; a 推进大会 is held
        return Modality.planned
    if re.search(r"将(?![近超逾])", before[-6:]) or "将于" in before:
        return Modality.planned
    if sentence[trigger_end : trigger_end + 2] in ("方案",) and "将" in before:
        return Modality.planned
    return Modality.asserted


_CONTENT_CUE = re.compile(
    r"^(?:[^，。]{0,12}?(?:通知|意见|方案|计划|规划|办法|措施|文件|《[^》]{1,60}》))(?:表示|提出|指出|明确|要求|强调|称|显示)"
)


@lru_cache(maxsize=256)  # asked once per event: the events of one sentence share the answer
def document_content(text: str, start: int) -> bool:
    """Is the sentence at `start` part of what a document says (通知表示 … in the same paragraph)?"""
    line_start = text.rfind("\n", 0, start) + 1
    para = text[line_start:start]
    sentences = [para[a:b] for a, b in split_sentences(para)]
    own_end = text.find("。", start)
    own = text[start: own_end if own_end >= 0 else len(text)]
    return any(_CONTENT_CUE.match(x.strip()) for x in [*sentences, own])


def modality_step(state: ArticleState) -> None:
    """Each draft's modality; a draft not asserted is dropped unless planned events are wanted."""
    modalities = [_own_modality(draft, state.text) for draft in state.drafts]
    headline_end = state.text.find("】") if state.text.startswith("【") else -1
    kept = []
    for draft, modality in zip(state.drafts, modalities, strict=True):
        if modality == Modality.asserted and draft.trigger_end <= headline_end:
            # 【X：签订…合同】…公司拟与Y签订…合同: a headline drops the body's 拟; the body's telling decides
            told = [m for other, m in zip(state.drafts, modalities, strict=True)
                    if other.trigger_start > headline_end and _same_fact(draft, other)]
            if told and Modality.asserted not in told:
                modality = told[0]
        if modality != Modality.asserted and not state.include_planned:
            continue
        start = draft.trigger_start - draft.sentence_start
        trigger = (start, start + draft.trigger_end - draft.trigger_start)
        if non_event_reason(draft.sentence, *trigger, draft.type, bool(draft.phrases)):
            continue  # a citation, an aggregate, attendance: the trigger word reports no event
        draft.event.modality = modality
        kept.append(draft)
    state.drafts = kept


def _own_modality(draft: Draft, text: str) -> Modality:
    start = draft.trigger_start - draft.sentence_start
    modality = modality_of(draft.sentence, start, start + draft.trigger_end - draft.trigger_start, draft.type)
    if modality == Modality.asserted and draft.rule_id != "policy_release.title_states" and document_content(
        text, draft.sentence_start
    ):
        modality = Modality.planned  # what a document says should happen is not an event
    return modality


def _same_fact(headline: Draft, body: Draft) -> bool:
    """Does the body's draft tell the headline's fact: the same type, objects sharing a long stretch?"""
    if headline.type != body.type or headline.object is None or body.object is None:
        return False
    a, b = headline.object.text, body.object.text
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(4, len(a), len(b))


@register("eventline.modality.v1", requires=("drafts",), assigns=("drafts.modality",))
def make_modality_step() -> Step:
    return modality_step
