"""A small local web server for the sample site, built on the standard library's `http.server`.

* Serves the files under a root directory; a directory serves its ``index.html`` / ``index.htm``
  (a directory URL without the trailing slash is redirected to it, as real servers do).
* ``Content-Type`` by extension; HTML pages carry the charset the site's ``manifest.json``
  gives for them (utf-8 when it names none), so the GBK page goes out as
  ``text/html; charset=gbk``.
* ``ETag`` (a hash of the content) and ``Last-Modified`` (the file's mtime) on every file,
  answering ``304 Not Modified`` to a matching ``If-None-Match`` or to an
  ``If-Modified-Since`` not older than the file. ``HEAD`` sends the headers only.
* Extensible: ``SampleSiteHandler.routes`` maps a path to a callable that answers it
  instead of the file system. Crawler tests add failure routes (500s, slow pages, redirects)
  through ``serve(routes=…)`` or by subclassing the handler.

Command line (prints the base URL, then serves until interrupted)::

    python -m sample_site.server --root sample_site/site --port 0

From Python (a background thread; the server is shut down when the block ends)::

    with serve("sample_site/site") as (server, base_url):
        ...
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import mimetypes
import posixpath
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

DEFAULT_ROOT = Path(__file__).resolve().parent / "site"
INDEX_FILES = ("index.html", "index.htm")
TEXT_TYPES = {
    ".htm": "text/html",
    ".html": "text/html",
    ".xml": "application/rss+xml",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
}

Route = Callable[["SampleSiteHandler"], None]


def load_charsets(root: Path) -> dict[str, str]:
    """Site path (no leading slash) → charset, from ``root/manifest.json`` (empty if there is none)."""
    manifest = root / "manifest.json"
    if not manifest.exists():
        return {}
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return {a["path"].lstrip("/"): a["charset"] for a in data.get("articles", [])}


class SampleSiteHandler(BaseHTTPRequestHandler):
    """Serves `root` with charset-aware Content-Type, ETag/Last-Modified and 304s; see the module docstring.

    Subclass it (or use `make_handler`) to set `root`, `charsets`, `routes` and `quiet`.
    A route is called with the handler and must send a complete response; `send_bytes`
    helps and honours HEAD.
    """

    root: ClassVar[Path] = DEFAULT_ROOT
    charsets: ClassVar[Mapping[str, str]] = {}
    routes: ClassVar[Mapping[str, Route]] = {}
    quiet: ClassVar[bool] = True
    server_version = "eventline-sample-site/1.0"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------------ dispatch
    def do_GET(self) -> None:
        self.dispatch()

    def do_HEAD(self) -> None:
        self.dispatch()

    def dispatch(self) -> None:
        path = urlsplit(self.path).path
        route = self.routes.get(path)
        if route is not None:
            route(self)
        else:
            self.serve_file(path)

    # ------------------------------------------------------------------ helpers for routes and files
    def send_bytes(
        self,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = HTTPStatus.OK,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Send a whole response; the body is left out for HEAD and for 304."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        no_body = self.command == "HEAD" or status == HTTPStatus.NOT_MODIFIED
        self.send_header("Content-Length", "0" if status == HTTPStatus.NOT_MODIFIED else str(len(body)))
        self.end_headers()
        if not no_body:
            self.wfile.write(body)

    def send_status(self, status: int, message: str = "") -> None:
        text = message or HTTPStatus(status).phrase
        self.send_bytes(f"{status} {text}\n".encode(), "text/plain; charset=utf-8", status)

    def content_type_for(self, rel: str) -> str:
        ext = posixpath.splitext(rel)[1].lower()
        base = TEXT_TYPES.get(ext) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if ext in (".htm", ".html"):
            return f"{base}; charset={self.charsets.get(rel, 'utf-8')}"
        if base.startswith("text/") or base in ("application/json", "application/rss+xml"):
            return f"{base}; charset=utf-8"
        return base

    def resolve(self, url_path: str) -> tuple[Path | None, str]:
        """The file for a URL path and its site-relative form; (None, rel) when it is missing or outside root."""
        rel = posixpath.normpath(unquote(url_path)).lstrip("/")
        rel = "" if rel == "." else rel
        root = self.root.resolve()
        target = (root / rel).resolve()
        if target != root and root not in target.parents:
            return None, rel
        if target.is_dir():
            for name in INDEX_FILES:
                if (target / name).is_file():
                    return target / name, posixpath.join(rel, name) if rel else name
            return None, rel
        return (target, rel) if target.is_file() else (None, rel)

    def serve_file(self, url_path: str) -> None:
        path, rel = self.resolve(url_path)
        if path is None:
            self.send_status(HTTPStatus.NOT_FOUND)
            return
        if path.name in INDEX_FILES and not url_path.endswith("/") and not url_path.endswith(path.name):
            self.send_bytes(b"", status=HTTPStatus.MOVED_PERMANENTLY, headers={"Location": url_path + "/"})
            return
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        mtime = int(path.stat().st_mtime)
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True), "Cache-Control": "no-cache"}
        status = HTTPStatus.NOT_MODIFIED if self.not_modified(etag, mtime) else HTTPStatus.OK
        self.send_bytes(data, self.content_type_for(rel), status, headers)

    def not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return mtime <= parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def make_handler(
    root: str | Path = DEFAULT_ROOT,
    routes: Mapping[str, Route] | None = None,
    *,
    quiet: bool = True,
    base: type[SampleSiteHandler] = SampleSiteHandler,
) -> type[SampleSiteHandler]:
    """A handler class bound to `root` (charsets read from its manifest), with extra `routes`."""
    root = Path(root).resolve()
    attrs = {
        "root": root,
        "charsets": {**base.charsets, **load_charsets(root)},
        "routes": {**base.routes, **(routes or {})},
        "quiet": quiet,
    }
    return type(f"{base.__name__}Bound", (base,), attrs)


@contextlib.contextmanager
def serve(
    root: str | Path = DEFAULT_ROOT,
    port: int = 0,
    *,
    host: str = "127.0.0.1",
    routes: Mapping[str, Route] | None = None,
    handler_class: type[SampleSiteHandler] = SampleSiteHandler,
    quiet: bool = True,
) -> Iterator[tuple[ThreadingHTTPServer, str]]:
    """Serve `root` in a background thread; yield (server, base URL without a trailing slash)."""
    handler = make_handler(root, routes, quiet=quiet, base=handler_class)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield server, f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the eventline sample site.")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="site directory (default: sample_site/site)")
    parser.add_argument("--port", type=int, default=8000, help="port, 0 for any free port (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"--root {args.root} is not a directory")
    handler = make_handler(args.root, quiet=not args.verbose)
    server = ThreadingHTTPServer((args.host, args.port), handler)
    server.daemon_threads = True
    print(f"http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
