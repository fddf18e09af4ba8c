"""Stable identifiers: the same facts always give the same id, so every stage can upsert.

* Article id = first 16 hex digits of sha1(canonical URL). The canonical URL has a
  lower-case scheme and host, no fragment, no default port, no tracking parameters
  (utm_*, spm, from, …) and its query parameters sorted (w3lib does the canonicalising).
* Event id = "ev_" + first 16 hex digits of sha1 over, joined by "|":
  type, the date cut to its precision ("2020-07-22", "2020-07", "2020" or ""), the
  normalised object (punctuation, quotes and 《》 removed, whitespace dropped), the
  normalised participant names **sorted** (so their order never matters), and the city
  (or province) of the event. Headline, summary, evidence, confidence and mentions are
  deliberately not part of it: a second outlet reporting the same fact adds a mention to
  the same event instead of creating a new one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
    "spm", "from", "share_token", "timestamp", "wfr", "isappinstalled",
)

_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉「」『』（）()【】\[\]、，,。．.·:：;；!！?？\-—–_/]+")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The form of a URL that identifies an article, whatever link led to it."""
    cleaned = url_query_cleaner(url.strip(), TRACKING_PARAMS, remove=True, keep_fragments=False)
    parts = urlsplit(canonicalize_url(cleaned, keep_fragments=False))
    if parts.port is not None and _DEFAULT_PORTS.get(parts.scheme) == parts.port:
        parts = parts._replace(netloc=parts.hostname or "")
    return urlunsplit(parts)


def article_id_for(url: str) -> str:
    return hashlib.sha1(canonical_url(url).encode()).hexdigest()[:16]


def normalize_key(text: str | None) -> str:
    """Fold full-width forms (NFKC), drop punctuation and spaces, lower-case Latin letters."""
    if not text:
        return ""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def event_id_for(
    *,
    event_type: str,
    date_text: str | None,
    obj: str | None,
    participants: Iterable[str],
    place: str | None,
) -> str:
    names = sorted({normalize_key(p) for p in participants if normalize_key(p)})
    parts = [event_type, date_text or "", normalize_key(obj), ",".join(names), normalize_key(place)]
    return "ev_" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]
