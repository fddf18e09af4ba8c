"""`eventline.extract_service`: the real service (`eventline extract-service` in a subprocess) follows
real Scrapy crawls of the sample site, warm across crawls, with the events of the per-crawl worker
and of `eventline extract`; failures are FollowErrors naming the job, never success."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawlers.stats import CrawlStats
from eventline.config import PROJECT_ROOT, Settings, load_settings
from eventline.extract_protocol import request, service_status
from eventline.following import ExtractionFollower, FollowError, ServiceFollower, crawl_and_extract, events_path_for
from eventline.pipeline import extract_file
from sample_site.server import serve
from schemas import Article
from tests.eventline.crawl_writer import writer

pytestmark = [pytest.mark.hanlp, pytest.mark.slow]

SAMPLE_ROOT = PROJECT_ROOT / "sample_site" / "site"
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "INFO"}
SIGNING = "日讯 江城链科信息技术有限公司与楚天汽车集团有限公司签署战略合作协议。"
LINES = [Article(id=f"a{n}", source="江城日报", published_at=f"2026-11-0{n}T09:00:00+08:00",
                 text=f"武汉市{n}{SIGNING}").model_dump_json() + "\n" for n in range(1, 4)]  # as a crawl writes them


@dataclass
class Service:
    proc: subprocess.Popen[bytes]
    socket: Path
    log: Path

    def settings(self, data_dir: Path) -> Settings:
        """A crawl's settings, its extraction by this service."""
        return load_settings(data_dir=data_dir, extract_socket=self.socket, sqlite_path=data_dir / "s.sqlite3")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def start_service(directory: Path) -> Service:
    """`eventline extract-service` in a subprocess, once its socket answers (it listens only when warm)."""
    sock, log = directory / "extract.sock", directory / "service.log"
    env = {**os.environ, "EVENTLINE_EXTRACT_SOCKET": str(sock), "EVENTLINE_DATA_DIR": str(directory),
           "PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    env.pop("EVENTLINE_EXTRACT_SERVICE_KEY", None)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "eventline.cli", "extract-service", "--nice", "0"],
                                cwd=directory, env=env, stdout=out, stderr=subprocess.STDOUT)
    service = Service(proc, sock, log)
    deadline = time.monotonic() + 300
    while service_status(service.settings(directory)) is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            service.stop()
            pytest.fail(f"the extraction service did not start:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.1)
    return service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One service for the module's tests: they run one after the other on the same warm process."""
    running = start_service(tmp_path_factory.mktemp("svc"))
    yield running
    assert running.stop() == 0, running.log.read_text(encoding="utf-8")


@pytest.fixture()
def own_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A service of the test's own, for a test that stops or kills it."""
    running = start_service(tmp_path_factory.mktemp("own"))
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


@pytest.fixture(scope="module")
def sample_site() -> Iterator[str]:
    with serve(SAMPLE_ROOT) as (_, base):
        yield base


def _crawl(settings: Settings, base: str) -> tuple[CrawlStats, Path | None, str]:
    """A real crawl of the sample site with extraction: (stats, events file or None, via)."""
    stats, report = crawl_and_extract("sample_jcrb", settings, extra={**FAST, "SAMPLE_SITE": base})
    assert stats.ok and stats.articles_new > 0
    return stats, report.output if report else None, report.via if report else ""


def test_service_follows_real_crawls_warm_with_the_events_of_the_worker(service: Service, sample_site: str,
                                                                         tmp_path: Path) -> None:
    before = service_status(service.settings(tmp_path))
    assert before is not None
    first, first_events, first_via = _crawl(service.settings(tmp_path / "one"), sample_site)
    second, second_events, second_via = _crawl(service.settings(tmp_path / "two"), sample_site)
    assert (first_via, second_via) == ("service", "service")
    after = service_status(service.settings(tmp_path))
    assert after is not None
    # one process, one JVM, warmed up once, served both crawls
    assert (after["pid"], after["jvm_started_ms"], after["warm_ups"]) == (before["pid"], before["jvm_started_ms"], 1)
    assert after["jobs_served"] == before["jobs_served"] + 2
    for stats, events in ((first, first_events), (second, second_events)):
        articles = Path(stats.output or "")
        assert events == events_path_for(articles) and events.stat().st_size > 0
        expected = tmp_path / f"{articles.stem}.expected.jsonl"
        extract_file(articles, expected, "events")
        assert events.read_bytes() == expected.read_bytes()
    # the per-crawl worker, on the same crawl output, writes the same bytes
    articles = Path(first.output or "")
    worker_events = tmp_path / "worker.events.jsonl"
    report = ExtractionFollower(articles, worker_events, tmp_path / "worker.log").start().finish(timeout_s=300)
    assert report.via == "worker" and worker_events.read_bytes() == first_events.read_bytes()


def test_service_extracts_a_file_of_many_batches_as_eventline_extract(service: Service, shared_dir: Path,
                                                                      tmp_path: Path) -> None:
    """After other jobs (nothing of theirs lingers): several of the pipeline's batches, written slowly."""
    articles = shared_dir / "gold" / "dev_articles.jsonl"
    expected = tmp_path / "expected.jsonl"
    extract_file(articles, expected, "events")
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)
    _, report = crawl_and_extract("bench", service.settings(tmp_path), crawl=writer(lines))
    assert report is not None and (report.via, report.articles) == ("service", len(lines))
    assert report.output.read_bytes() == expected.read_bytes()


def test_bad_requests_are_answered_and_the_service_serves_on(service: Service, tmp_path: Path) -> None:
    settings = service.settings(tmp_path)
    pid = service_status(settings)["pid"]  # type: ignore[index]
    present = tmp_path / "present.jsonl"
    present.write_text("", encoding="utf-8")
    bad = {
        "missing file": ({"op": "follow", "articles": str(tmp_path / "absent.jsonl"), "events": str(tmp_path / "e")},
                         "articles file .*absent.jsonl does not exist"),
        "relative path": ({"op": "follow", "articles": "present.jsonl", "events": str(tmp_path / "e")},
                          "articles path 'present.jsonl' is relative"),
        "no such directory": ({"op": "follow", "articles": str(present), "events": str(tmp_path / "no" / "e.jsonl")},
                              "events path .*: directory .*/no does not exist"),
        "no path": ({"op": "follow", "articles": str(present)}, "'events' must be a file path, got None"),
        "same file": ({"op": "follow", "articles": str(present), "events": str(present)}, "is the articles file"),
        "unknown op": ({"op": "extract-everything"}, "unknown op 'extract-everything'"),
    }
    for case, (message, error) in bad.items():
        answer = request(settings, message)
        assert answer["ok"] is False and re.search(error, answer["error"]), (case, answer)
    status = service_status(settings)
    assert status is not None and status["pid"] == pid and status["running"] is None


def test_a_bad_line_fails_its_job_and_the_service_serves_on(service: Service, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    good = LINES[0]
    with caplog.at_level(logging.INFO, logger="eventline.following"):
        stats, report = crawl_and_extract("bench", service.settings(tmp_path / "bad"),
                                          crawl=writer([good, "{not json\n"], pause_s=0))
    assert stats.ok and report is None
    assert re.search(r"failed: job \d+ \(.*\.jsonl\): InputError: .*\.jsonl:2:", caplog.text), caplog.text
    assert Path(stats.output or "").exists() and not events_path_for(Path(stats.output or "")).exists()
    stats, report = crawl_and_extract("bench", service.settings(tmp_path / "good"), crawl=writer([good], pause_s=0))
    assert report is not None and (report.via, report.articles) == ("service", 1)


def test_a_failed_crawl_cancels_its_job(service: Service, tmp_path: Path) -> None:
    good = LINES[0]
    settings = service.settings(tmp_path)
    taken = service_status(settings)["jobs_taken"]  # type: ignore[index]

    def crawl_fails(source_key: str, settings: object, *, output: Path) -> CrawlStats:
        writer([good], pause_s=0)(source_key, settings, output=output)
        raise RuntimeError("the site went away")

    with pytest.raises(RuntimeError, match="the site went away"):
        crawl_and_extract("bench", settings, output=tmp_path / "crawl.jsonl", crawl=crawl_fails)
    deadline = time.monotonic() + 30
    while (status := service_status(settings)) is not None and (status["running"] or status["queued"]) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status is not None and status["jobs_taken"] == taken + 1
    assert (status["running"], status["queued"]) == (None, 0)
    assert (tmp_path / "crawl.jsonl").exists() and not events_path_for(tmp_path / "crawl.jsonl").exists()
    assert "its client went away before the crawl was over" in service.log.read_text(encoding="utf-8")


def test_a_service_killed_mid_job_is_a_follow_error_naming_the_job(own_service: Service, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    lines = LINES
    settings = own_service.settings(tmp_path)
    articles = tmp_path / "crawl.jsonl"
    articles.write_text(lines[0], encoding="utf-8")
    follower = ServiceFollower(settings, articles, events_path_for(articles)).start()
    own_service.proc.kill()
    own_service.proc.wait()
    with pytest.raises(FollowError, match=r"job 1 of the extraction service at .* lost: the service closed the conn"):
        follower.finish(timeout_s=60)
    assert articles.read_text(encoding="utf-8") == lines[0] and not events_path_for(articles).exists()
    # the next crawl finds no service behind the socket left by the killed one: a worker of its own follows it
    with caplog.at_level(logging.INFO, logger="eventline.following"):
        _, report = crawl_and_extract("bench", settings, crawl=writer(lines[:2], pause_s=0))
    assert report is not None and (report.via, report.articles) == ("worker", 2)
    assert "does not answer" in caplog.text and "starting an extraction worker" in caplog.text


def test_sigterm_fails_the_running_job_and_stops_cleanly(own_service: Service, tmp_path: Path) -> None:
    line = LINES[0]
    settings = own_service.settings(tmp_path)
    articles = tmp_path / "crawl.jsonl"
    articles.write_text(line, encoding="utf-8")
    follower = ServiceFollower(settings, articles, events_path_for(articles)).start()
    assert own_service.stop() == 0
    with pytest.raises(FollowError, match=r"job 1 \(.*crawl.jsonl\): the extraction service stopped \(SIGTERM\)"):
        follower.finish(timeout_s=60)
    assert not own_service.socket.exists() and not events_path_for(articles).exists()


def test_no_service_the_worker_follows_the_crawl(sample_site: str, tmp_path: Path) -> None:
    stale = tmp_path / "stale.sock"  # a socket file nothing listens on, as a killed service leaves
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(stale))
    for socket_path in (tmp_path / "none.sock", stale):
        settings = load_settings(data_dir=tmp_path / socket_path.stem, extract_socket=socket_path)
        stats, events, via = _crawl(settings, sample_site)
        assert via == "worker" and events is not None
        expected = tmp_path / f"{socket_path.stem}.expected.jsonl"
        extract_file(Path(stats.output or ""), expected, "events")
        assert events.read_bytes() == expected.read_bytes()



def test_cli_status_and_a_second_service_on_the_same_socket(service: Service, tmp_path: Path) -> None:
    env = {**os.environ, "EVENTLINE_EXTRACT_SOCKET": str(service.socket), "EVENTLINE_DATA_DIR": str(tmp_path)}
    env.pop("EVENTLINE_EXTRACT_SERVICE_KEY", None)
    cli = [sys.executable, "-m", "eventline.cli", "extract-service"]
    status = subprocess.run([*cli, "--status"], env=env, capture_output=True, text=True, check=False)
    assert status.returncode == 0 and json.loads(status.stdout)["pid"] == service.proc.pid, status.stderr
    second = subprocess.run(cli, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert second.returncode == 1 and f"an extraction service already listens on {service.socket}" in second.stderr
    assert service_status(service.settings(tmp_path)) is not None  # the first one serves on
    env["EVENTLINE_EXTRACT_SOCKET"] = str(tmp_path / "none.sock")
    none = subprocess.run([*cli, "--status"], env=env, capture_output=True, text=True, check=False)
    assert none.returncode == 1 and "no extraction service answers at" in none.stderr
