"""The source and series registries (issue 25, section 1): the checks on them, citations
resolved for the site, `timeline new` adding a source, and the one-off migration."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from scripts.migrate_sources import migrate
from sourced_timeline.check import check_folder
from tests.conftest import FIXTURE_SOURCE, FIXTURES, TODAY, VALID_EVENT, write_event
from tests.test_bad_input import NAME, assert_reported

SOURCES = "data/sources.yaml"


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def _append(data_dir: Path, name: str, text: str) -> int:
    """Append TEXT to a registry; the line its first line lands on."""
    path = data_dir / f"{name}.yaml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


# --- an unknown source id ------------------------------------------------------------------


def test_a_citation_of_an_unknown_source_is_unknown_ref_with_the_nearest_id(data_dir, check):
    typo = FIXTURE_SOURCE.replace("round", "rund")
    write_event(data_dir, NAME, VALID_EVENT.replace(FIXTURE_SOURCE, typo))
    row = assert_reported(check(), _line_of(VALID_EVENT, FIXTURE_SOURCE), "unknown-ref")
    assert f"unknown source '{typo}'" in row and f"did you mean '{FIXTURE_SOURCE}'?" in row


def test_a_citation_of_a_known_source_passes(data_dir, check):
    assert check("--strict").code == 0


def test_an_unknown_source_is_reported_even_when_the_event_fails_the_schema(data_dir, check):
    text = VALID_EVENT.replace(FIXTURE_SOURCE, "2026-02-13-moscow-times").replace(
        "status: happened", "status: x"
    )
    write_event(data_dir, NAME, text)
    result = check()
    assert "bad-value" in result.out and "unknown source '2026-02-13-moscow-times'" in result.out


# --- an unknown series ---------------------------------------------------------------------


def test_an_unknown_series_is_unknown_ref_and_a_registered_one_passes(data_dir, check):
    write_event(data_dir, NAME, VALID_EVENT.replace("series: trilateral-talks", "series: trilateral-talk"))
    row = assert_reported(check(), _line_of(VALID_EVENT, "series:"), "unknown-ref")
    assert "unknown series 'trilateral-talk'" in row and "did you mean 'trilateral-talks'?" in row
    _append(data_dir, "series", "trilateral-talk:\n  name: Trilateral talk\n  kind: talks\n")
    result = check()
    assert result.code == 0, result.out
    assert "no event refers to the series 'trilateral-talks'" in result.out  # now unused: a notice


def test_a_series_is_named_as_its_registry_names_it(data_dir):
    series = data_dir / "series.yaml"
    series.write_text(series.read_text().replace("name: Trilateral talks", "name: US-brokered rounds"))
    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None
    from sourced_timeline.pages import build_pages

    page = next(p for p in build_pages(dataset) if p.src_uri == "events/2026-02-17-geneva-round.md")
    assert "US-brokered rounds, round 3" in page.html
    timeline = next(p for p in build_pages(dataset) if p.src_uri == "timeline.md")
    assert "Round 3 of the us-brokered rounds" in timeline.html
    assert "US-brokered rounds" in timeline.html  # the axis lane


# --- a source no event cites ---------------------------------------------------------------


def test_a_source_no_event_cites_is_a_warning_at_its_id_and_citing_it_clears_it(data_dir, check):
    line = _append(data_dir, "sources", "2026-02-14-x:\n  publisher: X\n  date: 2026-02-14\n")
    result = check()
    assert result.code == 0  # a warning: only --strict (this project's policy) fails on it
    row = next(r for r in result.out.splitlines() if "[uncited-source]" in r)
    assert row.startswith(
        f"{SOURCES}:{line}:1: warning[uncited-source]: no event cites the source '2026-02-14-x'"
    )
    assert check("--strict").code == 1
    text = VALID_EVENT + "  - source: 2026-02-14-x\n    attribution: reporting\n"
    write_event(data_dir, NAME, text)
    assert check("--strict").code == 0


# --- publisher null without a note ---------------------------------------------------------


def test_publisher_null_without_a_note_is_an_error_at_its_line_and_a_note_clears_it(data_dir, check):
    line = _append(data_dir, "sources", "2026-02-14-unsigned:\n  publisher: null\n  date: 2026-02-14\n")
    write_event(data_dir, NAME, VALID_EVENT + "  - source: 2026-02-14-unsigned\n    attribution: reporting\n")
    row = assert_reported(check(), line + 1, "source-without-publisher", path=SOURCES)
    assert f"{SOURCES}:{line + 1}:14:" in row and "publisher_note" in row
    _append(data_dir, "sources", "  publisher_note: The copy names no outlet.\n")
    assert check("--strict").code == 0


def test_a_source_without_the_publisher_field_is_a_missing_field(data_dir, check):
    line = _append(data_dir, "sources", "2026-02-14-x:\n  date: 2026-02-14\n")
    assert "publisher" in assert_reported(check(), line + 1, "missing-field", path=SOURCES)


def test_the_registry_refuses_bad_links_languages_and_approximate_bounds(data_dir, check):
    entries = {
        "2026-02-14-a": "  publisher: A\n  date: 2026-02-14\n  archive_url: ftp://x.org/a\n",
        "2026-02-14-b": "  publisher: B\n  date: 2026-02-14\n  language: English\n",
        "2026-02-14-c": "  publisher: C\n  date: {not_before: 2026-02-01, not_after: 2026-02-14}\n"
        "  approximate: true\n",
    }
    for key, body in entries.items():
        _append(data_dir, "sources", f"{key}:\n{body}")
    result = check()
    assert result.code == 1
    rows = [r for r in result.out.splitlines() if r.startswith(SOURCES) and "[bad-value]" in r]
    assert len(rows) == len(entries), result.out


def test_a_source_dated_after_today_is_an_error_at_its_date(data_dir, check):
    line = _append(data_dir, "sources", "2099-01-01-x:\n  publisher: X\n  date: 2099-01-01\n")
    assert_reported(check(), line + 2, "future-source", path=SOURCES)


# --- what the site reads -------------------------------------------------------------------


def test_each_citation_carries_its_sources_facts_and_its_own(data_dir):
    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None
    record = dataset.events[0]
    cited = dataset.citations(record)[0]
    entry = dataset.sources[FIXTURE_SOURCE]
    assert (cited.id, cited.publisher, cited.title, cited.date) == (
        FIXTURE_SOURCE,
        entry.publisher,
        entry.headline,
        entry.date,
    )
    assert (cited.attribution, cited.attributed_to) == (
        record.event.sources[0].attribution,
        record.event.sources[0].attributed_to,
    )
    assert dataset.by_source == {citation.source: [record] for citation in record.event.sources}


def test_a_source_page_lists_its_facts_and_the_events_citing_it_newest_first(data_dir):
    second = VALID_EVENT.replace("date: 2026-02-17\nend: 2026-02-18", "date: 2026-02-19").replace(
        "round: 3", "round: 4"
    )
    write_event(data_dir, "2026-02-19-geneva-round.yaml", second)
    dataset, problems = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    from sourced_timeline.pages import build_pages

    pages = {p.src_uri: p for p in build_pages(dataset)}
    page = pages[f"sources/{FIXTURE_SOURCE}.md"]
    entry = dataset.sources[FIXTURE_SOURCE]
    assert entry.headline in page.html and "13 Feb 2026" in page.html
    assert page.html.index("2026-02-19-geneva-round") < page.html.index("2026-02-17-geneva-round")
    assert "Events citing it (2)" in page.html
    assert f"sources/{FIXTURE_SOURCE}/" in pages["sources.md"].html
    event = pages["events/2026-02-17-geneva-round.md"].html
    assert f'href="../../sources/{FIXTURE_SOURCE}/"' in event


# --- `timeline new` ------------------------------------------------------------------------


NEW = ["--title", "Talks resume", "--date", "2026-02-10", "--kind", "talks", "--summary", "S."]


def test_new_cites_a_named_source_and_adds_none(data_dir, run):
    before = (data_dir / "sources.yaml").read_bytes()
    result = run("new", "--data", "data", *NEW, "--source", FIXTURE_SOURCE)
    assert result.code == 0, result.err
    record = yaml.safe_load((data_dir / "events/2026/2026-02-10-talks-resume.yaml").read_text())
    assert record["sources"] == [{"source": FIXTURE_SOURCE, "attribution": "reporting"}]
    assert (data_dir / "sources.yaml").read_bytes() == before


def test_new_adds_a_new_source_to_the_registry_and_the_result_checks_clean(data_dir, run):
    result = run("new", "--data", "data", *NEW, "--publisher", "Reuters", "--source-date", "2026-02-20")
    assert result.code == 0, result.err
    assert "added the source '2026-02-20-reuters'" in result.out + result.err
    registry = yaml.safe_load((data_dir / "sources.yaml").read_text())
    assert registry["2026-02-20-reuters"] == {"publisher": "Reuters", "date": dt.date(2026, 2, 20)}
    assert run("check", "--data", "data", "--today", TODAY, "--strict").code == 0
    again = run(
        "new",
        "--data",
        "data",
        "--title",
        "Talks resume again",
        *NEW[2:],
        "--publisher",
        "Reuters",
        "--source-date",
        "2026-02-20",
    )
    assert again.code == 0 and "added the source" not in again.out + again.err  # the same facts: reused


def test_new_writes_nothing_when_the_new_source_fails_the_check(data_dir, run):
    before = (data_dir / "sources.yaml").read_bytes()
    result = run(
        "new", "--data", "data", *NEW, "--publisher", "", "--publisher-note", "", "--source-date", "2026-02"
    )
    assert result.code in (1, 2)
    assert (data_dir / "sources.yaml").read_bytes() == before
    assert not (data_dir / "events/2026/2026-02-10-talks-resume.yaml").exists()


# --- the migration -------------------------------------------------------------------------

INLINE = """\
title: Third trilateral round opens in Geneva
date: 2026-02-17
status: happened
kind: talks
summary: Russian, Ukrainian and US officials meet for a third round.
places: [geneva]
actors: [russia, ukraine]
topics: [territory]
series: trilateral-talks
round: 3
positions:
  - actor: russia
    topic: territory
    stance: Ukraine must withdraw from Donbas.
    source: 2
sources:
  - publisher: The Moscow Times
    title: Next Round of Ukraine Talks Set for Next Week in Switzerland, Kremlin Says
    date: 2026-02-13
    attribution: named
    attributed_to: Dmitry Peskov, Kremlin spokesman
  # the copy names no publisher
  - date: 2026-01
    approximate: true
    date_note: >-
      The copy names no publisher and carries no date.
    attribution: reporting
    via: Politico
    quote: "We don't need a truce: we need peace."
related: []
"""


def _inline_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    (data / "sources.yaml").unlink()
    (data / "series.yaml").unlink()
    write_event(data, NAME, INLINE)
    write_event(
        data,
        "2026-02-18-second.yaml",
        INLINE.replace("round: 3", "round: 4").replace("date: 2026-02-17", "date: 2026-02-18"),
    )
    return data


def test_the_migration_groups_identical_sources_keeps_the_rest_and_checks_clean(tmp_path):
    data = _inline_data(tmp_path)
    migrate(data)
    registry = yaml.safe_load((data / "sources.yaml").read_text())
    assert sorted(registry) == ["2026-01-unsigned", FIXTURE_SOURCE]  # two events, two documents
    assert registry["2026-01-unsigned"]["publisher"] is None
    assert registry["2026-01-unsigned"]["publisher_note"] == "The copy names no publisher."
    assert registry[FIXTURE_SOURCE]["headline"].startswith("Next Round")
    text = (data / "events/2026" / NAME).read_text()
    assert text.startswith(INLINE.split("sources:")[0])  # everything before the block as it was
    assert text.endswith("related: []\n") and "  # the copy names no publisher\n" in text  # comments kept
    assert '    quote: "We don\'t need a truce: we need peace."\n' in text  # written as it was
    record = yaml.safe_load(text)
    assert [c["source"] for c in record["sources"]] == [FIXTURE_SOURCE, "2026-01-unsigned"]
    assert record["sources"][1]["via"] == "Politico"  # a claim's outlet stays with the claim
    assert record["positions"][0]["source"] == 2
    series = yaml.safe_load((data / "series.yaml").read_text())
    assert series == {"trilateral-talks": {"name": "Trilateral talks", "kind": "talks"}}
    _, problems = check_folder(data, dt.date.fromisoformat(TODAY))
    assert not [p for p in problems if p.severity != "notice"], problems


def test_the_migration_run_again_changes_nothing(tmp_path):
    data = _inline_data(tmp_path)
    migrate(data)
    after = {p: p.read_bytes() for p in sorted(data.rglob("*.yaml"))}
    assert migrate(data) == []
    assert {p: p.read_bytes() for p in sorted(data.rglob("*.yaml"))} == after


@given(
    st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30)),
    st.integers(0, 40),
    st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30)),
    st.integers(0, 40),
)
def test_a_happened_event_ends_by_the_day_its_latest_source_can_have_appeared(
    tmp_path_factory, start, length, published, window
):
    """after-latest-source, as a property: whatever the event's span and its only source's
    publication window, the rule fires exactly when the event may end after the source."""
    data = tmp_path_factory.mktemp("data")
    shutil.rmtree(data)
    shutil.copytree(FIXTURES / "valid", data)
    end = start + dt.timedelta(days=length)
    last = published + dt.timedelta(days=window)
    event = VALID_EVENT.replace(
        "date: 2026-02-17\nend: 2026-02-18", f"date: {start}" + (f"\nend: {end}" if length else "")
    )
    event = (
        event[: event.index("sources:")]
        + f"sources:\n  - source: {FIXTURE_SOURCE}\n    attribution: reporting\n"
    )
    (data / "events" / "2026" / NAME).unlink()
    write_event(data, f"{start}-talks.yaml", event, year=str(start.year))
    sources = yaml.safe_load((data / "sources.yaml").read_text())
    sources[FIXTURE_SOURCE]["date"] = {"not_before": published, "not_after": last} if window else published
    del sources["2026-02-bloomberg"]
    (data / "sources.yaml").write_text(yaml.safe_dump(sources))
    _, problems = check_folder(data, dt.date(2026, 11, 24))
    assert not [p for p in problems if p.severity == "error" and p.code != "after-latest-source"], problems
    fired = [p for p in problems if p.code == "after-latest-source"]
    assert bool(fired) == (end > last), (start, end, published, last)


# --- a number read from words ---------------------------------------------------------------

_DERIVED = "counts:\n  - what: people left without power\n    value: 2000000\n    qualifier: {q}\n    derived_from: millions\n    source: 1\n"


def test_a_number_read_from_words_shows_the_words_beside_it(data_dir):
    write_event(
        data_dir, NAME, VALID_EVENT.replace("sources:\n", _DERIVED.format(q="at-least") + "sources:\n", 1)
    )
    dataset, problems = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    from sourced_timeline.pages import build_pages

    page = next(p for p in build_pages(dataset) if p.src_uri == "events/2026-02-17-geneva-round.md")
    assert "people left without power: at least 2,000,000" in page.html
    assert "the source says “millions”: the least that can mean" in page.html


def test_a_number_read_from_words_is_only_ever_a_lower_bound(data_dir, check):
    text = VALID_EVENT.replace("sources:\n", _DERIVED.format(q="about") + "sources:\n", 1)
    write_event(data_dir, NAME, text)
    row = assert_reported(check(), _line_of(text, "counts:") + 1, "bad-value")
    assert "qualifier: at-least" in row


# --- a renamed event ------------------------------------------------------------------------


def test_a_renamed_event_leaves_a_page_at_its_former_address(data_dir):
    text = VALID_EVENT.replace(
        "sources:\n", "formerly: [2026-02-geneva-round, 2026-02-16-geneva]\nsources:\n", 1
    )
    write_event(data_dir, NAME, text.replace("Third trilateral round", "Third round & more"))
    dataset, problems = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    from sourced_timeline.site import assemble

    files = assemble(dataset, with_downloads=False).files
    for former in ("2026-02-geneva-round", "2026-02-16-geneva"):
        page = files[f"events/{former}/index.html"].decode()
        assert 'content="0; url=../../events/2026-02-17-geneva-round/"' in page
        assert "Third round &amp; more" in page and "round & more" not in page
    assert not any(
        path.startswith("events/2026-02-17-geneva-round/") for path in files
    )  # the page itself: MkDocs'


def test_updated_is_said_only_of_a_site_that_keeps_a_summary(data_dir):
    """Without summary.yaml the latest event's date is no update date (a history of
    1815–1985 was "updated 1 Jan 1985"); with one, its as_of is."""
    from sourced_timeline.pages import home_section

    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None and dataset.summary is None
    assert "Updated" not in home_section(dataset) and "Latest:" in home_section(dataset)
    (data_dir / "summary.yaml").write_text(
        "as_of: 2026-02-18\nbullets:\n  - text: A point.\n    events: [2026-02-17-geneva-round]\n"
    )
    dataset, problems = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    assert "Updated 18 Feb 2026" in home_section(dataset)
