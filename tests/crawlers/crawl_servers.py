"""Local HTTP servers for crawler tests: stored pages, a fake 财联社 roll API, failure routes.

Built on `sample_site.server.serve` (ETag / Last-Modified / 304 / robots.txt from its root) with
extra routes. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from sample_site.server import SampleSiteHandler

Route = Callable[[SampleSiteHandler], None]
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".json": "application/json"}


def corpus_routes(html_dir: Path) -> dict[str, Route]:
    """`/corpus/<dir>/<file>` → the stored file byte-for-byte, Content-Type by extension (no charset)."""
    routes: dict[str, Route] = {}
    for path in sorted(html_dir.glob("*/*")):
        if path.suffix not in CONTENT_TYPES:
            continue
        data = path.read_bytes()
        ctype = CONTENT_TYPES[path.suffix]

        def route(h: SampleSiteHandler, data: bytes = data, ctype: str = ctype) -> None:
            h.send_bytes(data, ctype)

        routes[f"/corpus/{path.parent.name}/{path.name}"] = route
    return routes


def independent_cls_sign(params: dict[str, str]) -> str:
    """The ENDPOINTS.md recipe written out again, independently of crawlers.signing."""
    keys = sorted(params, key=str.lower)
    query = "&".join(f"{k}={params[k]}" for k in keys)
    return hashlib.md5(hashlib.sha1(query.encode()).hexdigest().encode()).hexdigest()


def cls_routes(items: list[dict], requests_log: list[dict], detail_pages: dict[str, bytes]) -> dict[str, Route]:
    """A fake roll endpoint: rows with ctime < last_time, newest first, `rn` per page; signed queries only."""

    def roll(h: SampleSiteHandler) -> None:
        query = dict(parse_qsl(urlsplit(h.path).query, keep_blank_values=True))
        requests_log.append({**query, "_referer": h.headers.get("Referer", "")})
        sign = query.pop("sign", "")
        if sign != independent_cls_sign(query):
            h.send_bytes(json.dumps({"errno": 403, "msg": "bad sign"}).encode(), "application/json")
            return
        last_time, rn = int(query.get("last_time", 0)), int(query.get("rn", 20))
        rows = sorted((i for i in items if int(i["ctime"]) < last_time), key=lambda i: -int(i["ctime"]))[:rn]
        h.send_bytes(
            json.dumps({"errno": 0, "data": {"roll_data": rows}}, ensure_ascii=False).encode(),
            "application/json; charset=utf-8",
        )

    routes: dict[str, Route] = {"/cls/v1/roll/get_roll_list": roll}
    for path, body in detail_pages.items():
        routes[path] = lambda h, body=body: h.send_bytes(body, "text/html; charset=utf-8")
    return routes


ARTICLE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body>
<div class="nav"><a href="/fail/index.html">首页</a> 导航栏目</div>
<h1 class="t">{title}</h1><span class="d">{date}</span>
<div class="body"><p>{body}</p><p>这是测试页面的最后一句话。</p></div>
<div class="footer">网站页脚 版权所有</div></body></html>"""


def article_bytes(title: str, date: str, body: str, charset: str = "utf-8", encode_as: str | None = None) -> bytes:
    return ARTICLE.format(charset=charset, title=title, date=date, body=body).encode(encode_as or charset)


def failure_routes(hits: dict[str, int]) -> dict[str, Route]:
    """Purpose-built pages for each failure mode; `hits` counts requests per path."""

    def counted(fn: Route) -> Route:
        def wrapper(h: SampleSiteHandler) -> None:
            path = urlsplit(h.path).path
            hits[path] = hits.get(path, 0) + 1
            fn(h)

        return wrapper

    links = ["404", "500", "slow", "loop1", "empty", "huge", "busy", "good", "gbk"]
    index = "".join(f'<a href="/fail/a/{name}.html">{name}</a> ' for name in links)
    index += '<a href="/fail/private/secret.html">secret</a>'

    def slow(h: SampleSiteHandler) -> None:
        time.sleep(4)
        h.send_bytes(article_bytes("慢页面", "2026-11-01 10:00", "这一页来得太慢。"))

    def busy(h: SampleSiteHandler) -> None:
        if hits.get("/fail/a/busy.html", 0) == 1:
            h.send_bytes(b"busy", "text/plain", HTTPStatus.TOO_MANY_REQUESTS, {"Retry-After": "1"})
        else:
            h.send_bytes(article_bytes("限流之后的文章", "2026-11-02 09:00", "服务器让爬虫稍后再来，爬虫照做了。"))

    routes: dict[str, Route] = {
        "/robots.txt": lambda h: h.send_bytes(b"User-agent: *\nDisallow: /fail/private/\n", "text/plain"),
        "/fail/index.html": lambda h: h.send_bytes(f"<html><body>{index}</body></html>".encode()),
        "/fail/a/404.html": lambda h: h.send_status(HTTPStatus.NOT_FOUND),
        "/fail/a/500.html": lambda h: h.send_status(HTTPStatus.INTERNAL_SERVER_ERROR),
        "/fail/a/slow.html": slow,
        "/fail/a/loop1.html": lambda h: h.send_bytes(
            b"", status=HTTPStatus.FOUND, headers={"Location": "/fail/a/loop2.html"}
        ),
        "/fail/a/loop2.html": lambda h: h.send_bytes(
            b"", status=HTTPStatus.FOUND, headers={"Location": "/fail/a/loop1.html"}
        ),
        "/fail/a/empty.html": lambda h: h.send_bytes(b"", "text/html; charset=utf-8"),
        "/fail/a/huge.html": lambda h: h.send_bytes(b"<html><body>" + b"x" * (11 * 1024 * 1024) + b"</body></html>"),
        "/fail/a/busy.html": busy,
        "/fail/a/good.html": lambda h: h.send_bytes(
            article_bytes("正常的文章", "2026-11-03 08:00", "一切正常的页面正文。")
        ),
        # GBK bytes under a utf-8 label: the label lies, the decoder must notice
        "/fail/a/gbk.html": lambda h: h.send_bytes(
            article_bytes(
                "国标编码的文章",
                "2026-11-04 08:00",
                "湖北省武汉市发布区块链产业政策。",
                charset="utf-8",
                encode_as="gbk",
            ),
            "text/html; charset=utf-8",
        ),
        "/fail/private/secret.html": lambda h: h.send_bytes(article_bytes("不该抓取", "2026-11-05 08:00", "禁止。")),
    }
    return {path: counted(fn) for path, fn in routes.items()}
