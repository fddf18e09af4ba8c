"""Store benchmark: indexing throughput and timeline query latency, per backend, side by side.

    python bench/store.py                       # 100 000 synthetic events; sqlite and elasticsearch
    python bench/store.py --n 1000000 --backend sqlite
    python bench/store.py --n 1000000 --backend sqlite --baseline main --events-cache /tmp/events-1e6.pickle

`--baseline REF` runs the SQLite backend of git REF first on the same events and prints the after/before ratios, so
that a change is measured against the code before it under the same load (on a shared machine absolute figures
move from run to run; the ratio and the CPU per event much less). `--events-cache` keeps the generated events in a
pickle (10^6 take minutes to generate) so that runs compare on the very same events.

Events are synthetic but shaped like real ones (seeded, so runs compare): the eight event types, provinces and
their cities, companies / governments / universities as participants, dates over 2019–2023 with a realistic share
of month, year and unknown precision, one to three mentions from different outlets. Figures are printed, not
asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter, process_time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventline.config import load_settings  # noqa: E402
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
from store.base import Store, TimelineQuery  # noqa: E402

CITIES = {
    "湖北省": ["武汉市", "宜昌市", "襄阳市"],
    "广东省": ["广州市", "深圳市", "佛山市", "东莞市"],
    "浙江省": ["杭州市", "宁波市", "温州市"],
    "江苏省": ["南京市", "苏州市", "无锡市"],
    "四川省": ["成都市", "绵阳市"],
    "山东省": ["济南市", "青岛市", "烟台市"],
    "福建省": ["福州市", "厦门市"],
    "湖南省": ["长沙市", "株洲市"],
    "河南省": ["郑州市", "洛阳市"],
    "安徽省": ["合肥市", "芜湖市"],
    "陕西省": ["西安市"],
    "北京市": ["北京市"],
    "上海市": ["上海市"],
    "重庆市": ["重庆市"],
}
COMPANIES = [
    "腾讯科技（深圳）有限公司", "阿里巴巴集团", "华为技术有限公司", "百度在线网络技术（北京）有限公司", "京东科技集团",
    "小米科技有限责任公司", "中国移动通信集团", "中国电信集团", "科大讯飞股份有限公司", "浪潮集团", "蚂蚁科技集团",
    "烽火通信科技股份有限公司", "长江存储科技有限责任公司", "东风汽车集团", "比亚迪股份有限公司",
    "宁德时代新能源科技股份有限公司", "海康威视数字技术股份有限公司", "中兴通讯股份有限公司", "联想集团", "美团",
]
UNIVERSITIES = ["武汉大学", "华中科技大学", "清华大学", "浙江大学", "中山大学", "四川大学", "南京大学", "西安交通大学"]
INSTITUTES = ["中国信息通信研究院", "赛迪研究院", "中国科学院自动化研究所", "中国电子技术标准化研究院"]
MINISTRIES = ["国家发展和改革委员会", "工业和信息化部", "科学技术部", "国家互联网信息办公室"]
FIELDS = ["区块链", "人工智能", "工业互联网", "5G", "大数据", "集成电路", "新能源汽车", "生物医药", "智能制造",
          "数字经济", "光电子信息", "北斗导航"]
SOURCES = ["长江日报", "财联社", "巴比特", "湖北日报", "证券时报", "新华网"]
ROUNDS = ["天使轮", "A轮", "B轮", "C轮", "战略"]
START, DAYS = date(2019, 1, 1), 5 * 365
TEXT_QUERIES = ["区块链", "先导区", "白皮书", "战略合作协议", "公共服务平台", "融资", "峰会", "5G"]

StoreFactory = Callable[[Path], Store]


def open_sqlite(workdir: Path) -> Store:
    from store.sqlite import SQLiteStore

    return SQLiteStore(workdir / "bench.sqlite3")


_ES_NODE: list[object] = []  # the temporary node started for this run, if any (stopped at exit)


def elasticsearch_url() -> str:
    """EVENTLINE_ES_URL when it answers; otherwise a temporary node from scripts/es_node.py (stopped at exit)."""
    url = es_reachable()
    if url:
        return url
    if not _ES_NODE:
        import atexit
        import importlib.util

        spec = importlib.util.spec_from_file_location("eventline_es_node", ROOT / "scripts" / "es_node.py")
        assert spec and spec.loader
        es_node = importlib.util.module_from_spec(spec)
        sys.modules["eventline_es_node"] = es_node
        spec.loader.exec_module(es_node)
        print("starting a temporary Elasticsearch node (scripts/es_node.py) …", flush=True)
        node = es_node.start_node()
        atexit.register(node.stop)
        _ES_NODE.append(node)
    return _ES_NODE[0].url  # type: ignore[attr-defined]


def open_elasticsearch(workdir: Path) -> Store:
    """A store under a throw-away index prefix; its indices are deleted when the run closes it."""
    from store.elasticsearch import ElasticsearchStore

    class BenchElasticsearchStore(ElasticsearchStore):
        def close(self) -> None:
            self.drop()
            super().close()

    settings = load_settings(store="elasticsearch", es_url=elasticsearch_url(),
                             es_index_prefix=f"eventline-bench-{os.getpid()}")
    return BenchElasticsearchStore.from_settings(settings, spool_dir=workdir / "spool")


BACKENDS: dict[str, StoreFactory] = {"sqlite": open_sqlite, "elasticsearch": open_elasticsearch}


def sqlite_at(ref: str, workdir: Path) -> StoreFactory:
    """The SQLite backend as of git `ref` (its store/sqlite.py, importing today's store.base and schemas), so that
    an A/B run measures the two versions on the same events on the same machine at nearly the same time."""
    import importlib.util

    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:store/sqlite.py"], check=True,
                            capture_output=True, text=True).stdout
    path = workdir / "sqlite_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("store.sqlite_baseline", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return lambda directory: module.SQLiteStore(directory / "bench.sqlite3")


def synthetic_event(rng: random.Random) -> Event:
    """One plausible event: type-specific participants, object and headline; 1–3 mentions."""
    province = rng.choice(list(CITIES))
    city = rng.choice(CITIES[province])
    field = rng.choice(FIELDS)
    company = rng.choice(COMPANIES)
    government = f"{city}人民政府"
    happened = START + timedelta(days=rng.randrange(DAYS))
    year = happened.year
    kind = rng.choice(list(EventType))
    if kind is EventType.policy_release:
        parties = [(government, ParticipantKind.government)]
        obj = f"《{city}{field}产业发展行动计划（{year}—{year + 2}年）》"
        headline, section = f"{city}印发{field}产业发展行动计划", Section.policy
    elif kind is EventType.approval:
        parties = [(rng.choice(MINISTRIES), ParticipantKind.government), (government, ParticipantKind.government)]
        obj = f"{city}国家{field}创新应用先导区"
        headline, section = f"{city}获批建设国家{field}创新应用先导区", Section.policy
    elif kind is EventType.signing:
        parties = [(company, ParticipantKind.company), (government, ParticipantKind.government)]
        obj = f"{field}战略合作协议"
        headline, section = f"{company}与{city}签署{field}战略合作协议", Section.application
    elif kind is EventType.establishment:
        parties = [(rng.choice(UNIVERSITIES), ParticipantKind.university), (government, ParticipantKind.government)]
        obj = f"{city}{field}产业研究院"
        headline, section = f"{city}{field}产业研究院揭牌成立", Section.alliance
    elif kind is EventType.launch:
        parties = [(company, ParticipantKind.company)]
        obj = f"{city}{field}公共服务平台"
        headline, section = f"{city}{field}公共服务平台正式上线", Section.application
    elif kind is EventType.report_release:
        parties = [(rng.choice(INSTITUTES), ParticipantKind.institute)]
        obj = f"《{year}中国{field}发展白皮书》"
        headline, section = f"{parties[0][0]}发布{obj}", Section.research
    elif kind is EventType.meeting:
        parties = [(government, ParticipantKind.government), (rng.choice(INSTITUTES), ParticipantKind.institute)]
        obj = f"{year}{city}{field}产业发展峰会"
        headline, section = f"{obj}开幕", Section.other
    else:
        parties = [(company, ParticipantKind.company)]
        obj = f"{rng.choice(ROUNDS)}融资"
        headline, section = f"{company}完成{rng.randint(1, 50)}亿元{obj}", Section.listed_company
    roll = rng.random()
    if roll < 0.80:
        when = EventDate(value=happened, precision="day", expression=f"{happened.month}月{happened.day}日")
    elif roll < 0.90:
        when = EventDate(value=happened.replace(day=1), precision="month", expression=f"{happened.month}月")
    elif roll < 0.95:
        when = EventDate(value=date(year, 1, 1), precision="year", expression=f"{year}年")
    else:
        when = EventDate(expression="近日")
    reported = happened + timedelta(days=rng.randrange(4))
    sentence = f"{when.expression}，{headline}，{field}产业链布局再添新动能。"
    mentions = []
    for source in rng.sample(SOURCES, rng.choice((1, 1, 1, 2, 3))):
        start = rng.randrange(2000)
        mentions.append(
            Mention(
                article_id=f"{rng.getrandbits(64):016x}",
                url=f"https://news.example.cn/{reported:%Y%m}/t{rng.getrandbits(32)}.html",
                source=source,
                title=f"{headline}（{source}）",
                published_at=datetime.combine(reported, time(8), SHANGHAI) + timedelta(minutes=rng.randrange(900)),
                sentence=sentence,
                start=start,
                end=start + len(sentence),
            )
        )
    return Event(
        type=kind,
        date=when,
        region=Region(province=province, city=city),
        participants=[Participant(name=name, kind=k) for name, k in parties],
        object=obj,
        headline=headline,
        summary=f"{sentence}此举将进一步推动{province}{field}产业高质量发展。",
        section=section,
        confidence=round(rng.uniform(0.5, 1.0), 2),
        reported_on=reported,
        mentions=mentions,
    )


def synthetic_events(rng: random.Random, n: int) -> list[Event]:
    """`n` events with distinct ids, so the store holds exactly `n` and a second upsert changes nothing."""
    events: dict[str, Event] = {}
    while len(events) < n:
        event = synthetic_event(rng)
        events.setdefault(event.id, event)
    return list(events.values())


def query_mix(rng: random.Random, count: int) -> list[tuple[str, TimelineQuery]]:
    """Timeline questions an analyst asks, drawn at random: (kind, query)."""
    kinds: dict[str, Callable[[], TimelineQuery]] = {
        "unfiltered": lambda: TimelineQuery(),
        "one year": lambda: _year_query(rng),
        "type": lambda: TimelineQuery(types=[rng.choice(list(EventType))]),
        "province": lambda: TimelineQuery(province=rng.choice(list(CITIES))),
        "city + type": lambda: _city_type_query(rng),
        "participant": lambda: TimelineQuery(participant=rng.choice(COMPANIES)[:2]),
        "text": lambda: TimelineQuery(text=rng.choice(TEXT_QUERIES)),
        "combined": lambda: _combined_query(rng),
        "deep page": lambda: TimelineQuery(sort="date_asc", offset=rng.randrange(1000, 5000)),
    }
    names = list(kinds)
    return [(name, kinds[name]()) for name in (rng.choice(names) for _ in range(count))]


def _year_query(rng: random.Random) -> TimelineQuery:
    year = rng.randrange(2019, 2024)
    return TimelineQuery(date_from=date(year, 1, 1), date_to=date(year, 12, 31))


def _city_type_query(rng: random.Random) -> TimelineQuery:
    province = rng.choice(list(CITIES))
    return TimelineQuery(city=rng.choice(CITIES[province]), types=[rng.choice(list(EventType))])


def _combined_query(rng: random.Random) -> TimelineQuery:
    start = START + timedelta(days=rng.randrange(DAYS - 180))
    return TimelineQuery(
        province=rng.choice(list(CITIES)),
        types=rng.sample(list(EventType), 2),
        date_from=start,
        date_to=start + timedelta(days=180),
        sort="date_asc",
    )


def es_reachable() -> str | None:
    """The EVENTLINE_ES_URL when it answers HTTP (even 401: it is there), else None."""
    url = os.environ.get("EVENTLINE_ES_URL")
    if not url:
        return None
    try:
        urllib.request.urlopen(url, timeout=3).close()
    except urllib.error.HTTPError:
        return url
    except (urllib.error.URLError, OSError):
        return None
    return url


def run(factory: StoreFactory, events: list[Event], queries: list[tuple[str, TimelineQuery]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="eventline-bench-") as workdir, factory(Path(workdir)) as store:
        started, cpu = perf_counter(), process_time()
        first = store.upsert_events(events)
        index_s, index_cpu = perf_counter() - started, process_time() - cpu
        started = perf_counter()
        again = store.upsert_events(events)
        reindex_s = perf_counter() - started
        if again.created or again.updated:
            raise SystemExit(f"re-upserting the same events changed the store: {again}")
        latencies: dict[str, list[float]] = {}
        for kind, query in queries:
            started = perf_counter()
            store.timeline(query)
            latencies.setdefault(kind, []).append((perf_counter() - started) * 1000)
        every = sorted(ms for values in latencies.values() for ms in values)
        figures = {
            "events stored": float(store.count_events()),
            "index (events/s)": len(events) / index_s,
            # CPU of this process (all its threads): unlike events/s, hardly moved by other programs' load
            "index CPU, this process (µs/event)": index_cpu / len(events) * 1e6,
            "re-upsert, unchanged (events/s)": len(events) / reindex_s,
            "timeline p50 (ms)": statistics.median(every),
            "timeline p95 (ms)": every[int(0.95 * (len(every) - 1))],
        }
        for kind, values in sorted(latencies.items()):
            figures[f"  p50 {kind} (ms)"] = statistics.median(values)
            figures[f"  p95 {kind} (ms)"] = sorted(values)[int(0.95 * (len(values) - 1))]
        figures["failed upserts"] = float(first.failed + again.failed)
        return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events to index (default 100000)")
    parser.add_argument("--backend", choices=[*BACKENDS, "both"],
                        help="default: both (Elasticsearch at EVENTLINE_ES_URL, else a temporary node)")
    parser.add_argument("--queries", type=int, default=500, help="timeline queries in the mix (default 500)")
    parser.add_argument("--seed", type=int, default=20200722)
    parser.add_argument("--baseline", metavar="REF",
                        help="also run the SQLite backend as of git REF on the same events, first; print the ratios")
    parser.add_argument("--events-cache", type=Path, metavar="FILE",
                        help="pickle of the generated events: read when it exists (same --n and --seed), else written")
    args = parser.parse_args(argv)

    backend = args.backend or "both"  # Elasticsearch: EVENTLINE_ES_URL, or a temporary local node
    names = list(BACKENDS) if backend == "both" else [backend]

    rng = random.Random(args.seed)
    started = perf_counter()
    events = cached_events(args.events_cache, rng, args.n, args.seed)
    queries = query_mix(random.Random(args.seed + 1), args.queries)
    # The generated events are millions of long-lived objects; left to the collector, they would make each full
    # collection during the run cost seconds that a streaming pipeline never pays.
    gc.collect()
    gc.freeze()
    print(f"{args.n} synthetic events ready in {perf_counter() - started:.1f}s; {args.queries} queries")

    factories = {name: BACKENDS[name] for name in names}
    with tempfile.TemporaryDirectory(prefix="eventline-bench-baseline-") as baseline_dir:
        if args.baseline:
            factories = {f"sqlite@{args.baseline}": sqlite_at(args.baseline, Path(baseline_dir)), **factories}
        results: dict[str, dict[str, float]] = {}
        for name, factory in factories.items():
            results[name] = run(factory, events, queries)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{name} done; load average {load} on {os.cpu_count()} cores", flush=True)
    if args.baseline and "sqlite" in results:
        before = results[f"sqlite@{args.baseline}"]
        results["after/before"] = {k: v / before[k] for k, v in results["sqlite"].items() if before.get(k)}
    print_table(results, list(results))



def cached_events(cache: Path | None, rng: random.Random, n: int, seed: int) -> list[Event]:
    """`synthetic_events`, or the same events read back from `cache` (generating 10^6 takes minutes)."""
    if cache and cache.exists():
        with cache.open("rb") as f:
            cached_n, cached_seed, events = pickle.load(f)
        if (cached_n, cached_seed) == (n, seed):
            print(f"events read from {cache} (generated earlier with --n {n} --seed {seed})")
            return events
        print(f"{cache} holds --n {cached_n} --seed {cached_seed}: generating again")
    events = synthetic_events(rng, n)
    if cache:
        with cache.open("wb") as f:
            pickle.dump((n, seed, events), f, protocol=pickle.HIGHEST_PROTOCOL)
    return events


def print_table(results: Mapping[str, Mapping[str, float]], names: Sequence[str]) -> None:
    """One row per metric, one column per backend (`-` where a backend has no figure)."""
    metrics = list(dict.fromkeys(metric for figures in results.values() for metric in figures))
    width = max(map(len, metrics)) + 2
    print(f"{'':<{width}}" + "".join(f"{name:>16}" for name in names))
    for metric in metrics:
        cells = ((results[name].get(metric), ".2f" if name == "after/before" else ",.1f") for name in names)
        print(f"{metric:<{width}}" + "".join(f"{'-' if v is None else format(v, f):>16}" for v, f in cells))


if __name__ == "__main__":
    main()
