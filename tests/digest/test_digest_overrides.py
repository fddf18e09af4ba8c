"""Editor overrides: move, drop, rewrite, pin, 简评; deterministic, stable, forgiving of unknown ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from digest import OverridesError, build_digest, load_overrides, render_html, render_markdown
from digest.overrides import parse_overrides
from schemas import ParticipantKind, Section

WEEK = "2020-W30"


@pytest.fixture
def week_events(make_event) -> list:
    return [
        make_event("贵阳贵安区块链发展三年行动计划发布", day=date(2020, 7, 22),
                   participants=(("贵州省大数据发展领导小组", ParticipantKind.government),)),
        make_event("福州：实现百业上链", day=date(2020, 7, 20)),
        make_event("央行推动区块链规范应用", day=date(2020, 7, 22), outlets=("财联社", "巴比特")),
        make_event("珠海牵手蚂蚁集团", day=date(2020, 7, 20), section=Section.application),
    ]


def _overrides_yaml(events: list) -> str:
    gy, fz, pboc, zh = (event.id for event in events)
    return f"""
intro: 本周共有四条动态。
items:
  {fz}:
    pin: true
  {pboc}:
    section: 产业研究
    headline: 区块链首部权威部门规范文件出炉
  {zh}:
    drop: true
  {gy}:
    summary: 7月22日，贵州省发布行动计划。
sections:
  产业政策:
    comment: 各地密集出台三年行动计划。
  research:
    comment: 央行文件值得关注。
"""


def test_digest_overrides_move_drop_rewrite_pin_comment(week_events, tmp_path: Path) -> None:
    (tmp_path / f"{WEEK}.yaml").write_text(_overrides_yaml(week_events), encoding="utf-8")
    digest = build_digest(week_events, WEEK, overrides=load_overrides(tmp_path, WEEK))
    policy, research = digest.sections
    assert [item.headline for item in policy.items] == ["福州：实现百业上链", "贵阳贵安区块链发展三年行动计划发布"]
    assert policy.items[0].pinned and policy.comment == "各地密集出台三年行动计划。"
    assert policy.items[1].summary == "7月22日，贵州省发布行动计划。" and policy.items[1].edited
    assert research.section == Section.research and research.comment == "央行文件值得关注。"
    assert [item.headline for item in research.items] == ["区块链首部权威部门规范文件出炉"]
    assert "珠海牵手蚂蚁集团" not in render_markdown(digest)
    assert digest.intro == "本周共有四条动态。" and digest.warnings == ()
    html = render_html(digest)
    assert "简评：" in html and "各地密集出台三年行动计划。" in html


def test_digest_overrides_are_deterministic(week_events, tmp_path: Path) -> None:
    (tmp_path / f"{WEEK}.yaml").write_text(_overrides_yaml(week_events), encoding="utf-8")
    renders = {render_markdown(build_digest(week_events, WEEK, overrides=load_overrides(tmp_path, WEEK)))
               for _ in range(3)}
    assert len(renders) == 1


def test_digest_overrides_survive_new_events(week_events, make_event, tmp_path: Path) -> None:
    (tmp_path / f"{WEEK}.yaml").write_text(_overrides_yaml(week_events), encoding="utf-8")
    overrides = load_overrides(tmp_path, WEEK)
    before = build_digest(week_events, WEEK, overrides=overrides)
    newcomers = [
        make_event("工信部等十七部门支持中小企业应用区块链", day=date(2020, 7, 24),
                   outlets=("财联社", "巴比特", "新华网"), participants=(("工信部", ParticipantKind.government),)),
        make_event("珠海牵手蚂蚁集团", day=date(2020, 7, 20), section=Section.application, outlets=("新华网",)),
    ]
    after = build_digest([*newcomers, *week_events], WEEK, overrides=overrides)
    policy = after.sections[0]
    # the pin still wins over a more important newcomer; the old items keep their relative order
    assert policy.items[0].headline == "福州：实现百业上链"
    old_ids = {item.event_id for item in before.items}
    assert [i.event_id for i in after.items if i.event_id in old_ids] == [i.event_id for i in before.items]
    # a newcomer with the dropped item's identity is still dropped (ids are stable)
    assert "珠海牵手蚂蚁集团" not in {item.headline for item in after.items}
    assert after.sections[1].items[0].headline == "区块链首部权威部门规范文件出炉"


def test_digest_overrides_unknown_event_is_a_warning(week_events) -> None:
    overrides = parse_overrides(
        "items:\n  ev_doesnotexist00:\n    drop: true\nsections:\n  上市公司:\n    comment: 无\n"
    )
    digest = build_digest(week_events, WEEK, overrides=overrides)
    assert digest.item_count == len(week_events)
    assert any("ev_doesnotexist00" in warning for warning in digest.warnings)
    assert any("上市公司" in warning for warning in digest.warnings)


def test_digest_overrides_missing_dir_or_file_means_none(tmp_path: Path) -> None:
    assert load_overrides(None, WEEK).items == {}
    assert load_overrides(tmp_path, WEEK).items == {}


def test_digest_overrides_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / f"{WEEK}.yaml"
    path.write_text("items:\n  ev_1: {drop: true\n", encoding="utf-8")
    with pytest.raises(OverridesError, match=r"2020-W30\.yaml:\d+:\d+: not valid YAML"):
        load_overrides(tmp_path, WEEK)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("items:\n  ev_1:\n    section: 产业八卦\n", "items.ev_1.section"),
        ("items:\n  ev_1:\n    pin: maybe\n", "items.ev_1.pin"),
        ("items:\n  ev_1:\n    colour: red\n", "items.ev_1.colour"),
        ("sections:\n  产业八卦:\n    comment: x\n", "sections.产业八卦"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_digest_overrides_invalid_field_names_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / f"{WEEK}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError) as caught:
        load_overrides(tmp_path, WEEK)
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_digest_overrides_for_another_week_are_refused(tmp_path: Path) -> None:
    (tmp_path / f"{WEEK}.yaml").write_text("week: 2020-W31\n", encoding="utf-8")
    with pytest.raises(OverridesError, match="week"):
        load_overrides(tmp_path, WEEK)
