"""Fixtures of the `cluster` tests: a three-node Elasticsearch cluster, started once per session.

The cluster runs Elasticsearch 8.19 (the pinned server) through `scripts/es_node.py`'s cluster
mode: three nodes on loopback with small heaps, one shared snapshot directory (`path.repo`).
Tests that break it (kill, restart) leave it whole again: every node back, health green.
A cluster that cannot start fails the tests that need it (`pytest.fail`), never skips them.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="session")
def es_cluster(es_node_module: ModuleType) -> Iterator[Any]:
    """A healthy three-node cluster (`es_node.Cluster`) for the whole session."""
    try:
        cluster = es_node_module.start_cluster(nodes=3)
    except Exception as exc:  # NodeError, Maven or Java missing, ...: error loudly, never skip
        pytest.fail(f"could not start the three-node Elasticsearch cluster: {exc}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()
