"""Problems the loader finds while reading a file's YAML (``sourced_timeline.load``)."""

from __future__ import annotations

from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented

YAML_SYNTAX = documented(
    "yaml-syntax",
    "error",
    "Text YAML cannot parse.",
    E(event="places: [town-hall"),
    E(event="places: [town-hall]"),
    stage="yaml",
)

TAB = documented(
    "tab",
    "error",
    "A tab character: YAML and the site need spaces.",
    E(event="kind:\thearing"),
    E(event="kind: hearing"),
    stage="yaml",
)

BAD_CHARACTER = documented(
    "bad-character",
    "error",
    "A control, invisible, bidi or line-separator character, typed or escaped.",
    E(event='title: "Third hearing\\a opens"'),
    E(event="title: Third hearing opens"),
    stage="yaml",
)

DUPLICATE_KEY = documented(
    "duplicate-key",
    "error",
    "A key given twice (YAML would silently keep the last).",
    E(event="kind: hearing\nkind: vote"),
    E(event="kind: hearing"),
    stage="yaml",
)

KEY_NOT_TEXT = documented(
    "key-not-text",
    "error",
    "A key that is not plain text (a number, a list).",
    E(event="2026: x"),
    E(),
    stage="yaml",
)

ALIAS = documented(
    "alias",
    "error",
    "YAML anchors, aliases and merge keys (the 'billion laughs' bomb).",
    E(event="title: &t Town Hall\nsummary: *t"),
    E(),
    stage="yaml",
)

UNSAFE_TAG = documented(
    "unsafe-tag",
    "error",
    "A tag such as !!python/object: records are plain data.",
    E(event="title: !!python/object/apply:os.system [true]"),
    E(),
    stage="yaml",
)

TOO_DEEP = documented(
    "too-deep",
    "error",
    "Nesting deeper than 32 levels.",
    E(event="counts: " + "[" * 40 + "]" * 40),
    E(),
    stage="yaml",
)

EMPTY_FILE = documented(
    "empty-file",
    "error",
    "A file that holds no record.",
    E(special="raw:# nothing yet\n"),
    E(),
    stage="yaml",
)

RULES = (
    YAML_SYNTAX,
    TAB,
    BAD_CHARACTER,
    DUPLICATE_KEY,
    KEY_NOT_TEXT,
    ALIAS,
    UNSAFE_TAG,
    TOO_DEEP,
    EMPTY_FILE,
)
"""This stage's codes, in the order the reference lists them."""
