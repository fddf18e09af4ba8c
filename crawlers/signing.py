"""The 财联社 web API signature (ENDPOINTS.md §财联社 1): md5 of the hex sha1 of the sorted query.

The query string is the parameters sorted by key (case-insensitively), written `k=v` joined by
`&`, with None written as an empty value and values not URL-encoded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping


def sorted_query(params: Mapping[str, object]) -> str:
    pairs = sorted(((str(k), "" if v is None else str(v)) for k, v in params.items()), key=lambda kv: kv[0].lower())
    return "&".join(f"{k}={v}" for k, v in pairs)


def cls_sign(params: Mapping[str, object]) -> str:
    """sign = md5(hex(sha1(sorted_query(params)))), both as lower-case hex."""
    sha1_hex = hashlib.sha1(sorted_query(params).encode("utf-8")).hexdigest()
    return hashlib.md5(sha1_hex.encode("ascii")).hexdigest()


def signed_params(params: Mapping[str, object], method: str) -> dict[str, str]:
    """The params plus `sign` (when the method asks for one), ready for urlencode."""
    out = {str(k): "" if v is None else str(v) for k, v in params.items() if k != "sign"}
    if method == "sha1_md5":
        out["sign"] = cls_sign(out)
    return out
