"""The state of play: parties, their current positions, what changed, and the matrix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.sitebuild import ROOT
from tests.test_axis import record
from timeline.check import check_folder
from timeline.dataset import Dataset
from timeline.model import Actor, Topic
from timeline.stances import matrix, party_of, standings, state_of_play, statements

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
    return Dataset(events, ACTORS, TOPICS, {})


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


def test_matrix_has_a_column_per_event_with_a_position_and_keeps_the_latest(ds):
    grid = matrix(ds, "territory")
    assert [r.id for r in grid.events] == ["2026-01-01-a", "2026-02-01-b", "2026-03-01-c"]
    assert [s.position.stance for s in grid.cells[("russia", "2026-02-01-b")]] == ["all of  DONBAS."]
    assert [r.id for r in matrix(ds, "territory", limit=2).events] == ["2026-02-01-b", "2026-03-01-c"]


@pytest.mark.slow
def test_home_and_topic_pages_show_the_state_of_play(project_site):
    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    play = state_of_play(dataset)
    home = (Path(project_site) / "index.html").read_text()
    table = home[home.index('<table class="tl-play">') : home.index("</table>")]
    assert re.findall(r'<th scope="row"><a href="topics/([^/]+)/">', table) == [t for t, _ in play.rows]
    topic = play.rows[0][0]
    page = (Path(project_site) / "topics" / topic / "index.html").read_text()
    cards = re.findall(r'<section class="tl-play-card"><h3>([^<]+)</h3>', page)
    assert sorted(cards) == sorted(dataset.actors[p].name for p in standings(statements(dataset, topic)))
    grid = matrix(dataset, topic)
    header = page[page.index('<table class="tl-matrix">') :]
    header = header[: header.index("</thead>")]
    assert header.count("#positions") == len(grid.events)


def test_each_topics_statements_are_worked_out_once_per_dataset(monkeypatch):
    """The home page, a topic's page and its grid all show a topic's statements: a build works
    them out once per topic, and a new Dataset (a rebuild's) works them out again."""
    from timeline import stances
    from timeline.pages import SiteOptions, build_pages, home_section

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
    again = Dataset(dataset.events, dataset.actors, dataset.topics, dataset.places)
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
    with_plan = Dataset((*ds.events, planned), ACTORS, TOPICS, {})
    assert standings(statements(with_plan, "territory"))["russia"].latest.record.id == "2026-02-01-b"
    play = dict(state_of_play(with_plan).rows)
    assert play["territory"]["russia"].latest.record.id == "2026-02-01-b"


@given(st.lists(st.sampled_from(["happened", "planned", "postponed", "cancelled"]), min_size=5, max_size=5))
def test_every_standing_was_stated_at_an_event_that_happened(ds, statuses):
    events = tuple(
        record(r.id, **{**r.event.model_dump(exclude_defaults=True), "status": status})
        for r, status in zip(ds.events, statuses, strict=True)
    )
    changed = Dataset(events, ACTORS, TOPICS, {})
    for topic in TOPICS:
        for standing in standings(statements(changed, topic)).values():
            assert standing.latest.record.event.status == "happened"
            assert standing.previous is None or standing.previous.record.event.status == "happened"
        for _, standing in state_of_play(changed).rows:
            assert all(s.latest.record.event.status == "happened" for s in standing.values())
