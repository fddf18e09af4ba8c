"""Pure helpers of the crawlers: registry validation, layouts, cleaning, dates, charsets, Retry-After."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from crawl_helpers import sentences

from crawlers.charset import decode_body, normalize_charset
from crawlers.cleaning import clean_paragraphs, parse_datetime
from crawlers.extraction import extract_article
from crawlers.middlewares import retry_after_seconds
from crawlers.registry import RegistryError, load_registry, parse_registry

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "key": "demo",
    "name": "示例",
    "kind": "html_list",
    "start_urls": ["https://x.example/"],
    "article_url_pattern": r"/\d+\.html$",
}


def test_registry_loads_project_file() -> None:
    keys = {s.key for s in load_registry(ROOT / "sources.yaml").enabled()}
    assert {"cls", "cjrb", "btc8", "sample_jcrb", "sample_cylx"} <= keys


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "ftp"}, "kind"),
        ({"article_url_pattern": "(["}, "article_url_pattern"),
        ({"charset": "klingon"}, "charset"),
        ({"schedule": "every day"}, "schedule"),
        ({"politeness": {"delay_s": -1}}, "politeness.delay_s"),
        ({"surprise": 1}, "surprise"),
        ({"start_urls": ["ftp://x"]}, "start_urls"),
    ],
)
def test_registry_error_names_source_and_field(change: dict, field: str) -> None:
    with pytest.raises(RegistryError) as err:
        parse_registry([GOOD, {**GOOD, "key": "broken", **change}])
    assert "source 'broken'" in str(err.value) and f"field {field}" in str(err.value)


def test_registry_layouts_pick_by_date_and_expand_placeholders() -> None:
    entry = {
        **GOOD,
        "start_urls": ["${SAMPLE_SITE}/a/index.html"],
        "allowed_domains": ["${SAMPLE_SITE}"],
        "selectors": {"title": "h1", "body": "div.new"},
        "layouts": [
            {"valid_until": "2024-06-30", "selectors": {"body": "div.v2"}},
            {"valid_until": "2020-01-31", "selectors": {"body": "div.v1"}},
        ],
    }
    source = parse_registry([entry]).get("demo")
    assert source.selectors_for(date(2019, 5, 1)).body == ["div.v1"]
    assert source.selectors_for(date(2022, 5, 1)).body == ["div.v2"]
    assert source.selectors_for(date(2025, 5, 1)).body == ["div.new"]
    assert source.selectors_for(date(2019, 5, 1)).title == ["h1"]
    expanded = source.expanded({"SAMPLE_SITE": "http://127.0.0.1:8123"})
    assert expanded.start_urls == ["http://127.0.0.1:8123/a/index.html"] and expanded.allowed_domains == ["127.0.0.1"]
    with pytest.raises(RegistryError, match="SAMPLE_SITE"):
        source.expanded({"SAMPLE_SITE": ""})
    with pytest.raises(RegistryError, match="newest first"):
        parse_registry([{**entry, "layouts": list(reversed(entry["layouts"]))}])


def test_cleaning_drops_furniture_and_keeps_order() -> None:
    lines = [
        "  正文第一段。 ",
        "",
        "（责任编辑：张三）",
        "【纠错】 责任编辑：李四",
        "【1】 【2】",
        "正文第二段。",
        "正文第二段。",
        "分享到：微信 微博",
    ]
    assert clean_paragraphs(lines) == ["正文第一段。", "正文第二段。"]
    assert sentences("他说：“好。”然后走了。《定了！》发布！（完）") == [
        "他说：“好。”然后走了。",
        "《定了！》发布！（完）",
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019年06月15日08:18 来源：人民网", "2019-06-15T08:18:00+08:00"),
        ("2007-08-20-23:59:59", "2007-08-20T23:59:59+08:00"),
        ("Fri, 13 Nov 2026 10:40:00 +0800", "2026-11-13T10:40:00+08:00"),
        ("2026-10-28T02:15:00+00:00", "2026-10-28T10:15:00+08:00"),
        ("1778993085", "2026-05-17T12:44:45+08:00"),
    ],
)
def test_parse_datetime_gives_shanghai_time(text: str, iso: str) -> None:
    got = parse_datetime(text)
    assert got is not None and got.isoformat() == iso


def test_charset_chain() -> None:
    text = "湖北省武汉市区块链产业𠀀€"
    assert decode_body(text.encode("gb18030"), content_type="text/html; charset=utf-8")[0] == text  # label lies
    assert decode_body(f"<meta charset=gb2312>{text}".encode())[1] == "utf-8"  # meta lies, bytes are UTF-8
    assert decode_body(f"<meta charset=gbk><p>{text}</p>".encode("gb18030"))[0].endswith(f"{text}</p>")
    assert decode_body(text.encode("big5", errors="ignore"), override="big5")[1] == "big5"
    assert normalize_charset("GB2312") == "gb18030" and normalize_charset("nonsense") is None


def test_extraction_falls_back_when_selectors_miss() -> None:
    html = (
        "<html><head><title>回退标题</title><meta property='article:published_time' content='2026-01-02T08:00:00'>"
        "</head><body><article><p>" + "这是一段足够长的正文，用来测试回退提取。" * 5 + "</p></article></body></html>"
    )
    from crawlers.registry import Selectors

    got = extract_article(html, "http://x/1.html", [Selectors(title=["h1.none"], body=["div.none"])])
    assert got.paragraphs and got.title == "回退标题" and got.published and got.published.startswith("2026-01-02")
    assert set(got.fallbacks) == {"body", "title", "date"}


@pytest.mark.parametrize(("value", "expected"), [(b"7", 7.0), (None, 30.0), (b"99999", 300.0), (b"garbage", 30.0)])
def test_retry_after_seconds(value: bytes | None, expected: float) -> None:
    assert retry_after_seconds(value, default=30, cap=300) == expected
