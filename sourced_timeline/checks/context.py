"""What a rule about one event may look at (``EventContext``), and the helpers rules and the
checker share: every id and name the records may point to (``Names``), actors' names found in
text (``NameFinder``), and the message for a kind the vocabulary lacks."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from sourced_timeline.characters import shown
from sourced_timeline.dataset import EventRecord
from sourced_timeline.model import Event
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import Vocabulary

SINGULAR = {
    "actors": "actor",
    "topics": "topic",
    "places": "place",
    "sources": "source",
    "series": "series",
    "events": "event",
}
"""How a problem names one entry of each registry (and one event)."""


MAX_SUGGESTIONS = 100
"""'did you mean' hints computed per check: each compares with every id, so an adversarial
data set with thousands of unknown references would otherwise take quadratic time."""


SIMILARITY = 80
"""How alike (rapidfuzz's ratio, 0–100) a 'did you mean' must be to the value it corrects."""


class Names:
    """Every id and name the records may point to, with hints for ones that do not exist."""

    def __init__(self, entries: dict[str, dict[str, Any]], event_ids: Iterable[str] = ()) -> None:
        self.known: dict[str, dict[str, Any] | set[str]] = {**entries, "events": set(event_ids)}
        self.by_name = {
            kind: {
                as_id(name): key
                for key, item in registry.items()
                for name in (key, getattr(item, "name", key), *getattr(item, "aliases", ()))
            }
            for kind, registry in entries.items()
        }
        self._hints: dict[tuple[str, str], str] = {}
        self._suggestions_left = MAX_SUGGESTIONS

    def unknown(self, kind: str, value: str) -> tuple[str, str]:
        """The message and hint for a reference to an id of ``kind`` that does not exist."""
        message = f"unknown {SINGULAR[kind]} {shown(value)}"
        missing = "no event has this id" if kind == "events" else f"add it to {kind}.yaml first"
        return message, self.hint(kind, value) or missing

    def hint(self, kind: str, value: str) -> str:
        """How to write VALUE as an id of KIND: the id whose name or alias it is (ignoring
        case, accents, spaces and hyphens), else the closest id or name; '' if none is close."""
        cached = self._hints.get((kind, value))
        if cached is None:
            cached = self._hints[kind, value] = self._hint(kind, value)
        return cached

    def _hint(self, kind: str, value: str) -> str:
        alias_of = self.by_name.get(kind, {}).get(as_id(value))
        if alias_of:
            return f"{shown(value)} is a name of {alias_of}: write {alias_of}"
        if self._suggestions_left <= 0:
            return ""
        self._suggestions_left -= 1
        choices = self.by_name.get(kind) or {as_id(i): i for i in self.known[kind]}
        best = process.extractOne(as_id(value), list(choices), scorer=fuzz.ratio, score_cutoff=SIMILARITY)
        return f"did you mean '{choices[best[0]]}'?" if best else ""


def as_id(name: str) -> str:
    """A name compared as an id would be, ignoring case, accents, spaces and hyphens:
    'Zelenskyy' and 'zelenskyy', 'Steve  Witkoff' and 'steve-witkoff', 'Sybiha' and 'Sybihá'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_-]+", plain.casefold())).strip()


def unknown_kind_message(what: str, kind: str, known: dict[str, Any]) -> tuple[str, str]:
    """The message and hint for a kind the vocabulary lacks: the nearest declared one, or
    the declared ones."""
    best = process.extractOne(kind, list(known), scorer=fuzz.ratio, score_cutoff=SIMILARITY)
    listed = ", ".join(list(known)[:12]) + (", …" if len(known) > 12 else "")
    hint = f"did you mean '{best[0]}'?" if best else f"the vocabulary has: {listed}"
    article = "an" if what[0] in "aeiou" else "a"
    return (
        f"{shown(kind)} is not {article} {what} kind in the site's vocabulary",
        hint + "; or declare it in data/vocabulary.yaml",
    )


class NameFinder:
    """Finds actors' names and aliases as whole words in text, in one pass (Aho–Corasick),
    so the time stays linear in the text whatever the registry holds."""

    def __init__(self, actors: dict[str, Any]) -> None:
        import ahocorasick  # only when there are actors to find

        self.automaton = ahocorasick.Automaton()
        for actor_id, actor in actors.items():
            for alias in (actor.name, *actor.aliases):
                self.automaton.add_word(alias, (alias, actor_id))
        self.empty = not actors
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[str, str]]:
        """(name as written, actor id) for each whole-word mention, left to right, longest first."""
        if self.empty:
            return
        for end, (alias, actor_id) in self.automaton.iter_long(text):
            start = end - len(alias) + 1
            before = text[start - 1] if start else " "
            after = text[end + 1] if end + 1 < len(text) else " "
            if not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_"):
                yield alias, actor_id


@dataclass(frozen=True)
class EventContext:
    """What a rule about one event may look at."""

    record: EventRecord
    entries: dict[str, dict[str, Any]]
    names: Names
    today: dt.date
    finder: NameFinder
    vocabulary: Vocabulary | None = DEFAULT_VOCABULARY
    """None when the site's vocabulary cannot be read."""

    @property
    def event(self) -> Event:
        return self.record.event
