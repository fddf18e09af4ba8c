"""acquisition (a test fixture, copied to nlp/events/ by test_ninth_type.py): a company buys another (收购)."""

from __future__ import annotations

from nlp.events.base import EventRule
from nlp.registry import register


class AcquisitionRule(EventRule):
    type = "acquisition"
    object_suffixes = ("有限公司", "股份公司", "公司", "集团")


@register("eventline.acquisition_rules.v1")
def make_acquisition_rules() -> AcquisitionRule:
    return AcquisitionRule()
