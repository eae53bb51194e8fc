"""The reader's interface in the site's language (``theme.language`` in mkdocs.yml).

Every string of ours a reader sees goes through a gettext message catalogue: the package's
``locale/<language>.po``, with the site's own ``overrides/timeline/locale/<language>.po``
over it (a site that says "side" for "party" overrides just those messages). Catalogues
are read as ``.po`` files, nothing compiled. Dates are formatted by Babel in the site's
locale from CLDR patterns that are themselves messages ("d MMM y"), so a translator decides
their order; "c. {date}" and "between {start} and {end}" are messages too.

The pages are rendered with one language at a time: ``using(messages)`` makes it the
current one for this thread (a context variable), and ``gettext``/``ngettext`` here, the
templates' ``_``/``ngettext``, and the date labels read it. Command-line messages stay in
English. Record text is not translated (a record may one day carry ``title: {en: …, uk: …}``;
the reader's strings are what this module translates).
"""

from __future__ import annotations

import contextlib
import functools
import gettext as gettext_module
import io
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

CATALOGUES = Path(__file__).parent / "locale"
"""The package's catalogues: ``<language>.po``, and ``messages.pot`` they are made from."""
SOURCE_LANGUAGE = "en"
"""The language the messages are written in (a site in it needs no catalogue)."""
SITE_CATALOGUES = "locale"
"""The folder, inside a site's template folder (``overrides/timeline/``), of its own catalogues."""


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a form for each number, translated where shown (``ngettext``)."""
    return singular, plural


@dataclass(frozen=True, eq=False)
class Messages:
    """One language's messages and date formats."""

    language: str
    """The site's language tag, as mkdocs.yml gives it: 'en', 'uk', 'pt-BR'."""
    translations: gettext_module.NullTranslations = field(repr=False)
    locale: Locale = field(repr=False)
    catalogued: bool = True
    """False when neither the package nor the site has a catalogue for the language."""

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    # Dates: PartialDate and Bounds duck-typed (year, month, day), so that dates.py, which
    # the checker uses in English, need not know this module.

    def date(self, date: Any) -> str:
        """A partial date as precise as it is known: '17 Feb 2026', 'Feb 2026', '2026'."""
        if date.month is None:
            return str(date.year)
        # Translators: CLDR date patterns, for a day and for a month of a year (d the day, MMM
        # the month abbreviated, LLL the same standing alone, y the year).
        pattern = self.gettext("d MMM y") if date.day else self.gettext("MMM y")
        return self._format(date.first_day, pattern)

    def bounds(self, bounds: Any) -> str:
        """'between 25 Jan and 13 Feb 2026': both bounds, the year once when they share it."""
        before, after = bounds.not_before, bounds.not_after
        first = self.date(before)
        if before.year == after.year and before.month is not None and after.month is not None:
            if before.month == after.month and before.day and after.day:
                first = self._format(before.first_day, self.gettext("d"))
            elif before.day:
                # Translators: a CLDR pattern for a day and month without the year.
                first = self._format(before.first_day, self.gettext("d MMM"))
            else:
                # Translators: a CLDR pattern for a month without the year.
                first = self._format(before.first_day, self.gettext("MMM"))
        return self.gettext("between {start} and {end}").format(start=first, end=self.date(after))

    def span(self, date: Any, end: Any = None, approximate: bool = False) -> str:
        """A date or range: '17–18 Feb 2026', 'c. 4–5 Mar 2026', 'between 25 Jan and 13 Feb 2026'."""
        if end is None or end == date or date.precision == "bounded":
            text = self.bounds(date) if date.precision == "bounded" else self.date(date)
        elif date.precision == end.precision == "day" and date.year == end.year and date.month == end.month:
            start = self._format(date.first_day, self.gettext("d"))
            # Translators: days of one month ("17–18 Feb 2026"), no spaces around the dash.
            text = self.gettext("{start}–{end}").format(start=start, end=self.date(end))
        elif date.precision == end.precision == "day" and date.year == end.year:
            start = self._format(date.first_day, self.gettext("d MMM"))
            text = self.gettext("{start} – {end}").format(start=start, end=self.date(end))
        else:
            text = self.gettext("{start} – {end}").format(start=self.date(date), end=self.date(end))
        # Translators: an approximate date, "c. Feb 2026".
        return self.gettext("c. {date}").format(date=text) if approximate else text

    def day(self, day: Any) -> str:
        """A calendar day: '17 Feb 2026'."""
        return self._format(day, self.gettext("d MMM y"))

    def month_name(self, month: int) -> str:
        """A month's name as a heading: 'February', 'Лютий'."""
        name = str(get_month_names("wide", "stand-alone", self.locale)[month])
        return name[:1].upper() + name[1:]

    def month_abbreviation(self, month: int) -> str:
        """A month's short name on an axis or chart: 'Feb', 'лют.'."""
        return str(get_month_names("abbreviated", "stand-alone", self.locale)[month])

    def language_name(self, tag: str) -> str:
        """A language tag as a word in this language: 'en' -> 'English', 'англійська'."""
        try:
            return str(Locale.parse(tag.replace("-", "_")).get_display_name(self.locale) or tag)
        except (UnknownLocaleError, ValueError):
            return tag

    def number(self, value: int | float) -> str:
        """A number with the locale's grouping: '2,000,000', '2 000 000'."""
        return str(format_decimal(value, locale=self.locale))

    def plural_samples(self) -> dict[str, int]:
        """A number in each of the locale's plural categories ('one', 'few', 'other'…), for
        the page's scripts to choose a message's form as Intl.PluralRules names them."""
        samples: dict[str, int] = {}
        for n in range(0, 200):
            samples.setdefault(self.locale.plural_form(n), n)
        return samples

    @functools.lru_cache(maxsize=65536)  # noqa: B019 (a Messages lives as long as its site)
    def _format(self, day: Any, pattern: str) -> str:
        return str(format_date(day, pattern, locale=self.locale))


def _read_catalogue(path: Path) -> gettext_module.GNUTranslations:
    """A .po file as translations (its fuzzy entries left out)."""
    with path.open("rb") as po:
        catalogue = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def base_language(tag: str) -> str:
    """A language tag's language alone: 'pt-BR' and 'pt_BR' -> 'pt'."""
    return tag.replace("_", "-").split("-")[0].lower()


def _candidates(language: str) -> list[str]:
    """Catalogue names to try for a language tag: 'pt-BR' -> pt-BR, pt_BR, pt."""
    return list(dict.fromkeys([language, language.replace("-", "_"), base_language(language)]))


def _locale(language: str) -> Locale:
    for name in _candidates(language):
        with contextlib.suppress(UnknownLocaleError, ValueError):
            return Locale.parse(name.replace("-", "_"))
    return Locale.parse(SOURCE_LANGUAGE)


def messages(language: str = SOURCE_LANGUAGE, site_dirs: tuple[str, ...] = ()) -> Messages:
    """The messages for LANGUAGE: the package's catalogue, with the site's own over it (from
    ``<site dir>/locale/``); read again when a site catalogue changes (while serving)."""
    return _load(language, site_dirs, catalogues_fingerprint(site_dirs))


@functools.lru_cache(maxsize=16)
def _load(language: str, site_dirs: tuple[str, ...], fingerprint: object) -> Messages:
    """``messages``; FINGERPRINT (the site catalogues' files) only keys the cache."""
    translations = gettext_module.NullTranslations()
    found = base_language(language) == SOURCE_LANGUAGE
    for folder in [CATALOGUES, *(Path(d) / SITE_CATALOGUES for d in site_dirs)]:
        path = next(
            (folder / f"{n}.po" for n in _candidates(language) if (folder / f"{n}.po").is_file()), None
        )
        if path is not None:
            layer = _read_catalogue(path)
            layer.add_fallback(translations)
            translations, found = layer, True
    return Messages(language, translations, _locale(language), found)


def catalogues_fingerprint(site_dirs: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each site catalogue with its modification time and size."""
    return tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for folder in site_dirs
        for path in sorted((Path(folder) / SITE_CATALOGUES).glob("*.po"))
    )


ENGLISH = messages()
_current: ContextVar[Messages] = ContextVar("timeline_messages", default=ENGLISH)


def current() -> Messages:
    """The language pages are being rendered in (English unless ``using`` says otherwise)."""
    return _current.get()


@contextlib.contextmanager
def using(language: Messages) -> Iterator[Messages]:
    """Render in LANGUAGE until the block ends (in this thread)."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """MESSAGE in the current language."""
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number N, in the current language."""
    return _current.get().ngettext(singular, plural, n)


SCRIPT_MESSAGES = (
    # timeline.js
    N_("{shown} of {total} events on this page"),
    N_("{shown} of {total} events"),
    N_("No events match"),
    N_("Remove the filter {name}: {value}"),
    N_("involving {name}"),
    N_("about {name}"),
    N_("in {name}"),
    N_("of the kind “{name}”"),
    N_("from {start} to {end}"),
    N_("from {start}"),
    N_("until {end}"),
    N_("matching “{text}”"),
    N_("Loading every event…"),
    N_("newest first"),
    N_("oldest first"),
    N_("Jump to latest"),
    N_("Copied"),
    N_("Selected: press Ctrl-C or ⌘-C to copy"),
    N_("Text"),
    N_("Actor"),
    N_("Topic"),
    N_("Place"),
    N_("Kind"),
    N_("Status"),
    N_("From"),
    N_("To"),
    N_("{period}: no events"),
    # embed.js
    N_("Open the full timeline"),
    # header-search.js: the link to all results, and each result's type (the pages' data-pagefind-meta)
    N_("All results for “{query}”"),
    N_("event"),
    N_("actor"),
    N_("topic"),
    N_("place"),
    N_("source"),
    N_("page"),
    # search.js: its input's name, and the names of the results' details (data-pagefind-meta keys)
    N_("Search events, actors, topics and places"),
    N_("Date"),
    N_("Type"),
    # timeline.js's dates, as Messages.span writes them
    "d MMM y",
    "d MMM",
    "d",
    "{start} – {end}",
    "{start}–{end}",
)
"""The messages the page's scripts show (with ``{name}`` placeholders they fill in)."""

SCRIPT_PLURALS = (
    N_plural("Show {count} event", "Show {count} events"),
    N_plural("{count} event {filters}", "{count} events {filters}"),
    N_plural("{count} result", "{count} results"),
    N_plural(
        "See all {count} of these events on the full timeline",
        "See all {count} of these events on the full timeline",
    ),
    N_plural(
        "{count} event here: {events} (click to zoom in)", "{count} events here: {events} (click to zoom in)"
    ),
)
"""The scripts' messages with a form for each number: (singular, plural) as in the catalogue."""


@functools.lru_cache(maxsize=16)
def script_messages(language: Messages) -> dict[str, Any]:
    """What the page's scripts need of LANGUAGE (``window.tlText`` in timeline.js reads it):
    each message, each plural
    message's form per CLDR plural category (as the browser's Intl.PluralRules names them),
    and the months' short names."""
    samples = language.plural_samples()
    return {
        "language": language.language,
        "messages": {m: language.gettext(m) for m in SCRIPT_MESSAGES},
        "plurals": {
            singular: {category: language.ngettext(singular, plural, n) for category, n in samples.items()}
            for singular, plural in SCRIPT_PLURALS
        },
        "months": {
            "MMM": list(get_month_names("abbreviated", "format", language.locale).values()),
            "LLL": list(get_month_names("abbreviated", "stand-alone", language.locale).values()),
            "MMMM": list(get_month_names("wide", "format", language.locale).values()),
            "LLLL": list(get_month_names("wide", "stand-alone", language.locale).values()),
        },
    }
