"""Settings: one set of defaults, layered with environment variables (EVENTLINE_*).

The embedded default needs no server: a SQLite file under `var/`. Set
`EVENTLINE_STORE=elasticsearch` and `EVENTLINE_ES_URL` to use Elasticsearch; credentials
come from `EVENTLINE_ES_USERNAME` / `EVENTLINE_ES_PASSWORD` or `EVENTLINE_ES_API_KEY` and
are never logged (they are `SecretStr`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseModel):
    store: Literal["sqlite", "elasticsearch"] = "sqlite"
    data_dir: Path = PROJECT_ROOT / "var"
    sqlite_path: Path | None = None
    es_url: str = "http://127.0.0.1:9200"
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_api_key: SecretStr | None = None
    es_verify_certs: bool = True
    es_ca_certs: Path | None = None
    es_index_prefix: str = "eventline"
    sources_file: Path = PROJECT_ROOT / "sources.yaml"
    contact: str = "eventline-ops@example.org"

    @property
    def sqlite_file(self) -> Path:
        return self.sqlite_path or self.data_dir / "eventline.sqlite3"

    @property
    def spool_dir(self) -> Path:
        """Where writes that could not reach the store wait for replay."""
        return self.data_dir / "spool"

    @property
    def articles_dir(self) -> Path:
        """Where crawls write their JSONL output."""
        return self.data_dir / "articles"

    @property
    def watches_file(self) -> Path:
        """Saved watches (`eventline watch`), with what each has delivered."""
        return self.data_dir / "watches.json"

    @property
    def digests_dir(self) -> Path:
        return self.data_dir / "digests"

    @property
    def overrides_dir(self) -> Path:
        """Editors' per-week override files (`2026-W45.yaml`), kept across re-renders."""
        return self.data_dir / "overrides"


_ENV_FIELDS = {
    "store": "EVENTLINE_STORE",
    "data_dir": "EVENTLINE_DATA_DIR",
    "sqlite_path": "EVENTLINE_SQLITE_PATH",
    "es_url": "EVENTLINE_ES_URL",
    "es_username": "EVENTLINE_ES_USERNAME",
    "es_password": "EVENTLINE_ES_PASSWORD",
    "es_api_key": "EVENTLINE_ES_API_KEY",
    "es_verify_certs": "EVENTLINE_ES_VERIFY_CERTS",
    "es_ca_certs": "EVENTLINE_ES_CA_CERTS",
    "es_index_prefix": "EVENTLINE_ES_INDEX_PREFIX",
    "sources_file": "EVENTLINE_SOURCES",
    "contact": "EVENTLINE_CONTACT",
}


def load_settings(**overrides: object) -> Settings:
    """Defaults ← environment ← explicit overrides (None overrides are ignored)."""
    values: dict[str, object] = {}
    for field, env_name in _ENV_FIELDS.items():
        if env_name in os.environ and os.environ[env_name] != "":
            values[field] = os.environ[env_name]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
