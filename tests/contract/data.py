"""Events and articles for the store contract, written for these tests (invented facts in the style of real news).

`EVENTS` maps a short name to each event so a test can say which events it expects. Dates sit on the edges the
contract names:

* ISO week 2020-W30 runs Monday 20 to Sunday 26 July 2020: day-dated events on both ends, a month-precision and an
  undated event reported inside it, and a meeting on the Monday after.
* ISO week 2020-W53 runs Monday 28 December 2020 to Sunday 3 January 2021, across the new year: a day-dated event
  on its last day, one on 31 December, a month-precision event reported inside it, a year-precision event whose
  date value (2021-01-01) falls inside it but which was reported in March, a day-dated event of the Sunday before
  that was reported inside it, and one on the Monday after.
* Two events share a date (2020-07-22), two have no date, one has no region, two have a district.

Texts avoid whitespace and punctuation inside the strings the tests search for, so every backend answers text
queries the same way.
"""

from __future__ import annotations

from datetime import date

from schemas import Article, Event, EventDate, EventType, Mention, Participant, ParticipantKind, Region, Section
from schemas.models import DatePrecision


def party(name: str, normalized: str = "", kind: ParticipantKind = ParticipantKind.other) -> Participant:
    return Participant(name=name, normalized=normalized, kind=kind)


def mention(
    article_id: str,
    sentence: str,
    *,
    source: str = "长江日报",
    published: str = "2020-07-22T09:30:00",
    title: str | None = None,
    start: int = 0,
) -> Mention:
    """One sentence of one article; naive `published` times are Asia/Shanghai."""
    return Mention(
        article_id=article_id,
        url=f"https://news.example.cn/{article_id}.html",
        source=source,
        title=title,
        published_at=published,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
    )


def event(
    kind: EventType,
    headline: str,
    *,
    when: str | None,
    precision: DatePrecision = "day",
    expression: str | None = None,
    province: str | None = None,
    city: str | None = None,
    district: str | None = None,
    participants: list[Participant] | None = None,
    obj: str | None = None,
    summary: str = "",
    section: Section = Section.other,
    reported_on: str | None = None,
    mentions: list[Mention] | None = None,
) -> Event:
    """An event from plain values: `when` is an ISO date (None: unknown), `reported_on` too."""
    region = Region(province=province, city=city, district=district) if (province or city) else None
    return Event(
        type=kind,
        date=EventDate(
            value=date.fromisoformat(when) if when else None,
            precision=precision if when else "unknown",
            expression=expression,
        ),
        region=region,
        participants=participants or [],
        object=obj,
        headline=headline,
        summary=summary,
        section=section,
        confidence=0.8,
        reported_on=date.fromisoformat(reported_on) if reported_on else None,
        mentions=mentions or [],
    )


GOV, COMPANY, UNIVERSITY, INSTITUTE, ASSOCIATION = (
    ParticipantKind.government,
    ParticipantKind.company,
    ParticipantKind.university,
    ParticipantKind.institute,
    ParticipantKind.association,
)

EVENTS: dict[str, Event] = {
    "wuhan_blockchain_plan": event(
        EventType.policy_release,
        "武汉市印发区块链产业创新发展行动计划",
        when="2020-07-22",
        expression="7月22日",
        province="湖北省",
        city="武汉市",
        participants=[party("武汉市人民政府办公厅", "", GOV)],
        obj="《武汉市区块链产业创新发展行动计划（2020—2022年）》",
        summary="行动计划提出，到2022年培育10家以上区块链骨干企业，建成3个区块链产业园。",
        section=Section.policy,
        reported_on="2020-07-22",
        mentions=[
            mention(
                "cjrb-20200722-01",
                "7月22日，武汉市人民政府办公厅印发《武汉市区块链产业创新发展行动计划（2020—2022年）》。",
                title="武汉出台区块链产业三年行动计划",
                start=0,
            )
        ],
    ),
    "wuhan_5g_meeting": event(
        EventType.meeting,
        "2020武汉5G工业互联网线上对接会召开",
        when="2020-07-22",
        expression="22日",
        province="湖北省",
        city="武汉市",
        participants=[party("市经信局", "武汉市经济和信息化局", GOV)],
        obj="2020武汉5G工业互联网线上对接会",
        summary="对接会发布了首批30个5G工业互联网应用场景。",
        section=Section.other,
        reported_on="2020-07-22",
        mentions=[
            mention(
                "cjrb-20200722-05",
                "22日下午，2020武汉5G工业互联网线上对接会召开。",
                published="2020-07-22T18:10:00",
                title="5G工业互联网应用场景发布",
                start=40,
            )
        ],
    ),
    "tencent_jianghan_signing": event(
        EventType.signing,
        "腾讯云与武汉市江汉区签署智慧城市战略合作协议",
        when="2020-07-23",
        expression="23日",
        province="湖北省",
        city="武汉市",
        district="江汉区",
        participants=[
            party("腾讯云", "腾讯云计算（北京）有限责任公司", COMPANY),
            party("江汉区人民政府", "武汉市江汉区人民政府", GOV),
        ],
        obj="智慧城市战略合作协议",
        summary="双方将在政务云、区块链存证和城市大脑等领域开展合作。",
        section=Section.application,
        reported_on="2020-07-23",
        mentions=[
            mention(
                "cjrb-20200723-02",
                "23日，腾讯云与江汉区人民政府签署智慧城市战略合作协议",
                published="2020-07-23T10:00:00",
                title="腾讯云落子江汉共建智慧城市",
                start=12,
            ),
            mention(
                "cls-20200723-17",
                "财联社7月23日讯，腾讯云计算（北京）有限责任公司与武汉市江汉区人民政府签署战略合作协议。",
                source="财联社",
                published="2020-07-23T15:02:00",
                title="腾讯云与武汉江汉区签署战略合作",
                start=0,
            ),
        ],
    ),
    "hangzhou_ai_zone_approval": event(
        EventType.approval,
        "工信部复函支持杭州建设国家人工智能创新应用先导区",
        when="2020-07-20",
        expression="7月20日",
        province="浙江省",
        city="杭州市",
        participants=[party("工信部", "工业和信息化部", GOV), party("杭州市人民政府", "", GOV)],
        obj="杭州国家人工智能创新应用先导区",
        summary="杭州成为继上海、深圳、济南青岛之后第四个获批的国家人工智能创新应用先导区。",
        section=Section.policy,
        reported_on="2020-07-21",
        mentions=[
            mention(
                "zjrb-20200721-03",
                "7月20日，工信部复函支持杭州建设国家人工智能创新应用先导区。",
                source="浙江日报",
                published="2020-07-21T07:45:00",
                title="杭州获批国家人工智能先导区",
            )
        ],
    ),
    "wuhan_blockchain_institute": event(
        EventType.establishment,
        "武汉市区块链产业研究院揭牌成立",
        when="2020-07-01",
        precision="month",
        expression="7月",
        province="湖北省",
        city="武汉市",
        participants=[party("武汉大学", "", UNIVERSITY), party("武汉市区块链产业研究院", "", INSTITUTE)],
        obj="武汉市区块链产业研究院",
        summary="研究院由武汉大学牵头组建，将开展区块链底层技术攻关和标准研制。",
        section=Section.alliance,
        reported_on="2020-07-24",
        mentions=[
            mention(
                "cjrb-20200724-08",
                "7月，由武汉大学牵头组建的武汉市区块链产业研究院揭牌成立。",
                published="2020-07-24T08:20:00",
                title="武汉市区块链产业研究院成立",
            )
        ],
    ),
    "caict_blockchain_whitepaper": event(
        EventType.report_release,
        "中国信通院发布区块链白皮书2020",
        when="2020-07-26",
        expression="26日",
        province="北京市",
        participants=[party("中国信通院", "中国信息通信研究院", INSTITUTE)],
        obj="区块链白皮书（2020年）",
        summary="白皮书显示，我国区块链相关企业已超过1400家。",
        section=Section.research,
        reported_on="2020-07-26",
        mentions=[
            mention(
                "xinhua-20200726-11",
                "26日，中国信息通信研究院发布《区块链白皮书（2020年）》。",
                source="新华网",
                published="2020-07-26T16:30:00",
                title="信通院白皮书我国区块链企业超1400家",
            )
        ],
    ),
    "shenzhen_chain_financing": event(
        EventType.financing,
        "深圳数链未来科技完成2亿元B轮融资",
        when=None,
        expression="近日",
        province="广东省",
        city="深圳市",
        participants=[party("数链未来", "深圳数链未来科技有限公司", COMPANY)],
        obj="B轮融资",
        summary="本轮融资由深创投领投，资金将用于区块链跨链平台研发，估值较上一轮增长50%。",
        section=Section.other,
        reported_on="2020-07-21",
        mentions=[
            mention(
                "8btc-20200721-02",
                "近日，深圳数链未来科技有限公司宣布完成2亿元B轮融资。",
                source="巴比特",
                published="2020-07-21T11:00:00",
                title="数链未来完成2亿元B轮融资",
            )
        ],
    ),
    "waic_shanghai_meeting": event(
        EventType.meeting,
        "2020世界人工智能大会在上海开幕",
        when="2020-07-27",
        expression="27日",
        province="上海市",
        city="上海市",
        participants=[party("上海市人民政府", "", GOV)],
        obj="2020世界人工智能大会",
        summary="大会以智联世界为主题，线上线下同步举办。",
        section=Section.other,
        reported_on="2020-07-27",
        mentions=[
            mention(
                "xinhua-20200727-01",
                "27日，2020世界人工智能大会在上海开幕。",
                source="新华网",
                published="2020-07-27T10:00:00",
            )
        ],
    ),
    "guangzhou_suihaoban_launch": event(
        EventType.launch,
        "广州穗好办政务服务平台正式上线",
        when="2019-11-05",
        expression="11月5日",
        province="广东省",
        city="广州市",
        participants=[
            party("广州市政务服务数据管理局", "", GOV),
            party("数字广东", "数字广东网络建设有限公司", COMPANY),
        ],
        obj="穗好办政务服务平台",
        summary="市民可通过穗好办办理1000余项政务服务事项。",
        section=Section.application,
        reported_on="2019-11-05",
        mentions=[
            mention(
                "gzrb-20191105-04",
                "11月5日，广州穗好办政务服务平台正式上线。",
                source="广州日报",
                published="2019-11-05T12:00:00",
                title="穗好办上线",
            )
        ],
    ),
    "miit_5g_notice": event(
        EventType.policy_release,
        "工信部印发关于推动5G加快发展的通知",
        when="2020-03-24",
        expression="3月24日",
        participants=[party("工信部", "工业和信息化部", GOV)],
        obj="《关于推动5G加快发展的通知》",
        summary="通知从加快5G网络建设部署、丰富5G技术应用场景等方面提出18项措施。",
        section=Section.policy,
        reported_on="2020-03-24",
        mentions=[
            mention(
                "xinhua-20200324-06",
                "3月24日，工信部印发《关于推动5G加快发展的通知》。",
                source="新华网",
                published="2020-03-24T17:00:00",
            )
        ],
    ),
    "xian_backbone_approval": event(
        EventType.approval,
        "西安获批建设国家级互联网骨干直联点",
        when=None,
        province="陕西省",
        city="西安市",
        participants=[party("陕西省通信管理局", "", GOV)],
        obj="西安国家级互联网骨干直联点",
        summary="直联点建成后将提升西北地区网间互联互通质量。",
        section=Section.policy,
        mentions=[
            mention(
                "sxrb-undated-01",
                "西安获批建设国家级互联网骨干直联点。",
                source="陕西日报",
                published="2020-05-02T09:00:00",
            )
        ],
    ),
    "xiamen_kunpeng_signing": event(
        EventType.signing,
        "厦门市与华为签署鲲鹏生态合作协议",
        when="2020-12-27",
        expression="27日",
        province="福建省",
        city="厦门市",
        participants=[party("厦门市人民政府", "", GOV), party("华为", "华为技术有限公司", COMPANY)],
        obj="鲲鹏生态合作协议",
        summary="双方将共建鲲鹏产业生态创新中心（Kunpeng Ecosystem Center）。",
        section=Section.application,
        reported_on="2020-12-28",
        mentions=[
            mention(
                "xmrb-20201228-02",
                "27日，厦门市人民政府与华为技术有限公司签署鲲鹏生态合作协议。",
                source="厦门日报",
                published="2020-12-28T08:00:00",
            )
        ],
    ),
    "chengdu_blockchain_alliance": event(
        EventType.establishment,
        "成都市区块链产业联盟成立",
        when="2020-12-01",
        precision="month",
        expression="12月",
        province="四川省",
        city="成都市",
        participants=[party("成都市区块链产业联盟", "", ASSOCIATION), party("电子科技大学", "", UNIVERSITY)],
        obj="成都市区块链产业联盟",
        summary="联盟首批成员单位共62家。",
        section=Section.alliance,
        reported_on="2020-12-30",
        mentions=[
            mention(
                "cdrb-20201230-05",
                "12月，成都市区块链产业联盟成立，电子科技大学任理事长单位。",
                source="成都日报",
                published="2020-12-30T09:00:00",
            )
        ],
    ),
    "hubei_digital_economy_plan": event(
        EventType.policy_release,
        "湖北省印发数字经济发展三年行动计划",
        when="2020-12-31",
        expression="12月31日",
        province="湖北省",
        participants=[party("湖北省人民政府", "", GOV)],
        obj="《湖北省数字经济发展三年行动计划》",
        summary="计划提出到2022年全省数字经济规模突破2.2万亿元。",
        section=Section.policy,
        reported_on="2020-12-31",
        mentions=[
            mention(
                "hbrb-20201231-01",
                "12月31日，湖北省人民政府印发《湖北省数字经济发展三年行动计划》。",
                source="湖北日报",
                published="2020-12-31T19:00:00",
            )
        ],
    ),
    "fiberhome_5g_platform": event(
        EventType.launch,
        "烽火通信发布5G工业互联网平台",
        when="2021-01-03",
        expression="3日",
        province="湖北省",
        city="武汉市",
        participants=[party("烽火通信", "烽火通信科技股份有限公司", COMPANY)],
        obj="5G工业互联网平台",
        summary="平台已在光纤光缆生产线上实现规模应用。",
        section=Section.listed_company,
        reported_on="2021-01-04",
        mentions=[
            mention(
                "cls-20210104-09",
                "1月3日，烽火通信发布5G工业互联网平台。",
                source="财联社",
                published="2021-01-04T09:15:00",
                title="烽火通信发布5G工业互联网平台",
            )
        ],
    ),
    "optics_valley_report": event(
        EventType.report_release,
        "中国光谷光电子信息产业发展报告发布",
        when="2021-01-01",
        precision="year",
        expression="2021年",
        province="湖北省",
        city="武汉市",
        district="东湖新技术开发区",
        participants=[party("东湖高新区管委会", "武汉东湖新技术开发区管理委员会", GOV)],
        obj="2021中国光谷光电子信息产业发展报告",
        summary="报告显示光谷光电子信息产业规模超过5000亿元。",
        section=Section.research,
        reported_on="2021-03-15",
        mentions=[
            mention(
                "cjrb-20210315-03",
                "2021年中国光谷光电子信息产业发展报告发布。",
                published="2021-03-15T10:00:00",
            )
        ],
    ),
    "nanjing_ic_summit": event(
        EventType.meeting,
        "2021南京集成电路产业发展峰会举行",
        when="2021-01-04",
        expression="4日",
        province="江苏省",
        city="南京市",
        participants=[party("南京市人民政府", "", GOV)],
        obj="2021南京集成电路产业发展峰会",
        summary="峰会现场签约集成电路项目12个。",
        section=Section.other,
        reported_on="2021-01-04",
        mentions=[
            mention(
                "njrb-20210104-02",
                "4日，2021南京集成电路产业发展峰会举行。",
                source="南京日报",
                published="2021-01-04T20:00:00",
            )
        ],
    ),
}

ARTICLES: list[Article] = [
    Article(
        url="https://news.example.cn/cjrb-20200722-01.html?utm_source=wechat",
        source="长江日报",
        title="武汉出台区块链产业三年行动计划",
        published_at="2020-07-22T09:30:00",
        text="7月22日，武汉市人民政府办公厅印发《武汉市区块链产业创新发展行动计划（2020—2022年）》。",
    ),
    Article(
        url="https://news.example.cn/cjrb-20200722-00.html",
        source="长江日报",
        title="武汉今日凌晨发布暴雨蓝色预警",
        published_at="2020-07-22T00:30:00+08:00",
        text="武汉市气象台22日凌晨发布暴雨蓝色预警。",
    ),
    Article(
        url="https://wire.example.com/asia/20200721-wuhan",
        source="Example Wire",
        title="Wuhan publishes blockchain plan",
        published_at="2020-07-21T23:30:00+00:00",
        text="Wuhan published a three-year blockchain industry plan on Wednesday.",
    ),
    Article(
        url="https://news.example.cn/cls-20200721-99.html",
        source="财联社",
        title="数链未来完成2亿元B轮融资",
        published_at="2020-07-21T23:59:00",
        text="近日，深圳数链未来科技有限公司宣布完成2亿元B轮融资。",
    ),
    Article(
        url="https://news.example.cn/cjrb-undated-07.html",
        source="长江日报",
        title="光谷企业加快布局光电子信息产业",
        published_at=None,
        text="记者从东湖高新区获悉，光谷企业正加快布局光电子信息产业。",
    ),
    Article(
        source="陕西日报",
        title="西安获批建设国家级互联网骨干直联点",
        published_at="2020-05-02T09:00:00",
        text="西安获批建设国家级互联网骨干直联点。",
    ),
]


def ids(*names: str) -> set[str]:
    """The event ids of the named events."""
    return {EVENTS[name].id for name in names}
