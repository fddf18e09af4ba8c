"""Saved queries that deliver their new events: "tell me about every new approval in 湖北省".

A watch is a name, the timeline filters of the CLI / API, and where to deliver: a webhook (an HTTP POST of
JSON) or an e-mail address (through the SMTP target of `eventline.mailing`). Watches live in one JSON file
(`Settings.watches_file`), rewritten atomically under a file lock, so the CLI and the `watches` DAG can share it.

Each watch remembers the ids of the events it has already handed over. Adding a watch records the events that
match it at that moment, so its first run delivers only what arrives afterwards. `run_watches` delivers, per
watch, the matching events it has not delivered yet and records them only once the delivery succeeded: a failed
webhook or a missing SMTP connection leaves them for the next run and is reported as a failure, never as a
success, and an event is never delivered twice. Each event is delivered once per watch, even if a later report
adds a mention to it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, Field, field_validator, model_validator

from eventline.export import iter_events
from eventline.search import resolve_query
from schemas import Event, EventType, Section
from schemas.jsonl import atomic_writer
from store.base import Store, TimelineQuery

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[\w.-]{1,64}$")


class WatchFilters(BaseModel):
    """The filters of a watch: those of `eventline timeline` (places and organisations resolved at each run)."""

    types: list[EventType] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    date_from: date | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    place: str | None = None
    org: str | None = None
    q: str | None = None

    def query(self) -> TimelineQuery:
        """The resolved store query; raises `eventline.search.UnknownPlace` for a place the gazetteer lacks."""
        base = TimelineQuery(
            types=self.types, sections=self.sections, date_from=self.date_from, province=self.province,
            city=self.city, district=self.district, participant=self.org, text=self.q,
        )
        return resolve_query(base, place=self.place)

    def feed_path(self) -> str:
        """The API address of the same query as an Atom feed."""
        params: list[tuple[str, str]] = [("type", t.value) for t in self.types]
        params += [("section", s.value) for s in self.sections]
        if self.date_from:
            params.append(("from", self.date_from.isoformat()))
        for name in ("province", "city", "district", "place", "org", "q"):
            if value := getattr(self, name):
                params.append((name, value))
        return "/events.atom" + (f"?{urlencode(params)}" if params else "")


class Watch(BaseModel):
    name: str
    filters: WatchFilters
    webhook: str | None = None
    email: str | None = None
    created_at: datetime
    last_run: datetime | None = None
    delivered: list[str] = Field(default_factory=list, description="ids of the events already handed over")

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"{value!r}: a watch name is 1–64 letters, digits, '_', '-' or '.'")
        return value

    @field_validator("webhook")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s,]+@[^@\s,]+", value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    @model_validator(mode="after")
    def _one_channel(self) -> Watch:
        if not (self.webhook or self.email):
            raise ValueError(f"watch {self.name!r} needs a webhook URL or an e-mail address to deliver to")
        return self


class WatchRun(BaseModel):
    name: str
    new: int = Field(description="matching events not delivered before")
    delivered: int
    channel: str | None = None
    error: str | None = None


Deliver = Callable[[Watch, list[Event]], str]


class WatchError(ValueError):
    """A watch that cannot be added or removed (duplicate or unknown name), with the reason."""


@contextmanager
def _editing(path: Path) -> Iterator[list[Watch]]:
    """The watches of `path`, locked; what the block leaves in the list is written back atomically."""
    from crawlers.stats import locked

    with locked(path):
        watches = read_watches(path)
        yield watches
        with atomic_writer(path) as handle:
            json.dump([w.model_dump(mode="json") for w in watches], handle, ensure_ascii=False, indent=1)


def read_watches(path: Path) -> list[Watch]:
    if not path.exists():
        return []
    try:
        return [Watch.model_validate(item) for item in json.loads(path.read_text(encoding="utf-8") or "[]")]
    except ValueError as exc:
        raise WatchError(f"{path}: not a valid watches file: {exc}") from exc


def _matching_ids(store: Store, watch: Watch) -> list[str]:
    return [event.id for event in iter_events(store, watch.filters.query())]


def add_watch(path: Path, watch: Watch, store: Store) -> int:
    """Save `watch`; the events it matches now count as delivered. Returns their number."""
    current = _matching_ids(store, watch)
    with _editing(path) as watches:
        if any(w.name == watch.name for w in watches):
            raise WatchError(f"a watch named {watch.name!r} exists: remove it first")
        watches.append(watch.model_copy(update={"delivered": current, "last_run": watch.created_at}))
    return len(current)


def remove_watch(path: Path, name: str) -> None:
    with _editing(path) as watches:
        kept = [w for w in watches if w.name != name]
        if len(kept) == len(watches):
            raise WatchError(f"no watch named {name!r}")
        watches[:] = kept


def run_watches(
    path: Path, store: Store, deliver: Deliver | None = None, now: datetime | None = None
) -> list[WatchRun]:
    """Deliver each watch's matching events it has not delivered yet; see the module docstring."""
    deliver = deliver or deliver_events
    now = now or datetime.now(UTC)
    runs: list[WatchRun] = []
    with _editing(path) as watches:
        for index, watch in enumerate(watches):
            done = set(watch.delivered)
            try:
                new = [e for e in iter_events(store, watch.filters.query()) if e.id not in done]
            except Exception as exc:
                logger.error("watch %s: query failed: %s", watch.name, exc)
                runs.append(WatchRun(name=watch.name, new=0, delivered=0, error=f"query failed: {exc}"))
                continue
            run = WatchRun(name=watch.name, new=len(new), delivered=0)
            if new:
                try:
                    run.channel = deliver(watch, new)
                    run.delivered = len(new)
                except Exception as exc:
                    run.error = f"delivery failed: {type(exc).__name__}: {exc}"
                    logger.error("watch %s: %s", watch.name, run.error)
            if run.error is None:
                delivered = watch.delivered + [e.id for e in new]
                watches[index] = watch.model_copy(update={"delivered": delivered, "last_run": now})
            runs.append(run)
    return runs


def _payload(watch: Watch, events: Sequence[Event]) -> dict[str, object]:
    return {
        "watch": watch.name,
        "count": len(events),
        "feed": watch.filters.feed_path(),
        "events": [e.model_dump(mode="json") for e in events],
    }


def _message(watch: Watch, events: Sequence[Event]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[eventline] {watch.name}: {len(events)} 条新事件"
    lines = []
    for event in events:
        lines.append(f"{event.date.as_text() or '日期未知'}  {event.headline}")
        lines += [f"    {m.source}：{m.sentence}" + (f"\n    {m.url}" if m.url else "") for m in event.mentions]
    message.set_content("\n".join(lines) + "\n")
    return message


def deliver_events(watch: Watch, events: list[Event]) -> str:
    """Hand `events` over by the watch's channel; raises when that fails (nothing is recorded then)."""
    if watch.webhook:
        import httpx

        httpx.post(watch.webhook, json=_payload(watch, events), timeout=30).raise_for_status()
        return "webhook"
    from eventline.config import load_settings
    from eventline.mailing import send_message_if_configured

    outcome = send_message_if_configured(_message(watch, events), load_settings(), recipients=watch.email or "")
    if not outcome.startswith("sent"):
        raise RuntimeError(outcome)
    return "email"
