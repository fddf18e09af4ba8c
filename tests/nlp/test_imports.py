"""No module of `nlp` imports one that imports it back (function-level imports count), and no
library room reaches into the application, the sample site or the evaluation tooling."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ("nlp", "schemas", "store", "digest", "crawlers")
OUTSIDE = ("eventline", "api", "sample_site", "eval", "bench")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: str) -> dict[str, Path]:
    return {_module_name(p): p for p in (ROOT / package).rglob("*.py")}


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every module of `known` that `path` imports, anywhere in the file (`from nlp import dates` → nlp.dates)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in known}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_imports_nlp_has_no_cycle() -> None:
    modules = _modules("nlp") | _modules("schemas")
    known = set(modules)
    # a submodule importing its own package (`nlp.rules` → `nlp`) is how Python loads packages, not a cycle
    graph = {name: {m for m in _imports(path, known) if m != name and not name.startswith(m + ".")}
             for name, path in modules.items()}
    assert _cycle(graph) is None, _cycle(graph)


@pytest.mark.parametrize("room", ROOMS)
def test_imports_library_rooms_do_not_reach_outside(room: str) -> None:
    for name, path in _modules(room).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            bad = [n for n in names if n.split(".")[0] in OUTSIDE]
            assert not bad, f"{name} imports {bad}"


def test_imports_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
