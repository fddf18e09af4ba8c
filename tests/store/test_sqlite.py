"""What only the SQLite backend promises beyond the contract: literal text and participant queries (no LIKE or FTS5
syntax leaks through), whole-batch visibility to another process while one writes, writers that wait for each
other, a store shared by threads, and a refusal to open a file of an unknown schema version."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from schemas import Event, EventType
from store.base import Store, TimelineQuery
from store.sqlite import _EVENT_INDEXES, SCHEMA_VERSION, SQLiteStore
from tests.contract.data import EVENTS, ids

BATCH = 200  # events per upsert call in the process tests; under BATCH_SIZE, so one transaction each


def found(store: Store, **filters: object) -> set[str]:
    return {e.id for e in store.timeline(TimelineQuery(limit=500, **filters)).events}


@pytest.fixture
def loaded(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "store.sqlite3")
    store.upsert_events(EVENTS.values())
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({"text": "%"}, ids("shenzhen_chain_financing"), id="percent-1-char"),
        pytest.param({"text": "50%"}, ids("shenzhen_chain_financing"), id="percent-3-char"),
        pytest.param({"text": "_"}, set(), id="underscore"),
        pytest.param({"text": "\\"}, set(), id="backslash"),
        pytest.param({"participant": "%"}, set(), id="participant-percent"),
        pytest.param({"participant": "_"}, set(), id="participant-underscore"),
        pytest.param({"text": '"区块链'}, ids(
            "wuhan_blockchain_plan", "tencent_jianghan_signing", "wuhan_blockchain_institute",
            "caict_blockchain_whitepaper", "shenzhen_chain_financing", "chengdu_blockchain_alliance",
        ), id="unclosed-quote"),
        pytest.param({"text": '区块链"'}, set(), id="quote-inside-a-word"),
        pytest.param({"text": "区块链 OR 白皮书"}, set(), id="fts-operator"),
        pytest.param({"text": "区块*"}, set(), id="fts-prefix"),
        pytest.param({"text": '"区块\x1f链"'}, set(), id="separator-inside-a-phrase"),
    ],
)
def test_sqlite_queries_are_literal(loaded: SQLiteStore, filters: dict[str, str], expected: set[str]) -> None:
    assert found(loaded, **filters) == expected


def test_sqlite_quoted_phrase_is_the_words_inside(loaded: SQLiteStore) -> None:
    assert found(loaded, text='"区块链"') == found(loaded, text="区块链") != set()


def _containing(term: str) -> set[str]:
    return {
        e.id for e in EVENTS.values()
        if any(term.lower() in (t or "").lower() for t in [e.headline, e.object, e.summary,
               *(m.sentence for m in e.mentions), *(m.title for m in e.mentions)])
    }


@pytest.mark.parametrize("term", ["链", "5G", "g", "融资", "白皮", "%", "5%", "。", "）"])
def test_sqlite_short_terms_are_exact(loaded: SQLiteStore, term: str) -> None:
    """1–2 character terms are answered from the trigrams starting with them (the last characters of a text
    too): the answer is the substring match, as a scan would give."""
    assert found(loaded, text=term) == _containing(term)


def test_sqlite_short_terms_use_the_index(loaded: SQLiteStore) -> None:
    text = loaded._text_condition(TimelineQuery(text="融资 链"))
    assert text is not None and text.indexed and "LIKE" not in text.condition


def test_sqlite_text_ignores_latin_case(loaded: SQLiteStore) -> None:
    assert found(loaded, text="5g") == found(loaded, text="5G") != set()
    assert found(loaded, text="b轮融资") == ids("shenzhen_chain_financing")


def meetings(batch: int) -> list[Event]:
    """`BATCH` distinct events (distinct objects, so distinct ids)."""
    return [
        Event(type=EventType.meeting, object=f"第{batch}批第{i}场产业对接会", headline=f"第{batch}批产业对接会举行")
        for i in range(BATCH)
    ]


def write_batches(path: str, first: int, count: int) -> None:
    """Runs in a child process: upsert `count` batches, one call (one transaction) each."""
    with SQLiteStore(path) as store:
        for batch in range(first, first + count):
            store.upsert_events(meetings(batch))


def test_sqlite_other_processes_write_while_this_one_reads(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    reader = SQLiteStore(path)
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=write_batches, args=(str(path), first, 10)) for first in (0, 10)]
    for writer in writers:
        writer.start()
    seen = []
    while any(w.is_alive() for w in writers):
        page = reader.timeline(TimelineQuery(types=[EventType.meeting], limit=1))
        seen.append(page.total)
    for writer in writers:
        writer.join()

    assert [w.exitcode for w in writers] == [0, 0]
    assert seen == sorted(seen), "a reader saw the store shrink"
    assert all(total % BATCH == 0 for total in seen), f"a reader saw part of a batch: {sorted(set(seen))}"
    assert reader.count_events() == 20 * BATCH
    reader.close()


def test_sqlite_store_shared_by_threads(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "threads.sqlite3")
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(50):
                store.timeline(TimelineQuery(text="对接会"))
                store.counts(["type"])
        except BaseException as exc:  # collected and asserted below: a thread's exception is otherwise lost
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    for batch in range(5):
        store.upsert_events(meetings(batch))
    for thread in readers:
        thread.join()

    assert errors == []
    assert store.count_events() == 5 * BATCH
    store.close()


def test_sqlite_refuses_unknown_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version=99")
    connection.close()

    with pytest.raises(RuntimeError, match=r"future\.sqlite3: store schema version 99"):
        SQLiteStore(path)


def index_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    connection.close()
    return names


def answers(store: Store) -> list[object]:
    """What a few queries of every kind return, pages in order included."""
    queries = [
        TimelineQuery(limit=500),
        TimelineQuery(sort="date_asc", limit=7, offset=3),
        TimelineQuery(text="对接会", limit=500),
        TimelineQuery(text="区块链", sort="date_asc", limit=500),
        TimelineQuery(types=[EventType.meeting], limit=500),
        TimelineQuery(city="武汉市", limit=500),
    ]
    return [[e.id for e in store.timeline(q).events] for q in queries] + [store.counts(["type", "month"])]


def test_sqlite_large_load_builds_the_indexes_once_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = [*EVENTS.values(), *meetings(0)]
    with SQLiteStore(tmp_path / "reference.sqlite3") as reference:
        reference.upsert_events(events)  # one batch: no index dropped
        expected = answers(reference)
    monkeypatch.setattr("store.sqlite.BATCH_SIZE", 16)
    path = tmp_path / "bulk.sqlite3"
    statements: list[str] = []
    with SQLiteStore(path) as store:
        store._conn.set_trace_callback(statements.append)
        result = store.upsert_events(events)
        store._conn.set_trace_callback(None)
        assert (result.created, store.count_events()) == (len(events), len(events))
        assert answers(store) == expected
    assert any(s.startswith("DROP INDEX") for s in statements), "the load kept its indexes"
    assert set(_EVENT_INDEXES) <= index_names(path)


def test_sqlite_small_upserts_keep_the_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.sqlite.BATCH_SIZE", 16)
    statements: list[str] = []
    with SQLiteStore(tmp_path / "small.sqlite3") as store:
        store.upsert_events(meetings(0))
        store._conn.set_trace_callback(statements.append)
        store.upsert_events(EVENTS.values())  # fewer events than the store holds
        store.upsert_events(meetings(0))  # nothing created
    assert not any(s.startswith("DROP INDEX") for s in statements)


def test_sqlite_large_load_failing_midway_leaves_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.sqlite.BATCH_SIZE", 16)

    def failing() -> Iterator[Event]:
        yield from meetings(0)
        raise RuntimeError("source broke")

    path = tmp_path / "failed.sqlite3"
    with SQLiteStore(path) as store:
        with pytest.raises(RuntimeError, match="source broke"):
            store.upsert_events(failing())
        assert store.count_events() == BATCH - BATCH % 16  # the batches before the failure
    assert set(_EVENT_INDEXES) <= index_names(path)


def test_sqlite_open_builds_missing_indexes(tmp_path: Path) -> None:
    """As left by a large load whose process died before it built them again."""
    path = tmp_path / "interrupted.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_events(EVENTS.values())
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX events_type")
        connection.execute("DROP INDEX events_date")
    connection.close()

    with SQLiteStore(path) as store:
        assert found(store, types=[EventType.meeting]) == {e.id for e in EVENTS.values() if e.type is EventType.meeting}
    assert set(_EVENT_INDEXES) <= index_names(path)


@pytest.mark.parametrize("sort", ["date_desc", "date_asc"])
@pytest.mark.parametrize(
    "filters",
    [{"text": "对接会"}, {"text": "会"}, {"text": "区块链", "types": [EventType.meeting, EventType.policy_release]},
     {"participant": "武汉"}, {"text": "产业", "province": "湖北省"}],
    ids=["text", "short-text", "text-and-types", "participant", "text-and-province"],
)
def test_sqlite_date_index_walk_pages_like_the_sort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sort: str, filters: dict[str, object]
) -> None:
    """Both ways to a page of subquery matches (see `SQLiteStore.timeline`) give the same pages."""
    with SQLiteStore(tmp_path / "walk.sqlite3") as store:
        store.upsert_events([*EVENTS.values(), *meetings(0)])

        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)

        def pages(advantage: int) -> list[tuple[int, list[str]]]:
            monkeypatch.setattr("store.sqlite._WALK_ADVANTAGE", advantage)
            result = []
            for offset in (0, 3, 150):
                page = store.timeline(TimelineQuery(sort=sort, limit=60, offset=offset, **filters))
                result.append((page.total, [e.id for e in page.events]))
            return result

        sorted_ = pages(0)
        assert not any("INDEXED BY" in s for s in statements)
        walked = pages(10**12)
        assert any("INDEXED BY" in s for s in statements)
    assert walked == sorted_
    assert walked[0][1], "no match: the test would prove nothing"


def test_sqlite_store_of_schema_2_is_migrated_in_place(tmp_path: Path) -> None:
    """A version-2 file (no `district` column, FTS rows without the end padding) is upgraded: the column filled,
    the rows padded, so that short terms at the end of a text are found."""
    path = tmp_path / "v2.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_events(EVENTS.values())
    run_script(
        path,
        "DROP INDEX events_district; ALTER TABLE events DROP COLUMN district; DROP TABLE events_vocab; "
        "UPDATE events_fts SET body = substr(body, 1, length(body) - 2); PRAGMA user_version=2;",
    )

    with SQLiteStore(path) as store:
        assert found(store, district="江汉区") == ids("tencent_jianghan_signing")
        for term in ("融资", "。", "链"):
            assert found(store, text=term) == _containing(term)
        assert store.count_events() == len(EVENTS)
    assert user_version(path) == SCHEMA_VERSION


def run_script(path: Path, script: str) -> None:
    """Run SQL on the file outside the store (to turn it into an older schema's layout)."""
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.close()


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.close()
    return version


def test_sqlite_store_of_schema_3_is_migrated_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-3 file (`events.id` UNIQUE by a table constraint, which cannot be dropped) is copied into the
    version-4 table, whose `events_id` index a large load drops: same answers before and after, and a large load
    into the upgraded file works."""
    path = tmp_path / "v3.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_events(EVENTS.values())
        expected = answers(store)
    with sqlite3.connect(path) as conn:
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    conn.close()
    assert "id TEXT NOT NULL," in table
    run_script(
        path,
        "DROP INDEX events_id; ALTER TABLE events RENAME TO old; "
        f"{table.replace('id TEXT NOT NULL,', 'id TEXT NOT NULL UNIQUE,')}; "
        "INSERT INTO events SELECT * FROM old; DROP TABLE old; PRAGMA user_version=3;",
    )

    with SQLiteStore(path) as store:
        assert answers(store) == expected
        assert store.count_events() == len(EVENTS)
        monkeypatch.setattr("store.sqlite.BATCH_SIZE", 16)
        assert store.upsert_events([*EVENTS.values(), *meetings(0)]).created == BATCH
        assert store.count_events() == len(EVENTS) + BATCH
    assert user_version(path) == SCHEMA_VERSION
    assert set(_EVENT_INDEXES) <= index_names(path)


def test_sqlite_large_load_sees_events_another_writer_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While a large load runs without its id index, another connection stores an event the load brings later:
    the load finds it (one record, merged), so the unique id index builds again at the end."""
    monkeypatch.setattr("store.sqlite.BATCH_SIZE", 16)
    path = tmp_path / "two-writers.sqlite3"
    events = meetings(0)
    late = events[-1]

    def source() -> Iterator[Event]:
        yield from events[:100]
        with SQLiteStore(path) as other:  # runs between two batches of the load, on its preparing thread
            assert other.upsert_events([late]).created == 1
        yield from events[100:]

    with SQLiteStore(path) as store:
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        result = store.upsert_events(source())
        store._conn.set_trace_callback(None)
        assert any(s.startswith("DROP INDEX IF EXISTS events_id") for s in statements), "not a large load"
        assert (result.created, result.unchanged) == (BATCH - 1, 1)
        assert store.count_events() == BATCH
        assert store.get_event(late.id) == late
    assert set(_EVENT_INDEXES) <= index_names(path)


def test_sqlite_rows_split_over_many_statements(tmp_path: Path) -> None:
    """Multi-row INSERTs cut at any number of bound values (here fewer than one event's columns) store the same."""
    events = [*EVENTS.values(), *meetings(0)]
    with SQLiteStore(tmp_path / "reference.sqlite3") as reference:
        reference.upsert_events(events)
        expected = answers(reference)
    with SQLiteStore(tmp_path / "small.sqlite3") as store:
        store._values_per_statement = 7
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        store.upsert_events(events)
        store._conn.set_trace_callback(None)
        assert answers(store) == expected
    assert sum(s.startswith("INSERT INTO events_fts") for s in statements) == -(-len(events) // 3)  # 3 rows each


def undated_meetings(count: int) -> list[Event]:
    return [
        Event(type=EventType.meeting, object=f"第{i}场无日期对接会", headline="无日期对接会举行") for i in range(count)
    ]


def _ascending(events: list[Event]) -> list[str]:
    return [e.id for e in sorted(events, key=lambda e: (e.date.value is None, e.date.value or date.min, e.id))]


@pytest.mark.parametrize("advantage", [0, 10**12], ids=["sorted", "walked"])
@pytest.mark.parametrize(
    "filters", [{}, {"types": [EventType.meeting]}, {"text": "对接会"}], ids=["all", "type", "text"]
)
def test_sqlite_date_asc_pages_cross_from_dated_to_undated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, advantage: int, filters: dict[str, object]
) -> None:
    """A `date_asc` page is read as the dated matches, then the undated ones (no index of its own since schema
    5): every page, across the boundary and past the dated matches, is the slice of the whole order."""
    monkeypatch.setattr("store.sqlite._WALK_ADVANTAGE", advantage)
    events = [*EVENTS.values(), *meetings(0)[:40], *undated_meetings(30)]
    with SQLiteStore(tmp_path / "asc.sqlite3") as store:
        store.upsert_events(events)
        everything = store.timeline(TimelineQuery(sort="date_asc", limit=500, **filters))
        expected = [e.id for e in everything.events]
        assert expected == _ascending([e for e in events if e.id in set(expected)])
        assert any(e.date.value is None for e in everything.events), "no undated match: the test proves nothing"
        for offset in range(0, len(expected) + 3, 7):
            page = store.timeline(TimelineQuery(sort="date_asc", limit=9, offset=offset, **filters))
            assert (page.total, [e.id for e in page.events]) == (len(expected), expected[offset:offset + 9])


def query_plans(store: SQLiteStore, run: Callable[[], object]) -> list[str]:
    """The EXPLAIN QUERY PLAN lines of every SELECT on `events` or `events_fts` that `run` makes."""
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    run()
    store._conn.set_trace_callback(None)
    selects = [s for s in statements if s.startswith("SELECT") and ("FROM events" in s or "JOIN events" in s)]
    assert selects, "no query traced"
    return [row[3] for sql in selects for row in store._conn.execute("EXPLAIN QUERY PLAN " + sql)]


@pytest.mark.parametrize("text", ["融", "融资", "5G", "链 融资"])
def test_sqlite_short_terms_are_answered_from_the_index(loaded: SQLiteStore, text: str) -> None:
    """1–2 character terms: the count and the page read the trigram index (MATCH), never every FTS row."""
    plans = query_plans(loaded, lambda: loaded.timeline(TimelineQuery(text=text)))
    assert any("VIRTUAL TABLE INDEX 0:M" in line for line in plans), plans
    assert not any(line.startswith("SCAN events_fts") and ":M" not in line for line in plans), plans


def test_sqlite_date_asc_pages_are_read_in_index_order(loaded: SQLiteStore) -> None:
    for query in (TimelineQuery(sort="date_asc", offset=3), TimelineQuery(sort="date_asc", types=[EventType.meeting])):
        plans = query_plans(loaded, lambda q=query: loaded.timeline(q))
        assert not any("TEMP B-TREE" in line for line in plans), plans


def test_sqlite_week_reads_the_partial_reported_index(loaded: SQLiteStore) -> None:
    plans = query_plans(loaded, lambda: loaded.week_events("2020-W30"))
    assert any("USING INDEX events_reported" in line for line in plans), plans


def test_sqlite_store_of_schema_4_is_migrated_in_place(tmp_path: Path) -> None:
    """A version-4 file (an index for `date_asc` pages, a full `events_reported` index) gets today's indexes and
    gives the same answers."""
    path = tmp_path / "v4.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_events([*EVENTS.values(), *undated_meetings(5)])
        expected = answers(store), store.week_events("2020-W30")
    run_script(
        path,
        "DROP INDEX events_reported; CREATE INDEX events_reported ON events (reported_on); "
        "CREATE INDEX events_date_asc ON events (date_value IS NULL, date_value, id); PRAGMA user_version=4;",
    )

    with SQLiteStore(path) as store:
        assert (answers(store), store.week_events("2020-W30")) == expected
    assert user_version(path) == SCHEMA_VERSION
    assert "events_date_asc" not in index_names(path)
    with sqlite3.connect(path) as connection:
        reported = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'events_reported'").fetchone()[0]
    connection.close()
    assert reported.endswith("WHERE date_precision != 'day'")
