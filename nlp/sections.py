"""Digest section of an event (产业政策 · 产业研究 · 产业联盟/研究院 · 产业应用 · 上市公司 · 其它信息).

Rules, in order (studied on the editors' own digest, seed 004):
1. an article that is itself a digest (≥ 2 lines that are section names) keeps its editors' choice:
   the section heading above the mention;
2. a listed company among the participants or named as such in the evidence (stock code such
   as (600000.SH), 上市公司, A股) → 上市公司;
3. otherwise by type and object: policies → 产业政策; approvals of a plan or document (批复《…》) →
   产业政策, approvals that designate a pilot / zone / city / centre → 产业应用 (004: 区域性股权市场区块链
   建设试点 → 产业应用); reports → 产业研究; new institutes, labs, alliances, innovation centres and
   industrial parks (and signings that found one, join one — 签约入驻 — or pair a university with a
   company) → 产业联盟/研究院; signings of investment projects (项目, 总投资, 合作建设) → 其它信息;
   launches, platforms, other signings with a company → 产业应用.
4. meetings of an industry and financing rounds of unlisted companies → 其它信息. Decided on purpose:
   004's editors file neither a meeting nor a private round under 产业研究 / 产业应用, and the sample
   site's editors put every summit and every unlisted round in 其它信息; a listed company's round is
   caught by rule 2 (上市公司).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.orgs import is_listed
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Event, EventType, ParticipantKind, Section, type_info

_HEADINGS = {s.value: s for s in Section}
_HEADING_LINE = re.compile(r"^\s*(" + "|".join(re.escape(s.value) for s in Section) + r")\s*$", re.M)
_LISTED = re.compile(r"[（(]\s*\d{6}\s*[.．]\s*(SH|SZ|BJ)\s*[)）]|上市公司|A股|港股|科创板公司|[（(]\s*\d{4,5}\s*[.．]\s*HK\s*[)）]",  # noqa: E501
                     re.I)
_ALLIANCE = ("研究院", "研究所", "实验室", "联盟", "协会", "学会", "研究中心", "创新中心", "商会", "产业园", "促进会",
             "联合会", "技术中心", "工程中心", "孵化器")
_PROJECT_DEAL = re.compile(r"项目|总投资|合作建设|投资建设|建设合作|集中签约")
_DOCUMENT = re.compile(r"规划|方案|意见|办法|条例|通知|计划|纲要|细则")


def digest_heading(text: str, offset: int) -> Section | None:
    """The section heading above `offset` when `text` is itself a sectioned digest."""
    heads = _headings(text)
    above = [section for start, section in heads if start <= offset]
    return above[-1] if above else None


@lru_cache(maxsize=16)
def _headings(text: str) -> tuple[tuple[int, Section], ...]:
    """(offset, section) of the text's section heading lines, when it has two kinds or more; the events
    of one article all ask, so the text is scanned once."""
    heads = list(_HEADING_LINE.finditer(text))
    if len({m.group(1) for m in heads}) < 2:
        return ()
    return tuple((m.start(), _HEADINGS[m.group(1)]) for m in heads)


def section_for(event: Event, text: str = "") -> Section:
    if event.mentions and text:
        heading = digest_heading(text, event.mentions[0].start)
        if heading is not None:
            return heading
    evidence = event.mentions[0].sentence if event.mentions else ""
    if _LISTED.search(evidence) or any(is_listed(p.name, evidence) for p in event.participants):
        return Section.listed_company
    obj = event.object or ""
    if event.type == EventType.approval:
        return Section.policy if _DOCUMENT.search(obj) else Section.application
    if event.type == EventType.establishment:
        return Section.alliance if obj.endswith(_ALLIANCE) else Section.application
    if event.type == EventType.signing:
        if any(w in obj or w in evidence for w in ("联盟", "研究院", "实验室", "签约入驻", "校企")) or any(
            p.kind == ParticipantKind.university for p in event.participants
        ):
            return Section.alliance
        if _PROJECT_DEAL.search(obj) or _PROJECT_DEAL.search(evidence):
            return Section.other
        if any(p.kind == ParticipantKind.company for p in event.participants):
            return Section.application
        return Section.alliance
    return type_info(event.type).section  # the type's default (policy → 产业政策, report → 产业研究, …)


def section_step(state: ArticleState) -> None:
    for event in state.events:
        event.section = section_for(event, state.text)


@register("eventline.sections.v1", requires=("article", "events"), assigns=("events.section",))
def make_section_step() -> Step:
    return section_step
