"""HanLP 1.x (portable jar, through JPype) → spaCy `Doc`: tokens, POS tags, entity spans, sentences.

One JVM per process, started lazily on the first analysis. The jar is found through the
environment variable `EVENTLINE_HANLP_JAR` or at `var/lib/hanlp-portable-1.8.6.jar` (fetched by
`make setup`). Custom dictionaries from `nlp/lexicons/` are inserted once at start so domain terms
(区块链, 先导区, 大模型 …), trigger words and government short forms stay whole tokens.

Sentences come from HanLP 2's rule splitter (`hanlp/utils/rules.py`, loaded by path so the
torch-based `hanlp` package is never imported).

The resulting `Doc` covers the text exactly (`doc.text == text`, `token.idx` = character offset),
carries HanLP's tag in `token.tag_`, a coarse UD tag in `token.pos_`, sentence starts, and
`doc.ents` (PERSON, GPE, ORG) from HanLP's recognisers and the government lexicon.

Performance design (figures: `bench/extract.py`):
* Trigger prefilter. A `TriggerFilter` (Aho-Corasick over the rules' trigger anchors, see
  `pattern_anchors`) scans the raw text; only the sentence blocks holding a trigger go to HanLP
  (about half of the characters of news text). Everything else becomes one `x` token per gap, so
  offsets, `doc.text` and the sentences of the analysed parts are what whole-text analysis gives
  (checked event for event on the dev corpus; `EVENTLINE_PREFILTER=0` turns it off). Dates, places
  and the other context readers work on the raw text and never needed HanLP.
* One JNI call per batch, one string back. The selected regions of a batch are joined with a
  paragraph separator (U+2029, a term of its own for HanLP) into one `seg()` call; the output
  `List.toString()` is parsed in Python (a Java object per term would cost more than segmenting).
* Overlap. `iter_batches` segments batch k+1 in a worker thread (JPype releases the GIL) while the
  caller runs the rules on batch k: Java and Python use two cores, and only two batches of Docs
  are alive at a time.
* O(1) per access. `TextDoc.text` is stored (spaCy joins every token on each `Doc.text`, which
  made the rules quadratic in the text length); the sentence starts and a word → token index are
  computed while building and kept in `doc.user_data`, so rules bisect and match only where a
  trigger word stands; so are the token texts, tags and offsets (`nlp.arguments.token_lists`), which
  the argument readers use instead of a spaCy `Token` or `Span` per look.
* Few Python passes per token. HanLP's terms are an exact cover of the batch string, so their
  offsets are running sums; each chunk's terms are found by bisection and copied into its text's
  token lists in one slice; tags, POS, entities and whitespace are set per distinct tag and by C
  loops (numpy, `map`).
* HanLP's organisation recogniser is three quarters of the Java time, but it finds company names
  the lexicons do not (爱玛科技, 上海精测半导体技术有限公司): without it the seeds' participants F1
  drops from 0.81 to 0.78, so it stays on.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import logging
import operator
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, POS, SENT_START, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from schemas import ParticipantKind

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JAR = ROOT / "var" / "lib" / "hanlp-portable-1.8.6.jar"
LEXICONS = Path(__file__).resolve().parent / "lexicons"


class AnalyzerUnavailable(RuntimeError):
    """Java or the HanLP jar is missing; the message says which and how to fix it."""


# ---------------------------------------------------------------------------------------- lexicons
def _lines(name: str) -> Iterator[list[str]]:
    path = LEXICONS / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


@cache
def gov_bodies() -> dict[str, tuple[str, str]]:
    """short or full name → (full name, kind), from `lexicons/gov_bodies.tsv`."""
    return {row[0]: (row[1], row[2] if len(row) > 2 else "government") for row in _lines("gov_bodies.tsv")}


@cache
def local_bodies() -> list[tuple[str, str]]:
    """(short form, official pattern) of local bodies, from `lexicons/local_bodies.tsv` (see `nlp.gov_names`)."""
    return [(row[0], row[2]) for row in _lines("local_bodies.tsv")]


@cache
def org_suffixes() -> list[tuple[str, ParticipantKind]]:
    """(suffix, kind) from `lexicons/org_suffixes.txt`, longest first."""
    rows: list[tuple[str, ParticipantKind]] = []
    for line in (LEXICONS / "org_suffixes.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            suffix, kind = line.split("\t")
            rows.append((suffix, ParticipantKind(kind)))
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def custom_words() -> list[tuple[str, str]]:
    """(word, HanLP nature) pairs inserted into HanLP's CustomDictionary at start."""
    words: list[tuple[str, str]] = []
    if os.environ.get("EVENTLINE_PLACE_WORDS", "1") != "0":  # gazetteer places kept whole (宁夏|天普芯…)
        from nlp.regions import place_words

        words += [(name, "ns") for name in place_words()]
    words += [(row[0], row[1] if len(row) > 1 else "nz") for row in _lines("domain_terms.txt")]
    words += [(row[0], "v") for row in _lines("triggers.txt")]
    words += [(name, "nt") for name in gov_bodies()]
    # local bodies' short forms kept whole after a place (湖北省|住建厅, not 住|建厅); shorter ones (委, 人大)
    # are no words alone
    words += [(short, "nt") for short, _ in local_bodies() if len(short) >= 3]
    jieba_dict = os.environ.get("EVENTLINE_JIEBA_DICT")
    if jieba_dict and Path(jieba_dict).exists():  # optional: see analyzer notes in the report
        for line in Path(jieba_dict).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) >= 2 and int(parts[1]) >= 50:
                words.append((parts[0], parts[2] if len(parts) > 2 else "n"))
    return words


# ------------------------------------------------------------------------------------ sentences
@cache
def _rule_splitter():  # type: ignore[no-untyped-def]
    spec = importlib.util.find_spec("hanlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "utils" / "rules.py"
    if not path.exists():
        return None
    module_spec = importlib.util.spec_from_file_location("_hanlp_rules", path)
    if module_spec is None or module_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.split_sentence


_FALLBACK_SPLIT = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」]?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of `text`, by HanLP 2's rules."""
    splitter = _rule_splitter()
    spans: list[tuple[int, int]] = []
    if splitter is None:
        for m in _FALLBACK_SPLIT.finditer(text):
            chunk = m.group().strip()
            if chunk:
                start = text.find(chunk, m.start())
                spans.append((start, start + len(chunk)))
        return spans
    cursor = 0
    for sentence in splitter(text, best=False):
        start = text.find(sentence, cursor)
        if start < 0:  # the splitter never rewrites text with best=False; stay safe anyway
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


# ---------------------------------------------------------------------------------------- HanLP
def jar_path() -> Path:
    return Path(os.environ.get("EVENTLINE_HANLP_JAR", DEFAULT_JAR))


_lock = threading.Lock()
_segment = None
# Seconds spent per analysis stage since the process started (or the caller reset it): `select`
# (trigger prefilter + sentence split), `hanlp` (the Java call), `parse` (its output string read
# back), `doc` (terms placed, `Doc` built). A few clock reads per batch; `bench/extract.py` reads it.
STAGE_SECONDS: Counter[str] = Counter()


def _start_jvm():  # type: ignore[no-untyped-def]
    """Start the JVM once, load the custom dictionaries, return a configured HanLP segment."""
    global _segment
    with _lock:
        if _segment is not None:
            return _segment
        try:
            import jpype
        except ImportError as exc:  # pragma: no cover - jpype1 is pinned in requirements.txt
            raise AnalyzerUnavailable("jpype1 is not installed: run `make setup`") from exc
        jar = jar_path()
        if not jar.exists():
            raise AnalyzerUnavailable(
                f"HanLP jar not found at {jar}: run `make setup` (Maven com.hankcs:hanlp:portable-1.8.6) "
                "or set EVENTLINE_HANLP_JAR"
            )
        if not jpype.isJVMStarted():
            try:
                jvm = jpype.getDefaultJVMPath()
            except Exception as exc:
                raise AnalyzerUnavailable(
                    "no Java runtime found (set JAVA_HOME or install a JRE ≥ 8, e.g. openjdk-17-jre-headless)"
                ) from exc
            # the serial collector: G1's concurrent threads compete with Python for two cores, and
            # its heap grows further (peak RSS 600 → 340 MB on bench/extract.py, and faster)
            jpype.startJVM(jvm, "-Xss4m", "-XX:+UseSerialGC", classpath=[str(jar)], convertStrings=False)
        elif str(jar) not in str(jpype.getClassPath()):
            jpype.addClassPath(str(jar))
        hanlp = jpype.JClass("com.hankcs.hanlp.HanLP")
        custom = jpype.JClass("com.hankcs.hanlp.dictionary.CustomDictionary")
        for word, nature in custom_words():
            custom.insert(word, f"{nature} 1000")
        # the custom words take part in the segmenter's choice but are not forced over it: forcing
        # (longest custom match first) cut known words apart on sentences the rules were not written
        # against (在厦门开业 → 厦/门开/业, 中国物流与采购联合会签署 → …联合/会签/署, 宝腾汽车 → 宝), it
        # doubled the Java stage's cost (bench/extract.py), and the dev sets score the same without it
        _segment = (
            hanlp.newSegment()
            .enableOrganizationRecognize(True)
            .enablePlaceRecognize(True)
            .enableNameRecognize(True)
        )
        logger.info("HanLP started from %s with %d custom words", jar, len(custom_words()))
        return _segment


def start_jvm() -> None:
    """Start the JVM and load the custom dictionaries now rather than on the first analysis."""
    _start_jvm()


def hanlp_raw(text: str) -> str:
    """HanLP's output for one text as one string, `[w1/n1, w2/n2, …]`: one JNI call and one string
    back (a Java object per term would cost more than the segmentation). "" for an empty text."""
    if not text:
        return ""
    segment = _start_jvm()
    t0 = time.perf_counter()
    raw = str(segment.seg(text).toString())
    STAGE_SECONDS["hanlp"] += time.perf_counter() - t0
    return raw


_NATURE_END = re.compile(r"/([A-Za-z][A-Za-z0-9]*)(?:, |\]$)")


_TERM_END = re.compile(r"/([A-Za-z][A-Za-z0-9]*)(?:, |\Z)")


def _split_terms(raw: str, text: str) -> tuple[list[str] | None, list[str]]:
    """(words, natures) of HanLP's output `[w1/n1, w2/n2]` by a fast split, when it is exact (the
    words join up to the text), else (None, [])."""
    body = raw[1:-1]
    parts = _TERM_END.split(body)  # w1, n1, w2, n2, …, "": one C pass, no Python step per term
    words, natures = parts[0:-1:2], parts[1::2]
    if parts[-1] == "" and body.count(", ") == len(natures) - 1 and "".join(words) == text and "" not in words:
        return words, natures  # no word holds ", ": the pieces between ", " are exactly the terms
    fast = [piece.rpartition("/") for piece in body.split(", ")]
    words = [w for w, _, _ in fast]
    if "".join(words) != text or "" in words:
        return None, []
    return words, [nat for _, _, nat in fast]


def _cover(raw: str, text: str) -> tuple[list[str], list[str], list[int]]:
    """HanLP's terms of `text` as an exact cover of it: (words, natures, start offsets), consecutive.
    Characters no parsed term accounts for (a rare text-guided parse) become `x` terms."""
    words, natures = _split_terms(raw, text)
    if words is not None:
        starts = list(itertools.accumulate(map(len, words), initial=0))
        starts.pop()
        return words, natures, starts
    words, natures, starts = [], [], []
    cursor = 0
    for word, nature in _parse_terms_slow(raw, text):
        at = text.find(word, cursor) if word else -1
        if at < 0:
            continue
        if at > cursor:
            words.append(text[cursor:at])
            natures.append("x")
            starts.append(cursor)
        words.append(word)
        natures.append(nature)
        starts.append(at)
        cursor = at + len(word)
    if cursor < len(text):
        words.append(text[cursor:])
        natures.append("x")
        starts.append(cursor)
    return words, natures, starts


def _parse_terms_slow(raw: str, text: str) -> list[tuple[str, str]]:
    """Text-guided parse for outputs whose words contain ', ' (rare)."""
    terms: list[tuple[str, str]] = []
    pos, cursor, n = 1, 0, len(raw) - 1
    while pos < n:
        # the word is a prefix of text[cursor:]; the shortest prefix followed by /nature wins
        k = 1
        found = None
        while pos + k <= n and k <= 64:
            if raw[pos + k] == "/" and text.startswith(raw[pos : pos + k], cursor):
                m = _NATURE_END.match(raw, pos + k)
                if m:
                    found = (raw[pos : pos + k], m.group(1), m.end())
                    break
            k += 1
        if found is None:  # text and output disagree: resynchronise on the next ", "
            nxt = raw.find(", ", pos)
            if nxt < 0:
                break
            pos = nxt + 2
            continue
        word, nature, end = found
        terms.append((word, nature))
        cursor += len(word)
        pos = end
    return terms


# ------------------------------------------------------------------------------------ Doc build
_POS = {
    "n": "NOUN", "v": "VERB", "a": "ADJ", "d": "ADV", "p": "ADP", "c": "CCONJ", "u": "PART", "m": "NUM",
    "q": "NOUN", "r": "PRON", "t": "NOUN", "f": "NOUN", "s": "NOUN", "w": "PUNCT", "x": "X", "e": "INTJ",
    "y": "PART", "o": "INTJ", "b": "ADJ", "z": "ADJ", "g": "X", "j": "PROPN", "l": "X", "i": "X", "k": "PART",
    "h": "PART",
}
_VOCAB = Vocab()


class TextDoc(Doc):
    """A `Doc` that keeps its text: spaCy's `Doc.text` joins every token on each access (O(n)), and
    the rules read `doc.text` once per match, which made extraction quadratic in the text length."""

    _text: str
    # a C getter: the rules read `doc.text` about 20 times per candidate, a Python frame each
    text = property(operator.attrgetter("_text"))  # type: ignore[assignment]


def shared_vocab() -> Vocab:
    """The one vocabulary every analysed `Doc` (and the rule matchers) use."""
    return _VOCAB


def entity_label(word: str, nature: str) -> str | None:
    if nature.startswith("nr"):
        return "PERSON"
    if nature.startswith("ns"):
        return "GPE"
    if nature.startswith("nt") or word in gov_bodies():
        return "ORG"
    return None


_NOT_START = 2**64 - 1  # SENT_START -1 ("not a sentence start") as spaCy's uint64 array holds it
_IOB_BEGIN, _IOB_OUTSIDE = 3, 2  # spaCy's ENT_IOB codes (`Token.iob_strings()`: "", I, O, B)
_SPACE = POS_IDS["SPACE"]


def coarse_pos(nature: str, word: str) -> str:
    if nature.startswith(("nr", "ns", "nt", "nz")):
        return "PROPN"
    if word.isspace():
        return "SPACE"
    return _POS.get(nature[:1], "X")


def build_doc(text: str, terms: Sequence[tuple[str, str]], sentences: Sequence[tuple[int, int]] | None = None) -> Doc:
    """A `Doc` covering `text` exactly from (word, nature) terms; gaps become `x` tokens."""
    placed: list[tuple[int, str, str]] = []
    cursor = 0
    for word, nature in terms:
        if not word:
            continue
        at = text.find(word, cursor)
        if at < 0:
            continue
        placed.append((at, word, nature))
        cursor = at + len(word)
    words: list[str] = []
    tags: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for at, word, nature in placed:
        if at > cursor:  # characters no term covers: one `x` token
            words.append(text[cursor:at])
            tags.append("x")
            offsets.append(cursor)
        words.append(word)
        tags.append(nature)
        offsets.append(at)
        cursor = at + len(word)
    if cursor < len(text):
        words.append(text[cursor:])
        tags.append("x")
        offsets.append(cursor)
    return _doc_of_tokens(text, words, tags, offsets, sentences)


def _doc_of_tokens(
    text: str, words: list[str], tags: list[str], offsets: list[int], sentences: Sequence[tuple[int, int]] | None
) -> Doc:
    """The `Doc` of `text` from tokens that cover it exactly, in order (words, HanLP tags, offsets).

    Per-token work is done by C loops (`map`, numpy) over the tokens; Python loops run over the
    distinct tags, the sentences and the entities only."""
    if sentences is None:
        sentences = split_sentences(text)
    # the tokens starting a sentence, found by bisection (tokens are never empty: offsets are distinct)
    sent_index: list[int] = []
    for start in sorted({0, *(s for s, _ in sentences)}):
        k = bisect.bisect_left(offsets, start)
        if k < len(offsets) and offsets[k] == start:
            sent_index.append(k)
    # attributes (entities included) set as one array: spaCy's per-token lists (tags=, pos=, ents=)
    # are parsed in Python and cost three times as much
    doc = TextDoc(_VOCAB, words=words, spaces=[False] * len(words))
    if words:
        kinds = list(set(tags))  # the distinct tags; each token's position in this list:
        codes = numpy.fromiter(map({tag: k for k, tag in enumerate(kinds)}.__getitem__, tags), "int64", len(tags))
        # TAG, POS, SENT_START (1 / -1), ENT_IOB, ENT_TYPE per token
        rows = numpy.empty((len(words), 5), dtype="uint64")
        rows[:, 0] = numpy.array([_VOCAB.strings.add(tag) for tag in kinds], dtype="uint64")[codes]
        rows[:, 1] = numpy.array([POS_IDS[coarse_pos(tag, "")] for tag in kinds], dtype="uint64")[codes]
        # SPACE is the one POS a word decides (`coarse_pos`): whitespace not tagged as a name
        named = numpy.array([tag.startswith(("nr", "ns", "nt", "nz")) for tag in kinds])[codes]
        space = numpy.fromiter(map(str.isspace, words), bool, len(words))
        rows[space & ~named, 1] = _SPACE
        rows[:, 2] = _NOT_START
        rows[sent_index, 2] = 1
        # entities, one token each (B; every other token O, as `set_ents(default="outside")` leaves them):
        # PERSON / GPE / ORG by tag (`entity_label`), and ORG for a government body whatever its tag
        labels = [entity_label("", tag) for tag in kinds]
        rows[:, 4] = numpy.array([_VOCAB.strings.add(label or "ORG") for label in labels], dtype="uint64")[codes]
        labelled = numpy.array([label is not None for label in labels])[codes]
        entity = labelled | numpy.fromiter(map(gov_bodies().__contains__, words), bool, len(words))
        rows[:, 3] = numpy.where(entity, _IOB_BEGIN, _IOB_OUTSIDE)
        rows[~entity, 4] = 0
        doc.from_array([TAG, POS, SENT_START, ENT_IOB, ENT_TYPE], rows)
    doc._text = text
    # the sentence index `nlp.events.base.sentence_of` would otherwise build by walking every token
    doc.user_data["eventline_sent_starts"] = sent_index or [0]
    # token texts, tags and offsets, read by `nlp.arguments.token_lists` without a spaCy `Token` per token
    doc.user_data["eventline_tokens"] = (words, tags, offsets)
    index: dict[str, list[int]] = {}  # word → its token indices: rules match only where a trigger stands
    for i, word in enumerate(words):
        index.setdefault(word, []).append(i)
    doc.user_data["eventline_word_index"] = index
    return doc


def analyze(text: str) -> Doc:
    """Analyse one text with HanLP into a `Doc`."""
    return analyze_many([text])[0]


# ------------------------------------------------------------------------------ trigger prefilter
class TriggerFilter:
    """Which sentences of a text may hold an event: an Aho-Corasick automaton over the rules'
    trigger anchors (strings one of which every match contains), run over the raw text.

    `regions()` returns the character ranges to analyse: the sentence blocks (a sentence plus the
    whitespace up to the next one, exactly the spans the `Doc`'s sentences cover) holding a hit,
    adjacent blocks merged. Everything else stays out of HanLP and becomes one `x` token per gap.
    """

    def __init__(self, anchors: Iterable[str]) -> None:
        import ahocorasick

        self.anchors = sorted({a for a in anchors if a})
        self._automaton = ahocorasick.Automaton()
        for anchor in self.anchors:
            self._automaton.add_word(anchor, len(anchor))
        if self.anchors:
            self._automaton.make_automaton()

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every anchor occurrence."""
        if not self.anchors or not text:
            return []
        return [(end + 1 - size, end + 1) for end, size in self._automaton.iter(text)]

    def regions(
        self, text: str, sentences: Sequence[tuple[int, int]], hits: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        hits = self.hits(text) if hits is None else hits
        if not hits:
            return []
        starts = sorted({0, *(s for s, _ in sentences)})
        ends = [*starts[1:], len(text)]
        keep = [False] * len(starts)
        for s, e in hits:
            first = bisect.bisect_right(starts, s) - 1
            last = bisect.bisect_right(starts, e - 1) - 1
            for k in range(first, last + 1):
                keep[k] = True
        regions: list[tuple[int, int]] = []
        for k, wanted in enumerate(keep):
            if not wanted:
                continue
            if regions and regions[-1][1] == starts[k]:
                regions[-1] = (regions[-1][0], ends[k])
            else:
                regions.append((starts[k], ends[k]))
        return regions


# characters of article text per HanLP call in the pipeline (`iter_batches`): consecutive texts until
# the batch holds at least this many; `eventline.following` cuts a growing file the same way
BATCH_CHARS = 20_000


def analyze_many(texts: Sequence[str], batch_chars: int = 200_000, prefilter: TriggerFilter | None = None) -> list[Doc]:
    """Analyse texts, sending batches of about `batch_chars` characters to Java per call.

    With a `prefilter`, only the sentences it selects go to HanLP; the `Doc` still covers the
    whole text with the same character offsets (unselected stretches are single `x` tokens)."""
    return [doc for docs in iter_batches(texts, batch_chars, prefilter, overlap=False) for doc in docs]


def _batches(texts: Sequence[str], batch_chars: int) -> list[list[str]]:
    batches: list[list[str]] = []
    size = 0
    for text in texts:
        if not batches or size >= batch_chars:
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text)
    return batches


def hanlp_inputs(
    texts: Sequence[str], batch_chars: int = BATCH_CHARS, prefilter: TriggerFilter | None = None
) -> list[str]:
    """The strings `iter_batches` sends to HanLP, one per batch (for `bench/extract.py`)."""
    return [_prepare(batch, prefilter).joined for batch in _batches(texts, batch_chars)]


def iter_batches(
    texts: Sequence[str], batch_chars: int = BATCH_CHARS, prefilter: TriggerFilter | None = None, overlap: bool = True
) -> Iterator[list[Doc]]:
    """The `Doc`s of `texts`, one list per batch of about `batch_chars` characters, in order.

    With `overlap`, HanLP segments the next batch in a worker thread (JPype releases the GIL during
    the Java call) while the caller works on the batch just yielded: Java and Python use two cores.
    The output is the same as without: each batch is one `seg()` call over its selected regions."""
    batches = _batches(texts, batch_chars)
    if not overlap or len(batches) < 2:
        for batch in batches:
            prepared = _prepare(batch, prefilter)
            yield _finish(prepared, hanlp_raw(prepared.joined))
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventline-hanlp") as pool:
        pending: tuple[_Prepared, Future[str]] | None = None
        for batch in batches:
            prepared = _prepare(batch, prefilter)
            if prepared.joined:
                _start_jvm()  # in this thread (errors surface here); the worker attaches to the JVM
            future = pool.submit(hanlp_raw, prepared.joined)
            if pending is not None:
                yield _finish(pending[0], pending[1].result())
            pending = (prepared, future)
        if pending is not None:
            yield _finish(pending[0], pending[1].result())


# Chunks are joined by a paragraph separator: HanLP keeps it a term of its own (a blank line would
# merge with a chunk's trailing newline); a term crossing a chunk edge anyway is clipped to the chunk.
_SEP = "\u2029"


@dataclass
class _Prepared:
    """A batch ready for HanLP: its texts, their sentences, the selected chunks and their join."""

    texts: list[str]
    sentences: list[list[tuple[int, int]] | None]
    chunks: list[tuple[int, int, int]]  # (text index, start, end) in the text, in text then joined order
    joined: str


def _prepare(texts: list[str], prefilter: TriggerFilter | None) -> _Prepared:
    t0 = time.perf_counter()
    sentences: list[list[tuple[int, int]] | None] = []
    chunks: list[tuple[int, int, int]] = []
    for t, text in enumerate(texts):
        if prefilter is None:
            sentences.append(None)
            chunks.append((t, 0, len(text)))
            continue
        hits = prefilter.hits(text)
        spans = split_sentences(text) if hits else []
        sentences.append(spans)
        chunks += [(t, s, e) for s, e in prefilter.regions(text, spans, hits)]
    joined = _SEP.join(texts[t][s:e] for t, s, e in chunks)
    STAGE_SECONDS["select"] += time.perf_counter() - t0
    return _Prepared(texts, sentences, chunks, joined)


def _finish(prepared: _Prepared, raw: str) -> list[Doc]:
    """Parse HanLP's output for a prepared batch, clip the terms to the chunks, build the Docs."""
    t0 = time.perf_counter()
    joined = prepared.joined
    words, natures, starts = _cover(raw, joined) if joined else ([], [], [])
    t1 = time.perf_counter()
    STAGE_SECONDS["parse"] += t1 - t0
    tokens: list[tuple[list[str], list[str], list[int]]] = [([], [], []) for _ in prepared.texts]
    cursors = [0] * len(prepared.texts)
    at = 0  # where the chunk starts in `joined`
    for t, s, e in prepared.chunks:
        text, (text_words, text_tags, text_offsets) = prepared.texts[t], tokens[t]
        if s > cursors[t]:  # a skipped stretch: one `x` token
            text_words.append(text[cursors[t]:s])
            text_tags.append("x")
            text_offsets.append(cursors[t])
        end = at + e - s
        # the terms overlapping [at, end): the first and the last clipped to it (a term may cross a
        # chunk's edge), the ones between lie inside and are copied in one go
        first, last = bisect.bisect_right(starts, at) - 1, bisect.bisect_left(starts, end)
        for k in (first, last - 1) if last - first > 1 else (first,):
            a, b = max(starts[k], at), min(starts[k] + len(words[k]), end)
            if a < b:
                text_words.append(words[k] if b - a == len(words[k]) else joined[a:b])
                text_tags.append(natures[k])
                text_offsets.append(s + a - at)
            if k == first and last - first > 2:
                text_words += words[first + 1:last - 1]
                text_tags += natures[first + 1:last - 1]
                text_offsets += [p + s - at for p in starts[first + 1:last - 1]]
        cursors[t] = e
        at = end + len(_SEP)
    docs = []
    for t, text in enumerate(prepared.texts):
        text_words, text_tags, text_offsets = tokens[t]
        if cursors[t] < len(text):
            text_words.append(text[cursors[t]:])
            text_tags.append("x")
            text_offsets.append(cursors[t])
        docs.append(_doc_of_tokens(text, text_words, text_tags, text_offsets, prepared.sentences[t]))
    STAGE_SECONDS["doc"] += time.perf_counter() - t1
    return docs
