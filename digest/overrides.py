"""Editor overrides: an optional YAML file per week (`<overrides dir>/2020-W30.yaml`).

```yaml
intro: 本周……                      # optional text printed under the title
items:                              # keyed by event id (shown in the Markdown draft)
  ev_0123456789abcdef:
    section: 产业研究               # move to another section
    headline: 改写后的标题          # rewrite the headline
    summary: 改写后的摘要。         # rewrite the summary
    pin: true                       # print first in its section (pinned items keep file order)
  ev_fedcba9876543210:
    drop: true                      # leave out of the digest
sections:
  产业政策:
    comment: 简评文字……             # the section's 简评
```

Overrides are keyed by stable event ids, so re-rendering after new events arrive applies
them again unchanged. An id the week does not contain becomes a warning, never an error; a
file that is not valid YAML or does not fit this model raises `OverridesError` naming the
file, the field and the problem.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from schemas import Section

_SECTION_BY_NAME = {s.name: s for s in Section} | {s.value: s for s in Section}


def _section(value: object) -> object:
    """Accept the printed section name (产业政策) or its enum name (policy)."""
    if isinstance(value, str) and value.strip() in _SECTION_BY_NAME:
        return _SECTION_BY_NAME[value.strip()]
    return value


class ItemOverride(BaseModel):
    """What the editors change about one item."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    section: Section | None = None
    drop: bool = False
    headline: str | None = Field(default=None, min_length=1)
    summary: str | None = Field(default=None, min_length=1)
    pin: bool = False

    @field_validator("section", mode="before")
    @classmethod
    def _known_section(cls, value: object) -> object:
        return _section(value)


class SectionOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    comment: str | None = Field(default=None, description="the section's 简评")


class WeekOverrides(BaseModel):
    """The editors' overrides of one week's digest."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    week: str | None = Field(default=None, pattern=r"^\d{4}-W\d{2}$")
    intro: str | None = None
    items: dict[str, ItemOverride] = Field(default_factory=dict)
    sections: dict[Section, SectionOverride] = Field(default_factory=dict)

    @field_validator("items", "sections", mode="before")
    @classmethod
    def _empty_mapping(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("sections", mode="before")
    @classmethod
    def _section_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {_section(key): ({} if body is None else body) for key, body in value.items()}
        return value


class OverridesError(ValueError):
    """An overrides file that cannot be used; the message names the file and the field."""


def overrides_path(overrides_dir: Path, week: str) -> Path:
    return overrides_dir / f"{week}.yaml"


def parse_overrides(text: str, origin: str = "<overrides>") -> WeekOverrides:
    """Validate YAML text into `WeekOverrides`; errors name `origin`, the field and the problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise OverridesError(f"{origin}{where}: not valid YAML: {problem}") from exc
    if data is None:
        return WeekOverrides()
    if not isinstance(data, dict):
        raise OverridesError(f"{origin}: expected a mapping with items / sections / intro, got {type(data).__name__}")
    try:
        return WeekOverrides.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top level)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise OverridesError(f"{origin}: {problems}") from exc


def load_overrides(overrides_dir: Path | None, week: str) -> WeekOverrides:
    """The week's overrides, or empty ones when there is no directory or no file for the week."""
    if overrides_dir is None:
        return WeekOverrides()
    path = overrides_path(overrides_dir, week)
    if not path.exists():
        return WeekOverrides()
    overrides = parse_overrides(path.read_text(encoding="utf-8"), origin=str(path))
    if overrides.week is not None and overrides.week != week:
        raise OverridesError(f"{path}: week: says {overrides.week}, but the file is for {week}")
    return overrides
