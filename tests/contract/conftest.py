"""Store fixtures for the contract suite: every contract test runs once per backend in `BACKENDS`.

Adding a backend takes two lines of this file: a factory in `FACTORIES` and a `pytest.param` in `BACKENDS`, e.g.

    def open_elasticsearch(request: pytest.FixtureRequest, directory: Path) -> Store:
        store = ElasticsearchStore(request.getfixturevalue("es_url"), index_prefix=...)
        request.addfinalizer(store.close)
        request.addfinalizer(store.drop)  # finalizers run last-in first-out: drop, then close
        return store

    BACKENDS = [pytest.param("sqlite"), pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]

A factory gets pytest's `request` (to reach other fixtures, even session ones such as `es_url`, and to register
its clean-up: the factory owns the store's life, closing included) and an empty directory of its own. The
contract has no "flush" step: a backend whose writes are not visible at once (an Elasticsearch refresh) makes
them visible before its upsert returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from store.base import Store
from store.sqlite import SQLiteStore
from tests.contract import data

StoreFactory = Callable[[pytest.FixtureRequest, Path], Store]


def open_sqlite(request: pytest.FixtureRequest, directory: Path) -> Store:
    store = SQLiteStore(directory / "contract.sqlite3")
    request.addfinalizer(store.close)
    return store


def open_elasticsearch(request: pytest.FixtureRequest, directory: Path, url_fixture: str = "es_url") -> Store:
    from store.elasticsearch import ElasticsearchStore

    es_url = request.getfixturevalue(url_fixture)  # a real node (tests/conftest_es.py); errors, never skips
    store = ElasticsearchStore(es_url, index_prefix=f"contract-{uuid.uuid4().hex[:12]}", spool_dir=directory / "spool")
    request.addfinalizer(store.close)
    request.addfinalizer(store.drop)  # last in, first out: drop the indices, then close the client
    return store


def open_elasticsearch9(request: pytest.FixtureRequest, directory: Path) -> Store:
    """The same backend and client on an Elasticsearch 9.x node (the client's REST compatibility mode)."""
    return open_elasticsearch(request, directory, url_fixture="es9_url")


FACTORIES: dict[str, StoreFactory] = {
    "sqlite": open_sqlite, "elasticsearch": open_elasticsearch, "elasticsearch9": open_elasticsearch9,
}
BACKENDS = [pytest.param("sqlite"), pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
            pytest.param("elasticsearch9", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store, for tests that write."""
    return FACTORIES[request.param](request, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store holding `data.EVENTS` and `data.ARTICLES`, shared by a module's read-only tests."""
    opened = FACTORIES[request.param](request, tmp_path_factory.mktemp(f"loaded-{request.param}"))
    opened.upsert_events(data.EVENTS.values())
    opened.upsert_articles(data.ARTICLES)
    return opened
