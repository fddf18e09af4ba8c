"""The Elasticsearch backend: the production timeline store (same contract as SQLite).

Indices and aliases
    Two indices per prefix, each behind an alias that every read and write goes through:
    ``{prefix}-articles`` → ``{prefix}-articles-v1`` and ``{prefix}-events`` → ``{prefix}-events-v1``.
    Index templates (``schemas/es/articles.json``, ``schemas/es/events.json``, generated from the
    pydantic models by `store.es_templates`) match ``{prefix}-{kind}-v*``. `reindex(N)` creates
    ``…-vN`` from the current template, copies every document (client-side scan + bulk, because
    the minimal distribution has no ``reindex`` module), swaps the alias in one atomic
    ``_aliases`` call and then copies what was written to the old index during the copy (by the
    store-private ``stored_at`` field). Readers never see an empty or missing alias. The old index
    is kept for roll-back (``delete_old=True`` drops it).

Writes
    `upsert_events` works in chunks: one ``mget`` fetches the stored versions, each event is
    merged with `Event.merge_mentions` (other fields take the newer values, as `Store` requires),
    unchanged events are not rewritten, and the chunk is written with
    `elasticsearch.helpers.streaming_bulk` (per-item 429s retried with exponential back-off; the
    client itself retries timeouts and 502/503/504). Updates carry ``if_seq_no`` /
    ``if_primary_term`` and new documents use ``op_type=create``, so two writers merging the same
    event concurrently cannot lose a mention: a version conflict re-reads and re-merges. Other
    per-item failures are counted in ``UpsertResult.failed`` with ``"<id>: <reason>"`` errors.
    The alias is refreshed after each call, so reads after writes see them.

    When Elasticsearch cannot be reached (connection refused or reset, timeouts, 502/503/504
    after the retries), the records not yet confirmed are appended to a JSON Lines file in the
    spool directory (``{prefix}__{kind}__{utc time}__{uuid}.jsonl``) and counted in
    ``UpsertResult.spooled``. The next write through a store with the same spool directory, or
    `replay_spool()` (``eventline es replay``), replays the files oldest first and deletes each
    once Elasticsearch has taken it. Replays are upserts, so a chunk that was half written before
    the outage ends up present exactly once.

Chinese text
    The minimal server distribution used in tests and CI has no ``analysis-common`` module, so
    only the ``standard`` tokenizer and the ``lowercase`` filter exist. We use them deliberately as
    the custom analyzer ``eventline_zh``: the standard tokenizer (Unicode UAX #29) splits CJK text
    into single characters and keeps Latin words and numbers whole. A query term is then run as a
    ``match_phrase`` (``multi_match`` of type ``phrase`` over headline, object, summary, evidence
    sentences and article titles): a phrase of consecutive characters is exactly "this string
    occurs here", which is the substring semantics of the SQLite backend. ``text`` is split into
    `store.base.search_terms` (words, "quoted phrases") and every term is required, each as a
    phrase: "区块链 研究院" finds events that mention both 区块链 and 研究院, not events that
    merely contain 区 … 院. Known difference to a byte substring: a Latin term only matches whole
    words ("Tencent", not "cent"), and punctuation and spaces between characters are ignored
    ("区块、链" matches "区块链", and so does the quoted phrase "区块 链").

    On a production cluster with a Chinese analysis plugin, keep ``eventline_zh`` (the phrase
    semantics above are exact and cheap) and add a word-level sub-field for ranking and recall,
    e.g. with IK: an analyzer ``{"tokenizer": "ik_max_word"}`` for indexing and
    ``{"tokenizer": "ik_smart"}`` as ``search_analyzer`` on ``headline.zh``, ``summary.zh`` and
    ``mentions.sentence.zh`` (with smartcn: ``{"type": "smartcn"}``), then ``reindex`` to a new
    version. Relevance queries (Kibana, an "ask" box) use the ``.zh`` fields; timeline filters keep
    using the phrase queries so both backends keep answering the same question.

Participants
    ``participant`` is matched as a case-insensitive substring of a participant's name or
    normalised name with ``wildcard`` queries on the keyword fields (few distinct names, so cheap).

Config and secrets
    URL, user name and password or API key, TLS verification (on by default) and CA bundle, index
    prefix, spool directory. Credentials given inside the URL are moved out of it. The password
    and API key are kept as `SecretStr`, handed only to the client, and never appear in
    ``repr()``, log records or error messages (URLs are logged without user info).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from pydantic import BaseModel, SecretStr

from schemas import Article, Event
from schemas.facts import combine
from schemas.weeks import iso_week_bounds, iso_week_of
from store.base import (
    COUNT_KEYS,
    CountKey,
    CountRow,
    Store,
    TimelinePage,
    TimelineQuery,
    UpsertResult,
    search_terms,
)
from store.es_templates import load_template

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("articles", "events")
PRIVATE_FIELDS = ("stored_at", "corroboration")
COUNT_FIELDS = {
    "type": "type",
    "section": "section",
    "province": "region.province",
    "city": "region.city",
    "district": "region.district",
    "org": "participants.normalized",
    "outlet": "mentions.source",
}
TEXT_QUERY_FIELDS = ["headline", "object", "summary", "mentions.sentence", "mentions.title"]
UNAVAILABLE_STATUS = (429, 502, 503, 504)
MAX_CONFLICT_ROUNDS = 5
WINDOW = 10_000  # index.max_result_window: deeper pages walk with search_after

M = TypeVar("M", bound=BaseModel)


class ElasticsearchUnavailable(RuntimeError):
    """Elasticsearch could not be reached (after the client's retries)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _chunks(items: Iterator[M], size: int) -> Iterator[list[M]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _escape_wildcard(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _redact(url: str) -> str:
    """`url` with any user info replaced by ***, for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return f"{scheme}{sep}{rest}"


def _split_hosts(url: str) -> tuple[list[str], str | None, str | None]:
    """Node URLs of a comma-separated `url` (one cluster), with any user info moved out of them.

    Several URLs let the client fail over: a request to a node that is down is retried on the next.
    """
    hosts: list[str] = []
    username = password = None
    for one in (part.strip() for part in url.split(",")):
        try:
            parts = urlsplit(one)
            _ = parts.port  # raises on a malformed netloc
        except ValueError:
            raise ValueError(f"not a valid Elasticsearch URL: {_redact(one)}") from None
        if not parts.scheme or not parts.hostname:
            raise ValueError(f"not a valid Elasticsearch URL: {_redact(one)}")
        if parts.username or parts.password:
            username = username or unquote(parts.username or "")
            password = password or unquote(parts.password or "")
            netloc = parts.hostname
            if parts.port:
                netloc += f":{parts.port}"
            parts = parts._replace(netloc=netloc)
        hosts.append(urlunsplit(parts).rstrip("/"))
    return hosts, username, password


def _dump_json(record: BaseModel) -> str:
    """One JSON line that the model reads back (computed fields such as `corroboration` left out)."""
    return record.model_dump_json(exclude=set(type(record).model_computed_fields))


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, ElasticsearchUnavailable):
        return True
    if isinstance(exc, ApiError):
        return exc.meta.status in UNAVAILABLE_STATUS
    return isinstance(exc, TransportError)  # connection refused / reset, timeouts, TLS errors


def _secret(value: object) -> SecretStr | None:
    if value is None or value == "":
        return None
    if isinstance(value, SecretStr):
        return value
    get = getattr(value, "get_secret_value", None)
    return SecretStr(get() if callable(get) else str(value))


class ElasticsearchStore(Store):
    """`Store` on Elasticsearch 8.x through the official client; see the module docstring."""

    def __init__(
        self,
        url: str = "http://127.0.0.1:9200",
        *,
        username: str | None = None,
        password: str | SecretStr | None = None,
        api_key: str | SecretStr | None = None,
        verify_certs: bool = True,
        ca_certs: str | Path | None = None,
        index_prefix: str = "eventline",
        spool_dir: str | Path | None = None,
        request_timeout: float = 30.0,
        max_retries: int = 3,
        chunk_size: int = 1000,
        workers: int = 2,
        auto_replay: bool = True,
    ) -> None:
        hosts, url_user, url_password = _split_hosts(url)
        username = username or url_user
        password = password or url_password
        self.url = ",".join(hosts)
        self.index_prefix = index_prefix
        self.spool_dir = Path(spool_dir) if spool_dir else Path("var") / "spool"
        self.chunk_size = chunk_size
        self.workers = max(1, workers)
        self.auto_replay = auto_replay
        self._username = username or None
        self._password = _secret(password)
        self._api_key = _secret(api_key)
        kwargs: dict[str, Any] = {
            "request_timeout": request_timeout,
            "max_retries": max_retries,
            "retry_on_timeout": True,
            "retry_on_status": (502, 503, 504),
        }
        if self._api_key is not None:
            kwargs["api_key"] = self._api_key.get_secret_value()
        elif self._username:
            kwargs["basic_auth"] = (self._username, self._password.get_secret_value() if self._password else "")
        if any(host.startswith("https://") for host in hosts):
            kwargs["verify_certs"] = verify_certs
            if ca_certs:
                kwargs["ca_certs"] = str(ca_certs)
        self._client_kwargs = kwargs  # kept (private, never logged) so `drop()` works after `close()`
        self._closed = False
        try:
            self.client = Elasticsearch(hosts, **kwargs)
        except ValueError:
            raise ValueError(f"not a valid Elasticsearch URL: {_redact(self.url)}") from None
        self._ready = False

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> ElasticsearchStore:
        """Build from `eventline.config.Settings` (duck-typed: `store/` does not import `eventline`)."""
        kwargs: dict[str, Any] = {
            "username": getattr(settings, "es_username", None),
            "password": getattr(settings, "es_password", None),
            "api_key": getattr(settings, "es_api_key", None),
            "verify_certs": getattr(settings, "es_verify_certs", True),
            "ca_certs": getattr(settings, "es_ca_certs", None),
            "index_prefix": getattr(settings, "es_index_prefix", "eventline"),
            "spool_dir": getattr(settings, "spool_dir", None),
        }
        kwargs.update(overrides)
        return cls(settings.es_url, **kwargs)

    def __repr__(self) -> str:
        auth = "api_key" if self._api_key else ("basic" if self._username else "none")
        return f"ElasticsearchStore(url={self.url!r}, index_prefix={self.index_prefix!r}, auth={auth})"

    __str__ = __repr__

    def close(self) -> None:
        self._closed = True
        self.client.close()

    # ------------------------------------------------------------------ names and setup

    def alias(self, kind: str) -> str:
        return f"{self.index_prefix}-{kind}"

    def index_name(self, kind: str, version: int) -> str:
        return f"{self.index_prefix}-{kind}-v{version}"

    def _put_templates(self) -> None:
        for kind in KINDS:
            body = load_template(kind)
            self.client.indices.put_index_template(
                name=self.alias(kind),
                index_patterns=[f"{self.alias(kind)}-v*"],
                template=body["template"],
                priority=200,
                meta={k: v for k, v in body["_meta"].items() if k != "index_patterns"},
            )

    def ensure_indices(self) -> None:
        """Install the templates and create ``…-v1`` behind each alias when there is none."""
        try:
            self._put_templates()
            for kind in KINDS:
                alias = self.alias(kind)
                if self.client.indices.exists_alias(name=alias):
                    self._add_new_fields(kind)
                    continue
                if self.client.indices.exists(index=alias):
                    raise RuntimeError(f"{alias} is an index, not an alias: move it to {self.index_name(kind, 1)}")
                try:
                    self.client.indices.create(
                        index=self.index_name(kind, 1), aliases={alias: {"is_write_index": True}}
                    )
                except ApiError as exc:
                    if exc.error != "resource_already_exists_exception":
                        raise
        except (ApiError, TransportError) as exc:
            if _is_unavailable(exc):
                raise ElasticsearchUnavailable(f"Elasticsearch at {self.url} is unreachable: {exc}") from exc
            raise
        self._ready = True

    def _add_new_fields(self, kind: str) -> None:
        """Additive mapping changes apply in place; anything else needs `reindex`."""
        properties = load_template(kind)["template"]["mappings"]["properties"]
        try:
            self.client.indices.put_mapping(index=self.alias(kind), properties=properties)
        except ApiError as exc:
            if exc.meta.status != 400:
                raise
            logger.warning("the mapping of %s differs from schemas/es/%s.json (%s): run `eventline es reindex`",
                           self.alias(kind), kind, exc.message)

    def _ensure_ready(self) -> None:
        if not self._ready:
            self.ensure_indices()

    def current_index(self, kind: str) -> str:
        """The concrete index behind the alias of `kind`."""
        self._ensure_ready()
        answer = self.client.indices.get_alias(name=self.alias(kind))
        names = sorted(answer.body)
        if len(names) != 1:
            raise RuntimeError(f"alias {self.alias(kind)} points to {names}; expected exactly one index")
        return names[0]

    def drop(self) -> None:
        """Delete every index and template of this prefix (tests, benchmarks); works after `close()` too."""
        client = Elasticsearch(self.url.split(","), **self._client_kwargs) if self._closed else self.client
        try:
            for kind in KINDS:
                client.indices.delete(index=f"{self.alias(kind)}-v*", ignore_unavailable=True, allow_no_indices=True)
                with contextlib.suppress(NotFoundError):
                    client.indices.delete_index_template(name=self.alias(kind))
        finally:
            if client is not self.client:
                client.close()
        self._ready = False

    def refresh(self) -> None:
        self._ensure_ready()
        self.client.indices.refresh(index=",".join(self.alias(k) for k in KINDS))

    # ------------------------------------------------------------------ writes

    def upsert_articles(self, articles: Iterable[Article]) -> UpsertResult:
        return self._upsert("articles", articles)

    def upsert_events(self, events: Iterable[Event]) -> UpsertResult:
        return self._upsert("events", events)

    def _upsert(self, kind: str, records: Iterable[BaseModel]) -> UpsertResult:
        """Write `records` chunk by chunk, `workers` chunks in flight; spool what an outage leaves unwritten."""
        result = UpsertResult()
        iterator = iter(records)
        inflight: dict[Future[UpsertResult], list[BaseModel]] = {}
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="es-bulk")

        def collect(block_until: int) -> None:
            nonlocal result
            while len(inflight) > block_until:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()  # raises the chunk's error; its records stay in `inflight`
                    del inflight[future]
                    result += outcome

        try:
            self._ensure_ready()
            if self.auto_replay and self.pending_spool():
                result += self.replay_spool()
            for chunk in _chunks(iterator, self.chunk_size):
                inflight[pool.submit(self._write_chunk, kind, chunk)] = chunk
                collect(block_until=self.workers)
            collect(block_until=0)
            self.client.indices.refresh(index=self.alias(kind))
        except (ApiError, TransportError, ElasticsearchUnavailable) as exc:
            if not _is_unavailable(exc):
                raise
            wait(inflight)  # let the other chunks finish or fail; spool them all (replays are upserts)
            unconfirmed: list[BaseModel] = []
            for future, chunk in inflight.items():
                if future.exception() is None:
                    result += future.result()
                else:
                    unconfirmed.extend(chunk)
            path, count = self._spool(kind, unconfirmed, iterator)
            if count:
                logger.warning("Elasticsearch at %s unreachable (%s): spooled %d %s to %s",
                               self.url, type(exc).__name__, count, kind, path)
                result.spooled += count
                result.errors.append(f"spooled {count} {kind} to {path}: Elasticsearch unreachable ({exc})")
        finally:
            pool.shutdown(wait=True)
        return result

    def _write_chunk(self, kind: str, chunk: list[BaseModel], failed_ids: list[str] | None = None) -> UpsertResult:
        """Merge one chunk with what is stored and bulk-write what changed.

        Inputs are classified one by one, in order, against the latest version of their id (the
        stored one, or an earlier input of the chunk), exactly as the SQLite backend counts them;
        each id is then written once, in its final form.
        """
        result = UpsertResult()
        groups: dict[str, list[BaseModel]] = {}
        for record in chunk:
            groups.setdefault(record.id, []).append(record)  # type: ignore[attr-defined]
        alias = self.alias(kind)
        for _round in range(MAX_CONFLICT_ROUNDS):
            found = self.client.mget(index=alias, ids=list(groups)).body["docs"]
            actions: list[dict[str, Any]] = []
            tally: dict[str, tuple[int, int, int]] = {}  # id → (created, updated, unchanged) of its inputs
            for doc in found:
                doc_id = doc["_id"]
                if "error" in doc:  # e.g. the shard is not (yet) available
                    raise ElasticsearchUnavailable(f"mget {alias}/{doc_id}: {doc['error']}")
                records = groups[doc_id]
                if doc.get("found") and len(records) == 1 and self._same(records[0], doc["_source"]):
                    result.unchanged += 1  # the very same record again: no parsing, no write
                    continue
                stored = self._from_source(kind, doc["_source"]) if doc.get("found") else None
                latest, created, updated, unchanged = stored, 0, 0, 0
                for record in records:
                    if latest is None:
                        latest, created = record, created + 1
                        continue
                    before = latest.model_dump()
                    if record.model_dump() == before:  # the very same record again (SQLite: same doc)
                        unchanged += 1
                        continue
                    merged = self._merge(kind, latest, record)
                    if merged.model_dump() == before:
                        unchanged += 1
                    else:
                        latest, updated = merged, updated + 1
                result.unchanged += unchanged
                if not (created or updated):
                    continue
                tally[doc_id] = (created, updated, unchanged)
                assert latest is not None
                action: dict[str, Any] = {"_id": doc_id, "_source": self._to_source(latest)}
                if stored is None:
                    action["_op_type"] = "create"
                else:
                    action.update(_op_type="index", if_seq_no=doc["_seq_no"], if_primary_term=doc["_primary_term"])
                actions.append(action)
            retry: dict[str, list[BaseModel]] = {}
            for ok, item in helpers.streaming_bulk(
                self.client, actions, index=alias, chunk_size=len(actions) or 1, max_retries=3,
                initial_backoff=0.5, max_backoff=8, raise_on_error=False,
            ):
                info = next(iter(item.values()))
                doc_id = info["_id"]
                created, updated, unchanged = tally[doc_id]
                if ok:
                    result.created += created
                    result.updated += updated
                elif info.get("status") == 409:
                    retry[doc_id] = groups[doc_id]  # someone wrote it meanwhile: re-read and merge again
                    result.unchanged -= unchanged
                elif info.get("status") in UNAVAILABLE_STATUS:
                    raise ElasticsearchUnavailable(f"bulk item {doc_id}: status {info.get('status')}")
                else:
                    result.failed += created + updated
                    reason = info.get("error", {})
                    reason = reason.get("reason", reason) if isinstance(reason, dict) else reason
                    result.errors.append(f"{kind[:-1]} {doc_id}: {reason}")
                    if failed_ids is not None:
                        failed_ids.append(doc_id)
            if not retry:
                return result
            groups = retry
        result.failed += sum(len(g) for g in groups.values())
        result.errors.extend(f"{kind[:-1]} {i}: still conflicting after {MAX_CONFLICT_ROUNDS} rounds" for i in groups)
        if failed_ids is not None:
            failed_ids.extend(groups)
        return result

    @staticmethod
    def _merge(kind: str, old: BaseModel, new: BaseModel) -> BaseModel:
        """The record to store when `new` arrives and `old` is stored: newer fields, all mentions.

        Same rule as the SQLite backend (`schemas.facts.combine`): the new record's mentions win
        on equal keys, the old ones it lacks are added.
        """
        if kind != "events":
            return new
        assert isinstance(old, Event) and isinstance(new, Event)
        return combine(new, old)

    @staticmethod
    def _same(record: BaseModel, source: dict[str, Any]) -> bool:
        """Whether `source` (as stored) holds exactly `record`, compared in JSON form."""
        stored = {k: v for k, v in source.items() if k != "stored_at"}
        return record.model_dump(mode="json") == stored

    @staticmethod
    def _to_source(record: BaseModel) -> dict[str, Any]:
        source = record.model_dump(mode="json")
        source["stored_at"] = _now()
        return source

    @staticmethod
    def _from_source(kind: str, source: dict[str, Any]) -> Any:
        data = {k: v for k, v in source.items() if k not in PRIVATE_FIELDS}
        return Event.model_validate(data) if kind == "events" else Article.model_validate(data)

    # ------------------------------------------------------------------ spool

    def _spool(self, kind: str, current: list[BaseModel], rest: Iterator[BaseModel]) -> tuple[Path, int]:
        """Append `current` and everything left in `rest` to a new spool file (atomically named)."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = self.spool_dir / f"{self.index_prefix}__{kind}__{stamp}__{uuid.uuid4().hex[:8]}.jsonl"
        partial = final.with_suffix(".partial")
        count = 0
        with partial.open("w", encoding="utf-8") as out:
            for record in [*current]:
                out.write(_dump_json(record) + "\n")
                count += 1
            for record in rest:
                out.write(_dump_json(record) + "\n")
                count += 1
        if count:
            partial.rename(final)
        else:
            partial.unlink()
        return final, count

    def pending_spool(self) -> list[Path]:
        """Spool files of this prefix waiting for replay, oldest first."""
        if not self.spool_dir.is_dir():
            return []
        files = self.spool_dir.glob(f"{self.index_prefix}__*__*.jsonl")
        return sorted(files, key=lambda p: p.name.split("__")[2])

    def replay_spool(self) -> UpsertResult:
        """Write every spool file of this prefix to Elasticsearch; delete each once written.

        Stops at the first outage (the files not yet written stay for the next run). Records
        Elasticsearch rejects one by one (mapping errors) are moved to ``*.rejected`` next to
        the spool files and reported in the result.
        """
        total = UpsertResult()
        self._ensure_ready()
        for path in self.pending_spool():
            kind = path.name.split("__")[1]
            model: type[BaseModel] = Event if kind == "events" else Article
            records: list[BaseModel] = []
            unreadable: list[str] = []
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        records.append(model.model_validate_json(line))
                    except ValueError as exc:
                        unreadable.append(line if line.endswith("\n") else line + "\n")
                        total.failed += 1
                        total.errors.append(f"{path.name}:{number}: not a valid {kind[:-1]}: {exc}")
            failed_ids: list[str] = []
            result = UpsertResult()
            for chunk in _chunks(iter(records), self.chunk_size):
                result += self._write_chunk(kind, chunk, failed_ids)
            self.client.indices.refresh(index=self.alias(kind))
            if failed_ids or unreadable:
                wanted = set(failed_ids)
                kept = [_dump_json(r) + "\n" for r in records if r.id in wanted]  # type: ignore[attr-defined]
                path.with_suffix(".rejected").write_text("".join(kept + unreadable), encoding="utf-8")
            path.unlink(missing_ok=True)
            logger.info("replayed %s: %d created, %d updated, %d unchanged, %d failed",
                        path.name, result.created, result.updated, result.unchanged, result.failed)
            total += result
        return total

    # ------------------------------------------------------------------ reads

    def _get(self, kind: str, doc_id: str) -> Any:
        self._ensure_ready()
        try:
            doc = self.client.get(index=self.alias(kind), id=doc_id)
        except NotFoundError:
            return None
        return self._from_source(kind, doc["_source"])

    def get_article(self, article_id: str) -> Article | None:
        return self._get("articles", article_id)

    def get_event(self, event_id: str) -> Event | None:
        return self._get("events", event_id)

    def content_hashes(self, urls: Iterable[str]) -> dict[str, str]:
        self._ensure_ready()
        wanted = sorted({u for u in urls if u})
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 1000):
            batch = wanted[start:start + 1000]
            answer = self.client.search(
                index=self.alias("articles"), query={"terms": {"url": batch}}, size=len(batch),
                source_includes=["url", "content_hash"],
            )
            for hit in answer["hits"]["hits"]:
                found[hit["_source"]["url"]] = hit["_source"]["content_hash"]
        return found

    def _scan(self, kind: str, query: dict[str, Any], sort: list[dict[str, Any]], page: int = 1000) -> Iterator[Any]:
        """Every hit of `query` in `sort` order (the sort ends with the unique id), page by page."""
        after: list[Any] | None = None
        while True:
            extra = {"search_after": after} if after is not None else {}
            hits = self.client.search(index=self.alias(kind), query=query, sort=sort, size=page,
                                      track_total_hits=False, **extra)["hits"]["hits"]
            for hit in hits:
                yield self._from_source(kind, hit["_source"])
            if len(hits) < page:
                return
            after = hits[-1]["sort"]

    def articles(self, since: date | None = None) -> Iterable[Article]:
        self._ensure_ready()
        query: dict[str, Any] = {"match_all": {}}
        if since is not None:
            query = {"range": {"published_at": {"gte": since.isoformat(), "time_zone": "Asia/Shanghai"}}}
        return list(self._scan("articles", query, [{"published_at": "asc"}, {"id": "asc"}]))

    def count_articles(self) -> int:
        self._ensure_ready()
        return int(self.client.count(index=self.alias("articles"))["count"])

    def count_events(self) -> int:
        self._ensure_ready()
        return int(self.client.count(index=self.alias("events"))["count"])

    # ------------------------------------------------------------------ timeline queries

    @staticmethod
    def _query(q: TimelineQuery) -> dict[str, Any]:
        filters: list[dict[str, Any]] = []
        if q.date_from or q.date_to:
            bounds = {"format": "yyyy-MM-dd"}
            if q.date_from:
                bounds["gte"] = q.date_from.isoformat()
            if q.date_to:
                bounds["lte"] = q.date_to.isoformat()
            filters.append({"range": {"date.value": bounds}})
        if q.types:
            filters.append({"terms": {"type": [t.value for t in q.types]}})
        if q.sections:
            filters.append({"terms": {"section": [s.value for s in q.sections]}})
        if q.province:
            filters.append({"term": {"region.province": q.province}})
        if q.city:
            filters.append({"term": {"region.city": q.city}})
        if q.district:
            filters.append({"term": {"region.district": q.district}})
        if q.participant:
            names = dict.fromkeys(n for n in (q.participant, *q.participant_aliases) if n)
            filters.append({"bool": {"minimum_should_match": 1, "should": [
                {"wildcard": {field: {"value": f"*{_escape_wildcard(name)}*", "case_insensitive": True}}}
                for name in names
                for field in ("participants.name", "participants.normalized")
            ]}})
        for term in search_terms(q.text):
            filters.append({"multi_match": {"query": term, "type": "phrase", "fields": TEXT_QUERY_FIELDS}})
        return {"bool": {"filter": filters}} if filters else {"match_all": {}}

    @staticmethod
    def _sort(order: str) -> list[dict[str, Any]]:
        """Date (unknown last), then id in the same direction: the SQLite backend's order."""
        return [{"date.value": {"order": order, "missing": "_last"}}, {"id": {"order": order}}]

    def timeline(self, query: TimelineQuery) -> TimelinePage:
        self._ensure_ready()
        es_query = self._query(query)
        sort = self._sort("desc" if query.sort == "date_desc" else "asc")
        alias = self.alias("events")
        offset, extra = query.offset, {}
        if offset + query.limit > WINDOW:  # deep page: walk to it with search_after, ids only
            after: list[Any] | None = None
            while offset > 0:
                step = min(offset, WINDOW)
                more = {"search_after": after} if after else {}
                hits = self.client.search(index=alias, query=es_query, sort=sort, size=step, source=False,
                                          track_total_hits=False, **more)["hits"]["hits"]
                if len(hits) < step:
                    return TimelinePage(total=self.client.count(index=alias, query=es_query)["count"], events=[])
                after, offset = hits[-1]["sort"], offset - step
            extra = {"search_after": after} if after else {}
        answer = self.client.search(index=alias, query=es_query, sort=sort, from_=offset, size=query.limit,
                                    track_total_hits=True, **extra)
        events = [self._from_source("events", hit["_source"]) for hit in answer["hits"]["hits"]]
        return TimelinePage(total=answer["hits"]["total"]["value"], events=events)

    def counts(self, by: list[CountKey], query: TimelineQuery | None = None) -> list[CountRow]:
        self._ensure_ready()
        by = list(dict.fromkeys(by))
        unknown = [k for k in by if k not in COUNT_KEYS]
        if unknown or not by:
            raise ValueError(f"counts(by=...) takes one or more of {sorted(COUNT_KEYS)}, got {by!r}")
        es_query = self._query(query) if query else {"match_all": {}}
        alias = self.alias("events")
        sources: list[dict[str, Any]] = []
        for key in by:
            if key in ("month", "week"):  # a week bucket's key is its Monday, labelled below
                sources.append({key: {"date_histogram": {
                    "field": "date.value", "calendar_interval": key,
                    "format": "yyyy-MM" if key == "month" else "yyyy-MM-dd", "missing_bucket": True,
                }}})
            else:
                sources.append({key: {"terms": {"field": COUNT_FIELDS[key], "missing_bucket": True}}})
        rows: list[CountRow] = []
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": 1000, "sources": sources}
            if after:
                composite["after"] = after
            answer = self.client.search(index=alias, query=es_query, size=0,
                                        aggs={"groups": {"composite": composite}})
            groups = answer["aggregations"]["groups"]
            for bucket in groups["buckets"]:
                key = {k: (None if bucket["key"][k] is None else str(bucket["key"][k])) for k in by}
                if key.get("week"):
                    key["week"] = iso_week_of(date.fromisoformat(key["week"]))
                rows.append(CountRow(key=key, count=bucket["doc_count"]))
            after = groups.get("after_key")
            if not after or len(groups["buckets"]) < 1000:
                break
        # largest first, then keys ascending with None first (SQLite's NULL order)
        rows.sort(key=lambda r: (-r.count, *[(v is not None, v or "") for v in r.key.values()]))
        return rows

    def week_events(self, week: str) -> list[Event]:
        monday, sunday = iso_week_bounds(week)
        self._ensure_ready()
        in_week = {"gte": monday.isoformat(), "lte": sunday.isoformat(), "format": "yyyy-MM-dd"}
        day = {"term": {"date.precision": "day"}}
        query = {"bool": {"minimum_should_match": 1, "should": [
            {"bool": {"filter": [day, {"range": {"date.value": in_week}}]}},
            {"bool": {"filter": [{"range": {"reported_on": in_week}}], "must_not": [day]}},
        ]}}
        return list(self._scan("events", query, self._sort("asc")))

    # ------------------------------------------------------------------ operations

    def reindex(self, new_version: int, *, kinds: Iterable[str] = KINDS, delete_old: bool = False,
                progress: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
        """Move each alias to ``…-v{new_version}`` built from the current template, with no downtime.

        Reads and writes keep going through the alias: the copy runs from the old index, the
        alias swap is one atomic ``_aliases`` request, and documents written to the old index
        while the copy ran are copied again afterwards (newest ``stored_at`` wins; for events the
        mentions of both are kept).
        """
        say = progress or (lambda _msg: None)
        self.ensure_indices()
        report: dict[str, dict[str, Any]] = {}
        for kind in kinds:
            alias, source = self.alias(kind), self.current_index(kind)
            target = self.index_name(kind, new_version)
            if source == target:
                report[kind] = {"from": source, "to": target, "copied": 0, "caught_up": 0, "note": "already current"}
                continue
            if self.client.indices.exists(index=target):
                raise ValueError(f"{target} already exists: choose a version above the current {source}")
            started = _now()
            self.client.indices.create(index=target)
            say(f"{kind}: copying {source} → {target}")
            copied, errors = self._copy(source, target)
            if errors:
                raise RuntimeError(f"reindex {source} → {target}: {errors} documents failed; alias not moved")
            self.client.indices.refresh(index=target)
            self.client.indices.update_aliases(actions=[
                {"remove": {"index": source, "alias": alias}},
                {"add": {"index": target, "alias": alias, "is_write_index": True}},
            ])
            say(f"{kind}: alias {alias} → {target}")
            caught = self._catch_up(kind, source, target, started)
            self.client.indices.refresh(index=target)
            report[kind] = {"from": source, "to": target, "copied": copied, "caught_up": caught,
                            "count": int(self.client.count(index=alias)["count"])}
            if delete_old:
                self.client.indices.delete(index=source)
                report[kind]["deleted"] = source
        return report

    def _copy(self, source: str, target: str) -> tuple[int, int]:
        """Scan `source` and bulk-write every document into `target`: (copied, failed).

        Client-side because the minimal distribution has neither the ``reindex`` module nor data
        streams (which `helpers.reindex` asks about); on a full cluster this still works.
        """
        actions = (
            {"_op_type": "index", "_index": target, "_id": hit["_id"], "_source": hit["_source"]}
            for hit in helpers.scan(self.client, index=source, size=self.chunk_size, scroll="5m")
        )
        copied = failed = 0
        for ok, _item in helpers.streaming_bulk(self.client, actions, chunk_size=self.chunk_size, max_retries=3,
                                                initial_backoff=0.5, raise_on_error=False):
            copied += ok
            failed += not ok
        return copied, failed

    def _catch_up(self, kind: str, source: str, target: str, since: str) -> int:
        """Copy documents written to `source` after `since` into `target` unless it holds newer ones."""
        caught = 0
        hits = helpers.scan(self.client, index=source, query={"query": {"range": {"stored_at": {"gte": since}}}})
        for hit in hits:
            try:
                current = self.client.get(index=target, id=hit["_id"])
            except NotFoundError:
                current = None
            source_doc = hit["_source"]
            if current is None or current["_source"].get("stored_at", "") < source_doc.get("stored_at", ""):
                body = source_doc
            elif kind == "events":
                newer = self._from_source(kind, current["_source"])
                if not newer.merge_mentions(self._from_source(kind, source_doc).mentions):
                    continue
                body = self._to_source(newer)
            else:
                continue
            self.client.index(index=target, id=hit["_id"], document=body)
            caught += 1
        return caught

    # ------------------------------------------------------------------ snapshots

    def register_repository(self, name: str, location: str | Path, *, readonly: bool = False) -> None:
        """Register a shared-filesystem snapshot repository; `location` must lie under the nodes' ``path.repo``."""
        self.client.snapshot.create_repository(
            name=name, repository={"type": "fs", "settings": {"location": str(location), "readonly": readonly}},
        )

    def _snapshot_indices(self) -> str:
        return ",".join(f"{self.alias(kind)}-*" for kind in KINDS)

    def snapshot(self, repository: str, name: str) -> dict[str, Any]:
        """Snapshot this prefix's indices (with their aliases) and wait for it; returns the snapshot's summary."""
        answer = self.client.snapshot.create(repository=repository, snapshot=name, indices=self._snapshot_indices(),
                                             include_global_state=False, wait_for_completion=True)
        return dict(answer["snapshot"])

    def restore(self, repository: str, name: str) -> dict[str, Any]:
        """Restore this prefix's indices and aliases from a snapshot into a cluster that lacks them; waits for it."""
        answer = self.client.snapshot.restore(repository=repository, snapshot=name, indices=self._snapshot_indices(),
                                              include_aliases=True, wait_for_completion=True)
        self.client.cluster.health(index=self._snapshot_indices(), wait_for_status="yellow", timeout="60s")
        self._ready = False  # templates are not in the snapshot: the next call installs them
        return dict(answer["snapshot"])

    def status(self) -> dict[str, Any]:
        """Cluster health, server version, alias → index and document counts, pending spool files."""
        health = self.client.cluster.health()
        nodes = self.client.cat.nodes(h="version", format="json").body  # no `GET /` in the minimal distribution
        indices: dict[str, Any] = {}
        for kind in KINDS:
            alias = self.alias(kind)
            if self.client.indices.exists_alias(name=alias):
                index = sorted(self.client.indices.get_alias(name=alias).body)
                indices[alias] = {"index": index, "count": int(self.client.count(index=alias)["count"])}
            else:
                indices[alias] = None
        return {
            "url": self.url,
            "version": ", ".join(sorted({n["version"] for n in nodes})),
            "cluster": health["cluster_name"],
            "health": health["status"],
            "indices": indices,
            "spool": [str(p) for p in self.pending_spool()],
        }

