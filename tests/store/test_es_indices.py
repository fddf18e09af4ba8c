"""Index names of the Elasticsearch store (`store.es_indices`) and node lists in its URL: no server needed."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import Event, EventDate, EventType
from store.elasticsearch import ElasticsearchStore
from store.es_indices import UNDATED, event_bucket, event_index, index_name, renamed, version_of


def test_es_indices_event_bucket_is_the_year_of_the_event_or_undated() -> None:
    dated = Event(type=EventType.signing, date=EventDate(value=date(2021, 3, 4), precision="day"), headline="x")
    undated = Event(type=EventType.signing, headline="y")
    assert event_bucket(dated) == "2021" and event_bucket(undated) == UNDATED
    assert event_bucket({"date": {"value": "2019-12-31"}}) == "2019"  # a stored source
    assert event_bucket({"date": {"value": None}}) == UNDATED


def test_es_indices_names_versions_and_renames() -> None:
    assert index_name("my-app", "articles", 3) == "my-app-articles-v3"
    assert event_index("my-app", 2, "2020") == "my-app-events-v2-2020"
    assert version_of("my-app", "events", "my-app-events-v12-undated") == 12
    assert version_of("my-app", "articles", "my-app-articles-v1") == 1
    assert renamed("my-app", "events", "my-app-events-v1-2020", 2) == "my-app-events-v2-2020"
    assert renamed("my-app", "articles", "my-app-articles-v1", 4) == "my-app-articles-v4"
    with pytest.raises(ValueError, match="not a versioned events index"):
        version_of("my-app", "events", "other-events-v1-2020")


def test_es_store_takes_every_node_of_a_cluster_and_moves_credentials_out() -> None:
    store = ElasticsearchStore("http://ops:s3cret@127.0.0.1:9200, http://127.0.0.1:9201/")
    assert store.url == "http://127.0.0.1:9200,http://127.0.0.1:9201"
    assert len(store.client.transport.node_pool.all()) == 2
    assert "s3cret" not in repr(store) and "auth=basic" in repr(store)
    with pytest.raises(ValueError, match="not a valid Elasticsearch URL"):
        ElasticsearchStore("http://127.0.0.1:9200,not a url")
    store.close()
