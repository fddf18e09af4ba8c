"""The sample site: its files match the manifest and the sources, its gold is sound, its server behaves."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import urllib.robotparser
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import pytest

from sample_site import build, data
from sample_site.server import Route, SampleSiteHandler, serve

SITE = data.SITE_DIR
EVENT_TYPES = {"policy_release", "approval", "signing", "establishment", "launch", "report_release", "meeting",
               "financing"}
SECTIONS = {"产业政策", "产业研究", "产业联盟/研究院", "产业应用", "上市公司", "其它信息"}
GOLD_KEYS = ["doc", "type", "type_alt", "date", "evidence", "participants", "object", "region", "required",
             "section", "note"]
GBK_PAGE = "jcrb/202611/t20261104_5241.htm"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return data.load_manifest()


@pytest.fixture(scope="module")
def articles(manifest: dict) -> dict[str, dict]:
    return {a["path"]: a for a in manifest["articles"]}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return data.load_gold()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(SITE) as (_server, base_url):
        yield base_url


def fetch(base_url: str, path: str, method: str = "GET", headers: dict[str, str] | None = None
          ) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(path: str) -> list[str]:
    """Site paths (no leading slash) linked from a page, resolved as a browser would."""
    parser = _Links()
    parser.feed((SITE / path).read_text(encoding="utf-8"))
    base = "http://site.test/" + path
    return [urlsplit(urljoin(base, h)).path.lstrip("/") for h in parser.hrefs]


# ---------------------------------------------------------------- files and manifest

def test_site_manifest_matches_files(manifest: dict, articles: dict[str, dict]) -> None:
    assert len(articles) == 24
    assert Counter(a["outlet"] for a in articles.values()) == {"jcrb": 12, "cylx": 12}
    files = [p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()]
    for key, outlet in manifest["outlets"].items():
        pattern = re.compile(outlet["article_pattern"])
        assert {f for f in files if pattern.match(f)} == {p for p, a in articles.items() if a["outlet"] == key}
    for path, a in articles.items():
        page = (SITE / path).read_bytes().decode(a["charset"])
        assert a["title"] in page and a["first_sentence"] in page and a["last_sentence"] in page
        assert a["doc"] == path
        assert datetime.fromisoformat(a["published_at"]).utcoffset().total_seconds() == 8 * 3600
        assert a["text"].startswith(a["first_sentence"]) and a["text"].endswith(a["last_sentence"])
        assert 300 <= len(a["text"].replace("\n", "")) <= 1200
        assert "记者" in a["first_sentence"] and a["source"] in a["first_sentence"]  # lead: outlet, date, byline


def test_site_is_current_with_its_sources() -> None:
    expected = build.site_files(build.parse_sources())
    stale = [p for p, content in expected.items() if not (SITE / p).is_file() or (SITE / p).read_bytes() != content]
    assert not stale, f"rebuild with `python -m sample_site.build`: {stale}"


def test_site_chrome_stays_out_of_the_body(articles: dict[str, dict]) -> None:
    for a in articles.values():
        assert not any(w in a["text"] for w in ("ICP", "版权所有", "责任编辑", "评论", "相关新闻", "相关阅读"))
        page = (SITE / a["path"]).read_bytes().decode(a["charset"])
        assert "ICP备" in page and "版权所有" in page and "<form" in page
        assert "breadcrumb" in page or "当前位置" in page


def test_site_every_article_is_linked_from_a_list_page(manifest: dict, articles: dict[str, dict]) -> None:
    for key, outlet in manifest["outlets"].items():
        list_pages = outlet["list_pages"]
        assert len(list_pages) == 2
        linked = [p for page in list_pages for p in links_of(page) if p in articles]
        mine = [a for a in articles.values() if a["outlet"] == key]
        assert set(linked) == {a["path"] for a in mine}
        newest_first = sorted(mine, key=lambda a: a["published_at"], reverse=True)
        assert list(dict.fromkeys(linked)) == [a["path"] for a in newest_first]
        assert list_pages[1] in links_of(list_pages[0]) and list_pages[0] in links_of(list_pages[1])


def test_site_rss_lists_the_cylx_articles(articles: dict[str, dict]) -> None:
    feed = (SITE / "cylx/rss.xml").read_text(encoding="utf-8")
    links = [link.lstrip("/") for link in re.findall(r"<link>(/cylx/news/[^<]+)</link>", feed)]
    assert set(links) == {p for p, a in articles.items() if a["outlet"] == "cylx"}


def test_site_spans_three_iso_weeks_with_a_busiest_one(articles: dict[str, dict]) -> None:
    weeks = Counter(datetime.fromisoformat(a["published_at"]).isocalendar()[:2] for a in articles.values())
    assert sorted(weeks) == [(2026, 44), (2026, 45), (2026, 46)]
    (busiest, n), (_, runner_up) = weeks.most_common(2)
    assert busiest == (2026, 45) and n > runner_up


# ---------------------------------------------------------------- GBK page

def test_site_gbk_page_is_really_gbk(articles: dict[str, dict], site: str) -> None:
    raw = (SITE / GBK_PAGE).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    page = raw.decode("gbk")
    assert '<meta charset="gbk"' in page and articles[GBK_PAGE]["charset"] == "gbk"
    assert articles[GBK_PAGE]["first_sentence"] in page
    status, headers, body = fetch(site, "/" + GBK_PAGE)
    assert status == 200 and headers["content-type"] == "text/html; charset=gbk" and body == raw
    assert [p for p, a in articles.items() if a["charset"] != "utf-8"] == [GBK_PAGE]


# ---------------------------------------------------------------- gold

def test_site_gold_has_the_seed_format_and_verbatim_evidence(gold: list[dict], articles: dict[str, dict]) -> None:
    for g in gold:
        assert list(g) == GOLD_KEYS
        assert g["doc"] in articles, g["doc"]
        assert g["evidence"] in articles[g["doc"]]["text"], g["evidence"]
        assert g["type"] in EVENT_TYPES and set(g["type_alt"]) <= EVENT_TYPES
        assert g["section"] in SECTIONS
        assert g["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", g["date"])
        assert g["region"] is None or set(g["region"]) <= {"province", "city", "district"}
        assert isinstance(g["required"], bool)


def test_site_gold_covers_every_event_type_twice(gold: list[dict]) -> None:
    required = Counter(g["type"] for g in gold if g["required"])
    assert set(required) == EVENT_TYPES
    assert min(required.values()) >= 2, required


def test_site_gold_has_one_signing_reported_by_both_outlets(gold: list[dict], articles: dict[str, dict]) -> None:
    def key(g: dict) -> tuple:
        return g["date"], g["object"], frozenset(g["participants"])

    signings = [g for g in gold if g["type"] == "signing" and g["required"]]
    by_fact: dict[tuple, set[str]] = {}
    for g in signings:
        by_fact.setdefault(key(g), set()).add(articles[g["doc"]]["outlet"])
    shared = [k for k, outlets in by_fact.items() if outlets == {"jcrb", "cylx"}]
    assert len(shared) == 1
    reports = [g for g in signings if key(g) == shared[0]]
    assert reports[0]["evidence"] != reports[1]["evidence"]


def test_site_gold_dates_resolve_relative_expressions(gold: list[dict], articles: dict[str, dict]) -> None:
    """上周五 in a Monday article is the Friday before; an event never postdates its article."""
    for g in gold:
        if g["date"] and len(g["date"]) == 10:
            published = datetime.fromisoformat(articles[g["doc"]]["published_at"]).date()
            assert date.fromisoformat(g["date"]) <= published
    friday = [g for g in gold if g["evidence"].startswith("上周五")]
    assert friday and all(date.fromisoformat(g["date"]).weekday() == 4 for g in friday)


def test_site_gold_maps_docs_to_article_ids() -> None:
    mapped = data.gold_for_site("http://127.0.0.1:8765/", lambda url: "id:" + url)
    assert mapped[0]["doc"] == "id:http://127.0.0.1:8765/" + data.load_gold()[0]["doc"]
    assert data.doc_for_url("http://127.0.0.1:8765/cylx/news/7349.html?utm_source=x") == "cylx/news/7349.html"


def test_site_text_is_original(shared_dir: Path, articles: dict[str, dict]) -> None:
    """No 20-character run of an article appears in ../shared/ (seeds and corpus).

    Shorter runs do occur, all of them boilerplate: 行动方案（2026—2028年）, （以下简称《报告》）。《报告》.
    """
    k = 20
    runs = {t[i:i + k] for a in articles.values() for t in a["text"].split("\n") for i in range(len(t) - k + 1)}
    for path in [*shared_dir.joinpath("seeds").rglob("*"), *shared_dir.joinpath("corpus").rglob("*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore")
            hits = [text[i:i + k] for i in range(len(text) - k + 1) if text[i:i + k] in runs]
            assert not hits, f"{path}: {hits[:3]}"


# ---------------------------------------------------------------- server

def test_site_server_etag_and_304(site: str) -> None:
    status, headers, body = fetch(site, "/cylx/news/7349.html")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8" and body
    etag, last_modified = headers["etag"], headers["last-modified"]
    assert fetch(site, "/cylx/news/7349.html", headers={"If-None-Match": etag})[0] == 304
    assert fetch(site, "/cylx/news/7349.html", headers={"If-None-Match": '"other", ' + etag})[0] == 304
    assert fetch(site, "/cylx/news/7349.html", headers={"If-None-Match": '"other"'})[0] == 200
    status, _, body = fetch(site, "/cylx/news/7349.html", headers={"If-Modified-Since": last_modified})
    assert status == 304 and body == b""
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert fetch(site, "/cylx/news/7349.html", headers={"If-Modified-Since": old})[0] == 200
    assert fetch(site, "/jcrb/index.htm")[1]["etag"] != etag


def test_site_server_head_types_index_and_errors(site: str) -> None:
    status, headers, body = fetch(site, "/cylx/news/7349.html", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000
    assert fetch(site, "/cylx/rss.xml")[1]["content-type"] == "application/rss+xml; charset=utf-8"
    assert fetch(site, "/manifest.json")[1]["content-type"] == "application/json; charset=utf-8"
    status, headers, _ = fetch(site, "/cylx/news")
    assert status == 301 and headers["location"] == "/cylx/news/"
    status, _, body = fetch(site, "/cylx/news/")
    assert status == 200 and body == (SITE / "cylx/news/index.html").read_bytes()
    assert fetch(site, "/nope.html")[0] == 404
    assert fetch(site, "/../../etc/passwd")[0] == 404


def test_site_server_robots_txt(site: str) -> None:
    status, headers, body = fetch(site, "/robots.txt")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode().splitlines())
    assert robots.can_fetch("eventline", site + "/jcrb/index.htm")
    assert not robots.can_fetch("eventline", site + "/admin/index.html")


def test_site_server_routes_are_extensible() -> None:
    def boom(handler: SampleSiteHandler) -> None:
        handler.send_status(503, "try later")

    class Greeting(SampleSiteHandler):
        routes: ClassVar[dict[str, Route]] = {
            "/hello": lambda h: h.send_bytes("你好".encode("gbk"), "text/plain; charset=gbk"),
        }

    with serve(SITE, routes={"/boom": boom}, handler_class=Greeting) as (_server, base_url):
        assert fetch(base_url, "/boom")[0] == 503
        assert fetch(base_url, "/hello")[2].decode("gbk") == "你好"
        assert fetch(base_url, "/robots.txt")[0] == 200


def test_site_server_cli_prints_its_url(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sample_site.server", "--root", str(SITE), "--port", "0"],
        stdout=subprocess.PIPE, text=True, cwd=Path(data.PACKAGE_DIR).parent,
    )
    try:
        url = proc.stdout.readline().strip() if proc.stdout else ""
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        status, _, body = fetch(url, "/manifest.json")
        assert status == 200 and len(json.loads(body)["articles"]) == 24
    finally:
        proc.terminate()
        proc.wait(timeout=10)
