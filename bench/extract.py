"""Benchmark: characters per second of the whole extraction (article text → merged events).

Runs `nlp.extract_events` in one process on ../shared/corpus/dev/articles.jsonl plus the seeds,
several times after a warm-up (JVM start and JIT are reported separately), and prints the
median throughput, peak memory (Python tracemalloc + process RSS), and where the time goes
(HanLP segmentation, Doc building, rules and arguments, merge).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("EVENTLINE_SHARED", ROOT.parent / "shared"))


def load_articles() -> list:  # type: ignore[type-arg]
    from schemas import Article

    rows = []
    for path in (SHARED / "corpus" / "dev" / "articles.jsonl", SHARED / "seeds" / "articles.jsonl"):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Article.model_validate({k: v for k, v in r.items() if k in Article.model_fields})
            for r in rows if r.get("published_at") and r.get("text")]


def main(runs: int = 5) -> None:
    from nlp import analyzer, extract_events
    from nlp.merge import merge_events
    from nlp.pipeline import extract_docs

    articles = load_articles()
    chars = sum(len(a.text) for a in articles)
    t0 = time.perf_counter()
    extract_events(articles[:5])
    print(f"JVM start + dictionaries + first batch: {time.perf_counter() - t0:.2f}s")
    extract_events(articles)  # warm-up (JIT)
    totals = []
    parts: dict[str, list[float]] = {"hanlp": [], "doc_build": [], "rules+args": [], "merge": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        texts = [a.text for a in articles]
        joined = "\n\n".join(texts)
        analyzer.hanlp_terms(joined)
        t1 = time.perf_counter()
        docs = analyzer.analyze_many(texts, batch_chars=10**9)
        t2 = time.perf_counter()
        events = extract_docs(articles, docs)
        t3 = time.perf_counter()
        merge_events(events)
        t4 = time.perf_counter()
        parts["hanlp"].append(t1 - t0)
        parts["doc_build"].append((t2 - t1) - (t1 - t0))
        parts["rules+args"].append(t3 - t2)
        parts["merge"].append(t4 - t3)
        t5 = time.perf_counter()
        n_events = len(extract_events(articles))
        totals.append(time.perf_counter() - t5)
    median = statistics.median(totals)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(articles)}  chars {chars}  events {n_events}")
    print(f"extract_events: median {median:.3f}s over {runs} runs → {chars / median:,.0f} chars/s (goal 200,000)")
    for name, values in parts.items():
        med = statistics.median(values)
        print(f"  {name:11s} {med:.3f}s  ({100 * med / median:.0f}%)")
    print(f"peak RSS {rss_mb:.0f} MB (includes the JVM heap)")


if __name__ == "__main__":
    main()
