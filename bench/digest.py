"""Digest benchmark: build and render 1,000 synthetic events of one week as Markdown, HTML and .eml.

    python bench/digest.py              # 1,000 events, best of 5 runs; the first (cold) run must fit 2 s
    python bench/digest.py --n 5000 --runs 3

Events are synthetic (seeded): all six sections, national / provincial / city bodies, one to
four outlets each, day-precision dates in 2020-W30 plus some undated ones placed by
`reported_on`. Prints the time of each stage and the total against the 2 s budget; exits 1
when the budget is exceeded, so CI can run it as a smoke check.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest import build_digest, render_eml, render_html, render_markdown  # noqa: E402
from schemas import (  # noqa: E402
    SHANGHAI,
    Event,
    EventDate,
    EventType,
    Mention,
    Participant,
    ParticipantKind,
    Region,
    Section,
)

WEEK = "2020-W30"
BUDGET_S = 2.0
OUTLETS = ("财联社", "巴比特", "长江日报", "新华网", "人民网", "澎湃新闻")
BODIES = (
    ("工业和信息化部", ParticipantKind.government, None),
    ("贵州省大数据发展领导小组", ParticipantKind.government, ("贵州省", "贵阳市")),
    ("济南市人民政府", ParticipantKind.government, ("山东省", "济南市")),
    ("深圳市腾讯计算机系统有限公司", ParticipantKind.company, ("广东省", "深圳市")),
    ("清华大学", ParticipantKind.university, ("北京市", "北京市")),
)


def synthetic_events(n: int, seed: int = 30) -> list[Event]:
    rng = random.Random(seed)
    events = []
    for i in range(n):
        name, kind, place = rng.choice(BODIES)
        day = date(2020, 7, 20 + rng.randrange(7))
        dated = rng.random() > 0.1
        outlets = rng.sample(OUTLETS, rng.randint(1, 4))
        sentence = f"{day.month}月{day.day}日，{name}发布《区块链产业发展第{i}号行动计划》，推动“区块链+”应用落地。"
        events.append(
            Event(
                type=rng.choice(list(EventType)),
                date=EventDate(value=day, precision="day") if dated else EventDate(expression="近日"),
                reported_on=day,
                region=Region(province=place[0], city=place[1]) if place else None,
                participants=[Participant(name=name, kind=kind)],
                object=f"区块链产业发展第{i}号行动计划",
                headline=f"{name}发布区块链产业发展第{i}号行动计划 & <更多>",
                section=rng.choice(list(Section)),
                mentions=[
                    Mention(
                        article_id=f"a{i}-{j}", url=f"https://news.example/{i}/{j}.html", source=outlet,
                        title=f"第{i}号行动计划", published_at=datetime.combine(day, time(9), tzinfo=SHANGHAI),
                        sentence=sentence, start=0, end=len(sentence),
                    )
                    for j, outlet in enumerate(outlets)
                ],
            )
        )
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    events = synthetic_events(args.n)
    best: dict[str, float] = {}
    cold = 0.0
    for run in range(args.runs):
        timings: dict[str, float] = {}
        start = perf_counter()
        digest = build_digest(events, WEEK)
        timings["build"] = perf_counter() - start
        for name, render in (("markdown", render_markdown), ("html", render_html), ("eml", render_eml)):
            t0 = perf_counter()
            output = render(digest)
            timings[name] = perf_counter() - t0
            timings[f"{name}_bytes"] = len(output.encode("utf-8") if isinstance(output, str) else output)
        timings["total"] = perf_counter() - start
        if run == 0:
            cold = timings["total"]  # includes compiling the templates
        if not best or timings["total"] < best["total"]:
            best = timings
    print(f"digest of {args.n} events ({digest.item_count} items, {len(digest.sections)} sections), "
          f"best of {args.runs} runs:")
    for name in ("build", "markdown", "html", "eml"):
        size = f"  {best[f'{name}_bytes'] / 1024:8.0f} KiB" if f"{name}_bytes" in best else ""
        print(f"  {name:9s} {best[name] * 1000:8.1f} ms{size}")
    verdict = "within" if cold <= BUDGET_S else "OVER"
    print(f"  total     {best['total'] * 1000:8.1f} ms  (first run, templates compiled: {cold * 1000:.1f} ms; "
          f"{verdict} the {BUDGET_S:.0f} s budget)")
    return 0 if cold <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
