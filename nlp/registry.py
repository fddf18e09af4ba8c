"""Registered pipeline components, by versioned name (``eventline.signing_rules.v1``).

A component is a factory registered once under a name that carries a version, with what its
product reads from the article's state (`requires`) and what it writes there (`assigns`), in the
manner of spaCy's ``Language.factory``. Changed behaviour gets a new name beside the old one, so
configs keep their meaning. The order lives in one place: `PIPELINE` in `nlp/pipeline.py` (the
steps) and `RULES` in `nlp/rules.py` (the event-type rules its first step runs); `check_order`
verifies that every step finds what it requires. `registered_names()` is snapshot-tested so a
name never silently vanishes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T", bound=Callable[..., Any])


@dataclass(frozen=True)
class Component:
    """A registered factory and its contract."""

    name: str
    factory: Callable[..., Any]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


_REGISTRY: dict[str, Component] = {}


def register(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> Callable[[T], T]:
    """Register a component factory under a versioned name (`*.vN`), with what it requires and assigns."""
    if not name.rsplit(".", 1)[-1].startswith("v"):
        raise ValueError(f"component name {name!r} must end with a version such as .v1")

    def deco(func: T) -> T:
        if name in _REGISTRY and _REGISTRY[name].factory is not func:
            raise ValueError(f"component name {name!r} is already registered")
        _REGISTRY[name] = Component(name, func, tuple(requires), tuple(assigns))
        return func

    return deco


def component(name: str) -> Component:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no component registered as {name!r}; known: {sorted(_REGISTRY)}") from None


def get(name: str) -> Callable[..., Any]:
    """The factory registered as `name`."""
    return component(name).factory


def check_order(names: Iterable[str], given: Iterable[str] = ()) -> None:
    """Raise ValueError when a component requires what neither `given` nor an earlier one assigns."""
    available = set(given)
    for name in names:
        spec = component(name)
        missing = [r for r in spec.requires if r not in available]
        if missing:
            raise ValueError(f"component {name!r} requires {missing}, which no earlier component assigns")
        available |= set(spec.assigns)


def registered_names() -> list[str]:
    return sorted(_REGISTRY)
