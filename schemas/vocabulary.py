"""The vocabularies: `Section`, and `EventType` with one row per type (`event_types.jsonl`).

A row says everything a room needs to know about a type, so adding a type is one row here plus
its rule module and pattern file in `nlp/events/` (nothing else):

* `label` — the Chinese name shown by the CLI and the timeline page (the only place it is written);
* `verb` — what the digest puts between parties and object when it must write a headline itself;
* `colour` — the type's colour on the timeline page (served by the API at `/types`);
* `section` — the digest section when the type's sectioning rules in `nlp/sections.py` don't decide;
* `headline` — the headline form `nlp/headline.py` builds (document: 某部发布《…》; approval: …获批;
  agreement: 甲与乙签署…; founding: 某某成立…; happening: …举行; deal: 某公司完成…; action: the
  actor, the trigger, the object: 甲收购乙);
* `multi_party` — a deal between parties: two reports naming the same parties on compatible dates
  are the same fact even when the objects are worded differently (merge);
* `keeps_cancelled` — a text that cancels something (终止…协议) does not undo this type's event (a
  policy or report about a cancellation is still released).

`EventType` is built from the rows in file order, which is the order the pipeline runs the rules
and the page lists the types.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Section(StrEnum):
    """Digest sections, in the order editors print them."""

    policy = "产业政策"
    research = "产业研究"
    alliance = "产业联盟/研究院"
    application = "产业应用"
    listed_company = "上市公司"
    other = "其它信息"


HeadlineForm = Literal["document", "approval", "agreement", "founding", "happening", "deal", "action"]
VOCABULARY_FILE = Path(__file__).with_name("event_types.jsonl")


class TypeInfo(BaseModel):
    """One event type's vocabulary row (see the module docstring for each field)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="the key, e.g. signing; also the rule module's name")
    label: str = Field(min_length=1, description="Chinese name, e.g. 签约")
    verb: str = Field(min_length=1, description="the digest's headline verb, e.g. 签约")
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="the page's colour for the type")
    section: Section = Field(description="digest section when the sectioning rules don't decide")
    headline: HeadlineForm = Field(description="the form of the headline the extractor writes")
    multi_party: bool = False
    keeps_cancelled: bool = False


class VocabularyError(ValueError):
    """A bad row in the event-type vocabulary; the message names the file and line."""


def load_vocabulary(path: Path = VOCABULARY_FILE) -> tuple[TypeInfo, ...]:
    """The rows of `path`, validated; an error names the file, the line and the field."""
    rows: list[TypeInfo] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(TypeInfo.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as exc:
            raise VocabularyError(f"{path}:{number}: {exc}") from None
    keys = [row.type for row in rows]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled or not rows:
        raise VocabularyError(f"{path}: {'types listed twice: ' + ', '.join(doubled) if doubled else 'no types'}")
    return tuple(rows)


TYPE_INFO: dict[str, TypeInfo] = {row.type: row for row in load_vocabulary()}

EventType = StrEnum("EventType", [(key, key) for key in TYPE_INFO], module=__name__)  # type: ignore[misc]
EventType.__doc__ = "The event types, one per row of `event_types.jsonl`, in its order."


def type_info(event_type: str) -> TypeInfo:
    """The vocabulary row of a type (an `EventType` or its value)."""
    try:
        return TYPE_INFO[str(event_type)]
    except KeyError:
        raise KeyError(f"{event_type!r} is not an event type; known: {', '.join(TYPE_INFO)}") from None
