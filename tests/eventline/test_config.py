"""`eventline.config`: one set of defaults, the environment on top, and the crawl child sees the same settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventline.config import Settings, env_name, load_settings
from eventline.crawling import crawl_env

EVERY_FIELD_CHANGED: dict[str, object] = {
    "store": "elasticsearch", "data_dir": "/srv/eventline", "sqlite_path": "/srv/db.sqlite3",
    "es_url": "https://es.example:9200", "es_username": "u", "es_password": "p", "es_api_key": "k",
    "es_verify_certs": False, "es_ca_certs": "/etc/ca.pem", "es_index_prefix": "ev2",
    "sources_file": "/srv/sources.yaml", "contact": "ops@example.org", "crawl_pools": "domain",
    "extract_during_crawl": True, "extract_socket": "/run/eventline/extract.sock", "extract_service_key": "sk",
    "smtp_url": "smtp://mail.example:25", "smtp_conn_id": "smtp_ops", "digest_from": "digest@example.org",
    "digest_to": "a@example.org", "digest_topic": "产业区块链", "alert_to": "ops@example.org", "alert_webhook": "http://127.0.0.1:9/hook",
}


def test_config_environment_over_defaults_and_overrides_over_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTLINE_STORE", "elasticsearch")
    monkeypatch.setenv("EVENTLINE_SOURCES", "/srv/sources.yaml")
    monkeypatch.setenv("EVENTLINE_ES_INDEX_PREFIX", "")  # empty means unset
    settings = load_settings(store="sqlite", contact=None)
    assert (settings.store, settings.sources_file, settings.es_index_prefix) == ("sqlite", Path("/srv/sources.yaml"),
                                                                               "eventline")
    assert env_name("sources_file") == "EVENTLINE_SOURCES" and env_name("data_dir") == "EVENTLINE_DATA_DIR"


def test_config_crawl_child_reads_every_setting_of_its_parent(tmp_path: Path) -> None:
    assert set(EVERY_FIELD_CHANGED) == set(Settings.model_fields), "give the new setting a changed value here"
    parent = Settings(**EVERY_FIELD_CHANGED)  # type: ignore[arg-type]
    code = "from eventline.config import load_settings; print(load_settings().model_dump_json())"
    out = subprocess.run([sys.executable, "-c", code], env=crawl_env(parent), capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout
    child = json.loads(out)  # secrets print masked: compare them through the child's environment instead
    masked = json.loads(parent.model_dump_json())
    assert child == masked
    env = crawl_env(parent)
    assert (env["EVENTLINE_ES_PASSWORD"], env["EVENTLINE_ES_API_KEY"], env["EVENTLINE_SMTP_URL"]) == (
        "p", "k", "smtp://mail.example:25")


def test_config_crawl_settings_module_takes_paths_and_contact_from_settings(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data", contact="ops@example.org", sources_file=tmp_path / "s.yaml")
    keys = ("EVENTLINE_DATA_DIR", "EVENTLINE_STATS_FILE", "EVENTLINE_STATE_FILE", "EVENTLINE_SOURCES_FILE",
            "EVENTLINE_STORE_FACTORY", "USER_AGENT", "ROBOTSTXT_OBEY")
    code = ("import json; from scrapy.utils.project import get_project_settings; s = get_project_settings();"
            f"print(json.dumps({{k: s.get(k) for k in {keys!r}}}))")
    out = subprocess.run([sys.executable, "-c", code], env=crawl_env(settings), capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout
    seen = json.loads(out)
    assert seen["EVENTLINE_DATA_DIR"] == str(tmp_path / "data")
    assert seen["EVENTLINE_STATS_FILE"] == str(settings.crawl_stats_file)
    assert seen["EVENTLINE_STATE_FILE"] == str(settings.crawl_state_file)
    assert seen["EVENTLINE_SOURCES_FILE"] == str(tmp_path / "s.yaml")
    assert seen["EVENTLINE_STORE_FACTORY"] == "eventline.stores:open_store"
    assert seen["USER_AGENT"].endswith("+mailto:ops@example.org") and seen["ROBOTSTXT_OBEY"] is True
