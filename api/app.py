"""The eventline HTTP API: timeline queries (JSON, CSV, Atom), counts, events, articles, organisations, weekly
digests, event types, health.

Handlers are thin: they turn query parameters into a `store.base.TimelineQuery` (never into
query text), call the `Store` and return schema models. Every invalid parameter answers 422
with a body whose `message` names the parameter; an unknown event id answers 404.

The store is opened lazily by `store_factory`, once, shared by the worker threads (both
backends are thread-safe) and closed when the application shuts down.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from eventline.export import csv_lines, iter_events
from eventline.feeds import MEDIA_TYPE as ATOM_MEDIA_TYPE
from eventline.feeds import atom_feed
from eventline.search import UnknownPlace, org_aliases, resolve_query
from schemas import TYPE_INFO, Article, Event, EventType, Section, TypeInfo
from schemas.weeks import WEEK_PATTERN, iso_week_bounds
from store.base import CountKey, CountRow, Store, TimelineQuery

logger = logging.getLogger(__name__)

STATIC_DIR = FilePath(__file__).resolve().parent / "static"
API_MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
#: offset + limit may not pass this: Elasticsearch's default result window, applied to both
#: stores so that a client paging through one behaves the same on the other.
MAX_RESULT_WINDOW = 10_000
MAX_OFFSET = MAX_RESULT_WINDOW - API_MAX_PAGE_SIZE
MAX_TEXT_LENGTH = 200
MAX_EXPORT = 100_000  # events in one CSV download
FEED_SIZE = 50  # newest events in a feed

StoreFactory = Callable[[], Store]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic's lax mode would also take numbers as Unix times."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_day), WithJsonSchema({"type": "string", "format": "date"})]


class ParameterError(Exception):
    """A request parameter that parsed but makes no sense (e.g. `to` before `from`)."""

    def __init__(self, name: str, message: str, location: str = "query") -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.location = location


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    param: str | None = None


class ValidationErrorBody(BaseModel):
    message: str = Field(description="one line naming each invalid parameter")
    detail: list[ErrorItem]


class NotFoundBody(BaseModel):
    detail: str


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, across all pages")
    limit: int
    offset: int
    next: str | None = Field(description="relative link to the next page, null on the last page")
    prev: str | None = Field(description="relative link to the previous page, null on the first page")
    events: list[Event]


class StatsResponse(BaseModel):
    by: list[CountKey]
    total: int = Field(description="sum of the counts")
    rows: list[CountRow]


class OrgProfile(BaseModel):
    name: str = Field(description="the name asked for")
    aliases: list[str] = Field(description="other names of the same organisation, searched too")
    total: int = Field(description="events the organisation takes part in, under any of its names")
    by_month: list[CountRow]
    by_type: list[CountRow]
    events: list[Event] = Field(description="its latest events")
    timeline: str = Field(description="relative link to all its events")


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    store: str
    events: int | None = None
    articles: int | None = None
    error: str | None = None


class StoreProvider:
    """One store for the whole application, opened on first use and closed on shutdown.

    Handlers run on worker threads, so the store must be thread-safe: `SQLiteStore` guards its
    one connection with a lock and the Elasticsearch client is thread-safe. Sharing one store
    keeps SQLite's page cache warm and pays the open (schema check, client setup) once.
    """

    def __init__(self, factory: StoreFactory) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._store: Store | None = None

    def get(self) -> Store:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._factory()
                store = self._store
        return store

    def close_all(self) -> None:
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:
                logger.warning("could not close %r", store, exc_info=True)


def _param_name(loc: Sequence[Any]) -> str | None:
    if len(loc) >= 2 and loc[0] in ("query", "path", "header", "cookie", "body"):
        return str(loc[1])
    return None


def _error_response(errors: list[dict[str, Any]]) -> JSONResponse:
    items = []
    parts = []
    for err in errors:
        loc = list(err.get("loc", ()))
        name = _param_name(loc)
        msg = str(err.get("msg", "invalid value"))
        items.append({"loc": loc, "msg": msg, "type": str(err.get("type", "value_error")), "param": name})
        where = f"{loc[0]} parameter {name!r}" if name else "request"
        parts.append(f"invalid {where}: {msg}")
    body = {"message": "; ".join(parts) or "invalid request", "detail": jsonable_encoder(items)}
    return JSONResponse(status_code=422, content=body)


def _clean(value: str | None) -> str | None:
    """Blank filters mean 'no filter'."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def timeline_filters(
    date_from: Annotated[
        IsoDate | None, Query(alias="from", description="earliest event date, inclusive (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        IsoDate | None, Query(alias="to", description="latest event date, inclusive (YYYY-MM-DD); not before `from`")
    ] = None,
    types: Annotated[list[EventType] | None, Query(alias="type", description="any of these event types")] = None,
    sections: Annotated[
        list[Section] | None, Query(alias="section", description="any of these digest sections")
    ] = None,
    province: Annotated[
        str | None, Query(max_length=MAX_TEXT_LENGTH, description="province, full or short: 湖北省 or 湖北")
    ] = None,
    city: Annotated[
        str | None, Query(max_length=MAX_TEXT_LENGTH, description="city, full or short: 武汉市 or 武汉")
    ] = None,
    district: Annotated[
        str | None, Query(max_length=MAX_TEXT_LENGTH, description="district or zone: 江汉区, 光谷")
    ] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT_LENGTH,
            description="a place at any level, or its 6-digit adcode: 湖北, 武汉, 光谷, 420100 (unknown: 422)",
        ),
    ] = None,
    org: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT_LENGTH,
            description="part of a participant's name, or an alias of it: 腾讯, 工信部 (= 工业和信息化部)",
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT_LENGTH,
            description='free text: every word (or "quoted phrase") in headline, object, summary, evidence or title',
        ),
    ] = None,
) -> TimelineQuery:
    """The filters shared by /events, /events.csv, /events.atom and /stats, as a structured query with short
    place names and aliases resolved (limit/offset set later)."""
    if date_from and date_to and date_to < date_from:
        raise ParameterError("to", f"'to' ({date_to}) is before 'from' ({date_from})")
    query = TimelineQuery(
        date_from=date_from,
        date_to=date_to,
        types=list(dict.fromkeys(types or [])),
        sections=list(dict.fromkeys(sections or [])),
        province=_clean(province),
        city=_clean(city),
        district=_clean(district),
        participant=_clean(org),
        text=_clean(q),
    )
    try:
        return resolve_query(query, place=_clean(place))
    except UnknownPlace as exc:
        raise ParameterError("place", str(exc)) from exc


Filters = Annotated[TimelineQuery, Depends(timeline_filters)]


def _page_link(request: Request, offset: int, limit: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return f"{request.url.path}?{urlencode(params)}"


def _render_digest(store: Store, week: str, fmt: Literal["markdown", "html"], overrides_dir: FilePath | None) -> str:
    """The week's digest as Markdown or HTML, built the one way CLI and DAG build it (overrides applied)."""
    from eventline.digesting import render_week_digest

    return render_week_digest(week, "md" if fmt == "markdown" else "html", store=store, overrides_dir=overrides_dir)


def create_app(
    store_factory: StoreFactory, *, overrides_dir: FilePath | None = None, title: str = "eventline API"
) -> FastAPI:
    """Build the API; `store_factory()` opens the (thread-safe) Store, once, on first use.

    `overrides_dir` holds the editors' `<week>.yaml` digest overrides (default: `<data dir>/overrides/`).
    """
    stores = StoreProvider(store_factory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            stores.close_all()

    app = FastAPI(
        title=title,
        version="1.0.0",
        description="Timeline of events extracted from Chinese industry news: query, count, trace to sources.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN; the spec is at /openapi.json
        redoc_url=None,
        responses={422: {"model": ValidationErrorBody, "description": "an invalid parameter, named in `message`"}},
    )
    app.state.stores = stores

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error_response(list(exc.errors()))

    @app.exception_handler(ParameterError)
    async def _invalid_parameter(_: Request, exc: ParameterError) -> JSONResponse:
        return _error_response([{"loc": [exc.location, exc.name], "msg": exc.message, "type": "value_error"}])

    @app.get("/events", response_model=EventPage, tags=["timeline"], summary="Events matching the filters, paged")
    def list_events(
        request: Request,
        query: Filters,
        limit: Annotated[int, Query(ge=1, le=API_MAX_PAGE_SIZE, description="page size")] = DEFAULT_PAGE_SIZE,
        offset: Annotated[
            int,
            Query(ge=0, le=MAX_OFFSET, description=f"events to skip, at most {MAX_OFFSET} (narrow from/to to go on)"),
        ] = 0,
        sort: Annotated[Literal["date_desc", "date_asc"], Query(description="order by event date")] = "date_desc",
    ) -> EventPage:
        query = query.model_copy(update={"limit": limit, "offset": offset, "sort": sort})
        page = stores.get().timeline(query)
        has_next = offset + len(page.events) < page.total and offset + limit <= MAX_OFFSET
        return EventPage(
            total=page.total,
            limit=limit,
            offset=offset,
            next=_page_link(request, offset + limit, limit) if has_next else None,
            prev=_page_link(request, max(0, offset - limit), limit) if offset > 0 else None,
            events=page.events,
        )

    @app.get(
        "/events.csv",
        tags=["timeline"],
        summary="Every event matching the filters as CSV (UTF-8 with BOM, opens in Excel)",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "one row per event"}},
    )
    def events_csv(
        query: Filters,
        sort: Annotated[Literal["date_desc", "date_asc"], Query(description="order by event date")] = "date_desc",
        limit: Annotated[int, Query(ge=1, le=MAX_EXPORT, description="at most this many rows")] = MAX_EXPORT,
    ) -> StreamingResponse:
        events = iter_events(stores.get(), query.model_copy(update={"sort": sort}), limit)
        return StreamingResponse(
            csv_lines(events, bom=True),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="eventline-events.csv"'},
        )

    @app.get(
        "/events.atom",
        tags=["timeline"],
        summary="The newest events matching the filters as an Atom feed",
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}},
                         "description": "an Atom 1.0 feed"}},
    )
    def events_atom(request: Request, query: Filters) -> Response:
        page = stores.get().timeline(query.model_copy(update={"limit": FEED_SIZE, "sort": "date_desc"}))
        params = sorted(request.query_params.multi_items())
        body = atom_feed(
            page.events,
            title="eventline · " + (" ".join(f"{k}={v}" for k, v in params) or "全部事件"),
            feed_id=f"urn:eventline:feed:{urlencode(params)}",
            self_url=str(request.url),
            event_url=str(request.base_url) + "events/{id}",
        )
        return Response(body, media_type=ATOM_MEDIA_TYPE)

    @app.get("/orgs/{name}", response_model=OrgProfile, tags=["timeline"],
             summary="One organisation: its aliases, events over time and by type, latest events")
    def org_profile(
        request: Request,
        # a name has a visible character: the schema says so, so a blank name is not schema-valid input (control
        # characters excluded too: Python's strip() takes \x1c–\x1f and \x85 for blanks, JSON Schema's \s does not)
        name: Annotated[str, Path(min_length=1, max_length=MAX_TEXT_LENGTH, pattern=r"[^\s\x00-\x1f\x7f-\x9f]")],
    ) -> OrgProfile:
        name = name.strip()
        if not name:
            raise ParameterError("name", "an organisation name is required", location="path")
        query = resolve_query(TimelineQuery(participant=name, limit=20))
        store = stores.get()
        page = store.timeline(query)
        return OrgProfile(
            name=name,
            aliases=list(org_aliases(name)),
            total=page.total,
            by_month=store.counts(["month"], query),
            by_type=store.counts(["type"], query),
            events=page.events,
            timeline=f"/events?{urlencode({'org': name})}",
        )

    @app.get(
        "/articles/{article_id}",
        response_model=Article,
        tags=["timeline"],
        summary="A stored article with its full text (the evidence behind an event, even when its link is dead)",
        responses={404: {"model": NotFoundBody, "description": "no article has this id"}},
    )
    def get_article(article_id: Annotated[str, Path(min_length=1, max_length=100)]) -> Article | JSONResponse:
        article = stores.get().get_article(article_id)
        if article is None:
            return JSONResponse(status_code=404, content={"detail": f"no stored article with id {article_id!r}"})
        return article

    @app.get(
        "/events/{event_id}",
        response_model=Event,
        tags=["timeline"],
        summary="One event with its mentions",
        responses={404: {"model": NotFoundBody, "description": "no event has this id"}},
    )
    def get_event(event_id: Annotated[str, Path(min_length=1, max_length=100)]) -> Event | JSONResponse:
        event = stores.get().get_event(event_id)
        if event is None:
            return JSONResponse(status_code=404, content={"detail": f"no event with id {event_id!r}"})
        return event

    @app.get("/stats", response_model=StatsResponse, tags=["timeline"], summary="Counts of matching events")
    def stats(
        query: Filters,
        by: Annotated[
            list[CountKey],
            Query(
                min_length=1,
                max_length=5,
                description="group by any of type, section, province, city, district, month, week, org, outlet "
                "(an event counts once under each of its participants / outlets)",
            ),
        ],
    ) -> StatsResponse:
        keys: list[CountKey] = list(dict.fromkeys(by))
        rows = stores.get().counts(keys, query)
        return StatsResponse(by=keys, total=sum(r.count for r in rows), rows=rows)

    @app.get(
        "/digests/{week}",
        tags=["digest"],
        summary="The weekly digest of an ISO week",
        responses={
            200: {
                "content": {media: {"schema": {"type": "string"}} for media in ("text/markdown", "text/html")},
                "description": "the digest",
            }
        },
    )
    def digest(
        week: Annotated[
            str, Path(pattern=WEEK_PATTERN, description="ISO week that exists, e.g. 2020-W30 (W53 only in long years)")
        ],
        format: Annotated[Literal["markdown", "html"], Query(description="output format")] = "markdown",
    ) -> Response:
        try:
            iso_week_bounds(week)
        except ValueError as exc:
            raise ParameterError("week", str(exc), location="path") from exc
        text = _render_digest(stores.get(), week, format, overrides_dir)
        if format == "html":
            return HTMLResponse(text)
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

    @app.get("/types", response_model=list[TypeInfo], tags=["vocabulary"], summary="The event types, in order")
    def types() -> list[TypeInfo]:
        """Every event type with its Chinese label and colour (what the timeline page offers)."""
        return list(TYPE_INFO.values())

    @app.get(
        "/healthz",
        response_model=Health,
        tags=["ops"],
        summary="Store reachable, with counts",
        responses={503: {"model": Health, "description": "the store cannot be reached"}},
    )
    def healthz() -> Health | JSONResponse:
        try:
            store = stores.get()
            return Health(
                status="ok", store=type(store).__name__, events=store.count_events(), articles=store.count_articles()
            )
        except Exception as exc:
            logger.warning("health check failed: %s", exc)
            body = Health(status="unavailable", store="unknown", error=f"{type(exc).__name__}: {exc}")
            return JSONResponse(status_code=503, content=body.model_dump())

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app

