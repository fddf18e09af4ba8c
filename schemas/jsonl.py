"""The one JSON Lines reader and writer: errors name the file and line, output is atomic.

Input is decoded line by line so a non-UTF-8 byte is reported with its line number; every
record is validated before anything is written; output goes to a temporary file that is
renamed into place only when complete, so a failure never leaves a half-written file. Every
bad input raises `InputError`. `read_events_file` reads `Event` records and/or `FlatEvent`
lines (grouped back into events by `schemas.flat.events_from_flat`).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

from pydantic import BaseModel, ValidationError

from schemas.flat import FlatEvent, events_from_flat
from schemas.models import Article, Event

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)


class InputError(ValueError):
    """Bad input: the message names the file, the line and what is wrong."""


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def iter_json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; InputError on bad bytes or bad JSON."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                message = f"{path}:{number}: not UTF-8 text (byte {exc.start}); convert the file to UTF-8"
                raise InputError(message) from exc
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: malformed JSON: {exc.msg} at column {exc.colno}") from exc
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
            yield number, record


def read_models(path: Path, model: type[ModelT], *, ignore_unknown: bool = True) -> list[ModelT]:
    """Validate every line into `model`; the first bad line raises InputError naming it."""
    known = set(model.model_fields)
    ignored: set[str] = set()
    records: list[ModelT] = []
    for number, record in iter_json_lines(path):
        if ignore_unknown:
            ignored.update(k for k in record if k not in known)
            record = {k: v for k, v in record.items() if k in known}
        try:
            records.append(model.model_validate(record))
        except ValidationError as exc:
            raise InputError(f"{path}:{number}: invalid {model.__name__}: {_describe(exc)}") from exc
    if ignored:
        logger.info("%s: ignored fields not in %s: %s", path, model.__name__, ", ".join(sorted(ignored)))
    return records


def read_articles_file(path: Path) -> dict[str, Article]:
    """article id → Article, from a JSONL file of articles."""
    return {article.id: article for article in read_models(path, Article)}


def read_events_file(path: Path, articles: Mapping[str, Article] | None = None) -> list[Event]:
    """Events of a JSONL file of `Event` records and/or `FlatEvent` lines (one per mention, the
    scorer's form: told apart by their `event_id` and `evidence`); `articles` names the outlet,
    URL and publication date of the flat lines' articles."""
    events: list[Event] = []
    flat: list[FlatEvent] = []
    for number, record in iter_json_lines(path):
        is_flat = "event_id" in record and "evidence" in record
        model: type[Event] | type[FlatEvent] = FlatEvent if is_flat else Event
        try:
            parsed = model.model_validate(record)
        except ValidationError as exc:
            raise InputError(f"{path}:{number}: invalid {model.__name__}: {_describe(exc)}") from exc
        (flat if is_flat else events).append(parsed)  # type: ignore[arg-type]
    return events + events_from_flat(flat, articles)


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A text file handle whose content replaces `path` only if the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_models(path: Path, records: Iterable[BaseModel]) -> int:
    count = 0
    with atomic_writer(path) as handle:
        for record in records:
            handle.write(record.model_dump_json() + "\n")
            count += 1
    return count
