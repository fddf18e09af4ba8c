"""`eventline sources check`: a live probe with real Scrapy against the local sample site.

It gives the same answer every time on an unchanged source (it works in a scratch directory,
so "unchanged since the last crawl" never hides the article it needs), leaves the source's
crawl history alone, and fails naming the URL when the start page is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from eventline.cli import app
from eventline.history import history_file
from sample_site.data import SITE_DIR
from sample_site.server import SampleSiteHandler, serve

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def site_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, bool], Path]]:
    """The sample site (江城日报's list page can be switched to 404), its sources, a fresh data dir."""
    gone = {"jcrb": False}

    def index(handler: SampleSiteHandler) -> None:
        if gone["jcrb"]:
            handler.send_status(404, "Not Found")
        else:
            handler.serve_file("/jcrb/index.htm")

    data = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    entries = [e for e in (data["sources"] if isinstance(data, dict) else data) if e["key"].startswith("sample_")]
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("EVENTLINE_SOURCES", str(sources))
    monkeypatch.setenv("EVENTLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EVENTLINE_SQLITE_PATH", raising=False)
    with serve(SITE_DIR, routes={"/jcrb/index.htm": index}) as (_, base):
        monkeypatch.setenv("SAMPLE_SITE", base)
        yield base, gone, tmp_path / "data"


def test_sources_check_passes_twice_on_an_unchanged_source_and_keeps_out_of_the_history(
    site_env: tuple[str, dict[str, bool], Path],
) -> None:
    base, gone, data = site_env
    crawled = runner.invoke(app, ["crawl", "sample_jcrb"])  # the scheduled crawl has seen every page
    assert crawled.exit_code == 0, crawled.output
    history = history_file(data).read_text(encoding="utf-8")
    for _ in range(2):
        checked = runner.invoke(app, ["sources", "check", "sample_jcrb"])
        assert checked.exit_code == 0, checked.output
        assert checked.stdout.startswith("sample_jcrb    ok pages=") and f"{base}/jcrb/" in checked.stdout
    assert history_file(data).read_text(encoding="utf-8") == history  # the probe is not a crawl of record

    gone["jcrb"] = True
    broken = runner.invoke(app, ["sources", "check", "sample_jcrb"])
    assert broken.exit_code == 1
    assert "FAIL" in broken.stdout and f"http_404 {base}/jcrb/index.htm (start page)" in broken.stdout
