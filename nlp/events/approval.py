"""approval: an authority approves, grants or selects (批复, 获批, 同意, 复函支持, 授牌, 入选)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.analyzer import org_suffixes
from nlp.arguments import Phrase, clause_bounds, clean_name, np_left, np_right, token_lists
from nlp.events.base import Candidate, EventRule, subject_before, walk_left
from nlp.events.patterns_io import PatternSpec
from nlp.registry import register
from schemas import ParticipantKind

# 获国家药监局批准 / 经国务院批准: the authority between 获 (经) and the verb
_GRANTED_BY = re.compile(r"(?:获得|获|经)([^，。；获经]{2,20}?)$")
_MADE_BY = {"研发", "开发", "研制", "生产", "推出", "申报", "上报", "提交", "自主研发"}
_COUNTED = re.compile(r"[\d一二三四五六七八九十两百]+家")
_TO_FOUND = ("筹建", "设立", "成立", "开业", "组建")
_TO_MARKET = ("上市", "注册", "临床", "生产", "进口")
# what an authority lets a named company or institute do (同意X首次公开发行股票注册, 批准X设立…)
_APPLIED_ACTS = ("首次公开发行", "公开发行", "发行", "首发", "IPO", "上市", "注册", "设立", "筹建", "开业", "开展",
                 "科创板", "创业板", "北交所", "主板", "沪市主板", "深市主板")  # …创业板IPO注册申请
# 上市委审议通过X(的)首发申请: the company the committee cleared
_LISTING_APPLICANT = re.compile(r"了?([^，。；、“”《》]{2,20}?)的?(?:科创板|创业板|北交所|主板)?"
                                r"(?:首发|首次公开发行|IPO|发行上市)")
_APPLICANT_KINDS = (ParticipantKind.company, ParticipantKind.university, ParticipantKind.institute)
# what an authority lets a place or a body do (同意某市开展…试点 / 建设…中心), and the work word after it
_PERMITTED_ACTS = {"开展", "建设", "创建", "设立", "筹建", "承办", "举办", "实施", "启动", "组建"}
_WORK_TAIL = re.compile(r"(?:建设|工作|试点工作|相关工作)$")
_MUTUAL = re.compile(r"(?:双方|各方|两国|一致|共同)$")  # 中美双方同意成立…: an agreement between parties, no approval
_AUTHORITY = re.compile(r"(?:局|委|部|厅|署|政府|委员会|办公室|国务院)$")
_SECOND_VERB = re.compile(r"(?:同意|批准|核准|原则同意)")  # 批复同意 / 批复原则同意: one act told by two verbs
_MANNER = re.compile(r"(?:附条件|有条件|正式|紧急|同意|已|也|均)+$")  # …药监局附条件批准: how, not who


class ApprovalRule(EventRule):
    type = "approval"
    object_suffixes = ("先导区", "示范区", "试验区", "试点", "先行区", "示范基地", "基地", "园区", "示范城市", "城市",
                       "示范项目", "名单", "中心", "实验室", "平台", "集群", "自贸区", "新区", "高新区",
                       "开发区", "称号", "资质", "牌照", "许可", "方案", "规划", "注册", "上市", "临床试验", "申请",
                       "筹建", "开业", "产品", "药品", "新药", "疫苗", "器械", "项目", "批准通知书", "注册证",
                       # financial products a regulator approves (…碳中和ETF正式获批)
                       "ETF", "REITs", "基金", "债券",
                       "牌照", "许可证", "执照", "资格")  # 发放5G商用牌照: a licence granted
    title_words = ()  # 批复《…规划》: whatever title the authority approves

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        found = super()._strategy(strategy, doc, sent, trigger, spec, lo, hi)
        if found is not None and found.start >= trigger.end_char and (verb := _SECOND_VERB.match(found.text)):
            # 批复同意X: the second verb says the same; what is approved follows it
            cut = verb.end()
            found = Phrase(found.text[cut:], found.start + cut, found.end, found.tag) if len(found.text) - cut >= 2 \
                else None
        if found is None and strategy in ("np_right", "suffix_sentence") and trigger.end + 1 < hi \
                and not _MUTUAL.search(doc.text, 0, trigger.start_char):
            # 获批筹建理财子公司 / 同意筹建某农商银行 / 批准某公司设立养老保险子公司: the body the regulator lets be
            # founded (by whom it names before the founding verb, a few words at most)
            words = token_lists(doc)[0]
            k = next((i for i in range(trigger.end, min(hi - 1, trigger.end + 4)) if words[i] in _TO_FOUND), None)
            if k is not None:
                return np_right(doc, k, hi)
        if found is not None or trigger.text not in ("获批", "获准"):
            return found
        if strategy != "np_left":
            return None
        if not doc.text.startswith(_TO_MARKET, trigger.end_char):
            return None
        # 首台国产PET/CT正式获批上市: what is cleared for the market is named before, of whatever kind
        i = self._left_anchor(doc, trigger.start, lo)
        return walk_left(doc, lo, i) if i > lo else None

    def refine(self, cand: Candidate) -> Candidate | None:
        """新药获国家药监局批准上市: the authority stands between 获 and the verb, what it approved before 获."""
        if not cand.participants and cand.rule_id == "approval.approve":
            cand.participants = _authority_before(cand)  # …官网披露了…的批复，同意筹建X: named in a clause before
        if cand.rule_id == "approval.committee":
            return _with_listing_applicant(cand)
        if cand.rule_id == "approval.licence" and not cand.participants:
            return None  # 自核发许可证开始…: a rule's wording, no authority granting anyone anything
        if cand.rule_id == "approval.obtain" and cand.object is not None and cand.object.end <= cand.trigger.start_char:
            return _with_applicant(cand)
        if cand.object is not None and cand.object.start >= cand.trigger.end_char \
                and cand.rule_id in ("approval.approve", "approval.authority_agrees"):
            return _with_applicant_after(cand)
        if cand.rule_id != "approval.approve" or cand.object is None:
            return cand
        doc = cand.sentence.doc
        lo, _ = clause_bounds(cand.sentence, cand.trigger.start)
        before = doc.text[doc[lo].idx:cand.trigger.start_char]
        granted = _GRANTED_BY.search(before)
        if granted is None:
            return None  # an object before 批准 with no 获 / 经: the authority is the subject, nothing approved
        at = doc[lo].idx + granted.start()
        i = next((t.i for t in doc[lo:cand.trigger.start] if t.idx >= at), None)
        while i is not None and i > lo and doc[i - 1].tag_ == "t":  # 新药近日获…: the time word is no name
            i -= 1
        approved = walk_left(doc, lo, i) if i is not None else None  # 降/脂/新药: a verb inside the name
        if approved is None or len(approved.text) < 2:
            return None
        said = _MANNER.sub("", granted.group(1))
        start = at + len(granted.group(0)) - len(said)
        name = clean_name(said)  # 国务院常务会议 → 国务院
        start += max(said.find(name), 0)
        authority = Phrase(name, start, start + len(name))
        cand.object = approved
        k = next((t.i for t in doc[lo:i] if t.idx >= approved.start), None)
        owner = _applicant(doc, lo, k) if k is not None else None
        applicants = [owner] if owner is not None else []  # 星河生物的新药: who applied for it
        cand.participants = [authority, *applicants]
        return cand


def _with_applicant(cand: Candidate) -> Candidate | None:
    """Something cleared before 获批 (联影医疗自主研发的首台PET/CT获批上市): the thing after the last 的 is
    the object, the maker before it an actor."""
    obj = cand.object
    assert obj is not None
    if "的" in obj.text:
        cut = obj.text.rindex("的") + 1
        obj = cand.object = Phrase(obj.text[cut:], obj.start + cut, obj.end)
        if len(obj.text) < 2:
            return None
    doc = cand.sentence.doc
    lo, _ = clause_bounds(cand.sentence, cand.trigger.start)
    k = next((t.i for t in cand.sentence if t.idx >= obj.start), cand.trigger.start)
    applicant = _applicant(doc, lo, k)
    kept = [p for p in cand.participants if p.end <= obj.start or p.start >= obj.end]
    if applicant is not None and all(p.text != applicant.text for p in kept):
        kept = [applicant, *kept]
    cand.participants = kept
    return cand


def _with_applicant_after(cand: Candidate) -> Candidate:
    """批准星河生物申报的新药上市: who applied for what the authority approves stands between them."""
    assert cand.object is not None
    doc = cand.sentence.doc
    k = next((t.i for t in doc[cand.trigger.end:cand.sentence.end] if t.idx >= cand.object.start), None)
    # everything between the verb and the 的 names the applicant: read by whole words, since the recogniser
    # often misses a company name there (恒/瑞/医药)
    applicant = _applicant(doc, cand.trigger.end - 1, k, whole=True) if k is not None else None
    if applicant is None:
        applicant = _acting_applicant(cand) or _permitted_body(cand)
    if applicant is not None and all(p.text != applicant.text for p in cand.participants):
        cand.participants = [*cand.participants, applicant]
    return cand


def _with_listing_applicant(cand: Candidate) -> Candidate:
    """The company whose listing a committee cleared, named after 审议通过 (recognised or not)."""
    doc = cand.sentence.doc
    found = _LISTING_APPLICANT.match(doc.text, cand.trigger.end_char, cand.sentence.end_char)
    if found:
        name = clean_name(found.group(1))
        if len(name) >= 2 and all(p.text != name for p in cand.participants):
            at = found.start(1) + max(found.group(1).find(name), 0)
            cand.participants = [*cand.participants, Phrase(name, at, at + len(name))]
    return cand


def _authority_before(cand: Candidate) -> list[Phrase]:
    """The authorities named in the nearest clause before the trigger's that names any."""
    doc = cand.sentence.doc
    lo, _ = clause_bounds(cand.sentence, cand.trigger.start)
    exclude = (cand.object.start, cand.object.end) if cand.object else None
    found = [n for n in subject_before(doc, cand.sentence, lo, exclude) if _AUTHORITY.search(clean_name(n.text))]
    return [Phrase(clean_name(n.text), n.start, n.end, n.tag) for n in found]


def _permitted_body(cand: Candidate) -> Phrase | None:
    """同意雄安新区开展国家级知识产权保护中心建设: the place or body read as the object is the applicant when a
    verb of what it may do follows it; the object is what it may do (the work word after it dropped)."""
    assert cand.object is not None
    doc = cand.sentence.doc
    words, _, offsets = token_lists(doc)
    gap = doc.text[cand.trigger.end_char:cand.object.start]
    if gap not in ("", "了") and not _SECOND_VERB.fullmatch(gap):
        return None  # not the verb's own object (a title's words: 原则同意《…中心建设…规划》)
    k = next((i for i in range(cand.trigger.end, cand.sentence.end) if offsets[i] >= cand.object.end), None)
    if k is None or offsets[k] != cand.object.end or words[k] not in _PERMITTED_ACTS:
        return None
    _, hi = clause_bounds(cand.sentence, k)
    done = np_right(doc, k, hi)
    if done is None:
        return None
    text = _WORK_TAIL.sub("", done.text)
    if len(text) < 4:
        return None
    applicant, cand.object = cand.object, Phrase(text, done.start, done.start + len(text), done.tag)
    return applicant


def _acting_applicant(cand: Candidate) -> Phrase | None:
    """同意星河科技股份有限公司首次公开发行股票注册: an organisation named before what it may do is the
    applicant, and the act the object."""
    obj = cand.object
    assert obj is not None
    if cand.sentence.doc.text[cand.trigger.end_char:obj.start] not in ("", "了"):
        return None  # the object is not what this verb approves (收到证监会同意…的批复: read from 批复 on)
    for suffix, kind in org_suffixes():  # longest first: 股份有限公司 before 公司
        if kind not in _APPLICANT_KINDS:
            continue
        at = obj.text.find(suffix)
        while at >= 0:
            end = at + len(suffix)
            if end >= 4 and obj.text.startswith(_APPLIED_ACTS, end):
                cand.object = Phrase(obj.text[end:], obj.start + end, obj.end)
                return Phrase(obj.text[:end], obj.start, obj.start + end)
            at = obj.text.find(suffix, at + 1)
    return None


def _applicant(doc: Doc, lo: int, k: int, whole: bool = False) -> Phrase | None:
    """Who applied for the thing named from token `k` on: 星河生物(研发)的新药 → 星河生物; `whole`: every word
    after token `lo` up to a stop word, else the noun phrase before the 的."""
    if k - 1 <= lo or doc[k - 1].text != "的":
        return None
    j = k - 1
    while j - 1 > lo and (doc[j - 1].text in _MADE_BY or doc[j - 1].text in ("自主", "独立", "联合")):
        j -= 1
    found = walk_left(doc, lo + 1, j) if whole else np_left(doc, j, lo)
    if found is not None and _COUNTED.search(doc.text, max(0, found.start - 4), found.end):
        return None  # A、B等8家(公募基金公司)上报的: the kind of the listed applicants, named before it
    return found


@register("eventline.approval_rules.v1")
def make_approval_rules() -> ApprovalRule:
    return ApprovalRule()
