"""Digest vs the editors' seed 004: the comparison itself (on gold-built events) and, with HanLP, end to end."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from digest import build_digest
from eval.digest import SEED_WEEK, evaluate, longest_shared_run, main, shares
from schemas import Article, EventType, Section

SEED_004 = "004_d9a224aafac8ed23.txt"
SECTION_FLOOR = 0.90
RECALL_FLOOR = 0.90


def _scorer(shared_dir: Path):
    spec = importlib.util.spec_from_file_location("score_events", shared_dir / "tools" / "score_events.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("贵州省大数据发展领导小组发布《贵阳贵安区块链发展三年行动计划》",
         "《贵阳贵安区块链发展三年行动计划（2020-2022）》"),
        ("济南市人民政府与清华大学举行全面合作签约", "清华大学举行签约"),
        ("短句", "短句很长"),
        ("完全不同的两句话", "风马牛不相及的内容"),
        ("“工信部”、国家发改委", "工信部国家发改委等"),
        ("", "任何"),
    ],
)
def test_eval_digest_shares_agrees_with_the_scorer(shared_dir: Path, a: str, b: str) -> None:
    assert shares(a, b) == _scorer(shared_dir).shares(a, b)


def test_eval_digest_longest_shared_run() -> None:
    assert longest_shared_run("abcXYZdef", "XYZ") == 3
    assert longest_shared_run("《腾讯》", "腾讯") == 2


def test_eval_digest_perfect_events_score_full_marks(gold: list[dict], gold_events: list) -> None:
    score = evaluate(gold_events, gold, SEED_WEEK)
    print(score.summary())
    assert score.item_recall == 1.0 and score.section_agreement == 1.0
    assert score.required_items == sum(1 for g in gold if g.get("section") and g["required"])


def test_eval_digest_wrong_section_lowers_agreement(gold: list[dict], gold_events: list) -> None:
    moved = [e.model_copy(update={"section": Section.other}) if "专利白皮书" in (e.object or "") else e
             for e in gold_events]
    score = evaluate(moved, gold, SEED_WEEK)
    assert score.item_recall == 1.0
    assert score.agreeing_items == score.matched_items - 1
    assert any("专利" in line for line in score.misplaced)


def test_eval_digest_missing_events_lower_recall(gold: list[dict], gold_events: list) -> None:
    kept = [e for e in gold_events if "福州" not in (e.object or "") + e.mentions[0].sentence]
    kept = [e for e in kept if e.type.value != "approval"]
    score = evaluate(kept, gold, SEED_WEEK)
    assert score.required_found == score.required_items - 2
    assert score.section_agreement == 1.0
    assert len(score.missed) == 2


def test_eval_digest_events_outside_the_week_do_not_count(gold: list[dict], gold_events: list) -> None:
    score = evaluate(gold_events, gold, "2020-W31")
    assert score.digest_items == 0 and score.item_recall == 0.0


def test_eval_digest_wrong_type_or_document_does_not_match(gold: list[dict], gold_events: list) -> None:
    retyped = [e.model_copy(update={"type": EventType.meeting}) if e.type.value == "policy_release" else e
               for e in gold_events]
    assert evaluate(retyped, gold).required_found < evaluate(gold_events, gold).required_found
    elsewhere = [e.model_copy(update={"mentions": [m.model_copy(update={"article_id": "x"}) for m in e.mentions]})
                 for e in gold_events]
    assert evaluate(elsewhere, gold).required_found == 0


def test_eval_digest_command(gold: list[dict], gold_events: list, shared_dir: Path, tmp_path: Path,
                                 capsys) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in gold_events), encoding="utf-8")
    assert main([str(path), "--gold", str(shared_dir / "gold" / "seed_events.jsonl")]) == 0
    assert "item recall 100.0%" in capsys.readouterr().out


def _seed_articles(shared_dir: Path) -> list[Article]:
    articles = []
    with (shared_dir / "seeds" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("published_at"):
                articles.append(Article.model_validate(record))
    return articles


@pytest.mark.hanlp
def test_eval_digest_seed_week_from_real_extraction(shared_dir: Path, gold: list[dict]) -> None:
    """End to end: extract the seeds, build 2020-W30, compare with the editors' digest (seed 004)."""
    nlp = pytest.importorskip("nlp")
    if not hasattr(nlp, "extract_events"):
        pytest.skip("nlp.extract_events is not available yet")
    articles = _seed_articles(shared_dir)
    assert any(a.id == SEED_004 for a in articles)
    events = nlp.extract_events(articles)
    score = evaluate(events, gold, SEED_WEEK)
    print(score.summary())
    for line in (*score.missed, *score.misplaced):
        print(" ", line)
    assert score.item_recall >= RECALL_FLOOR, score.summary()
    assert score.section_agreement >= SECTION_FLOOR, score.summary()
    assert build_digest(events, SEED_WEEK).item_count >= score.required_found


def test_eval_digest_gold_builder_only_takes_seed_004(gold_events: list) -> None:
    assert {e.mentions[0].article_id for e in gold_events} == {SEED_004}
