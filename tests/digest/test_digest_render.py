"""Renderers: escaping in Markdown / HTML / e-mail, the .eml round trip, mail-safe HTML."""

from __future__ import annotations

import email
import re
from datetime import date, datetime
from email.policy import default

import pytest

from digest import DigestConfig, build_digest, render_eml, render_html, render_markdown, render_text
from digest.overrides import parse_overrides
from schemas import SHANGHAI, Section

WEEK = "2020-W30"
NASTY_HEADLINE = '<script>alert("x")</script> 腾讯 & 阿里 “合作” \'签约\''
NASTY_SUMMARY = '7月22日，A&B公司<b>发布</b>"白皮书"<img src=x onerror=alert(1)>。'


@pytest.fixture
def nasty_digest(make_event):
    event = make_event(NASTY_HEADLINE, summary=NASTY_SUMMARY, url='https://news.example/a?x=1&y="2"')
    overrides = parse_overrides("sections:\n  产业政策:\n    comment: '<script>bad()</script> & 简评'\n")
    return build_digest([event, make_event("研究报告", section=Section.research)], WEEK, overrides=overrides)


def _assert_escaped_html(html: str) -> None:
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 腾讯 &amp; 阿里" in html
    assert "A&amp;B公司&lt;b&gt;发布&lt;/b&gt;&#34;白皮书&#34;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#39;签约&#39;" in html
    assert 'href="https://news.example/a?x=1&amp;y=&#34;2&#34;"' in html
    assert "&lt;script&gt;bad()&lt;/script&gt; &amp; 简评" in html


def test_digest_html_escapes_titles_and_summaries(nasty_digest) -> None:
    _assert_escaped_html(render_html(nasty_digest))


def test_digest_eml_html_part_escapes_titles_and_summaries(nasty_digest) -> None:
    message = email.message_from_bytes(render_eml(nasty_digest), policy=default)
    _assert_escaped_html(message.get_body(("html",)).get_content())


def test_digest_markdown_escapes_markup(nasty_digest) -> None:
    markdown = render_markdown(nasty_digest)
    assert not re.search(r"(?<!\\)<", markdown.replace("<!-- ev_", ""))  # every < is escaped
    assert r"\<script\>alert(\"x\")" not in markdown  # quotes need no escaping
    assert r"\<script\>alert(" in markdown and "腾讯 & 阿里" in markdown


def test_digest_eml_parses_back_with_subject_and_utf8_parts(make_event) -> None:
    digest = build_digest([make_event("深圳龙华区与腾讯共建产业区块链联盟")], WEEK)
    raw = render_eml(digest, DigestConfig(mail_to="editors@example.org"))
    assert b"\r\n" in raw and raw.isascii()  # 7-bit transport encoding, CRLF
    message = email.message_from_bytes(raw, policy=default)
    assert message["Subject"] == "产业区块链一周动态丨深圳龙华区与腾讯共建产业区块链联盟"
    assert message["To"] == "editors@example.org"
    assert message["X-Unsent"] == "1" and message["X-Eventline-Items"] == "1"  # a draft: opens as editable
    assert message["Date"].datetime == datetime(2020, 7, 27, 8, 0, tzinfo=SHANGHAI)  # the Monday it is issued
    assert message.get_content_type() == "multipart/alternative"
    assert render_eml(digest, DigestConfig(mail_to="editors@example.org")) == raw  # byte-identical re-render
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert "深圳龙华区与腾讯共建产业区块链联盟" in plain.get_content()
    assert "产业政策" in plain.get_content()
    assert "深圳龙华区与腾讯共建产业区块链联盟" in html.get_content()
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]


def test_digest_html_is_mail_safe(make_event) -> None:
    html = render_html(build_digest([make_event("测试")], WEEK))
    assert '<meta charset="utf-8">' in html
    assert "<table" in html and "<style" not in html and "<script" not in html and "<link" not in html
    assert not re.search(r"""(?:src|href)=["'](?!https?://news\.example)""", html)  # nothing external but sources
    assert "class=" not in html  # styles are inline


def test_digest_empty_week_renders_everywhere() -> None:
    digest = build_digest([], WEEK)
    assert "本周暂无产业区块链动态。" in render_markdown(digest)
    assert "本周暂无产业区块链动态。" in render_text(digest)
    assert "本周暂无产业区块链动态。" in render_html(digest)
    message = email.message_from_bytes(render_eml(digest), policy=default)
    assert "本周暂无产业区块链动态。" in message.get_body(("plain",)).get_content()


def test_digest_markdown_lists_sources_outlets_and_event_ids(make_event) -> None:
    event = make_event("多源事件", outlets=("财联社", "巴比特"), day=date(2020, 7, 21))
    markdown = render_markdown(build_digest([event], WEEK))
    assert markdown.startswith("# 产业区块链一周动态丨多源事件\n\n2020年7月20日—7月26日\n")
    assert "## 产业政策" in markdown and "**多源事件**" in markdown
    assert "[财联社](https://news.example/" in markdown and "（2家媒体报道）" in markdown
    assert f"<!-- {event.id} -->" in markdown
