"""Fast unit tests of the API plumbing on an in-memory fake store: query translation, store lifecycle, health."""

from __future__ import annotations

import threading
from datetime import date

from fastapi.testclient import TestClient

from api.app import StoreProvider, create_app
from schemas import EventType, Section
from tests.api.api_fake_store import FakeStore
from tests.api.api_sample import sample_articles, sample_events


def test_api_filters_become_a_structured_query() -> None:
    fake = FakeStore(sample_events(), sample_articles())
    with TestClient(create_app(lambda: fake)) as client:
        response = client.get(
            "/events",
            params={"from": "2021-01-01", "to": "2021-12-31", "type": ["approval", "approval", "signing"],
                    "section": "产业政策", "province": " 湖北省 ", "org": "腾讯", "q": "x' OR '1'='1",
                    "limit": 7, "offset": 14, "sort": "date_asc"},
        )
    assert response.status_code == 200
    query = fake.queries[-1]
    assert query.date_from == date(2021, 1, 1) and query.date_to == date(2021, 12, 31)
    assert query.types == [EventType.approval, EventType.signing]
    assert query.sections == [Section.policy]
    assert query.province == "湖北省" and query.city is None
    assert query.participant == "腾讯"
    assert query.text == "x' OR '1'='1"
    assert (query.limit, query.offset, query.sort) == (7, 14, "date_asc")


def test_api_healthz_503_when_store_is_down() -> None:
    with TestClient(create_app(lambda: FakeStore(fail=True))) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "store is down" in response.json()["error"]


def test_api_store_provider_opens_one_store_shared_by_threads_and_closes_it() -> None:
    opened: list[FakeStore] = []
    closed: list[FakeStore] = []

    class Tracked(FakeStore):
        def close(self) -> None:
            closed.append(self)

    def factory() -> FakeStore:
        store = Tracked()
        opened.append(store)
        return store

    provider = StoreProvider(factory)
    seen: list[object] = []
    workers = [threading.Thread(target=lambda: seen.append(provider.get())) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(opened) == 1 and all(store is opened[0] for store in seen)
    provider.close_all()
    assert closed == opened


def test_api_page_and_vendored_chart_are_served_locally() -> None:
    with TestClient(create_app(lambda: FakeStore())) as client:
        page = client.get("/")
        chart = client.get("/static/vendor/chart.umd.js")
        script = client.get("/static/app.js")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'src="/static/vendor/chart.umd.js"' in page.text
    assert "//cdn" not in page.text and "https://" not in page.text.split("<body>")[0]
    assert chart.status_code == 200 and chart.text.startswith("/*!\n * Chart.js v4.4.9")
    assert "Released under the MIT License" in chart.text[:300]
    assert script.status_code == 200 and "innerHTML" not in script.text
