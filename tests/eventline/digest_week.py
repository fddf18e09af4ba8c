"""A stored week for the digest-path tests: three events of 2026-W30 in a SQLite store, and an overrides file.

The overrides drop one event and rewrite another's headline, so every path that builds the
digest (CLI, API, DAG) can be checked for the editor's hand.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from eventline.config import Settings
from eventline.stores import open_store
from schemas import SHANGHAI, Event, EventDate, EventType, Mention, Participant, ParticipantKind, Region, Section

WEEK = "2026-W30"  # 20–26 July 2026
DROPPED = "武汉市发布区块链产业三年行动计划"
REWRITTEN = "江城链政务区块链服务平台上线"
EDITED = "江城链政务平台正式上线运行"
KEPT = "苏州芯瀚微电子完成8亿元C轮融资"


def _event(headline: str, day: int, event_type: EventType, section: Section, obj: str) -> Event:
    sentence = f"7月{day}日消息，{obj}有了新进展。"  # the headline appears only as the headline
    published = datetime(2026, 7, day, 9, 0, tzinfo=SHANGHAI)
    return Event(
        type=event_type, date=EventDate(value=date(2026, 7, day), precision="day", expression=f"7月{day}日"),
        region=Region(province="湖北省", city="武汉市"), object=obj, headline=headline, summary=sentence,
        participants=[Participant(name="武汉市人民政府", normalized="武汉市人民政府", kind=ParticipantKind.government)],
        section=section,
        mentions=[Mention(article_id=f"a_{day}", url=f"https://news.example/{day}.html", source="江城日报",
                          title=headline, published_at=published, sentence=sentence, start=0, end=len(sentence))],
    )


def week_events() -> list[Event]:
    return [
        _event(DROPPED, 21, EventType.policy_release, Section.policy, "区块链产业三年行动计划"),
        _event(REWRITTEN, 22, EventType.launch, Section.application, "江城链政务区块链服务平台"),
        _event(KEPT, 23, EventType.financing, Section.other, "8亿元C轮融资"),
    ]


def store_week(settings: Settings) -> list[Event]:
    """Upsert the week's events into the settings' store and write the week's overrides file."""
    events = week_events()
    with open_store(settings) as store:
        store.upsert_events(events)
    ids = {e.headline: e.id for e in events}
    settings.overrides_dir.mkdir(parents=True, exist_ok=True)
    overrides: Path = settings.overrides_dir / f"{WEEK}.yaml"
    overrides.write_text(
        f"items:\n  {ids[DROPPED]}:\n    drop: true\n  {ids[REWRITTEN]}:\n    headline: {EDITED}\n", encoding="utf-8"
    )
    return events
