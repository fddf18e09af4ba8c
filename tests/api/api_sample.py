"""Sample events for the analyst-interface tests: realistic Chinese industry news, written for the tests.

Twelve events over 2020–2022 covering every event type, three provinces, several cities and
one event reported by two outlets (two mentions). Texts are our own; URLs point at the
project's sample site host.
"""

from __future__ import annotations

from datetime import date, datetime

from schemas import (
    SHANGHAI,
    Article,
    Event,
    EventDate,
    EventType,
    Mention,
    Participant,
    ParticipantKind,
    Region,
    Section,
)

SITE = "http://sample.eventline.test"


def _mention(slug: str, source: str, title: str, published: datetime, sentence: str) -> Mention:
    return Mention(
        article_id=f"a_{slug}",
        url=f"{SITE}/{slug}.html",
        source=source,
        title=title,
        published_at=published,
        sentence=sentence,
        start=0,
        end=len(sentence),
    )


def _at(y: int, m: int, d: int, hour: int = 9) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=SHANGHAI)


def _p(name: str, kind: ParticipantKind, normalized: str = "") -> Participant:
    return Participant(name=name, normalized=normalized or name, kind=kind)


G, C, U, INST, A = (
    ParticipantKind.government,
    ParticipantKind.company,
    ParticipantKind.university,
    ParticipantKind.institute,
    ParticipantKind.association,
)
HUBEI = "湖北省"
GUANGDONG = "广东省"
SHANGHAI_CITY = "上海市"


def sample_events() -> list[Event]:
    """The sample timeline; ids are the stable ids computed from the facts."""
    signing_sentence = "7月22日，武汉市人民政府与腾讯公司在汉签署战略合作协议，共建华中区域人工智能产业基地。"
    return [
        Event(
            type=EventType.approval,
            date=EventDate(value=date(2021, 3, 15), precision="day", expression="3月15日"),
            region=Region(province=HUBEI, city="武汉市"),
            participants=[_p("湖北省发展改革委", G, "湖北省发展和改革委员会")],
            object="武汉光谷人工智能计算中心项目",
            trigger="批复",
            headline="湖北省发改委批复武汉光谷人工智能计算中心项目",
            summary="项目总投资约12亿元，建成后算力规模达100P。",
            section=Section.application,
            confidence=0.9,
            reported_on=date(2021, 3, 16),
            mentions=[
                _mention(
                    "hb-approval-2021",
                    "长江日报",
                    "光谷人工智能计算中心获批",
                    _at(2021, 3, 16),
                    "3月15日，湖北省发展改革委正式批复武汉光谷人工智能计算中心项目，总投资约12亿元。",
                )
            ],
        ),
        Event(
            type=EventType.approval,
            date=EventDate(value=date(2022, 6, 8), precision="day", expression="6月8日"),
            region=Region(province=HUBEI, city="襄阳市"),
            participants=[_p("工信部", G, "工业和信息化部")],
            object="襄阳国家级车联网先导区",
            trigger="批复",
            headline="工信部批复襄阳创建国家级车联网先导区",
            summary="襄阳成为湖北省首个获批的国家级车联网先导区。",
            section=Section.policy,
            confidence=0.85,
            reported_on=date(2022, 6, 9),
            mentions=[
                _mention(
                    "xy-v2x-2022",
                    "湖北日报",
                    "襄阳获批国家级车联网先导区",
                    _at(2022, 6, 9),
                    "6月8日，工信部正式批复支持湖北（襄阳）创建国家级车联网先导区。",
                )
            ],
        ),
        Event(
            type=EventType.approval,
            date=EventDate(value=date(2020, 11, 2), precision="day", expression="11月2日"),
            region=Region(province=HUBEI, city="武汉市"),
            participants=[_p("科技部", G, "科学技术部")],
            object="武汉国家新一代人工智能创新发展试验区",
            trigger="批复",
            headline="科技部批复武汉建设国家新一代人工智能创新发展试验区",
            summary="武汉成为全国第十一个获批的国家新一代人工智能创新发展试验区。",
            section=Section.policy,
            confidence=0.9,
            reported_on=date(2020, 11, 3),
            mentions=[
                _mention(
                    "wh-ai-zone-2020",
                    "长江日报",
                    "武汉获批建设国家人工智能创新发展试验区",
                    _at(2020, 11, 3),
                    "11月2日，科技部复函批复支持武汉建设国家新一代人工智能创新发展试验区。",
                )
            ],
        ),
        Event(
            type=EventType.signing,
            date=EventDate(value=date(2020, 7, 22), precision="day", expression="7月22日"),
            region=Region(province=HUBEI, city="武汉市"),
            participants=[_p("武汉市人民政府", G), _p("腾讯", C, "腾讯科技（深圳）有限公司")],
            object="战略合作协议",
            trigger="签署",
            headline="武汉市政府与腾讯签署战略合作协议",
            summary="双方将共建华中区域人工智能产业基地。",
            section=Section.application,
            confidence=0.95,
            reported_on=date(2020, 7, 22),
            mentions=[
                _mention("cjrb-tencent-2020", "长江日报", "武汉与腾讯签署战略合作协议", _at(2020, 7, 22, 18),
                         signing_sentence),
                _mention(
                    "cls-tencent-2020",
                    "财联社",
                    "腾讯与武汉市政府达成战略合作",
                    _at(2020, 7, 23, 8),
                    "财联社7月23日电，腾讯与武汉市人民政府22日签署战略合作协议。",
                ),
            ],
        ),
        Event(
            type=EventType.signing,
            date=EventDate(value=date(2021, 9, 10), precision="day", expression="9月10日"),
            region=Region(province=GUANGDONG, city="深圳市"),
            participants=[_p("腾讯", C, "腾讯科技（深圳）有限公司"), _p("华中科技大学", U)],
            object="联合实验室合作协议",
            trigger="签约",
            headline="腾讯与华中科技大学签约共建联合实验室",
            summary="联合实验室聚焦多模态大模型与智能制造。",
            section=Section.alliance,
            confidence=0.8,
            reported_on=date(2021, 9, 11),
            mentions=[
                _mention(
                    "sz-tencent-hust-2021",
                    "深圳特区报",
                    "腾讯华科共建联合实验室",
                    _at(2021, 9, 11),
                    "9月10日，腾讯与华中科技大学在深圳签约，共建智能制造联合实验室。",
                )
            ],
        ),
        Event(
            type=EventType.policy_release,
            date=EventDate(value=date(2021, 3, 2), precision="day", expression="3月2日"),
            region=Region(province=HUBEI),
            participants=[_p("湖北省人民政府", G)],
            object="《湖北省数字经济发展“十四五”规划》",
            trigger="印发",
            headline="湖北省印发数字经济发展“十四五”规划",
            summary="到2025年数字经济核心产业增加值占GDP比重达到10%。",
            section=Section.policy,
            confidence=0.9,
            reported_on=date(2021, 3, 3),
            mentions=[
                _mention(
                    "hb-digital-plan-2021",
                    "湖北日报",
                    "湖北数字经济十四五规划出台",
                    _at(2021, 3, 3),
                    "3月2日，湖北省人民政府印发《湖北省数字经济发展“十四五”规划》。",
                )
            ],
        ),
        Event(
            type=EventType.policy_release,
            date=EventDate(value=date(2021, 3, 20), precision="day", expression="3月20日"),
            region=Region(province=GUANGDONG, city="广州市"),
            participants=[_p("广州市工业和信息化局", G)],
            object="《广州市促进人工智能产业发展若干措施》",
            trigger="发布",
            headline="广州发布促进人工智能产业发展若干措施",
            summary="对新建算力中心给予最高2000万元补贴。",
            section=Section.policy,
            confidence=0.85,
            reported_on=date(2021, 3, 21),
            mentions=[
                _mention(
                    "gz-ai-policy-2021",
                    "南方日报",
                    "广州出台人工智能产业新政",
                    _at(2021, 3, 21),
                    "3月20日，广州市工业和信息化局发布《广州市促进人工智能产业发展若干措施》。",
                )
            ],
        ),
        Event(
            type=EventType.establishment,
            date=EventDate(value=date(2021, 5, 18), precision="day", expression="5月18日"),
            region=Region(province=HUBEI, city="武汉市"),
            participants=[_p("湖北省人工智能产业联盟", A)],
            object="湖北省人工智能产业联盟",
            trigger="成立",
            headline="湖北省人工智能产业联盟在汉成立",
            summary="首批成员单位86家，涵盖高校、科研院所和龙头企业。",
            section=Section.alliance,
            confidence=0.8,
            reported_on=date(2021, 5, 19),
            mentions=[
                _mention(
                    "hb-ai-alliance-2021",
                    "长江日报",
                    "湖北成立人工智能产业联盟",
                    _at(2021, 5, 19),
                    "5月18日，湖北省人工智能产业联盟在武汉正式成立，首批成员单位86家。",
                )
            ],
        ),
        Event(
            type=EventType.launch,
            date=EventDate(value=date(2021, 5, 28), precision="day", expression="5月28日"),
            region=Region(province=SHANGHAI_CITY, city=SHANGHAI_CITY),
            participants=[_p("商汤科技", C, "上海商汤智能科技有限公司")],
            object="人工智能计算中心",
            trigger="启用",
            headline="商汤科技上海临港人工智能计算中心启用",
            summary="计算中心峰值算力达3740 Petaflops。",
            section=Section.application,
            confidence=0.75,
            reported_on=date(2021, 5, 29),
            mentions=[
                _mention(
                    "sh-sensetime-2021",
                    "第一财经",
                    "商汤临港计算中心启用",
                    _at(2021, 5, 29),
                    "5月28日，商汤科技位于上海临港的人工智能计算中心正式启用。",
                )
            ],
        ),
        Event(
            type=EventType.report_release,
            date=EventDate(value=date(2021, 7, 8), precision="day", expression="7月8日"),
            region=Region(province=SHANGHAI_CITY, city=SHANGHAI_CITY),
            participants=[_p("中国信息通信研究院", INST)],
            object="《人工智能白皮书（2021年）》",
            trigger="发布",
            headline="中国信通院发布《人工智能白皮书（2021年）》",
            summary="白皮书梳理了人工智能技术、应用和治理的最新进展。",
            section=Section.research,
            confidence=0.8,
            reported_on=date(2021, 7, 9),
            mentions=[
                _mention(
                    "caict-whitepaper-2021",
                    "财联社",
                    "信通院发布人工智能白皮书",
                    _at(2021, 7, 9),
                    "7月8日，中国信息通信研究院在世界人工智能大会上发布《人工智能白皮书（2021年）》。",
                )
            ],
        ),
        Event(
            type=EventType.meeting,
            date=EventDate(value=date(2022, 1, 1), precision="month", expression="1月"),
            region=Region(province=HUBEI, city="武汉市"),
            participants=[_p("湖北省经济和信息化厅", G)],
            object="全省数字经济工作会议",
            trigger="召开",
            headline="湖北省召开全省数字经济工作会议",
            summary="会议部署2022年数字经济重点任务。",
            section=Section.policy,
            confidence=0.6,
            reported_on=date(2022, 1, 12),
            mentions=[
                _mention(
                    "hb-meeting-2022",
                    "湖北日报",
                    "全省数字经济工作会议召开",
                    _at(2022, 1, 12),
                    "1月，湖北省经济和信息化厅召开全省数字经济工作会议，部署年度重点任务。",
                )
            ],
        ),
        Event(
            type=EventType.financing,
            date=EventDate(),
            region=Region(province=GUANGDONG, city="深圳市"),
            participants=[_p("云天励飞", C, "深圳云天励飞技术股份有限公司")],
            object="C轮融资",
            trigger="完成",
            headline="云天励飞完成新一轮融资",
            summary="本轮融资将用于AI芯片研发。",
            section=Section.listed_company,
            confidence=0.55,
            reported_on=date(2022, 3, 4),
            mentions=[
                _mention(
                    "sz-intellif-2022",
                    "财联社",
                    "云天励飞完成融资",
                    _at(2022, 3, 4),
                    "近日，云天励飞宣布完成C轮融资，本轮融资将用于AI芯片研发。",
                )
            ],
        ),
    ]


def sample_articles() -> list[Article]:
    """One article per mention (a dateline, then the evidence sentence), so `count_articles` has something to count
    and the stored text can be shown."""
    articles: dict[str, Article] = {}
    for event in sample_events():
        for m in event.mentions:
            articles[m.article_id] = Article(
                id=m.article_id,
                url=m.url,
                source=m.source,
                title=m.title,
                published_at=m.published_at,
                text=f"本报讯（{m.source}）{m.sentence}",
            )
    return list(articles.values())
