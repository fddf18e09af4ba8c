"""The three-node Elasticsearch cluster, broken on purpose.

* A bulk load keeps running while the elected master is killed (SIGKILL) and, once it is back,
  another node is restarted: afterwards the count is exact, no id is stored twice, and queries
  were answered throughout, while the cluster was yellow too.
* A snapshot of the store's indices to the shared filesystem repository (``path.repo``),
  restored into an empty cluster, gives back the same events and articles.

The figures (events sent and stored, spooled and replayed, queries answered and failed per
phase) are printed: run with ``-s`` to see them.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from schemas import SHANGHAI, Event, EventDate, EventType, Mention, Participant, Region, Section
from store.base import TimelineQuery, UpsertResult
from store.elasticsearch import ElasticsearchStore
from tests.contract import data

pytestmark = [pytest.mark.cluster, pytest.mark.elasticsearch, pytest.mark.slow]

BATCH = 500
PHASES = ("healthy", "master killed", "node restarting")
BATCHES_PER_PHASE = 6
GATE_TIMEOUT_S = 300.0


def make_event(i: int) -> Event:
    """Event `i` of the load: distinct ids, dates spread over 2019–2023."""
    day = date(2019, 1, 1) + timedelta(days=(i * 7) % 1800)
    published = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI)
    text = f"武汉市第{i}号项目签约仪式举行"
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
        mentions=[Mention(article_id=f"a{i:06d}", source="长江日报", title=text, published_at=published,
                          sentence=f"{text}。", start=0, end=len(text) + 1)],
    )


def duplicate_ids(store: ElasticsearchStore) -> list[str]:
    answer = store.client.search(index=store.alias("events"), size=0, aggs={
        "dup": {"terms": {"field": "id", "min_doc_count": 2, "size": 10}}})
    return [bucket["key"] for bucket in answer["aggregations"]["dup"]["buckets"]]


@dataclass
class Probe:
    """Queries asked in a loop while the load runs: answers and errors per phase, health seen."""

    phase: str = "healthy"
    answered: Counter[str] = field(default_factory=Counter)
    answered_yellow: Counter[str] = field(default_factory=Counter)
    errors: dict[str, list[str]] = field(default_factory=dict)
    statuses: dict[str, set[str]] = field(default_factory=dict)

    def run(self, store: ElasticsearchStore, stop: threading.Event) -> None:
        while not stop.is_set():
            phase = self.phase
            try:
                status = str(store.client.cluster.health(timeout="5s")["status"])
                store.timeline(TimelineQuery(province="湖北省", limit=20))
                store.counts(["month"], TimelineQuery(types=[EventType.signing]))
            except Exception as exc:  # a query that fails is the figure we measure
                self.errors.setdefault(phase, []).append(f"{type(exc).__name__}: {str(exc)[:200]}")
            else:
                self.answered[phase] += 1
                self.statuses.setdefault(phase, set()).add(status)
                if status == "yellow":
                    self.answered_yellow[phase] += 1
            time.sleep(0.1)


@dataclass
class Loader:
    """Writes the events batch by batch; before the first batch of each phase it waits for that phase's gate."""

    events: list[Event]
    gates: dict[int, threading.Event]
    done: list[threading.Event]
    total: UpsertResult = field(default_factory=UpsertResult)
    error: BaseException | None = None

    def run(self, store: ElasticsearchStore) -> None:
        try:
            for number, start in enumerate(range(0, len(self.events), BATCH)):
                if number in self.gates and not self.gates[number].wait(GATE_TIMEOUT_S):
                    raise TimeoutError(f"gate before batch {number} never opened")
                self.total += store.upsert_events(self.events[start:start + BATCH])
                self.done[number].set()
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc


def wait_for(flag: threading.Event, what: str) -> None:
    assert flag.wait(GATE_TIMEOUT_S), f"timed out waiting for {what}"


@pytest.fixture
def fault_store(es_cluster: Any, tmp_path: Path) -> Iterator[ElasticsearchStore]:
    store = ElasticsearchStore(es_cluster.url, index_prefix="fault", spool_dir=tmp_path / "spool", chunk_size=BATCH,
                               workers=1, max_retries=5, request_timeout=20)
    store.ensure_indices()
    yield store
    store.drop()
    store.close()


def test_cluster_bulk_load_survives_a_killed_master_and_a_restarted_node(
    es_cluster: Any, fault_store: ElasticsearchStore, tmp_path: Path
) -> None:
    events = [make_event(i) for i in range(BATCH * BATCHES_PER_PHASE * len(PHASES))]
    batches = len(events) // BATCH
    gates = {BATCHES_PER_PHASE * k: threading.Event() for k in range(1, len(PHASES))}
    loader = Loader(events, gates, [threading.Event() for _ in range(batches)])
    probe, stop = Probe(), threading.Event()
    reader = ElasticsearchStore(es_cluster.url, index_prefix="fault", spool_dir=tmp_path / "reader-spool",
                                max_retries=5, request_timeout=20)
    threads = [threading.Thread(target=loader.run, args=(fault_store,), name="loader"),
               threading.Thread(target=probe.run, args=(reader, stop), name="probe")]
    for thread in threads:
        thread.start()
    timings: dict[str, float] = {}
    try:
        es_cluster.wait(status=("green",))
        wait_for(loader.done[BATCHES_PER_PHASE - 1], "the healthy phase's batches")
        master_name = fault_store.client.cat.master(format="json").body[0]["node"]
        master = int(master_name.rsplit("-", 1)[1])
        probe.phase = "master killed"
        started = time.monotonic()
        es_cluster.kill(master)
        es_cluster.wait(nodes=2)
        gates[BATCHES_PER_PHASE].set()
        wait_for(loader.done[2 * BATCHES_PER_PHASE - 1], "the batches written without the master")
        es_cluster.start(master)
        es_cluster.wait(status=("green",))
        timings["master down (s)"] = round(time.monotonic() - started, 1)

        other = (master + 1) % es_cluster.size
        probe.phase = "node restarting"
        started = time.monotonic()
        es_cluster.node(other).stop()
        es_cluster.wait(nodes=2)
        gates[2 * BATCHES_PER_PHASE].set()
        wait_for(loader.done[-1], "the batches written during the restart")
        es_cluster.start(other)
        es_cluster.wait(status=("green",))
        timings["node restart (s)"] = round(time.monotonic() - started, 1)
        probe.phase = "healthy again"
        time.sleep(1)
    finally:
        for gate in gates.values():
            gate.set()
        stop.set()
        for thread in threads:
            thread.join(GATE_TIMEOUT_S)
        reader.close()
    assert loader.error is None, f"the load raised {loader.error!r}"

    sent = loader.total
    replayed = fault_store.replay_spool() if fault_store.pending_spool() else UpsertResult()
    fault_store.refresh()
    stored = fault_store.count_events()
    figures = {
        "events sent": len(events), "created": sent.created, "spooled": sent.spooled, "failed": sent.failed,
        "replayed": replayed.created + replayed.updated + replayed.unchanged, "stored": stored,
        "queries answered": dict(probe.answered), "answered while yellow": dict(probe.answered_yellow),
        "query errors": {phase: len(errs) for phase, errs in probe.errors.items()},
        "health seen": {phase: sorted(s) for phase, s in probe.statuses.items()}, **timings,
    }
    print("\ncluster outage figures:", json.dumps(figures, ensure_ascii=False))

    assert sent.failed == 0 and replayed.failed == 0, (sent.errors[:5], replayed.errors[:5])
    assert sent.created + sent.spooled == len(events)
    assert stored == len(events)
    assert duplicate_ids(fault_store) == []
    assert fault_store.get_event(events[len(events) // 2].id) == events[len(events) // 2]
    for phase in PHASES[1:]:
        assert probe.answered[phase] > 0, f"no query answered while {phase}: {probe.errors.get(phase, [])[:3]}"
        assert probe.errors.get(phase, []) == [], f"queries failed while {phase}"
    assert sum(probe.answered_yellow.values()) > 0, f"no query answered while yellow: {probe.statuses}"


def test_cluster_snapshot_restores_into_an_empty_cluster(
    es_cluster: Any, es_node_module: ModuleType, tmp_path: Path
) -> None:
    events = [make_event(100_000 + i) for i in range(1500)]
    source = ElasticsearchStore(es_cluster.url, index_prefix="snap", spool_dir=tmp_path / "spool")
    fresh = None
    try:
        source.upsert_events(events)
        source.upsert_articles(data.ARTICLES)
        source.register_repository("eventline-backup", es_cluster.repo_dir)
        taken = source.snapshot("eventline-backup", "snap-1")
        assert taken["state"] == "SUCCESS" and taken["shards"]["failed"] == 0, taken

        fresh = es_node_module.start_node(path_repo=es_cluster.repo_dir)
        target = ElasticsearchStore(fresh.url, index_prefix="snap", spool_dir=tmp_path / "target-spool")
        assert not target.client.indices.exists_alias(name=target.alias("events")), "the new cluster is not empty"
        target.register_repository("eventline-backup", es_cluster.repo_dir, readonly=True)
        restored = target.restore("eventline-backup", "snap-1")
        assert restored["shards"]["failed"] == 0, restored

        assert target.count_events() == len(events) and target.count_articles() == len(data.ARTICLES)
        page = target.timeline(TimelineQuery(limit=100))
        assert page.total == len(events)
        assert all(target.get_event(event.id) == event for event in events[::97])
        assert target.get_article(data.ARTICLES[0].id) == data.ARTICLES[0]
        again = target.upsert_events(events)  # the restored indices are a working store: nothing new
        assert again.unchanged == len(events) and again.created == 0
        target.close()
    finally:
        source.drop()
        source.close()
        if fresh is not None:
            fresh.stop()
