"""The interface's language layer (sourced_timeline/i18n.py): English through it is the
English the checker and the command line write, and a language's dates read as Babel's."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sourced_timeline import i18n
from sourced_timeline.contribute import slugify
from sourced_timeline.dates import Bounds, PartialDate, span_label


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return PartialDate(
        day.year, day.month if precision != "year" else None, day.day if precision == "day" else None
    )


@st.composite
def spans(draw: st.DrawFn) -> tuple[PartialDate | Bounds, PartialDate | None, bool]:
    first, second = sorted(
        [draw(partial_dates()), draw(partial_dates())], key=lambda d: (d.first_day, d.last_day)
    )
    shape = draw(st.sampled_from(["single", "span", "bounds"]))
    approximate = draw(st.booleans())
    if shape == "bounds" and second.first_day > first.last_day:
        return Bounds(first, second), None, False
    if shape == "span" and second.first_day > first.last_day:
        return first, second, approximate
    return first, None, approximate


@given(spans())
def test_english_through_the_catalogue_is_the_checkers_english(span) -> None:  # type: ignore[no-untyped-def]
    """Every date the site shows in English is what dates.span_label (the checker's, the
    command line's) writes: the peace-talks site's pages did not change with the catalogues."""
    date, end, approximate = span
    assert i18n.ENGLISH.span(date, end, approximate) == span_label(date, end, approximate)


def test_a_language_writes_its_own_months_and_marks() -> None:
    ukrainian = i18n.messages("uk")
    feb = PartialDate(2026, 2, None)
    assert ukrainian.span(feb, None, True) == "бл. лют. 2026"
    assert ukrainian.month_name(2) == "Лютий"
    assert i18n.messages("de").span(PartialDate(2026, 2, 17), PartialDate(2026, 2, 18)) == "17.–18. Feb. 2026"


def test_a_language_without_a_catalogue_is_english_and_says_so() -> None:
    unknown = i18n.messages("fr")
    assert not unknown.catalogued and unknown.gettext("Sources") == "Sources"
    assert i18n.messages("en").catalogued and i18n.messages("pt-BR").language == "pt-BR"


def test_two_cyrillic_titles_on_one_day_get_two_ids() -> None:
    first, second = slugify("Переговори в Женеві"), slugify("Обмін полоненими")
    assert first == "peregovori-v-zhenevi" and second.startswith("obmin")
    assert first != second
    assert slugify("Talks in Genève!") == "talks-in-geneve"


def test_rendering_in_a_language_ends_with_its_block() -> None:
    with i18n.using(i18n.messages("uk")):
        assert i18n.gettext("Sources") != "Sources"
    assert i18n.gettext("Sources") == "Sources"
