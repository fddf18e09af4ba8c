"""Contracts shared by every package: pydantic models, stable ids, exported JSON Schemas."""

from schemas.ids import article_id_for, canonical_url, event_id_for, normalize_key
from schemas.models import (
    SHANGHAI,
    Article,
    Event,
    EventDate,
    EventType,
    FlatEvent,
    Mention,
    Modality,
    Participant,
    ParticipantKind,
    Region,
    Section,
    as_shanghai,
    compute_event_id,
    content_hash_of,
    date_text,
)

__all__ = [
    "SHANGHAI", "Article", "Event", "EventDate", "EventType", "FlatEvent", "Mention", "Modality",
    "Participant", "ParticipantKind", "Region", "Section", "article_id_for", "as_shanghai",
    "canonical_url", "compute_event_id", "content_hash_of", "date_text", "event_id_for", "normalize_key",
]
