"""DAG test fixtures: a private Airflow home (SQLite, migrated once), the sample site, a webhook sink.

Airflow reads its configuration when first imported, so the environment is set here, when
this conftest is collected, before any test module imports `airflow`: AIRFLOW_HOME is a
temporary directory (removed at exit), the DAG folder is the project's `dags/`, no examples.
`airflow_db` runs `airflow db migrate` once per session (a subprocess, SQLite) for the
`dag.test()` tests; the DagBag tests need no database.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
SAMPLE_KEYS = ("sample_cylx", "sample_jcrb")

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="eventline-airflow-"))
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ.update({
    "AIRFLOW_HOME": str(_AIRFLOW_HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",  # so Asset events queue extract_events
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}",
    "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
})


@pytest.fixture(scope="session", autouse=True)
def _jvm_keeps_its_sigsegv() -> Iterator[None]:
    """Keep Airflow's DAG importer from replacing the process's SIGSEGV handler.

    Every DagBag parse installs a Python SIGSEGV handler and never restores it. The HanLP JVM
    that `extract_events` starts inside this test process (dag.test runs tasks in-process) uses
    SIGSEGV itself (implicit null checks, safepoint polls); behind Python's handler the faulting
    instruction re-runs forever and the run spins at full CPU. Seen when a JVM started by an
    earlier test met a later DagBag parse. Production never mixes the two in one process.
    """
    real = signal.signal

    def keep_sigsegv(signum: int, handler: Any) -> Any:
        if signum == signal.SIGSEGV:
            return signal.getsignal(signum)
        return real(signum, handler)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signal, "signal", keep_sigsegv)
        yield


@pytest.fixture(autouse=True)
def _no_ambient_delivery(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here mails, posts or writes to a store configured outside the test."""
    for name in ("EVENTLINE_SMTP_URL", "EVENTLINE_ALERT_WEBHOOK", "EVENTLINE_ALERT_TO", "EVENTLINE_SQLITE_PATH",
                 "EVENTLINE_CRAWL_POOLS", "SAMPLE_SITE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """`airflow db migrate` into the session's SQLite metadata database (once)."""
    airflow = Path(sys.executable).with_name("airflow")
    proc = subprocess.run([str(airflow), "db", "migrate"], env=os.environ.copy(), capture_output=True, text=True,
                          timeout=600, check=False)
    if proc.returncode != 0:
        pytest.fail(f"airflow db migrate failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return _AIRFLOW_HOME


@pytest.fixture()
def sample_entries() -> list[dict[str, Any]]:
    """The shipped `sources.yaml` entries of the sample site (the ones the tests crawl)."""
    data = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    entries = data["sources"] if isinstance(data, dict) else data
    found = [e for e in entries if e["key"] in SAMPLE_KEYS]
    assert sorted(e["key"] for e in found) == sorted(SAMPLE_KEYS), "sample sources missing from sources.yaml"
    return found


@pytest.fixture()
def write_sources(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    """Write a sources file holding `entries`; returns its path."""

    def write(entries: list[dict[str, Any]], name: str = "sources.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture()
def eventline_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir (SQLite store, crawl stats and history, digests) for one test."""
    data = tmp_path / "data"
    monkeypatch.setenv("EVENTLINE_DATA_DIR", str(data))
    monkeypatch.setenv("EVENTLINE_STORE", "sqlite")
    return data


@pytest.fixture()
def load_dags() -> Callable[[], Any]:
    """Parse `dags/` with the current environment (sources file) into a DagBag."""

    def load() -> Any:
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(DAGS))
        assert bag.import_errors == {}, bag.import_errors
        return bag

    return load


@dataclass
class RunResult:
    state: str
    tasks: dict[str, str]
    returns: dict[str, Any]


@pytest.fixture()
def run_dag(airflow_db: Path) -> Callable[..., RunResult]:
    """`dag.test()` one DAG; returns the run state, each task's state and each task's return value."""

    def run(dag: Any, **kwargs: Any) -> RunResult:
        from airflow.models.xcom import XComModel
        from airflow.utils.session import create_session

        dag_run = dag.test(**kwargs)
        with create_session() as session:
            tis = {ti.task_id: str(ti.state) for ti in dag_run.get_task_instances(session=session)}
            rows = session.scalars(XComModel.get_many(run_id=dag_run.run_id, dag_ids=dag.dag_id,
                                                      key="return_value")).all()
            returns = {row.task_id: XComModel.deserialize_value(row) for row in rows}
        return RunResult(state=str(dag_run.state), tasks=tis, returns=returns)

    return run


@dataclass
class Webhook:
    url: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture()
def webhook(monkeypatch: pytest.MonkeyPatch) -> Iterator[Webhook]:
    """A local HTTP endpoint recording JSON POSTs, set as EVENTLINE_ALERT_WEBHOOK."""
    sink = Webhook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            sink.posts.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sink.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    monkeypatch.setenv("EVENTLINE_ALERT_WEBHOOK", sink.url)
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()
