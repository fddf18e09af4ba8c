"""The extraction service's wire protocol, shared by the service (`eventline.extract_service`) and
its clients (`eventline.following.ServiceFollower`, `eventline extract-service --status`, the bench).

`multiprocessing.connection` on the Unix socket `Settings.extract_service_socket`, authenticated
with an HMAC challenge on the key (`service_key`); every message is one JSON object sent as bytes
(never a pickle: nothing a peer sends is executed). The messages themselves are described in
`eventline.extract_service`.
"""

from __future__ import annotations

import json
import os
import secrets
from multiprocessing.connection import Client, Connection
from pathlib import Path
from typing import Any

from eventline.config import Settings

ANSWER_TIMEOUT_S = 30.0  # a client waits this long for the service to take its request


class ServiceUnavailable(RuntimeError):
    """No extraction service answers at the configured socket."""


def key_file(socket_path: Path) -> Path:
    return socket_path.with_name(socket_path.name + ".key")


def service_key(settings: Settings, *, create: bool = False) -> bytes | None:
    """The authkey: `EVENTLINE_EXTRACT_SERVICE_KEY`, else the key file beside the socket (made, 0600,
    when `create`); None when neither exists (then no service was ever started here)."""
    if settings.extract_service_key is not None:
        return settings.extract_service_key.get_secret_value().encode()
    path = key_file(settings.extract_service_socket)
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    try:
        return path.read_text(encoding="ascii").strip().encode()
    except FileNotFoundError:
        return None


def send(conn: Connection, message: dict[str, Any]) -> None:
    conn.send_bytes(json.dumps(message, ensure_ascii=False).encode())


def receive(conn: Connection) -> dict[str, Any]:
    message = json.loads(conn.recv_bytes())
    if not isinstance(message, dict):
        raise ValueError(f"a message must be a JSON object, not {type(message).__name__}")
    return message


def connect(settings: Settings) -> Connection:
    """An authenticated connection to the service; ServiceUnavailable saying why there is none."""
    path = settings.extract_service_socket
    key = service_key(settings)
    if not path.exists():
        raise ServiceUnavailable(f"no extraction service at {path}")
    if key is None:
        raise ServiceUnavailable(f"no key for the extraction service at {path} (EVENTLINE_EXTRACT_SERVICE_KEY or "
                                 f"{key_file(path)})")
    try:
        return Client(str(path), family="AF_UNIX", authkey=key)
    except Exception as exc:  # refused (a stale socket), a wrong key, a path too long
        raise ServiceUnavailable(f"the extraction service at {path} does not answer: {type(exc).__name__}: {exc}") \
            from exc


def read_answer(conn: Connection, timeout_s: float | None, what: str) -> dict[str, Any]:
    if not conn.poll(timeout_s):
        raise TimeoutError(f"no answer from the extraction service {what} within {timeout_s:g} s")
    return receive(conn)


def request(settings: Settings, message: dict[str, Any], timeout_s: float = ANSWER_TIMEOUT_S) -> dict[str, Any]:
    """One request, one answer (`{"op": "status"}`, or a bad request in tests)."""
    with connect(settings) as conn:
        send(conn, message)
        return read_answer(conn, timeout_s, f"to {message.get('op')!r}")


def service_status(settings: Settings, timeout_s: float = ANSWER_TIMEOUT_S) -> dict[str, Any] | None:
    """The service's status, or None when no service answers."""
    try:
        return request(settings, {"op": "status"}, timeout_s)
    except (ServiceUnavailable, TimeoutError, EOFError, OSError):
        return None
