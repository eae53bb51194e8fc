"""Possible duplicates: found in near-linear work, one warning per event with look-alikes.

The contract (issue 23, 1): no input makes the comparison quadratic, in time or in
problems; where the bounded index can see every pair, it finds every look-alike that
comparing each pair finds.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sourced_timeline import duplicates
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import EventRecord
from sourced_timeline.duplicates import MAX_CANDIDATES, possible_duplicates
from sourced_timeline.load import Document
from sourced_timeline.model import Event
from tests.conftest import FAMILY_OF, FIXTURE_SOURCE, FIXTURE_VOCABULARY, TODAY

ACTORS = ["russia", "ukraine", "united-states", "vladimir-medinsky", "rustem-umerov", "steve-witkoff"]
TITLES = ["Talks in Geneva", "Talks in Geneva resume", "Prisoner exchange", "Strike on Kyiv", "Geneva talks"]
KINDS = ["talks", "meeting", "exchange", "strike"]


def _record(number: int, title: str, date: str, kind: str, actors: list[str], **more: object):
    identifier = f"2026-01-event-{number}"
    data = {
        "title": title,
        "date": date,
        "status": "happened",
        "kind": kind,
        "summary": "Something happened.",
        "actors": actors,
        "sources": [{"source": FIXTURE_SOURCE, "attribution": "reporting"}],
        **more,
    }
    path = f"data/events/2026/{identifier}.yaml"
    return EventRecord(identifier, path, Event.model_validate(data)), Document(
        path, data, yaml.safe_dump(data)
    )


def _look_alike(a: EventRecord, b: EventRecord) -> bool:
    """The definition, pair by pair."""
    x, y = a.event, b.event

    def window(event: Event) -> tuple[dt.date, dt.date]:
        first = event.date.first_day
        return first, max(event.end.last_day if event.end else event.date.last_day, first)

    (a0, a1), (b0, b1) = window(x), window(y)
    from rapidfuzz import fuzz

    return (
        (a1 - a0).days <= duplicates.WINDOW_DAYS
        and (b1 - b0).days <= duplicates.WINDOW_DAYS
        and FAMILY_OF[x.kind] == FAMILY_OF[y.kind]
        and a0 <= b1
        and b0 <= a1
        and len(set(x.actors) & set(y.actors)) >= 2
        and b.id not in x.distinct_from
        and a.id not in y.distinct_from
        and not (x.series and x.series == y.series and x.round != y.round)
        and fuzz.token_set_ratio(x.title.casefold(), y.title.casefold()) >= duplicates.TITLE_SIMILARITY
    )


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the title comparisons the check makes."""
    calls = [0]
    real = duplicates.fuzz.token_set_ratio

    def counting(*args: object, **kwargs: object) -> float:
        calls[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(duplicates.fuzz, "token_set_ratio", counting)
    return calls


@pytest.mark.slow
def test_a_thousand_identical_records_give_one_warning_each_in_linear_work(monkeypatch):
    """The reproduction: 1,000 look-alike files made 999,000 warnings (every pair, both sides)."""
    records = [
        _record(i, f"Talks in Geneva {i}", "2026-01", "talks", ["russia", "ukraine"]) for i in range(1000)
    ]
    calls = _counted(monkeypatch)
    problems = possible_duplicates(records, FIXTURE_VOCABULARY)
    assert len(problems) == len(records)
    assert {p.path for p in problems} == {document.path for _, document in records}
    assert calls[0] <= len(records)  # each joins the group once; pairs in one group are not compared
    assert all("one of 1000 look-alike events" in p.message for p in problems)
    assert max(len(p.message) for p in problems) < 600  # the names are capped


def test_comparisons_stay_bounded_when_no_titles_are_alike(monkeypatch):
    """Titles that never match make every candidate a comparison: still at most
    MAX_CANDIDATES for each event, whatever number of actors they share."""
    titles = [f"{'abcdefghij'[i % 10]}{i} {i * 7919 % 10007}" for i in range(600)]
    records = [_record(i, titles[i], "2026-01-05", "talks", ACTORS) for i in range(600)]
    calls = _counted(monkeypatch)
    possible_duplicates(records, FIXTURE_VOCABULARY)
    assert calls[0] <= MAX_CANDIDATES * len(records)


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(TITLES),
        st.sampled_from(["2026-01", "2026-01-05", "2026-01-06", "2026-02", "2026"]),
        st.sampled_from(KINDS),
        st.lists(st.sampled_from(ACTORS), min_size=0, max_size=4, unique=True),
        st.sampled_from([None, 1, 2]),
    ),
    max_size=MAX_CANDIDATES,
)


@given(EVENTS, st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=6))
def test_where_every_pair_is_seen_every_look_alike_is_warned(events, distinct):
    """With no more events than the candidates each may be compared with, the warned events
    are exactly those in a look-alike pair, and each names only look-alikes of its group."""
    records = []
    for number, (title, date, kind, actors, round_) in enumerate(events):
        marked = sorted({f"2026-01-event-{b}" for a, b in distinct if a == number and b != number})
        more = {"series": "geneva-talks", "round": round_} if round_ else {}
        records.append(_record(number, title, date, kind, actors, distinct_from=marked, **more))
    warned = {p.path for p in possible_duplicates(records, FIXTURE_VOCABULARY)}
    expected = {
        document.path
        for (a, da), (b, db) in combinations(records, 2)
        if _look_alike(a, b)
        for document in (da, db)
    }
    assert warned == expected


@given(st.integers(2, 60), st.integers(1, 8))
def test_problems_never_outnumber_the_events(count, actor_count):
    records = [
        _record(i, "Talks in Geneva", "2026-01-05", "talks", ACTORS[:actor_count] or ["russia"])
        for i in range(count)
    ]
    assert len(possible_duplicates(records, FIXTURE_VOCABULARY)) <= count


def test_the_check_of_look_alike_files_reports_each_file_once(tmp_path: Path):
    """End to end through `check_folder`: files, not records."""
    data = tmp_path / "data"
    import shutil

    from tests.conftest import FIXTURES

    shutil.copytree(FIXTURES / "valid", data)
    for i in range(300):
        (data / "events" / "2026" / f"2026-01-talks-{i}.yaml").write_text(
            f"title: Talks in Geneva {i}\ndate: 2026-01\nstatus: happened\nkind: talks\n"
            "summary: Talks.\nactors: [russia, ukraine]\n"
            f"sources:\n  - source: {FIXTURE_SOURCE}\n    attribution: reporting\n"
        )
    _, problems = check_folder(data, dt.date.fromisoformat(TODAY))
    found = [p for p in problems if p.code == "possible-duplicate"]
    assert len(found) == len({p.path for p in found}) == 300
