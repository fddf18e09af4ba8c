"""Pattern files are schema-checked with errors naming file and line; registered names never vanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import registry
from nlp.events import PatternError, load_patterns
from nlp.pipeline import PIPELINE
from schemas import EventType

REGISTERED = [
    "eventline.approval_rules.v1", "eventline.establishment_rules.v1", "eventline.financing_rules.v1",
    "eventline.headline.v1", "eventline.launch_rules.v1", "eventline.meeting_rules.v1", "eventline.merge.v1",
    "eventline.modality.v1", "eventline.policy_release_rules.v1", "eventline.report_release_rules.v1",
    "eventline.sections.v1", "eventline.signing_rules.v1",
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


def test_registry_names_are_stable() -> None:
    import nlp.pipeline  # noqa: F401  (registers everything)

    assert set(REGISTERED) <= set(registry.registered_names())
    assert all(name in registry.registered_names() for name in PIPELINE)
