"""API benchmark: p50 / p95 latency of `GET /events` (with filters) and `GET /stats`, per store, side by side.

    python bench/api.py     # 100 000 synthetic events; sqlite (+ elasticsearch when EVENTLINE_ES_URL answers)
    python bench/api.py --n 20000 --requests 100 --backend sqlite

The events come from `bench/store.py`'s generator (same seed, same shapes). Each backend is
loaded, served by uvicorn on 127.0.0.1 in a thread, and asked a seeded mix of analyst
questions over keep-alive HTTP, so a latency includes routing, validation, the store query and
JSON encoding. Goals: p95 ≤ 100 ms on SQLite, ≤ 50 ms on Elasticsearch. Figures are printed,
not asserted.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from time import perf_counter

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from bench import store as store_bench  # noqa: E402  (the synthetic-event generator, reused)
from schemas import Event, EventType  # noqa: E402
from store.base import Store  # noqa: E402

GOALS_MS = {"sqlite": 100.0, "elasticsearch": 50.0}
Params = list[tuple[str, str]]


def events_requests(rng: random.Random, count: int) -> list[tuple[str, Params]]:
    """(kind, query params) for /events: the questions of the issue, drawn at random."""
    sb = store_bench
    provinces = list(sb.CITIES)
    types = [t.value for t in EventType]

    def kind_params(kind: str) -> Params:
        if kind == "type+province+since":
            year = rng.randrange(2019, 2023)
            return [("type", rng.choice(types)), ("province", rng.choice(provinces)), ("from", f"{year}-01-01")]
        if kind == "org+type":
            return [("org", rng.choice(sb.COMPANIES)[:2]), ("type", "signing")]
        if kind == "city+types":
            province = rng.choice(provinces)
            return [("city", rng.choice(sb.CITIES[province])), *[("type", t) for t in rng.sample(types, 2)]]
        if kind == "text":
            return [("q", rng.choice(sb.TEXT_QUERIES))]
        if kind == "one year":
            year = rng.randrange(2019, 2024)
            return [("from", f"{year}-01-01"), ("to", f"{year}-12-31")]
        if kind == "page 3":
            return [("province", rng.choice(provinces)), ("offset", "100")]
        return []

    kinds = ["type+province+since", "org+type", "city+types", "text", "one year", "page 3", "unfiltered"]
    picks = [rng.choice(kinds) for _ in range(count)]
    return [(kind, [*kind_params(kind), ("limit", "50")]) for kind in picks]


def stats_requests(rng: random.Random, count: int) -> list[tuple[str, Params]]:
    """(kind, query params) for /stats: the page's chart, counts per province, per city per month."""
    provinces = list(store_bench.CITIES)

    def kind_params(kind: str) -> Params:
        if kind == "month×type (chart)":
            return [("by", "month"), ("by", "type")]
        if kind == "month×type, province":
            return [("by", "month"), ("by", "type"), ("province", rng.choice(provinces))]
        if kind == "province×month, policy":
            return [("by", "province"), ("by", "month"), ("type", "policy_release")]
        return [("by", "city"), ("from", f"{rng.randrange(2019, 2024)}-01-01")]

    kinds = ["month×type (chart)", "month×type, province", "province×month, policy", "city since"]
    return [(kind, kind_params(kind)) for kind in (rng.choice(kinds) for _ in range(count))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(factory: Callable[[], Store]) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(factory), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _timed(client: httpx.Client, path: str, requests: list[tuple[str, Params]]) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {}
    for kind, params in requests:
        started = perf_counter()
        response = client.get(path, params=params)
        elapsed = (perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} {params} answered {response.status_code}: {response.text[:300]}")
        latencies.setdefault(kind, []).append(elapsed)
    return latencies


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def run(name: str, events: list[Event], n_requests: int, seed: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="eventline-bench-api-") as workdir:
        opener = store_bench.BACKENDS[name]
        loader = opener(Path(workdir))
        started = perf_counter()
        result = loader.upsert_events(events)
        load_s = perf_counter() - started
        refresh = getattr(loader, "refresh", None)
        if callable(refresh):
            refresh()
        stored = loader.count_events()
        rng = random.Random(seed)
        ev_requests = events_requests(rng, n_requests)
        st_requests = stats_requests(rng, n_requests)
        try:
            with serve(lambda: opener(Path(workdir))) as base, httpx.Client(base_url=base, timeout=60) as client:
                _timed(client, "/events", ev_requests[:20])  # warm caches and connections
                _timed(client, "/stats", st_requests[:10])
                ev = _timed(client, "/events", ev_requests)
                st = _timed(client, "/stats", st_requests)
        finally:
            drop = getattr(loader, "drop", None)
            if name == "elasticsearch" and callable(drop):
                drop()
            loader.close()
    every_ev = [ms for values in ev.values() for ms in values]
    every_st = [ms for values in st.values() for ms in values]
    figures: dict[str, float] = {
        "events stored": float(stored),
        "load (events/s)": len(events) / load_s,
        "failed upserts": float(result.failed),
        "/events p50 (ms)": statistics.median(every_ev),
        "/events p95 (ms)": _p95(every_ev),
        "/stats p50 (ms)": statistics.median(every_st),
        "/stats p95 (ms)": _p95(every_st),
        "goal p95 (ms)": GOALS_MS[name],
    }
    figures.update({f"  /events p95 {k} (ms)": _p95(v) for k, v in sorted(ev.items())})
    figures.update({f"  /stats p95 {k} (ms)": _p95(v) for k, v in sorted(st.items())})
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events to load (default 100000)")
    parser.add_argument("--backend", choices=["sqlite", "elasticsearch", "both"], help="default: both if ES answers")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint (default 300)")
    parser.add_argument("--seed", type=int, default=20200722)
    args = parser.parse_args(argv)

    backend = args.backend
    if backend is None:
        backend = "both" if store_bench.es_reachable() else "sqlite"
        if backend == "sqlite":
            print("EVENTLINE_ES_URL is not set or does not answer: benchmarking sqlite only")
    names = ["sqlite", "elasticsearch"] if backend == "both" else [backend]

    started = perf_counter()
    events = store_bench.synthetic_events(random.Random(args.seed), args.n)
    print(f"{args.n} synthetic events generated in {perf_counter() - started:.1f}s (bench/store.py generator); "
          f"{args.requests} timed requests per endpoint")
    results = {name: run(name, events, args.requests, args.seed) for name in names}
    store_bench.print_table(results, names)
    for name in names:
        p95 = max(results[name]["/events p95 (ms)"], results[name]["/stats p95 (ms)"])
        verdict = "meets" if p95 <= GOALS_MS[name] else "MISSES"
        print(f"{name}: worst p95 {p95:.1f} ms {verdict} the {GOALS_MS[name]:.0f} ms goal")


if __name__ == "__main__":
    main()
