"""Fixtures shared by every test package: where `../shared/` is, and the project root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.conftest_es"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTLINE_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared/` (seeds, gold, corpus); tests that need it skip only where it is absent."""
    if not (SHARED / "gold" / "seed_events.jsonl").exists():
        pytest.skip(f"../shared/ is not present at {SHARED} (set EVENTLINE_SHARED)")
    return SHARED
