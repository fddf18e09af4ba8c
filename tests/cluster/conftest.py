"""Fixtures of the `cluster` tests: a three-node Elasticsearch cluster and Airflow on Celery.

Each is started once for the module that uses it and stopped when that module is done, so the
rest of the suite does not share two cores with a dozen idle servers.

`es_cluster`: Elasticsearch 8.19 (the pinned server) through `scripts/es_node.py`'s cluster
mode: three nodes on loopback with small heaps, one shared snapshot directory (`path.repo`).
Tests that break it (kill, restart) leave it whole again: every node back, health green.
`airflow_cluster`: Airflow on Celery as `make cluster` runs it (`scripts/airflow_cluster.py`).
A cluster that cannot start fails the tests that need it (`pytest.fail`), never skips them.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="module")
def es_cluster(es_node_module: ModuleType) -> Iterator[Any]:
    """A healthy three-node cluster (`es_node.Cluster`) for the module's tests."""
    try:
        cluster = es_node_module.start_cluster(nodes=3)
    except Exception as exc:  # NodeError, Maven or Java missing, ...: error loudly, never skip
        pytest.fail(f"could not start the three-node Elasticsearch cluster: {exc}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def airflow_cluster_module() -> ModuleType:
    """`scripts/airflow_cluster.py` as a module (scripts/ is not a package)."""
    import importlib.util
    import sys

    from tests.conftest_es import ROOT

    if "eventline_airflow_cluster" not in sys.modules:
        spec = importlib.util.spec_from_file_location("eventline_airflow_cluster",
                                                      ROOT / "scripts" / "airflow_cluster.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["eventline_airflow_cluster"] = module
        spec.loader.exec_module(module)
    return sys.modules["eventline_airflow_cluster"]


@pytest.fixture(scope="module")
def airflow_cluster(airflow_cluster_module: ModuleType) -> Iterator[Any]:
    """PostgreSQL, Redis, api-server, scheduler, dag-processor and two Celery workers (`make cluster`)."""
    try:
        cluster = airflow_cluster_module.start_cluster()
    except Exception as exc:  # packages missing, a component that exits: error loudly, never skip
        pytest.fail(f"could not start Airflow on Celery: {exc}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()
