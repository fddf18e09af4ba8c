"""Cross-article merge: same facts merge (corroboration), distinct facts stay apart, ids are stable."""

from __future__ import annotations

from datetime import date

from nlp.merge import copy_event, merge_events
from schemas import Event, EventDate, EventType, Mention, Participant, Region


def _event(article: str, source: str, etype: EventType, obj: str, day: date | None, precision: str = "day",
           names: tuple[str, ...] = ()) -> Event:
    return Event(
        type=etype, object=obj,
        date=EventDate(value=day, precision=precision if day else "unknown"),  # type: ignore[arg-type]
        region=Region(province="江苏省", city="南京市"),
        participants=[Participant(name=n) for n in names],
        mentions=[Mention(article_id=article, source=source, published_at="2026-06-01", sentence=f"{obj}。",
                          start=0, end=len(obj) + 1)],
    )


def test_merge_same_policy_from_two_outlets() -> None:
    a = _event("a1", "财联社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 1))
    b = _event("b1", "新华社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 1))
    merged = merge_events([a, b])
    assert len(merged) == 1 and merged[0].corroboration == 2 and len(merged[0].mentions) == 2


def test_merge_month_and_day_precision_of_one_fact() -> None:
    a = _event("a1", "财联社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 1), "month")
    b = _event("b1", "新华社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 3))
    merged = merge_events([a, b])
    assert len(merged) == 1 and merged[0].date.as_text() == "2026-06-03"


def test_merge_keeps_founding_and_later_unveiling_apart() -> None:
    a = _event("a1", "财联社", EventType.establishment, "南京储能研究院", date(2026, 3, 2))
    b = _event("b1", "新华社", EventType.establishment, "南京储能研究院", date(2026, 4, 20))
    assert len(merge_events([a, b])) == 2


def test_merge_generic_agreements_need_the_same_parties() -> None:
    a = _event("a1", "财联社", EventType.signing, "合作协议", date(2026, 6, 1), names=("南京市人民政府", "甲公司"))
    b = _event("b1", "新华社", EventType.signing, "合作协议", date(2026, 6, 1), names=("南京市人民政府", "乙公司"))
    c = _event("c1", "澎湃", EventType.signing, "合作协议", date(2026, 6, 1), names=("甲公司", "南京市人民政府"))
    merged = merge_events([a, b, c])
    assert len(merged) == 2


def test_merge_is_idempotent_with_new_events() -> None:
    a = _event("a1", "财联社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 1), "month")
    b = _event("b1", "新华社", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 3))
    c = _event("c1", "澎湃", EventType.policy_release, "南京市算力产业发展行动计划", date(2026, 6, 3))
    once = merge_events([a, b, c])
    twice = merge_events([*merge_events([a, b]), c])
    assert [e.id for e in once] == [e.id for e in twice]
    assert [e.id for e in merge_events(once)] == [e.id for e in once]


def test_merge_same_signing_told_in_other_words_by_two_outlets() -> None:
    a = _event("a1", "南京日报", EventType.signing, "智能制造供应链协同平台共建协议", date(2026, 6, 2),
               names=("南京江北新区管理委员会", "金陵数智科技有限公司"))
    b = _event("b1", "产业快讯", EventType.signing, "智能制造战略合作协议", date(2026, 6, 2),
               names=("金陵数智科技有限公司", "江北新区管理委员会"))
    merged = merge_events([a, b])
    assert len(merged) == 1 and len(merged[0].mentions) == 2
    assert [e.id for e in merge_events(merged)] == [merged[0].id]  # idempotent, id stable


def test_merge_same_parties_other_day_stay_apart() -> None:
    a = _event("a1", "南京日报", EventType.signing, "算力合作协议", date(2026, 6, 2),
               names=("南京江北新区管理委员会", "金陵数智科技有限公司"))
    b = _event("b1", "产业快讯", EventType.signing, "人才培养合作协议", date(2026, 7, 9),
               names=("南京江北新区管理委员会", "金陵数智科技有限公司"))
    assert len(merge_events([a, b])) == 2


def test_copy_event_is_a_deep_copy() -> None:
    event = _event("a1", "财联社", EventType.signing, "合作协议", date(2026, 6, 1), names=("江城链科",))
    copy = copy_event(event)
    assert copy == event.model_copy(deep=True) and copy is not event
    assert copy.date is not event.date and copy.region is not event.region
    assert copy.participants[0] is not event.participants[0] and copy.mentions[0] is not event.mentions[0]
    copy.mentions.append(copy.mentions[0].model_copy(update={"start": 5}))
    copy.participants.clear()
    assert len(event.mentions) == 1 and len(event.participants) == 1  # the original is untouched


def _components(events: list[Event]) -> list[set[int]]:
    """The connected components of `same_fact` over every pair of one type and one year (or one
    undated): the groups `merge_events` forms, by the plain all-pairs definition."""
    from schemas.facts import same_fact

    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(events):
        for j in range(i + 1, len(events)):
            b = events[j]
            ya, yb = (a.date.as_text() or "")[:4], (b.date.as_text() or "")[:4]
            if a.type == b.type and (ya == yb or not ya or not yb) and same_fact(a, b):
                parent[find(j)] = find(i)
    groups: dict[int, set[int]] = {}
    for i in range(len(events)):
        groups.setdefault(find(i), set()).add(i)
    return sorted(groups.values(), key=min)


def test_merge_tries_only_pairs_of_compatible_dates_yet_forms_the_same_groups() -> None:
    """Pairs of incompatible dates are skipped, except within one article (which same_fact compares
    on its sentences first): the groups are those of trying every pair."""
    import random

    rng = random.Random(7)
    objects = ["南京储能研究院", "南京市算力产业发展行动计划", "合作协议", "南京储能研究院二期"]
    names = ["南京市人民政府", "甲公司", "乙公司"]
    days = [date(2026, 6, 1), date(2026, 6, 3), date(2026, 7, 1), date(2025, 6, 1), None]
    for _ in range(30):
        events = []
        for _ in range(rng.randint(2, 14)):
            day = rng.choice(days)
            event = _event(f"a{rng.randint(0, 3)}", "财联社", rng.choice([EventType.signing, EventType.establishment]),
                           rng.choice(objects), day, rng.choice(["day", "month"]) if day else "unknown",
                           names=tuple(rng.sample(names, 2)))
            event.mentions[0].start = rng.choice([0, 10])
            events.append(event)
        expected = sorted(sorted({m.key for i in group for m in events[i].mentions}) for group in _components(events))
        assert sorted(sorted(m.key for m in e.mentions) for e in merge_events(events)) == expected
