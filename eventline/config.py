"""Settings: every default written once, here; each field can be set by `EVENTLINE_<FIELD>`.

Scrapy's `default_settings.py` model: this class is the one place a setting and its default
are declared. The environment is layered on top (`EVENTLINE_STORE`, `EVENTLINE_DATA_DIR`, …;
the registry is `EVENTLINE_SOURCES`), explicit arguments on top of that (`load_settings`).
Everything in the application reads settings through here: the crawl child process too
(`eventline.crawling` hands it every field with `settings_env`, and its Scrapy settings
module `eventline.crawl_settings` reads them back with `load_settings`).

The embedded default needs no server: a SQLite file under `var/`. Set
`EVENTLINE_STORE=elasticsearch` and `EVENTLINE_ES_URL` to use Elasticsearch; credentials
come from `EVENTLINE_ES_USERNAME` / `EVENTLINE_ES_PASSWORD` or `EVENTLINE_ES_API_KEY` and
are never logged (they are `SecretStr`, like the SMTP URL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from crawlers.stats import STATS_FILE_NAME

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "EVENTLINE_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, populate_by_name=True,
                                      extra="forbid")

    # -- store
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
    # -- crawling
    sources_file: Path = Field(default=PROJECT_ROOT / "sources.yaml", validation_alias="EVENTLINE_SOURCES")
    contact: str = Field(default="eventline-ops@example.org", description="named in the crawler's User-Agent")
    crawl_pools: Literal["", "domain"] = Field(default="", description="domain: one Airflow pool per crawled domain")
    extract_during_crawl: bool = Field(
        default=False, description="crawl tasks extract events while crawling (eventline.following; needs Java)")
    extract_socket: Path | None = Field(
        default=None, description="the extraction service's Unix socket (None: extract.sock in data_dir)")
    extract_service_key: SecretStr | None = Field(
        default=None, description="the extraction service's authkey (None: the key file beside its socket)")
    # -- mail and alerts
    smtp_url: SecretStr | None = Field(default=None, description="smtp://user:pass@host:port (outside Airflow)")
    smtp_conn_id: str = Field(default="smtp_default", description="the Airflow connection used when smtp_url is unset")
    digest_from: str = "eventline@localhost"
    digest_to: str = Field(default="", description="comma-separated digest recipients")
    digest_topic: str | None = Field(default=None, description="industry the digest title names (None: default)")
    alert_to: str = Field(default="", description="comma-separated recipients of source-health alerts")
    alert_webhook: str | None = Field(default=None, description="URL receiving source-health alerts as JSON")

    @property
    def sqlite_file(self) -> Path:
        return self.sqlite_path or self.data_dir / "eventline.sqlite3"

    @property
    def extract_service_socket(self) -> Path:
        """Where `eventline extract-service` listens and `crawl_and_extract` looks for it."""
        return self.extract_socket or self.data_dir / "extract.sock"

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
    def crawl_state_file(self) -> Path:
        """What the crawler has seen (URL, content hash, validators): incremental crawls."""
        return self.data_dir / "crawl_state.sqlite3"

    @property
    def crawl_stats_file(self) -> Path:
        """The last run of each source (`crawlers.stats`)."""
        return self.data_dir / STATS_FILE_NAME

    @property
    def digests_dir(self) -> Path:
        return self.data_dir / "digests"

    @property
    def overrides_dir(self) -> Path:
        """Editors' per-week override files (`2026-W45.yaml`), kept across re-renders."""
        return self.data_dir / "overrides"


def env_name(field: str) -> str:
    """The environment variable of a settings field (`data_dir` → `EVENTLINE_DATA_DIR`)."""
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else ENV_PREFIX + field.upper()


def load_settings(**overrides: object) -> Settings:
    """Defaults ← environment ← explicit overrides (None overrides are ignored)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def settings_env(settings: Settings) -> dict[str, str | None]:
    """Every field as its environment variable (None: unset), so a child process that calls
    `load_settings` gets these settings exactly: a new field needs no extra line anywhere."""
    values: dict[str, str | None] = {}
    for field in Settings.model_fields:
        value = getattr(settings, field)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, bool):
            value = str(value).lower()
        values[env_name(field)] = None if value is None else str(value)
    return values
