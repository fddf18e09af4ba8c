"""Downloader middlewares: error accounting, redirect-loop detection, conditional requests, back-off.

Each reads its own settings when built from the crawler and counts what it sees under
`eventline/…` stats, which `crawlers.stats` turns into the per-source report:

* `ErrorKindsMiddleware` (after retries) records final failures by kind: `http_<status>`,
  `timeout`, `connection`, `dns`, `too_large`, `empty_body`, `other`, keeps the first few as
  "kind URL" lines (`eventline/failures`), counts failed start pages, and lets the crawl go on.
* `RedirectLoopMiddleware` (before Scrapy's redirects) stops a redirect that returns to a URL
  already visited, or exceeds REDIRECT_MAX_TIMES, as `redirect_loop`.
* `ConditionalRequestMiddleware` sends If-None-Match / If-Modified-Since remembered per URL and
  turns a 304 into "not modified" (nothing re-parsed, nothing re-emitted).
* `RetryAfterMiddleware` backs off a domain on 429 / 503, honouring Retry-After (seconds or an
  HTTP date, capped), and retries the request a bounded number of times.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy import exceptions as scrapy_errors
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from twisted.internet import error as tx_error

from crawlers.state import CrawlState

logger = logging.getLogger(__name__)
PREFIX = "eventline/"
MAX_FAILURES_KEPT = 10


def error_kind(exc: BaseException) -> str:
    """A short name for a download failure (the key under which it is counted)."""
    name = type(exc).__name__
    if isinstance(exc, tx_error.TimeoutError | tx_error.TCPTimedOutError) or "Timeout" in name:
        return "timeout"
    # Scrapy ≥ 2.14 wraps Twisted's errors in its own download exceptions
    if isinstance(exc, tx_error.DNSLookupError | scrapy_errors.CannotResolveHostError):
        return "dns"
    if isinstance(exc, tx_error.ConnectionRefusedError | tx_error.ConnectError | tx_error.ConnectionLost
                  | scrapy_errors.DownloadConnectionRefusedError | scrapy_errors.ResponseDataLossError):
        return "connection"
    if "Cancelled" in name and ("maxsize" in str(exc) or "larger than" in str(exc)):
        return "too_large"
    if name in {"ResponseNeverReceived", "ResponseFailed", "_DataLoss", "DataLoss"}:
        return "connection"
    return "other"


class _Base:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    def inc(self, key: str, count: int = 1) -> None:
        self.stats.inc_value(PREFIX + key, count)


class ErrorKindsMiddleware(_Base):
    """Count final HTTP errors, download exceptions and empty bodies by kind; name the URLs that failed."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ErrorKindsMiddleware:
        return cls(crawler)

    def failed(self, request: Request, kind: str, detail: str = "") -> None:
        """Count one final failure of `request` and keep it as a "kind URL" line for the run's record."""
        self.inc(f"errors/{kind}")
        start = bool(request.meta.get("eventline_start"))
        if start:
            self.inc("start_pages/failed")
        failures = self.stats.get_value(PREFIX + "failures") or []
        if len(failures) < MAX_FAILURES_KEPT:
            label = " (start page)" if start else ""
            self.stats.set_value(PREFIX + "failures", [*failures, f"{kind} {request.url}{label}{detail}"])

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(response.url).path == "/robots.txt":
            return response
        if response.status >= 400:
            self.failed(request, f"http_{response.status}")
            logger.warning("HTTP %s for %s", response.status, response.url)
        elif response.status == 200 and not response.body:
            self.failed(request, "empty_body")
            logger.warning("empty body for %s", response.url)
            raise IgnoreRequest(f"empty body: {response.url}")
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if isinstance(exception, IgnoreRequest):
            return None
        if urlsplit(request.url).path == "/robots.txt":
            return None
        kind = error_kind(exception)
        self.failed(request, kind, f": {exception}")
        logger.warning("download failed (%s) for %s: %s", kind, request.url, exception)
        return None


class RedirectLoopMiddleware(_Base):
    """Stop redirects that come back to a URL already visited (A → B → A) or run too long."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_times = crawler.settings.getint("REDIRECT_MAX_TIMES", 20)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        if not crawler.settings.getbool("REDIRECT_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        target = urljoin(request.url, response.headers[b"Location"].decode("latin-1"))
        visited = {*request.meta.get("redirect_urls", []), request.url}
        if target in visited or request.meta.get("redirect_times", 0) + 1 > self.max_times:
            self.inc("errors/redirect_loop")
            logger.warning("redirect loop at %s → %s", request.url, target)
            raise IgnoreRequest(f"redirect loop: {request.url}")
        return response


class ConditionalRequestMiddleware(_Base):
    """ETag / Last-Modified per URL, remembered in the crawl state file (list and article pages)."""

    def __init__(self, crawler: Crawler, state: CrawlState) -> None:
        super().__init__(crawler)
        self.state = state
        from scrapy import signals

        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        path = crawler.settings.get("EVENTLINE_STATE_FILE")
        if not path or not crawler.settings.getbool("EVENTLINE_CONDITIONAL", True):
            raise NotConfigured
        return cls(crawler, CrawlState.shared(Path(path)))

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or request.meta.get("eventline_refresh") or not request.meta.get("eventline_page"):
            return None
        etag, last_modified = self.state.validators(request.url)
        if etag:
            request.headers.setdefault(b"If-None-Match", etag)
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        page = request.meta.get("eventline_page")
        if not page:
            return response
        if response.status == 304:
            self.inc("not_modified")
            if page == "article":
                self.inc("articles/unchanged")
            raise IgnoreRequest(f"not modified: {request.url}")
        if response.status == 200 and response.body:
            etag = response.headers.get(b"ETag")
            last_modified = response.headers.get(b"Last-Modified")
            self.state.remember_validators(
                request.url,
                etag.decode("latin-1") if etag else None,
                last_modified.decode("latin-1") if last_modified else None,
            )
        return response

    def close(self, spider: Any = None) -> None:
        self.state.close()


def retry_after_seconds(value: bytes | str | None, default: float, cap: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), within [0, cap]."""
    if value is None:
        return min(default, cap)
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(text).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            seconds = default
    return max(0.0, min(seconds, cap))


class RetryAfterMiddleware(_Base):
    """Back off a whole domain on 429 / 503 for Retry-After seconds, then retry (bounded)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.codes = {int(c) for c in settings.getlist("EVENTLINE_BACKOFF_HTTP_CODES", [429, 503])}
        self.default = settings.getfloat("EVENTLINE_BACKOFF_DEFAULT_S", 30)
        self.cap = settings.getfloat("EVENTLINE_BACKOFF_MAX_S", 300)
        self.max_tries = settings.getint("EVENTLINE_BACKOFF_TRIES", 3)
        self.not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        wait = self.not_before.get(host, 0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.codes:
            return response
        tries = request.meta.get("eventline_backoff_tries", 0)
        if tries >= self.max_tries:
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After"), self.default, self.cap)
        host = urlsplit(request.url).netloc
        self.not_before[host] = max(self.not_before.get(host, 0), time.monotonic() + delay)
        self.inc(f"backoff/http_{response.status}")
        self.stats.max_value(PREFIX + "backoff/max_wait_s", round(delay, 1))
        logger.info("HTTP %s from %s: backing off %s for %.1fs", response.status, request.url, host, delay)
        retry = request.replace(dont_filter=True)
        retry.meta["eventline_backoff_tries"] = tries + 1
        return retry
