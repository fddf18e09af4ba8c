"""Evaluation of the pipeline against gold events: extraction (`eval.run`, `eval.sample`) and the digest
(`eval.digest`).

Tooling beside `bench/`, not a library room: it may import the application and the sample site.
`python -m eval.run` (what `make eval` runs) extracts every set and prints one table;
`python -m eval.widen` proposes trigger words from 同义词词林 and measures each on the same sets
(its record: `eval/trigger_widening.md`, its reasons: `eval/widen_notes.tsv`).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTLINE_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "var" / "eval"


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer (`score_events.py`) as a module: `load(path)` and `score(gold, predicted)`."""
    spec = importlib.util.spec_from_file_location("score_events", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
