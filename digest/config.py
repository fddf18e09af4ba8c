"""`DigestConfig`: the options of one digest (topic, title, wording, mail headers), passed explicitly.

The defaults describe the editors' 产业区块链 digest; another industry only changes `topic`
(`EVENTLINE_DIGEST_TOPIC` in the application), the machinery stays the same. The title is
the editors' form, "产业区块链一周动态丨<the week's leading headlines>", so it says what the
week holds; a week without items is titled with its dates instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DigestConfig:
    """Options of a digest.

    Placeholders of `title_template`: {topic} {highlights} {start} {end} {week}; of
    `empty_title_template`: {topic} {start} {end} {week}.
    """

    topic: str = "产业区块链"
    title_template: str = "{topic}一周动态丨{highlights}"
    empty_title_template: str = "{topic}一周动态（{start}—{end}）"
    highlights: int = 2
    highlights_max_chars: int = 40
    empty_message: str = "本周暂无{topic}动态。"
    comment_label: str = "简评"
    max_summary_chars: int = 220
    mail_from: str = "eventline <digest@eventline.invalid>"
    mail_to: str | None = None

    def title(self, start_text: str, end_text: str, week: str, headlines: tuple[str, ...] = ()) -> str:
        """The digest title (also the e-mail subject): the topic and the week's leading headlines.

        `headlines` come most important first; as many are named as fit `highlights_max_chars`
        (at least one). Without any, the title names the week's dates.
        """
        if not headlines:
            return self.empty_title_template.format(topic=self.topic, start=start_text, end=end_text, week=week)
        chosen = [headlines[0]]
        for headline in headlines[1 : self.highlights]:
            if len("，".join([*chosen, headline])) > self.highlights_max_chars:
                break
            chosen.append(headline)
        return self.title_template.format(
            topic=self.topic, highlights="，".join(chosen), start=start_text, end=end_text, week=week
        )
