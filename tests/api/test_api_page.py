"""The timeline page in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no browser download).

A uvicorn server on 127.0.0.1 serves the API over a SQLite store holding the sample timeline
plus one event whose headline and evidence carry HTML, which must show as text.
"""

from __future__ import annotations

import csv
import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from api.app import create_app
from schemas import SHANGHAI, TYPE_INFO, Event, EventDate, EventType, Mention, Participant, Region, Section
from store.sqlite import SQLiteStore
from tests.api.api_sample import sample_articles, sample_events

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HOSTILE = '<img src=x onerror="window.__xss=1">'


def _hostile_event() -> Event:
    sentence = f"6月1日，{HOSTILE}公司与上海市经济和信息化委员会签署合作备忘录。"
    return Event(
        type=EventType.signing,
        date=EventDate(value=date(2022, 6, 1), precision="day", expression="6月1日"),
        region=Region(province="上海市", city="上海市"),
        participants=[Participant(name=f"{HOSTILE}公司"), Participant(name="上海市经济和信息化委员会")],
        object="合作备忘录",
        trigger="签署",
        headline=f"{HOSTILE}公司与上海市经信委签署合作备忘录",
        section=Section.application,
        reported_on=date(2022, 6, 2),
        mentions=[
            Mention(
                article_id="a_hostile",
                url="javascript:window.__xss=2",
                source="测试来源",
                published_at=datetime(2022, 6, 2, 9, tzinfo=SHANGHAI),
                sentence=sentence,
                start=0,
                end=len(sentence),
            )
        ],
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("page") / "page.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_articles(sample_articles())
        store.upsert_events([*sample_events(), _hostile_event()])
    port = _free_port()
    config = uvicorn.Config(create_app(lambda: SQLiteStore(path)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_system_deps.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 1400}, locale="zh-CN")
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_url) else outside.append(r.url))
    page.goto(live_url + "/")
    _wait_ready(page)
    yield page
    assert outside == [], f"the page requested outside resources: {outside}"
    context.close()


def _wait_ready(page: Page, total: int | None = None) -> None:
    page.wait_for_selector("body[data-state=ready]")
    if total is not None:
        page.wait_for_function("n => document.getElementById('total').dataset.total === String(n)", arg=total)


def _chart(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const c = window.eventlineChart;
            return {labels: c.data.labels,
                    series: Object.fromEntries(c.data.datasets.map(d => [d.type_key, d.data]))};
        }"""
    )


def _continuous(labels: list[str]) -> bool:
    """Every month from the first label to the last, in order (then possibly 日期未知)."""
    months = [label for label in labels if label != "日期未知"]
    as_numbers = [int(m[:4]) * 12 + int(m[5:7]) - 1 for m in months]
    return as_numbers == list(range(as_numbers[0], as_numbers[0] + len(as_numbers)))


def _save_screenshot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot, kept under var/test-artifacts/ for the closing notes."""
    page.screenshot(path=str(tmp_path / name), full_page=True)
    assert (tmp_path / name).stat().st_size > 10_000
    artifacts = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / name, artifacts / name)


def _chart_total(chart: dict[str, Any]) -> int:
    return sum(sum(values) for values in chart["series"].values())


def test_api_page_filters_update_list_and_chart(page: Page, tmp_path: Path) -> None:
    assert page.locator("#total").get_attribute("data-total") == "13"
    assert page.locator("li.event").count() == 13
    chart = _chart(page)
    assert _chart_total(chart) == 13
    assert set(chart["series"]) == {t.value for t in EventType}
    assert chart["labels"][0] == "2020-07" and chart["labels"][-1] == "日期未知"

    page.select_option("#f-province", "湖北省")  # a select filter applies at once
    _wait_ready(page, total=7)
    assert page.locator("li.event").count() == 7
    chart = _chart(page)
    assert _chart_total(chart) == 7
    assert set(chart["series"]) == {"approval", "signing", "policy_release", "establishment", "meeting"}
    july = chart["labels"].index("2021-07")  # the Shanghai white paper's month stays on the axis, empty
    assert all(values[july] == 0 for values in chart["series"].values())
    assert _continuous(chart["labels"])

    page.select_option("#f-type", "approval")
    page.fill("#f-from", "2021-01-01")
    page.click("#f-apply")
    _wait_ready(page, total=2)
    headlines = page.locator("li.event h3").all_text_contents()
    assert headlines == ["工信部批复襄阳创建国家级车联网先导区", "湖北省发改委批复武汉光谷人工智能计算中心项目"]
    chart = _chart(page)
    assert chart["labels"][0] == "2021-03" and chart["labels"][-1] == "2022-06" and _continuous(chart["labels"])
    assert chart["series"]["approval"] == [1] + [0] * 14 + [1]  # March 2021 and June 2022, empty months between
    first = page.locator("li.event").first
    assert first.locator("mark.trigger").all_text_contents() == ["批复"]
    assert first.locator("mark.participant").all_text_contents() == ["工信部"]
    assert first.locator("a.source-link").get_attribute("href") == "http://sample.eventline.test/xy-v2x-2022.html"

    _save_screenshot(page, tmp_path, "timeline-page.png")


def test_api_page_offers_the_types_the_api_serves(page: Page) -> None:
    options = page.locator("#f-type option").all_text_contents()
    assert options == ["全部类型", *(f"{t.label}（{t.type}）" for t in TYPE_INFO.values())]
    badge = page.locator("li.event .badge.type").first
    assert badge.text_content() in {t.label for t in TYPE_INFO.values()}


def test_api_page_free_text_and_paging(page: Page) -> None:
    page.fill("#f-q", "腾讯")
    page.press("#f-q", "Enter")
    _wait_ready(page, total=2)
    assert sorted(page.locator("li.event h3").all_text_contents()) == sorted(
        ["武汉市政府与腾讯签署战略合作协议", "腾讯与华中科技大学签约共建联合实验室"]
    )
    merged = page.locator("li.event", has_text="武汉市政府与腾讯签署战略合作协议")
    assert merged.locator("blockquote.evidence").count() == 2  # two outlets, two evidence sentences
    assert "腾讯" in merged.locator("mark.participant").all_text_contents()
    assert _chart_total(_chart(page)) == 2
    assert page.locator("#next").is_disabled()


def test_api_page_shows_html_in_data_as_text(page: Page) -> None:
    page.fill("#f-q", "合作备忘录")
    page.click("#f-apply")
    _wait_ready(page, total=1)
    item = page.locator("li.event").first
    assert item.locator("h3").text_content() == f"{HOSTILE}公司与上海市经信委签署合作备忘录"
    assert item.locator("img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert item.locator("a.source-link").count() == 0  # a javascript: source URL is not made a link
    hrefs = item.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("?org=") for h in hrefs)  # only the organisation links
    assert item.locator("mark.participant").first.text_content() == f"{HOSTILE}公司"


def test_api_page_filters_live_in_the_url(page: Page, live_url: str) -> None:
    page.goto(live_url + "/?province=%E6%B9%96%E5%8C%97%E7%9C%81&type=approval&from=2021-01-01")
    _wait_ready(page, total=2)
    assert page.input_value("#f-province") == "湖北省"
    assert page.input_value("#f-type") == "approval"
    assert page.input_value("#f-from") == "2021-01-01"

    page.fill("#f-org", "工信部")
    page.click("#f-apply")
    _wait_ready(page, total=1)
    assert "org=" in page.url and "province=" in page.url

    page.go_back()
    _wait_ready(page, total=2)
    assert page.input_value("#f-org") == ""


def test_api_page_short_place_org_and_section_filters(page: Page) -> None:
    page.fill("#f-place", "武汉")
    page.click("#f-apply")
    _wait_ready(page, total=5)
    page.select_option("#f-section", "产业政策")
    _wait_ready(page, total=2)
    page.fill("#f-place", "")
    page.select_option("#f-section", "")
    page.select_option("#f-city", "武汉市")
    _wait_ready(page, total=5)


def test_api_page_downloads_the_csv_of_the_current_view(page: Page, tmp_path: Path) -> None:
    page.select_option("#f-province", "湖北省")
    _wait_ready(page, total=7)
    with page.expect_download() as info:
        page.click("#download")
    path = tmp_path / "download.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,date,date_precision,type")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 7 and {r["province"] for r in rows} == {"湖北省"}
    assert page.get_attribute("#feed", "href") == page.get_attribute("#download", "href").replace(".csv", ".atom")


def test_api_page_error_replaces_stale_results(page: Page) -> None:
    assert page.locator("li.event").count() == 13
    page.fill("#f-place", "火星基地")
    page.click("#f-apply")
    page.wait_for_selector("body[data-state=error]")
    assert "火星基地" in page.text_content("#status")
    assert page.locator("li.event").count() == 0
    assert page.locator("#total").get_attribute("data-total") == ""
    assert _chart(page)["labels"] == []


def test_api_page_region_view_narrows_on_click(page: Page, tmp_path: Path) -> None:
    regions = page.locator("#regions li.region-row")
    assert regions.first.get_attribute("data-region") == "湖北省"  # the most events first
    page.click("#regions li.region-row[data-region='湖北省'] button")
    _wait_ready(page, total=7)
    assert page.input_value("#f-province") == "湖北省"
    assert "城市" in page.text_content("#region-level")
    assert set(regions.evaluate_all("rows => rows.map(r => r.dataset.region)")) >= {"武汉市", "襄阳市"}
    _save_screenshot(page, tmp_path, "timeline-regions.png")


def test_api_page_org_link_aliases_and_article_text(page: Page, tmp_path: Path) -> None:
    page.click("li.event a.org-link:text-is('工业和信息化部')")
    _wait_ready(page)
    assert page.input_value("#f-org") == "工业和信息化部"
    page.wait_for_function("() => document.getElementById('org-aliases').textContent.includes('工信部')")
    assert page.is_visible("#org-panel")
    first = page.locator("li.event").first
    first.locator("button.article-toggle").first.click()
    page.wait_for_function("() => (document.querySelector('pre.article-text') || {}).textContent?.startsWith('本报讯')")
    _save_screenshot(page, tmp_path, "timeline-org.png")
