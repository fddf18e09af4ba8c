"""The embedded `Store` backend: one SQLite file (stdlib `sqlite3`), no server.

Tables (schema version in ``PRAGMA user_version``):

* ``articles``: one row per article id, the article JSON plus url, content hash and UTC publication time (``~``
  when the article has no date, so that undated articles sort last).
* ``events``: one row per event id with the columns queries filter, group and sort on (type, section, date value
  and precision, province, city, reported_on); ``seq``, the integer row id, links the other event tables.
  ``event_docs`` holds each event's full JSON under the same ``seq``. Keeping the JSON out of ``events`` keeps that
  table narrow, so counting and sorting thousands of matches reads a few pages instead of every event's JSON.
* ``participant_names`` + ``event_participants``: each distinct participant string (as written and normalised)
  once, and the events it takes part in. A participant filter scans the few distinct names, not every event.
* ``events_fts``: FTS5 with ``tokenize='trigram'`` over one column holding the headline, object, summary, evidence
  sentences and article titles (the titles carried by the event's mentions), joined by U+001F so that no match
  spans two texts (a query containing U+001F matches nothing; one column also indexes faster than five). Each text
  is there once, and a text contained in another of the same event is left out (its substrings are the longer
  one's too): 40 % fewer trigrams to write on typical events. A text query of 3 characters or more is a trigram
  phrase query, which is an exact (case-insensitive) substring match. Trigrams cannot answer 1–2 character queries,
  so those fall back to ``LIKE '%…%'`` over the same column: a scan of the FTS table, slower (about 300–800 ms at
  10^6 events) but exact. FTS5 settings (`_FTS_CONFIG`: a large pending-term buffer, less frequent merging) are
  stored in the file when it is created.

Indexes of ``events`` (`_EVENT_INDEXES`; checked against the queries with EXPLAIN QUERY PLAN): each filter's index
ends with (date_value, id), so a filtered page is read in order from the index and stops after the page. The type
index also carries the province and the city index the type, so that the common combinations (city + type;
province + types + dates) are answered from the index alone instead of looking up tens of thousands of rows.

Sort order: date then id, both descending for `date_desc`; unknown dates last either way. Text and participant
filters produce a set of matches: `timeline` either sorts it, or walks the date index in the page's order and
probes the set, whichever its count says is cheaper (see `SQLiteStore._walk_date_index`); a text-only query is
counted by the FTS index alone.

Writes: upserts go in batches of `BATCH_SIZE`, each one ``BEGIN IMMEDIATE`` transaction, each statement one
``executemany``; every value is a bound parameter. A large event load (more new events than the store held) drops
the secondary indexes of ``events`` and builds them once at its end: at 10^6 events, inserting into seven indexes
rewrote nearly every index page on every commit (O(n²) overall), while a build is one sort each (`PRAGMA threads`
lets SQLite's sorter use a helper thread). Opening a store builds any index a crashed load left missing.
Concurrency: WAL journal with ``synchronous=NORMAL`` (a commit survives a crash of the process; only a power loss
may lose the last commits, never corrupt the file), so another process reads the last committed batch while this
one writes, and a busy timeout makes a second writer wait instead of failing. One connection per store, guarded by
a lock so a store can be shared by threads; its page cache (`CACHE_KIB`) grows only as pages are read.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Literal, TypeVar

from schemas import SHANGHAI, Article, Event, EventType, Section
from schemas.facts import combine
from schemas.weeks import iso_week_bounds
from store.base import CountKey, CountRow, Store, TimelinePage, TimelineQuery, UpsertResult

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 1: a development layout (event JSON inside `events`), never released
# Both measured with bench/store.py: a commit writes every index page its batch touched, so larger batches write
# less per record, and larger pages mean fewer writes. The page size is fixed when a file is created.
BATCH_SIZE = 10000  # records per transaction
PAGE_SIZE = 16384
BUSY_TIMEOUT_S = 30.0
CACHE_KIB = 262144  # page cache per connection (an upper bound, filled as pages are read)
SORT_THREADS = 2  # helper threads of SQLite's sorter (CREATE INDEX, large ORDER BY)
# FTS5 settings, stored in the file when it is created. FTS5 keeps the trigrams of a transaction in memory until
# `hashsize` bytes, then writes a segment: the default (1 MB) wrote several small segments per batch, merged again
# later. `automerge` 8 (default 4) merges segments less often, in larger steps: at 10^6 events the trigram index
# costs about 22 µs per event instead of 32, and answers faster (fewer segments).
_FTS_CONFIG = {"hashsize": 64 * 1024 * 1024, "automerge": 8}
_WALK_ADVANTAGE = 4  # see `SQLiteStore._walk_date_index`; conservative: other filters make each step dearer
_IN_CHUNK = 500  # values per `IN (...)` lookup, well under SQLite's bound-parameter limit
_PAGE = 1000  # articles fetched per round trip by `articles()`
_UNDATED = "~"  # published_utc of an article without a date: sorts after every ISO time
_JOIN = "\x1f"  # joins the searchable texts of an event in its FTS row (removed from the texts themselves)
_EVENT_COLUMNS = ("type", "section", "date_value", "date_precision", "province", "city", "reported_on")

# SQL fragments chosen from fixed tables, never from user input.
_COUNT_COLUMNS: dict[str, str] = {
    "type": "type",
    "section": "section",
    "province": "province",
    "city": "city",
    "month": "substr(date_value, 1, 7)",
}
# Both orders are served by an index: SQLite puts NULL (unknown date) first in ascending order, so `date_desc` is
# a reverse scan of events_date and `date_asc` uses events_date_asc, whose first column sends NULLs last.
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
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    section TEXT NOT NULL,
    date_value TEXT,
    date_precision TEXT NOT NULL,
    province TEXT,
    city TEXT,
    reported_on TEXT
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
"""
# The secondary indexes of `events` (everything but its primary key and UNIQUE id), by name. A large load drops
# them and builds them again at its end (see `SQLiteStore.upsert_events`); opening a store creates any missing one.
_EVENT_INDEXES: dict[str, str] = {
    "events_date": "events (date_value, id)",
    "events_date_asc": f"events ({_ORDER['date_asc']})",
    "events_type": "events (type, date_value, id, province)",
    "events_section": "events (section, date_value, id)",
    "events_place": "events (province, city, date_value, id)",
    "events_city": "events (city, date_value, id, type)",
    "events_reported": "events (reported_on)",
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
        self._conn.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        self._conn.execute(f"PRAGMA threads={SORT_THREADS}")
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

        A large load (another full batch once the call has created at least as many events as the store held
        before, and at least a batch) drops the secondary indexes of `events` in that batch's transaction and builds
        them again when the call ends, even by an exception: sorting once is far cheaper than inserting each row
        into every index (at 10^6 events every batch touched nearly every leaf page of every index). Meanwhile
        readers get the same answers, only slower."""
        result = UpsertResult()
        with self._lock:
            held = self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        deferred = False
        try:
            for batch in _batches(events, BATCH_SIZE):
                with self._lock, self._transaction():
                    if not deferred and len(batch) == BATCH_SIZE and result.created >= max(held, BATCH_SIZE):
                        deferred = True
                        for name in _EVENT_INDEXES:
                            self._conn.execute(f"DROP INDEX IF EXISTS {name}")
                    result += self._upsert_event_batch(batch)
        finally:
            if deferred:
                with self._lock, self._transaction():
                    self._create_event_indexes()
        logger.debug("upsert_events %s: %s", self.path, result)
        return result

    def _create_event_indexes(self) -> None:
        for name, columns in _EVENT_INDEXES.items():
            self._conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")

    def _upsert_event_batch(self, batch: list[Event]) -> UpsertResult:
        result = UpsertResult()
        stored_seq: dict[str, int] = {}
        latest: dict[str, tuple[str, Event | None]] = {}  # id → (doc, parsed event once known) as of the last input
        stored = self._select_in(
            "SELECT e.id, e.seq, d.doc FROM events AS e JOIN event_docs AS d ON d.seq = e.seq WHERE e.id IN ({marks})",
            (e.id for e in batch),
        )
        for event_id, seq, doc in stored:
            stored_seq[event_id] = seq
            latest[event_id] = (doc, None)
        changed: dict[str, tuple[Event, str]] = {}
        for event in batch:
            doc = _event_doc(event)
            merged = event
            if event.id in latest:
                before_doc, before = latest[event.id]
                if doc != before_doc:
                    before = before or Event.model_validate_json(before_doc)
                    merged = combine(event, before)
                    doc = _event_doc(merged)
                if doc == before_doc:
                    result.unchanged += 1
                    continue
                result.updated += 1
            else:
                result.created += 1
            latest[event.id] = (doc, merged)
            changed[event.id] = (merged, doc)
        self._write_events(changed, stored_seq)
        return result

    def _write_events(self, changed: dict[str, tuple[Event, str]], stored_seq: dict[str, int]) -> None:
        updates = [(seq, *changed[event_id]) for event_id, seq in stored_seq.items() if event_id in changed]
        new = [pair for event_id, pair in changed.items() if event_id not in stored_seq]
        next_seq = self._conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()[0]
        inserts = [(next_seq + i, event, doc) for i, (event, doc) in enumerate(new)]
        self._conn.executemany(
            f"INSERT INTO events (seq, id, {', '.join(_EVENT_COLUMNS)}) VALUES (?, ?, {_marks(_EVENT_COLUMNS)})",
            ((seq, event.id, *_event_columns(event)) for seq, event, _ in inserts),
        )
        self._conn.executemany(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in _EVENT_COLUMNS)} WHERE seq = ?",
            ((*_event_columns(event), seq) for seq, event, _ in updates),
        )
        written = inserts + updates
        self._conn.executemany(
            "INSERT INTO event_docs (seq, doc) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET doc = excluded.doc",
            ((seq, doc) for seq, _, doc in written),
        )
        stale = [(seq,) for seq, _, _ in updates]
        self._conn.executemany("DELETE FROM events_fts WHERE rowid = ?", stale)
        self._conn.executemany("DELETE FROM event_participants WHERE event_seq = ?", stale)
        self._conn.executemany(
            "INSERT INTO events_fts (rowid, body) VALUES (?, ?)", ((seq, _fts_body(event)) for seq, event, _ in written)
        )
        links = {
            (seq, name) for seq, event, _ in written for p in event.participants for name in (p.name, p.normalized)
        }
        names = {name for _, name in links}
        self._conn.executemany("INSERT OR IGNORE INTO participant_names (text) VALUES (?)", ((n,) for n in names))
        name_ids = dict(self._select_in("SELECT text, id FROM participant_names WHERE text IN ({marks})", names))
        self._conn.executemany(
            "INSERT INTO event_participants (name_id, event_seq) VALUES (?, ?)",
            sorted((name_ids[name], seq) for seq, name in links),
        )

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
        where, params = _where(query)
        with self._lock, self._transaction("DEFERRED"):
            total = self._conn.execute(*_count(query, where, params)).fetchone()[0]
            source = "events"
            if (query.text or query.participant) and self._walk_date_index(query, total):
                where, params = _where(query, probe=True)
                source += " INDEXED BY " + ("events_date" if query.sort == "date_desc" else "events_date_asc")
            page = self._conn.execute(
                f"SELECT seq FROM {source}{where} ORDER BY {_ORDER[query.sort]} LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            ).fetchall()
            docs = dict(self._select_in("SELECT seq, doc FROM event_docs WHERE seq IN ({marks})", (s for s, in page)))
        return TimelinePage(total=total, events=[Event.model_validate_json(docs[seq]) for seq, in page])

    def _walk_date_index(self, query: TimelineQuery, total: int) -> bool:
        """Whether walking the date index beats sorting the `total` matches. The walk visits about
        (offset + limit) × events / total index entries, each far cheaper than sorting one match (measured at
        10^6 events: about 0.025 µs against 0.5 µs; a match set of 80 000 paged in 8 ms instead of 50)."""
        if total <= query.offset:
            return False
        events = self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]  # O(1), ≥ count
        return total * total * _WALK_ADVANTAGE >= (query.offset + query.limit) * events

    def counts(self, by: list[CountKey], query: TimelineQuery | None = None) -> list[CountRow]:
        """Rows ordered by count (largest first), then key; `sort`, `limit` and `offset` of `query` are ignored."""
        keys = list(dict.fromkeys(by))
        unknown = [k for k in keys if k not in _COUNT_COLUMNS]
        if unknown or not keys:
            raise ValueError(f"counts(by=...) takes one or more of {sorted(_COUNT_COLUMNS)}, got {by!r}")
        columns = ", ".join(_COUNT_COLUMNS[k] for k in keys)
        where, params = _where(query or TimelineQuery())
        sql = f"SELECT {columns}, count(*) FROM events{where} GROUP BY {columns} ORDER BY count(*) DESC, {columns}"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [CountRow(key=dict(zip(keys, row[:-1], strict=True)), count=row[-1]) for row in rows]

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


def _count(query: TimelineQuery, where: str, params: list[object]) -> tuple[str, list[object]]:
    """The SQL counting the matches of `query` (whose WHERE clause over `events` is `where`) and its parameters.

    A query filtering on text only, or on a participant only, is counted on the FTS table or on
    `event_participants` alone: their rows are exactly the events' (written in the same transactions), and
    skipping the lookup of every matching event makes such a count several times faster at 10^6 events."""
    others = (query.date_from, query.date_to, query.types, query.sections, query.province, query.city)
    if any(others) or bool(query.text) == bool(query.participant):
        return f"SELECT count(*) FROM events{where}", params
    if query.text and _JOIN not in query.text:
        condition, param = _fts_condition(query.text)
        return f"SELECT count(*) FROM events_fts WHERE {condition}", [param]
    if query.participant:
        return (
            "SELECT count(DISTINCT event_seq) FROM event_participants WHERE name_id IN "
            "(SELECT id FROM participant_names WHERE text LIKE ? ESCAPE '\\')",
            [_like_pattern(query.participant)],
        )
    return f"SELECT count(*) FROM events{where}", params


def _where(query: TimelineQuery, probe: bool = False) -> tuple[str, list[object]]:
    """The WHERE clause of a timeline query over `events` (ANDed filters, see `store.base`) and its parameters.
    With `probe`, the subquery filters are written ``+seq IN (…)``, so that SQLite probes their match set instead
    of driving the scan from it."""
    seq_in = "+seq IN" if probe else "seq IN"
    clauses: list[str] = []
    params: list[object] = []
    if query.date_from:
        clauses.append("date_value >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("date_value <= ?")
        params.append(query.date_to.isoformat())
    if query.types:
        clauses.append(f"type IN ({_marks(query.types)})")
        params.extend(t.value for t in query.types)
    if query.sections:
        clauses.append(f"section IN ({_marks(query.sections)})")
        params.extend(s.value for s in query.sections)
    if query.province:
        clauses.append("province = ?")
        params.append(query.province)
    if query.city:
        clauses.append("city = ?")
        params.append(query.city)
    if query.participant:
        clauses.append(
            f"{seq_in} (SELECT event_seq FROM event_participants WHERE name_id IN "
            "(SELECT id FROM participant_names WHERE text LIKE ? ESCAPE '\\'))"
        )
        params.append(_like_pattern(query.participant))
    if query.text:
        if _JOIN in query.text:  # the separator is in no searched text, so nothing contains this query
            clauses.append("0")
        else:
            condition, param = _fts_condition(query.text)
            if probe and len(query.text) < 3:  # a scan: look up each visited event's row instead
                clauses.append(f"EXISTS (SELECT 1 FROM events_fts WHERE rowid = events.seq AND {condition})")
            else:
                clauses.append(f"{seq_in} (SELECT rowid FROM events_fts WHERE {condition})")
            params.append(param)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _fts_condition(text: str) -> tuple[str, str]:
    """The condition on `events_fts` rows whose body contains `text`, and its parameter.

    3 characters or more: a trigram phrase query. Shorter: too short for a trigram, so a LIKE over the body (a
    scan). The ESCAPE clause also matters: without it SQLite hands the LIKE to FTS5's trigram index, which (SQLite
    3.40) returns no rows for patterns under 3 characters."""
    if len(text) >= 3:
        return "events_fts MATCH ?", '"' + text.replace('"', '""') + '"'
    return "body LIKE ? ESCAPE '\\'", _like_pattern(text)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _event_doc(event: Event) -> str:
    # `corroboration` is computed from the mentions; `Event` (extra="forbid") would refuse it when reading back.
    return event.model_dump_json(exclude={"corroboration"})


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
        event.reported_on.isoformat() if event.reported_on else None,
    )


_ENUM_VALUES: dict[StrEnum, str] = {member: member.value for enum in (EventType, Section) for member in enum}


def _fts_body(event: Event) -> str:
    """What `text` searches: headline, object, summary, evidence sentences, mention titles, joined by `_JOIN`.

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
    return _JOIN.join(kept)


def _utc_text(moment: datetime) -> str:
    """A tz-aware datetime as fixed-width UTC ISO text, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
