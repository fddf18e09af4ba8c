"""Phrasings the rules were widened for, end to end with real HanLP, on sentences we wrote.

Each case states a kind of phrasing (not a corpus sentence): a round without an amount, a loan, a
product launch, a go-live on trial, a project signing, a list made public, a meeting whose name
holds a plan word, a joint party-and-government host, a new company and its shareholders.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlp import extract_article
from schemas import Article

pytestmark = pytest.mark.hanlp


def _events(text: str):  # type: ignore[no-untyped-def]
    article = Article(id="t", url="http://example.test/t", source="test", title="", text=text,
                      published_at=datetime(2026, 7, 1, 10, tzinfo=UTC))
    return extract_article(article)


@pytest.mark.parametrize(("text", "etype", "date", "actor"), [
    ("6月3日，远航动力宣布完成A轮融资。", "financing", "2026-06-03", "远航动力"),
    ("5月12日，某某智能科技公司完成数千万元天使轮融资，由红杉中国领投，高瓴创投跟投。", "financing", "2026-05-12",
     "高瓴创投"),
    ("国家开发银行向某市发放首笔城市更新专项贷款5亿元。", "financing", "2026-07-01", "国家开发银行"),
    ("6月18日，某手机品牌在深圳发布新一代折叠屏手机。", "launch", "2026-06-18", None),
    ("7月1日，城市智慧停车平台上线试运行。", "launch", "2026-07-01", None),
    ("6月26日，全市共签约28个项目，总投资达120亿元。", "signing", "2026-06-26", None),
    ("6月28日，2026年度省级专精特新企业名单公示。", "report_release", "2026-06-28", None),
    ("6月12日，某研究院发布《2026研究前沿》报告。", "report_release", "2026-06-12", None),  # the kind after the title
    ("2月8日下午，某市“产业强市”推进大会召开。", "meeting", "2026-02-08", None),
    # a round-up of the year's first meetings dates one by the holiday calendar (2026: 2月24日)
    ("新春第一会各地都在谈什么？\n春节后上班第一天，无锡召开全市优化营商环境大会。", "meeting", "2026-02-24",
     "无锡市"),
    ("6月9日，无锡市委市政府召开全市营商环境大会。", "meeting", "2026-06-09", "中共无锡市委"),
    ("近日，某某新能源科技（苏州）有限公司成立，该公司由甲集团、乙资本共同持股。", "establishment", "2026-07",
     "乙资本"),
    ("6月5日，湖南省发展改革委印发《湖南省算力产业发展行动计划》。", "policy_release", "2026-06-05",
     "湖南省发展和改革委员会"),
    ("【星河电子：公司已与某汽车集团签署长期供货协议】财联社6月9日电，星河电子(301999.SZ)公告，公司已与某汽车集团签署长期供货协议。",
     "signing", "2026-06-09", "星河电子"),
    ("近日，蓝海储能科技（青岛）有限公司成立，由蓝海能源全资持股。", "establishment", "2026-07", "蓝海能源"),
    # a company whose founding its shareholders have launched (发起设立), the object before the verb
    ("据悉，注册资本50亿元的星河养老保险公司正发起设立，股东包括甲银行、乙证券等。", "establishment", "2026-07-01",
     "乙证券"),
    ("6月8日，财政部有关司局近日组织部分省份召开座谈会。", "meeting", "2026-06-08", "财政部"),
    ("9月10日，在2025全球智能制造大会主论坛上，某公司发布新一代工业机器人。", "meeting", "2025-09-10", None),
    ("6月12日，2026中国国际数字贸易交易会如约而至。", "meeting", "2026-06-12", None),
    ("6月6日，某品牌武汉首家旗舰店正式开业。", "establishment", "2026-06-06", None),
    ("6月2日，甲物流与乙快递达成战略合作。", "signing", "2026-06-02", "甲物流"),
    ("2025年10月，某集团宣布其位于苏州的新工厂正式投产。", "launch", "2025-10", None),
    ("6月12日，2026年中国数字经济博览会在贵阳开幕。", "meeting", "2026-06-12", None),  # the year is an edition
    ("6月17日，某市科技局对2026年度科技型企业拟支持名单进行公示。", "report_release", "2026-06-17", None),
    ("6月3日，某市卫健委发布《社区康复服务规范》等3项地方标准。", "policy_release", "2026-06-03", None),
    ("6月9日，某市印发了《某市“攻坚60天，确保项目全面开工”专项行动方案》的通知。", "policy_release", "2026-06-09",
     None),
    ("日前，《某省数字经济发展规划》（以下简称《规划》）正式印发。", "policy_release", "2026-07", None),
    # a government forwards a body's document; standards told as such after their titles
    ("近日，某省政府办公厅转发了省发展改革委《关于加快推进新型城镇化建设的意见》。", "policy_release", "2026-07", None),
    ("6月3日，国家标准委批准发布了《城市运行评价模型及基础指标体系》等12项国家标准。", "policy_release", "2026-06-03",
     "国家标准化管理委员会"),
    # an opening told with a time phrase and a place phrase before its verb; a park opening
    ("某家居品牌华中第12家商场于6月6日在武汉开业。", "establishment", "2026-06-06", None),
    ("某海洋主题乐园于2025年6月16日正式开园。", "establishment", "2025-06-16", None),
    # a list whose name holds a quoted word; a ranking named …榜
    ("工业和信息化部近日公布了第六批专精特新“小巨人”企业名单。", "report_release", "2026-07", "工业和信息化部"),
    ("某某研究院6月20日发布2026全球独角兽榜。", "report_release", "2026-06-20", None),
    # a government's notice without a title; a list made public 对…进行公示 under a programme's name (…资助计划)
    ("近日，某市人民政府发布一则通知，调整部分公交线路。", "policy_release", "2026-07", "某市人民政府"),
    ("6月17日，某市科技局对2025年度企业研发资助计划第三批拟资助企业名单进行公示。", "report_release", "2026-06-17",
     None),
    # a regulator's approval of a fund product, its name split by the segmenter (碳/中和/ETF)
    ("6月28日，甲基金、乙基金等4家公募基金公司上报的中证某交易所碳中和ETF正式获批。", "approval", "2026-06-28", None),
    # a city welcomes a conference; a head of state greets a forum by letter: the meeting took place
    ("近日，美丽的泉城迎来了“第五届城市轨道交通智慧运维研讨会”。", "meeting", "2026-07", None),
    ("4月24日，国家主席向首届“中国－东盟数字经济合作论坛”致贺信。", "meeting", "2026-04-24", None),
    # what a report tells without a time word happened at the occasion its opening paragraph dates
    ("6月28日上午，某某学会产业创新论坛在长沙开幕，三百余位专家出席。\n与会嘉宾共同按动启动球，“数据合作平台”正式上线。",
     "launch", "2026-06-28", None),
    ("某某学会产业创新论坛在长沙举行，三百余位专家出席。\n论坛期间，“数据合作平台”正式上线。", "launch", "2026-07-01",
     None),  # no day in the opening: the report's own day
    # a founding verb after 揭牌 with nothing after it: the body before both was founded
    ("6月30日，某市人工智能研究院在高新区揭牌成立。", "establishment", "2026-06-30", None),
    # a degree word between the verb and 战略合作
    ("6月2日，甲银行与乙集团达成全面战略合作。", "signing", "2026-06-02", "甲银行"),
    ("6月9日，某航空公司与某市建立长期战略合作关系。", "signing", "2026-06-09", None),
    # a named investor's strategic stake needs no amount
    ("6月5日，星河能源宣布获得蓝海资本战略投资。", "financing", "2026-06-05", "星河能源"),
    # a day without its year in a name opening with its edition's year is in that year
    ("2024中国国际数字经济博览会9月2日在石家庄开幕。", "meeting", "2024-09-02", None),
    ("星河科技4月20日发布2025年度可持续发展报告。", "report_release", "2026-04-20", None),  # a report's year: covered
    ("6月20日，某新能源汽车正式开售。", "launch", "2026-06-20", None),  # 开售 kept whole by the segmenter
    ("某省第十二次党代会6月25日在省会开幕。", "meeting", "2026-06-25", None),  # congresses and plenums
    ("6月3日，星河智能融资5亿元，投后估值超50亿元。", "financing", "2026-06-03", None),  # the amount after 融资
    ("6月30日，星河集团宣布向某机器人公司投资10亿元。", "financing", "2026-06-30", "星河集团"),  # 向X投资 + amount
    ("6月26日，某区出台支持低空经济发展的十条措施。", "policy_release", "2026-06-26", None),  # named by purpose
    ("6月20日，某高新区出台支持人形机器人产业发展的若干政策。", "policy_release", "2026-06-20", None),  # counted 政策
    ("6月25日，某省人民政府办公厅关于进一步扩大内需的若干措施印发实施。", "policy_release", "2026-06-25", None),
    # a law passed by a legislature; a joint notice of two authorities (a company's 公告 stays none)
    ("6月28日，某省人大常委会会议表决通过《某省数字经济促进条例》。", "policy_release", "2026-06-28", None),
    ("6月9日，财政部、税务总局联合发布公告，明确延续实施小微企业增值税减免政策。", "policy_release", "2026-06-09",
     "财政部"),
    # a year right after a verb opens the name of the meeting, it dates nothing told in the sentence
    ("某市召开2026年全市营商环境大会，发布《某市营商环境优化行动方案》。", "policy_release", "2026-07-01", None),
    # measures known by a quoted short name; a notice's own title as a government page heads it
    ("6月18日，某区发布了“科创新政十条”。", "policy_release", "2026-06-18", None),
    ("某市人民政府办公厅关于印发某市促进低空经济发展若干措施的通知", "policy_release", "2026-07-01",
     "某市人民政府办公厅"),
    # a body's own meeting named only 会议
    ("6月28日，某市委常委会召开会议，研究部署防汛工作。", "meeting", "2026-06-28", None),
    ("6月3日，星火链正式上线。", "launch", "2026-06-03", None),  # a blockchain by name goes live
    # lines, roads and stations opened to traffic
    ("6月28日，某市地铁9号线正式开通运营。", "launch", "2026-06-28", None),
    ("6月26日，某高铁东段正式通车。", "launch", "2026-06-26", None),
    # custom words are not forced over the segmenter's choice (forced: 厦/门开/业, 联合/会签/署)
    ("6月8日，某咖啡品牌第500家门店在厦门开业。", "establishment", "2026-06-08", None),
    ("6月9日，甲物流与中国物流与采购联合会签署战略合作协议。", "signing", "2026-06-09", "中国物流与采购联合会"),
    # a bare year told before an occasion referred back to (签约仪式上) dates nothing; the opening's day does
    ("5月17日，某软件园项目签约仪式在青岛举行。\n2026年，园区引进企业40家。签约仪式上，甲软件与高新区成功签约。",
     "signing", "2026-05-17", None),
])
def test_generalisation_phrasing(text: str, etype: str, date: str | None, actor: str | None) -> None:
    found = [e for e in _events(text) if e.type.value == etype]
    assert found, f"no {etype} in {text}: {[e.type.value for e in _events(text)]}"
    event = found[0]
    assert (event.date.as_text() if event.date.value else None) == date
    if actor:
        assert actor in [p.normalized for p in event.participants]


@pytest.mark.parametrize("text", [
    "根据某研究机构发布的《行业发展报告》显示，去年市场规模增长一成。",
    "该市已连续五年举办人才交流大会。",
    "本次论坛将于7月21日至22日在西安举行。",
    "鼓励企业通过联合投资、设立研发中心等方式开拓国际市场。",
    "该项目总投资50亿元，建成后年产值可达百亿元。",
    "就像某共享单车推出的骑行月卡活动一样，这些都是推广手段。",  # a product described by its launch
    "该市迎来了发展的黄金期。",  # 迎来 a time, not a meeting
    "某公司发布一则公告，称其股票将停牌。",  # a company's notice is no policy
    "据了解，双方此前已签署战略合作协议。",  # an earlier act recalled without its own date
    "公司董事会审议通过《关于投资建设新能源项目的议案》。",  # a board resolution, no legislature
    "甲区和乙区相继出台了支持和促进数字产业发展的若干政策。",  # acts one after another, policies in general
    "近年来，该市出台了支持民营经济发展的政策。",  # uncounted 政策: policies in general
    # a headline drops the body's 拟: the body's telling decides; a contract's 签约价 is a term, no signing
    "【星河科技：签订2亿元数据中心总承包合同】财联社6月3日电，星河科技公告称，公司拟与甲公司签订《数据中心项目"
    "总承包合同》，合同签约价为2亿元。",
    "星河科技公告，子公司拟引入战略投资者，增资金额不低于3亿元。",  # the terms of a deal told with its plan
    "论坛期间设立了开幕式、数企对话及5场大会邀请报告。",  # meetings counted, none named
    "市县领导及签约企业负责人参加本次活动。",  # the people of the signed ones attend
    "6月17日，某市政府常务会议审议通过《某市数字经济促进条例（草案）》。",  # a draft sent on, not enacted
    # a headline's bare day later in the month announces what is coming; the body's press conference is none
    "【2026数字丝路论坛21日在西安举行】财联社7月1日电，星河大会1日召开新闻发布会，介绍论坛筹备进度。",
])
def test_generalisation_not_events(text: str) -> None:
    assert _events(text) == []


@pytest.mark.parametrize(("text", "obj", "maker"), [
    ("蓝鲸汽车昨日推出首款纯电轿车K9，起售价19.9万元。", "首款纯电轿车K9", "蓝鲸汽车"),  # a kind no list names
    # a spaced Latin name
    ("星河科技公司发布了新款ThinkBook Pro笔记本电脑。", "新款ThinkBook Pro笔记本电脑", "星河科技公司"),
    ("据悉，极光汽车已于本月初正式上市其首款纯电MPV车型。", "首款纯电MPV车型", "极光汽车"),  # subject unknown to NER
    ("比亚迪海鸥车型于6月18日正式上市。", "比亚迪海鸥车型", "比亚迪"),  # the maker opens the product's name
    # a model name before its verb, spaced; the brand before a Latin model is the maker whatever its tag
    ("华为Mate 70 Pro今日正式开售，首批现货售罄。", "华为Mate 70 Pro", "华为"),
    ("小米YU9正式发布。", "小米YU9", "小米"),
    ("理想L7正式上市，售价31.98万元起。", "理想L7", "理想"),  # 上市 with a price: a product, not a listing
    ("星河科技在深圳正式发布星河OS 6.0。", "星河OS 6.0", "星河科技"),
    ("中国电信发布天翼云4.0。", "天翼云4.0", "中国电信集团有限公司"),  # a version number marks a product
    ("比亚迪仰望U9正式上市，售价168万元。", "比亚迪仰望U9", "比亚迪"),  # a verb-like word inside the model name
    ("荣耀Magic8系列手机正式首发。", "荣耀Magic8系列手机", "荣耀"),  # a brand the tagger reads as an adjective
    ("星河科技旗下蓝海App上线全新AI生活管家。", "全新AI生活管家", None),  # a product going live, marked as one
])
def test_generalisation_product_launch_and_its_maker(text: str, obj: str, maker: str | None) -> None:
    event = next(e for e in _events(text) if e.type.value == "launch")
    assert event.object == obj
    if maker:
        assert maker in [p.normalized for p in event.participants]


@pytest.mark.parametrize("text", [
    "该公司推出一系列惠民举措。",  # measures, not a product
    "某市统计局发布了上半年经济运行数据。",
    "星河半导体正式上市。",  # a company listed: no price, no kind word
    "公司购买新设备后产能提升。",  # 新设 is no founding verb inside 新设备
    "某市发布了区块链产业发展三年行动计划。",  # 区块链 ends with 链 but is no chain that went live
    "某委员会网站发布了第六轮拟供应商品住宅用地清单。",  # a website is no station
])
def test_generalisation_released_things_that_are_no_products(text: str) -> None:
    assert [e for e in _events(text) if e.type.value == "launch"] == []


@pytest.mark.parametrize(("text", "name", "host"), [
    # the name runs back to its clause's start, past verbs HanLP finds inside it
    ("8月20日上午，为加强交流，中国某某学会数学促进企业创新发展论坛在长沙开幕。",
     "中国某某学会数学促进企业创新发展论坛", "中国某某学会"),
    ("2月9日，泰州市高质量发展综合考核总结表彰暨改革创新大会召开。",
     "泰州市高质量发展综合考核总结表彰暨改革创新大会", "泰州市"),  # a city hosts its own meeting
    ("同一日，南通召开全市优化营商环境推进会暨2025年度表彰大会。",
     "全市优化营商环境推进会暨2025年度表彰大会", "南通市"),
    # after the verb the name begins at the verb, whatever verbs the segmenter finds inside it
    ("2月7日，常州召开2025年度综合考核工作总结暨作风建设大会。", "2025年度综合考核工作总结暨作风建设大会", "常州市"),
    # a quoted slogan inside the name, with a 的 of its own
    ("2月8日下午，扬州市“办好人民满意的教育”推进大会召开。", "扬州市“办好人民满意的教育”推进大会", "扬州市"),
])
def test_generalisation_meeting_named_whole_and_its_host(text: str, name: str, host: str) -> None:
    event = next(e for e in _events(text) if e.type.value == "meeting")
    assert event.object == name
    assert [p.normalized for p in event.participants] == [host]


def test_generalisation_people_by_office_are_not_participants() -> None:
    text = "6月2日，协会理事长王明远院士、某某集团代表李强与甲科技有限公司共同启动产业数据服务平台。"
    names = [p.normalized for e in _events(text) for p in e.participants]
    assert not [n for n in names if "院士" in n or "代表" in n], names


def test_generalisation_investors_listed_group_by_group() -> None:
    text = ("6月2日，某某机器人完成8亿元B轮融资。本轮投资方包括甲创投、乙基金等政府基金，以及丙资本、丁科技等产业资本；"
            "老股东戊投资继续跟投。")
    event = next(e for e in _events(text) if e.type.value == "financing")
    names = {p.normalized for p in event.participants}
    assert {"甲创投", "乙基金", "丙资本", "丁科技", "戊投资"} <= names, names


@pytest.mark.parametrize(("text", "host"), [
    ("6月10日，中国人工智能学会智能制造创新论坛在杭州开幕。", "中国人工智能学会"),
    ("6月10日，杭州市十五届人大四次会议开幕。", "杭州市人民代表大会"),
    ("十四届全国人大常委会第二十次委员长会议16日上午在北京举行。", "全国人民代表大会常务委员会"),  # the national one
    ("6月3日，由中国信通院主办、星河科技承办的2026全球数字经济论坛在深圳开幕。", "星河科技"),  # roles one after another
    ("6月8日，武汉市第十五届人民代表大会第四次会议闭幕。", "武汉市人民代表大会"),  # the congress named in full
    ("6月8日上午，襄阳市委常委会召开会议，传达学习全省经济工作会议精神。", "中共襄阳市委"),  # the standing committee
    ("6月3日，湖南省省长李明主持召开全省低空经济发展专题会议。", "湖南省人民政府"),  # a governor acts for it
    ("2月9日，在常州的“新春第一会”、全市产业发展大会上，市委书记指出，要重振产业雄风。", "常州市"),  # 在X的…会上
    ("9月11日，星河2026秋季新品发布会开幕。", "星河"),  # a brand's own event, told with its year
])
def test_generalisation_meeting_host_named_in_its_title(text: str, host: str) -> None:
    event = next(e for e in _events(text) if e.type.value == "meeting")
    assert host in [p.normalized for p in event.participants]


def test_generalisation_counts_of_bodies_are_not_participants() -> None:
    text = "6月10日，教育部、财政部、科技部三部委印发《高校科技成果转化行动方案》。"
    event = next(e for e in _events(text) if e.type.value == "policy_release")
    names = [p.normalized for p in event.participants]
    assert "科学技术部" in names and "三部委" not in names, names


@pytest.mark.parametrize(("text", "etype", "wanted", "unwanted"), [
    # the places of a 、-list opened by 在 are where, not who
    ("2025年4月，国务院批复同意在天津、上海、海南、重庆4省市开展服务业扩大开放试点。", "approval", "国务院", "上海市"),
    # 获 glued to the authority; 省 resolved to the province named before
    ("贵州省国资委近日发文。8月，某能源公司获省国资委同意建设风电项目。", "approval",
     "贵州省人民政府国有资产监督管理委员会", "获省国资委"),
    # a city's press office, the city named only after it in the report's opening
    ("11月23日，市政府新闻办举行新闻发布会，发布《社区养老服务规范》等4项太原市地方标准。", "policy_release",
     "太原市人民政府新闻办公室", "市政府新闻办"),
    # a piece of a quoted name is no actor
    ("5月18日晚，古北水镇 “光之城”文旅融合系列活动正式启动。", "launch", None, "光之城”文旅"),
    # a partner the actor works together with (联合 / 携手) acts too; a world or national fair has no host
    ("今年天猫联合蜂鸟在上海首次推出最快一小时达配送业务。", "launch", "蜂鸟", "上海市"),
    ("6月12日，世界2026智能大会在天津开幕。", "meeting", None, "世界"),
    ("8月3日，山东金融监管局批复同意某银行增资扩股方案。", "approval", "国家金融监督管理总局山东监管局", "山东"),
    ("8月20日，河北省省长王明主持召开全省数据要素专题会议。", "meeting", "河北省", "王明"),
    ("据工信部消息，近日，国家工业互联网平台正式上线。", "launch", None, "工信部消息"),
    # the opening of a name cut by the segmenter (中国（太原）|煤炭交易中心) is no actor
    ("2012年5月，国务院批准设立中国（太原）煤炭交易中心。", "approval", "国务院", "中国（太原）"),
    # 公司 in a company's own announcement is the announcing company
    ("财联社6月30日电，星河电子公告，公司与某市政府签署投资协议。", "signing", "星河电子", "公司"),
])
def test_generalisation_referents_offices_and_sources(text: str, etype: str, wanted: str | None,
                                                     unwanted: str) -> None:
    event = next(e for e in _events(text) if e.type.value == etype)
    names = [p.normalized for p in event.participants]
    assert unwanted not in names, names
    if wanted:
        assert any(wanted in n for n in names), names


def test_generalisation_short_form_in_brackets_and_kinds_of_bodies() -> None:
    text = ("6月3日，某某交易所已与支付系统的营运机构—华夏支付清算有限责任公司（华夏清算公司）签署合作备忘录。"
            "6月5日，某部组织部分省份和大型养殖企业召开座谈会。")
    events = _events(text)
    signing = next(e for e in events if e.type.value == "signing")
    assert "华夏支付清算有限责任公司" in [p.normalized for p in signing.participants]
    meeting = next(e for e in events if e.type.value == "meeting")
    assert not [p for p in meeting.participants if p.normalized.startswith(("大型", "部分"))]


def test_generalisation_go_live_object_after_the_verb_and_split_company_names() -> None:
    text = "6月1日，某某集团旗下云网科技正式上线全国物流跟踪平台。"
    launch = next(e for e in _events(text) if e.type.value == "launch")
    assert launch.object == "全国物流跟踪平台"
    signing = next(e for e in _events("6月1日，北京字节跳动科技有限公司与某某大学签订战略合作框架协议。")
                   if e.type.value == "signing")
    assert "北京字节跳动科技有限公司" in [p.normalized for p in signing.participants]



def test_generalisation_society_named_with_yu_is_one_name() -> None:
    """中国X与Y学会: a place and a field before 与, a field and a suffix after it: one society."""
    text = "6月3日，中国仿真与控制学会的总部办公基地落户杭州。"
    names = [p.normalized for e in _events(text) for p in e.participants]
    assert "中国仿真与控制学会" in names, names


@pytest.mark.parametrize(("text", "etype", "obj", "actors"), [
    # the founder before 宣布成立, the new body after it, whatever its suffix (…院)
    ("星河集团宣布成立星河研究院，未来三年投入100亿元。", "establishment", "星河研究院", {"星河集团"}),
    ("8月5日，中国汽车工业协会正式宣布启动成立“智能网联产业发展联席会”。", "establishment", "智能网联产业发展联席会",
     {"中国汽车工业协会"}),
    # a party coordinated with a recognised one by 与 acts too, named or not
    ("蓝鲸短视频与中国移动签署5G战略合作协议。", "signing", "5G战略合作协议",
     {"蓝鲸短视频", "中国移动通信集团有限公司"}),
    # the investor named after what the company received; an amount is no part of a name
    ("生鲜电商鲜果多获得腾讯领投的1亿美元融资。", "financing", "1亿美元融资", {"腾讯"}),
    ("某某科技宣布获得软银中国10亿美元投资。", "financing", "10亿美元投资", {"软银中国"}),
    # a descriptor before a name (承办单位) is no part of it
    ("会上，甲科技与博览会承办单位星河会展集团签署参展意向协议。", "signing", "参展意向协议", {"星河会展集团"}),
    # a branch is named whole: an academy's 分院, a bank's 分行 / 支行
    ("湖北省科技厅与中国科学院武汉分院签订全面战略合作协议。", "signing", "全面战略合作协议",
     {"湖北省科技厅", "中国科学院武汉分院"}),
    ("工商银行武汉光谷支行向星河科技发放首笔科技贷款1000万元。", "financing", "首笔科技贷款", {"工商银行武汉光谷支行"}),
    # two bodies the recogniser ran into one name across 联合; a unit named by two fields joined by 与
    ("6月8日，人民银行某某分行联合湖北省地方金融管理局印发《科技金融服务能力提升行动方案》。", "policy_release",
     "科技金融服务能力提升行动方案", {"湖北省地方金融管理局"}),
    ("6月9日，武汉大学信息管理与网络安全学院与星河科技共建的数据安全联合实验室揭牌。", "establishment",
     "数据安全联合实验室", {"武汉大学信息管理与网络安全学院", "星河科技"}),
    # a company named in quotes after what it does; the segmenter glues 已完成
    ("据报道，具身智能企业“星河机器人”已完成2亿元A+轮融资，本轮由某资本领投。", "financing", "2亿元A+轮融资",
     {"星河机器人"}),
    # a local body's short form kept whole after its place (湖北省|住建厅, not 住|建厅); a qualification granted
    ("6月9日，湖北省住建厅向星河建设颁发建筑工程施工总承包一级资质。", "approval", "建筑工程施工总承包一级资质",
     {"湖北省住房和城乡建设厅"}),
    # a product named in quotes after its kind, the 链 of a technology no object of its own
    ("百度推出区块链原生数字商品“星河狗”，用户可领养虚拟宠物。", "launch", "区块链原生数字商品星河狗", {"百度"}),
    # a stop character inside a word (建设) cuts after the word, never in it
    ("6月2日，某省政府与星河集团签署推进数字政府建设战略合作协议。", "signing", "战略合作协议", {"星河集团"}),
    # 批复同意: one act told by two verbs; a place the authority lets do something is the applicant, what it
    # may do the object
    ("近日，国家数据局批复同意天府新区建设国家级数据要素综合试验区。", "approval", "国家级数据要素综合试验区",
     {"国家数据局", "天府新区"}),
    ("6月5日，湖北金融监管局批复同意汉口银行增资扩股方案。", "approval", "汉口银行增资扩股方案",
     {"国家金融监督管理总局湖北监管局"}),
    # two bodies the recogniser ran into one name across 和
    ("6月6日，武汉大学、华中科技大学和武汉理工大学共同发起成立湖北高校人工智能联盟。", "establishment",
     "湖北高校人工智能联盟", {"武汉大学", "华中科技大学", "武汉理工大学"}),
    # a company's own announcement, its date and the time of day before 公告: 公司 is that company
    ("e公司讯，星河电子6月4日晚间公告，公司与某区人民政府签订项目投资合作协议。", "signing", "项目投资合作协议",
     {"星河电子"}),
    # a large state-owned group by its short form, kept whole though the tagger reads 联通 as a verb
    ("6月3日，中国联通与中国电信在北京签署5G网络共建共享合作协议。", "signing", "共享合作协议",
     {"中国联合网络通信集团有限公司", "中国电信集团有限公司"}),
    # one body name shared by the places listed before it, with their count and level
    ("6月5日，武汉、鄂州、黄冈三市科技局签署科技创新合作协议。", "signing", "科技创新合作协议",
     {"武汉市科技局", "鄂州市科技局", "黄冈市科技局"}),
    # an authority agreeing to a body's founding (同意筹建X): X is what it approves
    # …and the authority named in the clause before, by its website (…监管局官网发布批复，同意…)
    ("6月3日，湖北金融监管局官网发布批复，同意筹建星河农村商业银行。", "approval", "星河农村商业银行",
     {"国家金融监督管理总局湖北监管局"}),
    # the company a listing committee cleared, named after 审议通过; a board named before IPO
    ("6月9日，深交所上市委审议通过了星河电子的创业板IPO申请。", "approval", "IPO审核", {"星河电子"}),
    ("6月17日，证监会同意上海星河科技股份有限公司创业板IPO注册申请。", "approval", "创业板IPO注册",
     {"上海星河科技股份有限公司"}),
    # a round is no name, whatever the recogniser tagged after it (新一/轮超)
    ("6月8日，星河智能完成新一轮超10亿美元融资，阿里巴巴、腾讯参与投资。", "financing", "超10亿美元融资",
     {"阿里巴巴", "腾讯"}),
    # a standard named by its title, its code and its kind before the verb; the bodies after 由 issue it
    ("6月20日，《电动自行车安全技术要求》（GB 17761—2026）强制性国家标准由国家市场监督管理总局批准发布。",
     "policy_release", "电动自行车安全技术要求", {"国家市场监督管理总局"}),
    # rules put out for comment, named after 就 without a title
    ("6月3日，某交易所就修改上市公司信息披露规则公开征求意见。", "policy_release", "修改上市公司信息披露规则", set()),
    # the investor named between 获得 and the amount, cut apart by the segmenter (礼/来/制药)
    ("6月8日，星河生物获得礼来制药1亿美元战略投资。", "financing", "1亿美元战略投资", {"星河生物", "礼来制药"}),
    # a capital increase received, its amount before it
    ("6月15日，星河存储科技有限公司获得某产业投资基金50亿元增资。", "financing", "50亿元增资",
     {"星河存储科技有限公司"}),
    # a plaque or title received (获颁)
    ("6月3日，星河实验室获颁首批湖北省重点实验室牌匾。", "approval", "首批湖北省重点实验室", {"星河实验室"}),
    # an authority letting a named company found a body: an approval (the founding is yet to come)
    ("6月4日，国家金融监督管理总局批准星河人寿设立养老保险子公司。", "approval", "养老保险子公司",
     {"国家金融监督管理总局"}),
    # a notice of what the authority approved is an approval, not a policy
    ("6月10日，湖北省药品监督管理局发布关于批准注册15项医疗器械产品的通告。", "approval",
     "关于批准注册15项医疗器械产品的通告", {"湖北省药品监督管理局"}),
    # an authority's executive meeting acts for the authority
    ("某核电项目近日获国务院常务会议核准。", "approval", "某核电项目", {"国务院"}),
])
def test_generalisation_actors_by_structure(text: str, etype: str, obj: str, actors: set[str]) -> None:
    event = next(e for e in _events(text) if e.type.value == etype)
    assert event.object == obj
    names = {p.normalized for p in event.participants}
    assert actors <= names, names
    assert not [n for n in names if "获得" in n or "亿" in n], names


def test_generalisation_founders_told_by_a_referent() -> None:
    """该中心由A与B共同组建: the founders of the body just named, told in the next sentence by a referent."""
    text = ("6月18日，星河科技金融服务中心正式揭牌运营。该中心由某区管委会与湖北省科技投资集团共同组建，"
            "将为科技型企业提供金融服务。")
    event = next(e for e in _events(text) if e.type.value == "establishment")
    assert "湖北省科技投资集团" in {p.normalized for p in event.participants}, event.participants


def test_generalisation_founders_after_a_clause_about_the_body() -> None:
    text = "6月20日，湖北省星河产业投资基金完成设立，基金总规模50亿元，由甲发展集团与乙投资集团共同发起。"
    event = next(e for e in _events(text) if e.type.value == "establishment")
    assert {"甲发展集团", "乙投资集团"} <= {p.normalized for p in event.participants}, event.participants


def test_generalisation_kinds_of_companies_are_no_partner() -> None:
    event = next(e for e in _events("6月8日，中国信通院联合产业链企业发布《算力发展报告（2026年）》。")
                 if e.type.value == "report_release")
    assert {p.normalized for p in event.participants} == {"中国信息通信研究院"}, event.participants


def test_generalisation_a_round_is_no_name() -> None:
    event = next(e for e in _events("6月8日，星河智能完成新一轮超10亿美元融资，阿里巴巴、腾讯参与投资。")
                 if e.type.value == "financing")
    assert not [p.name for p in event.participants if p.name.startswith("新一")], event.participants


def test_generalisation_approved_founding_is_no_founding_yet() -> None:
    types = {e.type.value for e in _events("6月4日，国家金融监督管理总局批准星河人寿设立养老保险子公司。")}
    assert "establishment" not in types, types


def test_generalisation_parties_agreeing_is_no_approval() -> None:
    """Parties agreeing among themselves to found something found it (or plan to); no authority approves."""
    types = {e.type.value for e in _events("6月25日，甲乙双方同意成立联合工作组。")}
    assert "approval" not in types, types


def test_generalisation_listing_is_no_new_body() -> None:
    assert [e for e in _events("星河音乐集团今日在纽交所挂牌上市。") if e.type.value == "establishment"] == []


def test_generalisation_founders_named_by_role_over_people_on_stage() -> None:
    """Who pressed the button stands for many bodies; the platform's founders are named with their role."""
    text = ("6月2日，甲大学王教授、某某研究院代表李明上台共同按动启动球，“产业数据服务平台”正式上线。"
            "“产业数据服务平台”由星河研究院与蓝海科技有限公司联合发起，旨在服务企业。")
    event = next(e for e in _events(text) if e.type.value == "launch")
    assert {p.normalized for p in event.participants} == {"星河研究院", "蓝海科技有限公司"}


@pytest.mark.parametrize(("text", "obj", "actors"), [
    # the authority between 获 and 批准; what it approved before 获, its applicant before 的
    ("星河生物的降脂新药近日获国家药监局批准上市。", "降脂新药", {"国家药品监督管理局", "星河生物"}),
    ("蓝海医药研发的新冠疫苗获国家药监局附条件批准上市。", "新冠疫苗", {"国家药品监督管理局", "蓝海医药"}),
    # the authority first; the applicant between its verb and 申报的, a name the recogniser cuts (恒/瑞/医药)
    ("国家药监局近日批准恒瑞医药申报的1类创新药上市。", "1类创新药", {"国家药品监督管理局", "恒瑞医药"}),
    # a company named before what the authority lets it do is the applicant, the act the object
    ("证监会同意星河智能科技股份有限公司首次公开发行股票注册申请。", "首次公开发行股票注册",
     {"中国证券监督管理委员会", "星河智能科技股份有限公司"}),
])
def test_generalisation_approval_granted_by_an_authority(text: str, obj: str, actors: set[str]) -> None:
    event = next(e for e in _events(text) if e.type.value == "approval")
    assert event.object == obj and {p.normalized for p in event.participants} == actors


def test_generalisation_meeting_told_with_a_date_range_before_its_place() -> None:
    found = _events("首届某某数字贸易博览会于2025年11月5日至10日在上海举行。")
    event = next(e for e in found if e.type.value == "meeting")
    assert event.object == "首届某某数字贸易博览会" and event.date.as_text() == "2025-11"


@pytest.mark.parametrize(("text", "etype", "obj", "actor"), [
    # a subject unknown to NER before the verb whose object holds the trigger
    ("今年5月，青柠饮品完成新一轮融资，估值达60亿美元。", "financing", "新一轮融资", "青柠饮品"),
    # 首家 after the verb belongs to the new place; a new bank is a new body
    ("2025年，星河汽车在挪威奥斯陆开设欧洲首家星河中心。", "establishment", "欧洲首家星河中心", "星河汽车"),
    ("上个月，全球首家5G智慧银行在北京开业。", "establishment", "全球首家5G智慧银行", None),
    # a licence granted; something cleared for the market named before 获批 and its maker before 的
    ("工信部向三家运营商发放5G商用牌照。", "approval", "5G商用牌照", "工业和信息化部"),
    ("星河生物研发的降脂新药获批上市。", "approval", "降脂新药", "星河生物"),
    ("蓝海银行获批筹建理财子公司。", "approval", "理财子公司", "蓝海银行"),  # the body it may found
    ("蓝海医药的一类创新药获国家药监局批准上市。", "approval", "一类创新药", "国家药品监督管理局"),  # a class, no count
    ("上交所上市委审议通过蓝海科技科创板IPO申请。", "approval", "IPO审核", "上交所上市委"),  # a listing committee
    ("某省科技厅认定首批概念验证中心。", "approval", "首批概念验证中心", None),  # an authority recognises
    ("某火锅品牌在新加坡开设首家海外智慧餐厅。", "establishment", "首家海外智慧餐厅", None),  # a kind of store
    ("某快递公司在杭州开设首家无人车配送站。", "establishment", "首家无人车配送站", None),
    ("腾讯云宣布在沙特成立新数据中心。", "establishment", "新数据中心", "腾讯云"),  # a cloud brand kept whole
    ("星河科技在上海发布智能座舱解决方案。", "launch", "智能座舱解决方案", "星河科技"),  # 方案 of a product
    # what opens by 开园 / 开馆 is a place whatever its name ends with; a brand right before 发布 is its maker
    ("星河海洋王国二期于2026年1月正式开园。", "establishment", "星河海洋王国二期", None),
    ("中国国家版本馆今日开馆。", "establishment", "中国国家版本馆", None),
    ("小米发布了Redmi K30系列手机。", "launch", "Redmi K30系列手机", "小米"),
    ("星河数科与蓝海云签署算力租赁合作协议。", "signing", "算力租赁合作协议", "蓝海云"),  # 云 ends a brand
    # a bare kind of document, a count before it; the subject told in the clause before the partner's
    ("宁德时代与福特签署协议。", "signing", "协议", "福特"),
    ("星河集团与蓝海集团成功签约。", "signing", "合作协议", "蓝海集团"),  # 成功 is no part of the name
    ("星河电子与蓝海集团签订了一份供货合同。", "signing", "供货合同", "星河电子"),
    ("据报道，交易所运营商星河数科周三宣布，已与三星SDS签署技术合作备忘录。", "signing", "技术合作备忘录", "星河数科"),
    ("蓝鲸科技当天发布了其区块链BaaS平台。", "launch", "区块链BaaS平台", None),  # 其: its own
])
def test_generalisation_sentences_without_a_report_date(text: str, etype: str, obj: str, actor: str | None) -> None:
    """Single sentences as event-extraction datasets give them: text only, no date, no outlet."""
    event = next(e for e in extract_article(Article(text=text)) if e.type.value == etype)
    assert event.object == obj
    if actor:
        assert actor in [p.normalized for p in event.participants]


def test_generalisation_count_and_kind_after_a_list_are_no_actor() -> None:
    """A、B、C 3家公募基金公司上报的…获批: the applicants are the listed names, not the count or the kind."""
    found = next(e for e in _events("6月8日，星河基金、蓝海基金、青山基金3家公募基金公司上报的数据中心REITs正式获批。")
                 if e.type.value == "approval")
    names = [p.normalized for p in found.participants]
    assert {"星河基金", "蓝海基金", "青山基金"} <= set(names)
    assert not [n for n in names if "家" in n or n == "公募基金公司"]


def test_generalisation_product_solution_is_no_policy_and_a_place_phrase_no_actor() -> None:
    solution = _events("6月5日，星河科技在上海发布智能座舱解决方案。")
    assert [e for e in solution if e.type.value == "policy_release"] == []
    opened = next(e for e in _events("9月1日，位于成都的全球首家熊猫主题酒店正式开业。"))
    assert not [p for p in opened.participants if p.text.startswith("位于")]


def test_generalisation_approval_to_prepare_a_bank_is_no_founding() -> None:
    found = _events("6月3日，某金融监管局同意筹建星河农村商业银行。")
    assert [e.type.value for e in found if e.type.value == "establishment"] == []


@pytest.mark.parametrize(("text", "etype", "unwanted"), [
    # a person who brought it about is no party to it
    ("6月3日，王明远今年推动中国仿真与控制学会的总部办公基地落户杭州。", "establishment", "王明远"),
    # names after a ； belong to another fact told in the same sentence
    ("9月22日，国家开发银行向某市发放首笔专项借款5亿元；9月23日，某银行设立住房租赁基金。", "financing",
     "住房租赁基金"),
])
def test_generalisation_names_outside_the_fact(text: str, etype: str, unwanted: str) -> None:
    event = next(e for e in _events(text) if e.type.value == etype)
    assert unwanted not in [p.normalized for p in event.participants]


@pytest.mark.parametrize(("text", "types"), [
    ("6月9日，市委理论学习中心组举行专题学习会。", {"meeting"}),
    # a meeting named after 举行 at which projects were signed is a meeting and a signing
    ("7月2日，某区在上海举行招商推介会，签约项目12个，总投资86亿元。", {"meeting", "signing"}),
    # 启动 a platform told after the verb
    ("在第三届全球数字贸易博览会开幕式上，省长宣布启动数字贸易综合服务平台。", {"meeting", "launch"}),
])
def test_generalisation_meetings_and_what_happened_there(text: str, types: set[str]) -> None:
    assert {e.type.value for e in _events(text)} == types


@pytest.mark.parametrize(("text", "actors"), [
    # a descriptor before the company (…初创公司, …芯片企业, …教育平台) is no part of its name
    ("新能源汽车初创公司星途科技宣布获得3亿元A轮融资，投资方为红杉中国和高瓴创投。",
     {"星途科技", "红杉中国", "高瓴创投"}),
    ("据悉，AI芯片企业燧星科技近日完成18亿元C轮融资。", {"燧星科技"}),
    # an amount and the kind of investment after the investor's name
    ("在线教育平台学而优获得腾讯5亿美元战略投资。", {"学而优", "腾讯"}),
])
def test_generalisation_financing_actors_single_sentences(text: str, actors: set[str]) -> None:
    event = next(e for e in extract_article(Article(text=text)) if e.type.value == "financing")
    assert {p.normalized for p in event.participants} == actors


def test_generalisation_investment_to_come_is_planned() -> None:
    found = extract_article(Article(text="某汽车与某市签署投资协议，将获得70亿元人民币投资。"))
    assert [e.type.value for e in found] == ["signing"]
