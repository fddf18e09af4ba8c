"""`python -m eval.run` (`make eval`): the table, the set names, and the sets really extracted and scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from eval.run import SETS, main, table
from eval.sample import evaluate, sample_articles

REPORT = {
    "precision": 0.9, "recall": 0.5, "f1": 0.643, "predicted": 10, "required_gold": 12, "participants_f1": 0.61,
    "region_accuracy": 1.0, "date_exact": 0.875,
    "by_type": {"meeting": {"precision": 1.0, "recall": None, "f1": None, "predicted": 2, "required_gold": 0}},
}


def test_eval_run_table_has_a_row_per_set_and_per_type() -> None:
    console = Console(width=140, record=True)
    console.print(table({"dev": REPORT}))
    text = console.export_text()
    assert "dev" in text and "meeting" in text
    assert "0.643" in text and "0.610" in text and "0.875" in text
    assert "–" in text  # a type without gold has no recall: shown, not 0


def test_eval_run_unknown_set_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--sets", "seeds,nope"])
    assert exit_info.value.code == 2
    assert "nope" in capsys.readouterr().err


def test_eval_run_missing_scorer_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--shared", str(tmp_path), "--sets", "seeds"])
    assert "no scorer" in capsys.readouterr().err


def test_eval_run_names_the_four_sets() -> None:
    assert [s.name for s in SETS] == ["seeds", "dev", "dev_long", "sample"]


def test_eval_sample_articles_come_from_the_manifest() -> None:
    articles = sample_articles()
    assert articles and all(a.url and a.url.startswith("http://sample.eventline.test/") for a in articles)


@pytest.mark.hanlp
def test_eval_sample_site_floors(shared_dir: Path) -> None:
    score = evaluate(shared_dir / "tools" / "score_events.py")
    assert score["f1"] >= 0.90, score
    assert score["participants_f1"] >= 0.78, score
    assert score["section_accuracy"] >= 0.90, score


@pytest.mark.hanlp
def test_eval_run_scores_the_seeds_and_the_sample_site(shared_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--shared", str(shared_dir), "--out", str(tmp_path), "--sets", "seeds,sample", "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert set(reports) == {"seeds", "sample"}
    assert reports["seeds"]["f1"] >= 0.90 and reports["sample"]["f1"] >= 0.90, reports
    assert set(reports["seeds"]["by_type"]) >= {"signing", "policy_release", "meeting"}
    assert "item recall" in reports["seeds"]["digest"]["summary"]
    assert (tmp_path / "seeds_events.jsonl").stat().st_size > 0 and (tmp_path / "sample_events.jsonl").exists()
