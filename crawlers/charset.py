"""Decoding page bytes: a chain of small steps, each tried in order and logged when it fails.

1. the source's `charset` override (an operator knows the server lies);
2. valid UTF-8 (also catches pages whose meta says gb2312 while the bytes are UTF-8);
3. the declared charsets (BOM, HTTP header, `<meta charset>`), GBK family widened to GB18030;
4. charset-normalizer's guess;
5. a lossy GB18030 decode (replacement characters) so the crawl never stops on bytes.
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312-80": "gb18030"}


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset (GBK family → gb18030), None if unknown."""
    if not name:
        return None
    key = name.strip().lower()
    key = _WIDEN.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def header_charset(content_type: str | bytes | None) -> str | None:
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = _HEADER.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_body(
    body: bytes, *, content_type: str | bytes | None = None, override: str | None = None
) -> tuple[str, str]:
    """(text, codec used) for page bytes, following the chain in the module docstring."""
    if override:
        codec = normalize_charset(override)
        if codec:
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError as exc:
                logger.warning("charset override %s does not decode the page (%s); detecting", override, exc)
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if is_utf8(body):
        return body.decode("utf-8"), "utf-8"
    for declared in (header_charset(content_type), meta_charset(body)):
        codec = normalize_charset(declared)
        if codec and codec != "utf-8":
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                logger.info("declared charset %s does not decode the page; trying the next step", declared)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
    except Exception:
        best = None
    if best is not None and best.encoding:
        codec = normalize_charset(best.encoding) or best.encoding
        try:
            return body.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            logger.info("detected charset %s does not decode the whole page", codec)
    return body.decode("gb18030", errors="replace"), "gb18030"
