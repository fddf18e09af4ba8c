"""The JSON Schemas in `schemas/json/` are generated from the models: this fails when they are stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.export import EXPORT_DIR, MODELS, export, render

FIX = "run `make schemas` (python -m schemas.export) and commit the result"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_export_schema_file_is_current(name: str) -> None:
    path = EXPORT_DIR / f"{name}.schema.json"

    assert path.exists(), f"{path} is missing: {FIX}"
    assert path.read_text(encoding="utf-8") == render(MODELS[name]), f"{path} is stale: {FIX}"


def test_export_every_schema_file_has_a_model() -> None:
    expected = {f"{name}.schema.json" for name in MODELS}

    orphans = sorted(path.name for path in EXPORT_DIR.glob("*.schema.json") if path.name not in expected)

    assert orphans == [], f"{orphans} in {EXPORT_DIR} belong to no model of schemas.export.MODELS: delete them"


def test_export_writes_what_render_returns(tmp_path: Path) -> None:
    written = export(tmp_path)

    assert sorted(p.name for p in written) == sorted(f"{name}.schema.json" for name in MODELS)
    for path in written:
        assert path.read_text(encoding="utf-8") == render(MODELS[path.name.removesuffix(".schema.json")])
