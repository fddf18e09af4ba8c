"""The extraction service: one long-running process that keeps the JVM, HanLP and the rules warm and
extracts every crawl's articles while the crawl writes them.

Why. A crawl followed by a worker of its own (`eventline.following`) pays the worker's start-up
on every run: importing spaCy and the rules, starting the JVM, loading HanLP's dictionaries and
models, the JIT compiling the hot paths (1.5–2.5 s of CPU on a 2-core machine, more than the
extraction of a few hundred pages). Most crawl DAG runs are small incremental crawls, so start-up
dominates them and competes with the crawl for the CPU. Ops start this service once per crawl
machine (`eventline extract-service`, foreground, stopped by SIGTERM or Ctrl-C) and every crawl
on that machine is followed by it, warm.

Design.
* Transport: `multiprocessing.connection` on a Unix socket, `Settings.extract_service_socket`
  (`EVENTLINE_EXTRACT_SOCKET`, default `<data dir>/extract.sock`, mode 0600). Connections are
  authenticated with an HMAC challenge on `EVENTLINE_EXTRACT_SERVICE_KEY`, or, when that is
  unset, on the key file beside the socket (`extract.sock.key`, mode 0600, created by the first
  service). Messages are JSON (`send_bytes`), never pickles: nothing a client sends is executed.
  The wire format, the key and the one-shot requests live in `eventline.extract_protocol`; the
  client of a job is `eventline.following.ServiceFollower`, beside the per-crawl worker's.
* The socket listens only once the service is warm, so "the socket answers" means "warm";
  `crawl_and_extract` falls back to a worker of its own when it does not (no service, a stale
  socket, a wrong key) and logs which one it uses.
* A job is one crawl: the client sends `{"op": "follow", "articles": …, "events": …}` (absolute
  paths; the articles file exists, the crawl appends to it), the service answers at once with
  the job's number, the client sends `{"op": "complete"}` when the crawl is over and gets one
  final answer: the counts, or `{"ok": false, "error": …}` naming the job. The job runs
  `eventline.following.follow`, the same code the worker runs, so the events are byte for byte
  those of the worker and of `eventline extract --format events`.
* Jobs run one at a time on the main thread, in arrival order (HanLP's segmenter is not
  thread-safe): a crawl that arrives while another is followed queues, and its job catches up
  with its file when its turn comes. One thread per connection only reads and writes messages.
  `{"op": "status"}` answers the pid, start-up time, jobs served and the JVM's start time.
* Failures are never success: a bad request (relative path, missing file, unknown op) gets an
  error and the service serves on; a bad article line fails its job with the line's number; a
  client that goes away before its crawl is over cancels its job (nothing written); SIGTERM fails
  the running and queued jobs with a message saying so, removes the socket and exits 0. A
  service that dies leaves its clients with a closed connection, which they report as a
  FollowError naming the job. In every case the articles file stays and no events file is
  written (events are written atomically), so `extract_events` extracts the file itself.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

from eventline.config import Settings
from eventline.extract_protocol import receive, send, service_key
from eventline.following import FollowCancelled, follow

logger = logging.getLogger(__name__)

SOCKET_PATH_MAX = 107  # bytes in sockaddr_un.sun_path, less its terminating NUL (Linux)
POLL_S = 0.1  # how often a connection's thread looks for the client's message and its job's end


class ServiceError(RuntimeError):
    """The service cannot start (its socket is taken or unusable)."""


class BadRequest(ValueError):
    """A request the service cannot take; the message says why."""


# ------------------------------------------------------------------------------------ the service
@dataclass
class Job:
    number: int
    articles: Path
    events: Path
    done: threading.Event = field(default_factory=threading.Event)  # the crawl is over
    cancel: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    cancel_reason: str = ""
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"job {self.number} ({self.articles})"

    def stop(self, reason: str) -> None:
        if not self.cancel.is_set():
            self.cancel_reason = reason
            self.cancel.set()

    def fail(self, message: str) -> None:
        self.result = {"ok": False, "job": self.number, "error": f"{self.name}: {message}"}
        self.finished.set()


class ExtractionService:
    """Serve follow jobs on `socket_path` until `stop` (SIGTERM, SIGINT) is called."""

    def __init__(self, socket_path: Path, key: bytes, nice: int = 0) -> None:
        self.socket_path, self.key, self.nice = socket_path, key, nice
        self.jobs: queue.Queue[Job] = queue.Queue()
        self.current: Job | None = None
        self.stopping = threading.Event()
        self.stop_reason = ""
        self.lock = threading.Lock()  # job numbers, the queue and `stopping` change together
        self.numbered = self.served = self.warm_ups = 0
        self.startup_s = 0.0
        self.jvm_started_ms = 0  # the JVM's own start time: a JVM starts once per process, at warm-up
        self.started_at = datetime.now(UTC)
        self.connections: list[threading.Thread] = []

    # -- life cycle (main thread)
    def run(self) -> None:
        t0 = time.perf_counter()
        self._check_socket()
        self._handle_signals()
        if self.nice:  # before the JVM starts: its threads inherit it (Linux keeps a niceness per thread)
            os.nice(self.nice)
        from nlp.pipeline import warm_up

        warm_up()
        self.warm_ups += 1
        self._handle_signals()  # again: the JVM took SIGTERM and SIGINT over when it started
        self.startup_s = time.perf_counter() - t0
        from jpype import JClass

        self.jvm_started_ms = int(JClass("java.lang.management.ManagementFactory").getRuntimeMXBean().getStartTime())
        if self.stopping.is_set():  # stopped while warming up: never listened
            return
        listener = Listener(str(self.socket_path), family="AF_UNIX", authkey=self.key)
        try:
            os.chmod(self.socket_path, 0o600)
            logger.info("warm in %.2f s; serving on %s (pid %d)", self.startup_s, self.socket_path, os.getpid())
            threading.Thread(target=self._accept, args=(listener,), name="accept", daemon=True).start()
            while not self.stopping.is_set():
                try:
                    job = self.jobs.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                self._run(job)
        finally:
            listener.close()  # removes the socket file: clients fall back to workers at once
            self._fail_queued()
            for thread in list(self.connections):  # let them send the final answers
                thread.join(timeout=2 * POLL_S + 1)
            logger.info("stopped (%s) after %d jobs", self.stop_reason or "asked to", self.served)

    def _handle_signals(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda number, _frame: self.stop(signal.Signals(number).name))

    def stop(self, reason: str) -> None:
        """Stop serving: the running job and the queued ones fail with `reason`. Signal-safe."""
        self.stop_reason = reason
        self.stopping.set()
        job = self.current
        if job is not None:
            job.stop(f"the extraction service stopped ({reason}) before the job was done")

    def _check_socket(self) -> None:
        path = self.socket_path
        if len(os.fsencode(path)) > SOCKET_PATH_MAX:
            raise ServiceError(f"socket path {path} is longer than {SOCKET_PATH_MAX} bytes: "
                               "set EVENTLINE_EXTRACT_SOCKET to a shorter one")
        if path.exists() or path.is_symlink():
            try:
                Client(str(path), family="AF_UNIX", authkey=self.key).close()
            except (ConnectionRefusedError, FileNotFoundError):
                logger.info("removing the stale socket %s (no service behind it)", path)
                path.unlink(missing_ok=True)
            except Exception as exc:
                raise ServiceError(f"{path} is in use ({type(exc).__name__}: {exc}); stop that service first") \
                    from exc
            else:
                raise ServiceError(f"an extraction service already listens on {path}; stop it first")
        path.parent.mkdir(parents=True, exist_ok=True)

    def _run(self, job: Job) -> None:
        with self.lock:
            self.current = job
        if self.stopping.is_set():  # a signal between taking the job and `current` naming it
            job.stop(f"the extraction service stopped ({self.stop_reason}) before the job was done")
        try:
            if job.cancel.is_set():
                job.fail(job.cancel_reason)
                return
            t0 = time.perf_counter()
            logger.info("%s: following it → %s", job.name, job.events)
            articles, events = follow(job.articles, job.events, job.done, cancel=job.cancel)
        except FollowCancelled:
            job.fail(job.cancel_reason)
        except Exception as exc:  # a bad line, an unwritable output, a bug: this job fails, the service serves on
            logger.debug("%s failed", job.name, exc_info=True)
            job.fail(f"{type(exc).__name__}: {exc}")
        else:
            self.served += 1
            job.result = {"ok": True, "job": job.number, "articles": articles, "events": events,
                          "output": str(job.events)}
            job.finished.set()
            logger.info("%s: %d articles → %d events in %.2f s", job.name, articles, events,
                        time.perf_counter() - t0)
        finally:
            if not job.result.get("ok"):
                logger.error("%s", job.result["error"])
            with self.lock:
                self.current = None

    def _fail_queued(self) -> None:
        with self.lock:
            while not self.jobs.empty():
                self.jobs.get_nowait().fail(f"the extraction service stopped ({self.stop_reason}) before the job ran")

    # -- connections (their own threads)
    def _accept(self, listener: Listener) -> None:
        while not self.stopping.is_set():
            try:
                conn = listener.accept()
            except Exception as exc:  # a wrong key, a client gone during the challenge, the listener closed
                if not self.stopping.is_set():
                    logger.warning("refused a connection: %s: %s", type(exc).__name__, exc)
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), name="connection", daemon=True)
            self.connections = [t for t in self.connections if t.is_alive()] + [thread]
            thread.start()

    def _serve(self, conn: Connection) -> None:
        with conn:
            try:
                request = receive(conn)
                op = request.get("op")
                if op == "status":
                    send(conn, {"ok": True, **self.status()})
                    return
                if op != "follow":
                    raise BadRequest(f"unknown op {op!r} (follow, complete, status)")
                job = self._take(request)
            except (BadRequest, ValueError) as exc:  # ValueError: not JSON
                logger.warning("bad request: %s", exc)
                send(conn, {"ok": False, "error": f"bad request: {exc}"})
                return
            except (EOFError, OSError) as exc:
                logger.warning("a client went away before its request: %s", exc)
                return
            try:
                send(conn, {"ok": True, "job": job.number, "pid": os.getpid()})
                self._follow_client(conn, job)
                send(conn, job.result)
            except (EOFError, OSError):
                if job.done.is_set():
                    logger.warning("%s: its client went away; the events are written all the same", job.name)
                else:
                    job.stop("its client went away before the crawl was over")

    def _take(self, request: dict[str, Any]) -> Job:
        """A job from a follow request, queued; BadRequest naming what is wrong."""
        paths: dict[str, Path] = {}
        for key in ("articles", "events"):
            value = request.get(key)
            if not isinstance(value, str) or not value:
                raise BadRequest(f"{key!r} must be a file path, got {value!r}")
            path = Path(value)
            if not path.is_absolute():
                raise BadRequest(f"{key} path {value!r} is relative: the service runs elsewhere, send it absolute")
            if not path.parent.is_dir():
                raise BadRequest(f"{key} path {value}: directory {path.parent} does not exist")
            paths[key] = path
        if not paths["articles"].is_file():
            raise BadRequest(f"articles file {paths['articles']} does not exist (create it before the crawl)")
        if paths["events"] == paths["articles"]:
            raise BadRequest(f"events path {paths['events']} is the articles file")
        with self.lock:
            if self.stopping.is_set():
                raise BadRequest(f"the extraction service is stopping ({self.stop_reason})")
            self.numbered += 1
            job = Job(self.numbered, paths["articles"], paths["events"])
            waiting = self.jobs.qsize() + (self.current is not None)
            self.jobs.put(job)
        logger.info("%s queued (%d before it)", job.name, waiting)
        return job

    def _follow_client(self, conn: Connection, job: Job) -> None:
        """Until the job is finished: pass the client's "complete" to the job as soon as it comes."""
        while not job.finished.is_set():
            if job.done.is_set():
                job.finished.wait(POLL_S)
            elif conn.poll(POLL_S):
                try:
                    message = receive(conn)  # EOFError: the client went away
                except ValueError as exc:
                    message = {"error": str(exc)}
                if message.get("op") == "complete":
                    job.done.set()
                else:
                    logger.warning("%s: ignored a message that is not 'complete': %s", job.name, message)

    def status(self) -> dict[str, Any]:
        current = self.current
        return {"pid": os.getpid(), "started_at": self.started_at.isoformat(), "startup_s": round(self.startup_s, 3),
                "warm_ups": self.warm_ups, "jvm_started_ms": self.jvm_started_ms,
                "cpu_s": round(time.process_time(), 3), "max_rss_mb": _max_rss_mb(), "jobs_served": self.served,
                "jobs_taken": self.numbered, "running": current.name if current else None,
                "queued": self.jobs.qsize()}


def _max_rss_mb() -> int:
    """The process's peak resident memory: flat across jobs when nothing of a job lingers."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux


def serve(settings: Settings, nice: int = 0) -> None:
    """Run the service in the foreground until SIGTERM or SIGINT (ServiceError: it cannot start);
    `nice` lowers its CPU priority so that the crawls it follows come first."""
    key = service_key(settings, create=True)
    assert key is not None  # just created
    ExtractionService(settings.extract_service_socket, key, nice).run()
