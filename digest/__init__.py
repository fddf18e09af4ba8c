"""Weekly digest: select and section a week's events, then render them (Markdown, HTML, e-mail).

Compute once, format later: `build_digest` is a pure function from events (+ week, config
and editor overrides) to a `Digest` value; the renderers in `digest.render` only format that
value through the Jinja2 templates in `digest/templates/`. Nothing here reads the clock, a
store or the network: `eventline.digesting` wires the store, files and dates.
"""

import logging

from digest.build import build_digest, busiest_week, select_week_events
from digest.config import DigestConfig
from digest.model import Digest, DigestItem, DigestSection, SourceLink
from digest.overrides import OverridesError, WeekOverrides, load_overrides
from digest.render import render_eml, render_html, render_markdown, render_text

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Digest",
    "DigestConfig",
    "DigestItem",
    "DigestSection",
    "OverridesError",
    "SourceLink",
    "WeekOverrides",
    "build_digest",
    "busiest_week",
    "load_overrides",
    "render_eml",
    "render_html",
    "render_markdown",
    "render_text",
    "select_week_events",
]
