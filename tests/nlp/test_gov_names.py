"""Local government bodies in their official form (nlp/gov_names.py), on names we wrote."""

from __future__ import annotations

import pytest

from nlp.gov_names import official_name, split_joint_bodies, with_context_place
from nlp.orgs import normalize_name
from nlp.regions import find_places


@pytest.mark.parametrize(("written", "official"), [
    ("河南省政府", "河南省人民政府"),
    ("河南政府", "河南省人民政府"),
    ("湖南省发展改革委", "湖南省发展和改革委员会"),
    ("长沙市发改委", "长沙市发展和改革委员会"),
    ("浙江省国资委", "浙江省人民政府国有资产监督管理委员会"),
    ("苏州市委", "中共苏州市委"),
    ("河北金融监管局", "国家金融监督管理总局河北监管局"),
    ("成都市住建局", "成都市住房和城乡建设局"),
    ("杭州市人大常委会", "杭州市人民代表大会常务委员会"),
    ("广州市市场监管局", "广州市市场监督管理局"),
])
def test_gov_names_official_form(written: str, official: str) -> None:
    assert official_name(written) == official
    assert normalize_name(written) == official


@pytest.mark.parametrize("name", ["河南省人民政府", "某某科技有限公司", "深圳市科创委员会", "国家发改委", "中国铁建"])
def test_gov_names_leaves_other_names(name: str) -> None:
    assert official_name(name) in (None, name)


def test_gov_names_joint_party_and_government() -> None:
    assert split_joint_bodies("无锡市委市政府") == ["无锡市委", "无锡市政府"]
    assert split_joint_bodies("市委、市政府") == ["市委", "市政府"]
    assert split_joint_bodies("无锡市政府") == ["无锡市政府"]


def test_gov_names_bare_level_takes_the_place_named_before() -> None:
    before = find_places("合肥市召开会议。")
    assert with_context_place("市财政局", before) == "合肥市财政局"
    assert with_context_place("省政府", before) == "安徽省政府"
    assert with_context_place("市场主体", before) == "市场主体"  # not a body
