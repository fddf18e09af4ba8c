"""The HTML digest opened in Debian's headless Chromium (via Playwright): screenshot + rendered text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from digest import build_digest, render_html
from schemas import ParticipantKind, Section

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium (scripts/install_system_deps.sh installs it); Playwright never downloads one."""
    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or CHROMIUM)
    if not executable.exists():
        pytest.fail(f"{executable} is missing: run scripts/install_system_deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def test_digest_html_renders_in_chromium(browser, make_event, tmp_path: Path) -> None:
    events = [
        make_event("贵阳贵安区块链发展三年行动计划发布", day=date(2020, 7, 22),
                   participants=(("贵州省大数据发展领导小组", ParticipantKind.government),)),
        make_event("区块链专利白皮书公布：腾讯位列第一", section=Section.research, day=date(2020, 7, 24)),
        make_event("深圳龙华区与腾讯合作共建产业区块链联盟", section=Section.alliance, outlets=("财联社", "巴比特")),
        make_event("四川省公务员信用记录查询系统上线", section=Section.application, day=date(2020, 7, 23)),
        make_event("云图控股携手祺鲲科技共建云图农服平台 <script>window.hacked=1</script>",
                   section=Section.listed_company),
    ]
    digest = build_digest(events, "2020-W30")
    page_file = tmp_path / "digest.html"
    page_file.write_text(render_html(digest), encoding="utf-8")
    screenshot = tmp_path / "digest.png"

    page = browser.new_page(viewport={"width": 760, "height": 900})
    try:
        page.goto(page_file.as_uri())
        page.screenshot(path=str(screenshot), full_page=True)
        text = page.inner_text("body")
        hacked = page.evaluate("() => window.hacked === undefined")
        title = page.title()
    finally:
        page.close()

    assert screenshot.stat().st_size > 1000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert title == digest.title
    assert digest.title in text
    for section in digest.sections:
        assert section.title in text
        for item in section.items:
            assert item.headline in text
    assert hacked, "an escaped headline must not run as script"


def test_digest_empty_week_renders_in_chromium(browser, tmp_path: Path) -> None:
    page_file = tmp_path / "empty.html"
    page_file.write_text(render_html(build_digest([], "2020-W30")), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.screenshot(path=str(tmp_path / "empty.png"))
        text = page.inner_text("body")
    finally:
        page.close()
    assert "本周暂无产业区块链动态。" in text
    assert (tmp_path / "empty.png").stat().st_size > 0
