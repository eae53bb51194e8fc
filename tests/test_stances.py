"""The state of play: parties, their current positions, what changed, and the matrix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourced_timeline import pages
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import Dataset
from sourced_timeline.model import Actor, Topic
from sourced_timeline.stances import (
    OLD_POSITION_DAYS,
    RECENT_CHANGE_DAYS,
    age_label,
    matrix,
    party_of,
    standings,
    state_of_play,
    statements,
)
from tests.sitebuild import ROOT
from tests.test_axis import SOURCES, record

ACTORS = {
    "russia": Actor(name="Russia", kind="state"),
    "ukraine": Actor(name="Ukraine", kind="state"),
    "eu": Actor(name="European Union", kind="organisation"),
    "peskov": Actor(name="Dmitry Peskov", kind="person", country="russia"),
    "analyst": Actor(name="An Analyst", kind="person"),
}
TOPICS = {"territory": Topic(name="Territory"), "nato": Topic(name="NATO"), "prisoners": Topic(name="POWs")}


def said(identifier: str, date: str, *positions: tuple[str, str, str]) -> Any:
    actors = sorted({actor for actor, _, _ in positions})
    topics = sorted({topic for _, topic, _ in positions})
    return record(
        identifier,
        date=date,
        actors=actors,
        topics=topics,
        positions=[{"actor": a, "topic": t, "stance": s, "source": 1} for a, t, s in positions],
    )


@pytest.fixture
def ds() -> Dataset:
    events = (
        said(
            "2026-01-01-a",
            "2026-01-01",
            ("russia", "territory", "All of Donbas."),
            ("ukraine", "territory", "No."),
        ),
        said("2026-02-01-b", "2026-02-01", ("peskov", "territory", "all of  DONBAS.")),
        said("2026-03-01-c", "2026-03-01", ("ukraine", "territory", "A free economic zone, perhaps.")),
        said("2026-03-02-d", "2026-03-02", ("analyst", "nato", "Never."), ("eu", "nato", "Later.")),
        said(
            "2026-03-03-e",
            "2026-03-03",
            ("russia", "prisoners", "All for all."),
            ("ukraine", "prisoners", "Yes."),
        ),
    )
    return Dataset(events, ACTORS, TOPICS, {}, sources=SOURCES)


def test_a_person_speaks_for_their_state_and_an_analyst_for_no_party(ds):
    assert party_of(ds, "peskov") == "russia"
    assert party_of(ds, "eu") == "eu"
    assert party_of(ds, "analyst") is None
    assert [s.party for s in statements(ds, "nato")] == ["eu"]


def test_latest_position_is_marked_changed_only_when_its_words_differ(ds):
    current = standings(statements(ds, "territory"))
    assert current["russia"].latest.position.actor == "peskov"
    assert not current["russia"].changed  # the same words, differently cased and spaced
    assert current["ukraine"].changed
    assert current["ukraine"].previous.record.id == "2026-01-01-a"


def test_state_of_play_lists_contested_topics_latest_first(ds):
    play = state_of_play(ds)
    assert [topic for topic, _ in play.rows] == ["prisoners", "territory"]  # NATO: one party only
    assert play.parties == ["russia", "ukraine"]


def test_configured_main_parties_are_the_columns_and_the_others_are_kept_apart(ds):
    play = state_of_play(ds, ["ukraine"])
    assert play.parties == ["ukraine"]
    assert play.others == ["russia"]
    assert [(topic, [p for p, _ in found]) for topic, found in play.other_rows] == [
        ("prisoners", ["russia"]),
        ("territory", ["russia"]),
    ]
    assert state_of_play(ds, ["russia", "ukraine"]).other_rows == []
    assert state_of_play(ds, limit=1).rows == state_of_play(ds).rows[:1]


@given(st.integers(min_value=0, max_value=3000))
def test_a_position_is_flagged_old_and_a_change_is_news_by_its_age_alone(days):
    events = (
        said("2026-01-01-a", "2026-01-01", ("russia", "territory", "All of Donbas.")),
        said("2026-02-01-b", "2026-02-01", ("russia", "territory", "Half of Donbas.")),
    )
    standing = standings(statements(Dataset(events, ACTORS, TOPICS, {}, sources=SOURCES), "territory"))[
        "russia"
    ]
    as_of = dt.date(2026, 2, 1) + dt.timedelta(days=days)
    assert standing.age_days(as_of) == days
    assert standing.is_old(as_of) == (days > OLD_POSITION_DAYS)
    assert standing.changed_recently(as_of) == (days <= RECENT_CHANGE_DAYS)
    assert standing.age_days(None) == 0 and not standing.is_old(None)
    label = age_label(days)
    assert (label.endswith(" old") and any(ch.isdigit() for ch in label)) or label == "over a year old"


def test_matrix_has_a_column_per_event_with_a_position_and_keeps_the_latest(ds):
    grid = matrix(ds, "territory")
    assert [r.id for r in grid.events] == ["2026-01-01-a", "2026-02-01-b", "2026-03-01-c"]
    assert [s.position.stance for s in grid.cells[("russia", "2026-02-01-b")]] == ["all of  DONBAS."]
    assert [r.id for r in matrix(ds, "territory", limit=2).events] == ["2026-02-01-b", "2026-03-01-c"]


@pytest.mark.slow
def test_home_and_topic_pages_show_the_state_of_play(project_site):
    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    assert dataset.summary is not None and dataset.summary.parties
    play = state_of_play(dataset, dataset.summary.parties)
    home = (Path(project_site) / "index.html").read_text()
    table = home[home.index('<table class="tl-play">') : home.index("</table>")]
    shown = re.findall(r'<th scope="row"><a href="topics/([^/]+)/">', table)
    assert shown == [t for t, _ in play.rows][: len(shown)] and 0 < len(shown) <= 5
    assert re.findall(r'<th scope="col">([^<]+)</th>', table)[1:] == [
        dataset.actors[p].name for p in dataset.summary.parties
    ]
    positions = (Path(project_site) / "topics" / "index.html").read_text()
    full = positions[positions.index('<table class="tl-play">') : positions.index("</table>")]
    assert re.findall(r'<th scope="row"><a href="\.\./topics/([^/]+)/">', full) == [t for t, _ in play.rows]
    others = positions[positions.index('<details class="tl-play-others">') :]
    others = others[: others.index("</details>\n")]
    for party in play.others:
        assert dataset.actors[party].name in others
    old = [
        s
        for _, row in play.rows
        for p, s in row.items()
        if p in play.parties and s.is_old(pages.current_as_of(dataset))
    ]
    assert full.count("tl-badge-old") == len(old)
    topic = play.rows[0][0]
    page = (Path(project_site) / "topics" / topic / "index.html").read_text()
    cards = re.findall(r'<section class="tl-play-card"><h3>([^<]+)</h3>', page)
    assert sorted(cards) == sorted(dataset.actors[p].name for p in standings(statements(dataset, topic)))
    grid = matrix(dataset, topic)
    table = page[
        page.index('<table class="tl-matrix">') : page.index(
            "</table>", page.index('<table class="tl-matrix">')
        )
    ]
    header, body = table.split("</thead>")
    assert re.findall(r'<th scope="col">([^<]+)</th>', header)[1:] == [
        dataset.actors[p].name for p in grid.parties
    ]
    rows = re.findall(r'<th scope="row"><a href="\.\./\.\./events/([^/]+)/#positions">', body)
    assert rows == [r.id for r in reversed(grid.events)]  # the latest first
    assert body.count('<details class="tl-cell">') == sum(map(len, grid.cells.values()))


def test_each_topics_statements_are_worked_out_once_per_dataset(monkeypatch):
    """The home page, a topic's page and its grid all show a topic's statements: a build works
    them out once per topic, and a new Dataset (a rebuild's) works them out again."""
    from sourced_timeline import stances
    from sourced_timeline.pages import SiteOptions, build_pages, home_section

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    assert dataset is not None and dataset.positions_by_topic
    worked_out: list[str] = []
    real = stances._statements
    monkeypatch.setattr(stances, "_statements", lambda d, t: worked_out.append(t) or real(d, t))
    build_pages(dataset, SiteOptions())
    home_section(dataset)
    assert sorted(worked_out) == sorted(set(worked_out)) and set(dataset.positions_by_topic) <= set(
        worked_out
    )
    again = Dataset(dataset.events, dataset.actors, dataset.topics, dataset.places, sources=dataset.sources)
    assert statements(again, next(iter(dataset.positions_by_topic))) == statements(
        dataset, next(iter(dataset.positions_by_topic))
    )
    assert len(worked_out) == len(set(worked_out)) + 1


def test_a_planned_position_is_no_partys_standing(ds):
    """The reproduction (issue 23, 13): a planned event dated 2100 carrying a position became
    that party's current stance in the state of play."""
    planned = record(
        "2100-01-01-plan",
        date="2100-01-01",
        status="planned",
        actors=["russia"],
        topics=["territory"],
        positions=[{"actor": "russia", "topic": "territory", "stance": "Everything.", "source": 1}],
    )
    with_plan = Dataset((*ds.events, planned), ACTORS, TOPICS, {}, sources=SOURCES)
    assert standings(statements(with_plan, "territory"))["russia"].latest.record.id == "2026-02-01-b"
    play = dict(state_of_play(with_plan).rows)
    assert play["territory"]["russia"].latest.record.id == "2026-02-01-b"


@given(st.lists(st.sampled_from(["happened", "planned", "postponed", "cancelled"]), min_size=5, max_size=5))
def test_every_standing_was_stated_at_an_event_that_happened(ds, statuses):
    events = tuple(
        record(r.id, **{**r.event.model_dump(exclude_defaults=True), "status": status})
        for r, status in zip(ds.events, statuses, strict=True)
    )
    changed = Dataset(events, ACTORS, TOPICS, {}, sources=SOURCES)
    for topic in TOPICS:
        for standing in standings(statements(changed, topic)).values():
            assert standing.latest.record.event.status == "happened"
            assert standing.previous is None or standing.previous.record.event.status == "happened"
        for _, standing in state_of_play(changed).rows:
            assert all(s.latest.record.event.status == "happened" for s in standing.values())
