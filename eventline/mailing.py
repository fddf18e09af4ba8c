"""Send a drafted digest (.eml) through an SMTP connection, only when one is configured.

The connection is, from `Settings`, `smtp_url` (`EVENTLINE_SMTP_URL`, smtp://user:pass@host:port,
outside Airflow) with `digest_from` / `digest_to`, or else Airflow's connection `smtp_conn_id`
(default `smtp_default`: host, port, login, password; extra `{"to": "a@x, b@y", "from": "…",
"starttls": true}`).
Without either, nothing is sent and the caller is told so.
"""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from eventline.config import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    login: str | None
    password: str | None
    sender: str
    recipients: list[str]
    starttls: bool

    def __repr__(self) -> str:  # never print the password
        return f"SmtpTarget(host={self.host!r}, port={self.port}, login={self.login!r}, recipients={self.recipients!r})"


def _split(addresses: str) -> list[str]:
    return [a.strip() for a in addresses.split(",") if a.strip()]


def smtp_target(settings: Settings) -> SmtpTarget | None:
    url = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    if url:
        parts = urlsplit(url)
        return SmtpTarget(
            host=parts.hostname or "localhost",
            port=parts.port or 25,
            login=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=settings.digest_from,
            recipients=_split(settings.digest_to),
            starttls=parts.scheme == "smtp+starttls",
        )
    try:
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(settings.smtp_conn_id)
    except Exception:  # no Airflow, or no such connection: both mean "not configured"
        return None
    extra = conn.extra_dejson or {}
    return SmtpTarget(
        host=conn.host or "localhost",
        port=int(conn.port or 25),
        login=conn.login or None,
        password=conn.password or None,
        sender=extra.get("from", settings.digest_from),
        recipients=_split(extra.get("to", settings.digest_to)),
        starttls=bool(extra.get("starttls", False)),
    )


def _send(target: SmtpTarget, message: EmailMessage, recipients: list[str]) -> None:
    if message["From"]:
        message.replace_header("From", target.sender)
    else:
        message.add_header("From", target.sender)
    if message["To"]:
        del message["To"]
    message["To"] = ", ".join(recipients)
    with smtplib.SMTP(target.host, target.port, timeout=30) as smtp:
        if target.starttls:
            smtp.starttls()
        if target.login:
            smtp.login(target.login, target.password or "")
        smtp.send_message(message)
    logger.info("mail %r sent to %d recipients via %s", message["Subject"], len(recipients), target.host)


def send_message_if_configured(message: EmailMessage, settings: Settings, *, recipients: str = "") -> str:
    """Send any message through the configured SMTP target; returns what happened, in words.

    `recipients` (comma-separated, e.g. `settings.alert_to` for source-health alerts) replace
    the target's when given.
    """
    target = smtp_target(settings)
    if target is None:
        return "no SMTP connection configured: nothing sent"
    addresses = _split(recipients) or target.recipients
    if not addresses:
        return "SMTP configured but no recipients (extra 'to' or EVENTLINE_DIGEST_TO): nothing sent"
    _send(target, message, addresses)
    return f"sent to {len(addresses)} recipients"


def send_digest_if_configured(eml_path: str | Path, settings: Settings) -> str:
    """Send the .eml; returns what happened, in words for the task log."""
    if smtp_target(settings) is None:
        return "no SMTP connection configured: digest files written, nothing sent"
    message = email.message_from_bytes(Path(eml_path).read_bytes(), policy=email.policy.default)
    return send_message_if_configured(message, settings)
