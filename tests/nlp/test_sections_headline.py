"""Digest sections and headlines."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.headline import headline_for, summary_for
from nlp.sections import digest_heading, section_for
from schemas import Event, EventDate, EventType, Mention, Participant, ParticipantKind, Section


def _event(etype: EventType, obj: str, sentence: str, names: tuple[str, ...] = (), trigger: str = "") -> Event:
    return Event(
        type=etype, object=obj, trigger=trigger or None, date=EventDate(value=date(2026, 6, 1), precision="day"),
        participants=[Participant(name=n, kind=ParticipantKind.company) for n in names],
        mentions=[Mention(article_id="a", source="s", published_at="2026-06-01", sentence=sentence, start=0,
                          end=len(sentence))],
    )


@pytest.mark.parametrize(
    ("etype", "obj", "sentence", "expected"),
    [
        (EventType.policy_release, "数据要素行动方案", "省政府印发《数据要素行动方案》。", Section.policy),
        (EventType.report_release, "算力白皮书", "研究院发布《算力白皮书》。", Section.research),
        (EventType.establishment, "储能产业联盟", "储能产业联盟成立。", Section.alliance),
        (EventType.launch, "政务数据平台", "政务数据平台上线。", Section.application),
        (EventType.launch, "智算平台", "某某股份（600000.SH）智算平台上线。", Section.listed_company),
        (EventType.meeting, "储能大会", "储能大会开幕。", Section.other),
    ],
)
def test_sections_by_type_and_listing(etype: EventType, obj: str, sentence: str, expected: Section) -> None:
    assert section_for(_event(etype, obj, sentence)) == expected


def test_sections_digest_heading_wins() -> None:
    text = "产业政策\n甲。\n产业应用\n乙方案印发。"
    assert digest_heading(text, text.index("乙")) == Section.application


def test_sections_no_heading_in_plain_article() -> None:
    assert digest_heading("产业政策是热词。正文。", 5) is None


@pytest.mark.parametrize(
    ("etype", "obj", "trigger", "expected"),
    [
        (EventType.establishment, "山东区块链研究院", "揭牌", "山东区块链研究院揭牌"),
        (EventType.launch, "四川省信用查询系统", "上线", "四川省信用查询系统上线"),
        (EventType.policy_release, "算力行动计划", "发布", "《算力行动计划》发布"),
    ],
)
def test_headline_digest_style(etype: EventType, obj: str, trigger: str, expected: str) -> None:
    assert headline_for(_event(etype, obj, f"{obj}{trigger}。", trigger=trigger)) == expected


def test_headline_summary_drops_telegraph_lead() -> None:
    event = _event(EventType.launch, "平台", "财联社6月1日电，某平台正式上线。")
    assert summary_for(event) == "某平台正式上线。"
