"""A site's own words for what its records classify: event kinds, the lanes that group them
(the time axis's rows, the charts' colours, what possible duplicates share), actor kinds and
place kinds. Declared once, in ``data/vocabulary.yaml`` (optional: without it, the neutral
``DEFAULT`` below), validated like every record, and read by the checker, the pages, the
charts and the editors' JSON Schema alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, Field

from sourced_timeline.i18n import N_
from sourced_timeline.model import Id, Record, ShortText

MAX_LANES = 6
"""Lanes a site may declare: the axis and the charts stay readable, and the default colours
(Okabe and Ito's colour-blind-safe palette) tell six apart."""
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56606b")
"""A lane's colour when the vocabulary gives none, by the lane's position."""
MIN_CONTRAST = 3.0
"""WCAG's least contrast for graphics (1.4.11) against the white page: a lane's mark must
stand out from it."""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    """WCAG's contrast ratio of a #rrggbb colour against white."""
    return 1.05 / (_luminance(colour) + 0.05)


def _visible_colour(colour: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"{colour!r} is not a colour: write # and six hex digits, e.g. #0072b2")
    colour = colour.lower()
    if contrast_on_white(colour) < MIN_CONTRAST:
        raise ValueError(
            f"{colour} is too pale on a white page (contrast {contrast_on_white(colour):.1f}:1; "
            f"marks need {MIN_CONTRAST:g}:1): choose a darker colour"
        )
    return colour


Colour = Annotated[str, AfterValidator(_visible_colour)]


class Lane(Record):
    """A group of kinds: a row of the time axis and a colour of the charts."""

    label: ShortText
    """The lane as readers see it: 'Talks and meetings'."""
    colour: Colour | None = None
    """Its marks' colour, #rrggbb, at least 3:1 against white; default: by position, from
    Okabe and Ito's palette."""


class KindEntry(Record):
    """An event kind."""

    label: ShortText
    """The kind as readers see it on cards and in filters: 'Talks'."""
    lane: Id
    """The lane it is drawn in (an id from ``lanes``)."""


class Vocabulary(Record):
    """data/vocabulary.yaml: the words a site classifies its records with."""

    lanes: Annotated[dict[Id, Lane], Field(min_length=1, max_length=MAX_LANES)]
    """The lanes, top to bottom, by id."""
    kinds: Annotated[dict[Id, KindEntry], Field(min_length=1, max_length=200)]
    """Event kinds, by id (what an event's ``kind`` names), in the order filters list them."""
    actor_kinds: Annotated[dict[Id, ShortText], Field(min_length=1, max_length=50)] = Field(
        default_factory=lambda: {
            "person": N_("Person"),
            "state": N_("State"),
            "organisation": N_("Organisation"),
            "group": N_("Group"),
        }
    )
    """What an actor may be, by id, with its label: 'person: Person'."""
    place_kinds: Annotated[dict[Id, ShortText], Field(min_length=1, max_length=50)] = Field(
        default_factory=lambda: {
            "city": N_("City"),
            "region": N_("Region"),
            "country": N_("Country"),
            "building": N_("Building"),
            "other": N_("Other"),
        }
    )
    """What a place may be, by id, with its label."""

    def lane_problems(self) -> list[tuple[tuple[str, ...], str, str]]:
        """Kinds in a lane ``lanes`` does not declare, and lanes holding no kind: (where in
        the file, message, hint), for the checker to place."""
        found: list[tuple[tuple[str, ...], str, str]] = [
            (
                ("kinds", kind, "lane"),
                f"the kind '{kind}' is in the lane '{entry.lane}', which lanes does not declare",
                "add the lane under lanes:, or put the kind in one of: " + ", ".join(self.lanes),
            )
            for kind, entry in self.kinds.items()
            if entry.lane not in self.lanes
        ]
        found += [
            (("lanes", lane), f"the lane '{lane}' holds no kind", "give it a kind, or remove it")
            for lane in self.lanes
            if not any(entry.lane == lane for entry in self.kinds.values())
        ]
        return found

    def lane_of(self, kind: str) -> int:
        """The position of a kind's lane (0 the top); an unknown kind, or one in an undeclared
        lane (the checker reports it), is drawn in the last."""
        entry = self.kinds.get(kind)
        lanes = list(self.lanes)
        return lanes.index(entry.lane) if entry and entry.lane in self.lanes else len(lanes) - 1

    def lane_label(self, kind: str) -> str:
        """The label of a kind's lane."""
        return list(self.lanes.values())[self.lane_of(kind)].label

    def kind_label(self, kind: str) -> str:
        """A kind as readers see it (its id, if the vocabulary lacks it)."""
        entry = self.kinds.get(kind)
        return entry.label if entry else kind

    @property
    def lane_labels(self) -> list[str]:
        """Every lane's label, top to bottom."""
        return [lane.label for lane in self.lanes.values()]

    @property
    def colours(self) -> list[str]:
        """Every lane's colour, top to bottom."""
        return [lane.colour or PALETTE[i % len(PALETTE)] for i, lane in enumerate(self.lanes.values())]


DEFAULT = Vocabulary(
    lanes={
        "meetings": Lane(label=N_("Meetings")),
        "statements": Lane(label=N_("Statements")),
        "decisions": Lane(label=N_("Decisions")),
        "other": Lane(label=N_("Reports and other")),
    },
    kinds={
        "meeting": KindEntry(label=N_("Meeting"), lane="meetings"),
        "statement": KindEntry(label=N_("Statement"), lane="statements"),
        "decision": KindEntry(label=N_("Decision"), lane="decisions"),
        "report": KindEntry(label=N_("Report"), lane="other"),
        "other": KindEntry(label=N_("Other"), lane="other"),
    },
)
"""A neutral vocabulary for a site that declares none (``timeline init`` writes it in the
site's language: ``translated``)."""


def translated(vocabulary: Vocabulary, gettext: Callable[[str], str]) -> Vocabulary:
    """VOCABULARY with every label through GETTEXT (the default's, in a new site's language)."""
    return vocabulary.model_copy(
        update={
            "lanes": {
                k: lane.model_copy(update={"label": gettext(lane.label)})
                for k, lane in vocabulary.lanes.items()
            },
            "kinds": {
                k: kind.model_copy(update={"label": gettext(kind.label)})
                for k, kind in vocabulary.kinds.items()
            },
            "actor_kinds": {k: gettext(label) for k, label in vocabulary.actor_kinds.items()},
            "place_kinds": {k: gettext(label) for k, label in vocabulary.place_kinds.items()},
        }
    )


def read_vocabulary(data_dir: Path) -> Vocabulary:
    """The vocabulary of a data folder, for the commands that only need its words (`new`,
    `schema`); DEFAULT without one, or with one the checker will refuse (it says why)."""
    path = data_dir / "vocabulary.yaml"
    if not path.is_file():
        return DEFAULT
    try:
        return Vocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValueError, UnicodeDecodeError):
        return DEFAULT
