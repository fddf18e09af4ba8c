"""Benchmark: extraction chars/s as a ratio to HanLP alone, and where the time goes.

Runs `nlp.extract_events` in one process on ../shared/corpus/dev/articles.jsonl plus the seeds,
several times after a warm-up (JVM start and JIT are reported separately). In the same runs,
interleaved with extraction so both see the same machine load, HanLP alone segments every
character of the same texts: the project's jar, a plain `HanLP.newSegment()` with the person,
place and organisation recognisers on, one `seg()` per article. The ratio of the two speeds is
the figure of issue 17 (goal ≥ 1.0); it is printed by wall clock and by process CPU (the machine
is shared: absolute figures move from run to run, ratios much less).

Where the time goes: the same work run stage by stage without the Java/Python overlap, at the
pipeline's batch size (prefilter and sentence split, HanLP's Java call, reading its output, Doc
building, rules and arguments, the later steps — modality, dates, participants, places, dedupe,
sections, headline, ids — and the cross-article merge). Why the project's Java call costs more
per character than plain HanLP is split out: the same plain segment on the very strings the
project sends (its batches: selected sentences joined), against the project's configured segment
(the custom words) on them. `--no-prefilter` analyses whole texts, for comparison.
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


def _clock(fn):  # type: ignore[no-untyped-def]
    """(wall seconds, process CPU seconds of all threads, JVM included) of one call."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def plain_hanlp():  # type: ignore[no-untyped-def]
    """HanLP alone: a default segment of the project's jar with the three recognisers on."""
    import jpype

    from nlp import analyzer

    analyzer._start_jvm()  # the one JVM of the process (the project's custom words are loaded)
    hanlp = jpype.JClass("com.hankcs.hanlp.HanLP")
    return hanlp.newSegment().enableOrganizationRecognize(True).enablePlaceRecognize(True).enableNameRecognize(True)


def main(runs: int = 5) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--no-prefilter", action="store_true", help="analyse whole texts (EVENTLINE_PREFILTER=0)")
    args = parser.parse_args()
    if args.no_prefilter:
        os.environ["EVENTLINE_PREFILTER"] = "0"

    from nlp import analyzer, extract_events
    from nlp.merge import merge_events
    from nlp.pipeline import extract_docs
    from nlp.rules import candidates_of, trigger_filter

    articles = load_articles()
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    extract_events(articles[:5])
    print(f"JVM start + dictionaries + first batch: {time.perf_counter() - t0:.2f}s")
    rss_jvm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    plain = plain_hanlp()
    project = analyzer._start_jvm()
    prefilter = trigger_filter()
    sent = analyzer.hanlp_inputs(texts, prefilter=prefilter)  # what the pipeline hands to HanLP
    sent_chars = sum(len(s) for s in sent)
    for _ in range(2):  # warm-up (JIT) of both paths
        extract_events(articles)
        for text in texts:
            plain.seg(text).size()
    loads: list[float] = []  # the load average at the start of each run (the machine is shared)
    figures: dict[str, list[tuple[float, float]]] = {}
    parts: dict[str, list[float]] = {}
    n_events = 0
    for _ in range(args.runs):
        def run_extract() -> None:
            nonlocal n_events
            n_events = len(extract_events(articles))

        loads.append(os.getloadavg()[0])
        figures.setdefault("extract", []).append(_clock(run_extract))
        figures.setdefault("hanlp alone", []).append(_clock(lambda: [plain.seg(t).size() for t in texts]))
        figures.setdefault("plain on sent", []).append(_clock(lambda: [plain.seg(s).size() for s in sent]))
        figures.setdefault("project on sent", []).append(_clock(lambda: [project.seg(s).size() for s in sent]))
        # the same work stage by stage (analyzer stages from its own clock, the rest by difference)
        analyzer.STAGE_SECONDS.clear()
        t0 = time.perf_counter()
        docs = [doc for batch in analyzer.iter_batches(texts, prefilter=prefilter, overlap=False) for doc in batch]
        t1 = time.perf_counter()
        for doc in docs:
            candidates_of(doc)
        t2 = time.perf_counter()
        events = extract_docs(articles, docs)
        t3 = time.perf_counter()
        merge_events(events)
        t4 = time.perf_counter()
        stages = dict(analyzer.STAGE_SECONDS)
        row = {
            "prefilter+sentences": stages.get("select", 0.0),
            "hanlp (java)": stages.get("hanlp", 0.0),
            "hanlp output parse": stages.get("parse", 0.0),
            "doc build": stages.get("doc", 0.0),
            "rules (matcher+args)": t2 - t1,
            "later steps": (t3 - t2) - (t2 - t1),
            "merge": t4 - t3,
        }
        row["analyzer other"] = (t1 - t0) - sum(stages.values())
        for name, value in row.items():
            parts.setdefault(name, []).append(value)
    med = {name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
           for name, v in figures.items()}
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(articles)}  chars {chars}  events {n_events}  prefilter {'on' if prefilter else 'off'}: "
          f"{sent_chars} chars ({100 * sent_chars / chars:.0f}%) sent to HanLP in {len(sent)} calls")
    wall, cpu = med["extract"]
    alone_wall, alone_cpu = med["hanlp alone"]
    spread = [w for w, _ in figures["extract"]]
    print(f"extract_events: median {wall:.3f}s over {args.runs} runs (min {min(spread):.3f}s, max {max(spread):.3f}s)"
          f" → {chars / wall:,.0f} chars/s; process CPU {cpu:.3f}s → {chars / cpu:,.0f} chars per CPU-second")
    print(f"HanLP alone (plain segment, NER on, every character, one call per article): median {alone_wall:.3f}s"
          f" → {chars / alone_wall:,.0f} chars/s; CPU {alone_cpu:.3f}s → {chars / alone_cpu:,.0f} chars per CPU-second")
    print(f"RATIO extract ÷ HanLP alone: wall {alone_wall / wall:.2f}, CPU {alone_cpu / cpu:.2f} (goal ≥ 1.0)"
          f"; load average at the runs' starts {', '.join(f'{x:.1f}' for x in loads)}")
    print("the project's HanLP call per character, on the strings it sends (chars/s, wall | CPU):")
    for name in ("plain on sent", "project on sent"):
        w, c = med[name]
        print(f"  {name:16s} {sent_chars / w:>10,.0f} | {sent_chars / c:>10,.0f}")
    print(f"  (HanLP alone, per article: {chars / alone_wall:,.0f} | {chars / alone_cpu:,.0f})")
    # the ceiling of the ratio: extraction that cost only its Java call on the strings it sends
    java_cpu = med["project on sent"][1]
    print(f"ceiling: the project's HanLP call alone on the sent strings ({java_cpu:.3f}s CPU) would give a CPU ratio"
          f" of {alone_cpu / java_cpu:.2f}; for 1.0 all else may cost {max(alone_cpu - java_cpu, 0):.3f}s CPU, it costs"
          f" {cpu - java_cpu:.3f}s ({(cpu - java_cpu) / max(alone_cpu - java_cpu, 1e-9):.1f}× that)")
    staged = sum(statistics.median(v) for v in parts.values())
    print(f"where the time goes (medians of the same work stage by stage, wall, sum {staged:.3f}s):")
    for name, values in parts.items():
        m = statistics.median(values)
        print(f"  {name:21s} {m:.3f}s  ({100 * m / staged:.0f}%)")
    print(f"peak RSS {rss_mb:.0f} MB (JVM and Python; {rss_jvm:.0f} MB right after the JVM start)")


if __name__ == "__main__":
    main()
