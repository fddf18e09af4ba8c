"""HTTP API on the real stores (sample timeline): filters, pagination, 404, 422 naming the parameter, stats, health."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas import EventType, type_info
from tests.api.api_sample import sample_events

EVENTS = {e.headline: e for e in sample_events()}


def _headlines(body: dict[str, Any]) -> list[str]:
    return [e["headline"] for e in body["events"]]


def _get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_api_events_approvals_in_hubei_since_2021(api_client: TestClient) -> None:
    body = _get(api_client, "/events", type="approval", province="湖北省", **{"from": "2021-01-01"})
    assert body["total"] == 2
    assert _headlines(body) == ["工信部批复襄阳创建国家级车联网先导区", "湖北省发改委批复武汉光谷人工智能计算中心项目"]
    assert body["next"] is None and body["prev"] is None


def test_api_events_signings_involving_tencent(api_client: TestClient) -> None:
    body = _get(api_client, "/events", type="signing", org="腾讯")
    expected = ["武汉市政府与腾讯签署战略合作协议", "腾讯与华中科技大学签约共建联合实验室"]
    assert sorted(_headlines(body)) == sorted(expected)
    merged = next(e for e in body["events"] if e["headline"] == "武汉市政府与腾讯签署战略合作协议")
    assert {m["source"] for m in merged["mentions"]} == {"长江日报", "财联社"}
    assert merged["corroboration"] == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"province": "湖北省"}, 7),
        ({"city": "武汉市"}, 5),
        ({"province": "广东省", "type": ["signing", "financing"]}, 2),
        ({"section": "产业政策"}, 5),
        ({"q": "人工智能"}, 7),
        ({"q": "联合实验室"}, 1),
        ({"q": "腾讯"}, 2),
        ({"from": "2022-01-01", "to": "2022-01-31", "type": "meeting"}, 1),
        ({"from": "2000-01-01"}, 11),  # the undated financing event only shows without a date filter
        ({}, 12),
        ({"province": "  "}, 12),  # a blank filter is no filter
        ({"province": "湖北"}, 7),  # short names are resolved through the gazetteer
        ({"place": "武汉"}, 5),
        ({"place": "420100"}, 5),  # an adcode
        ({"city": "武汉", "q": "人工智能 试验区"}, 1),  # words are ANDed
        ({"q": '"人工智能 试验区"'}, 0),  # a quoted phrase is kept whole
        ({"province": "Hubei"}, 0),  # an unknown name stays exact
        ({"q": "' OR 1=1 --"}, 0),  # user text is a value, never query syntax
        ({"org": "%"}, 0),  # LIKE / wildcard characters are literal
        ({"org": "_"}, 0),
    ],
)
def test_api_events_filter_totals(api_client: TestClient, params: dict[str, Any], expected: int) -> None:
    body = _get(api_client, "/events", **params)
    assert body["total"] == expected
    assert len(body["events"]) == expected


def test_api_events_pagination_walks_every_event_once(api_client: TestClient) -> None:
    seen: list[str] = []
    url: str | None = "/events?limit=5"
    pages = 0
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == 12 and body["limit"] == 5
        seen += [e["id"] for e in body["events"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(e.id for e in sample_events())
    assert seen[-1] == EVENTS["云天励飞完成新一轮融资"].id  # unknown dates sort last
    assert body["prev"] == "/events?limit=5&offset=5"


def test_api_events_next_link_keeps_filters(api_client: TestClient) -> None:
    body = _get(api_client, "/events", province="湖北省", type="approval", limit=2)
    assert body["total"] == 3
    second = api_client.get(body["next"]).json()  # (httpx would replace the link's query by `params`)
    assert second["offset"] == 2 and len(second["events"]) == 1
    assert second["events"][0]["headline"] == "科技部批复武汉建设国家新一代人工智能创新发展试验区"


def test_api_events_sort_ascending(api_client: TestClient) -> None:
    body = _get(api_client, "/events", sort="date_asc", limit=2)
    expected = ["武汉市政府与腾讯签署战略合作协议", "科技部批复武汉建设国家新一代人工智能创新发展试验区"]
    assert _headlines(body) == expected


@pytest.mark.parametrize(
    ("path", "params", "param"),
    [
        ("/events", {"limit": 201}, "limit"),
        ("/events", {"limit": 0}, "limit"),
        ("/events", {"offset": -1}, "offset"),
        ("/events", {"offset": 9990, "limit": 50}, "offset"),
        ("/events", {"type": "merger"}, "type"),
        ("/events", {"section": "体育"}, "section"),
        ("/events", {"from": "2021-13-01"}, "from"),
        ("/events", {"to": "yesterday"}, "to"),
        ("/events", {"from": "2022-01-01", "to": "2021-01-01"}, "to"),
        ("/events", {"q": "长" * 201}, "q"),
        ("/events", {"sort": "random"}, "sort"),
        ("/events", {"place": "火星基地"}, "place"),  # not a place the gazetteer knows
        ("/stats", {"by": "weekday"}, "by"),
        ("/stats", {}, "by"),
        ("/stats", {"by": "type", "from": "2021-02-30"}, "from"),
        ("/digests/2020-W54", {}, "week"),
        ("/digests/2021-W53", {}, "week"),  # matches the pattern, but 2021 has 52 weeks
        ("/digests/2020W30", {}, "week"),
        ("/digests/2020-W30", {"format": "pdf"}, "format"),
        ("/orgs/%0A", {}, "name"),  # a blank organisation name
        ("/orgs/%1E", {}, "name"),  # a control character only
    ],
)
def test_api_invalid_parameter_is_422_naming_it(
    api_client: TestClient, path: str, params: dict[str, Any], param: str
) -> None:
    response = api_client.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert f"'{param}'" in body["message"]
    assert param in {item["param"] for item in body["detail"]}


_ECMA_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def test_api_org_name_schema_admits_no_name_the_server_strips_to_nothing(api_client: TestClient) -> None:
    r"""The published pattern and the server agree on what is blank (Python's strip() also takes \x1c–\x1f and
    \x85, JSON Schema's \s does not): a schema-valid name is never rejected as blank."""
    parameters = api_client.get("/openapi.json").json()["paths"]["/orgs/{name}"]["get"]["parameters"]
    published = next(p for p in parameters if p["name"] == "name")["schema"]["pattern"]
    # read as a JSON Schema (ECMA-262) validator and a test-data generator read it: \s is ECMA's white space
    pattern = published.replace("\\S", f"[^{_ECMA_SPACE}]").replace("\\s", _ECMA_SPACE)
    for blank in (" ", "\x1e", "\x1c\x1f", "\x85", "\u3000"):
        assert re.search(pattern, blank) is None, repr(blank)
    assert re.search(pattern, " 华为 ")


def test_api_event_by_id_with_mentions(api_client: TestClient) -> None:
    event = EVENTS["武汉市政府与腾讯签署战略合作协议"]
    body = _get(api_client, f"/events/{event.id}")
    assert body["id"] == event.id
    assert body["trigger"] == "签署"
    assert [m["source"] for m in body["mentions"]] == ["长江日报", "财联社"]
    assert "签署战略合作协议" in body["mentions"][0]["sentence"]


def test_api_unknown_event_is_404(api_client: TestClient) -> None:
    response = api_client.get("/events/ev_0000000000000000")
    assert response.status_code == 404
    assert "ev_0000000000000000" in response.json()["detail"]


def test_api_stats_by_province(api_client: TestClient) -> None:
    body = _get(api_client, "/stats", by="province")
    assert {r["key"]["province"]: r["count"] for r in body["rows"]} == {"湖北省": 7, "广东省": 3, "上海市": 2}
    assert body["total"] == 12 and body["by"] == ["province"]


def test_api_stats_by_month_and_type_combined(api_client: TestClient) -> None:
    body = _get(api_client, "/stats", by=["month", "type"])
    counts = {(r["key"]["month"], r["key"]["type"]): r["count"] for r in body["rows"]}
    assert counts[("2021-03", "approval")] == 1
    assert counts[("2021-03", "policy_release")] == 2
    assert counts[(None, "financing")] == 1
    assert sum(counts.values()) == 12


def test_api_stats_respects_filters(api_client: TestClient) -> None:
    body = _get(api_client, "/stats", by="type", province="湖北省")
    counts = {r["key"]["type"]: r["count"] for r in body["rows"]}
    assert counts == {"approval": 3, "signing": 1, "policy_release": 1, "establishment": 1, "meeting": 1}


def test_api_healthz_reports_counts(api_client: TestClient) -> None:
    body = _get(api_client, "/healthz")
    assert body["status"] == "ok"
    assert body["events"] == 12
    assert body["articles"] == 13


def test_api_digest_markdown_and_html(api_client: TestClient) -> None:
    markdown = api_client.get("/digests/2021-W10")  # 2021-03-08 .. 03-14: no day-dated event; empty but valid
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    week = api_client.get("/digests/2020-W30")
    assert week.status_code == 200
    assert "腾讯" in week.text
    html = api_client.get("/digests/2020-W30", params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "腾讯" in html.text and "<" in html.text


def test_api_openapi_published(api_client: TestClient) -> None:
    spec = _get(api_client, "/openapi.json")
    assert {"/events", "/events/{event_id}", "/stats", "/digests/{week}", "/healthz"} <= set(spec["paths"])
    limit = next(p for p in spec["paths"]["/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200


def test_api_types_serves_the_vocabulary_in_order(api_client: TestClient) -> None:
    rows: list[dict[str, Any]] = _get(api_client, "/types")  # type: ignore[assignment]
    assert [r["type"] for r in rows] == [t.value for t in EventType]
    signing = next(r for r in rows if r["type"] == "signing")
    assert signing == type_info("signing").model_dump(mode="json") and signing["label"] == "签约"
