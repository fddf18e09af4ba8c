"""What only the SQLite backend promises beyond the contract: literal text and participant queries (no LIKE or FTS5
syntax leaks through), whole-batch visibility to another process while one writes, writers that wait for each
other, a store shared by threads, and a refusal to open a file of an unknown schema version."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from schemas import Event, EventType
from store.base import Store, TimelineQuery
from store.sqlite import SQLiteStore
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
        pytest.param({"text": '"区块链"'}, set(), id="fts-quotes"),
        pytest.param({"text": "区块链 OR 白皮书"}, set(), id="fts-operator"),
        pytest.param({"text": "区块*"}, set(), id="fts-prefix"),
        pytest.param({"text": "区块链\x1f"}, set(), id="separator"),
    ],
)
def test_sqlite_queries_are_literal(loaded: SQLiteStore, filters: dict[str, str], expected: set[str]) -> None:
    assert found(loaded, **filters) == expected


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
