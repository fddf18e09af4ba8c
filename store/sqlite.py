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
  sentences and article titles (the titles carried by the event's mentions), each distinct text once, joined by
  U+001F so that no match spans two texts (a query containing U+001F matches nothing; one column also indexes
  faster than five). A text query of 3 characters or more is a trigram phrase query, which is an exact
  (case-insensitive) substring match. Trigrams cannot answer 1–2 character queries, so those fall back to
  ``LIKE '%…%'`` over the same column: a scan of the FTS table, slower (about 70 ms per 10^5 events) but exact.

Sort order: date then id, both descending for `date_desc`; unknown dates last either way.

Writes: upserts go in batches of `BATCH_SIZE`, each one ``BEGIN IMMEDIATE`` transaction; every value is a bound
parameter. Concurrency: WAL journal, so another process reads the last committed batch while this one writes, and a
busy timeout makes a second writer wait instead of failing. One connection per store, guarded by a lock so a store
can be shared by threads.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Literal, TypeVar

from schemas import SHANGHAI, Article, Event
from store.base import CountKey, CountRow, Store, TimelinePage, TimelineQuery, UpsertResult, iso_week_bounds

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 1: a development layout (event JSON inside `events`), never released
# Both measured with bench/store.py: a commit writes every index page its batch touched, so larger batches write
# less per record, and larger pages mean fewer writes. The page size is fixed when a file is created.
BATCH_SIZE = 10000  # records per transaction
PAGE_SIZE = 16384
BUSY_TIMEOUT_S = 30.0
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
_SCHEMA = f"""
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
CREATE INDEX IF NOT EXISTS events_date ON events (date_value, id);
CREATE INDEX IF NOT EXISTS events_date_asc ON events ({_ORDER["date_asc"]});
CREATE INDEX IF NOT EXISTS events_type ON events (type, date_value, id);
CREATE INDEX IF NOT EXISTS events_section ON events (section, date_value, id);
CREATE INDEX IF NOT EXISTS events_place ON events (province, city, date_value, id);
CREATE INDEX IF NOT EXISTS events_city ON events (city, date_value, id);
CREATE INDEX IF NOT EXISTS events_reported ON events (reported_on);

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
        self._conn.execute("PRAGMA cache_size=-65536")
        try:
            self._ensure_schema()
        except BaseException:
            self._conn.close()
            raise

    def _ensure_schema(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
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
        """Per input event: created (new id), updated (merged record differs) or unchanged; see `store.base`."""
        result = UpsertResult()
        for batch in _batches(events, BATCH_SIZE):
            with self._lock, self._transaction():
                result += self._upsert_event_batch(batch)
        logger.debug("upsert_events %s: %s", self.path, result)
        return result

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
                    merged = event.model_copy(update={"mentions": list(event.mentions)})
                    merged.merge_mentions(before.mentions)
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
        where, params = _where(query)
        with self._lock, self._transaction("DEFERRED"):
            total = self._conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
            page = self._conn.execute(
                f"SELECT seq FROM events{where} ORDER BY {_ORDER[query.sort]} LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            ).fetchall()
            docs = dict(self._select_in("SELECT seq, doc FROM event_docs WHERE seq IN ({marks})", (s for s, in page)))
        return TimelinePage(total=total, events=[Event.model_validate_json(docs[seq]) for seq, in page])

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


def _where(query: TimelineQuery) -> tuple[str, list[object]]:
    """The WHERE clause of a timeline query over `events` (ANDed filters, see `store.base`) and its parameters."""
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
            "seq IN (SELECT event_seq FROM event_participants WHERE name_id IN "
            "(SELECT id FROM participant_names WHERE text LIKE ? ESCAPE '\\'))"
        )
        params.append(_like_pattern(query.participant))
    if query.text:
        if _JOIN in query.text:  # the separator is in no searched text, so nothing contains this query
            clauses.append("0")
        elif len(query.text) >= 3:
            clauses.append("seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append('"' + query.text.replace('"', '""') + '"')
        else:
            # Too short for a trigram: scan the FTS table. The ESCAPE clause also matters: without it SQLite hands
            # the LIKE to FTS5's trigram index, which (SQLite 3.40) returns no rows for patterns under 3 characters.
            clauses.append("seq IN (SELECT rowid FROM events_fts WHERE body LIKE ? ESCAPE '\\')")
            params.append(_like_pattern(query.text))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


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
    return (
        event.type.value,
        event.section.value,
        event.date.value.isoformat() if event.date.value else None,
        event.date.precision,
        region.province if region else None,
        region.city if region else None,
        event.reported_on.isoformat() if event.reported_on else None,
    )


def _fts_body(event: Event) -> str:
    """What `text` searches: headline, object, summary, evidence sentences, mention titles; each distinct text once."""
    texts = [event.headline, event.object, event.summary, *(m.sentence for m in event.mentions)]
    texts += [m.title for m in event.mentions]
    return _JOIN.join(dict.fromkeys(t.replace(_JOIN, " ") for t in texts if t))


def _utc_text(moment: datetime) -> str:
    """A tz-aware datetime as fixed-width UTC ISO text, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
