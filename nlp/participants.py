"""The participants step: the rule's name phrases → normalised actors of the event.

Referents are resolved (区里 → 江夏区, 该公司 → its name), aliases the article defines expanded
(星衡智算 → 深圳星衡智算科技有限公司), unresolved pronouns and the object itself dropped, a name
contained in another one of the same event dropped (武汉 beside 武汉市). A policy (or a
government's own body) with no named issuer is issued by the place its title opens with.
"""

from __future__ import annotations

import re

from nlp import orgs, regions
from nlp.arguments import REFERENTS, Phrase, clean_name
from nlp.gov_names import split_joint_bodies, with_context_place
from nlp.registry import register
from nlp.state import ArticleState, Step
from schemas import Participant

_GOV_BODY = re.compile(r"(领导小组|工作组|工作专班|指挥部|委员会)$")  # 成立武汉市…领导小组: the city's own body
_BARE = re.compile(r"^(研究院|研究所|实验室|联盟|协会|中心|公司|集团|该公司|该院|学会|本公司)$")
# 理事长张平文院士, 科技部基础研究司副司长周文, 企业代表邹今检: a person described by office, who speaks
# or attends for a body; the body (named apart when it acts) is the participant, not this phrase
_PERSON_WITH_TITLE = re.compile(
    r"(?:理事长|副?司长|副?主席|董事长|总经理|总裁|副?书记|副?市长|副?省长|副?区长|院士|教授|代表|副?主任|副?局长|"
    r"副?部长|首席[^\s]{0,4}官|创始人|负责人|秘书长|巡视员|记者)[\u4e00-\u9fff]{0,3}$"
    r"|^(?:理事长|院士|教授|代表|记者|市县领导|省领导|市领导)"
)
_PLACE_REF = {"区": ("区里", "我区", "本区", "该区", "全区"), "市": ("市里", "我市", "本市", "该市", "全市"),
              "省": ("省里", "我省", "本省", "该省", "全省"), "县": ("县里", "我县", "本县", "该县", "全县")}


def participants_of(
    etype: str, obj: str | None, phrases: list[Phrase], start: int, text: str, aliases: dict[str, str]
) -> list[Participant]:
    """Actors of an event of type `etype` and object `obj` whose sentence starts at `start` of `text`."""
    out: list[Participant] = []
    for phrase, written in ((p, n) for p in phrases for n in split_joint_bodies(p.text)):
        before = phrase.start if phrase.start >= 0 else start
        name = _resolve_place_ref(written, text, before)
        if name.startswith(("省", "市", "区", "县")):  # 省政府 / 市财政局: the province or city named before
            name = with_context_place(name, [m for m in regions.find_places(text[:before]) if m.end <= before])
        name = _resolve_bare(name, text, start)
        name = orgs.expand_alias(name, aliases)
        if name != written:
            name = clean_name(name)  # a resolved referent may carry a descriptor (服务商江城链科…)
        if name in REFERENTS or _BARE.match(name) or not name or _PERSON_WITH_TITLE.search(name):
            continue
        p = orgs.participant(name, phrase.tag)
        if p.normalized == obj or any(p.normalized == q.normalized for q in out):
            continue
        if obj and len(obj) >= 4 and obj in p.normalized:  # 区块链产业园星沙区块链产业园: the object, not an actor
            continue
        out.append(p)
    own_body = etype == "establishment" and obj is not None and _GOV_BODY.search(obj)
    if not out and (etype == "policy_release" or own_body) and obj is not None:
        issuer = _issuing_place(obj)  # 《云南省数字经济发展三年行动方案》: the province's own plan
        if issuer:
            out.append(orgs.participant(issuer, "ns"))
    return drop_contained(out)


def drop_contained(participants: list[Participant]) -> list[Participant]:
    """Drop a name that only begins a longer one of the same event (武汉 beside 武汉市, 中国工业 beside
    中国工业与应用数学学会)."""
    keys = [re.sub(r"(省|市|区|县)$", "", q.normalized) for q in participants]
    return [q for i, q in enumerate(participants)
            if not any(j != i and len(keys[j]) > len(keys[i]) and keys[j].startswith(keys[i])
                       for j in range(len(participants)))]


def _issuing_place(title: str) -> str | None:
    try:
        places = regions.find_places(title[:12])
    except Exception:  # pragma: no cover
        return None
    if not places or places[0].start != 0:
        return None
    region = places[0].region
    return region.district or region.city or region.province


def _resolve_place_ref(name: str, text: str, before: int) -> str:
    """区里 / 我市 / 该省: the nearest district / city / province named before `before`."""
    level = next((lv for lv, words in _PLACE_REF.items() if name in words), None)
    if level is None:
        return name
    try:
        places = [m for m in regions.find_places(text[:before]) if m.end <= before]
    except Exception:  # pragma: no cover - gazetteer trouble never stops extraction
        return name
    key = {"区": "district", "县": "district", "市": "city", "省": "province"}[level]
    for place in reversed(places):
        value = getattr(place.region, key)
        if value and (key != "district" or value.endswith(level)):
            return value if key != "district" else ((place.region.city or "") + value)
    return name


def _resolve_bare(name: str, text: str, before: int) -> str:
    """A bare suffix (研究院) refers to the last full name with that suffix earlier in the text."""
    if not _BARE.match(name):
        return name
    suffix = name.removeprefix("该")
    found = None
    for m in re.finditer(r"[\u4e00-\u9fff]{2,14}?" + re.escape(suffix), text[:before]):
        candidate = m.group()
        candidate = re.sub(r"^.*?(?:，|、|的|了|在|与|和|由)", "", candidate)
        if len(candidate) > len(suffix) + 1:
            found = candidate
    return found or name


def participants_step(state: ArticleState) -> None:
    text = state.text
    aliases = orgs.aliases_in(text)
    for draft in state.drafts:
        obj = draft.object.text if draft.object else None
        draft.event.participants = participants_of(draft.type, obj, draft.phrases, draft.sentence_start, text, aliases)


@register("eventline.participants.v1", requires=("article", "drafts"), assigns=("drafts.participants",))
def make_participants_step() -> Step:
    return participants_step
