"""API load: 50 concurrent clients for a fixed time against `/events` and `/stats`, per store.

    python bench/load.py                          # 100 000 events; sqlite and a three-node ES cluster, 60 s each
    python bench/load.py --n 20000 --seconds 20 --clients 10 --backend sqlite
    python bench/load.py --es-url http://127.0.0.1:9200   # an Elasticsearch already running instead

Each store is loaded with `bench/store.py`'s synthetic events (same seed, same shapes) and
served by `eventline serve` in a process of its own (one uvicorn worker, as deployed). The
clients are asyncio tasks on keep-alive connections, each asking the seeded analyst questions of
`bench/api.py` in turn, half `/events`, half `/stats`, without think time, until the time is
up. Printed per store and endpoint: requests, throughput, p50 / p95 / p99 latency and errors
(non-200 answers and failed connections). Elasticsearch is a three-node cluster on loopback
(`scripts/es_node.py`, stopped afterwards) unless `--es-url` names one. Figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from time import perf_counter
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import api as api_bench  # noqa: E402  (the request mix)
from bench import store as store_bench  # noqa: E402  (the synthetic-event generator)
from store.base import Store  # noqa: E402


def load_store(name: str, workdir: Path, es_url: str | None, events: list) -> tuple[dict[str, str], Store]:
    """Fill a store with `events`; returns the environment that makes `eventline serve` open it, and the store."""
    if name == "sqlite":
        from store.sqlite import SQLiteStore

        path = workdir / "load.sqlite3"
        store: Store = SQLiteStore(path)
        env = {"EVENTLINE_STORE": "sqlite", "EVENTLINE_SQLITE_PATH": str(path)}
    else:
        from store.elasticsearch import ElasticsearchStore

        prefix = f"eventline-load-{os.getpid()}"
        store = ElasticsearchStore(es_url or "", index_prefix=prefix, spool_dir=workdir / "spool")
        env = {"EVENTLINE_STORE": "elasticsearch", "EVENTLINE_ES_URL": es_url or "",
               "EVENTLINE_ES_INDEX_PREFIX": prefix}
    started = perf_counter()
    result = store.upsert_events(events)
    print(f"{name}: {result.created} events loaded in {perf_counter() - started:.0f}s "
          f"({result.failed} failed, {result.spooled} spooled)", flush=True)
    if name == "elasticsearch":
        print_shard_figures(store)
    return env, store


def print_shard_figures(store: Any) -> None:
    """Primary bytes per event once merged (what sizes shards), and how the events spread over year indices."""
    alias = store.alias("events")
    store.client.indices.forcemerge(index=alias, max_num_segments=1, wait_for_completion=True)
    stats = store.client.indices.stats(index=alias, metric="store,docs").body
    primaries = stats["_all"]["primaries"]
    per_event = primaries["store"]["size_in_bytes"] / max(1, primaries["docs"]["count"])
    layout = {name: data["primaries"]["docs"]["count"] for name, data in sorted(stats["indices"].items())}
    print(f"elasticsearch: {per_event:.0f} primary bytes per event after force-merge; "
          f"{len(layout)} event indices: {layout}", flush=True)


def start_server(env: dict[str, str], workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = api_bench._free_port()
    log = (workdir / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventline.cli", "serve", "--port", str(port)], cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT), "EVENTLINE_DATA_DIR": str(workdir),
                                       **env},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"eventline serve exited: {(workdir / 'serve.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/events", params={"limit": 1}, timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("eventline serve did not answer within 60 s")


async def drive(base: str, clients: int, seconds: float, seed: int) -> dict[str, dict[str, list[float] | int]]:
    """`clients` tasks asking in turn until `seconds` have passed: latencies (ms) and errors per endpoint."""
    rng = random.Random(seed)
    questions = {"/events": api_bench.events_requests(rng, 2000), "/stats": api_bench.stats_requests(rng, 2000)}
    figures: dict[str, dict[str, list[float] | int]] = {p: {"ms": [], "errors": 0} for p in questions}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(number: int, http: httpx.AsyncClient) -> None:
        step = number
        while time.monotonic() < deadline:
            path = "/events" if step % 2 == 0 else "/stats"
            _kind, params = questions[path][step % len(questions[path])]
            step += clients
            started = perf_counter()
            try:
                answer = await http.get(path, params=params)
                ok = answer.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                figures[path]["ms"].append((perf_counter() - started) * 1000)  # type: ignore[union-attr]
            else:
                figures[path]["errors"] += 1  # type: ignore[operator]

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        await asyncio.gather(*(client_loop(n, http) for n in range(clients)))
    return figures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))] if ordered else float("nan")


def run(name: str, events: list, args: argparse.Namespace, es_url: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="eventline-bench-load-") as tmp:
        workdir = Path(tmp)
        env, store = load_store(name, workdir, es_url, events)
        proc, base = start_server(env, workdir)
        try:
            figures = asyncio.run(drive(base, args.clients, args.seconds, args.seed))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            drop = getattr(store, "drop", None)
            if callable(drop):
                drop()
            store.close()
    row: dict[str, float] = {"events": float(len(events)), "clients": float(args.clients)}
    for path, data in figures.items():
        ms = data["ms"]
        assert isinstance(ms, list)
        row[f"{path} requests"] = float(len(ms))
        row[f"{path} req/s"] = len(ms) / args.seconds
        row[f"{path} p50 (ms)"] = percentile(ms, 0.50)
        row[f"{path} p95 (ms)"] = percentile(ms, 0.95)
        row[f"{path} p99 (ms)"] = percentile(ms, 0.99)
        row[f"{path} errors"] = float(data["errors"])  # type: ignore[arg-type]
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events to load (default 100000)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients ask (default 60)")
    parser.add_argument("--backend", choices=["sqlite", "elasticsearch", "both"], default="both")
    parser.add_argument("--es-url", help="an Elasticsearch to use (default: start a three-node cluster)")
    parser.add_argument("--seed", type=int, default=20200722)
    args = parser.parse_args(argv)
    names = ["sqlite", "elasticsearch"] if args.backend == "both" else [args.backend]
    events = store_bench.synthetic_events(random.Random(args.seed), args.n)
    print(f"{args.n} synthetic events; {args.clients} clients for {args.seconds:.0f}s per store", flush=True)
    cluster = None
    es_url = args.es_url
    if "elasticsearch" in names and not es_url:
        import importlib.util

        spec = importlib.util.spec_from_file_location("eventline_es_node", ROOT / "scripts" / "es_node.py")
        assert spec and spec.loader
        es_node = importlib.util.module_from_spec(spec)
        sys.modules["eventline_es_node"] = es_node
        spec.loader.exec_module(es_node)
        print("starting a three-node Elasticsearch cluster (scripts/es_node.py) …", flush=True)
        cluster = es_node.start_cluster(nodes=3)
        es_url = cluster.url
    try:
        results = {name: run(name, events, args, es_url) for name in names}
    finally:
        if cluster is not None:
            cluster.stop()
    store_bench.print_table(results, names)


if __name__ == "__main__":
    main()
