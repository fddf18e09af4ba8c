"""Crawler test fixtures: local servers (stored pages, sample site, fake roll API, failure routes)
and a helper that runs real spiders through `eventline.crawling.run_crawl` in a subprocess."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from crawl_servers import cls_routes, corpus_routes, failure_routes

from eventline.config import Settings
from sample_site.server import serve

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SAMPLE_ROOT = ROOT / "sample_site" / "site"
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "INFO"}


@pytest.fixture(scope="session")
def corpus_html(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "html"


@pytest.fixture(scope="session")
def corpus_server(corpus_html: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Stored pages at /corpus/<dir>/<file>, byte-for-byte, original Content-Type (no charset given)."""
    empty = tmp_path_factory.mktemp("corpus-root")
    (empty / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    with serve(empty, routes=corpus_routes(corpus_html)) as (_, base):
        yield base


@pytest.fixture(scope="session")
def sample_server() -> Iterator[str]:
    """The team's sample site as shipped (sample_site/site), ETag / Last-Modified / robots.txt included."""
    with serve(SAMPLE_ROOT) as (_, base):
        yield base


@dataclass
class FailureSite:
    base: str
    hits: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="session")
def failure_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FailureSite]:
    site = FailureSite(base="")
    root = tmp_path_factory.mktemp("fail-root")
    with serve(root, routes=failure_routes(site.hits)) as (_, base):
        site.base = base
        yield site


def write_sources(path: Path, extra_entries: list[dict[str, Any]] = (), changes: dict[str, dict] | None = None) -> Path:
    """A copy of the project's sources.yaml with entries changed / added (tests never edit the real one)."""
    data = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    for entry in data["sources"]:
        entry.update((changes or {}).get(entry["key"], {}))
    data["sources"].extend(extra_entries)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_settings(tmp: Path, sources: Path | None = None) -> Settings:
    return Settings(data_dir=tmp / "data", sources_file=sources or ROOT / "sources.yaml", sqlite_path=tmp / "s.sqlite3")


def read_jsonl(path: str | Path | None) -> list[dict[str, Any]]:
    if not path or not Path(path).exists():
        return []
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the sample site that a test may change."""
    return Path(shutil.copytree(SAMPLE_ROOT, tmp_path / "site"))
