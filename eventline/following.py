"""Extraction that follows a crawl: a warm worker process extracts the crawl's articles as they come.

The crawler writes each new or updated article to its JSONL output as soon as it is scraped (one
flushed line each). `crawl_and_extract` starts a worker process (`python -m eventline.following`)
beside the crawl subprocess. The worker starts the JVM, loads HanLP's dictionaries and builds the
rules while the crawler fetches pages. It then reads the output file as it grows and extracts each
batch of articles as soon as the batch is complete. When the crawl is over (the parent closes the
worker's stdin), the worker extracts the last batch, merges the events across articles and writes
them. So start-up and most of the extraction happen during the crawl, not after it.

The batches are the ones `nlp.analyzer` cuts over the whole file (consecutive articles up to
`BATCH_CHARS` characters). Each batch is one HanLP call over the same string, so the events are
exactly what `eventline extract` gives for the finished file, however fast the pages came in.
A worker in its own process shares no interpreter lock with the caller (an Airflow task, a local
test server).

When the extraction service (`eventline extract-service`, `eventline.extract_service`) answers at
`Settings.extract_service_socket`, `crawl_and_extract` hands it the crawl instead: the same `follow`
runs there, warm, with no start-up per crawl. Which one follows a crawl is logged.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from crawlers.stats import CrawlStats
from eventline.config import PROJECT_ROOT, Settings
from eventline.extract_protocol import ANSWER_TIMEOUT_S, ServiceUnavailable, connect, read_answer, send

logger = logging.getLogger(__name__)

POLL_S = 0.1  # how often the worker looks for new lines while the crawl runs


class FollowError(RuntimeError):
    """The extraction failed (worker or service); the message names the articles file and holds the
    worker's log tail or the service's message."""


class FollowCancelled(FollowError):
    """`follow` was told to stop before the crawl was over: nothing was written."""


@dataclass
class FollowReport:
    articles: int
    events: int
    output: Path
    log: Path | None  # the worker's own log; None for the extraction service, which logs to its console
    tail_s: float = 0.0  # how long the events took to be written once the crawl was over
    via: str = "worker"  # "worker": a process of this crawl's own; "service": `eventline extract-service`


# ------------------------------------------------------------------------------------ the worker
class _GrowingLines:
    """Complete lines appended to a file that another process is still writing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.number = 0
        self.partial = b""

    def read(self, final: bool = False) -> Iterator[tuple[int, bytes]]:
        """(line number, line) of each line completed since the last call; `final`: the writer is
        done, so a last line without its newline counts too."""
        if self.path.exists():
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                chunk = handle.read()
            self.offset += len(chunk)
            self.partial += chunk
        *lines, self.partial = self.partial.split(b"\n")
        if final and self.partial:
            lines, self.partial = [*lines, self.partial], b""
        for line in lines:
            self.number += 1
            yield self.number, line


def follow(articles_path: Path, events_path: Path, done: threading.Event,
           cancel: threading.Event | None = None) -> tuple[int, int]:
    """Extract the articles of `articles_path` batch by batch as the file grows, until `done` is set
    and the file is read to its end; write the merged events to `events_path` (full events, the
    form `eventline extract --format events` writes). Returns (articles, events). `cancel` set
    stops it with FollowCancelled, writing nothing. The caller warms up (`nlp.pipeline.warm_up`)."""
    from nlp.analyzer import BATCH_CHARS
    from nlp.arguments import names_memo
    from nlp.merge import merge_events
    from nlp.pipeline import analyze_articles
    from schemas import Article
    from schemas.jsonl import InputError, write_models

    started = time.perf_counter()
    lines = _GrowingLines(articles_path)
    known = set(Article.model_fields)
    ready: list[Article] = []  # complete batches not extracted yet
    batch: list[Article] = []  # the batch being filled
    size = n_articles = 0
    events = []
    with names_memo():  # one scope for the whole file, as one `analyze_articles` call over it has
        while True:
            if cancel is not None and cancel.is_set():
                raise FollowCancelled(f"extraction of {articles_path} cancelled before the crawl was over")
            final = done.is_set()  # read before the file: what the crawl wrote before it ended is all there
            for number, line in lines.read(final=final):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    article = Article.model_validate({k: v for k, v in record.items() if k in known})
                except ValueError as exc:  # JSON or validation error: name the line, extract nothing
                    raise InputError(f"{articles_path}:{number}: {str(exc).splitlines()[0]}") from exc
                batch.append(article)
                size += len(article.text)
                n_articles += 1
                if size >= BATCH_CHARS:  # the batch is complete: the same cut `iter_batches` makes
                    ready += batch
                    batch, size = [], 0
            if final:
                break
            if ready:  # several complete batches in one call: HanLP segments one while the rules read another
                t0 = time.perf_counter()
                events += analyze_articles(ready)
                logger.info("%d articles extracted in %.2f s (%.2f s after the start)", len(ready),
                            time.perf_counter() - t0, time.perf_counter() - started)
                ready = []
            else:
                done.wait(POLL_S)  # back at once when the crawl is over
        over = time.perf_counter()
        logger.info("crawl over %.2f s after the start; %d articles left", over - started, len(ready) + len(batch))
        if ready or batch:
            events += analyze_articles(ready + batch)
    merged = merge_events(events)
    write_models(events_path, merged)
    logger.info("%d events written %.2f s after the crawl was over", len(merged), time.perf_counter() - over)
    return n_articles, len(merged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extract events from a crawl's JSONL while it is written; "
                                     "closing stdin tells the crawl is over.")
    parser.add_argument("--input", type=Path, required=True, help="the crawl's articles JSONL (may not exist yet)")
    parser.add_argument("--output", type=Path, required=True, help="JSONL of merged events to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from nlp.pipeline import warm_up

    done = threading.Event()

    def wait_for_eof() -> None:
        sys.stdin.read()
        done.set()

    threading.Thread(target=wait_for_eof, name="crawl-done", daemon=True).start()
    started = time.perf_counter()
    warm_up()  # while the crawl fetches its first pages
    logger.info("warm in %.2f s", time.perf_counter() - started)
    n_articles, n_events = follow(args.input, args.output, done)
    print(json.dumps({"articles": n_articles, "events": n_events, "output": str(args.output)}), flush=True)
    return 0


# ------------------------------------------------------------------------------------ the caller
class Follower(Protocol):
    """What extracts one crawl's output while it is written: a worker, or a job of the service."""

    def finish(self, timeout_s: float | None = None) -> FollowReport:
        """Tell it the crawl is over; the report once the events are written. FollowError when it fails."""
        ...

    def cancel(self) -> None:
        """The crawl failed: stop, writing no events."""
        ...


class ExtractionFollower:
    """The worker process extracting `articles` (a crawl's output) into `events` as they come."""

    def __init__(self, articles: Path, events: Path, log: Path) -> None:
        self.articles, self.events, self.log = Path(articles), Path(events), Path(log)
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> ExtractionFollower:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        cmd = [sys.executable, "-m", "eventline.following", "--input", str(self.articles), "--output", str(self.events)]
        with self.log.open("w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, text=True)
        return self

    def finish(self, timeout_s: float | None = None) -> FollowReport:
        """Tell the worker the crawl is over; wait for the events. FollowError when it fails."""
        if self.proc is None:
            raise FollowError("the extraction worker was never started")
        told = time.perf_counter()
        try:
            out, _ = self.proc.communicate(timeout=timeout_s)  # closes stdin: the crawl is over
        except subprocess.TimeoutExpired as exc:
            self.cancel()
            raise FollowError(f"extraction of {self.articles} still running after {timeout_s:g} s; log {self.log}") \
                from exc
        if self.proc.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise FollowError(f"extraction of {self.articles} exited {self.proc.returncode}; log {self.log}:\n{tail}")
        summary = json.loads(out.strip().splitlines()[-1])
        return FollowReport(summary["articles"], summary["events"], self.events, self.log,
                            time.perf_counter() - told)

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class ServiceFollower:
    """One crawl's job in the extraction service (`eventline extract-service`): `start` before the
    crawl, `finish` after it."""

    def __init__(self, settings: Settings, articles: Path, events: Path) -> None:
        self.settings, self.articles, self.events = settings, Path(articles), Path(events)
        self.conn: Connection | None = None
        self.job = 0

    @property
    def job_name(self) -> str:
        return f"job {self.job} of the extraction service at {self.settings.extract_service_socket}"

    def start(self) -> ServiceFollower:
        """Hand the job to the service: ServiceUnavailable when none answers, FollowError when it refuses."""
        conn = connect(self.settings)
        try:
            send(conn, {"op": "follow", "articles": str(self.articles), "events": str(self.events)})
            answer = read_answer(conn, ANSWER_TIMEOUT_S, f"to the job for {self.articles}")
        except (EOFError, OSError, TimeoutError, ValueError) as exc:
            conn.close()
            raise ServiceUnavailable(f"the extraction service at {self.settings.extract_service_socket} did not take "
                                     f"the job for {self.articles}: {type(exc).__name__}: {exc}") from exc
        if not answer.get("ok"):
            conn.close()
            raise FollowError(f"the extraction service at {self.settings.extract_service_socket} refused the job for "
                              f"{self.articles}: {answer.get('error')}")
        self.conn, self.job = conn, int(answer["job"])
        return self

    def finish(self, timeout_s: float | None = None) -> FollowReport:
        """Tell the service the crawl is over; wait for the events. FollowError naming the job when the
        service fails it, stops or dies."""
        if self.conn is None:
            raise FollowError(f"extraction of {self.articles}: the service job was never started")
        told = time.perf_counter()
        with self.conn:
            with contextlib.suppress(OSError):  # the service is gone or stopping: its last answer may still be read
                send(self.conn, {"op": "complete"})
            try:
                answer = read_answer(self.conn, timeout_s, f"for {self.job_name}")
            except TimeoutError as exc:
                raise FollowError(f"extraction of {self.articles}: {exc}") from exc
            except (EOFError, OSError) as exc:
                raise FollowError(f"extraction of {self.articles}: {self.job_name} lost: the service closed the "
                                  f"connection ({type(exc).__name__}) — it died or was killed; the articles file "
                                  "stays for extract_events") from exc
        if not answer.get("ok"):
            raise FollowError(f"extraction of {self.articles} by the extraction service at "
                              f"{self.settings.extract_service_socket} failed: {answer.get('error')}")
        return FollowReport(answer["articles"], answer["events"], Path(answer["output"]), None,
                            time.perf_counter() - told, via="service")

    def cancel(self) -> None:
        """The crawl failed: closing the connection cancels the job (the service writes nothing)."""
        if self.conn is not None:
            self.conn.close()


def events_path_for(articles: Path) -> Path:
    """Where the events of a crawl output file go: beside it, `<name>.events.jsonl`."""
    return articles.with_name(articles.stem + ".events.jsonl")


def crawl_and_extract(
    source_key: str,
    settings: Settings,
    *,
    output: Path | None = None,
    crawl: Callable[..., CrawlStats] | None = None,
    **kwargs: object,
) -> tuple[CrawlStats, FollowReport | None]:
    """Crawl one source (`crawl`, default `eventline.crawling.run_crawl`, with `kwargs`) while its
    articles are extracted: by the extraction service (`eventline extract-service`) when one answers
    at `settings.extract_service_socket`, else by a worker process of this crawl's own. Returns the
    crawl's statistics and the extraction's report. A failed crawl stops the extraction and raises
    as the crawl does. A failed extraction (a bad line, a worker or service that died) is logged as
    an error and reported as None: no events file is left, so `eventline.pipeline.extract_files`
    extracts the crawl's articles itself and the crawl need not run again."""
    from datetime import UTC, datetime

    from eventline.crawling import run_crawl

    runner = crawl or run_crawl
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        output = settings.articles_dir / f"{source_key}-{stamp}.jsonl"
    output = Path(output).absolute()  # the service runs in another directory
    output.parent.mkdir(parents=True, exist_ok=True)
    output.touch()  # the crawl appends to it; the service refuses a job whose file is missing
    follower = _start_follower(output, settings)
    try:
        stats = runner(source_key, settings, output=output, **kwargs)
    except BaseException:
        follower.cancel()
        raise
    try:
        return stats, follower.finish()
    except FollowError as exc:
        logger.error("%s", exc)
        return stats, None


def _start_follower(output: Path, settings: Settings) -> Follower:
    """The extraction service's job for `output` when a service answers (or queues it), else a worker."""
    events = events_path_for(output)
    try:
        follower = ServiceFollower(settings, output, events).start()
    except ServiceUnavailable as exc:
        logger.info("%s: starting an extraction worker for %s", exc, output)
    except FollowError as exc:  # the service answered but refused the job: this crawl can still be followed
        logger.warning("%s: starting an extraction worker instead", exc)
    else:
        logger.info("extraction of %s: %s", output, follower.job_name)
        return follower
    return ExtractionFollower(output, events, settings.data_dir / "logs" / f"extract-{output.stem}.log").start()


if __name__ == "__main__":
    sys.exit(main())
