"""Contracts shared by every package: pydantic models, stable ids, exported JSON Schemas."""

from schemas.flat import FlatEvent, events_from_flat
from schemas.ids import article_id_for, canonical_url, event_id_for, normalize_key
from schemas.models import (
    SHANGHAI,
    Article,
    Event,
    EventDate,
    Mention,
    Modality,
    Participant,
    ParticipantKind,
    Region,
    as_shanghai,
    compute_event_id,
    content_hash_of,
    date_text,
)
from schemas.vocabulary import TYPE_INFO, EventType, Section, TypeInfo, VocabularyError, type_info

__all__ = [
    "SHANGHAI",
    "TYPE_INFO",
    "Article",
    "Event",
    "EventDate",
    "EventType",
    "FlatEvent",
    "Mention",
    "Modality",
    "Participant",
    "ParticipantKind",
    "Region",
    "Section",
    "TypeInfo",
    "VocabularyError",
    "article_id_for",
    "as_shanghai",
    "canonical_url",
    "compute_event_id",
    "content_hash_of",
    "date_text",
    "event_id_for",
    "events_from_flat",
    "normalize_key",
    "type_info",
]
