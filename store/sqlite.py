"""The embedded `Store` backend: one SQLite file (stdlib `sqlite3`), no server.

Tables (schema version in ``PRAGMA user_version``):

* ``articles``: one row per article id, the article JSON plus url, content hash and UTC publication time (``~``
  when the article has no date, so that undated articles sort last).
* ``events``: one row per event id with the columns queries filter, group and sort on (type, section, date value
  and precision, province, city, district, reported_on); ``seq``, the integer row id, links the other event tables.
  ``event_docs`` holds each event's full JSON under the same ``seq``. Keeping the JSON out of ``events`` keeps that
  table narrow, so counting and sorting thousands of matches reads a few pages instead of every event's JSON.
* ``participant_names`` + ``event_participants``: each distinct participant string (as written and normalised)
  once, and the events it takes part in. A participant filter scans the few distinct names, not every event.
* ``events_fts``: FTS5 with ``tokenize='trigram'`` over one column holding the headline, object, summary, evidence
  sentences and article titles (the titles carried by the event's mentions), joined by U+001F so that no match
  spans two texts (a term containing U+001F matches nothing; one column also indexes faster than five), and ended
  by two more U+001F. Each text is there once, and a text contained in another of the same event is left out (its
  substrings are the longer one's too): 40 % fewer trigrams to write on typical events. A text query is split into
  terms (`store.base.search_terms`), all required: a term of 3 characters or more is a trigram phrase, an exact
  (case-insensitive) substring match. A 1–2 character term has no trigram, but every character of a row starts
  one (the end padding sees to the last ones), so the term occurs exactly where an indexed trigram starting with
  it does: ``events_vocab`` (fts5vocab over the index, sorted by term) lists those by a range read, and the term
  becomes their OR. So no text query scans the table (before: ``LIKE`` scans of 300–800 ms at 10^6 events), except
  a short term starting more than `_MAX_EXPANSION` distinct trigrams. FTS5 settings (`_FTS_CONFIG`: a large
  pending-term buffer, less frequent merging) are stored in the file when it is created.

Indexes of ``events`` (`_EVENT_INDEXES`; checked against the queries with EXPLAIN QUERY PLAN): each filter's index
has (date_value, id) right after the filter's column, so a filtered page is read in order from the index and stops
after the page (a province page at 10^6 events: 0.1 ms instead of sorting 70 000 matches in 120). The type index
also carries the province, the province index the city and the type, and the city index the type, so that the
common combinations (city + type; province + city; province + types + dates) are answered from the index alone
instead of looking up tens of thousands of rows. Every index costs a large load a sort at its end (about 2 µs per
event each at 10^6), so there are no more than the queries need: `date_asc` pages are read from the same indexes
as `date_desc` ones (dated matches, then undated), and `events_reported`, which only `week_events` reads for
events without a day date, is partial.

Sort order: date then id, both descending for `date_desc`; unknown dates last either way (`_ascending_page`).
Text and participant filters produce a set of matches: `timeline` either sorts it, or walks the date index in the
page's order and probes the set, whichever its count says is cheaper (see `SQLiteStore._walk_date_index`); a
text-only query is counted by the FTS index alone.

Writes: upserts go in batches of `BATCH_SIZE`, each one ``BEGIN IMMEDIATE`` transaction, each table's rows written
by a few multi-row INSERTs (`SQLiteStore._insert_rows`); every value is a bound parameter. A helper thread prepares
the next batch (JSON, columns, FTS row) while SQLite writes the current one with the GIL released. A large event
load (more new events than the store held) drops the secondary indexes of ``events``, the unique ``events_id``
included, and builds them once at its end: at 10^6 events, inserting into them rewrote nearly every index page on
every commit (O(n²) overall; the random ids worst), while a build is one sort each (`PRAGMA threads` lets SQLite's
sorter use a helper thread). Meanwhile the load finds stored events through an id → seq map (`_IdMap`). Opening a
store builds any index a crashed load left missing, and upgrades a schema-2, -3 or -4 file in place (`_migrate`).
Concurrency: WAL journal with ``synchronous=NORMAL`` (a commit survives a crash of the process; only a power loss
may lose the last commits, never corrupt the file), so another process reads the last committed batch while this
one writes, and a busy timeout makes a second writer wait instead of failing. One connection per store, guarded by
a lock so a store can be shared by threads; its page cache (`CACHE_KIB`) grows only as pages are read.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import Literal, TypeVar

from schemas import SHANGHAI, Article, Event, EventType, Section
from schemas.facts import combine
from schemas.weeks import iso_week_bounds, iso_week_of
from store.base import CountKey, CountRow, Store, TimelinePage, TimelineQuery, UpsertResult, search_terms

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # 1: a development layout (event JSON inside `events`), never released; 2: no `district`;
# 3: `events.id` UNIQUE by a constraint (an index that cannot be dropped for a large load); 4: an index for
# `date_asc` pages, a full index of `reported_on`
# Both measured with bench/store.py: a commit writes every index page its batch touched, so larger batches write
# less per record, and larger pages mean fewer writes. The page size is fixed when a file is created.
BATCH_SIZE = 10000  # records per transaction
PAGE_SIZE = 16384
BUSY_TIMEOUT_S = 30.0
# WAL pages before a commit copies them into the database file and syncs it (SQLite's default: 1000, 16 MB here,
# less than one batch of a large load, so every commit also checkpointed). An A/B of the same 10^6-event load
# measured 3.7k events/s instead of 2.7k at about the same CPU (load 8–9 on 2 cores): fewer checkpoints and syncs.
WAL_CHECKPOINT_PAGES = 8192
CACHE_KIB = 262144  # page cache per connection (an upper bound, filled as pages are read)
SORT_THREADS = 2  # helper threads of SQLite's sorter (CREATE INDEX, large ORDER BY)
# FTS5 settings, stored in the file when it is created. FTS5 keeps the trigrams of a transaction in memory until
# `hashsize` bytes, then writes a segment: the default (1 MB) wrote several small segments per batch, merged again
# later. `automerge` 8 (default 4) merges segments less often, in larger steps: at 10^6 events the trigram index
# costs about 22 µs per event instead of 32, and answers faster (fewer segments).
_FTS_CONFIG = {"hashsize": 64 * 1024 * 1024, "automerge": 8}
_WALK_ADVANTAGE = 4  # see `SQLiteStore._walk_date_index`; conservative: other filters make each step dearer
_IN_CHUNK = 500  # values per `IN (...)` lookup, well under SQLite's bound-parameter limit
_VALUES_PER_STATEMENT = 30000  # bound values per multi-row INSERT (`_insert_rows`), at most SQLite's own limit
_PAGE = 1000  # articles fetched per round trip by `articles()`
_UNDATED = "~"  # published_utc of an article without a date: sorts after every ISO time
_JOIN = "\x1f"  # joins the searchable texts of an event in its FTS row (removed from the texts themselves)
_PAD = _JOIN * 2  # ends every FTS row, so that the last characters start trigrams too
_MAX_EXPANSION = 2000  # trigrams a 1–2 character term may expand to before a scan is cheaper
_EVENT_COLUMNS = ("type", "section", "date_value", "date_precision", "province", "city", "district", "reported_on")

# SQL fragments chosen from fixed tables, never from user input.
_COUNT_COLUMNS: dict[str, str] = {
    "type": "events.type",
    "section": "events.section",
    "province": "events.province",
    "city": "events.city",
    "district": "events.district",
    "month": "substr(events.date_value, 1, 7)",
    # the Monday of the date's ISO week (%w: 0 is Sunday), turned into its label after the query
    "week": "date(events.date_value, '-' || ((CAST(strftime('%w', events.date_value) AS INTEGER) + 6) % 7) || ' days')",
    "org": "json_extract(org.value, '$.normalized')",
    "outlet": "json_extract(outlet.value, '$.source')",
}
# Many-valued keys: one joined row per participant / mention (none: one row of NULLs), read from the event's JSON
# only for the matching events; `count(DISTINCT events.seq)` counts an event once per distinct value.
_COUNT_JOINS: dict[str, str] = {
    "org": "LEFT JOIN json_each((SELECT doc FROM event_docs WHERE seq = events.seq), '$.participants') AS org",
    "outlet": "LEFT JOIN json_each((SELECT doc FROM event_docs WHERE seq = events.seq), '$.mentions') AS outlet",
}
# The two orders of a timeline page. Both are read from the indexes ending in (date_value, id): SQLite puts NULL
# (unknown date) first in ascending order, so `date_desc` is a reverse scan, and `date_asc` two forward reads, the
# dated events then the undated ones (see `SQLiteStore._ascending_page`; a sort key sending NULLs last, as this one
# does, is no index order, so the sorted matches of a filter would be sorted again).
_ORDER = {
    "date_asc": "date_value IS NULL, date_value, id",
    "date_desc": "date_value DESC, id DESC",
}

# The filter indexes end with (date_value, id), so a filtered page is sorted from the index alone.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    content_hash TEXT NOT NULL,
    published_utc TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_utc, id);

CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    section TEXT NOT NULL,
    date_value TEXT,
    date_precision TEXT NOT NULL,
    province TEXT,
    city TEXT,
    reported_on TEXT,
    district TEXT
);

CREATE TABLE IF NOT EXISTS event_docs (
    seq INTEGER PRIMARY KEY,
    doc TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS participant_names (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS event_participants (
    name_id INTEGER NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (name_id, event_seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_participants_event ON event_participants (event_seq);

CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(body, tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS events_vocab USING fts5vocab(events_fts, row);
"""
# The secondary indexes of `events` (everything but its primary key), by name; `events_id` is UNIQUE. A large load
# drops them and builds them again at its end (see `SQLiteStore.upsert_events`); opening a store creates any missing
# one.
_EVENT_INDEXES: dict[str, str] = {
    "events_id": "events (id)",
    "events_date": "events (date_value, id)",
    "events_type": "events (type, date_value, id, province)",
    "events_section": "events (section, date_value, id)",
    "events_place": "events (province, date_value, id, city, type)",
    "events_city": "events (city, date_value, id, type)",
    "events_district": "events (district, date_value, id)",
    # only `week_events` reads it, and only for events without a day date (a fifth of them): a partial index
    "events_reported": "events (reported_on) WHERE date_precision != 'day'",
}

T = TypeVar("T")


class SQLiteStore(Store):
    """Articles and events in one SQLite file; creates the file and its tables on first use."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        self._conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # no effect on an existing file
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        self._conn.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        self._conn.execute(f"PRAGMA threads={SORT_THREADS}")
        # 32766 since SQLite 3.32, 999 before
        self._values_per_statement = min(
            _VALUES_PER_STATEMENT, self._conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        )
        try:
            self._ensure_schema()
        except BaseException:
            self._conn.close()
            raise

    def _ensure_schema(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            indexes = {name for (name,) in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            if missing := sorted(set(_EVENT_INDEXES) - indexes):
                # Left out by a large load that did not finish (see `upsert_events`), or by one still running in
                # another process; either way, queries need them.
                logger.warning("%s: building the missing indexes %s", self.path, ", ".join(missing))
                with self._transaction():
                    self._create_event_indexes()
            return
        if version in (2, 3, 4):
            self._migrate(version)
            return
        if version != 0:
            raise RuntimeError(
                f"{self.path}: store schema version {version}, this eventline reads {SCHEMA_VERSION}; the store holds "
                "derived data: move the file away and load it again (eventline ingest)"
            )
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)
            self._create_event_indexes()
            for key, value in _FTS_CONFIG.items():
                self._conn.execute("INSERT INTO events_fts (events_fts, rank) VALUES (?, ?)", (key, value))
            self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        logger.info("created store schema v%d in %s", SCHEMA_VERSION, self.path)

    def _migrate(self, version: int) -> None:
        """Upgrade a file of schema `version` in place, in one transaction.

        Version 2 had no `district` column and no padding after the last text of an FTS row (`_fts_body`): the
        column is added and filled, the rows padded. Version 3 declared `events.id` UNIQUE in the table, an index
        SQLite cannot drop: the table is copied into the version-4 layout, whose `events_id` index a large load can
        drop and build again (its `seq` values kept, so the other tables still point at the same events), with the
        indexes of today. Version 4 had an index for `date_asc` pages (read from `events_date` since) and a full
        `events_reported` index (partial since): the first is dropped, the second built again."""
        with self._transaction():
            if version == 4:
                for name in ("events_date_asc", "events_reported"):
                    self._conn.execute(f"DROP INDEX IF EXISTS {name}")
            else:
                self._copy_events_table(version)
            self._create_event_indexes()
            self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        logger.info("%s: store schema v%d → v%d", self.path, version, SCHEMA_VERSION)

    def _copy_events_table(self, version: int) -> None:
        """The events of a version 2 or 3 file copied into today's table, without its indexes (see `_migrate`)."""
        if version == 2:
            self._conn.execute("ALTER TABLE events ADD COLUMN district TEXT")
            self._conn.execute(
                "UPDATE events SET district = (SELECT json_extract(doc, '$.region.district') FROM event_docs AS d "
                "WHERE d.seq = events.seq)"
            )
            self._conn.execute("UPDATE events_fts SET body = body || ?", (_PAD,))
        columns = ", ".join(("seq", "id", *_EVENT_COLUMNS))
        self._conn.execute("ALTER TABLE events RENAME TO events_v3")
        for statement in _SCHEMA.split(";"):  # IF NOT EXISTS: creates only what is new, and `events` again
            if statement.strip():
                self._conn.execute(statement)
        self._conn.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM events_v3 ORDER BY seq")
        self._conn.execute("DROP TABLE events_v3")  # and its indexes

    @contextmanager
    def _transaction(self, mode: Literal["IMMEDIATE", "DEFERRED"] = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        """IMMEDIATE takes the write lock up front; DEFERRED gives several reads one consistent snapshot."""
        self._conn.execute(f"BEGIN {mode}")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _select_in(self, sql: str, values: Iterable[object]) -> Iterator[tuple]:
        """Rows of `sql`, whose ``{marks}`` becomes the placeholders of one chunk of `values` at a time."""
        for chunk in _batches(sorted(set(values)), _IN_CHUNK):
            yield from self._conn.execute(sql.format(marks=_marks(chunk)), chunk)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ---- writes ---------------------------------------------------------------------------------------------

    def upsert_articles(self, articles: Iterable[Article]) -> UpsertResult:
        result = UpsertResult()
        for batch in _batches(articles, BATCH_SIZE):
            with self._lock, self._transaction():
                result += self._upsert_article_batch(batch)
        logger.debug("upsert_articles %s: %s", self.path, result)
        return result

    def _upsert_article_batch(self, batch: list[Article]) -> UpsertResult:
        result = UpsertResult()
        latest = dict(self._select_in("SELECT id, doc FROM articles WHERE id IN ({marks})", (a.id for a in batch)))
        rows = []
        for article in batch:
            doc = article.model_dump_json()
            before = latest.get(article.id)
            if before == doc:
                result.unchanged += 1
                continue
            if before is None:
                result.created += 1
            else:
                result.updated += 1
            latest[article.id] = doc
            published = _utc_text(article.published_at) if article.published_at else _UNDATED
            rows.append((article.id, article.url, article.content_hash, published, doc))
        self._conn.executemany(
            "INSERT INTO articles (id, url, content_hash, published_utc, doc) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET url = excluded.url, content_hash = excluded.content_hash, "
            "published_utc = excluded.published_utc, doc = excluded.doc",
            rows,
        )
        return result

    def upsert_events(self, events: Iterable[Event]) -> UpsertResult:
        """Per input event: created (new id), updated (merged record differs) or unchanged; see `store.base`.

        The Python side of a batch (JSON, index columns, searchable texts: `_prepare_batch`) is computed on a
        helper thread while the previous batch is written: SQLite releases the GIL while it works, so on two cores
        the two overlap instead of taking turns.

        A large load (another full batch once the call has created at least as many events as the store held
        before, and at least a batch) drops the secondary indexes of `events` in that batch's transaction and builds
        them again when the call ends, even by an exception: sorting once is far cheaper than inserting each row
        into every index (at 10^6 events every batch touched nearly every leaf page of every index; the random ids
        cost most). Meanwhile readers get the same answers, only slower. Without `events_id`, the load finds stored
        events by an id → seq map of the whole table (`_IdMap`: read once, then brought up to date at the start of
        each batch, so it also sees what other connections wrote in between)."""
        result = UpsertResult()
        with self._lock:
            held = self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        ids: _IdMap | None = None
        batches = _batches(events, BATCH_SIZE)
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-prepare") as helper:
                pending = helper.submit(_prepare_batch, batches)
                while batch := pending.result():
                    pending = helper.submit(_prepare_batch, batches)
                    with self._lock, self._transaction():
                        if ids is None and len(batch) == BATCH_SIZE and result.created >= max(held, BATCH_SIZE):
                            ids = _IdMap()
                            for name in _EVENT_INDEXES:
                                self._conn.execute(f"DROP INDEX IF EXISTS {name}")
                        result += self._upsert_event_batch(batch, ids)
        finally:
            if ids is not None:
                with self._lock, self._transaction():
                    self._create_event_indexes()
                with self._lock:  # readers after a large load should not look through up to 128 MB of WAL first
                    self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        logger.debug("upsert_events %s: %s", self.path, result)
        return result

    def _create_event_indexes(self) -> None:
        for name, columns in _EVENT_INDEXES.items():
            unique = "UNIQUE " if name == "events_id" else ""
            self._conn.execute(f"CREATE {unique}INDEX IF NOT EXISTS {name} ON {columns}")

    def _stored(self, event_ids: Iterable[str], ids: _IdMap | None) -> Iterator[tuple[str, int, str]]:
        """(id, seq, doc) of the stored events among `event_ids`: by the `events_id` index, or during a large load
        by `ids`."""
        if ids is None:
            yield from self._select_in(
                "SELECT e.id, e.seq, d.doc FROM events AS e JOIN event_docs AS d ON d.seq = e.seq "
                "WHERE e.id IN ({marks})",
                event_ids,
            )
            return
        added = self._conn.execute("SELECT id, seq FROM events WHERE seq > ? ORDER BY seq", (ids.last,)).fetchall()
        if added:
            ids.seqs.update(added)
            ids.last = added[-1][1]
        id_of = {ids.seqs[event_id]: event_id for event_id in event_ids if event_id in ids.seqs}
        for seq, doc in self._select_in("SELECT seq, doc FROM event_docs WHERE seq IN ({marks})", id_of):
            yield id_of[seq], seq, doc

    def _upsert_event_batch(self, batch: list[_Row], ids: _IdMap | None = None) -> UpsertResult:
        created = updated = unchanged = 0  # plain ints: a field of the pydantic result costs ~2 µs per assignment
        stored_seq: dict[str, int] = {}
        latest: dict[str, tuple[str, Event | None]] = {}  # id → (doc, parsed event once known) as of the last input
        for event_id, seq, doc in self._stored((row.event.id for row in batch), ids):
            stored_seq[event_id] = seq
            latest[event_id] = (doc, None)
        changed: dict[str, _Row] = {}
        for row in batch:
            event = row.event
            if event.id in latest:
                before_doc, before = latest[event.id]
                if row.doc != before_doc:
                    before = before or Event.model_validate_json(before_doc)
                    row = _prepare(combine(event, before))
                if row.doc == before_doc:
                    unchanged += 1
                    continue
                updated += 1
            else:
                created += 1
            latest[event.id] = (row.doc, row.event)
            changed[event.id] = row
        inserted = self._write_events(changed, stored_seq)
        if ids is not None and inserted:  # so that the next batch reads back only what other connections wrote
            ids.seqs.update((row.event.id, seq) for seq, row in inserted)
            ids.last = inserted[-1][0]
        return UpsertResult(created=created, updated=updated, unchanged=unchanged)

    def _write_events(self, changed: dict[str, _Row], stored_seq: dict[str, int]) -> list[tuple[int, _Row]]:
        """Writes the `changed` rows (those in `stored_seq` over their stored event); returns the new ones with
        their `seq`, in order."""
        updates = [(seq, changed[event_id]) for event_id, seq in stored_seq.items() if event_id in changed]
        new = [row for event_id, row in changed.items() if event_id not in stored_seq]
        next_seq = self._conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()[0]
        inserts = [(next_seq + i, row) for i, row in enumerate(new)]
        self._insert_rows(
            f"INSERT INTO events (seq, id, {', '.join(_EVENT_COLUMNS)})",
            [(seq, row.event.id, *row.columns) for seq, row in inserts],
        )
        self._conn.executemany(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in _EVENT_COLUMNS)} WHERE seq = ?",
            [(*row.columns, seq) for seq, row in updates],
        )
        written = inserts + updates
        self._insert_rows(
            "INSERT INTO event_docs (seq, doc)", [(seq, row.doc) for seq, row in written],
            " ON CONFLICT (seq) DO UPDATE SET doc = excluded.doc",
        )
        stale = [(seq,) for seq, _ in updates]
        self._conn.executemany("DELETE FROM events_fts WHERE rowid = ?", stale)
        self._conn.executemany("DELETE FROM event_participants WHERE event_seq = ?", stale)
        self._insert_rows("INSERT INTO events_fts (rowid, body)", [(seq, row.body) for seq, row in written])
        names = {name for _, row in written for name in row.names}  # each row's names are distinct (`_prepare`)
        self._conn.executemany("INSERT OR IGNORE INTO participant_names (text) VALUES (?)", [(n,) for n in names])
        name_ids = dict(self._select_in("SELECT text, id FROM participant_names WHERE text IN ({marks})", names))
        self._insert_rows(
            "INSERT INTO event_participants (name_id, event_seq)",
            sorted((name_ids[name], seq) for seq, row in written for name in row.names),
        )
        return inserts

    def _insert_rows(self, insert: str, rows: Sequence[tuple[object, ...]], tail: str = "") -> None:
        """`insert` VALUES (…), (…), … `tail`, with up to `_values_per_statement` bound values per statement.

        Many rows per statement rather than one `executemany` step per row: the sqlite3 module releases the GIL
        around each step, and taking it back waits for the preparing thread (`upsert_events`) to yield it, up to
        Python's switch interval (5 ms) per step. A few long steps per batch leave the preparation free to run
        meanwhile (and cost a little less CPU per row: 6.5–7.5 µs instead of 6.9–8.7 for an event and its JSON)."""
        if not rows:
            return
        width = len(rows[0])
        for chunk in _batches(rows, max(1, self._values_per_statement // width)):
            marks = ", ".join([f"({_marks(chunk[0])})"] * len(chunk))
            self._conn.execute(f"{insert} VALUES {marks}{tail}", list(chain.from_iterable(chunk)))

    # ---- reads ----------------------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        with self._lock:
            row = self._conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.model_validate_json(row[0]) if row else None

    def get_event(self, event_id: str) -> Event | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT d.doc FROM events AS e JOIN event_docs AS d ON d.seq = e.seq WHERE e.id = ?", (event_id,)
            ).fetchone()
        return Event.model_validate_json(row[0]) if row else None

    def content_hashes(self, urls: Iterable[str]) -> dict[str, str]:
        with self._lock:
            sql = "SELECT url, content_hash FROM articles WHERE url IN ({marks})"
            return dict(self._select_in(sql, (url for url in urls if url)))

    def articles(self, since: date | None = None) -> Iterator[Article]:
        """Oldest first, then articles without a date (by id); `since` is a calendar day in Asia/Shanghai and leaves
        undated articles out. Fetched page by page, so the lock is not held while the caller works on each one."""
        # Keyset pagination on (published_utc, id): every real id sorts after "", so the first page starts at `since`.
        after: tuple[str, str] = (_utc_text(datetime.combine(since, time(0), tzinfo=SHANGHAI)) if since else "", "")
        dated_only = f" AND published_utc != '{_UNDATED}'" if since else ""
        while True:
            with self._lock:
                rows = self._conn.execute(
                    f"SELECT published_utc, id, doc FROM articles WHERE (published_utc, id) > (?, ?){dated_only} "
                    "ORDER BY published_utc, id LIMIT ?",
                    (*after, _PAGE),
                ).fetchall()
            for _, _, doc in rows:
                yield Article.model_validate_json(doc)
            if len(rows) < _PAGE:
                return
            after = (rows[-1][0], rows[-1][1])

    def timeline(self, query: TimelineQuery) -> TimelinePage:
        """Counted (see `_count`), then one page. A query whose matches come from a subquery (text, participant)
        has two ways to its page: sort every match (cheap for few), or walk the date index in the requested order
        and stop after the page, probing the match set (cheap for many); the count decides, see
        `_walk_date_index`."""
        with self._lock, self._transaction("DEFERRED"):
            text = self._text_condition(query)
            where, params = _where(query, text)
            total = self._conn.execute(*_count(query, text, where, params)).fetchone()[0]
            source = "events"
            if (text or query.participant) and self._walk_date_index(query, total):
                where, params = _where(query, text, probe=True)
                source += " INDEXED BY events_date"
            if query.sort == "date_desc":
                page = self._page(source, where, params, _ORDER["date_desc"], query.limit, query.offset)
            else:
                page = self._ascending_page(source, where, params, query, total)
            docs = dict(self._select_in("SELECT seq, doc FROM event_docs WHERE seq IN ({marks})", (s for s, in page)))
        return TimelinePage(total=total, events=[Event.model_validate_json(docs[seq]) for seq, in page])

    def _page(self, source: str, where: str, params: list[object], order: str, limit: int, offset: int) -> list[tuple]:
        return self._conn.execute(
            f"SELECT seq FROM {source}{where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
        ).fetchall()

    def _ascending_page(
        self, source: str, where: str, params: list[object], query: TimelineQuery, total: int
    ) -> list[tuple]:
        """A `date_asc` page: the dated matches by (date_value, id), then the undated ones by id, each read in
        index order (a date filter leaves no undated match)."""
        dated = _and(where, "events.date_value IS NOT NULL")
        page = self._page(source, dated, params, "date_value, id", query.limit, query.offset)
        if len(page) == query.limit or query.date_from or query.date_to:
            return page
        undated = _and(where, "events.date_value IS NULL")
        if page:  # the page holds the last dated matches
            offset = 0
        else:  # the page starts past them: count the undated matches to know how many dated ones there are
            undated_total = self._conn.execute(f"SELECT count(*) FROM {source}{undated}", params).fetchone()[0]
            offset = query.offset - (total - undated_total)
        return page + self._page(source, undated, params, "id", query.limit - len(page), max(0, offset))

    def _text_condition(self, query: TimelineQuery) -> _TextCondition | None:
        """The text filter of `query` as a condition on `events_fts` (None: no text filter)."""
        terms = search_terms(query.text)
        return _text_matches(terms, self._trigrams_starting) if terms else None

    def _trigrams_starting(self, prefix: str) -> list[str] | None:
        """The indexed trigrams starting with `prefix` (1–2 characters, folded), or None when there are more than
        `_MAX_EXPANSION` (a range read of the FTS vocabulary, which is sorted)."""
        rows = self._conn.execute(
            "SELECT term FROM events_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", _MAX_EXPANSION + 1),
        ).fetchall()
        return None if len(rows) > _MAX_EXPANSION else [term for (term,) in rows]

    def _walk_date_index(self, query: TimelineQuery, total: int) -> bool:
        """Whether walking the date index beats sorting the `total` matches. The walk visits about
        (offset + limit) × events / total index entries, each far cheaper than sorting one match (measured at
        10^6 events: about 0.025 µs against 0.5 µs; a match set of 80 000 paged in 8 ms instead of 50)."""
        if total <= query.offset:
            return False
        events = self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]  # O(1), ≥ count
        return total * total * _WALK_ADVANTAGE >= (query.offset + query.limit) * events

    def counts(self, by: list[CountKey], query: TimelineQuery | None = None) -> list[CountRow]:
        """Rows ordered by count (largest first), then key; `sort`, `limit` and `offset` of `query` are ignored.
        An event counts once per distinct value of a many-valued key (`org`, `outlet`)."""
        keys = list(dict.fromkeys(by))
        unknown = [k for k in keys if k not in _COUNT_COLUMNS]
        if unknown or not keys:
            raise ValueError(f"counts(by=...) takes one or more of {sorted(_COUNT_COLUMNS)}, got {by!r}")
        columns = ", ".join(_COUNT_COLUMNS[k] for k in keys)
        joins = "".join(" " + _COUNT_JOINS[k] for k in keys if k in _COUNT_JOINS)
        counted = "count(DISTINCT events.seq)" if joins else "count(*)"
        query = query or TimelineQuery()
        with self._lock:
            where, params = _where(query, self._text_condition(query))
        sql = (
            f"SELECT {columns}, {counted} FROM events{joins}{where} GROUP BY {columns} "
            f"ORDER BY {counted} DESC, {columns}"
        )
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        out = []
        for row in rows:
            key = dict(zip(keys, row[:-1], strict=True))
            if key.get("week"):
                key["week"] = iso_week_of(date.fromisoformat(key["week"]))
            out.append(CountRow(key=key, count=row[-1]))
        return out

    def week_events(self, week: str) -> list[Event]:
        monday, sunday = iso_week_bounds(week)
        with self._lock:
            rows = self._conn.execute(
                "SELECT d.doc FROM events AS e JOIN event_docs AS d ON d.seq = e.seq "
                "WHERE (date_precision = 'day' AND date_value BETWEEN ?1 AND ?2) "
                f"OR (date_precision != 'day' AND reported_on BETWEEN ?1 AND ?2) ORDER BY {_ORDER['date_asc']}",
                (monday.isoformat(), sunday.isoformat()),
            ).fetchall()
        return [Event.model_validate_json(doc) for (doc,) in rows]

    def count_articles(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_events(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM events").fetchone()[0]


def _count(
    query: TimelineQuery, text: _TextCondition | None, where: str, params: list[object]
) -> tuple[str, list[object]]:
    """The SQL counting the matches of `query` (whose WHERE clause over `events` is `where`) and its parameters.

    A query filtering on text only, or on a participant only, is counted on the FTS table or on
    `event_participants` alone: their rows are exactly the events' (written in the same transactions), and
    skipping the lookup of every matching event makes such a count several times faster at 10^6 events."""
    others = (query.date_from, query.date_to, query.types, query.sections, query.province, query.city, query.district)
    if any(others) or bool(text) == bool(query.participant):
        return f"SELECT count(*) FROM events{where}", params
    if text:
        if text.impossible:
            return "SELECT 0", []
        return f"SELECT count(*) FROM events_fts WHERE {text.condition}", text.params
    names, name_params = _participant_condition(query)
    return (
        f"SELECT count(DISTINCT event_seq) FROM event_participants WHERE name_id IN (SELECT id FROM participant_names "
        f"WHERE {names})",
        name_params,
    )


def _where(query: TimelineQuery, text: _TextCondition | None, probe: bool = False) -> tuple[str, list[object]]:
    """The WHERE clause of a timeline query over `events` (ANDed filters, see `store.base`; `text` is its text
    filter, see `SQLiteStore._text_condition`) and its parameters.
    With `probe`, the subquery filters are written so that SQLite probes them for each event it visits instead of
    driving the scan from them: ``+seq IN (…)`` for a text match set, an EXISTS over the event's own links for a
    participant (at 10^6 events, a participant matching 227 000 events paged in 0.4 ms instead of 290: no match
    set is built)."""
    seq_in = "+events.seq IN" if probe else "events.seq IN"
    clauses: list[str] = []
    params: list[object] = []
    if query.date_from:
        clauses.append("events.date_value >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("events.date_value <= ?")
        params.append(query.date_to.isoformat())
    if query.types:
        clauses.append(f"events.type IN ({_marks(query.types)})")
        params.extend(t.value for t in query.types)
    if query.sections:
        clauses.append(f"events.section IN ({_marks(query.sections)})")
        params.extend(s.value for s in query.sections)
    for column in ("province", "city", "district"):  # fixed names, never user input
        if value := getattr(query, column):
            clauses.append(f"events.{column} = ?")
            params.append(value)
    if query.participant:
        names, name_params = _participant_condition(query)
        matching = f"name_id IN (SELECT id FROM participant_names WHERE {names})"
        if probe:  # each visited event's few links, by event_participants_event; never the whole match set
            clauses.append(f"EXISTS (SELECT 1 FROM event_participants WHERE event_seq = events.seq AND {matching})")
        else:
            clauses.append(f"{seq_in} (SELECT event_seq FROM event_participants WHERE {matching})")
        params.extend(name_params)
    if text and text.impossible:
        clauses.append("0")
    elif text:
        if probe and not text.indexed:  # a scan: look up each visited event's row instead
            clauses.append(f"EXISTS (SELECT 1 FROM events_fts WHERE rowid = events.seq AND {text.condition})")
        else:
            clauses.append(f"{seq_in} (SELECT rowid FROM events_fts WHERE {text.condition})")
        params.extend(text.params)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _and(where: str, clause: str) -> str:
    """The WHERE clause `where` (empty or " WHERE …") with `clause` added."""
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def _participant_condition(query: TimelineQuery) -> tuple[str, list[object]]:
    """The condition on `participant_names` rows containing the participant or one of its aliases."""
    names = list(dict.fromkeys(n for n in (query.participant, *query.participant_aliases) if n))
    return " OR ".join(["text LIKE ? ESCAPE '\\'"] * len(names)), [_like_pattern(n) for n in names]


@dataclass(frozen=True, slots=True)
class _TextCondition:
    """A text filter as a condition on `events_fts` rows, its parameters, whether the trigram index answers it
    (False: a scan of every row), and whether no event can match at all."""

    condition: str = "0"
    params: list[object] = field(default_factory=list)
    indexed: bool = True
    impossible: bool = False


def _text_matches(terms: list[str], expand: Callable[[str], list[str] | None]) -> _TextCondition:
    """The rows of `events_fts` containing every term.

    A term of 3 characters or more is a trigram phrase, an exact (case-insensitive) substring match. A shorter
    term has no trigram of its own, but every character of a text starts a trigram of its row (`_fts_body` pads
    the end), so the term occurs exactly where one of the indexed trigrams starting with it does: `expand` lists
    them (from `events_vocab`) and the term becomes their OR. When a term starts too many trigrams to OR
    cheaply (None), it is a LIKE over the rows instead. The ESCAPE clause also matters: without it SQLite hands
    the LIKE to FTS5's trigram index, which (SQLite 3.40) returns no rows for patterns under 3 characters."""
    if any(_JOIN in term for term in terms):
        return _TextCondition(impossible=True)
    groups: list[str] = []
    scanned: list[str] = []
    for term in terms:
        if len(term) >= 3:
            groups.append(_phrase(term))
            continue
        trigrams = expand(term.lower())
        if trigrams is None:
            scanned.append(term)
        elif not trigrams:
            return _TextCondition(impossible=True)
        else:
            groups.append("(" + " OR ".join(_phrase(t) for t in trigrams) + ")")
    clauses: list[str] = []
    params: list[object] = []
    if groups:
        clauses.append("events_fts MATCH ?")
        params.append(" AND ".join(groups))
    for term in scanned:
        clauses.append("body LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(term))
    return _TextCondition(" AND ".join(clauses), params, indexed=bool(groups))


def _phrase(text: str) -> str:
    """`text` as one quoted FTS5 string (so that no term is read as query syntax)."""
    return '"' + text.replace('"', '""') + '"'


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


_COMPUTED = {"corroboration"}  # computed from the mentions; `Event` (extra="forbid") would refuse it when read back


def _event_doc(event: Event) -> str:
    # The serializer itself: `model_dump_json` adds a quarter to the cost of the call (measured: 13 → 10 µs).
    return Event.__pydantic_serializer__.to_json(event, exclude=_COMPUTED).decode()


def _event_columns(event: Event) -> tuple[str | None, ...]:
    """The values of `_EVENT_COLUMNS` for one event."""
    region = event.region
    when = event.date
    return (
        _ENUM_VALUES[event.type],
        _ENUM_VALUES[event.section],
        when.value.isoformat() if when.value else None,
        when.precision,
        region.province if region else None,
        region.city if region else None,
        region.district if region else None,
        event.reported_on.isoformat() if event.reported_on else None,
    )


_ENUM_VALUES: dict[StrEnum, str] = {member: member.value for enum in (EventType, Section) for member in enum}


@dataclass(slots=True)
class _IdMap:
    """id → seq of every stored event, as of the row `last` (rows above it are not in `seqs` yet)."""

    seqs: dict[str, int] = field(default_factory=dict)
    last: int = 0


@dataclass(slots=True)
class _Row:
    """One event with everything its rows need, computed before the write transaction (see `_prepare`)."""

    event: Event
    doc: str
    columns: tuple[str | None, ...]
    body: str
    names: tuple[str, ...]


def _prepare(event: Event) -> _Row:
    names = tuple(dict.fromkeys(name for p in event.participants for name in (p.name, p.normalized)))
    return _Row(event, _event_doc(event), _event_columns(event), _fts_body(_search_texts(event)), names)


def _prepare_batch(batches: Iterator[list[Event]]) -> list[_Row]:
    """The next batch, prepared (empty at the end); runs on the helper thread of `SQLiteStore.upsert_events`."""
    return [_prepare(event) for event in next(batches, [])]


def _search_texts(event: Event) -> list[str]:
    """What `text` searches: headline, object, summary, evidence sentences, mention titles (each once, without
    `_JOIN`), joined by `_JOIN` in the FTS row.

    A text found inside another of the same event is left out: every substring of it is a substring of the longer
    one, so no query's answer changes, and the trigram index (most of the cost of writing an event) gets smaller.
    Typically the object is part of the headline, the headline part of a sentence or title, a sentence part of
    the summary."""
    mentions = event.mentions
    texts = [event.headline, event.object, event.summary]
    texts += [m.sentence for m in mentions]
    texts += [m.title for m in mentions]
    distinct = dict.fromkeys(texts)
    distinct.pop(None, None)
    distinct.pop("", None)
    if _JOIN in "".join(distinct):  # never in practice: the separator would join two texts
        distinct = dict.fromkeys(t.replace(_JOIN, " ") for t in distinct)
    kept: list[str] = []
    for text in sorted(distinct, key=len, reverse=True):
        for longer in kept:
            if text in longer:
                break
        else:
            kept.append(text)
    return kept


def _fts_body(texts: list[str]) -> str:
    """The FTS row of an event: its texts joined by `_JOIN`, then `_PAD`, so that every character of every text
    starts a trigram (the 1–2 character queries, see `_text_matches`)."""
    return _JOIN.join(texts) + _PAD


def _utc_text(moment: datetime) -> str:
    """A tz-aware datetime as fixed-width UTC ISO text, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
