"""Helpers for crawler tests: paths, a temp copy of sources.yaml, settings, JSONL reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from eventline.config import Settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SAMPLE_ROOT = ROOT / "sample_site" / "site"
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "INFO"}


def write_sources(
    path: Path,
    extra_entries: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    changes: dict[str, dict] | None = None,
) -> Path:
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
