"""Send mail through an SMTP connection, only when one is configured.

The connection is, from `Settings`, `smtp_url` (`EVENTLINE_SMTP_URL`, smtp://user:pass@host:port,
outside Airflow) with `digest_from` / `digest_to`, or else Airflow's connection `smtp_conn_id`
(default `smtp_default`: host, port, login, password; extra `{"to": "a@x, b@y", "from": "…",
"starttls": true}`).
Alerts use `send_message_if_configured` (no SMTP: nothing sent, the caller is told so); a
digest is sent only on an explicit request (`send_digest`), which fails loudly when there is
no connection or no recipient, and turns the draft into a sent message (no `X-Unsent`, the
`Date` of sending).
"""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, localtime
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


class MailNotConfigured(RuntimeError):
    """A send was asked for, but there is no SMTP connection or no recipient."""


def mail_configured(settings: Settings) -> str | None:
    """None when a digest can be sent; else why not, in words."""
    target = smtp_target(settings)
    if target is None:
        return f"no SMTP connection configured (EVENTLINE_SMTP_URL or the Airflow connection {settings.smtp_conn_id})"
    if not target.recipients:
        return "SMTP configured but no recipients (the connection's extra 'to' or EVENTLINE_DIGEST_TO)"
    return None


def send_digest(eml_path: str | Path, settings: Settings) -> str:
    """Send a digest draft (.eml) as it is, to the configured recipients; returns what happened.

    The draft's `X-Unsent` goes and its `Date` becomes the time of sending. Raises
    `MailNotConfigured` rather than pretending: an explicit send that cannot happen is an error.
    """
    problem = mail_configured(settings)
    if problem:
        raise MailNotConfigured(f"{eml_path}: not sent: {problem}")
    target = smtp_target(settings)
    assert target is not None  # checked by mail_configured
    message = email.message_from_bytes(Path(eml_path).read_bytes(), policy=email.policy.default)
    del message["X-Unsent"]
    del message["Date"]
    message["Date"] = format_datetime(localtime())
    _send(target, message, target.recipients)
    return f"{message['Subject']} sent to {len(target.recipients)} recipients"
