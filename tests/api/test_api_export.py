"""CSV export, Atom feed, organisation profile and stored articles over HTTP, on every store backend."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from eventline.export import CSV_COLUMNS
from tests.api.api_sample import sample_events

EVENTS = {e.headline: e for e in sample_events()}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_api_events_csv_has_bom_columns_and_every_matching_event(api_client: TestClient) -> None:
    response = api_client.get("/events.csv", params={"province": "湖北", "sort": "date_asc"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    json_body = api_client.get("/events", params={"province": "湖北省", "sort": "date_asc", "limit": 200}).json()
    assert [r["id"] for r in rows] == [e["id"] for e in json_body["events"]]
    assert tuple(rows[0]) == CSV_COLUMNS
    merged = next(r for r in rows if r["headline"] == "武汉市政府与腾讯签署战略合作协议")
    assert merged["sources"] == "; ".join(dict.fromkeys(m.source for m in EVENTS[merged["headline"]].mentions))
    assert len(merged["evidence"].splitlines()) == 2  # one sentence per mention
    assert merged["urls"].count("http") == 2


def test_api_events_csv_applies_every_filter_and_limit(api_client: TestClient) -> None:
    response = api_client.get("/events.csv", params={"type": "signing", "org": "腾讯", "limit": 1})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["type"] == "signing"
    assert api_client.get("/events.csv", params={"place": "火星"}).status_code == 422


def test_api_events_atom_is_a_feed_of_the_newest_matching_events(api_client: TestClient) -> None:
    response = api_client.get("/events.atom", params={"province": "湖北", "type": "approval"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    expected = api_client.get("/events", params={"province": "湖北省", "type": "approval"}).json()["events"]
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"urn:eventline:event:{e['id']}" for e in expected]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == expected[0]["headline"]
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == expected[0]["mentions"][0]["url"]
    assert feed.findtext(f"{ATOM}updated") == first.findtext(f"{ATOM}updated")
    again = ET.fromstring(api_client.get("/events.atom", params={"type": "approval", "province": "湖北"}).content)
    assert again.findtext(f"{ATOM}id") == feed.findtext(f"{ATOM}id")  # same filters, same feed


def test_api_org_profile_under_every_alias(api_client: TestClient) -> None:
    body = api_client.get("/orgs/工业和信息化部").json()
    assert "工信部" in body["aliases"]
    assert body["total"] == len(body["events"]) >= 1
    assert {e["headline"] for e in body["events"]} >= {"工信部批复襄阳创建国家级车联网先导区"}
    assert sum(r["count"] for r in body["by_month"]) == body["total"]
    assert body["timeline"].startswith("/events?org=")
    short = api_client.get("/orgs/工信部").json()
    assert short["total"] == body["total"]


def test_api_article_text_and_404(api_client: TestClient) -> None:
    response = api_client.get("/articles/a_xy-v2x-2022")
    assert response.status_code == 200
    assert response.json()["text"].startswith("本报讯（湖北日报）")
    missing = api_client.get("/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_api_stats_by_new_keys(api_client: TestClient) -> None:
    body = api_client.get("/stats", params=[("by", "week"), ("by", "outlet"), ("province", "湖北")]).json()
    assert all(r["key"]["week"] is None or r["key"]["week"][4:6] == "-W" for r in body["rows"])
    assert {r["key"]["outlet"] for r in body["rows"]} >= {"长江日报", "财联社"}
