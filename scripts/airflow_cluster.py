"""Airflow distributed on one machine: PostgreSQL, Redis, api-server, scheduler, dag-processor, two Celery workers.

What `make cluster` runs, all on 127.0.0.1 with free ports, every file under one directory
(default ``var/airflow-cluster``):

* **PostgreSQL** (Debian's package, ``/usr/lib/postgresql/*/bin``): a private cluster made with
  ``initdb`` (trust on loopback), run as the ``postgres`` system user when started as root:
  Airflow's metadata database and Celery's result backend;
* **Redis** (Debian's ``redis-server``), no persistence: Celery's broker;
* the **sample site** (``sample_site.server``) as the crawled outlet, and a sources file holding
  only its entries (``EVENTLINE_AIRFLOW_SOURCES=all`` keeps the whole ``sources.yaml``);
* ``airflow db migrate``, one pool of one slot per crawled domain (``crawl_<domain>``,
  ``EVENTLINE_CRAWL_POOLS=domain``: two crawls of one domain never overlap);
* the **api-server**, **scheduler**, **dag-processor**, and two **Celery workers**: ``crawl``
  (queue ``crawl``) and ``extract`` (queues ``extract`` and ``default``: extraction, publishing,
  digests).

Each runs in its own process group with its log in ``<dir>/logs/``; `AirflowCluster.stop` ends
them in reverse order (SIGTERM, SIGKILL after a grace period). The api-server lets every caller
in as admin (``simple_auth_manager_all_admins``): it listens on loopback only.

CLI::

    python scripts/airflow_cluster.py run     # start, print the URLs, stop everything on Ctrl-C
    python scripts/airflow_cluster.py start   # start and leave it running
    python scripts/airflow_cluster.py status
    python scripts/airflow_cluster.py stop

The `cluster` tests use `start_cluster` / `AirflowCluster.stop` the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from es_node import SavedState, _as_user, _is_root, _terminate_group, free_port

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "var" / "airflow-cluster"
DB_USER = "postgres"  # Debian's postgresql package creates it; PostgreSQL refuses to run as root
WORKERS = {"crawl": "crawl", "extract": "extract,default"}  # worker name → queues it serves
START_TIMEOUT_S = 300.0


class ClusterError(RuntimeError):
    """A component could not be set up or did not come up; the message names it and carries its log tail."""


def postgres_bin() -> Path:
    """The newest PostgreSQL server binaries Debian installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise ClusterError("PostgreSQL is not installed: run scripts/install_system_deps.sh (Debian's postgresql)")
    return found[-1].parent


def airflow_bin() -> str:
    return str(Path(sys.executable).with_name("airflow"))


@dataclass
class AirflowCluster(SavedState):
    """The running components: ports, process ids, where the files are."""

    base_dir: str
    pg_port: int
    redis_port: int
    api_port: int
    site_port: int
    jwt_secret: str
    pids: dict[str, int] = field(default_factory=dict)
    owned_dir: bool = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.site_port}"

    @property
    def data_dir(self) -> Path:
        """EVENTLINE_DATA_DIR of the workers: the store (SQLite by default), crawl output, digests."""
        return Path(self.base_dir) / "data"

    @property
    def logs_dir(self) -> Path:
        return Path(self.base_dir) / "logs"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment every Airflow component (and the tasks they run) sees."""
        db = f"postgresql+psycopg2://airflow@127.0.0.1:{self.pg_port}/airflow"
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}  # e.g. a test session's own
        env.update({
            "AIRFLOW_HOME": str(Path(self.base_dir) / "airflow"),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db,
            "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg2://airflow@127.0.0.1:{self.pg_port}/airflow",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": "default",
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Shanghai",
            "AIRFLOW__CORE__PARALLELISM": "8",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API__SECRET_KEY": self.jwt_secret,
            "AIRFLOW__API_AUTH__JWT_SECRET": self.jwt_secret,
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "EVENTLINE_CRAWL_POOLS": "domain",
            "EVENTLINE_DATA_DIR": str(self.data_dir),
            "EVENTLINE_SOURCES": env.get("EVENTLINE_SOURCES") or str(Path(self.base_dir) / "sources.yaml"),
            "SAMPLE_SITE": self.site_url,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        })
        env.update(extra or {})
        return env

    # ------------------------------------------------------------------ processes

    def spawn(self, name: str, cmd: list[str], *, env: dict[str, str] | None = None) -> None:
        """Start `cmd` in its own process group, output to logs/<name>.log; its pid is recorded."""
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        with (self.logs_dir / f"{name}.log").open("ab") as log:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env or self.env(), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self.pids[name] = proc.pid
        self.save()

    def run(self, name: str, cmd: list[str], *, timeout_s: float = START_TIMEOUT_S) -> str:
        """Run a one-off command (e.g. `airflow db migrate`) to completion; ClusterError with its output if it fails."""
        proc = subprocess.run(cmd, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout_s,
                              check=False)
        if proc.returncode != 0:
            raise ClusterError(f"{name} failed (exit {proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
        return proc.stdout

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.logs_dir / f"{name}.log"
        text = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
        return f"--- {path} ---\n" + "\n".join(text)

    def alive(self, name: str) -> bool:
        """Whether component `name` still runs (an exited child of this process is reaped, not left a zombie)."""
        pid = self.pids.get(name)
        if pid is None:
            return False
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def wait_for(self, name: str, check: Callable[[], bool], timeout_s: float = START_TIMEOUT_S) -> None:
        """Poll `check()` until true; ClusterError with the log tail when a component exits or time runs out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            dead = [other for other in self.pids if not self.alive(other)]
            if dead:
                raise ClusterError(f"{dead[0]} exited while {name} was starting:\n{self.log_tail(dead[0])}")
            if check():
                return
            time.sleep(0.5)
        raise ClusterError(f"{name} not ready after {timeout_s:.0f}s:\n{self.log_tail(name)}")

    def stop(self) -> None:
        """Stop every component, newest first; deletes the directory when the cluster owns it."""
        for name in reversed(list(self.pids)):
            _terminate_group(self.pids[name], grace_s=30)
        self.pids.clear()
        if self.state_file.exists():
            self.state_file.unlink()
        if self.owned_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    # ------------------------------------------------------------------ health

    def health(self) -> dict[str, object] | None:
        """The api-server's /api/v2/monitor/health answer, or None when it does not answer."""
        try:
            with urllib.request.urlopen(f"{self.api_url}/api/v2/monitor/health", timeout=5) as resp:
                return json.loads(resp.read())
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def healthy(self) -> bool:
        health = self.health() or {}
        parts = ("metadatabase", "scheduler", "dag_processor")
        return all((health.get(p) or {}).get("status") == "healthy" for p in parts)  # type: ignore[union-attr]

    def worker_ready(self, name: str) -> bool:
        path = self.logs_dir / f"worker-{name}.log"
        return path.exists() and " ready." in path.read_text(errors="replace")


def _port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _redis_pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _db_user() -> tuple[list[str], int, int] | None:
    """(command prefix, uid, gid) that runs PostgreSQL as `postgres` under root; None when not root."""
    if not _is_root():
        return None
    try:
        entry = pwd.getpwnam(DB_USER)
    except KeyError:
        raise ClusterError(f"no system user {DB_USER!r}: install Debian's postgresql package") from None
    return _as_user(entry.pw_uid, entry.pw_gid), entry.pw_uid, entry.pw_gid


def start_postgres(cluster: AirflowCluster) -> None:
    """initdb (first time) and start a private PostgreSQL on loopback; create the `airflow` database."""
    binaries, pgdata = postgres_bin(), Path(cluster.base_dir) / "pg"
    sockets = Path(cluster.base_dir) / "pg-socket"
    as_db = _db_user()
    prefix = as_db[0] if as_db else []
    for path in (pgdata, sockets):
        path.mkdir(exist_ok=True)
        if as_db:
            os.chown(path, as_db[1], as_db[2])
    if not (pgdata / "PG_VERSION").exists():
        cluster.run("initdb", [*prefix, str(binaries / "initdb"), "-D", str(pgdata), "-U", "airflow",
                               "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
    cluster.spawn("postgres", [*prefix, str(binaries / "postgres"), "-D", str(pgdata), "-p", str(cluster.pg_port),
                               "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={sockets}"])
    cluster.wait_for("postgres", lambda: _port_answers(cluster.pg_port), timeout_s=60)
    ready = [str(binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(cluster.pg_port), "-U", "airflow"]
    cluster.wait_for("postgres", lambda: subprocess.run(ready, capture_output=True, check=False).returncode == 0)
    exists = subprocess.run([str(binaries / "psql"), "-h", "127.0.0.1", "-p", str(cluster.pg_port), "-U", "airflow",
                             "-d", "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'airflow'"],
                            capture_output=True, text=True, check=False)
    if exists.stdout.strip() != "1":
        cluster.run("createdb", [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.pg_port),
                                 "-U", "airflow", "airflow"])


def start_redis(cluster: AirflowCluster) -> None:
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(server).exists():
        raise ClusterError("redis-server is not installed: run scripts/install_system_deps.sh (Debian's redis-server)")
    redis_dir = Path(cluster.base_dir) / "redis"
    redis_dir.mkdir(exist_ok=True)
    cluster.spawn("redis", [server, "--bind", "127.0.0.1", "--port", str(cluster.redis_port), "--save", "",
                            "--appendonly", "no", "--dir", str(redis_dir), "--daemonize", "no"])
    cluster.wait_for("redis", lambda: _redis_pong(cluster.redis_port), timeout_s=60)


def write_sources(cluster: AirflowCluster) -> None:
    """The sources file of the cluster: the sample site's entries only, unless EVENTLINE_AIRFLOW_SOURCES=all."""
    import yaml

    target = Path(cluster.env()["EVENTLINE_SOURCES"])
    if os.environ.get("EVENTLINE_AIRFLOW_SOURCES") == "all":
        shutil.copy(ROOT / "sources.yaml", target)
        return
    if os.environ.get("EVENTLINE_SOURCES"):
        return  # the caller's own file
    data = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    entries = data["sources"] if isinstance(data, dict) else data
    keep = [e for e in entries if e["key"].startswith("sample_")]
    target.write_text("# generated by scripts/airflow_cluster.py: the sample-site sources only\n"
                      + yaml.safe_dump({"sources": keep}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def create_pools(cluster: AirflowCluster) -> list[str]:
    """One pool of one slot per crawled domain (names from `eventline.sources.crawl_pool`, as the DAGs use)."""
    names = cluster.run("crawl pools", [sys.executable, "-c", (
        "from eventline.sources import crawl_pool, enabled_sources\n"
        "print('\\n'.join(sorted({p for p in map(crawl_pool, enabled_sources()) if p})))"
    )]).split()
    pools = {name: {"slots": 1, "description": "one crawl at a time per domain", "include_deferred": False}
             for name in names}
    path = Path(cluster.base_dir) / "pools.json"
    path.write_text(json.dumps(pools, indent=2))
    if pools:
        cluster.run("airflow pools import", [airflow_bin(), "pools", "import", str(path)])
    return names


def start_cluster(base_dir: Path | None = None, *, timeout_s: float = START_TIMEOUT_S) -> AirflowCluster:
    """Start every component (see the module docstring); return once the api-server reports all healthy."""
    owned = base_dir is None
    base = Path(tempfile.mkdtemp(prefix="eventline-airflow-cluster-")) if base_dir is None else base_dir
    base = base.resolve()
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)  # the postgres user reaches its data directory inside
    previous = AirflowCluster.load(base)
    if previous is not None:
        previous.stop()  # a cluster left running from before: start afresh
    cluster = AirflowCluster(base_dir=str(base), pg_port=free_port(), redis_port=free_port(), api_port=free_port(),
                             site_port=free_port(), jwt_secret=secrets.token_hex(32), owned_dir=owned)
    cluster.data_dir.mkdir(exist_ok=True)
    shutil.rmtree(cluster.logs_dir, ignore_errors=True)  # the logs of this start only
    try:
        start_postgres(cluster)
        start_redis(cluster)
        cluster.spawn("sample-site", [sys.executable, "-m", "sample_site.server", "--root",
                                      str(ROOT / "sample_site" / "site"), "--port", str(cluster.site_port)])
        cluster.wait_for("sample-site", lambda: _port_answers(cluster.site_port), timeout_s=60)
        write_sources(cluster)
        cluster.run("airflow db migrate", [airflow_bin(), "db", "migrate"], timeout_s=900)
        create_pools(cluster)
        airflow = airflow_bin()
        cluster.spawn("api-server", [airflow, "api-server", "--host", "127.0.0.1", "--port", str(cluster.api_port)])
        # the workers run tasks through the api-server's execution API: it answers before anything is scheduled
        cluster.wait_for("api-server", lambda: cluster.health() is not None, timeout_s=timeout_s)
        cluster.spawn("scheduler", [airflow, "scheduler"])
        cluster.spawn("dag-processor", [airflow, "dag-processor"])
        for name, queues in WORKERS.items():  # task logs are files under AIRFLOW_HOME: no log server needed
            cluster.spawn(f"worker-{name}", [airflow, "celery", "worker", "--queues", queues, "--celery-hostname",
                                             f"{name}@%h", "--concurrency", "2", "--skip-serve-logs",
                                             "--without-mingle", "--without-gossip"])
        cluster.wait_for("api-server", cluster.healthy, timeout_s=timeout_s)
        for name in WORKERS:
            cluster.wait_for(f"worker-{name}", lambda n=name: cluster.worker_ready(n), timeout_s=timeout_s)
    except BaseException:
        cluster.owned_dir = False  # keep the logs of a failed start for inspection
        cluster.stop()
        raise
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Airflow on Celery with PostgreSQL and Redis, on loopback")
    parser.add_argument("command", choices=["run", "start", "stop", "status"])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"where everything lives (default {DEFAULT_DIR})")
    args = parser.parse_args(argv)
    if args.command == "stop":
        cluster = AirflowCluster.load(args.dir)
        if cluster is None:
            print(f"nothing recorded in {args.dir}")
        else:
            cluster.stop()
            print(f"stopped {args.dir}")
        return 0
    if args.command == "status":
        cluster = AirflowCluster.load(args.dir)
        if cluster is None:
            print(f"not running (nothing recorded in {args.dir})")
            return 3
        alive = {name: cluster.alive(name) for name in cluster.pids}
        print(json.dumps({"api": cluster.api_url, "alive": alive, "health": cluster.health()}, indent=2))
        return 0 if all(alive.values()) else 3
    try:
        cluster = start_cluster(args.dir)
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Airflow {cluster.api_url} (every caller is admin; loopback only); sample site {cluster.site_url}")
    print(f"components: {', '.join(cluster.pids)}; logs in {cluster.logs_dir}; data in {cluster.data_dir}")
    if args.command == "start":
        print(f"stop it: {sys.executable} scripts/airflow_cluster.py stop --dir {args.dir}")
        return 0
    print("Ctrl-C stops every component")
    stop = {"now": False}

    def request_stop(_signum: int, _frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stop["now"]:
            time.sleep(1)
    finally:
        cluster.stop()
        print("stopped every component")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
