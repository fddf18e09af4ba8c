"""The Elasticsearch backend on a real node: idempotence, outages, reindexing, templates, secrets.

The behaviour shared with SQLite is in `tests/contract/`; these tests cover what only this
backend has. They use the `es_url` fixture (`tests/conftest_es.py`), which starts a real node and
errors (never skips) when it cannot.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest

from schemas import SHANGHAI, Event, EventDate, EventType, Mention, Participant, Region, Section
from store.base import TimelineQuery
from store.elasticsearch import ElasticsearchStore
from store.es_templates import MODELS, TEMPLATE_DIR, build_template, load_template

pytestmark = pytest.mark.elasticsearch

SECRET = "pw-Zq8#never-in-logs"
API_KEY = "ak-9Xv-never-in-logs"


def make_event(i: int, *, headline: str | None = None, source: str = "长江日报", article: str | None = None) -> Event:
    day = date(2020, 7, 1) + timedelta(days=i % 60)
    published = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI)
    text = headline or f"武汉市第{i}号项目签约仪式举行"
    return Event(
        type=EventType.signing,
        date=EventDate(value=day, precision="day", expression=f"{day.month}月{day.day}日"),
        region=Region(province="湖北省", city="武汉市"),
        participants=[Participant(name=f"公司{i}"), Participant(name="武汉市人民政府")],
        object=f"第{i}号项目合作协议",
        headline=text,
        summary=f"{text}。",
        section=Section.application,
        reported_on=day,
        mentions=[Mention(article_id=article or f"a{i:06d}", source=source, title=text, published_at=published,
                          sentence=f"{text}。", start=0, end=len(text) + 1)],
    )


# ---------------------------------------------------------------------------- templates


@pytest.mark.parametrize("index", sorted(MODELS))
def test_elasticsearch_committed_template_matches_models(index: str) -> None:
    """schemas/es/*.json are generated from the pydantic models: regenerate with `python -m store.es_templates`."""
    committed = load_template(index)
    assert committed == build_template(index), (
        f"{TEMPLATE_DIR / (index + '.json')} is stale: run `python -m store.es_templates`"
    )


def test_elasticsearch_template_types_are_the_contract() -> None:
    props = build_template("events")["template"]["mappings"]["properties"]
    assert props["id"] == props["type"] == props["section"] == {"type": "keyword"}
    assert props["region"]["properties"]["province"] == {"type": "keyword"}
    assert props["participants"]["properties"]["name"] == {"type": "keyword"}
    assert props["date"]["properties"]["value"] == {"type": "date"}
    assert props["reported_on"] == {"type": "date"}
    assert props["headline"]["analyzer"] == "eventline_zh"
    assert props["mentions"]["properties"]["sentence"]["type"] == "text"
    assert build_template("articles")["template"]["mappings"]["properties"]["published_at"] == {"type": "date"}


def test_elasticsearch_live_mapping_is_the_template(es_store_factory: Any) -> None:
    store = es_store_factory()
    store.ensure_indices()
    for kind in ("articles", "events"):
        live = store.client.indices.get_mapping(index=store.alias(kind)).body
        (mapping,) = (m["mappings"] for m in live.values())
        assert mapping == load_template(kind)["template"]["mappings"]
    assert store.current_index("events") == f"{store.index_prefix}-events-v1"


# ---------------------------------------------------------------------------- writes


def test_elasticsearch_upsert_twice_changes_nothing(es_store_factory: Any) -> None:
    store = es_store_factory()
    events = [make_event(i) for i in range(1200)]  # more than one chunk
    first = store.upsert_events(events)
    assert (first.created, first.updated, first.failed, first.spooled) == (1200, 0, 0, 0)
    counts_before = store.counts(["month"])
    again = store.upsert_events(events)
    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 1200, 0)
    assert store.count_events() == 1200
    assert store.counts(["month"]) == counts_before
    assert sum(row.count for row in counts_before) == 1200


def test_elasticsearch_second_outlet_adds_a_mention(es_store_factory: Any) -> None:
    store = es_store_factory()
    first = make_event(1)
    second = make_event(1, source="财联社", article="b000001")
    assert first.id == second.id
    assert store.upsert_events([first]).created == 1
    result = store.upsert_events([second])
    assert (result.created, result.updated) == (0, 1)
    stored = store.get_event(first.id)
    assert stored is not None
    assert sorted(m.source for m in stored.mentions) == ["财联社", "长江日报"]
    assert stored.corroboration == 2
    assert store.count_events() == 1


def test_elasticsearch_per_item_failure_is_reported(es_store_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = es_store_factory()
    events = [make_event(i) for i in range(5)]
    bad_id = events[2].id
    real = ElasticsearchStore._to_source

    def to_source(record: Any) -> dict[str, Any]:
        source = real(record)
        if source["id"] == bad_id:
            source["not_in_mapping"] = 1  # refused by the strict mapping
        return source

    monkeypatch.setattr(ElasticsearchStore, "_to_source", staticmethod(to_source))
    result = store.upsert_events(events)
    assert (result.created, result.failed) == (4, 1)
    assert len(result.errors) == 1 and bad_id in result.errors[0] and "not_in_mapping" in result.errors[0]
    assert store.get_event(bad_id) is None and store.count_events() == 4


def test_elasticsearch_chinese_terms_are_phrases(es_store_factory: Any) -> None:
    store = es_store_factory()
    wanted = make_event(1, headline="湖北区块链产业研究院揭牌成立")
    scattered = make_event(2, headline="区内块状经济链条延伸，研究新院区")  # has 区…块…链…研…究…院, not the words
    half = make_event(3, headline="武汉区块链应用大会开幕")
    store.upsert_events([wanted, scattered, half])
    found = store.timeline(TimelineQuery(text="区块链 研究院"))
    assert [e.id for e in found.events] == [wanted.id]
    assert {e.id for e in store.timeline(TimelineQuery(text="区块链")).events} == {wanted.id, half.id}
    assert store.timeline(TimelineQuery(text="块链研")).total == 0


# ---------------------------------------------------------------------------- outages


def test_elasticsearch_dead_node_spools_and_replay_restores(es_store_factory: Any, es_node_module: ModuleType) -> None:
    dead_url = f"http://127.0.0.1:{es_node_module.free_port()}"
    offline = es_store_factory(url=dead_url)
    events = [make_event(i) for i in range(300)]
    result = offline.upsert_events(events)
    assert (result.created, result.spooled) == (0, 300)
    assert len(offline.pending_spool()) == 1
    assert all(SECRET not in e for e in result.errors)

    online = es_store_factory()
    replayed = online.replay_spool()
    assert (replayed.created, replayed.failed) == (300, 0)
    assert online.pending_spool() == []
    assert online.count_events() == 300
    assert online.upsert_events(events).unchanged == 300  # replay left exactly one of each


def test_elasticsearch_next_write_replays_the_spool(es_store_factory: Any, es_node_module: ModuleType) -> None:
    offline = es_store_factory(url=f"http://127.0.0.1:{es_node_module.free_port()}")
    offline.upsert_events([make_event(i) for i in range(10)])
    online = es_store_factory()
    result = online.upsert_events([make_event(i) for i in range(5, 15)])
    assert online.pending_spool() == []
    assert online.count_events() == 15
    assert result.created == 15 and result.unchanged == 5


@pytest.fixture
def own_node(es_node_module: ModuleType) -> Iterator[tuple[Any, Path]]:
    """A second node this test may stop and restart (same directory and port)."""
    node_dir = Path(tempfile.mkdtemp(prefix="eventline-es-outage-"))
    try:
        node = es_node_module.start_node(node_dir)
    except Exception as exc:
        pytest.fail(f"could not start the outage-test node: {exc}", pytrace=False)
    holder = {"node": node}
    yield holder, node_dir  # type: ignore[misc]
    holder["node"].stop()
    shutil.rmtree(node_dir, ignore_errors=True)


@pytest.mark.slow
def test_elasticsearch_node_stopped_mid_load_loses_nothing(
    own_node: tuple[dict[str, Any], Path], es_node_module: ModuleType, tmp_path: Path
) -> None:
    holder, node_dir = own_node
    node = holder["node"]
    events = [make_event(i) for i in range(5000)]
    stop_at = 2300  # inside the third chunk of 1000

    def feed() -> Iterator[Event]:
        for i, event in enumerate(events):
            if i == stop_at:
                node.stop()  # the node goes away while the bulk load is running
            yield event

    store = ElasticsearchStore(node.url, index_prefix="outage", spool_dir=tmp_path / "spool", max_retries=1,
                               workers=1)
    result = store.upsert_events(feed())
    # chunks confirmed before the stop are written, the rest (with any chunk in flight) spooled
    assert result.created + result.spooled == 5000 and result.failed == 0
    assert result.created in (1000, 2000) and result.spooled in (3000, 4000)
    assert len(store.pending_spool()) == 1

    holder["node"] = restarted = es_node_module.start_node(node_dir, port=node.port)
    assert restarted.url == node.url
    again = store.upsert_events(events)  # "run again": replays the spool first, then the whole load
    assert again.failed == 0 and again.spooled == 0
    assert store.pending_spool() == []
    assert store.count_events() == 5000
    ids = [hit["_id"] for hit in store.client.search(index="outage-events", size=0, aggs={
        "dup": {"terms": {"field": "id", "min_doc_count": 2, "size": 10}}})["aggregations"]["dup"]["buckets"]]
    assert ids == []
    assert store.get_event(events[stop_at].id) == events[stop_at]
    store.close()


# ---------------------------------------------------------------------------- reindex


def test_elasticsearch_reindex_swaps_alias_without_downtime(es_store_factory: Any) -> None:
    store = es_store_factory()
    store.upsert_events([make_event(i) for i in range(800)])
    reader = es_store_factory()
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read_all_the_time() -> None:
        while not stop.is_set():
            try:
                seen.append(reader.timeline(TimelineQuery(limit=1)).total)
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=read_all_the_time)
    thread.start()
    late = make_event(10_000, headline="复制期间写入的事件")
    try:
        report = store.reindex(2, progress=lambda msg: store.upsert_events([late]) if "copying" in msg
                               and "events" in msg else None)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert seen and set(seen) <= {800, 801}
    assert report["events"]["from"].endswith("-events-v1") and report["events"]["to"].endswith("-events-v2")
    assert store.current_index("events") == f"{store.index_prefix}-events-v2"
    assert store.count_events() == 801 and store.get_event(late.id) is not None
    assert store.client.indices.exists(index=f"{store.index_prefix}-events-v1-*")  # kept for roll-back
    assert store.upsert_events([make_event(1)]).unchanged == 1  # writes go to v2
    with pytest.raises(ValueError, match="already exists"):
        ElasticsearchStore(store.url, index_prefix=store.index_prefix).reindex(1)


# ---------------------------------------------------------------------------- config and secrets


def test_elasticsearch_credentials_not_in_repr_or_logs(
    es_url: str, es_store_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with_password = es_store_factory(username="analyst", password=SECRET)
    with_key = es_store_factory(api_key=API_KEY)
    quoted = quote(SECRET, safe="")
    in_url = es_store_factory(url=es_url.replace("http://", f"http://analyst:{quoted}@"))
    dead = es_store_factory(url=f"http://analyst:{quoted}@127.0.0.1:9")
    with pytest.raises(ValueError) as malformed:  # '#' not escaped: the URL is broken, the message still clean
        es_store_factory(url=f"http://analyst:{SECRET}@127.0.0.1:9200")
    for store in (with_password, with_key, in_url):
        store.upsert_events([make_event(1)])
        assert store.timeline(TimelineQuery()).total == 1
    failed = dead.upsert_events([make_event(2)])
    assert failed.spooled == 1
    texts = [repr(s) + str(s) for s in (with_password, with_key, in_url, dead)] + failed.errors + [caplog.text]
    texts.append(str(malformed.value))
    assert not [t for t in texts if SECRET in t or API_KEY in t]
    assert "analyst" not in in_url.url and in_url.url == es_url
    assert "auth=basic" in repr(in_url) and "auth=api_key" in repr(with_key)


def test_elasticsearch_from_settings_keeps_tls_verification_on() -> None:
    from eventline.config import Settings

    settings = Settings(store="elasticsearch", es_url="https://es.example.internal:9200", es_username="u",
                        es_password=SECRET, es_index_prefix="prod", data_dir=Path("/tmp/eventline-tls-test"))
    store = ElasticsearchStore.from_settings(settings)
    (node,) = store.client.transport.node_pool.all()
    assert node.config.verify_certs is True
    assert store.index_prefix == "prod" and store.spool_dir == settings.spool_dir
    assert SECRET not in repr(store)
    store.close()
