"""The message catalogues (sourced_timeline/locale/): current with the code, complete, and
each translation keeping its message's placeholders and markup."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import parse_pattern
from babel.messages.pofile import read_po

from sourced_timeline import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "sourced_timeline" / "locale"
CATALOGUES = sorted(p.stem for p in LOCALE.glob("*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
TAG = re.compile(r"</?([a-z]+)")
DATE_PATTERNS = {"d MMM y", "MMM y", "d MMM", "d", "MMM"}


def _catalogue(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalogue) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_the_template_holds_every_message_of_the_code(tmp_path: Path) -> None:
    """`make messages` was run after the last change to a message (else the new message would
    stay English in every language)."""
    out = tmp_path / "messages.pot"
    command = [sys.executable, str(ROOT / "scripts" / "update_catalogues.py"), "--template-only", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    assert _ids(_catalogue(out)) == _ids(_catalogue(LOCALE / "messages.pot")), "run `make messages`"


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_translates_every_message(language: str) -> None:
    catalogue = _catalogue(LOCALE / f"{language}.po")
    template = _ids(_catalogue(LOCALE / "messages.pot"))
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not untranslated, f"{language}.po: untranslated or fuzzy: {untranslated[:5]}"
    assert _ids(catalogue) == template


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_placeholders_markup_and_date_fields(language: str) -> None:
    problems = []
    for message in _catalogue(LOCALE / f"{language}.po"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        # A translator's note may offer another value in place of one ("%(name)s, as written").
        offered = set(PLACEHOLDER.findall(" ".join(message.auto_comments)))
        # A singular form may leave its number to the words ("one event").
        optional = offered | ({"%(num)d", "{count}", "{n}"} if len(ids) > 1 else set())
        tags = sorted(TAG.findall(ids[-1]))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            if not found <= wanted | offered or not wanted - found <= optional:
                problems.append(f"{ids[0]!r}: placeholders {sorted(found)} (wanted {sorted(wanted)})")
            if sorted(TAG.findall(text)) != tags:
                problems.append(f"{ids[0]!r}: markup {TAG.findall(text)} (wanted {tags})")
        if ids[0] in DATE_PATTERNS:
            parse_pattern(strings[0])  # a pattern Babel reads
            if {f.replace("L", "M") for f in _fields(strings[0])} != _fields(ids[0]):
                problems.append(f"the date pattern {strings[0]!r} must show what {ids[0]!r} shows")
    assert not problems, f"{language}.po:\n" + "\n".join(problems)


def _fields(pattern: str) -> set[str]:
    """The CLDR fields a date pattern shows (d, M or L, y), quoted text aside."""
    return {c for c in re.sub(r"'[^']*'", "", pattern) if c.isalpha()}


def test_the_english_catalogue_is_the_messages_themselves() -> None:
    for message in _catalogue(LOCALE / "en.po"):
        if message.id:
            assert message.string == message.id or list(message.string) == list(message.id)


@pytest.mark.parametrize("language", [c for c in CATALOGUES if c != "en"])
def test_a_catalogue_speaks_its_language(language: str) -> None:
    """Loaded as the pages load it: the words change, and dates come out in the language."""
    words = i18n.messages(language)
    assert words.catalogued
    assert words.gettext("Sources") != "Sources"
    assert words.ngettext("%(num)d source", "%(num)d sources", 5) != "%(num)d sources"
