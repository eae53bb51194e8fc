"""Problems with one record against the record format (the pydantic models)."""

from __future__ import annotations

from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented

UNKNOWN_FIELD = documented(
    "unknown-field",
    "error",
    "A field the record format does not have (often a typo).",
    E(event="tittle: Town Hall"),
    E(),
    stage="schema",
)

MISSING_FIELD = documented(
    "missing-field",
    "error",
    "A required field is missing.",
    E(remove=("kind",)),
    E(),
    stage="schema",
)

WRONG_TYPE = documented(
    "wrong-type",
    "error",
    "A value of the wrong type (text, number, list), with what YAML read.",
    E(event="title: NO"),
    E(event='title: "NO"'),
    stage="schema",
)

BAD_VALUE = documented(
    "bad-value",
    "error",
    "A value the field does not allow: a status not in the list, an impossible date.",
    E(event="status: done"),
    E(),
    stage="schema",
)

TOO_FEW = documented(
    "too-few",
    "error",
    "A list with fewer items than required (every event has a source).",
    E(event="sources: []"),
    E(),
    stage="schema",
)

TOO_LONG = documented(
    "too-long",
    "error",
    "A text or list longer than its limit.",
    E(event="title: " + "x" * 201),
    E(event="title: " + "x" * 200),
    stage="schema",
)

NOT_A_MAPPING = documented(
    "not-a-mapping",
    "error",
    "A record that is not a mapping of fields.",
    E(special="raw:- title: x\n"),
    E(),
    stage="schema",
)

RULES = (
    UNKNOWN_FIELD,
    MISSING_FIELD,
    WRONG_TYPE,
    BAD_VALUE,
    TOO_FEW,
    TOO_LONG,
    NOT_A_MAPPING,
)
"""This stage's codes, in the order the reference lists them."""
