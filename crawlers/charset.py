"""Decoding page bytes: a chain of small steps, each tried in order and logged when it fails.

1. the source's `charset` override (an operator knows the server lies);
2. a BOM, then valid UTF-8 (also catches pages whose meta says gb2312 while the bytes are UTF-8);
3. the declared charsets (HTTP header, `<meta charset>`), GBK family widened to GB18030; a page
   with a few bad bytes still decodes with its declared charset (the bad bytes become U+FFFD);
4. UTF-8 with a few bad bytes, then a lossy GB18030 decode when it reads as Chinese text (most
   characters among the 3,755 common hanzi): one stray byte must not make a GBK page Cyrillic;
5. charset-normalizer's guess;
6. a lossy GB18030 decode (replacement characters) so the crawl never stops on bytes.
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


def _lossy(body: bytes, codec: str) -> tuple[str, bool]:
    """The lossy decode and whether its replacement characters are few (a stray byte or two)."""
    text = body.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text, bad <= max(2, len(text) // 5000)


def _common_hanzi(char: str) -> bool:
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xD7  # GB2312 level 1: the 3,755 common hanzi
    except UnicodeEncodeError:
        return False


def reads_as_chinese(text: str, minimum: int = 20, share: float = 0.6) -> bool:
    """Most non-ASCII letters of `text` are common hanzi (random bytes decoded as GBK are not)."""
    letters = [c for c in text if ord(c) > 0x2E7F and c.isalpha()]
    return len(letters) >= minimum and sum(map(_common_hanzi, letters)) >= share * len(letters)


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
                text, few = _lossy(body, codec)
                if few:
                    logger.info("declared charset %s: a few bad bytes replaced", declared)
                    return text, codec
                logger.info("declared charset %s does not decode the page; trying the next step", declared)
    text, few = _lossy(body, "utf-8")
    if few:
        return text, "utf-8"
    text, few = _lossy(body, "gb18030")
    if few and reads_as_chinese(text):
        return text, "gb18030"
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
