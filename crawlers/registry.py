"""The source registry: `sources.yaml` entries validated into `Source` models (data, not code).

An entry is a publisher declaration in the Fundus manner: key, outlet name, kind, start URLs,
link pattern, selectors, charset override, politeness, schedule and SLA. Older page templates
are kept as `layouts` (newest first), each with the last day it was valid, instead of editing
selectors in place. `${NAME}` placeholders in URLs and domains (e.g. `${SAMPLE_SITE}`) are
expanded from a mapping (spider settings, then the environment) when a crawl resolves its entry.

`load_registry` validates the whole file at once (one error listing every bad field; the
registry tests use it so the shipped file stays clean). Crawls, DAG generation and the CLI read
entry by entry (`load_entries`, `load_source`), so one bad entry breaks only itself: the others
still load, and the bad one is named with its problems.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SourceKind = Literal["html_list", "rss", "sitemap", "json_api"]
_VAR = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
_CRON_FIELD = re.compile(r"^[\d*/,\-]+$")


class RegistryError(ValueError):
    """A sources.yaml problem; the message names the file, the source key and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: object) -> object:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


class Selectors(_Strict):
    """CSS selectors tried in order per field (`::attr(x)` allowed); `exclude` is removed from the body."""

    title: list[str] = Field(default_factory=list)
    date: list[str] = Field(default_factory=list)
    body: list[str] = Field(default_factory=list)
    author: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)

    _listify = field_validator("title", "date", "body", "author", "exclude", mode="before")(
        classmethod(lambda cls, v: _as_list(v))
    )

    def merged(self, override: Selectors) -> Selectors:
        """These selectors with the non-empty fields of `override` put in their place."""
        data = self.model_dump()
        data.update({k: v for k, v in override.model_dump().items() if v})
        return Selectors(**data)


class Layout(_Strict):
    """An older template: its selectors apply to pages from before `valid_until` (inclusive)."""

    valid_until: date
    selectors: Selectors
    note: str | None = None


class Politeness(_Strict):
    delay_s: float = Field(default=1.0, ge=0, le=600)
    concurrency: int = Field(default=1, ge=1, le=16)


class Api(_Strict):
    """A JSON endpoint (财联社's roll): URL, fixed query, headers, signing and paging by a cursor."""

    url: str
    params: dict[str, str | int | None] = Field(default_factory=dict)
    headers: dict[str, str] = Field(default_factory=dict)
    sign: Literal["none", "sha1_md5"] = "none"
    items_path: str = "data.roll_data"
    cursor_param: str = "last_time"
    cursor_field: str = "ctime"
    max_pages: int = Field(default=20, ge=1)
    detail_url: str | None = Field(default=None, description="template with {id}; followed when an item has no text")


class Source(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    kind: SourceKind
    spider: str = "generic"
    start_urls: list[str] = Field(default_factory=list)
    allowed_domains: list[str] = Field(default_factory=list)
    article_url_pattern: str
    list_url_pattern: str | None = None
    title_filter: str | None = Field(
        default=None, description="regex; keep only articles whose list/page title matches"
    )
    selectors: Selectors = Field(default_factory=Selectors)
    charset: str | None = None
    politeness: Politeness = Field(default_factory=Politeness)
    schedule: str = "0 */6 * * *"
    timeout_s: int = Field(default=1800, ge=10, description="whole-crawl limit (Airflow execution_timeout)")
    download_timeout_s: float = Field(default=30, gt=0)
    enabled: bool = True
    freshness_sla_hours: int = Field(default=24, ge=1)
    api: Api | None = None
    layouts: list[Layout] = Field(default_factory=list)
    note: str | None = None

    @field_validator("article_url_pattern", "list_url_pattern", "title_filter")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @field_validator("charset")
    @classmethod
    def _charset(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError as exc:
                raise ValueError(f"unknown charset {value!r}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        fields = value.split()
        if value.startswith("@"):
            if value not in {"@hourly", "@daily", "@weekly", "@monthly", "@yearly"}:
                raise ValueError(f"unknown cron preset {value!r}")
        elif len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
            raise ValueError(f"not a 5-field cron expression: {value!r}")
        return value

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not (url.startswith(("http://", "https://", "${"))):
                raise ValueError(f"start URL must be http(s) or start with a ${{VAR}}: {url!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Source:
        if self.enabled and not self.start_urls and self.api is None:
            raise ValueError("an enabled source needs start_urls (or an api block)")
        if self.kind == "json_api" and self.api is None:
            raise ValueError("kind json_api needs an api block")
        dates = [layout.valid_until for layout in self.layouts]
        if len(set(dates)) != len(dates):
            raise ValueError("two layouts share the same valid_until")
        if dates != sorted(dates, reverse=True):
            raise ValueError("layouts must be listed newest first (valid_until descending)")
        return self

    # -- use ---------------------------------------------------------------------------
    def selectors_for(self, when: date | None) -> Selectors:
        """The selectors in force on `when` (Fundus-style: the oldest layout still valid then)."""
        if when is not None:
            for layout in reversed(self.layouts):  # oldest first
                if when <= layout.valid_until:
                    return self.selectors.merged(layout.selectors)
        return self.selectors

    def all_selectors(self, when: date | None) -> list[Selectors]:
        """The selectors for `when` first, then every other version (tried when a field misses)."""
        first = self.selectors_for(when)
        rest = [self.selectors, *(self.selectors.merged(lay.selectors) for lay in self.layouts)]
        return [first, *(s for s in rest if s != first)]

    def expanded(self, variables: Mapping[str, str] | None = None) -> Source:
        """This entry with `${NAME}` replaced in URLs and domains (domains reduced to host names)."""
        env = {**os.environ, **(variables or {})}

        def sub(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name not in env or not env[name]:
                    raise RegistryError(f"source {self.key!r}: ${{{name}}} is used but not set (setting or env)")
                return env[name].rstrip("/")

            return _VAR.sub(one, text)

        domains = []
        for domain in self.allowed_domains:
            value = sub(domain)
            domains.append(urlsplit(value).hostname or value if "//" in value else value.split(":")[0])
        api = self.api.model_copy(update={"url": sub(self.api.url)}) if self.api else None
        if api and api.detail_url:
            api = api.model_copy(update={"detail_url": sub(api.detail_url)})
        return self.model_copy(
            update={"start_urls": [sub(u) for u in self.start_urls], "allowed_domains": domains, "api": api}
        )


class Registry(_Strict):
    sources: list[Source]

    @model_validator(mode="after")
    def _unique(self) -> Registry:
        keys = [s.key for s in self.sources]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate source keys: {', '.join(dupes)}")
        return self

    def get(self, key: str) -> Source:
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(f"no source {key!r} in the registry (known: {', '.join(s.key for s in self.sources)})")

    def enabled(self) -> list[Source]:
        return sorted((s for s in self.sources if s.enabled), key=lambda s: s.key)


def _format_errors(path: Path, raw: list[Any], exc: ValidationError) -> str:
    lines = [f"{path}: {exc.error_count()} invalid field(s)"]
    for err in exc.errors():
        loc = list(err["loc"])
        where = "registry"
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            index = loc[1]
            entry = raw[index] if index < len(raw) and isinstance(raw[index], dict) else {}
            where = f"source {entry.get('key', f'#{index}')!r}"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "(entry)"
        lines.append(f"  {where}, field {field}: {err['msg']}")
    return "\n".join(lines)


def parse_registry(data: object, path: Path = Path("sources.yaml")) -> Registry:
    """Validate parsed YAML (a list of entries, or `{sources: [...]}`); RegistryError lists every bad field."""
    raw = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of sources")
    try:
        return Registry(sources=raw)
    except ValidationError as exc:
        raise RegistryError(_format_errors(path, raw, exc)) from None


# libyaml's safe loader when PyYAML has it: ~25× faster, and DAG files parse this file at every refresh
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _raw_entries(path: Path) -> list[Any]:
    """The file's entries as parsed YAML; RegistryError when the file itself is unusable."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader either way
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: no such sources file") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    raw = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of sources")
    return raw


def load_registry(path: str | Path) -> Registry:
    path = Path(path)
    return parse_registry(_raw_entries(path), path)


class BadEntry(_Strict):
    """An entry that does not validate: its key (or `#<position>` without a usable one) and why."""

    key: str
    position: int
    enabled: bool
    message: str


def _entry_key(entry: object, index: int) -> str:
    key = entry.get("key") if isinstance(entry, dict) else None
    return key if isinstance(key, str) and key else f"#{index}"


def load_entries(path: str | Path) -> tuple[list[Source], list[BadEntry]]:
    """Each entry validated on its own: the valid `Source`s (file order) and the bad entries.

    A later entry repeating an earlier key is bad (the first one keeps the key). Raises
    RegistryError only when the file itself cannot be read as a list of entries.
    """
    path = Path(path)
    raw = _raw_entries(path)
    sources: list[Source] = []
    bad: list[BadEntry] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        key = _entry_key(entry, index)
        enabled = not (isinstance(entry, dict) and entry.get("enabled") is False)
        if key in seen:
            bad.append(BadEntry(key=key, position=index, enabled=enabled,
                                message=f"{path}: source {key!r}: the key is used by an earlier entry"))
            continue
        seen.add(key)
        try:
            sources.append(Source.model_validate(entry))
        except ValidationError as exc:
            lines = [f"{path}: source {key!r}: {exc.error_count()} invalid field(s)"]
            for err in exc.errors():
                field = ".".join(str(part) for part in err["loc"]) or "(entry)"
                lines.append(f"  source {key!r}, field {field}: {err['msg']}")
            bad.append(BadEntry(key=key, position=index, enabled=enabled, message="\n".join(lines)))
    return sources, bad


def load_source(path: str | Path, key: str) -> Source:
    """The entry `key`, validated on its own (other entries may be broken); KeyError when absent."""
    sources, bad = load_entries(path)
    for source in sources:
        if source.key == key:
            return source
    for entry in bad:
        if entry.key == key:
            raise RegistryError(entry.message)
    known = ", ".join([s.key for s in sources] + [b.key for b in bad])
    raise KeyError(f"no source {key!r} in {path} (known: {known})")

