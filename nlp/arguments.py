"""Argument helpers shared by the event rules: titles, noun phrases and actor names in a `Doc`.

All functions read a `Doc` built by `nlp.analyzer` (or by hand in tests: words + HanLP tags)
and work inside one sentence span. They return plain strings with character offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Span

from nlp.analyzer import LEXICONS, custom_words, gov_bodies, org_suffixes

TITLE = re.compile(r"《([^《》]{2,80})》")
CLAUSE_BREAK = set("，。；;！？!?\n：:")
# tags that may sit inside a name or a noun phrase
_NP_TAG_PREFIX = ("n", "j", "m", "g", "x", "nx", "b", "t")
_NP_TAGS_EXTRA = {"vn", "gi", "gm", "gp", "gb", "gc", "gg", "nz", "an", "q"}
_NP_PUNCT = set("—-·“”\"（）()－–")
_STOP_WORDS = {"的", "与", "和", "及", "等", "在", "于", "了", "将", "已", "为", "由", "是", "并", "暨", "同", "向", "对",  # noqa: E501
               "从", "以", "及其", "或", "之", "此次", "本次", "这", "该", "其", "个", "家", "项", "首个", "首家"}
_LEAD_DATE = re.compile(
    r"^((今年|去年|前年|明年|同年|当年)?(\d{2,4}年(?!度))?(\d{1,2}月(份)?)?(\d{1,2}日)?(上午|下午|晚间|晚)?|近日|日前|今日|今天|昨日|目前|此前)+"
)
_TRAIL_CUE = re.compile(r"(近日|日前|今日|今天|昨日|正式|也|已|最新|共同|联合|还)+$")
_ROLE = re.compile(r"副?(总书记|主席|总理|委员长|所长|院长|副院长|主任|理事长|董事长|总经理|局长|部长|厅长|市长|省长|书记|创始人|首席执行官|总裁|名誉院长|负责人).*$")  # noqa: E501
_MEDIA = re.compile(r"记者|客户端|日报|晚报|新闻(?!办)|财联社|新华社|电视台|通讯员|微信公众号|快讯|\d日讯")
_GENERIC = {"企业", "政府", "双方", "公司", "各方", "平台", "机构", "部门", "单位", "集团", "研究院", "中心",
            "企业单位", "代表", "三方", "多方", "对方", "行业", "产业", "市场", "项目", "园区",
            "基金", "资本", "科技", "投资",
            # kinds of companies (联合产业链企业 / 上下游企业): no one named
            "产业链", "上下游", "产业链上下游", "头部", "龙头", "链主", "骨干", "重点", "相关", "优质", "知名"}
_ROLE_TAIL = re.compile(r"(等?[一二三四五六七八九十两\d]+(家|个|方))?(企业|单位|机构)*(代表|负责人|相关负责人|相关|双方|各方|方面)?$")  # noqa: E501
# a body's website or account speaks for the body (…监管局官网披露: the 监管局)
_CHANNEL = re.compile(r"(?<=..)(?:官网|官方网站|网站|官方微信|微信公众号|公众号|官微)$")
# a government's executive meeting acts for the government (国务院常务会议审议通过…: 国务院)
# (and a party committee's standing committee for the committee: 武汉市委常委会 → 武汉市委; 人大常委会 stays)
_EXECUTIVE_MEETING = re.compile(r"(?<=..)(?:第[一二三四五六七八九十百\d]+次)?常务会议$"
                                r"|(?<=[省市区县州]委)常委会(?:会议)?$")
# bylines (（记者 陈雨桐 通讯员 吴昊）) and alias notes (（以下简称“星衡智算”）) hold no actors
BYLINE = re.compile(
    r"[（(]\s*(?:本报|见习|特约|实习)?(?:记者|通讯员|实习生|作者|编辑|撰文|文|图)[^（()）\n]{0,60}[）)]"
    r"|[（(]\s*(?:以下简称|以下统称|以下称|下称|简称|统称)[^（()）\n]{0,30}[）)]"
)
# words that refer to an actor named elsewhere (区里 → 江夏区, 该公司 → the company): resolved by the pipeline
REFERENTS = {"区里", "市里", "省里", "县里", "我市", "本市", "该市", "全市", "我区", "本区", "该区", "全区", "我省",
             "本省", "该省", "全省", "该县", "我县", "该公司", "本公司", "公司"}
_TRAIL_DATE = re.compile(r"(\d{1,2}月)?\d{1,2}[日号](上午|下午|晚间|晚上|晚|凌晨|早间)?$|(\d{1,2}月(份)?)$"
                         r"|(?<=..)(?:上?周|星期|礼拜)[一二三四五六日天]$")  # 星河数科周三(宣布)
_TRAIL_VERB = re.compile(r"(组织|原则|主持|牵头|近期|日前|同意注册|同意|批复|核准|成功|顺利"
                         r"|第[一二三四五六七八九十百\d]+)$")
_TRAIL_NUMBER = re.compile(r"[一二三四五六七八九十两\d]+$")
_TRAIL_AMOUNT = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z]{2})(?:约|超|近)?[\d.]+(?:万|亿|千万|百万)*"
                           r"(?:美元|元|人民币|欧元|港元)(?:战略|股权|天使)?$")  # 腾讯5亿美元(战略投资)
_TRAIL_COUNT_KIND = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z]{2})[\d一二三四五六七八九十两百]+家[\u4e00-\u9fff]{0,8}"
                               r"(?:公司|企业|机构|银行|单位|券商)$")
_TRAIL_STAKE = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z]{2})(?:战略|独家)$")
_QUANTITY_LEAD = re.compile(r"^(?:全国|全省|全市|国内)?"
                            r"(首批|首个|首家|首笔|首单|[\d一二三四五六七八九十两百]+(家|个|批|项|位|名|笔))")
_DESCRIPTOR = re.compile(
    r"^(?:联合|携手|联手)?(?:.{0,14}?(?:服务商|供应商|提供商|运营商|制造商|开发商|厂商|龙头企业|独角兽企业|独角兽|车企|药企|房企|险企|(?<!有限)(?<!股份)公司)"
    r"(?=.{4,}$)|(?:联合|携手|联手)(?=.{4,}$)|[\u4e00-\u9fff]{0,6}单位(?=.{4,}$)"  # 承办单位中展集团
    # AI芯片企业燧原科技, 在线教育平台学而思, 具身智能企业“灵犀机器人”
    r"|[A-Za-z\u4e00-\u9fff]{2,8}(?:企业|平台)(?=“?[\u4e00-\u9fff]{3,}”?$))"
)
_NOT_JOINED = ("项目", "企业", "单位", "代表", "机构", "部门", "平台")
# a subsidiary described, not named (公司全资子公司中材建设 → 中材建设; bare 控股子公司 is no actor)
_SUBSIDIARY = re.compile(r"^(?:公司|其)?(?:下属)?(?:全资|控股|参股)?(?:子公司|孙公司)")
_DESCRIBED = re.compile(r"(?:子公司|孙公司|下属公司|参股公司|客户|用户)$")  # VB客户 / 上海电信用户: no name
_LEAD_VERB = re.compile(r"^(?:共同)?(?:见证|会见|出席|邀请|会同|陪同|宣布)(?=[\u4e00-\u9fff]{2,})")


_OPEN_GLOSS = re.compile(r"[（(][A-Za-z0-9 .&\-]*$")  # an unclosed Latin gloss: 贝塔聚变（Beta
# one-character words a name or a product may hold (联通|智|算|科技, 盾构|换|刀|机器人); never these
_NO_BRIDGE = set("为建立个了的在与和、，。；：“”《》（）() 将已于由是并及等把被让使向对从以之其该此【】设获签投向也均都又再共")  # noqa: E501


def token_lists(doc: Doc) -> tuple[list[str], list[str], list[int]]:
    """The texts, HanLP tags and character offsets of the Doc's tokens, as plain lists: the analyzer
    keeps them in `doc.user_data` (a spaCy `Token` per access costs more than the test it serves);
    for a Doc built otherwise they are read once and kept there too. (One tuple under one key: this
    is called tens of thousands of times per corpus.)"""
    lists = doc.user_data.get("eventline_tokens")
    if lists is None:
        lists = doc.user_data["eventline_tokens"] = ([t.text for t in doc], [t.tag_ for t in doc], [t.idx for t in doc])
    return lists


def np_at(doc: Doc, i: int) -> bool:
    """May token `i` sit inside a noun phrase / name? (From the token lists: no spaCy `Token` made.)"""
    words, tags, _ = token_lists(doc)
    return _np_word(words[i], tags[i])


def span_text(doc: Doc, i: int, j: int) -> str:
    """`doc[i:j].text` (tokens i ≤ k < j, j > i) sliced from the text: no `Span` made, no tokens joined."""
    words, _, offsets = token_lists(doc)
    return doc.text[offsets[i]:offsets[j - 1] + len(words[j - 1])]


def _np_word(text: str, tag: str) -> bool:
    if text in _STOP_WORDS or text.isspace():
        return False
    if text in _NP_PUNCT:
        return True
    if tag == "w":
        return False
    if tag in _NP_TAGS_EXTRA:
        return True
    if tag.startswith("v") or tag.startswith(("p", "c", "u", "d", "r", "y", "e", "o", "f", "l", "i", "k")):
        return tag.startswith(("nr",))
    return tag.startswith(_NP_TAG_PREFIX) or tag in {"a", "s", "h"}


@dataclass(frozen=True)
class Phrase:
    text: str
    start: int  # character offsets in the doc
    end: int
    tag: str = ""


def _phrase(doc: Doc, i: int, j: int) -> Phrase | None:
    """Tokens [i, j) as a phrase, trimmed of dangling quotes / brackets."""
    if i >= j:
        return None
    words, tags, offsets = token_lists(doc)
    start, end = offsets[i], offsets[j - 1] + len(words[j - 1])
    text = doc.text[start:end]
    while text and text[0] in "—-·）)”":
        text, start = text[1:], start + 1
    while text and text[-1] in "—-·（(“":
        text, end = text[:-1], end - 1
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if not text:
        return None
    return Phrase(text, start, end, tags[j - 1])


def np_left(doc: Doc, i: int, lo: int, max_tokens: int = 14) -> Phrase | None:
    """The noun phrase ending right before token `i` (not crossing token `lo`)."""
    words, tags, _ = token_lists(doc)
    k = i
    while k > lo and i - k < max_tokens:
        if _np_word(words[k - 1], tags[k - 1]):
            k -= 1
        elif (k - 1 > lo and k < i and len(words[k - 1]) == 1 and words[k - 1] not in _NO_BRIDGE
              and tags[k - 1] != "w" and _np_word(words[k - 2], tags[k - 2])):
            k -= 2  # 盾构/换/刀机器人: a one-character word between two pieces of a name
        elif k - 2 >= lo and k < i and _latin_gap(doc, k - 1):
            k -= 2  # 华为Mate 60 Pro正式开售: a space inside a Latin product name
        else:
            break
    phrase = _phrase(doc, k, i)
    if phrase is not None:  # 投洽会）组委会…: begin after a bracket closed without its opening
        cut = _unopened_close(phrase.text)
        if cut:
            phrase = Phrase(phrase.text[cut:], phrase.start + cut, phrase.end, phrase.tag) \
                if len(phrase.text) - cut >= 2 else None
    return phrase


def _unopened_close(text: str) -> int:
    """Index after the last closing bracket that has no opening one before it (0 when none)."""
    depth, cut = 0, 0
    for at, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                cut = at + 1
            else:
                depth -= 1
    return cut


def np_right(doc: Doc, i: int, hi: int, max_tokens: int = 14) -> Phrase | None:
    """The noun phrase starting right after token `i` (not reaching token `hi`)."""
    k = i + 1
    if k + 2 < hi and _YEAR_NUMBER.match(_word(doc, k)) and _word(doc, k + 1) == "年" \
            and (np_at(doc, k + 2) or token_lists(doc)[1][k + 2] == "f"):
        k += 2  # 发布2026年(中期)策略报告: the year a name opens with
    while k < hi and k - i - 1 < max_tokens:
        if np_at(doc, k) or (_word(doc, k) in _FIRST_OF_KIND and k + 1 < hi and np_at(doc, k + 1)):
            k += 1  # 开设欧洲首家蔚来中心: after the verb, 首家 belongs to the object
        elif k > i + 1 and k + 1 < hi and _latin_gap(doc, k):
            k += 2  # MacBook Pro / Find X8: a space inside a Latin product name
        elif k > i + 1 and k + 1 < hi and token_lists(doc)[1][k] == "f" and np_at(doc, k + 1) \
                and _word(doc, k - 1) == "年":
            k += 1  # 2026年中期策略报告: a part of the year after it
        else:
            break
    return _phrase(doc, i + 1, k)


_YEAR_NUMBER = re.compile(r"^(?:19|20)\d\d$")


_FIRST_OF_KIND = {"首家", "首个", "首批", "首款", "首座", "首条"}


def _word(doc: Doc, k: int) -> str:
    return token_lists(doc)[0][k]


def _latin_gap(doc: Doc, k: int) -> bool:
    """Is token `k` a space between two Latin or digit words (MacBook Pro, Mate 70)?"""
    words = token_lists(doc)[0]
    before, gap, after = words[k - 1], words[k], words[k + 1]
    return gap.isspace() and len(gap) == 1 and before[-1:].isascii() and before[-1:].isalnum() \
        and after[:1].isascii() and after[:1].isalnum()


def clause_bounds(sent: Span, i: int) -> tuple[int, int]:
    """Token range [lo, hi) of the clause (between ，。；：) holding token `i`.

    The clause-break tokens of a Doc are indexed once (cached in `doc.user_data`) and looked up by
    bisection: walking token by token made every match cost the length of its clause."""
    doc = sent.doc
    breaks = doc.user_data.get("eventline_clause_breaks")
    if breaks is None:
        # the analyzer keeps the token texts: a spaCy `Token` object per token would cost more
        words, _, _ = token_lists(doc)
        if "《" not in doc.text:  # most Docs: no title, every break counts (one comprehension, no counting)
            breaks = [k for k, word in enumerate(words) if word in CLAUSE_BREAK]
        else:
            breaks = []
            depth = 0  # a comma inside a 《title》 (《“大干30天，确保…”实施方案》) ends no clause
            for k, word in enumerate(words):
                depth = max(0, depth + word.count("《") - word.count("》"))
                if word in CLAUSE_BREAK and (depth == 0 or word in "。；;"):
                    breaks.append(k)
        doc.user_data["eventline_clause_breaks"] = breaks
    k = bisect.bisect_left(breaks, i)  # breaks[k - 1] < i <= breaks[k]
    lo = max(sent.start, breaks[k - 1] + 1) if k > 0 else sent.start
    k = bisect.bisect_right(breaks, i)  # first break after token i
    hi = min(sent.end, breaks[k]) if k < len(breaks) else sent.end
    return lo, max(hi, i + 1)


def trim_to_suffix(phrase: Phrase | None, suffixes: tuple[str, ...]) -> Phrase | None:
    """Cut a phrase after its last suffix; an apposition (区块链产业园星沙区块链产业园) keeps the name."""
    if phrase is None:
        return None
    text = phrase.text
    # the end of the last suffix occurrence: the rightmost end any suffix ends at (one C-level
    # `endswith` over the whole tuple per end, not one `rfind` per suffix)
    best = next((end for end in range(len(text), 0, -1) if text.endswith(suffixes, 0, end)), -1)
    if best <= 0:
        return None
    cut = text[:best]
    # apposition: a descriptor ending with the same suffix before the name (the first suffix of the
    # tuple `cut` ends with decides)
    suffix = _first_suffix_of(cut, suffixes)
    if suffix is not None:
        inner = cut[: -len(suffix)]
        at = inner.rfind(suffix)
        if at >= 0 and len(cut) - (at + len(suffix)) >= len(suffix) + 2:
            head = at + len(suffix)
            return Phrase(cut[head:], phrase.start + head, phrase.start + best, phrase.tag)
    lead = _LEAD_DATE.match(cut)
    head = lead.end() if lead else 0
    return Phrase(cut[head:], phrase.start + head, phrase.start + best, phrase.tag) if len(cut) - head >= 2 else None


@cache
def _suffix_ranks(suffixes: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Each suffix's first position in the tuple, and the suffix lengths (longest first)."""
    ranks: dict[str, int] = {}
    for rank, suffix in enumerate(suffixes):
        ranks.setdefault(suffix, rank)
    return ranks, tuple(sorted({len(s) for s in suffixes}, reverse=True))


def _first_suffix_of(text: str, suffixes: tuple[str, ...]) -> str | None:
    """The first suffix of `suffixes` (in tuple order) that `text` ends with, or None."""
    ranks, lengths = _suffix_ranks(suffixes)
    found = [text[-n:] for n in lengths if 0 < n <= len(text) and text[-n:] in ranks]
    if "" in ranks:
        found.append("")
    return min(found, key=ranks.__getitem__) if found else None


_GROW_STOPS = set("为建立个了的在与和、，。；：“”《》 将已于由是并及等把被让使向对从以之其该此【】\n暨")
_PAREN_PLACE = re.compile(r"[（(]([\u4e00-\u9fff]{2,8})[）)]$")


def grow_name_left(text: str, lo: int, start: int, max_chars: int = 24) -> int:
    """Where a name cut on its left really starts: walk left over characters of the name and over a
    parenthesised place (联通智算科技（杭州）有限公司, 凯博共创（湖北）股权投资基金 from 科技（杭州）…).
    Returns the new start (`start` when nothing is to be grown)."""
    j = start
    while j > lo and start - j < max_chars:
        ch = text[j - 1]
        if ch in "）)":
            m = _PAREN_PLACE.search(text, max(lo, j - 12), j)
            if m is None:
                break
            j = m.start()
            continue
        if ch in _GROW_STOPS or ch in "（(" or not ("\u4e00" <= ch <= "\u9fff" or ch.isalnum()):
            break
        j -= 1
    return j


def titles_in(text: str) -> list[tuple[str, int, int]]:
    """《titles》 with their offsets (of the title text, without brackets)."""
    return [(m.group(1), m.start(1), m.end(1)) for m in TITLE.finditer(text)]


_ORG_SUFFIXES: tuple[str, ...] = ()


def _org_suffix_tuple() -> tuple[str, ...]:
    global _ORG_SUFFIXES
    if not _ORG_SUFFIXES:
        _ORG_SUFFIXES = tuple(s for s, _ in org_suffixes())
    return _ORG_SUFFIXES


@lru_cache(maxsize=1 << 14)  # pure; the same phrases come back for each trigger of a sentence (see `names_memo`)
def clean_name(text: str) -> str:
    """Drop leading dates / cues / bylines and trailing role words, dates and counts (研究所四, 国家数据局4日)."""
    text = text.strip("“”\"'‘’《》 ，、")
    close = max(text.rfind("）"), text.rfind(")"))
    if close >= 0 and text.count("（") + text.count("(") < text.count("）") + text.count(")"):
        text = text[close + 1:]  # the tail of a byline or a note: 孟佳）智算服务商…
    text = _OPEN_GLOSS.sub("", text) or text
    lead = _LEAD_DATE.match(text)
    if lead and lead.end():
        text = text[lead.end():]
    text = _ROLE.sub("", text) or text
    text = _ROLE_TAIL.sub("", text) or text
    text = _EXECUTIVE_MEETING.sub("", text)
    text = _CHANNEL.sub("", text)
    text = _TRAIL_CUE.sub("", text) or text
    text = _TRAIL_DATE.sub("", text) or text
    text = _TRAIL_CUE.sub("", text) or text
    text = _TRAIL_VERB.sub("", text) or text
    text = _TRAIL_DATE.sub("", text) or text
    text = _TRAIL_AMOUNT.sub("", text) if re.search(r"\d", text) else text  # 软银中国10亿美元
    text = _TRAIL_STAKE.sub("", text)  # 获得蓝海资本(战略)投资: the kind of investment is no part of the name
    text = _TRAIL_COUNT_KIND.sub("", text)  # A、B、大成基金(8家公募基金公司): the list's count and kind
    if _TRAIL_NUMBER.search(text) and _TRAIL_NUMBER.sub("", text).endswith(_org_suffix_tuple()):
        text = _TRAIL_NUMBER.sub("", text)
    if len(text) > 3 and text.endswith("首"):  # 山东首(个)
        text = text[:-1]
    text = _DESCRIPTOR.sub("", text)
    text = _LEAD_VERB.sub("", text)
    sub = _SUBSIDIARY.sub("", text)
    text = sub if len(sub) >= 2 else text
    return text.strip("“”\"'‘’ 【】")


def split_juxtaposed(name: str) -> list[str]:
    """Names run together by the segmenter: 中国区块链生态联盟赛迪区块链研究院调研… → the two names, tail dropped."""
    return list(_juxtaposed(name))


@lru_cache(maxsize=1 << 14)  # pure, and it scans every organisation suffix (see `names_memo`)
def _juxtaposed(name: str) -> tuple[str, ...]:
    suffixes = _org_suffix_tuple()
    # 某分行联合某管理局, 甲大学和乙大学: two bodies the recogniser ran into one name
    for connector in (*_ACTING_TOGETHER, "和", "与", "及"):
        at = name.find(connector)
        left, right = name[:at], name[at + len(connector):]
        # a long named body or one named by its level (省工商联, 市科技局) on the right: 武汉大学联合实验室 is
        # one lab, 联合会 a federation
        if at >= 2 and (left.endswith(suffixes) or left in gov_bodies()) \
                and ((len(right) >= 6 and right.endswith(suffixes)) or _BY_LEVEL.match(right)):
            return (*_juxtaposed(left), *_juxtaposed(right))
    if name.endswith(suffixes) or name in gov_bodies():
        cuts: list[int] = []
    else:  # a tail that is no name: cut after the last suffix
        ends = [i + len(sfx) for sfx in suffixes if len(sfx) >= 2 for i in _find_all(name, sfx)]
        ends = [e for e in ends if e >= 4]
        if not ends:
            return (name,)
        name = name[: max(ends)]
        cuts = []
    for sfx in ("联盟", "协会", "集团", "有限公司", "股份有限公司", "人民政府", "管理委员会"):
        for i in _find_all(name, sfx):
            end = i + len(sfx)
            rest = name[end:]
            if 4 <= end <= len(name) - 5 and rest.endswith(suffixes) and not rest.startswith(("有限", "股份")):
                cuts.append(end)
    parts, prev = [], 0
    for cut in sorted(set(cuts)):
        parts.append(name[prev:cut])
        prev = cut
    parts.append(name[prev:])
    return tuple(x for x in parts if len(x) >= 2)


_memo_depth = 0


@contextmanager
def names_memo() -> Iterator[None]:
    """The scope of the memoised names: dropped when the outermost scope ends. `nlp.pipeline.
    analyze_articles` opens one per call, so what a call learnt costs no memory afterwards and never
    speeds up (nor skews a timing of) the next; a caller extracting one input batch by batch
    (`eventline.following`) opens one around all its calls, as one call over the input would."""
    global _memo_depth
    _memo_depth += 1
    try:
        yield
    finally:
        _memo_depth -= 1
        if _memo_depth == 0:
            clean_name.cache_clear()
            _juxtaposed.cache_clear()


def _find_all(text: str, sub: str) -> list[int]:
    out, at = [], text.find(sub)
    while at >= 0:
        out.append(at)
        at = text.find(sub, at + 1)
    return out


def blocked_tokens(doc: Doc) -> frozenset[int]:
    """Token indices inside bylines and alias notes (cached on the Doc)."""
    cached = doc.user_data.get("eventline_blocked")
    if cached is None:
        found: set[int] = set()
        for m in BYLINE.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                found.update(range(span.start, span.end))
        cached = frozenset(found)
        doc.user_data["eventline_blocked"] = cached
    return cached  # type: ignore[no-any-return]


def looks_like_name(text: str, tags: list[str]) -> bool:
    """An actor name: known body, an entity tag, or an organisation suffix."""
    if len(text) < 2 or len(text) > 40 or text in _GENERIC or _MEDIA.search(text) or text[0].isdigit():
        return False
    if _QUANTITY_LEAD.match(text) or text in REFERENTS or text.endswith(("项目", "代表")) or _DESCRIBED.search(text) \
            or _ROUND.match(text):
        return False
    if text in gov_bodies():
        return True
    if any(t.startswith(("nt", "ns", "nr", "nis")) for t in tags) or (tags and tags[-1] == "j" and len(text) <= 6):
        return True
    return text.endswith(_org_suffix_tuple()) and len(text) >= 3


_NAME_TAGS = ("ns", "nt", "nr", "nis", "nz", "nx", "j")
_PLACE_UNIT = re.compile(r"(省|市|区|县|州|镇|乡|开发区|高新区|新区|园区)$")


def _joins(doc: Doc, k: int, m: int, hi: int) -> bool:
    """与/和 inside one name (湖北省标准化与质量研究院): the left part is not a complete name, the right
    part does not open a name of its own (中广核医疗与四川大学…, 中行与赛力斯, 郑州高新区与中科…: two
    actors), and the coordinated run ends with an organisation suffix."""
    words, tags, offsets = token_lists(doc)
    if words[m] not in ("与", "和") or m == k or m + 1 >= hi or not _np_word(words[m + 1], tags[m + 1]):
        return False
    at = offsets[m]
    window = doc.text[max(0, at - 8):at + 9]
    if any(core in window and _spans(window, core, min(at, 8)) for core in joined_cores()):
        return True  # 发展和改革委员会, 工业和信息化厅: one name
    if _unit_of_two_fields(words, tags, k, m):
        return True
    left = span_text(doc, k, m)
    last_tag = tags[m - 1]
    if (left.endswith(_org_suffix_tuple()) or last_tag.startswith(_NAME_TAGS) or _PLACE_UNIT.search(left)
            or left in gov_bodies() or left.endswith(_NOT_JOINED)):
        return False
    if tags[m + 1].startswith(_NAME_TAGS) or words[m + 1] in gov_bodies():
        # 中国工业与应用数学学会: a place and a field before 与, a field and a suffix after it (no place of
        # its own) are one society's name, however the segmenter tagged its tail
        # (a ministry or a company after 与 is a party of its own: 中国建筑与沙特阿拉伯住房部)
        return (tags[k].startswith("ns") and m - k >= 2 and tags[m + 1].startswith("nt")
                and words[m + 1].endswith(_SOCIETY) and not _opens_with_place(words[m + 1]))
    end = m + 1
    while end < hi and _np_word(words[end], tags[end]):
        end += 1
    return span_text(doc, m + 1, end).endswith(_org_suffix_tuple())


_COUNTED_BEFORE = re.compile(r"[\d一二三四五六七八九十两百]+家$")
_PLACE_QUALIFIER = re.compile(r"^(?:中国|中华)[（(][\u4e00-\u9fff]{2,6}[)）]$")
# a university's or academy's unit named by two fields joined by 与 (华中科技大学|人工智能|与|自动化学院)
_PARENT_BODY = ("大学", "科学院", "学院")
_UNIT_OF_BODY = ("学院", "系", "研究所", "研究院", "实验室")
_FIELD_TAGS = ("n", "nz", "vn", "gi", "nf")


def _unit_of_two_fields(words: list[str], tags: list[str], k: int, m: int) -> bool:
    """Does the run [k, m) end with a parent body and a field, and token m + 1 (after 与) name a unit?"""
    right = words[m + 1]
    if not right.endswith(_UNIT_OF_BODY) or right in _UNIT_OF_BODY or _opens_with_place(right):
        return False
    j = m  # the field words right before 与
    while j - 1 > k and tags[j - 1] in _FIELD_TAGS and not words[j - 1].endswith(_org_suffix_tuple()):
        j -= 1
    return j < m and words[j - 1].endswith(_PARENT_BODY)


_SOCIETY = ("学会", "协会", "联合会", "研究会", "促进会", "商会", "研究院", "研究所", "基金会", "联盟")


def _opens_with_place(name: str) -> bool:
    from nlp.regions import opening_place  # the gazetteer loads lazily; arguments is imported early

    return opening_place(name[:6]) is not None


@cache
def joined_cores() -> tuple[str, ...]:
    """Cores of names holding 和 / 与 (发展和改革, 工业和信息化), from `lexicons/joined_names.txt`."""
    path = LEXICONS / "joined_names.txt"
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))


def _spans(window: str, core: str, pos: int) -> bool:
    """Does an occurrence of `core` in `window` cover position `pos`?"""
    at = window.find(core)
    while at >= 0:
        if at <= pos < at + len(core):
            return True
        at = window.find(core, at + 1)
    return False


def _bridge(doc: Doc, m: int, hi: int, blocked: frozenset[int]) -> int:
    """Grow a name over one-character words HanLP split off (深圳星衡智/算/科技有限公司): the end of the
    grown run when it reaches an organisation suffix, else `m` (no growth)."""
    words, tags, _ = token_lists(doc)
    end, bridges = m, 0
    while end < hi and bridges <= 2:
        word = words[end]
        if end in blocked:
            break
        if _np_word(word, tags[end]):
            end += 1
            continue
        if (len(word) == 1 and word not in _STOP_WORDS and tags[end] != "w" and word not in CLAUSE_BREAK
                and end + 1 < hi and _np_word(words[end + 1], tags[end + 1])):
            bridges += 1
            end += 1
            continue
        break
    if end > m and bridges and span_text(doc, m, end).endswith(_STRONG_SUFFIXES):
        return end
    return m


_STRONG_SUFFIXES = ("有限公司", "有限责任公司", "集团", "研究院", "研究所", "大学", "学院", "实验室", "管理委员会",
                    "人民政府", "协会", "联盟", "基金", "资本", "创投")


def names_between(doc: Doc, lo: int, hi: int, exclude: tuple[int, int] | None = None) -> list[Phrase]:
    """Actor names in tokens [lo, hi): maximal noun-phrase runs that look like names."""
    out: list[Phrase] = []
    pending: list[Phrase] = []
    blocked = blocked_tokens(doc)
    words, all_tags, offsets = token_lists(doc)
    k = lo
    while k < hi:
        if k in blocked:
            k += 1
            continue
        if not _np_word(words[k], all_tags[k]):
            if words[k] in REFERENTS:  # 区里 / 该公司: kept for the pipeline to resolve
                out.append(Phrase(words[k], offsets[k], offsets[k] + len(words[k]), "r"))
            k += 1
            continue
        m = k
        while m < hi and m not in blocked:
            if _np_word(words[m], all_tags[m]) or _joins(doc, k, m, hi) or (m > k and words[m] == "云"):
                m += 1  # (蓝海云: a cloud brand the segmenter cut before its 云)
            else:
                grown = _bridge(doc, m, hi, blocked)
                if grown == m:
                    break
                m = grown
        phrase = _phrase(doc, k, m)
        tags = all_tags[k:m]
        k = m
        if phrase is None:
            continue
        if exclude and phrase.start >= exclude[0] and phrase.end <= exclude[1]:
            continue
        after2 = doc.text[phrase.end:phrase.end + 2]
        if after2 == "旗下":  # 华润集团旗下润联科技: the subsidiary acts
            continue
        if phrase.text.endswith("首") and after2[:1] in ("个", "家", "批"):  # 山东首个…: no actor
            continue
        if _COUNTED_BEFORE.search(doc.text, max(0, phrase.start - 4), phrase.start):
            continue  # A、B等8家(公募基金公司): the kind of what was counted, the names stand before
        if _PLACE_QUALIFIER.match(phrase.text) and re.match(r"[\u4e00-\u9fff]", after2):
            continue  # 中国（太原）|煤炭交易中心: the opening of a name the segmenter cut, no actor
        if doc.text[max(0, phrase.start - 2):phrase.start].endswith(("在", "于", "落户", "入驻", "位于")) \
                or phrase.text.startswith("位于") or _in_place_list(doc.text, phrase.start):
            continue  # 在江汉区开幕 / 落户星沙产业园 / 在天津、上海、海南开展试点: a place, not an actor
        if phrase.text in REFERENTS:
            out.append(Phrase(phrase.text, phrase.start, phrase.end, "r"))
            continue
        if _inside_quote(doc.text, phrase):  # a piece of a quoted product name (“云图农服区块链金融服务平台”)
            continue
        name = clean_name(phrase.text)
        parts = split_juxtaposed(name) if len(name) >= 8 else [name]
        if len(parts) > 1 or (parts and parts[0] != name):
            for part in parts:
                at = doc.text.find(part, phrase.start, phrase.end)
                if at >= 0 and looks_like_name(part, tags):
                    out.append(Phrase(part, at, at + len(part), tags[-1]))
            continue
        if exclude and name and doc.text[exclude[0]:exclude[1]].endswith(name):
            continue
        if len(tags) > 1 and all(t.startswith("ns") for t in tags) and phrase.text == name:
            name = words[m - 1]
            phrase = Phrase(name, offsets[m - 1], offsets[m - 1] + len(name), all_tags[m - 1])
        if looks_like_name(name, tags):
            offset = phrase.text.find(name)
            out.append(Phrase(name, phrase.start + max(offset, 0), phrase.start + max(offset, 0) + len(name), tags[-1]))
        elif 2 <= len(name) <= 12 and name not in _GENERIC and not _QUANTITY_LEAD.match(name) \
                and not name[0].isdigit() and not _MEDIA.search(name) and not _DESCRIBED.search(name) \
                and not name.endswith(("项目", "代表")):
            pending.append(Phrase(name, phrase.start + max(phrase.text.find(name), 0),
                                  phrase.start + max(phrase.text.find(name), 0) + len(name), tags[-1]))
    return _enumerated(doc, out, pending)


# words that may open a clause before its subject (据悉，理想汽车…) or stand between it and its verb
_SUBJECT_LEAD = {"据悉", "据了解", "据报道", "近日", "日前", "今日", "今天", "昨日", "昨天", "目前", "此前", "近期",
                 "同时", "另外", "此外", "上午", "下午", "晚间"}
_SUBJECT_TO_VERB = {"宣布", "正式", "已", "已经", "成功", "今天", "今日", "昨日", "昨天", "近日", "日前", "也", "首次",
                    "率先", "再次", "又", "还", "将"}
_RELEASE_VERBS = {"发布", "推出", "上线", "开售", "发售", "亮相"}
_LIGHT_VERBS = {"完成", "获得", "获", "迎来", "实现", "宣布完成", "签署", "签订", "推出", "发布", "已完成", "已获得",
                "完成了", "获得了"}
_NOT_A_SUBJECT = re.compile(r"的|^(?:本轮|此次|本次|该|这|其|新|首|全新|新款|首款|一款|多款|旗下)"
                            r"|(?:融资|资金|车型|手机|产品|平台|系统|服务|项目|活动|会议|论坛|大会|新车|新品|版本|系列"
                            r"|功能|业务)$")


def clause_subject(doc: Doc, lo: int, hi: int, exclude: tuple[int, int] | None = None) -> Phrase | None:
    """The noun phrase a clause opens with, before its verb at token `hi` (理想汽车已于本月初正式上市…):
    the actor when no name was recognised in it. Nothing when the clause opens otherwise, when the
    phrase is the object, a kind of thing (新款手机, 本轮融资) or anything but a short name."""
    words, tags, offsets = token_lists(doc)
    k = lo
    while k < hi and (words[k] in _SUBJECT_LEAD or tags[k] in ("t", "w") or words[k].isspace()
                      or (tags[k] in ("m", "q", "b", "mq") and _LEAD_DATE.match(doc.text[offsets[k]:]).end())):
        k += 1
    m = k
    while m < hi and np_at(doc, m) and tags[m] != "t":  # 蓝鲸汽车昨日推出: the name ends at the time word
        m += 1
    if m == k or m > hi or (m == hi and not (hi < len(words) and words[hi] in _RELEASE_VERBS)):
        return None  # (小米发布了…: the subject right before a release verb that triggers)
    j, in_pp = m, False  # between subject and verb: adverbs, time words, a 于/在 phrase
    while j < hi:
        word, tag = words[j], tags[j]
        if word in ("于", "在"):
            in_pp = True
        elif word in _LIGHT_VERBS:
            break  # 元气森林完成新一轮融资: the verb whose object holds the trigger
        elif not (in_pp or word in _SUBJECT_TO_VERB or tag.startswith(("d", "t")) or word.isspace()):
            return None
        j += 1
    phrase = _phrase(doc, k, m)
    if phrase is None or (exclude and phrase.start < exclude[1] and exclude[0] < phrase.end):
        return None
    name = clean_name(phrase.text)
    last_tag = tags[m - 1]
    if m == hi and (SCOPE_OPENING.match(name) or name.endswith(("公司", "部门", "机构"))):
        return None  # 国家发布了… / 控股子公司推出…: a scope or a kind of body, no name
    if not 2 <= len(name) <= 12 or name in _GENERIC or name in REFERENTS or _QUANTITY_LEAD.match(name) \
            or _MEDIA.search(name) or _NOT_A_SUBJECT.search(name) or last_tag in ("t", "m", "q", "f") \
            or name[0].isdigit():
        return None
    at = phrase.start + max(phrase.text.find(name), 0)
    return Phrase(name, at, at + len(name), last_tag)


_FUNCTION_TAGS = ("p", "c", "u", "d", "m", "q", "w", "t", "r", "f", "e", "y", "o")  # (荣耀/an Magic8: a brand)
_OWNER_TAGS = ("nz", "nrf", "nr", "nt", "ntc", "nto", "ntu")
# a country, a region, a scope or an edition opening a name (长三角算力联盟, 国家…中心, 首届…) owns or hosts nothing
SCOPE_OPENING = re.compile(r"^(?:中国|国家|全国|中华|全球|世界|国际|亚洲|亚太|中外|海峡|两岸|东盟|一带一路"
                           r"|长三角|珠三角|京津冀|粤港澳|大湾区|成渝|长江|黄河|东北|西部|中部|东部|华东|华南|华北|华中"
                           r"|西南|西北|首届|第)")
_OWNER_TAIL = ("集团", "公司", "汽车", "科技", "控股", "股份")
_PRODUCT_WORDS = {"新款", "首款", "全新", "旗舰", "新一代", "新品", "新车", "车型", "机型", "系列"}  # kinds, not brands


@cache
def _lexicon_words() -> frozenset[str]:
    """Words the project adds to the segmenter (domain terms, places, triggers): kinds, not owners."""
    return frozenset(word for word, nature in custom_words() if nature != "nt")


def owner_in_object(doc: Doc, obj: Phrase) -> Phrase | None:
    """The maker or operator a named thing opens with (比亚迪海豹车型, 特斯拉上海超级工厂, 蔚来汽车第三款车型):
    a recognised name as its first word, with more of the name after it; places and the project's own
    domain words (区块链产业园) open no owner."""
    words, tags, _ = token_lists(doc)
    i = _token_at(doc, obj.start)
    if i is None or i + 1 >= len(doc):
        return None
    word, tag = words[i], tags[i]
    # 小米SU7 / 理想L9: a word before a Latin model name is its brand, whatever the recogniser tagged it
    brand = not tag.startswith(_FUNCTION_TAGS) and words[i + 1][:1].isascii() and words[i + 1][:1].isalpha() \
        and word not in _PRODUCT_WORDS and not word.isascii()
    if (tag not in _OWNER_TAGS and not brand) or len(word) < 2 or word in _lexicon_words() or word in _GENERIC \
            or SCOPE_OPENING.match(word):
        return None
    end = obj.start + len(word)
    tail = words[i + 1]
    if tail in _OWNER_TAIL:
        end += len(tail)
    if obj.end - end < 2:  # the whole object is the name: nothing of its own
        return None
    return Phrase(doc.text[obj.start:end], obj.start, end, tag)


def _token_at(doc: Doc, char: int) -> int | None:
    """The token starting at character `char`, by bisection over the analyzer's token starts."""
    _, _, starts = token_lists(doc)
    k = bisect.bisect_left(starts, char)
    return k if k < len(starts) and starts[k] == char else None


_PLACE_LIST = re.compile(r"(?:在|于|落户|位于)(?:[\u4e00-\u9fff]{2,8}、)+$")


def _in_place_list(text: str, start: int) -> bool:
    """Is the phrase at `start` a later item of a 、-list that 在 / 于 opened (在天津、上海、海南…)?"""
    return _PLACE_LIST.search(text[max(0, start - 40):start]) is not None


# a round or a batch (新一轮, 首批, 本期): a recogniser's person there (一/轮超) is no name
_ROUND = re.compile(r"^(?:新一?|首|本|此|上一?|下一?)[轮批期]")
_ACTING_TOGETHER = ("联合", "携手", "联手", "会同")
_BY_LEVEL = re.compile(r"[省市区县][\u4e00-\u9fff]{2,}$")  # 省工商联, 市科技局: a body named by its level
_COORDINATED = ("、", "与", "和", "同")  # 快手与中国移动签署…: a party coordinated with a recognised one
_ALONGSIDE = (*_COORDINATED, *_ACTING_TOGETHER)


def _enumerated(doc: Doc, names: list[Phrase], pending: list[Phrase]) -> list[Phrase]:
    """中国东信、小米金融、润联科技 / 天猫联合蜂鸟: an item of a 、-list whose neighbours are names, or a partner
    a name acts together with, is a name too."""
    if not pending or not names:
        return names
    text = doc.text
    added = [p for p in pending
             if any((text[p.end:n.start] in _COORDINATED) or (text[n.end:p.start] in _ALONGSIDE) for n in names)]
    return sorted([*names, *added], key=lambda p: p.start) if added else names


_ROLE_CLAUSE_LEAD = re.compile(r"^[^，。；由]{0,30}?由")  # “…平台”由A与B联合发起: the roles after 由
# 每日优鲜获得腾讯领投的…: the investor is named after what the company received
_RECEIVER = re.compile(r"^.{2,40}?(?:获得|获|得到|接受|引入)(?=.{2,})")
_ROLE_PREFIX = re.compile(r"^(老股东|新股东|股东|原股东|现有股东)")


@cache
def _role_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    """A clause's actors before one of `roles` (longest role first), compiled once per role tuple."""
    role_alt = "|".join(sorted(map(re.escape, roles), key=len, reverse=True))
    return re.compile(r"^(.{2,160}?)(?:等[^，。；、]{0,8}?(?:机构|企业|单位|资本|基金|投资方)|等)?"
                      r"(?:共同|联合|继续|分别|持续)?(?:" + role_alt + ")")


def role_names(text: str, roles: tuple[str, ...], offset: int = 0) -> list[Phrase]:
    """Actors named with their role, one clause each: 由A、B共同主办 / C承办 / 由D领投，E、F等机构跟投.

    `text` is a sentence window; offsets in the result are `offset` + position in `text`.
    """
    pattern = _role_pattern(roles)
    out: list[Phrase] = []
    pos = 0
    for clause in re.split(r"([，。；;！？])", text):
        start = pos
        pos += len(clause)
        if len(clause) < 3 or clause in "，。；;！？":
            continue
        lead = _ROLE_CLAUSE_LEAD.match(clause)
        body = clause[lead.end():] if lead else clause
        base = start + (lead.end() if lead else 0)
        while m := pattern.match(body):  # 由A主办、B承办: one clause may name several roles, one after another
            out += _named_in_role(m.group(1), offset + base)
            if not body.startswith("、", m.end()):
                break
            base += m.end() + 1
            body = body[m.end() + 1:]
    return out


def _named_in_role(group: str, at: int) -> list[Phrase]:
    """The names in the text before a role word, which starts at `at` of the document."""
    out: list[Phrase] = []
    named = _ROLE_PREFIX.sub("", _RECEIVER.sub("", group))
    shift = len(group) - len(named)
    for part, piece_start in split_enumeration(named):
        name = clean_name(part)
        if len(name) < 2 or len(name) > 40 or name in _GENERIC or _MEDIA.search(name):
            continue
        k = part.find(name)
        s0 = at + shift + piece_start + max(k, 0)
        out.append(Phrase(name, s0, s0 + len(name), "nt"))
    return out


def split_enumeration(group: str) -> list[tuple[str, int]]:
    """A, B及C / A和B: the parts with their offsets; 和 / 与 only split after a complete name
    (工业和信息化部 and 发展和改革委员会 stay whole)."""
    out: list[tuple[str, int]] = []
    at = 0
    for part in re.split(r"(、|及|以及)", group):
        if part not in ("、", "及", "以及"):
            sub_at = 0
            for m in re.finditer(r"[和与]", part):
                left = part[sub_at:m.start()]
                if (left.endswith(_org_suffix_tuple()) or left in gov_bodies()) and len(part) - m.end() >= 2:
                    out.append((left, at + sub_at))
                    sub_at = m.end()
            out.append((part[sub_at:], at + sub_at))
        at += len(part)
    return [(x, i) for x, i in out if x]


def _inside_quote(text: str, phrase: Phrase) -> bool:
    """Is the phrase a strict part of a “quoted” name?"""
    opening = text.rfind("“", max(0, phrase.start - 30), phrase.start + 1)
    if opening < 0 or text.rfind("”", opening, phrase.start) >= 0:
        return False
    closing = text.find("”", phrase.start, phrase.end + 30)
    if closing < 0:
        return False
    inner = text[opening + 1:closing].strip()
    return inner != phrase.text.strip("“”") and len(inner) > len(phrase.text.strip("“”"))
