"""Adding an event type is three files: a rule module, its pattern file and its vocabulary row.

A copy of the application gets the fixture type `acquisition` (`ninth_type/`: `acquisition.py`,
`acquisition.jsonl`, one row appended to `schemas/event_types.jsonl`) and nothing else; then, with
real HanLP, a real SQLite store, a real HTTP server and headless Chromium, the new type is
extracted, labelled by the CLI, placed in a digest section, served by the API and offered on the page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "ninth_type"
PACKAGES = ("schemas", "nlp", "store", "digest", "api", "eventline", "crawlers")
JAR = ROOT / "var" / "lib" / "hanlp-portable-1.8.6.jar"
CHROMIUM = "/usr/bin/chromium"
ARTICLE = {
    "id": "acq-1", "source": "江城日报", "url": "http://sample.eventline.test/acq-1.html",
    "title": "江城智能科技收购光谷芯片设计公司", "published_at": "2026-11-18T10:00:00+08:00",
    "text": "江城智能科技收购光谷芯片设计公司\n11月18日，武汉江城智能科技有限公司宣布收购湖北光谷芯片设计有限公司，"
            "交易金额为3亿元。双方表示，将共同开发车规级芯片。",
}

pytestmark = [pytest.mark.hanlp, pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def app_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The application's packages, plus the fixture type's three files."""
    copy = tmp_path_factory.mktemp("ninth") / "project"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "sources.yaml", copy / "sources.yaml")
    shutil.copy(FIXTURE / "acquisition.py", copy / "nlp" / "events" / "acquisition.py")
    shutil.copy(FIXTURE / "acquisition.jsonl", copy / "nlp" / "events" / "patterns" / "acquisition.jsonl")
    with (copy / "schemas" / "event_types.jsonl").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write((FIXTURE / "vocabulary_row.jsonl").read_text(encoding="utf-8"))
    return copy


@pytest.fixture(scope="module")
def env(app_copy: Path) -> dict[str, str]:
    data = app_copy.parent / "data"
    return {**os.environ, "PYTHONPATH": str(app_copy), "EVENTLINE_HANLP_JAR": os.environ.get("EVENTLINE_HANLP_JAR",
            str(JAR)), "EVENTLINE_DATA_DIR": str(data), "EVENTLINE_STORE": "sqlite", "COLUMNS": "200"}


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "eventline.cli", *args], env=env, cwd=env["PYTHONPATH"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"eventline {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def events_file(app_copy: Path, env: dict[str, str]) -> Path:
    articles = app_copy.parent / "articles.jsonl"
    articles.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    events = app_copy.parent / "events.jsonl"
    cli(env, "extract", "--input", str(articles), "--output", str(events), "--format", "events")
    cli(env, "ingest", "--input", str(events))
    return events


def test_ninth_type_is_extracted(events_file: Path) -> None:
    events = [json.loads(line) for line in events_file.read_text(encoding="utf-8").splitlines()]
    (acquisition,) = [e for e in events if e["type"] == "acquisition"]
    assert acquisition["object"] == "湖北光谷芯片设计有限公司"
    assert acquisition["headline"] == "武汉江城智能科技有限公司收购湖北光谷芯片设计有限公司"  # the row's headline form
    assert acquisition["date"]["value"] == "2026-11-18"


def test_ninth_type_is_labelled_in_the_cli(events_file: Path, env: dict[str, str]) -> None:
    table = cli(env, "timeline", "--type", "acquisition")
    assert "收购" in table and "湖北光谷芯片设计有限公司" in table
    assert "收购 (acquisition)" in cli(env, "stats", "--by", "type")


def test_ninth_type_is_placed_in_a_digest_section(events_file: Path, env: dict[str, str], app_copy: Path) -> None:
    markdown = cli(env, "digest", "--from", str(events_file), "--week", "2026-W47", "--format", "md",
                   "--out", str(app_copy.parent / "digests"))
    section = markdown.split("## 产业应用", 1)  # the row's section: the type has no sectioning rule of its own
    assert len(section) == 2 and "湖北光谷芯片设计有限公司" in section[1].split("\n## ", 1)[0]


@pytest.fixture(scope="module")
def server(events_file: Path, env: dict[str, str]) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "eventline.cli", "serve", "--port", str(port)], env=env,
                            cwd=env["PYTHONPATH"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the API did not start (exit {proc.poll()})")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ninth_type_is_served_by_the_api(server: str) -> None:
    types = {row["type"]: row for row in httpx.get(server + "/types").json()}
    assert types["acquisition"]["label"] == "收购" and list(types)[-1] == "acquisition"
    page = httpx.get(server + "/events", params={"type": "acquisition"}).json()
    assert page["total"] == 1 and page["events"][0]["object"] == "湖北光谷芯片设计有限公司"


def test_ninth_type_is_offered_on_the_page(server: str) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_system_deps.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(server + "/")
            page.wait_for_selector("body[data-state=ready]")
            assert "收购（acquisition）" in page.locator("#f-type option").all_text_contents()
            page.select_option("#f-type", "acquisition")
            page.wait_for_function("() => document.getElementById('total').dataset.total === '1'")
            assert page.locator("li.event .badge.type").all_text_contents() == ["收购"]
        finally:
            browser.close()
