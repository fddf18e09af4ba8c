"""`DigestConfig`: the options of one digest (topic, title, wording, mail headers), passed explicitly.

The defaults describe the editors' 产业区块链 digest; another industry only changes `topic`
(and perhaps the title template), the machinery stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DigestConfig:
    """Options of a digest. Placeholders of `title_template`: {topic} {start} {end} {week}."""

    topic: str = "产业区块链"
    title_template: str = "{topic}一周动态（{start}—{end}）"
    empty_message: str = "本周暂无{topic}动态。"
    comment_label: str = "简评"
    max_summary_chars: int = 220
    mail_from: str = "eventline <digest@eventline.invalid>"
    mail_to: str | None = None

    def title(self, start_text: str, end_text: str, week: str) -> str:
        """The digest title (also the e-mail subject)."""
        return self.title_template.format(topic=self.topic, start=start_text, end=end_text, week=week)
