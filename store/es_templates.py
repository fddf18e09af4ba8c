"""Elasticsearch index templates for `articles` and `events`, generated from the pydantic models.

The JSON files in `schemas/es/` are the reviewed, committed form (Kibana users and ops read
them); this module derives them from `schemas.models` so they cannot drift:
`python -m store.es_templates` rewrites them and `tests/store/test_elasticsearch.py` fails when
a committed file differs from what the models give.

Field types, field by field from the model annotations:

* enums, literals and plain strings → `keyword` (ids, types, sections, province / city /
  district, participant names, sources, URLs);
* the prose fields in `TEXT_FIELDS` (titles, headline, summary, object, evidence sentences,
  article text) → `text` with the `eventline_zh` analyzer; `object` and titles also keep a
  `keyword` sub-field for exact lookups;
* `date` / `datetime` → `date`; int → `integer`; float → `float`; bool → `boolean`;
* nested models and lists of models → `object` (not `nested`: every query we run asks "any
  participant / any mention", which flat objects answer);
* computed fields (`corroboration`) are indexed too; `STORE_FIELDS` adds the store's own
  bookkeeping (`stored_at`, used by `reindex` to catch up writes made during a copy).

Mappings are `dynamic: strict`, so a model field added without regenerating the template
fails loudly at write time instead of being guessed by Elasticsearch.

The `eventline_zh` analyzer: see the docstring of `store.elasticsearch` for why it is the
`standard` tokenizer plus `lowercase`, and how a cluster with IK or smartcn swaps it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.models import Article, Event

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "schemas" / "es"
MODELS: dict[str, type[BaseModel]] = {"articles": Article, "events": Event}
ANALYZER = "eventline_zh"

# dotted paths (per index) of the fields searched as prose
TEXT_FIELDS: dict[str, set[str]] = {
    "articles": {"title", "text"},
    "events": {"headline", "summary", "object", "mentions.title", "mentions.sentence"},
}
# prose fields that also get a `.raw` keyword sub-field
RAW_SUBFIELD: dict[str, set[str]] = {"articles": {"title"}, "events": {"object", "mentions.title"}}
STORE_FIELDS: dict[str, dict[str, Any]] = {"stored_at": {"type": "date"}}

INDEX_SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "auto_expand_replicas": "0-1",
    "refresh_interval": "1s",
    "analysis": {
        "analyzer": {
            ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        }
    },
}


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
        raise TypeError(f"no Elasticsearch type for the union {annotation!r}")
    return annotation


def _field_mapping(index: str, path: str, annotation: Any) -> dict[str, Any]:
    annotation = _unwrap_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        (item,) = typing.get_args(annotation)[:1]
        return _field_mapping(index, path, item)
    if origin is typing.Literal:
        return {"type": "keyword"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"properties": _properties(index, annotation, prefix=f"{path}.")}
    if path in TEXT_FIELDS[index]:
        if annotation is not str:
            raise TypeError(f"{index}.{path} is listed as text but annotated {annotation!r}")
        mapping: dict[str, Any] = {"type": "text", "analyzer": ANALYZER}
        if path in RAW_SUBFIELD[index]:
            mapping["fields"] = {"raw": {"type": "keyword", "ignore_above": 512}}
        return mapping
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum) or annotation is str:
            return {"type": "keyword"}
        if issubclass(annotation, bool):
            return {"type": "boolean"}
        if issubclass(annotation, int):
            return {"type": "integer"}
        if issubclass(annotation, float):
            return {"type": "float"}
        if issubclass(annotation, (dt.date, dt.datetime)):
            return {"type": "date"}
    raise TypeError(f"no Elasticsearch type for {index}.{path}: {annotation!r}")


def _properties(index: str, model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    hints = typing.get_type_hints(model)
    props: dict[str, Any] = {}
    for name in model.model_fields:
        props[name] = _field_mapping(index, f"{prefix}{name}", hints[name])
    for name, info in model.model_computed_fields.items():
        props[name] = _field_mapping(index, f"{prefix}{name}", info.return_type)
    return props


def build_template(index: str) -> dict[str, Any]:
    """The template body (settings + mappings) for `articles` or `events`."""
    model = MODELS[index]
    properties = _properties(index, model)
    properties.update(STORE_FIELDS)
    return {
        "_meta": {
            "generated_by": "python -m store.es_templates",
            "model": f"schemas.models.{model.__name__}",
            "index_patterns": f"{{prefix}}-{index}-v*",
        },
        "template": {
            "settings": INDEX_SETTINGS,
            "mappings": {"dynamic": "strict", "properties": dict(sorted(properties.items()))},
        },
    }


def render(index: str) -> str:
    return json.dumps(build_template(index), ensure_ascii=False, indent=2) + "\n"


def load_template(index: str, directory: Path = TEMPLATE_DIR) -> dict[str, Any]:
    """The committed template for `index` (what the store installs)."""
    return json.loads((directory / f"{index}.json").read_text(encoding="utf-8"))


def export(directory: Path = TEMPLATE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for index in MODELS:
        path = directory / f"{index}.json"
        path.write_text(render(index), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in export():
        print(written_path)
