"""A real Elasticsearch node for the tests (a pytest plugin, registered in `tests/conftest.py`).

`es_url` (session scope) starts one node through `scripts/es_node.py` (fetched from Maven Central
into the cache on first use, run as the `eventline-es` user under root) and stops it when the
session ends. Set `EVENTLINE_TEST_ES_URL` to use a node that is already running instead.
`es9_url` does the same with Elasticsearch 9.x (`EVENTLINE_TEST_ES9_URL`), started only when a test
asks for it (the contract suite does, so the store is proven on both majors with one client).

Tests that use it are never skipped: when the node cannot start, each of them errors with the
reason and the node's log tail (`pytest.fail`), so CI shows the failure instead of a quiet skip.

`es_store_factory` opens `ElasticsearchStore`s on that node, each with its own index prefix and
spool directory, and deletes their indices afterwards.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_es_node() -> ModuleType:
    """`scripts/es_node.py` as a module (scripts/ is not a package)."""
    if "eventline_es_node" in sys.modules:
        return sys.modules["eventline_es_node"]
    spec = importlib.util.spec_from_file_location("eventline_es_node", ROOT / "scripts" / "es_node.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eventline_es_node"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def es_node_module() -> ModuleType:
    return load_es_node()


def _node_url(es_node_module: ModuleType, version: str, env_name: str) -> Iterator[str]:
    """The URL in `env_name` if set; else a node of `version` started now and stopped afterwards."""
    given = os.environ.get(env_name)
    if given:
        yield given.rstrip("/")
        return
    try:
        node = es_node_module.start_node(version=version)
    except Exception as exc:  # NodeError, Maven or Java missing, ...: error loudly, never skip
        pytest.fail(f"could not start the test Elasticsearch {version} node: {exc}", pytrace=False)
    try:
        yield node.url
    finally:
        node.stop()


@pytest.fixture(scope="session")
def es_url(es_node_module: ModuleType) -> Iterator[str]:
    """URL of a healthy Elasticsearch node (the pinned 8.19) for the whole session."""
    yield from _node_url(es_node_module, es_node_module.ES_VERSION, "EVENTLINE_TEST_ES_URL")


@pytest.fixture(scope="session")
def es9_url(es_node_module: ModuleType) -> Iterator[str]:
    """URL of a healthy Elasticsearch 9.x node for the whole session (needs Java 21+, see `es_node.java_home`)."""
    yield from _node_url(es_node_module, es_node_module.ES9_VERSION, "EVENTLINE_TEST_ES9_URL")


@pytest.fixture
def es_store_factory(es_url: str, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Open stores on the test node: unique index prefix per test, spool under tmp_path."""
    from store.elasticsearch import ElasticsearchStore

    prefix = f"t{uuid.uuid4().hex[:10]}"
    opened: list[ElasticsearchStore] = []

    def open_store(**overrides: Any) -> ElasticsearchStore:
        kwargs: dict[str, Any] = {"index_prefix": prefix, "spool_dir": tmp_path / "spool", "max_retries": 1}
        kwargs.update(overrides)
        url = kwargs.pop("url", es_url)
        store = ElasticsearchStore(url, **kwargs)
        opened.append(store)
        return store

    yield open_store
    cleaner = ElasticsearchStore(es_url, index_prefix=prefix)
    cleaner.drop()
    cleaner.close()
    for store in opened:
        store.close()
