"""Pattern files are schema-checked with errors naming file and line; registered names never vanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import registry
from nlp.events import PatternError, load_patterns
from nlp.pipeline import GIVEN, PIPELINE
from nlp.rules import RULES
from schemas import EventType

REGISTERED = [
    "eventline.approval_rules.v1", "eventline.date.v1", "eventline.dedupe.v1", "eventline.establishment_rules.v1",
    "eventline.financing_rules.v1", "eventline.headline.v1", "eventline.ids.v1", "eventline.launch_rules.v1",
    "eventline.meeting_rules.v1", "eventline.modality.v1", "eventline.participants.v1",
    "eventline.policy_release_rules.v1", "eventline.region.v1", "eventline.report_release_rules.v1",
    "eventline.rules.v1", "eventline.sections.v1", "eventline.signing_rules.v1",
]


@pytest.mark.parametrize("etype", [t.value for t in EventType])
def test_patterns_every_type_loads(etype: str) -> None:
    assert load_patterns(etype)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "signing.x", "pattern": [{"TEXT": "签署"}], "colour": 1}', "colour"),
        ('{"id": "signing.x", "pattern": [{"NOPE": "签署"}]}', "invalid token pattern"),
        ('{"id": "meeting.x", "pattern": [{"TEXT": "签署"}]}', "must start with"),
        ("{not json", "not JSON"),
    ],
)
def test_patterns_bad_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "signing.jsonl"
    path.write_text('{"id": "signing.ok", "pattern": [{"TEXT": "签约"}]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(PatternError) as err:
        load_patterns("signing", path)
    assert f"{path}:2" in str(err.value) and message in str(err.value)


def test_registry_names_are_stable_and_every_one_is_used() -> None:
    assert set(REGISTERED) <= set(registry.registered_names())
    assert set(registry.registered_names()) == set(PIPELINE) | set(RULES)  # no name registered and never looked up


def test_registry_pipeline_steps_find_what_they_require() -> None:
    registry.check_order(PIPELINE, GIVEN)
    later_first = [PIPELINE[2], PIPELINE[1], *PIPELINE[3:]]  # the date step needs the modality step's work
    with pytest.raises(ValueError, match=r"eventline\.date\.v1.*drafts\.modality"):
        registry.check_order(later_first, GIVEN)


def test_registry_names_carry_a_version_and_are_registered_once() -> None:
    with pytest.raises(ValueError, match="version"):
        registry.register("eventline.unversioned")
    with pytest.raises(ValueError, match="already registered"):
        registry.register("eventline.ids.v1")(lambda: None)
    with pytest.raises(KeyError, match="no component registered"):
        registry.get("eventline.nothing.v1")


def _pattern_words() -> dict[str, set[str]]:
    """Every literal word a token of a pattern matches, with the ids of the patterns using it."""
    words: dict[str, set[str]] = {}
    for etype in EventType:
        for spec in load_patterns(etype.value):
            for token in spec.pattern:
                text = token.get("TEXT")
                listed = text.get("IN", []) if isinstance(text, dict) else [text] if isinstance(text, str) else []
                for word in listed:
                    words.setdefault(word, set()).add(spec.id)
    return words


def test_patterns_every_word_is_one_token_of_the_segmenter() -> None:
    """A pattern token matches one HanLP token: a word the segmenter always splits (开售 → 开/售 without
    the custom dictionary, 正式发布 → 正式/发布) can never match, which hides a dead trigger. Each word must
    come out whole in a plain sentence (nlp/lexicons/triggers.txt keeps domain verbs whole)."""
    from nlp.analyzer import analyze

    dead = {
        word: sorted(ids)
        for word, ids in _pattern_words().items()
        if not any(word in [t.text for t in analyze(frame.format(word))] for frame in ("公司{}了", "昨日{}。", "{}"))
    }
    assert not dead, f"pattern words the segmenter never yields whole: {dead}"
