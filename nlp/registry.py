"""Registered pipeline components, by versioned name (``eventline.signing_rules.v1``).

A component is a callable registered once under a name that carries a version; changed
behaviour gets a new name beside the old one, so configs keep their meaning. The pipeline
order lives in one place: `PIPELINE` in `nlp/pipeline.py`. `registered_names()` is
snapshot-tested so a name never silently vanishes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T", bound=Callable[..., Any])

_REGISTRY: dict[str, Callable[..., Any]] = {}


def register(name: str) -> Callable[[T], T]:
    """Register a component factory under a versioned name (`*.vN`)."""
    if not name.rsplit(".", 1)[-1].startswith("v"):
        raise ValueError(f"component name {name!r} must end with a version such as .v1")

    def deco(func: T) -> T:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"component name {name!r} is already registered")
        _REGISTRY[name] = func
        return func

    return deco


def get(name: str) -> Callable[..., Any]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no component registered as {name!r}; known: {sorted(_REGISTRY)}") from None


def registered_names() -> list[str]:
    return sorted(_REGISTRY)
