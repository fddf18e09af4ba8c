"""Fixtures of the analyst-interface tests: the sample timeline loaded into real stores, and the API over them.

`api_store_factory` is parametrised over the backends like the contract suite: SQLite always,
Elasticsearch (marked `elasticsearch`) through the `es_url` fixture of `tests/conftest_es.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from store.base import Store
from store.sqlite import SQLiteStore
from tests.api.api_sample import sample_articles, sample_events

StoreFactory = Callable[[], Store]


def _load(store: Store) -> None:
    store.upsert_articles(sample_articles())
    result = store.upsert_events(sample_events())
    assert result.failed == 0, result.errors


@pytest.fixture(scope="session")
def sample_sqlite_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store file holding the sample timeline."""
    path = tmp_path_factory.mktemp("api-sqlite") / "sample.sqlite3"
    with SQLiteStore(path) as store:
        _load(store)
    return path


def _es_factory(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreFactory]:
    from store.elasticsearch import ElasticsearchStore

    es_url: str = request.getfixturevalue("es_url")
    prefix = f"api{uuid.uuid4().hex[:10]}"
    spool = tmp_path_factory.mktemp("api-es-spool")
    store = ElasticsearchStore(es_url, index_prefix=prefix, spool_dir=spool)
    _load(store)
    store.refresh()
    yield lambda: ElasticsearchStore(es_url, index_prefix=prefix, spool_dir=spool)
    store.drop()
    store.close()


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)],
)
def api_store_factory(
    request: pytest.FixtureRequest, sample_sqlite_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StoreFactory]:
    """Opens a store holding the sample timeline (one backend per parameter)."""
    if request.param == "sqlite":
        yield lambda: SQLiteStore(sample_sqlite_path)
    else:
        yield from _es_factory(request, tmp_path_factory)


@pytest.fixture(scope="session")
def api_client(api_store_factory: StoreFactory) -> Iterator[TestClient]:
    with TestClient(create_app(api_store_factory)) as client:
        yield client
