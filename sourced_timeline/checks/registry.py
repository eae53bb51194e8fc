"""Every problem code, registered by name from the modules of ``sourced_timeline.checks``:
the stages' codes in the order the checker finds them, then the rules about one event in the
order it runs them. The tests run every rule's examples; the Problem codes page and
`timeline explain` are made from this table."""

from __future__ import annotations

from sourced_timeline.checks import (
    citations,
    data_set,
    dates,
    files,
    plans,
    reading,
    references,
    registries,
    schema,
)
from sourced_timeline.checks.rule import Rule

EVENT_RULES: tuple[Rule, ...] = (
    references.UNKNOWN_REF,
    references.UNKNOWN_KIND,
    references.LISTED_TWICE,
    references.SELF_REFERENCE,
    dates.END_BEFORE_START,
    dates.BOUNDS_AND_SPAN,
    dates.BOUNDS_WITHOUT_NOTE,
    dates.WEEKDAY_MISMATCH,
    dates.WEEKDAY_BOUNDS,
    references.ROUND_WITHOUT_SERIES,
    citations.BAD_SOURCE_INDEX,
    references.POSITION_ACTOR_NOT_LISTED,
    references.ACTOR_LISTED_TWICE,
    citations.UNNAMED_SOURCE,
    plans.HAPPENED_IN_FUTURE,
    plans.AS_OF_NOT_PLANNED,
    plans.FUTURE_AS_OF,
    citations.AS_OF_BEFORE_SOURCE,
    plans.OUTCOME_NOT_PLANNED,
    plans.STALE_PLAN,
    citations.AFTER_LATEST_SOURCE,
    references.ACTOR_NOT_LISTED,
)
"""The rules the checker runs on each event, in the order it runs them."""

STAGE_RULES: tuple[Rule, ...] = (
    *files.RULES,
    *reading.RULES,
    *schema.RULES,
    *registries.RULES,
    *data_set.RULES,
)
"""The codes the stages before and after the event rules find."""


class DuplicateCode(Exception):
    """Two rules share a code."""


def _by_code(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in found:
            raise DuplicateCode(f"two rules have the code {rule.code!r}")
        found[rule.code] = rule
    return found


RULES: dict[str, Rule] = _by_code((*STAGE_RULES, *EVENT_RULES))
"""Every rule by its code."""

MODULES = (files, reading, schema, registries, data_set, references, dates, citations, plans)
"""The modules rules are declared in (a test finds every Rule in them registered here)."""
