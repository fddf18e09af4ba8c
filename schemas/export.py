"""Write the JSON Schema of each contract model into `schemas/json/` (run: python -m schemas.export).

The files are generated, never edited by hand; `tests/schemas/test_export.py` fails when
they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schemas.flat import FlatEvent
from schemas.models import Article, Event

EXPORT_DIR = Path(__file__).parent / "json"
MODELS: dict[str, type[BaseModel]] = {"article": Article, "event": Event, "flat_event": FlatEvent}


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(mode="serialization")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export(directory: Path = EXPORT_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in MODELS.items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in export():
        print(path)
