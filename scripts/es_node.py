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

Version: the server is **8.19.x** because the distribution ships no JDK and the machines
have Java 17; Elasticsearch 9.x needs Java 21 (its classes are version 65). The Python
client is pinned to the same major (``elasticsearch==8.19.*`` in requirements.txt).
``EVENTLINE_ES_VERSION`` and ``ES_JAVA_HOME`` override both choices.

CLI::

    python scripts/es_node.py start  [--name dev] [--port N]   # prints the URL, leaves it running
    python scripts/es_node.py status [--name dev]
    python scripts/es_node.py stop   [--name dev]

As a module (the pytest fixture uses this)::

    node = start_node(node_dir=Path(tempfile.mkdtemp()))
    ... node.url ...
    node.stop()
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

ROOT = Path(__file__).resolve().parent.parent
ES_VERSION = os.environ.get("EVENTLINE_ES_VERSION", "8.19.9")
ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
ES_USER = "eventline-es"
HEAP = "512m"
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


def java_home() -> str | None:
    """ES_JAVA_HOME if set, else the JDK of the `java` on PATH (None: let ES find it)."""
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    java = shutil.which("java")
    if java is None:
        raise NodeError("no `java` on PATH: install Java 17 (scripts/install_system_deps.sh) or set ES_JAVA_HOME")
    return str(Path(java).resolve().parent.parent)


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


def write_config(home: Path, node_dir: Path, port: int, transport_port: int) -> Path:
    """config/ for the node: the distribution's files plus our elasticsearch.yml and heap."""
    conf = node_dir / "config"
    conf.mkdir(parents=True, exist_ok=True)
    for name in ("jvm.options", "log4j2.properties"):
        shutil.copy(home / "config" / name, conf / name)
    (conf / "jvm.options.d").mkdir(exist_ok=True)
    (conf / "jvm.options.d" / "eventline.options").write_text(
        f"-Xms{HEAP}\n-Xmx{HEAP}\n-Xlog:disable\n-Xlog:all=warning:stderr\n"
    )
    (node_dir / "data").mkdir(exist_ok=True)
    (node_dir / "logs").mkdir(exist_ok=True)
    settings = {
        "cluster.name": "eventline",
        "node.name": "eventline-es",
        "discovery.type": "single-node",
        "network.host": "127.0.0.1",
        "http.port": port,
        "transport.port": transport_port,
        "path.data": str(node_dir / "data"),
        "path.logs": str(node_dir / "logs"),
        "xpack.security.enabled": False,
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
    }
    (conf / "elasticsearch.yml").write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in settings.items()))
    return conf


def start_node(
    node_dir: Path | None = None,
    *,
    port: int | None = None,
    version: str = ES_VERSION,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    owned_dir: bool = False,
) -> Node:
    """Start a node whose config, data and logs live in `node_dir`; return once it is healthy.

    With `node_dir=None` a temporary directory is used (deleted by `stop()`). Raises
    `NodeError` with the log tail when the node exits or is not healthy within `timeout_s`.
    """
    if node_dir is None:
        node_dir = Path(tempfile.mkdtemp(prefix="eventline-es-"))
        owned_dir = True
    node_dir = node_dir.resolve()
    node_dir.mkdir(parents=True, exist_ok=True)
    existing = Node.load(node_dir)
    if existing and existing.alive() and existing.health():
        return existing
    home = fetch_distribution(version)
    port = port or free_port()
    write_config(home, node_dir, port, free_port())

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ES_", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"))}
    env["ES_PATH_CONF"] = str(node_dir / "config")
    env["ES_TMPDIR"] = str(node_dir / "tmp")
    (node_dir / "tmp").mkdir(exist_ok=True)
    jhome = java_home()
    if jhome:
        env["ES_JAVA_HOME"] = jhome
    cmd = [str(home / "bin" / "elasticsearch"), "-p", str(node_dir / "es.pid")]
    if _is_root():
        uid, gid = ensure_user()
        _chown_tree(node_dir, uid, gid)
        probes = [["test", "-x", str(home / "bin" / "elasticsearch")], ["test", "-w", str(node_dir / "data")]]
        if any(subprocess.run([*_as_user(uid, gid), *probe], check=False).returncode for probe in probes):
            raise NodeError(
                f"user {ES_USER} cannot run the distribution at {home} or write {node_dir}: their parent "
                "directories must let other users through (o+x); or set EVENTLINE_CACHE (e.g. /var/tmp/eventline-cache)"
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
        uid, gid = ensure_user()
        os.chown(node.state_file, uid, gid)
    try:
        wait_healthy(node, proc, timeout_s)
    except NodeError:
        node.owned_dir = False  # keep the logs of a failed start for inspection
        node.stop(grace_s=10)
        raise
    return node


def wait_healthy(node: Node, proc: subprocess.Popen[bytes] | None, timeout_s: float) -> None:
    """Poll cluster health until yellow/green; NodeError with the log tail on exit or timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise NodeError(
                f"Elasticsearch {node.version} exited with code {proc.returncode} while starting "
                f"(node dir {node.node_dir}):\n{log_tail(Path(node.node_dir))}"
            )
        health = node.health()
        if health and health.get("status") in ("yellow", "green"):
            return
        time.sleep(0.5)
    raise NodeError(
        f"Elasticsearch {node.version} at {node.url} not healthy after {timeout_s:.0f}s "
        f"(node dir {node.node_dir}):\n{log_tail(Path(node.node_dir))}"
    )


def stop_node(node_dir: Path) -> bool:
    """Stop the node recorded in `node_dir`; False when none was running."""
    node = Node.load(node_dir)
    if node is None:
        return False
    node.stop()
    return True


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A local single-node Elasticsearch for eventline")
    parser.add_argument("command", choices=["start", "stop", "status"])
    parser.add_argument("--name", default="dev", help="node name; its files live in var/es/NAME")
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: 9200 if free, else any)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    args = parser.parse_args(argv)
    node_dir = nodes_dir() / args.name
    if args.command == "start":
        port = args.port
        if port is None:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                port = 9200 if sock.connect_ex(("127.0.0.1", 9200)) != 0 else None
        try:
            node = start_node(node_dir, port=port, timeout_s=args.timeout)
        except NodeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(node.url)
        print(f"# Elasticsearch {node.version}, pid {node.pid}, files in {node.node_dir}", file=sys.stderr)
        print(f"# use it: export EVENTLINE_STORE=elasticsearch EVENTLINE_ES_URL={node.url}", file=sys.stderr)
        print(f"# stop it: {sys.executable} scripts/es_node.py stop --name {args.name}", file=sys.stderr)
        return 0
    if args.command == "stop":
        if stop_node(node_dir):
            print(f"stopped the node in {node_dir}")
        else:
            print(f"no node recorded in {node_dir}")
        return 0
    node = Node.load(node_dir)
    if node is None or not node.alive():
        print(f"not running (no live node in {node_dir})")
        return 3
    health = node.health()
    print(json.dumps({"url": node.url, "pid": node.pid, "version": node.version, "health": health}, indent=2))
    return 0 if health else 3


if __name__ == "__main__":
    raise SystemExit(main())
