"""nlp.regions: names → regions, context disambiguation, aliases, false positives, the place of an event, fuzz."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.regions import (
    DATA,
    PlaceMention,
    event_region,
    find_places,
    is_national_body,
    region_of_name,
    reset_caches,
)
from schemas.models import Region


def _triple(region: Region | None) -> tuple[str | None, str | None, str | None] | None:
    return None if region is None else (region.province, region.city, region.district)


# (name, context, expected (province, city, district) or None)
NAMES = [
    # full and short forms
    ("湖北", "", ("湖北省", None, None)),
    ("湖北省", "", ("湖北省", None, None)),
    ("武汉", "", ("湖北省", "武汉市", None)),
    ("武汉市", "", ("湖北省", "武汉市", None)),
    ("江汉区", "", ("湖北省", "武汉市", "江汉区")),
    ("湖北省武汉市江汉区", "", ("湖北省", "武汉市", "江汉区")),
    ("昆山", "", ("江苏省", "苏州市", "昆山市")),
    ("恩施州", "", ("湖北省", "恩施土家族苗族自治州", None)),
    ("广西", "", ("广西壮族自治区", None, None)),
    ("内蒙古", "", ("内蒙古自治区", None, None)),
    ("仙桃市", "", ("湖北省", "仙桃市", None)),  # county-level city directly under the province
    # organisation names
    ("武汉市税务局", "", ("湖北省", "武汉市", None)),
    ("济南市人民政府", "", ("山东省", "济南市", None)),
    ("山东区块链研究院", "", ("山东省", None, None)),
    ("深圳市腾讯计算机系统有限公司", "", ("广东省", "深圳市", None)),
    ("长沙公共资源交易中心", "", ("湖南省", "长沙市", None)),
    ("湖北省经信厅", "", ("湖北省", None, None)),
    ("深圳龙华区人民政府", "", ("广东省", "深圳市", "龙华区")),
    ("武汉大学", "", ("湖北省", "武汉市", None)),
    ("中山大学", "", ("广东省", "广州市", None)),
    # municipalities and special administrative regions: province = city
    ("北京市", "", ("北京市", "北京市", None)),
    ("北京", "", ("北京市", "北京市", None)),
    ("上海市", "", ("上海市", "上海市", None)),
    ("天津", "", ("天津市", "天津市", None)),
    ("重庆市", "", ("重庆市", "重庆市", None)),
    ("海淀区", "", ("北京市", "北京市", "海淀区")),
    ("香港", "", ("香港特别行政区", "香港特别行政区", None)),
    # context disambiguation
    ("龙华区", "深圳龙华区与腾讯共建联盟", ("广东省", "深圳市", "龙华区")),
    ("龙华区", "海口市召开会议", ("海南省", "海口市", "龙华区")),
    ("海口龙华区", "", ("海南省", "海口市", "龙华区")),
    ("深圳龙华区", "", ("广东省", "深圳市", "龙华区")),
    ("龙华区", "", ("广东省", "深圳市", "龙华区")),  # default of ambiguous_defaults.jsonl
    ("朝阳区", "长春市", ("吉林省", "长春市", "朝阳区")),
    ("鼓楼区", "南京市", ("江苏省", "南京市", "鼓楼区")),
    ("鼓楼区", "福州", ("福建省", "福州市", "鼓楼区")),
    ("鼓楼区", "", None),  # four 鼓楼区 and no hint: no guess
    # aliases
    ("星沙", "", ("湖南省", "长沙市", "长沙县")),
    ("光谷", "", ("湖北省", "武汉市", "东湖新技术开发区")),
    ("东湖高新区", "", ("湖北省", "武汉市", "东湖新技术开发区")),
    ("贵安", "", ("贵州省", "贵阳市", "贵安新区")),
    ("贵安新区", "", ("贵州省", "贵阳市", "贵安新区")),
    ("雄安", "", ("河北省", "保定市", "雄安新区")),
    ("雄安新区", "", ("河北省", "保定市", "雄安新区")),
    ("浦东", "", ("上海市", "上海市", "浦东新区")),
    ("浦东新区", "", ("上海市", "上海市", "浦东新区")),
    ("滨海新区", "", ("天津市", "天津市", "滨海新区")),
    ("两江新区", "", ("重庆市", "重庆市", "两江新区")),
    ("中关村", "", ("北京市", "北京市", "海淀区")),
    ("长沙县", "", ("湖南省", "长沙市", "长沙县")),
    # national or no place
    ("中国", "", None),
    ("全国", "", None),
    ("国家发改委", "", None),
    ("工业和信息化部", "", None),
    ("清华大学", "", None),
    ("中国—东盟信息港股份有限公司", "", None),
    # false positives avoided
    ("大理石", "", None),
    ("阿里巴巴", "", None),
    ("东方财富", "", None),
    ("白银价格上涨", "", None),
    ("合作协议", "", None),
    ("城区", "", None),
    ("南京路", "", None),
    ("均衡水平", "", None),
    ("弘扬中华文化", "", None),
    ("区块链产业", "", None),
    ("新北洋", "", None),
    ("", "", None),
]


@pytest.mark.parametrize(("name", "context", "expected"), NAMES)
def test_regions_region_of_name(name: str, context: str, expected: tuple | None) -> None:
    assert _triple(region_of_name(name, context)) == expected


@pytest.mark.parametrize(
    ("name", "adcode"),
    [("江汉区", "420103"), ("武汉市", "420100"), ("湖北省", "420000"), ("北京市", "110000"), ("深圳龙华区", "440309"),
     ("海口龙华区", "460106"), ("星沙", "430121"), ("雄安", "133100")],
)
def test_regions_adcode(name: str, adcode: str) -> None:
    region = region_of_name(name)
    assert region is not None and region.adcode == adcode


def test_regions_gazetteer_vintage_has_2016_divisions() -> None:
    """深圳 龙华区 (440309) dates from 2016; 海口 龙华区 (460106) is older; both must be present."""
    assert _triple(region_of_name("深圳龙华区")) == ("广东省", "深圳市", "龙华区")
    assert _triple(region_of_name("海口龙华区")) == ("海南省", "海口市", "龙华区")


def test_regions_find_places_offsets_and_chain() -> None:
    text = "湖北武汉、云南昆明获批；峰会在江汉区开幕"
    places = find_places(text)
    assert [(p.name, p.start, p.end) for p in places] == [("湖北武汉", 0, 4), ("云南昆明", 5, 9), ("江汉区", 15, 18)]
    assert all(isinstance(p, PlaceMention) and text[p.start:p.end] == p.name for p in places)
    assert _triple(places[0].region) == ("湖北省", "武汉市", None)


def test_regions_leftmost_longest_avoids_inner_names() -> None:
    # 山东区块链: 山东, never 东区 (攀枝花); 武汉市区块链: 武汉市
    assert [p.name for p in find_places("山东区块链研究院揭牌，武汉市区块链协会成立")] == ["山东", "武汉市"]


def test_regions_results_are_copies() -> None:
    first = region_of_name("武汉市")
    assert first is not None
    first.city = "changed"
    assert region_of_name("武汉市").city == "武汉市"


def test_regions_reset_caches_reloads() -> None:
    before = region_of_name("光谷")
    reset_caches()
    assert region_of_name("光谷") == before


def test_regions_national_bodies() -> None:
    assert is_national_body("工业和信息化部")
    assert is_national_body("国家发展和改革委员会")
    assert is_national_body("证监会")
    assert not is_national_body("济南市人民政府")
    assert not is_national_body("清华大学")


# (sentence, participants, context, expected)
EVENTS = [
    ("济南市人民政府与清华大学签署全面合作协议", ["济南市人民政府", "清华大学"], "", ("山东省", "济南市", None)),
    ("2021武汉市区块链技术与产业发展峰会在江汉区开幕", ["工业和信息化部", "湖北省人民政府"], "",
     ("湖北省", "武汉市", "江汉区")),
    ("中国工业与应用数学学会总部办公基地正式落户星沙区块链产业园", ["中国工业与应用数学学会"], "",
     ("湖南省", "长沙市", "长沙县")),
    ("峰会在长沙梅溪湖国际文化艺术中心拉开帷幕", [], "", ("湖南省", "长沙市", "岳麓区")),
    ("工信部近日正式复函湖北省经信厅，支持武汉市创建国家区块链发展先导区", ["工业和信息化部", "湖北省经信厅"], "",
     ("湖北省", "武汉市", None)),
    ("贵州省大数据发展领导小组发布《贵阳贵安区块链发展三年行动计划》", ["贵州省大数据发展领导小组"], "",
     ("贵州省", "贵阳市", "贵安新区")),
    ("深圳龙华区人民政府与深圳市腾讯计算机系统有限公司举行签约仪式",
     ["深圳龙华区人民政府", "深圳市腾讯计算机系统有限公司"], "", ("广东省", "深圳市", "龙华区")),
    ("工信部批复苏州成立全国首个区块链发展先导区", ["工业和信息化部"], "", ("江苏省", "苏州市", None)),
    ("长株潭三地：长沙、株洲、湘潭联合评标", [], "", ("湖南省", None, None)),  # same province listed: the province
    # national acts: no region, even when the context names one
    ("工信部等部门联合印发《关于加快推动区块链技术应用和产业发展的指导意见》", ["工业和信息化部"], "武汉发布",
     None),
    ("央行下发《推动区块链技术规范应用的通知》", ["中国人民银行"], "深圳龙华区与腾讯", None),
    ("国务院印发《数字经济发展规划》", [], "湖北日报", None),
    # several provinces listed: none, unless the context is about one of them
    ("证监会发布《关于原则同意北京、上海、江苏、浙江、深圳等5家区域性股权市场开展区块链建设工作的函》",
     ["中国证券监督管理委员会"], "", None),
    ("近日，工信部批复了云南昆明、湖北武汉为国家区块链发展先导区", ["工业和信息化部", "昆明市", "武汉市"],
     "武汉获批。武汉市将出台方案。昆明也获批。", ("湖北省", "武汉市", None)),
    # no place in the sentence: the context
    ("建设税务联合实验室、政务联合实验室", ["武汉市区块链产业研究院"], "", ("湖北省", "武汉市", None)),
    ("研究院成立华中区块链科技融合创新中心", [], "峰会在江汉区开幕", ("湖北省", "武汉市", "江汉区")),
    ("该系统正式上线", [], "", None),
]


@pytest.mark.parametrize(("sentence", "participants", "context", "expected"), EVENTS)
def test_regions_event_region(sentence: str, participants: list[str], context: str, expected: tuple | None) -> None:
    assert _triple(event_region(sentence, participants, context)) == expected


def test_regions_event_region_on_seed_gold(shared_dir) -> None:
    """Region accuracy on the gold events of the seeds (the scorer's rule: city if gold has one, else province)."""
    articles = {}
    for line in (shared_dir / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        articles[record["id"]] = record
    total = correct = 0
    for line in (shared_dir / "gold" / "seed_events.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if not gold["region"]:
            continue
        article = articles[gold["doc"]]
        context = (article.get("title") or "") + "\n" + article["text"][:2000]
        region = event_region(gold["evidence"], gold["participants"], context)
        key = "city" if gold["region"].get("city") else "province"
        total += 1
        correct += region is not None and getattr(region, key) == gold["region"][key]
    assert correct / total >= 0.9


def test_regions_alias_file_is_valid() -> None:
    for number, line in enumerate((DATA / "aliases.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            region = region_of_name(item["alias"])
            assert region is not None and region.adcode == item["adcode"], f"aliases.jsonl line {number}"


# ----------------------------------------------------------------------------------------- fuzz
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), context=st.text(max_size=100))
def test_regions_fuzz_never_raises(text: str, context: str) -> None:
    for place in find_places(text, context):
        assert text[place.start:place.end] == place.name
        assert place.region.province
    region_of_name(text, context)
    event_region(text, [text[:10]], context)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.sampled_from(["湖北", "武汉市", "龙华区", "深圳", "海口", "、", "在", "开幕", "山东", "区块链",
                                    "鼓楼区", "星沙", "工信部", "北京", "上海", "省", "市", "区", "中国"]), max_size=15)
)
def test_regions_fuzz_place_soup(parts: list[str]) -> None:
    text = "".join(parts)
    for place in find_places(text, text):
        assert text[place.start:place.end] == place.name
    event_region(text, parts[:3], text)


def test_regions_huge_and_empty_text() -> None:
    huge = "济南市人民政府与清华大学在江汉区签署协议。" * 20000
    assert len(find_places(huge)) == 40000
    assert _triple(event_region(huge, [], "")) == ("湖北省", "武汉市", "江汉区")
    assert find_places("") == [] and region_of_name("") is None and event_region("", [], "") is None
