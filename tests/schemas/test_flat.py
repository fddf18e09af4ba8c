"""`schemas.flat`: Event → FlatEvent lines → Event keeps every fact the flat form carries."""

from __future__ import annotations

from datetime import date

from schemas import Article, EventDate, FlatEvent, events_from_flat
from tests.schemas.test_models import report, signing


def test_flat_round_trip_keeps_the_facts() -> None:
    event = signing(mentions=[report("a1", "23日，腾讯云与江汉区政府签署智慧城市战略合作协议。"),
                              report("a2", "腾讯云与江汉区签约。", source="湖北日报")])
    lines = FlatEvent.from_event(event)
    assert [line.article_id for line in lines] == ["a1", "a2"]
    (back,) = events_from_flat(lines)
    assert (back.id, back.type, back.date.as_text(), back.object, back.section, back.headline) == (
        event.id, event.type, "2020-07-23", event.object, event.section, event.headline)
    assert [p.name for p in back.participants] == [p.normalized for p in event.participants]
    assert back.region is not None and back.region.district == "江汉区"
    assert [m.sentence for m in back.mentions] == [m.sentence for m in event.mentions]


def test_flat_lines_take_outlet_and_offsets_from_the_articles() -> None:
    event = signing(date=EventDate(value=date(2020, 7, 1), precision="month", expression="7月"))
    sentence = event.mentions[0].sentence
    article = Article(id="cjrb-0723-02", source="长江日报", published_at="2020-07-23T09:00", text="导语。" + sentence)
    (back,) = events_from_flat(FlatEvent.from_event(event), {article.id: article})
    assert back.date.as_text() == "2020-07" and back.date.precision == "month"
    mention = back.mentions[0]
    assert (mention.source, mention.start, mention.end) == ("长江日报", 3, 3 + len(sentence))
