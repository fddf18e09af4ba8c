"""The rule engine shared by every event type: Matcher over triggers, then argument strategies.

`EventRule` reads one pattern file (`patterns/<type>.jsonl`), matches triggers with spaCy's
`Matcher` (`match()`), then fills arguments (`annotate()`): object by the strategies named in
the pattern line, participants from the names around the trigger. A type module subclasses it
to state its object suffixes and title words, and may post-process a candidate (`refine`).
Reads: tokens, `tag_`, sentence starts, entities. Writes: a list of `Candidate`s.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from nlp.analyzer import shared_vocab
from nlp.arguments import (
    CLAUSE_BREAK,
    Phrase,
    clause_bounds,
    clause_subject,
    names_between,
    np_left,
    np_right,
    owner_in_object,
    titles_in,
    token_lists,
    trim_to_suffix,
)
from nlp.events.patterns_io import PatternSpec, load_patterns, pattern_anchors
from nlp.token_matcher import TokenMatcher

_SKIP_BEFORE_TRIGGER = {"正式", "同步", "隆重", "顺利", "也", "已", "已经", "成功", "共同", "联合", "同时", "均", "都",
                        "近日", "今日", "日前", "今天", "昨日", "首次", "率先", "宣布", "再次", "现", "即", "建成",
                        "进行", "全面", "陆续"}
_TIME_TAGS = {"t", "m", "b", "qt", "mq", "f"}
_TIME_WORDS = {"日", "号", "至", "到", "-", "—"}  # 于11月5日至10日: the words of a date range
# function words (as whole tokens) and characters that end a name walked leftwards
_WALK_STOPS = {"为", "个", "了", "的", "在", "与", "和", "将", "已", "于", "由", "是", "并", "及", "等", "把", "被",
               "让", "使", "向", "对", "从", "以", "之", "其", "该", "此", "成立", "建立", "设立", "组建"}
_WALK_STOP_CHARS = set("，。；：、“”《》（）() 【】暨")
_CHAR_STOPS = set("为建立个了的在与和、，。；：“”《》（）() 将已于由是并及等把被让使向对从以之其该此【】")


@dataclass
class Candidate:
    """One event found in one sentence, before dates, places and ids are attached."""

    type: str
    rule_id: str
    sentence: Span
    trigger: Span
    object: Phrase | None
    participants: list[Phrase] = field(default_factory=list)
    confidence: float = 0.7
    object_from_title: bool = False


class EventRule:
    """Trigger lexicon + argument patterns for one event type."""

    type: str = ""
    object_suffixes: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()  # a 《title》 must contain/end with one of these to be this type's object
    title_excludes: tuple[str, ...] = ()
    min_np_object: int = 4  # objects read from untitled noun phrases must be at least this long

    def __init__(self, specs: list[PatternSpec] | None = None) -> None:
        self.specs = {s.id: s for s in (specs if specs is not None else load_patterns(self.type, vocab=shared_vocab()))}
        # the patterns replayed over the Doc's word list (`nlp.token_matcher`); spaCy's Matcher for others
        self.token_matcher = TokenMatcher.compile([(spec.id, spec.pattern) for spec in self.specs.values()])
        self.matcher = Matcher(shared_vocab())
        for spec in self.specs.values():
            self.matcher.add(spec.id, [spec.pattern])

    # ------------------------------------------------------------------ match / annotate
    def __call__(self, doc: Doc) -> list[Candidate]:
        return [c for c in (self.annotate(doc, m) for m in self.match(doc)) if c is not None]

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(pattern id, start, end) of every trigger match, in the order spaCy's Matcher gives them."""
        if self.token_matcher is not None:
            return self.token_matcher(token_lists(doc)[0], doc.user_data.get("eventline_word_index"))
        strings = shared_vocab().strings
        return [(strings[match_id], start, end) for match_id, start, end in self.matcher(doc)]

    def anchors(self) -> set[str] | None:
        """Strings one of which every match of this rule contains, for the trigger prefilter; None
        (analyse everything) when a pattern has no literal anchor or a subclass matches otherwise."""
        if type(self).match is not EventRule.match or type(self).__call__ is not EventRule.__call__:
            return None
        out: set[str] = set()
        for spec in self.specs.values():
            found = pattern_anchors(spec.pattern)
            if found is None:
                return None
            out |= found
        return out

    def annotate(self, doc: Doc, match: tuple[str, int, int]) -> Candidate | None:
        rule_id, start, end = match
        spec = self.specs[rule_id]
        trigger = Span(doc, start, end)  # `doc[start:end]` without its slice normalisation (a Python call)
        sent = sentence_of(doc, start)
        left_text = doc.text[sent.start_char : trigger.start_char]
        if left_text.count("《") > left_text.count("》"):  # a trigger word inside a title is no trigger
            return None
        if doc.text[trigger.end_char : trigger.end_char + 1] == "过":  # 签署过: background, no event
            return None
        lo, hi = clause_bounds(sent, start)
        span = Span(doc, lo, hi)  # character slices: `Span.text` joins its tokens one by one
        before = doc.text[span.start_char : trigger.start_char]
        after = doc.text[trigger.end_char : span.end_char]
        clause = doc.text[span.start_char : span.end_char]
        if spec.requires_after and not any(w in after for w in spec.requires_after):
            return None
        if spec.requires_before and not any(w in before for w in spec.requires_before):
            return None
        if spec.excludes and any(w in clause for w in spec.excludes):
            return None
        obj, from_title = self.find_object(doc, sent, trigger, spec, lo, hi)
        if obj is None and spec.needs_object:
            return None
        participants = self.find_participants(doc, sent, trigger, spec, lo, obj)
        cand = Candidate(self.type, rule_id, sent, trigger, obj, participants, spec.confidence, from_title)
        return self.refine(cand)

    def refine(self, cand: Candidate) -> Candidate | None:
        """Type-specific post-processing hook (retype, reject); default keeps the candidate."""
        return cand

    # ------------------------------------------------------------------ objects
    def title_ok(self, title: str) -> bool:
        if any(w in title for w in self.title_excludes):
            return False
        return not self.title_words or any(w in title for w in self.title_words)

    def find_object(
        self, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> tuple[Phrase | None, bool]:
        for strategy in spec.object:
            obj = self._strategy(strategy, doc, sent, trigger, spec, lo, hi)
            if obj is not None:
                obj = _clean_object(obj)
            if obj is None:
                continue
            if strategy.startswith("title") or strategy == "fixed":
                return obj, strategy.startswith("title")
            long_enough = len(obj.text) >= self.min_np_object or (len(obj.text) == 3 and obj.tag.startswith("nt"))
            if long_enough and not _QUANTITY.match(obj.text):  # 达摩院: a short name the recogniser knows
                return obj, False
        return None, False

    def _strategy(
        self, strategy: str, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, hi: int
    ) -> Phrase | None:
        text = doc.text
        words, _, offsets = token_lists(doc)  # no spaCy `Token` per look
        if strategy == "title_after":
            seg_start, seg_end = trigger.end_char, offsets[hi - 1] + len(words[hi - 1]) if hi > lo else trigger.end_char
            # a title right after the trigger, allowing 了 / 关于印发 and the like in between
            for title, s, e in titles_in(text[seg_start:seg_end]):
                if s - 1 > 12:
                    break
                if self.title_ok(title):
                    return Phrase(title, seg_start + s, seg_start + e)
            return None
        if strategy == "title_before":
            seg_start = offsets[lo]
            found = None
            for title, s, e in titles_in(text[seg_start : trigger.start_char]):
                if self.title_ok(title) and not text[max(0, seg_start + s - 4) : seg_start + s - 1].endswith("称"):
                    found = Phrase(title, seg_start + s, seg_start + e)
            gap = text[found.end : trigger.start_char] if found else ""
            gap = re.sub(r"[（(]以?下?简?称[^）)]{0,20}[）)]", "", gap)  # （以下简称《规划》）
            if found and (len(gap) <= 12 or ("由" in gap and len(gap) <= 60 and "《" not in gap)):
                return found  # 《X》发布 / 《X》…由Y批准发布
            return None
        if strategy == "np_right":
            k = trigger.end
            while k < hi and words[k] in BEFORE_OBJECT:
                k += 1
            phrase = np_right(doc, k - 1, hi)
            return trim_to_suffix(phrase, self.object_suffixes) if self.object_suffixes else phrase
        if strategy == "np_left":
            i = self._left_anchor(doc, trigger.start, lo)
            phrase = np_left(doc, i, lo)
            found = trim_to_suffix(phrase, self.object_suffixes) if self.object_suffixes else phrase
            if (found is None or len(found.text) < max(4, self.min_np_object)) and i > lo:  # split by the segmenter
                walked = walk_left(doc, lo, i)
                found = trim_to_suffix(walked, self.object_suffixes) if self.object_suffixes else walked
            return found
        if strategy == "suffix_after":
            return self._suffix_after(text, trigger.end_char, offsets[hi - 1] + len(words[hi - 1]), doc)
        if strategy == "suffix_sentence":
            return self._suffix_after(text, trigger.end_char, sent.end_char, doc)
        if strategy == "fixed":
            return Phrase(spec.fixed_object or "", trigger.start_char, trigger.end_char)
        return None

    def _left_anchor(self, doc: Doc, i: int, lo: int) -> int:
        """Skip adverbs and a 在/于 place phrase between a noun phrase and its trigger."""
        words, tags, _ = token_lists(doc)
        while i > lo and (words[i - 1] in _SKIP_BEFORE_TRIGGER or tags[i - 1] in {"d", "ad"}):
            i -= 1
        for k in range(i - 1, max(lo, i - 12) - 1, -1):
            if words[k] in ("在", "于"):
                j = k
                while j > lo and (words[j - 1] in _SKIP_BEFORE_TRIGGER or tags[j - 1] in {"d", "ad"}):
                    j -= 1
                t = j  # 商场于6月6日在长沙开业: a time phrase before the place phrase is skipped too
                while t > lo and (tags[t - 1] in _TIME_TAGS or words[t - 1] in _TIME_WORDS):
                    t -= 1
                if t < j and t > lo and words[t - 1] in ("在", "于"):
                    j = t - 1
                    while j > lo and (words[j - 1] in _SKIP_BEFORE_TRIGGER or tags[j - 1] in {"d", "ad"}):
                        j -= 1
                return j
            if words[k] in CLAUSE_BREAK or (tags[k].startswith("v") and tags[k] != "vn"):
                break
        return i

    def _suffix_after(self, text: str, start: int, end: int, doc: Doc | None = None) -> Phrase | None:
        """The first phrase ending with an object suffix after the trigger, cut at stop characters — but
        not inside a noun of `doc` (对象, 和平: a stop character as part of a longer noun stops nothing)."""
        window = text[start:end]
        best = None
        for suffix in self.object_suffixes:
            at = window.find(suffix)
            if at >= 0 and (best is None or at + len(suffix) < best):
                best = at + len(suffix)
        if best is None:
            return None
        k = best
        # extend over a longer suffix sharing the end (示范区 vs 先行示范区 is handled by the walk)
        j = k
        inside = _noun_chars(doc, start, start + k) if doc is not None else set()
        while j > 0:
            if window[j - 1] == "”" and 0 <= window.rfind("“", 0, j - 1) >= j - 12:
                j = window.rfind("“", 0, j - 1)  # 专精特新“小巨人”企业名单: a quoted word inside the name
            elif window[j - 1] not in _CHAR_STOPS or (j - 1) in inside:
                j -= 1
            else:
                if doc is not None and k - (_word_end(doc, start + j - 1) - start) >= 3:
                    j = _word_end(doc, start + j - 1) - start  # a stop inside a word: cut after it (建设|国家级…)
                break
        name = window[j:k]
        if len(name) < 3:
            return None
        return Phrase(name, start + j, start + k)

    # ------------------------------------------------------------------ participants
    def find_participants(
        self, doc: Doc, sent: Span, trigger: Span, spec: PatternSpec, lo: int, obj: Phrase | None
    ) -> list[Phrase]:
        exclude = (obj.start, obj.end) if obj else None
        words, _, offsets = token_lists(doc)
        stop = trigger.start
        if obj is not None and obj.end <= trigger.start_char:  # X揭牌: actors stand before the object
            stop = min(stop, next((k for k in range(lo, trigger.start) if offsets[k] + len(words[k]) > obj.start),
                                  stop))
        if spec.participants == "sentence":
            names = names_between(doc, lo, stop, exclude)
            # up to the sentence's end, a ；, after which another fact is told (…借款；9月23日建设银行…), or a
            # 其中 that breaks the fact down (全市共签约33个项目，其中阳新签约18个)
            after_end = next((k for k in range(trigger.end, sent.end) if words[k] in ("；", ";", "其中")), sent.end)
            if obj is not None and obj.start > trigger.end_char:
                after_end = next((k for k in range(trigger.end, after_end) if offsets[k] >= obj.start), after_end)
            names += names_between(doc, trigger.end, after_end, exclude)
        else:
            names = names_between(doc, lo, stop, exclude)
            if not names and stop == trigger.start:
                subject = clause_subject(doc, lo, stop, exclude)  # 理想汽车已…上市: an actor unknown to NER
                names = [subject] if subject is not None else []
            if not names:  # "双方共同签订…": look at the clauses before
                names = subject_before(doc, sent, lo, exclude)
            elif stop == trigger.start and _PARTNER_FIRST.match(doc.text, offsets[lo], names[0].start):
                # …Dunamu周三宣布，已与三星SDS签署…: the clause names only the partner, the subject came before
                names = [*subject_before(doc, sent, lo, exclude), *names]
        if obj is not None:  # names inside the object (X揭牌) are no actors; names quoted in a title are
            names = [n for n in names if not (n.start < obj.end and obj.start < n.end) and n.text != obj.text
                     and not (n.end <= trigger.start_char and obj.end <= trigger.start_char and n.text in obj.text)]
        if not names and obj is not None and obj.end <= trigger.start_char:
            owner = owner_in_object(doc, obj)  # 比亚迪海豹车型正式上市: the maker opens the name
            names = [owner] if owner is not None else []
        return _dedupe(names)


# between a verb and its object: an aspect particle, an opening quote, 其 (发布了其区块链平台: its own)
BEFORE_OBJECT = ("了", "“", "其")
# a count opening an object (两份协议); 类 is no count unit: 一类创新药 is a drug's class
_QUANTITY = re.compile(r"^[\d一二三四五六七八九十两百千万几多数]+(份|个|项|条|件|家|批|种)")


# a clause opening with its partner (已与X签署 / 并同X共同发布): no subject of its own
_PARTNER_FIRST = re.compile(r"(?:已|还|也|并|正式|同时|首次|再次)*(?:与|同|跟)$")


def subject_before(doc: Doc, sent: Span, lo: int, exclude: tuple[int, int] | None) -> list[Phrase]:
    """The names of the nearest clause before token `lo` in its sentence that names any, cut to that
    clause's subject when its verb comes after one of them."""
    words, tags, offsets = token_lists(doc)
    names: list[Phrase] = []
    k = lo
    while not names and k > sent.start:
        k2 = k - 1
        while k2 > sent.start and words[k2 - 1] not in CLAUSE_BREAK:
            k2 -= 1
        names = names_between(doc, k2, k - 1, exclude)
        verb = next((offsets[x] for x in range(k2, k - 1) if tags[x].startswith("v") and tags[x] != "vn"), None)
        if verb is not None and any(n.end <= verb for n in names):  # the subject of that clause
            names = [n for n in names if n.end <= verb]
        k = k2
    return names


def _clean_object(obj: Phrase) -> Phrase | None:
    text = obj.text
    lead = 0
    while lead < len(text) and text[lead] in "过了的【":
        lead += 1
    text = text[lead:].strip()
    return replace(obj, text=text, start=obj.start + lead) if len(text) >= 2 else None


def _word_end(doc: Doc, char: int) -> int:
    """The end offset of the token holding character `char`."""
    words, _, starts = token_lists(doc)
    i = bisect.bisect_right(starts, char) - 1
    return starts[i] + len(words[i])


def _noun_chars(doc: Doc, start: int, end: int) -> set[int]:
    """Offsets (relative to `start`) of the characters of text[start:end] that lie inside a noun of two
    or more characters (n, nz, nt, ns…; not vn)."""
    words, tags, starts = token_lists(doc)
    out: set[int] = set()
    for i in range(max(0, bisect.bisect_right(starts, start) - 1), len(starts)):
        at = starts[i]
        if at >= end:
            break
        if len(words[i]) >= 2 and tags[i].startswith("n"):
            out.update(range(max(at, start) - start, min(at + len(words[i]), end) - start))
    return out


def walk_left(doc: Doc, lo: int, i: int) -> Phrase | None:
    """The words left of token `i` up to a function word or a stop (for names HanLP splits into verbs:
    碳/中和/ETF). Whole tokens are compared, so a 和 or 立 inside a word (中和, 成立) stops nothing."""
    text = doc.text
    words, _, offsets = token_lists(doc)  # no spaCy `Token` per look
    end = offsets[i - 1] + len(words[i - 1])
    k = i
    while k > lo:
        word = words[k - 1]
        if word == "”":  # a quoted name (平台“远岫·洞见”): walk over it
            opening = text.rfind("“", offsets[lo], offsets[k - 1])
            if opening < 0 or offsets[k - 1] - opening > 20:
                break
            while k > lo and offsets[k - 1] > opening:
                k -= 1
            continue
        if word in _WALK_STOPS or word[:1] in _WALK_STOP_CHARS:
            break
        k -= 1
    start = offsets[k] if k < i else end
    return Phrase(text[start:end], start, end) if end - start >= 2 else None


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token `i` (sentence bounds indexed once per Doc; `Span.sent` is O(n))."""
    index = doc.user_data.get("eventline_sent_starts")
    if index is None:
        index = [t.i for t in doc if t.is_sent_start] or [0] if doc.has_annotation("SENT_START") else [0]
        doc.user_data["eventline_sent_starts"] = index
    k = bisect.bisect_right(index, i) - 1
    end = index[k + 1] if k + 1 < len(index) else len(doc)
    return Span(doc, index[k], end)


def _dedupe(names: list[Phrase]) -> list[Phrase]:
    out: list[Phrase] = []
    for name in names:
        if any(name.text == o.text for o in out):
            continue
        out.append(name)
    return out


def strip_quotes(phrase: Phrase | None) -> Phrase | None:
    if phrase is None:
        return None
    text = re.sub(r"[“”\"]", "", phrase.text).strip()
    return replace(phrase, text=text) if text else None
