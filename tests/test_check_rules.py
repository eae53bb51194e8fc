"""Rules on one record and across records: what the checker says and where."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import TODAY, VALID_EVENT, write_event
from tests.test_bad_input import NAME, assert_reported, replace


def test_valid_fixture_passes(data_dir, check):
    result = check()
    assert result.code == 0, result.out
    assert result.out == ""
    assert "no problems found" in result.err


def test_unknown_field_suggests_the_right_name(data_dir, check):
    write_event(data_dir, NAME, replace("title:", "tittle:"))
    result = check()
    row = assert_reported(result, 1, "unknown-field")
    assert f"data/events/2026/{NAME}:1:1:" in row
    assert "unknown field 'tittle' (did you mean 'title'?)" in row
    assert_reported(result, 1, "missing-field")


def test_unknown_nested_field_is_placed_at_its_key(data_dir, check):
    write_event(data_dir, NAME, replace("    stance:", "    stanse:"))
    row = assert_reported(check(), 15, "unknown-field")
    assert ":15:5:" in row and "did you mean 'stance'?" in row


def test_every_problem_is_reported_at_once(data_dir, check):
    text = replace("end: 2026-02-18", "end: 2026-02-31").replace("status: happened", "status: done")
    write_event(data_dir, NAME, text)
    write_event(data_dir, "2026-02-20-second.yaml", replace("title:", "titel:"))
    result = check()
    assert_reported(result, 3, "bad-value")
    assert_reported(result, 4, "bad-value")
    assert_reported(result, 1, "unknown-field", path="data/events/2026/2026-02-20-second.yaml")


def test_ids_differing_only_in_case_collide(data_dir, check):
    write_event(data_dir, "2026-02-17-Geneva-Round.yaml", VALID_EVENT)
    result = check()
    assert "[duplicate-id]" in result.out
    assert result.code == 1


def test_same_round_of_a_series_twice_is_an_error(data_dir, check):
    write_event(data_dir, "2026-02-18-geneva-round-two.yaml", replace("date: 2026-02-17", "date: 2026-02-18"))
    assert_reported(check(), 11, "duplicate-round", path="data/events/2026/2026-02-18-geneva-round-two.yaml")


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("actors: [russia,", "actors: [rusia,", 8),
        ("topics: [territory]", "topics: [teritory]", 9),
        ("places: [geneva]", "places: [genf]", 7),
        ("round: 3", "round: 3\nrelated: [2026-01-01-nothing]", 12),
        ("  - actor: russia", "  - actor: ukrainee", 13),
        ("    topic: territory", "    topic: teritory", 14),
        ("topics: [territory]", "topics: [territory]\nmentioned: [kremlin]", 10),
    ],
)
def test_references_must_resolve(data_dir, check, old, new, line):
    write_event(data_dir, NAME, replace(old, new))
    row = assert_reported(check(), line, "unknown-ref")
    if "rusia" in new:
        assert "did you mean 'russia'?" in row


def test_the_ids_an_event_references_are_those_placed_field_by_field():
    """``Event.referenced`` (the ids, for the checker's fast paths) and ``Event.references``
    (each id with its place, for problems) name the same ids of the same registries."""
    from collections import Counter

    from sourced_timeline.load import load_file
    from sourced_timeline.model import Event
    from tests.sitebuild import ROOT

    paths = sorted((ROOT / "data" / "events").rglob("*.yaml"))
    assert paths
    for path in paths:
        event = Event.model_validate(load_file(path).data)
        placed = Counter((registry, value) for registry, _, value in event.references())
        assert placed == Counter((registry, i) for registry, ids in event.referenced() for i in ids)


def test_unknown_country_of_an_actor_is_reported(data_dir, check):
    text = (data_dir / "actors.yaml").read_text().replace("country: russia", "country: rusia")
    (data_dir / "actors.yaml").write_text(text)
    assert_reported(check(), 10, "unknown-ref", path="data/actors.yaml")


def test_alias_naming_two_actors_is_an_error(data_dir, check):
    with open(data_dir / "actors.yaml", "a") as handle:
        handle.write("someone:\n  name: Someone\n  kind: person\n  aliases: [medinsky]\n")
    assert_reported(check(), 16, "alias-clash", path="data/actors.yaml")


def test_end_before_start_is_an_error(data_dir, check):
    write_event(data_dir, NAME, replace("end: 2026-02-18", "end: 2026-02-16"))
    assert_reported(check(), 3, "end-before-start")


def test_month_precision_end_in_the_same_month_is_fine(data_dir, check):
    write_event(data_dir, NAME, replace("end: 2026-02-18", "end: 2026-02"))
    assert check().code == 0


def test_at_least_one_source_is_required(data_dir, check):
    text = VALID_EVENT.split("sources:")[0].replace("positions:", "positions: []\nx:").split("x:")[0]
    write_event(data_dir, NAME, text + "sources: []\n")
    assert "'sources' needs at least 1 item" in assert_reported(check(), 13, "too-few")


def _add_to_source(data_dir, line: str) -> int:
    """Add a field to the fixture's one source (the last entry of sources.yaml); its line number."""
    registry = data_dir / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text + f"  {line}\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://x.org/a", "file:///etc/passwd"]
)
def test_only_http_links_are_allowed(data_dir, check, url):
    line = _add_to_source(data_dir, f"url: '{url}'")
    assert "http" in assert_reported(check(), line, "bad-value", path="data/sources.yaml")


def test_https_link_is_accepted(data_dir, check):
    _add_to_source(data_dir, "url: https://example.org/a")
    _add_to_source(data_dir, "archive_url: https://web.archive.org/web/2026/https://example.org/a")
    assert check().code == 0


def test_happened_event_in_the_future_is_an_error(data_dir, check):
    text = replace("date: 2026-02-17", "date: 2026-12-01").replace("end: 2026-02-18", "end: 2026-12-02")
    write_event(data_dir, "2026-12-01-geneva-round.yaml", text)
    (data_dir / "events" / "2026" / NAME).unlink()
    row = assert_reported(
        check(), 4, "happened-in-future", path="data/events/2026/2026-12-01-geneva-round.yaml"
    )
    assert "status: planned" in row


def test_stale_plan_is_a_warning_that_strict_turns_into_failure(data_dir, check):
    write_event(data_dir, NAME, replace("status: happened", "status: planned"))
    result = check()
    assert result.code == 0
    assert f"data/events/2026/{NAME}:4:9: warning[stale-plan]" in result.out
    assert check("--strict").code == 1


def test_stale_plan_with_as_of_and_unrecorded_outcome_is_accepted(data_dir, check):
    text = replace("status: happened", "status: planned\nas_of: 2026-02-28\noutcome: unrecorded")
    write_event(data_dir, NAME, text)
    result = check("--strict")
    assert result.code == 0, result.out


def test_as_of_without_outcome_still_warns(data_dir, check):
    write_event(data_dir, NAME, replace("status: happened", "status: planned\nas_of: 2026-02-28"))
    assert "[stale-plan]" in check().out


def test_outcome_on_a_happened_event_is_an_error(data_dir, check):
    write_event(data_dir, NAME, replace("status: happened", "status: happened\noutcome: unrecorded"))
    assert_reported(check(), 5, "outcome-not-planned")


def test_named_attribution_needs_a_name(data_dir, check):
    write_event(data_dir, NAME, replace("    attributed_to: Dmitry Peskov, Kremlin spokesman\n", ""))
    line = VALID_EVENT.splitlines().index("    attribution: named") + 1
    assert_reported(check(), line, "unnamed-source")


def test_position_source_must_exist(data_dir, check):
    write_event(data_dir, NAME, replace("    source: 1", "    source: 3"))  # the event cites two
    assert_reported(check(), 16, "bad-source-index")


def test_position_actor_must_be_listed_on_the_event(data_dir, check):
    write_event(data_dir, NAME, replace("actors: [russia, ukraine, vladimir-medinsky]", "actors: [ukraine]"))
    assert_reported(check(), 13, "position-actor-not-listed")


def test_round_without_series_is_an_error(data_dir, check):
    write_event(data_dir, NAME, replace("series: trilateral-talks\n", ""))
    assert_reported(check(), 10, "round-without-series")


def test_event_in_the_wrong_year_folder(data_dir, check):
    write_event(data_dir, NAME, VALID_EVENT, year="2025")
    assert_reported(check(), 1, "wrong-folder", path=f"data/events/2025/{NAME}")


def test_id_date_disagreeing_with_the_record_date_is_a_warning(data_dir, check):
    write_event(data_dir, NAME, replace("date: 2026-02-17", "date: 2026-02-16"))
    result = check()
    assert result.code == 0
    assert f"data/events/2026/{NAME}:2:7: warning[id-date]" in result.out


def test_hidden_characters_in_text_are_refused(data_dir, check):
    write_event(data_dir, NAME, replace("title: Third", "title: Th\u202eird"))
    assert "RIGHT-TO-LEFT OVERRIDE" in assert_reported(check(), 1, "bad-character")


def test_missing_registry_is_reported(data_dir, check):
    (data_dir / "topics.yaml").unlink()
    assert_reported(check(), 1, "missing-file", path="data/topics.yaml")


def test_yml_extension_is_reported(data_dir, check):
    (data_dir / "events" / "2026" / NAME).rename(data_dir / "events" / "2026" / "2026-02-17-x.yml")
    assert_reported(check(), 1, "file-name", path="data/events/2026/2026-02-17-x.yml")


def test_json_format_lists_problems_as_objects(data_dir, check):
    write_event(data_dir, NAME, replace("title:", "tittle:"))
    result = check("--format", "json")
    problems = json.loads(result.out)
    assert result.code == 1
    first = next(p for p in problems if p["code"] == "unknown-field")
    assert first == {
        "path": f"data/events/2026/{NAME}",
        "line": 1,
        "column": 1,
        "code": "unknown-field",
        "message": "unknown field 'tittle'",
        "hint": "did you mean 'title'?",
        "severity": "error",
    }


def test_github_format_emits_workflow_annotations(data_dir, check):
    write_event(data_dir, NAME, replace("title:", "tittle:"))
    result = check("--format", "github")
    assert result.code == 1
    assert (
        f"::error file=data/events/2026/{NAME},line=1,col=1,title=unknown-field::"
        "unknown field 'tittle' (did you mean 'title'?)"
    ) in result.out.splitlines()


def test_usage_errors_exit_2(run, tmp_path):
    assert run("check", "--format", "xml").code == 2
    assert run("check", "--data", str(tmp_path / "missing")).code == 2
    assert run("frobnicate").code == 2


def test_actor_named_in_the_text_but_not_listed_gets_a_notice(data_dir, check):
    write_event(
        data_dir,
        NAME,
        replace(
            "summary: Russian, Ukrainian and US officials meet",
            "summary: Medinsky's team and Ukrainian officials meet",
        ),
    )
    (data_dir / "events" / "2026" / NAME).write_text(
        (data_dir / "events" / "2026" / NAME).read_text().replace(", vladimir-medinsky]", "]")
    )
    result = check("--strict")
    assert result.code == 0, result.out
    assert (
        f"data/events/2026/{NAME}:6:10: notice[actor-not-listed]: the summary names 'Medinsky' "
        "(vladimir-medinsky), not in actors (add vladimir-medinsky to actors if it took part, else to mentioned)"
    ) in result.out
    # Medinsky is now listed by no event at all: the registry entry is unused.
    assert "notice[unused-entry]: no event refers to the actor 'vladimir-medinsky'" in result.out
    assert "2 notice(s)" in result.err


def test_github_format_emits_notices_as_notices(data_dir, check):
    write_event(
        data_dir,
        NAME,
        replace("actors: [russia, ukraine, vladimir-medinsky]", "actors: [russia, ukraine]").replace(
            "Russian, Ukrainian", "Medinsky and Ukrainian"
        ),
    )
    assert "::notice file=" in check("--format", "github").out


def test_a_load_cache_rereads_only_changed_files_and_reports_the_same(data_dir, monkeypatch):
    import datetime as dt

    import sourced_timeline.check as check_module
    from sourced_timeline.check import LoadCache, check_folder

    today = dt.date.fromisoformat(TODAY)
    cache = LoadCache()
    read: list[str] = []
    real_load = check_module.load_file
    monkeypatch.setattr(
        check_module, "load_file", lambda path, shown: read.append(shown) or real_load(path, shown)
    )
    first, problems = check_folder(data_dir, today, cache)
    registries = {path.name for path in data_dir.glob("*.yaml")}
    assert first is not None and len(read) == len(registries) + 1  # the registries, the vocabulary, one event
    read.clear()
    again, _ = check_folder(data_dir, today, cache)
    assert read == [] and again is not None and again.events == first.events
    event = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    event.write_text(event.read_text().replace("kind: talks", "kind: talkz"))
    broken, problems = check_folder(data_dir, today, cache)
    assert [Path(shown).name for shown in read] == ["2026-02-17-geneva-round.yaml"] and broken is None
    assert [p.code for p in problems if p.severity == "error"] == ["unknown-kind"]
    assert check_folder(data_dir, today)[1] == problems  # the same as without a cache
    # The file name's problems: kept for an unchanged file, found again for a moved or edited one.
    event.write_text(event.read_text().replace("kind: talkz", "kind: talks"))
    moved = event.parent.parent / "2025" / event.name
    moved.parent.mkdir()
    event.rename(moved)
    for edit in ("date: 2026-02-17", "date: 2026-02-16", "date: 2026-02-16"):
        moved.write_text(re.sub(r"date: \S+", edit, moved.read_text(), count=1))
        _, problems = check_folder(data_dir, today, cache)
        assert "wrong-folder" in {p.code for p in problems}
        assert ("id-date" in {p.code for p in problems}) == edit.endswith("16")
        assert check_folder(data_dir, today)[1] == problems


def test_a_load_cache_reads_again_a_file_edited_twice_within_one_timestamp(data_dir):
    """Two edits of the same size within the file system's timestamp granularity leave size
    and modification time as they were: a file modified just before it was read is not kept."""
    import datetime as dt
    import os

    from sourced_timeline.check import LoadCache, check_folder

    today = dt.date.fromisoformat(TODAY)
    cache = LoadCache()
    event = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    event.write_text(event.read_text().replace("opens in Geneva", "opens in Genova"))
    stamp = event.stat().st_mtime_ns
    first, _ = check_folder(data_dir, today, cache)
    assert first is not None and "Genova" in first.events[0].event.title
    event.write_text(event.read_text().replace("opens in Genova", "opens in Geneva"))  # the same size
    os.utime(event, ns=(stamp, stamp))  # and the same time, as a coarse clock would leave it
    again, _ = check_folder(data_dir, today, cache)
    assert again is not None and "Geneva" in again.events[0].event.title


def test_a_load_cache_rechecks_unchanged_events_when_what_they_refer_to_changes(data_dir):
    import datetime as dt

    from sourced_timeline.check import LoadCache, check_folder

    today = dt.date.fromisoformat(TODAY)
    cache = LoadCache()
    assert check_folder(data_dir, today, cache)[0] is not None
    actors = data_dir / "actors.yaml"
    actors.write_text(actors.read_text().replace("vladimir-medinsky:", "vladimir-medinskii:"))
    dataset, problems = check_folder(data_dir, today, cache)
    assert dataset is None and "unknown-ref" in {p.code for p in problems}
    assert problems == check_folder(data_dir, today)[1]


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        (
            "{not_before: 2026-02-19, not_after: 2026-02-10}",
            "not_after 2026-02-10 is before not_before 2026-02-19",
        ),
        ("{not_before: 2026-02-17, not_after: 2026-02-30}", "not_after: '2026-02-30' is not a real date"),
        ("{not_before: 2026-02-17}", "needs both not_before and not_after; add not_after"),
        ("{not_before: 2026-02-17, not_after: 2026-02-20, about: 1}", "has only not_before and not_after"),
        (
            "{not_before: 2026-02-17, not_after: 2026-02-17}",
            "both bounds are 2026-02-17: write date: 2026-02-17",
        ),
        (
            "{not_before: 2026-02, not_after: 2026-02-01}",
            "the bounds leave one day, 2026-02-01: write date: 2026-02-01",
        ),
    ],
)
def test_bounds_out_of_order_unreal_or_incomplete_are_named_at_the_date(data_dir, check, bounds, message):
    write_event(data_dir, NAME, replace("date: 2026-02-17\nend: 2026-02-18\n", f"date: {bounds}\n"))
    row = assert_reported(check(), 2, "bad-value")
    assert message in row, row


def test_what_a_check_keeps_goes_to_the_oldest_generation_unvisited(data_dir):
    """The paused collector's survivors are promoted without a young collection visiting them
    all (which would only promote them); nothing another part froze is thawed."""
    import datetime as dt
    import gc

    from sourced_timeline.check import check_folder

    assert gc.isenabled()
    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    kept = [record.event.__dict__ for record in dataset.events]
    assert kept and all(id(item) in oldest for item in kept)

    frozen = [[index] for index in range(10)]
    gc.freeze()
    try:
        assert check_folder(data_dir, dt.date.fromisoformat(TODAY))[0] is not None
        collected = {id(item) for generation in range(3) for item in gc.get_objects(generation=generation)}
        assert not {id(frozen), *map(id, frozen)} & collected  # still frozen
    finally:
        gc.unfreeze()


def test_a_vocabulary_that_cannot_be_read_calls_no_kind_unknown(data_dir, check):
    """Its own problem is what to fix: a kind it declares must not be reported as undeclared
    meanwhile (a colour too pale made every new kind 'unknown')."""
    vocabulary = data_dir / "vocabulary.yaml"
    text = vocabulary.read_text().replace("  other:\n    label: Reports and other\n", "")
    text += "  award: {label: Award, lane: other}\n"
    text = text.replace(
        "lanes:\n", "lanes:\n  other:\n    label: Reports and other\n    colour: '#ffff00'\n", 1
    )
    vocabulary.write_text(text)
    write_event(data_dir, NAME, replace("kind: talks", "kind: award"))
    result = check()
    assert "too pale" in result.out and "[unknown-kind]" not in result.out, result.out
