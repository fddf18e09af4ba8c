"""Formatting a computed `Digest`: Markdown, plain text, HTML (Jinja2) and a multipart e-mail.

The templates only read the `Digest`; HTML autoescapes every value, Markdown escapes its
specials through the `md` filter. The e-mail is a stdlib `EmailMessage` (text + HTML
alternatives, UTF-8) whose subject is the digest's title. It is written as a draft: `To`
(the configured recipients, or an empty group for the editor to fill), `Date` (the Monday
08:00 Asia/Shanghai after the week, so re-renders stay byte-identical) and `X-Unsent: 1`, so
mail clients open it as an editable message; sending (`eventline.mailing`) replaces the last two.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from digest.config import DigestConfig
from digest.model import Digest
from schemas import SHANGHAI

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
NO_RECIPIENTS = "undisclosed-recipients:;"  # RFC 5322's empty group: a To the editor fills in
ITEMS_HEADER = "X-Eventline-Items"

_MD_SPECIALS = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\-=])|(\d+)([.)]))")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(value: object) -> str:
    """Escape Markdown so a headline cannot become markup, a link or raw HTML (R&D stays R&D)."""
    text = re.sub(r"\s*\n\s*", " ", str(value))
    text = _MD_SPECIALS.sub(r"\\\1", text)
    text = _MD_ENTITY.sub("&amp;", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), text
    )


def md_url(value: object) -> str:
    """A URL safe inside Markdown's (…): spaces, parentheses and angle brackets percent-encoded."""
    return quote(str(value), safe=":/?#@!$&'*+,;=%~.-_")


@lru_cache(maxsize=1)
def _html_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _text_env() -> Environment:
    # Markdown and plain text, not HTML: Markdown values are escaped by |md, plain text needs none.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_url"] = md_url
    return env


def _template(env: Environment, name: str) -> Template:
    return env.get_template(name)


def render_markdown(digest: Digest) -> str:
    return _template(_text_env(), "digest.md.j2").render(digest=digest)


def render_text(digest: Digest) -> str:
    return _template(_text_env(), "digest.txt.j2").render(digest=digest)


def render_html(digest: Digest) -> str:
    return _template(_html_env(), "digest.html.j2").render(digest=digest)


def issue_time(digest: Digest) -> datetime:
    """When the digest is issued: the Monday after its week, 08:00 Asia/Shanghai (the DAG's schedule)."""
    return datetime.combine(digest.end + timedelta(days=1), time(8), tzinfo=SHANGHAI)


def build_email(digest: Digest, config: DigestConfig | None = None) -> EmailMessage:
    """A draft multipart/alternative message: the plain text, then the HTML, both UTF-8 (base64, 7-bit safe)."""
    config = config or DigestConfig()
    message = EmailMessage()
    message["Subject"] = digest.title
    message["From"] = config.mail_from
    message["To"] = config.mail_to or NO_RECIPIENTS
    message["Date"] = format_datetime(issue_time(digest))
    message["X-Unsent"] = "1"
    message["X-Eventline-Week"] = digest.week
    message[ITEMS_HEADER] = str(digest.item_count)
    text, html = render_text(digest), render_html(digest)
    message.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    # a boundary derived from the content keeps re-rendered .eml files byte-identical
    message.set_boundary("eventline-" + hashlib.sha1((text + html).encode()).hexdigest()[:24])
    return message


def render_eml(digest: Digest, config: DigestConfig | None = None) -> bytes:
    """The `.eml` bytes (CRLF line ends, as SMTP sends them)."""
    return build_email(digest, config).as_bytes(policy=SMTP)
