"""The import graph of the project: no cycles (function-level imports count) and rooms import only what they may.

Walks every module of the project's packages with `ast`, collects every `import` / `from … import`
wherever it stands (module level, inside functions, under `TYPE_CHECKING`), resolves each to the
project module it loads, and checks the graph against `../shared/DESIGN.md`: `schemas` ← everything;
`nlp`, `crawlers`, `store`, `digest` import only `schemas` among the other rooms; the application
(`eventline`) never imports `api` or its own CLI; nothing imports `dags`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("schemas", "store", "nlp", "crawlers", "digest", "api", "eventline", "sample_site", "dags")

#: room → the other rooms it may import (a room may always import itself)
MAY_IMPORT: dict[str, set[str]] = {
    "schemas": set(),
    "store": {"schemas"},
    "nlp": {"schemas"},
    "crawlers": {"schemas"},
    "digest": {"schemas"},
    "sample_site": set(),
    "eventline": {"schemas", "store", "nlp", "crawlers", "digest", "sample_site"},
    "eventline.cli": {"schemas", "store", "nlp", "crawlers", "digest", "sample_site", "eventline", "api"},
    "api": {"schemas", "store", "eventline"},
    "dags": {"schemas", "eventline", "crawlers"},
}

#: Known cycles, each to be removed once fixed (this test fails while an entry is stale).
KNOWN_CYCLES: list[set[str]] = []
#: Known reaches across rooms (importer, imported room), each to be removed once fixed.
KNOWN_REACHES: set[tuple[str, str]] = set()


def project_modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The project modules `module` imports, anywhere in its body."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".strip(".")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            found = _resolve(target, modules)
            if found is not None and found != module:
                yield found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: set(imports_of(name, path, modules)) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def room_of(module: str) -> str:
    return "eventline.cli" if module == "eventline.cli" or module.startswith("eventline.cli.") else module.split(".")[0]


def test_imports_finds_function_level_imports_and_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [{"a", "b", "c"}]
    modules = project_modules()
    # eventline.demo imports sample_site.server inside run_demo, not at module level
    assert "sample_site.server" in set(imports_of("eventline.demo", modules["eventline.demo"], modules))


def test_imports_have_no_cycles() -> None:
    found = cycles(import_graph())
    unexpected = [sorted(c) for c in found if c not in KNOWN_CYCLES]
    assert unexpected == [], f"import cycles (function-level imports count): {unexpected}"
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert stale == [], f"these known cycles are gone: remove them from KNOWN_CYCLES: {stale}"


def test_imports_rooms_import_only_what_they_may() -> None:
    reaches = {
        (module, room_of(target))
        for module, targets in import_graph().items()
        for target in targets
        if room_of(target) != room_of(module) and room_of(target) not in MAY_IMPORT[room_of(module)]
    }
    unexpected = sorted(reaches - KNOWN_REACHES)
    assert unexpected == [], f"(module, room it may not import): {unexpected}"
    stale = sorted(KNOWN_REACHES - reaches)
    assert stale == [], f"these known reaches are gone: remove them from KNOWN_REACHES: {stale}"
