"""Crawler test fixtures: local servers (stored pages, sample site, fake roll API, failure routes)
and a helper that runs real spiders through `eventline.crawling.run_crawl` in a subprocess."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helper modules beside this file
from crawl_helpers import SAMPLE_ROOT
from crawl_servers import corpus_routes, failure_routes

from sample_site.server import serve


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


@pytest.fixture()
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the sample site that a test may change."""
    return Path(shutil.copytree(SAMPLE_ROOT, tmp_path / "site"))
