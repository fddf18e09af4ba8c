"""Crawl benchmark: pages/s for crawl (+ event extraction) on a generated local site, and the bytes
a re-crawl of the unchanged site downloads.

Generates ≥ 500 article pages (plus list pages, 20 links each) in a temp dir, serves them from
127.0.0.1 with ETag / Last-Modified (sample_site.server), crawls them with the real generic spider
in a subprocess (`eventline.crawling.run_crawl`, politeness delays off, 16 concurrent requests).

Issue 17's figure: crawl + extraction pages/s ÷ crawl alone pages/s (goal ≥ 0.75). Each run crawls
the site twice into fresh data dirs, one after the other so both see the same machine load:
alone, then with `eventline.following.crawl_and_extract` (a warm worker process extracting the
articles while the crawl writes them; the time runs until the merged events are written). The
load average is printed with each. For comparison, the old way: `nlp.extract_events` after the
crawl in the bench's process, JVM start included.

`--service` starts the extraction service (`eventline extract-service`, `eventline.extract_service`)
before the runs and adds a third crawl to each run, followed by that warm service: the ratio is
printed for both the per-crawl cold worker and the warm service. The service's start-up is paid
once per service, not per crawl, so it is left out of the ratio and printed on its own line.
`--service-nice 0,10` starts one service per niceness and follows a crawl by each in every run.

    python bench/crawl.py [--pages 520] [--runs 3] [--crawl-only] [--service [--service-nice 0,10]]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from eventline.config import Settings, load_settings  # noqa: E402
from eventline.crawling import run_crawl  # noqa: E402
from eventline.extract_protocol import service_status  # noqa: E402
from eventline.following import crawl_and_extract  # noqa: E402
from sample_site.server import serve  # noqa: E402

CITIES = ["武汉市", "襄阳市", "宜昌市", "黄石市", "十堰市", "荆州市"]
ORGS = ["江城链科信息技术有限公司", "楚天汽车集团有限公司", "光谷数据研究院", "湖北省数据局"]


def generate(site: Path, pages: int, per_list: int = 20) -> None:
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for i in range(pages):
        city, org = CITIES[i % len(CITIES)], ORGS[i % len(ORGS)]
        day = 1 + i % 28
        paras = "".join(
            f"<p>{city}{day}日讯 {org}与合作方在{city}签署第{i}号战略合作协议，双方将共建区块链与数据要素联合实验室，"
            f"项目总投资{i % 90 + 10}亿元。据介绍，该项目第{k}期将于明年建成投用。</p>"
            for k in range(6)
        )
        html = (
            f"<html><head><meta charset='utf-8'><title>新闻{i}</title></head><body><div class='nav'>首页 导航</div>"
            f"<h1 class='t'>{org}在{city}签约第{i}号项目</h1><span class='d'>2026-10-{day:02d} 09:{i % 60:02d}</span>"
            f"<div class='body'>{paras}</div><div class='footer'>版权所有</div></body></html>"
        )
        (site / "news" / f"{i}.html").write_text(html, encoding="utf-8")
    lists = (pages + per_list - 1) // per_list
    for n in range(lists):
        links = "".join(
            f'<li><a href="/news/{i}.html">新闻{i}</a></li>'
            for i in range(n * per_list, min(pages, (n + 1) * per_list))
        )
        nxt = f'<a href="/list_{n + 1}.html">下一页</a>' if n + 1 < lists else ""
        (site / f"list_{n}.html").write_text(f"<html><body><ul>{links}</ul>{nxt}</body></html>", encoding="utf-8")


def cpu_seconds() -> tuple[float, float]:
    """(CPU of the bench's finished children: crawls and workers, CPU of the bench itself: its HTTP server)."""
    kids, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return kids.ru_utime + kids.ru_stime, own.ru_utime + own.ru_stime


@contextlib.contextmanager
def extraction_service(socket: Path, log: Path, nice: int | None) -> Iterator[tuple[float, float]]:
    """The real service in a subprocess on `socket`, stopped by SIGTERM at the end; yields (wall seconds
    from its start to its socket answering, the warm-up it reports)."""
    env = {**os.environ, "EVENTLINE_EXTRACT_SOCKET": str(socket), "EVENTLINE_DATA_DIR": str(socket.parent),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    settings = load_settings(extract_socket=socket, data_dir=socket.parent)
    t0 = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        niceness = [] if nice is None else ["--nice", str(nice)]
        proc = subprocess.Popen([sys.executable, "-m", "eventline.cli", "extract-service", *niceness], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        while (status := service_status(settings, timeout_s=5)) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > 300:
                raise SystemExit(f"the extraction service did not start: see {log}")
            time.sleep(0.05)
        yield time.perf_counter() - t0, status["startup_s"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=520)
    parser.add_argument("--runs", type=int, default=3, help="crawl alone / crawl + extraction pairs")
    parser.add_argument("--crawl-only", action="store_true", help="no extraction (nlp not installed)")
    parser.add_argument("--no-sequential", action="store_true", help="skip the extraction-after-the-crawl figure")
    parser.add_argument("--service", action="store_true",
                        help="also crawl with extraction by a warm extraction service started before the runs")
    parser.add_argument("--service-nice", default="",
                        help="comma-separated --nice values, one service each (default: the command's own default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        generate(tmp / "site", args.pages)
        sources = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
        sources["sources"].append(
            {
                "key": "bench",
                "name": "基准站",
                "kind": "html_list",
                "start_urls": ["${BENCH_SITE}/list_0.html"],
                "allowed_domains": ["${BENCH_SITE}"],
                "article_url_pattern": r"/news/\d+\.html$",
                "list_url_pattern": r"/list_\d+\.html$",
                "selectors": {"title": "h1.t", "date": "span.d", "body": "div.body"},
                "politeness": {"delay_s": 0, "concurrency": 16},
                "enabled": False,
            }
        )
        (tmp / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
        def fresh(name: str, socket: Path = tmp / "no-service.sock") -> Settings:
            """A crawl of its own: no state, every article new; extraction by the service on `socket`
            when one answers there, else by a worker of the crawl's own."""
            return Settings(data_dir=tmp / name, sources_file=tmp / "sources.yaml", sqlite_path=tmp / f"{name}.sqlite3",
                            extract_socket=socket)

        nices: list[int | None] = [int(n) for n in args.service_nice.split(",") if n.strip()] or [None]
        services = {f"service{'' if n is None else f' nice {n}'}": (tmp / f"extract{n or ''}.sock", n) for n in nices} \
            if args.service and not args.crawl_only else {}
        with contextlib.ExitStack() as stack:
            (_, base) = stack.enter_context(serve(tmp / "site"))
            service_start = {key: stack.enter_context(extraction_service(sock, sock.with_suffix(".log"), nice))
                             for key, (sock, nice) in services.items()}
            extra = {
                "BENCH_SITE": base,
                "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0,
                "CONCURRENT_REQUESTS": 16,
                "LOG_LEVEL": "WARNING",
                **json.loads(os.environ.get("BENCH_EXTRA", "{}")),
            }
            alone: list[tuple[float, int, float]] = []  # (seconds, pages, load) per run
            followed: list[tuple[float, int, int, float, float]] = []  # (seconds, pages, events, load, tail)
            served: dict[str, list[tuple[float, int, int, float, float]]] = {key: [] for key in services}  # the same
            cpu: dict[str, list[tuple[float, float, float]]] = {key: [] for key in ["alone", "worker", *services]}
            first = second = None
            recrawl_s = 0.0

            def measured(kind: str, service_cpu: float = 0.0) -> None:
                """CPU seconds of the crawl just timed: (children, the bench's server, the service)."""
                kids, own = cpu_seconds()
                cpu[kind].append((kids - before[0], own - before[1], service_cpu))

            for run in range(args.runs):  # interleaved: both see the same machine load
                settings = fresh(f"alone{run}")
                load = os.getloadavg()[0]
                before = cpu_seconds()
                t0 = time.perf_counter()
                stats = run_crawl("bench", settings, extra=extra)
                alone.append((time.perf_counter() - t0, stats.pages_fetched, load))
                measured("alone")
                if first is None:
                    first = stats
                    t1 = time.perf_counter()
                    second = run_crawl("bench", settings, extra=extra)
                    recrawl_s = time.perf_counter() - t1
                if args.crawl_only:
                    continue
                load = os.getloadavg()[0]
                before = cpu_seconds()
                t0 = time.perf_counter()
                stats, report = crawl_and_extract("bench", fresh(f"followed{run}"), extra=extra)
                if report is None or report.via != "worker":
                    raise SystemExit(f"the extraction worker failed: see {tmp}/followed{run}/logs")
                followed.append((time.perf_counter() - t0, stats.pages_fetched, report.events, load, report.tail_s))
                measured("worker")
                for number, (key, (sock, _)) in enumerate(services.items()):
                    load = os.getloadavg()[0]
                    service_before = (service_status(fresh("served", sock)) or {}).get("cpu_s", 0.0)
                    before = cpu_seconds()
                    t0 = time.perf_counter()
                    stats, report = crawl_and_extract("bench", fresh(f"served{run}-{number}", sock), extra=extra)
                    if report is None or report.via != "service":
                        raise SystemExit(f"the extraction service failed: see {sock.with_suffix('.log')}")
                    served[key].append((time.perf_counter() - t0, stats.pages_fetched, report.events, load,
                                        report.tail_s))
                    service_after = (service_status(fresh("served", sock)) or {}).get("cpu_s", 0.0)
                    measured(key, service_after - service_before)
        assert first is not None and second is not None
        lines = Path(first.output or "").read_text(encoding="utf-8").splitlines()
        print(f"site: {args.pages} article pages + list pages, served from 127.0.0.1; {len(lines)} articles")
        engine_s = (
            (first.finished_at - first.started_at).total_seconds() if first.started_at and first.finished_at else 0
        )
        print(f"inside Scrapy (first crawl) {engine_s:.2f}s → {first.pages_fetched / max(engine_s, 1e-9):.0f} pages/s")
        for key, (wall_s, warm_s) in service_start.items():
            print(f"extraction {key} start-up: {wall_s:.2f}s wall from its start to its socket answering"
                  f" ({warm_s:.2f}s of it JVM, HanLP and rules warming up); paid once per service, not per crawl,"
                  " so it is excluded from the service's ratio")
        kinds = [("per-crawl cold worker following the crawl, its start-up included", followed, "worker"),
                 *((f"warm extraction {key} following the crawl", served[key], key) for key in services)]

        def cpu_text(kind: str, run: int) -> str:
            kids, own, service = cpu[kind][run]
            what = "crawl + worker" if kind == "worker" else "crawl"
            text = f"CPU {kids:.2f}s {what} subprocesses, {own:.2f}s the bench's HTTP server"
            return text + (f", {service:.2f}s the service" if kind in services else "")

        for run, (crawl_s, pages, load) in enumerate(alone):
            print(f"run {run}: crawl alone {pages} pages in {crawl_s:.2f}s wall (load {load:.1f};"
                  f" {cpu_text('alone', run)}) → {pages / crawl_s:.0f} pages/s")
            for kind, results, key in kinds:
                if run < len(results):
                    both_s, both_pages, events, load2, tail_s = results[run]
                    ratio = (both_pages / both_s) / (pages / crawl_s)
                    print(f"  crawl + extraction ({kind}) {both_pages} pages, {events} events in {both_s:.2f}s"
                          f" (load {load2:.1f}; events written {tail_s:.2f}s after the crawl; {cpu_text(key, run)})"
                          f" → {both_pages / both_s:.0f} pages/s; RATIO {ratio:.2f}")
        for kind, results, _ in kinds:
            if results:
                ratios = [(f[1] / f[0]) / (a[1] / a[0]) for a, f in zip(alone, results, strict=False)]
                print(f"RATIO crawl + extraction ÷ crawl alone, {kind}: median {statistics.median(ratios):.2f}"
                      f" over {len(ratios)} runs ({', '.join(f'{r:.2f}' for r in ratios)}; goal ≥ 0.75)")
        if not args.crawl_only and not args.no_sequential:
            # the old way, for comparison: extraction after the crawl, starting the JVM then
            from nlp import extract_events
            from schemas import Article

            articles = [Article.model_validate(json.loads(line)) for line in lines]
            load = os.getloadavg()[0]
            t2 = time.perf_counter()
            events = len(extract_events(articles))
            extract_s = time.perf_counter() - t2
            crawl_s, pages, _ = alone[0]
            print(f"for comparison, extraction after the crawl in the same process (cold JVM): {events} events in"
                  f" {extract_s:.2f}s (load {load:.1f}) → crawl + extraction"
                  f" {pages / (crawl_s + extract_s):.0f} pages/s, ratio {crawl_s / (crawl_s + extract_s):.2f}")
        print(
            f"re-crawl of the unchanged site: {second.pages_fetched} responses ({second.not_modified} not modified),"
            f" {second.bytes_downloaded} bytes (first crawl {first.bytes_downloaded} bytes), "
            f"{second.articles_new + second.articles_updated} articles emitted, {recrawl_s:.2f}s"
        )


if __name__ == "__main__":
    main()
