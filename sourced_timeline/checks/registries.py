"""Problems with the sources registry (sources.yaml)."""

from __future__ import annotations

from sourced_timeline.checks.examples import EXAMPLE_LATER_SOURCE, EXAMPLE_SOURCE
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented

_NEW_SOURCE = "2026-02-27-unsigned:\n  publisher: null\n  date: 2026-02-27"

SOURCE_WITHOUT_PUBLISHER = documented(
    "source-without-publisher",
    "error",
    "A source whose publisher is null without a publisher_note saying why: a reader "
    "cannot tell an unsigned copy from a forgotten field.",
    E(
        sources=_NEW_SOURCE,
        event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, "
        "attributed_to: Alex Morgan}\n  - {source: 2026-02-27-unsigned, attribution: reporting}",
    ),
    E(
        sources=_NEW_SOURCE + "\n  publisher_note: The copy names no outlet.",
        event=f"sources:\n  - "
        f"{{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Alex Morgan}}\n  - "
        "{source: 2026-02-27-unsigned, attribution: reporting}",
    ),
    stage="registries",
)

FUTURE_SOURCE = documented(
    "future-source",
    "error",
    "A source dated after today.",
    E(sources="2099-01-01-x:\n  publisher: X\n  date: 2099-01-01"),
    E(sources="2026-01-01-x:\n  publisher: X\n  date: 2026-01-01"),
    stage="registries",
)

UNCITED_SOURCE = documented(
    "uncited-source",
    "warning",
    "A source in sources.yaml that no event cites: left over from an edit, or a citation forgotten.",
    E(sources="2026-02-14-x:\n  publisher: X\n  date: 2026-02-14"),
    E(
        sources="2026-02-14-x:\n  publisher: X\n  date: 2026-02-14",
        event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Dmitry "
        f"Morgan}}\n  - {{source: {EXAMPLE_LATER_SOURCE}, attribution: reporting}}"
        "\n  - {source: 2026-02-14-x, attribution: reporting}",
    ),
    stage="registries",
)

RULES = (
    SOURCE_WITHOUT_PUBLISHER,
    FUTURE_SOURCE,
    UNCITED_SOURCE,
)
"""This stage's codes, in the order the reference lists them."""
