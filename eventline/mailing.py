"""Send a drafted digest (.eml) through an SMTP connection, only when one is configured.

The connection is Airflow's (`EVENTLINE_SMTP_CONN_ID`, default `smtp_default`: host, port,
login, password; extra `{"to": "a@x, b@y", "from": "…", "starttls": true}`) or, outside
Airflow, `EVENTLINE_SMTP_URL` (smtp://user:pass@host:port) with `EVENTLINE_DIGEST_TO`.
Without either, nothing is sent and the caller is told so.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def smtp_target() -> SmtpTarget | None:
    url = os.environ.get("EVENTLINE_SMTP_URL")
    if url:
        parts = urlsplit(url)
        return SmtpTarget(
            host=parts.hostname or "localhost",
            port=parts.port or 25,
            login=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=os.environ.get("EVENTLINE_DIGEST_FROM", "eventline@localhost"),
            recipients=_split(os.environ.get("EVENTLINE_DIGEST_TO", "")),
            starttls=parts.scheme == "smtp+starttls",
        )
    try:
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(os.environ.get("EVENTLINE_SMTP_CONN_ID", "smtp_default"))
    except Exception:  # no Airflow, or no such connection: both mean "not configured"
        return None
    extra = conn.extra_dejson or {}
    return SmtpTarget(
        host=conn.host or "localhost",
        port=int(conn.port or 25),
        login=conn.login or None,
        password=conn.password or None,
        sender=extra.get("from", "eventline@localhost"),
        recipients=_split(extra.get("to", os.environ.get("EVENTLINE_DIGEST_TO", ""))),
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


def send_message_if_configured(
    message: EmailMessage, *, recipients_env: str | None = None, recipients: list[str] | None = None
) -> str:
    """Send any message through the configured SMTP target; returns what happened, in words.

    `recipients` (e.g. a watch's address), else the addresses of the environment variable `recipients_env`
    (e.g. `EVENTLINE_ALERT_TO` for source-health alerts), replace the target's.
    """
    target = smtp_target()
    if target is None:
        return "no SMTP connection configured: nothing sent"
    recipients = [r for r in recipients or [] if r]
    recipients = recipients or (_split(os.environ.get(recipients_env, "")) if recipients_env else [])
    recipients = recipients or target.recipients
    if not recipients:
        return "SMTP configured but no recipients (extra 'to' or EVENTLINE_DIGEST_TO): nothing sent"
    _send(target, message, recipients)
    return f"sent to {len(recipients)} recipients"


def send_digest_if_configured(eml_path: str | Path) -> str:
    """Send the .eml; returns what happened, in words for the task log."""
    if smtp_target() is None:
        return "no SMTP connection configured: digest files written, nothing sent"
    message = email.message_from_bytes(Path(eml_path).read_bytes(), policy=email.policy.default)
    return send_message_if_configured(message)
