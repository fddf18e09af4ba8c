"""Render the sample site (`sample_site/site/`) from the article sources in `sample_site/source/`.

The articles are original texts written for eventline; this module only wraps them in the
HTML of two fictional outlets, each with its own template and chrome:

* 江城日报 (``jcrb``): a TRS-style regional daily. Articles at ``/jcrb/YYYYMM/tYYYYMMDD_NNNN.htm``,
  body in ``<div class="TRS_Editor">``, date in ``<span class="time">``, list pages
  ``/jcrb/index.htm`` and ``/jcrb/index_1.htm`` with relative links (``./202611/…``).
* 产业链快讯 (``cylx``): a modern news site. Articles at ``/cylx/news/NNNN.html`` inside
  ``<article>`` with ``<time datetime>``, Open Graph and JSON-LD metadata, list pages
  ``/cylx/news/index.html`` and ``/cylx/news/list_2.html``, an RSS feed ``/cylx/rss.xml``.

It also writes ``robots.txt`` (everything allowed but ``/admin/``), an admin page behind it,
a root index and ``manifest.json`` (every article: path, outlet, title, published_at, charset,
first and last body sentence, full text). A page whose source says ``charset: gbk`` is written
in GBK bytes. The output is deterministic, so a test can rebuild it and compare.

    python -m sample_site.build            # rewrite sample_site/site/
    python -m sample_site.build --out DIR  # render somewhere else
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE / "source"
SITE_DIR = PACKAGE / "site"
PER_PAGE = 6
MIN_CHARS, MAX_CHARS = 300, 1200

OUTLETS: dict[str, dict[str, object]] = {
    "jcrb": {
        "name": "江城日报",
        "home": "jcrb/index.htm",
        "list_pages": ["jcrb/index.htm", "jcrb/index_1.htm"],
        "article_pattern": r"^jcrb/\d{6}/t\d{8}_\d{4}\.htm$",
        "selectors": {"title": "h1.title", "date": "div.info span.time", "body": "div.TRS_Editor"},
        "feed": None,
    },
    "cylx": {
        "name": "产业链快讯",
        "home": "cylx/index.html",
        "list_pages": ["cylx/news/index.html", "cylx/news/list_2.html"],
        "article_pattern": r"^cylx/news/\d{4}\.html$",
        "selectors": {
            "title": "meta[property='og:title']",
            "date": "article time[datetime]",
            "body": "article div.article-content",
        },
        "feed": "cylx/rss.xml",
    },
}

_SENTENCE = re.compile(r"[^。！？]+[。！？]+[”’」』）]*")


@dataclass(frozen=True)
class SourceArticle:
    """One article as written in `source/*.txt`."""

    key: str
    outlet: str
    path: str
    title: str
    published_at: datetime
    author: str
    column: str
    charset: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def sentences(self) -> list[str]:
        return [s.strip() for p in self.paragraphs for s in _SENTENCE.findall(p)]


def parse_sources(source_dir: Path = SOURCE_DIR) -> list[SourceArticle]:
    """Read every `*.txt` in `source_dir`; raise ValueError on a malformed or out-of-range article."""
    articles: list[SourceArticle] = []
    for file in sorted(source_dir.glob("*.txt")):
        lines = [ln for ln in file.read_text(encoding="utf-8").splitlines() if not ln.startswith("# ")]
        chunks = re.split(r"^### ", "\n".join(lines), flags=re.M)[1:]
        for chunk in chunks:
            key, _, rest = chunk.partition("\n")
            head, _, body = rest.strip("\n").partition("\n\n")
            fields = dict(line.split(": ", 1) for line in head.splitlines())
            paragraphs = tuple(p.strip() for p in body.strip().split("\n\n") if p.strip())
            article = SourceArticle(
                key=key.strip(),
                outlet=key.split("-")[0],
                path=fields["path"],
                title=fields["title"],
                published_at=datetime.fromisoformat(fields["published_at"]),
                author=fields["author"],
                column=fields["column"],
                charset=fields["charset"],
                paragraphs=paragraphs,
            )
            _check(article)
            articles.append(article)
    return articles


def _check(a: SourceArticle) -> None:
    n = len("".join(a.paragraphs))
    if not MIN_CHARS <= n <= MAX_CHARS:
        raise ValueError(f"{a.key}: body has {n} characters, expected {MIN_CHARS}–{MAX_CHARS}")
    if not re.match(str(OUTLETS[a.outlet]["article_pattern"]), a.path):
        raise ValueError(f"{a.key}: path {a.path} does not fit the {a.outlet} URL pattern")
    if a.published_at.utcoffset() is None:
        raise ValueError(f"{a.key}: published_at needs a UTC offset")
    a.text.encode(a.charset)  # raises UnicodeEncodeError if the page cannot be written in its charset


def _snippet(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _newest_first(articles: Iterable[SourceArticle]) -> list[SourceArticle]:
    return sorted(articles, key=lambda a: a.published_at, reverse=True)


def _related(article: SourceArticle, same_outlet: list[SourceArticle]) -> list[SourceArticle]:
    """The three articles of the same outlet nearest in time (a typical 相关新闻 box)."""
    others = [a for a in same_outlet if a.key != article.key]
    return sorted(others, key=lambda a: abs((a.published_at - article.published_at).total_seconds()))[:3]


def _rel(from_path: str, to_path: str) -> str:
    """A relative href from one site path to another (TRS sites link this way)."""
    src, dst = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < len(src) and common < len(dst) - 1 and src[common] == dst[common]:
        common += 1
    ups = len(src) - common
    return ("../" * ups or "./") + "/".join(dst[common:])


# ---------------------------------------------------------------- 江城日报 (TRS-like)

JCRB_NAV = ("首页", "要闻", "经济", "科技", "城建", "评论", "图片", "专题")
JCRB_FOOTER = """<div class="footer">
  <p><a href="/jcrb/index.htm">关于我们</a> | <a href="/jcrb/index.htm">联系我们</a> |
  <a href="/jcrb/index.htm">广告服务</a> | <a href="/jcrb/index.htm">版权声明</a></p>
  <p>江城日报社版权所有 未经书面授权禁止转载、摘编、复制或建立镜像</p>
  <p>鄂ICP备26001234号-1 鄂公网安备42010202000123号 互联网新闻信息服务许可证：42120260001</p>
  <p>违法和不良信息举报电话：027-80000000 举报邮箱：jubao@jcrb.example</p>
</div>"""


def _jcrb_chrome_top(charset: str, title: str, here: str, crumbs: str, extra_head: str = "") -> str:
    nav = "".join(f'<li><a href="{_rel(here, "jcrb/index.htm")}">{n}</a></li>' for n in JCRB_NAV)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="{charset}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{escape(title)}</title>
{extra_head}<link rel="stylesheet" type="text/css" href="{_rel(here, "jcrb/css/style.css")}" />
</head>
<body>
<div class="topbar"><span class="date-today">江城日报 · 数字报</span>
<a href="/admin/login.htm">登录</a> | <a href="/admin/register.htm">注册</a></div>
<div class="header"><a class="logo" href="{_rel(here, "jcrb/index.htm")}">江城日报</a>
<form class="search" action="/jcrb/search"><input type="text" name="q" value="请输入关键词" />
<input type="submit" value="搜索" /></form></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：{crumbs}</div>
"""


def render_jcrb_article(a: SourceArticle, outlet_articles: list[SourceArticle]) -> str:
    here = a.path
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    related = "\n".join(
        f'<li><a href="{_rel(here, r.path)}" target="_blank">{escape(r.title)}</a>'
        f"<span>{r.published_at:%Y-%m-%d}</span></li>"
        for r in _related(a, outlet_articles)
    )
    crumbs = (
        f'<a href="/">首页</a> &gt; <a href="{_rel(here, "jcrb/index.htm")}">江城日报</a> &gt; '
        f'<a href="{_rel(here, "jcrb/index.htm")}">{escape(a.column)}</a> &gt; 正文'
    )
    head = (
        f'<meta name="keywords" content="{escape(a.column)}" />\n'
        f'<meta name="description" content="{escape(a.title)}" />\n'
        f'<meta name="publishdate" content="{a.published_at:%Y-%m-%d}" />\n'
        f'<meta name="contentsource" content="江城日报" />\n'
    )
    return (
        _jcrb_chrome_top(a.charset, f"{a.title}_江城日报", here, crumbs, head)
        + f"""<div class="main">
<div class="article">
<h1 class="title">{escape(a.title)}</h1>
<div class="info"><span class="time">{a.published_at:%Y-%m-%d %H:%M}</span><span class="source">来源：江城日报</span>
<span class="author">作者：{escape(a.author)}</span><span class="fontsize">字号：<a href="javascript:;">大</a>
<a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>
<div class="TRS_Editor">
{body}
</div>
<div class="editor">（责任编辑：张楠）</div>
<div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a>
<a href="javascript:window.print();">打印</a> <a href="javascript:window.close();">关闭</a></div>
</div>
<div class="related"><h3>相关新闻</h3><ul>
{related}
</ul></div>
<div class="comment"><h3>网友评论</h3>
<form action="/admin/comment.do" method="post">
<textarea name="content" rows="4" cols="60">请遵守互联网相关法规，文明发言，理性评论。</textarea><br />
<input type="text" name="nickname" value="网友" /><input type="submit" value="发表评论" /></form>
<p class="tips">已有0条评论，<a href="/admin/comment.do">查看全部评论</a></p>
</div>
</div>
{JCRB_FOOTER}
</body>
</html>
"""
    )


def render_jcrb_list(page: int, pages: list[list[SourceArticle]]) -> str:
    here = str(OUTLETS["jcrb"]["list_pages"][page])  # type: ignore[index]
    items = "\n".join(
        f'<li><a href="{_rel(here, a.path)}" target="_blank" title="{escape(a.title)}">{escape(a.title)}</a>'
        f"<span>{a.published_at:%Y-%m-%d}</span></li>"
        for a in pages[page]
    )
    names = ["index.htm"] + [f"index_{i}.htm" for i in range(1, len(pages))]
    links = [f'<a href="{names[0]}">首页</a>']
    if page > 0:
        links.append(f'<a href="{names[page - 1]}">上一页</a>')
    links += [f'<a href="{n}">{i + 1}</a>' if i != page else f"<span>{i + 1}</span>" for i, n in enumerate(names)]
    if page < len(pages) - 1:
        links.append(f'<a href="{names[page + 1]}">下一页</a>')
    links.append(f'<a href="{names[-1]}">尾页</a>')
    crumbs = '<a href="/">首页</a> &gt; 江城日报 &gt; 产经新闻'
    return (
        _jcrb_chrome_top("utf-8", "产经新闻_江城日报", here, crumbs)
        + f"""<div class="main">
<div class="list"><h2>产经新闻</h2>
<ul class="list_con">
{items}
</ul>
<div class="page">{" ".join(links)} 共{len(pages)}页</div>
</div>
</div>
{JCRB_FOOTER}
</body>
</html>
"""
    )


# ---------------------------------------------------------------- 产业链快讯 (modern)

CYLX_NAV = (("快讯", "/cylx/news/"), ("区块链", "/cylx/news/"), ("人工智能", "/cylx/news/"), ("芯片", "/cylx/news/"),
            ("新能源", "/cylx/news/"), ("数据要素", "/cylx/news/"), ("RSS", "/cylx/rss.xml"))
CYLX_FOOTER = """<footer class="site-footer">
  <nav><a href="/cylx/">关于产业链快讯</a> · <a href="/cylx/">商务合作</a> · <a href="/cylx/">投稿</a> ·
  <a href="/cylx/rss.xml">RSS订阅</a></nav>
  <p>© 2026 产业链快讯 版权所有，未经书面授权不得转载。本站内容不构成任何投资建议。</p>
  <p><a href="https://beian.miit.gov.cn/" rel="nofollow">沪ICP备26004321号-2</a> · 沪公网安备31010402000456号</p>
</footer>"""


def _cylx_header() -> str:
    nav = "".join(f'<a href="{href}">{name}</a>' for name, href in CYLX_NAV)
    return f"""<header class="site-header">
  <a class="logo" href="/cylx/">产业链快讯</a>
  <nav class="main-nav">{nav}</nav>
  <form class="search" action="/cylx/search" role="search">
    <input type="search" name="q" placeholder="搜索快讯、公司、政策"><button>搜索</button></form>
</header>"""


def render_cylx_article(a: SourceArticle, outlet_articles: list[SourceArticle]) -> str:
    iso = a.published_at.isoformat()
    url = "/" + a.path
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    related = "\n".join(
        f'<li><a href="/{r.path}">{escape(r.title)}</a> <time datetime="{r.published_at.isoformat()}">'
        f"{r.published_at:%m-%d}</time></li>"
        for r in _related(a, outlet_articles)
    )
    description = a.sentences[0][:80]
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": iso,
            "author": [{"@type": "Person", "name": n} for n in a.author.split()],
            "publisher": {"@type": "Organization", "name": "产业链快讯"},
        },
        ensure_ascii=False,
    )
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="{a.charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(a.title)} | 产业链快讯</title>
<link rel="canonical" href="{url}">
<meta name="description" content="{escape(description)}">
<meta name="author" content="{escape(a.author)}">
<meta property="og:site_name" content="产业链快讯">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(a.title)}">
<meta property="og:url" content="{url}">
<meta property="og:description" content="{escape(description)}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{escape(a.column)}">
<script type="application/ld+json">{ld}</script>
<link rel="alternate" type="application/rss+xml" title="产业链快讯" href="/cylx/rss.xml">
<link rel="stylesheet" href="/cylx/static/site.css">
</head>
<body>
{_cylx_header()}
<nav class="breadcrumb" aria-label="breadcrumb"><a href="/cylx/">首页</a> / <a href="/cylx/news/">快讯</a> /
  <a href="/cylx/news/">{escape(a.column)}</a> / <span>正文</span></nav>
<main class="container">
<article class="post">
  <header class="post-header">
    <h1>{escape(a.title)}</h1>
    <div class="post-meta"><time datetime="{iso}">{a.published_at:%Y-%m-%d %H:%M}</time>
      <span class="byline">记者 {escape(a.author)}</span> <span class="tag">{escape(a.column)}</span></div>
  </header>
  <div class="article-content">
{body}
  </div>
  <footer class="post-footer">
    <p class="statement">声明：本文由产业链快讯原创，转载请注明出处。文中观点不构成投资建议。</p>
    <div class="share">分享：<button data-share="wechat">微信</button><button data-share="weibo">微博</button>
      <button data-share="link">复制链接</button></div>
  </footer>
</article>
<aside class="related"><h2>相关阅读</h2><ul>
{related}
</ul></aside>
<section class="comments" id="comments"><h2>评论（0）</h2>
<form action="/admin/comments" method="post"><textarea name="body" placeholder="写下你的看法，友善发言"></textarea>
<button type="submit">发布评论</button></form>
<p class="empty">还没有评论，来说两句吧。</p>
</section>
</main>
{CYLX_FOOTER}
</body>
</html>
"""


def render_cylx_list(page: int, pages: list[list[SourceArticle]]) -> str:
    items = "\n".join(
        f"""<div class="news-item">
  <h3><a href="/{a.path}">{escape(a.title)}</a></h3>
  <p class="summary">{escape(_snippet(a.sentences[0], 60))}</p>
  <div class="meta"><time datetime="{a.published_at.isoformat()}">{a.published_at:%Y-%m-%d %H:%M}</time>
    <span class="tag">{escape(a.column)}</span></div>
</div>"""
        for a in pages[page]
    )
    names = ["index.html"] + [f"list_{i + 1}.html" for i in range(1, len(pages))]
    pager = []
    if page > 0:
        pager.append(f'<a rel="prev" href="{names[page - 1]}">上一页</a>')
    pager += [f'<a href="{n}">{i + 1}</a>' if i != page else f'<span class="current">{i + 1}</span>'
              for i, n in enumerate(names)]
    if page < len(pages) - 1:
        pager.append(f'<a rel="next" href="{names[page + 1]}">下一页</a>')
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>快讯 - 第{page + 1}页 | 产业链快讯</title>
<link rel="alternate" type="application/rss+xml" title="产业链快讯" href="/cylx/rss.xml">
<link rel="stylesheet" href="/cylx/static/site.css">
</head>
<body>
{_cylx_header()}
<nav class="breadcrumb" aria-label="breadcrumb"><a href="/cylx/">首页</a> / <span>快讯</span></nav>
<main class="container">
<section class="news-list">
{items}
</section>
<nav class="pagination">{" ".join(pager)}</nav>
</main>
{CYLX_FOOTER}
</body>
</html>
"""


def render_cylx_home(articles: list[SourceArticle]) -> str:
    top = "\n".join(f'<li><a href="/{a.path}">{escape(a.title)}</a></li>' for a in articles[:5])
    return f"""<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>产业链快讯 - 产业数字化新闻</title>
<link rel="alternate" type="application/rss+xml" title="产业链快讯" href="/cylx/rss.xml"></head>
<body>
{_cylx_header()}
<main class="container"><h2>头条</h2><ul class="headlines">
{top}
</ul><p><a href="/cylx/news/">更多快讯</a></p></main>
{CYLX_FOOTER}
</body>
</html>
"""


def render_cylx_rss(articles: list[SourceArticle]) -> str:
    """RSS 2.0; links are site-absolute paths, to be resolved against the feed's own URL."""
    items = "\n".join(
        f"""  <item>
    <title>{escape(a.title)}</title>
    <link>/{a.path}</link>
    <guid isPermaLink="false">cylx-{a.path.rsplit("/", 1)[-1].split(".")[0]}</guid>
    <pubDate>{format_datetime(a.published_at)}</pubDate>
    <category>{escape(a.column)}</category>
    <description>{escape(a.sentences[0])}</description>
  </item>"""
        for a in articles
    )
    build_date = format_datetime(articles[0].published_at)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
  <title>产业链快讯</title>
  <link>/cylx/</link>
  <description>区块链、人工智能、芯片、新能源与数据要素产业快讯</description>
  <language>zh-cn</language>
  <lastBuildDate>{build_date}</lastBuildDate>
{items}
</channel>
</rss>
"""


# ---------------------------------------------------------------- shared pages

ROBOTS = """# eventline sample site
User-agent: *
Disallow: /admin/
Allow: /
"""

ROOT_INDEX = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>eventline 样例站点</title></head>
<body>
<h1>eventline 样例站点</h1>
<p>两家虚构媒体的原创样例新闻，供 eventline 的演示与测试使用。</p>
<ul>
<li><a href="/jcrb/index.htm">江城日报 · 产经新闻</a></li>
<li><a href="/cylx/">产业链快讯</a>（<a href="/cylx/news/">快讯列表</a>，<a href="/cylx/rss.xml">RSS</a>）</li>
</ul>
</body>
</html>
"""

ADMIN_INDEX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>后台管理登录</title></head>
<body><h1>内容管理系统</h1>
<form method="post"><input name="user"><input name="password" type="password"><button>登录</button></form></body>
</html>
"""

JCRB_CSS = "body{font:14px/1.8 SimSun,serif;margin:0}.nav li{display:inline;margin:0 8px}.TRS_Editor p{text-indent:2em}"
JCRB_CSS += "\n"
CYLX_CSS = "body{font:16px/1.7 system-ui,sans-serif;margin:0}.post h1{font-size:28px}.site-footer{color:#888}\n"


def site_files(articles: list[SourceArticle]) -> dict[str, bytes]:
    """Every file of the site as path → bytes (article pages encoded in their own charset)."""
    files: dict[str, str | bytes] = {
        "robots.txt": ROBOTS,
        "index.html": ROOT_INDEX,
        "admin/index.html": ADMIN_INDEX,
        "jcrb/css/style.css": JCRB_CSS,
        "cylx/static/site.css": CYLX_CSS,
    }
    manifest_articles = []
    for key, outlet in OUTLETS.items():
        mine = _newest_first(a for a in articles if a.outlet == key)
        pages = [mine[i:i + PER_PAGE] for i in range(0, len(mine), PER_PAGE)]
        list_pages = outlet["list_pages"]
        assert isinstance(list_pages, list) and len(list_pages) == len(pages), "list pages do not fit the articles"
        render_article = render_jcrb_article if key == "jcrb" else render_cylx_article
        render_list = render_jcrb_list if key == "jcrb" else render_cylx_list
        for i, name in enumerate(list_pages):
            files[name] = render_list(i, pages)
        for a in mine:
            files[a.path] = render_article(a, mine).encode(a.charset)
        if key == "cylx":
            files["cylx/index.html"] = render_cylx_home(mine)
            files["cylx/rss.xml"] = render_cylx_rss(mine)
    for a in sorted(articles, key=lambda a: (a.published_at, a.path)):
        sentences = a.sentences
        manifest_articles.append({
            "id": a.key,
            "path": a.path,
            "doc": a.path,
            "outlet": a.outlet,
            "source": OUTLETS[a.outlet]["name"],
            "title": a.title,
            "published_at": a.published_at.isoformat(),
            "author": a.author,
            "charset": a.charset,
            "first_sentence": sentences[0],
            "last_sentence": sentences[-1],
            "paragraphs": len(a.paragraphs),
            "text": a.text,
        })
    manifest = {
        "about": "eventline sample site: original articles by two fictional outlets; rebuild with "
                 "`python -m sample_site.build`. Article paths are relative to the site root; "
                 "`doc` is the id used in sample_site/gold.jsonl.",
        "outlets": OUTLETS,
        "robots_disallow": ["/admin/"],
        "articles": manifest_articles,
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    return {p: (c.encode("utf-8") if isinstance(c, str) else c) for p, c in sorted(files.items())}


def build(out: Path = SITE_DIR, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Write the site under `out` (files not produced by the build are left alone); return the paths written."""
    written = []
    for rel, data in site_files(parse_sources(source_dir)).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITE_DIR, help="output directory (default: sample_site/site)")
    args = parser.parse_args(argv)
    paths = build(args.out)
    print(f"wrote {len(paths)} files under {args.out}")


if __name__ == "__main__":
    main()
