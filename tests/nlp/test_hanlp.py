"""Tests that really start the JVM: analyzer, extraction end to end, fuzzing, and the seed floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import extract_article, extract_events
from nlp.analyzer import analyze
from schemas import Article, FlatEvent

pytestmark = pytest.mark.hanlp


def _article(text: str, published: str = "2026-06-01T10:00:00+08:00") -> Article:
    return Article(id="t1", source="测试", published_at=published, text=text)


def test_hanlp_doc_covers_text_with_entities() -> None:
    text = "工信部批复了云南昆明为国家区块链发展先导区。\n第二句。"
    doc = analyze(text)
    assert doc.text == text
    assert "工信部" in [t.text for t in doc]
    assert len(list(doc.sents)) == 2
    assert any(e.label_ == "ORG" for e in doc.ents)


def test_hanlp_extract_article_dated_by_telegraph_lead() -> None:
    events = extract_article(_article("财联社6月1日电，合肥市人民政府与某某科技有限公司签署战略合作协议。"))
    signing = [e for e in events if e.type == "signing"]
    assert signing and signing[0].date.as_text() == "2026-06-01"


def test_hanlp_planned_event_left_out_by_default() -> None:
    art = _article("该市将出台《算力券管理办法》。")
    assert not extract_article(art)
    assert [e.modality for e in extract_article(art, include_planned=True)] == ["planned"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=300))
def test_hanlp_fuzz_extract_article_never_raises(text: str) -> None:
    if not text.strip():
        return
    extract_article(_article(text))


def test_hanlp_huge_text_never_raises() -> None:
    extract_article(_article("近日，某市印发《数据要素行动方案》。" * 3000 + "签署" * 1000))


def test_hanlp_seed_floors(shared_dir: Path, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (shared_dir / "seeds" / "articles.jsonl").read_text("utf-8").splitlines()]
    articles = [Article.model_validate({k: v for k, v in r.items() if k in Article.model_fields}) for r in rows]
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for event in extract_events(articles):
            for flat in FlatEvent.from_event(event):
                f.write(flat.model_dump_json() + "\n")
    out = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_events.py"),
                          str(shared_dir / "gold" / "seed_events.jsonl"), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(out.stdout)
    assert score["f1"] >= 0.90, score
    assert score["region_accuracy"] >= 0.90, score
    assert score["section_accuracy"] >= 0.90, score
    assert score["recall"] >= 0.95, score
    assert score["participants_f1"] >= 0.80, score


def test_hanlp_bylines_dates_and_referents_are_no_participants() -> None:
    text = ("南京日报6月2日讯（记者 王明 通讯员 李华）1日上午，金陵人工智能创新中心在江北新区揭牌。\n"
            "江北新区相关负责人介绍，上周五，区里已与南京钟山智造科技有限公司签署算力网络建设合作协议。")
    events = extract_article(_article(text, "2026-06-02T08:00:00+08:00"))
    names = {p.normalized for e in events for p in e.participants}
    assert not any("王明" in n or "李华" in n or n.endswith("日") or n == "区里" for n in names), names
    signing = next(e for e in events if e.type == "signing")
    assert "南京钟山智造科技有限公司" in {p.normalized for p in signing.participants}
    assert any("江北新区" in p.normalized for p in signing.participants)
    assert all(not e.summary.startswith("（") for e in events)


def test_hanlp_planned_subsidiary_is_no_establishment() -> None:
    text = "6月1日，金陵数智科技股份有限公司公告，公司拟以自有资金不超过2亿元在苏州投资设立全资子公司。"
    assert not [e for e in extract_article(_article(text)) if e.type == "establishment"]


def test_hanlp_article_without_date_is_extracted() -> None:
    text = "2025年3月5日，南京市人民政府办公厅印发《南京市算力基础设施发展行动方案》。"
    events = extract_article(Article(id="nd", source="测试", published_at=None, text=text))
    assert events and events[0].date.as_text() == "2025-03-05"


def test_hanlp_same_signing_from_two_outlets_merges() -> None:
    a = Article(id="o1", source="南京日报", published_at="2026-06-03T08:00:00+08:00",
                text="南京日报6月3日讯（记者 王明）2日下午，南京江北新区管理委员会与金陵数智科技有限公司"
                     "签署《算力网络战略合作协议》。")
    b = Article(id="o2", source="产业快讯", published_at="2026-06-03T15:00:00+08:00",
                text="产业快讯6月3日讯（记者 韩梅）6月2日，算力服务商金陵数智科技有限公司（以下简称“金陵数智”）"
                     "与南京江北新区管理委员会在南京签订战略合作协议，双方将围绕算力网络开展合作。")
    signings = [e for e in extract_events([a, b]) if e.type == "signing"]
    assert len(signings) == 1 and len(signings[0].mentions) == 2, signings
