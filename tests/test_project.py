"""The project's own data, docs and schema files hold together."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from sourced_timeline.check import check_folder
from sourced_timeline.schema import schema_documents
from sourced_timeline.vocabulary import read_vocabulary

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)


def test_project_data_passes_with_no_warnings():
    dataset, problems = check_folder(ROOT / "data", TODAY)
    assert [p for p in problems if p.severity != "notice"] == []
    assert dataset is not None and len(dataset.events) >= 20


def test_committed_schema_files_match_the_models():
    for name, text in schema_documents(read_vocabulary(ROOT / "data")).items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `timeline schema`"
        )


def test_every_record_file_carries_the_schema_modeline():
    for path in (ROOT / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        depth = len(path.relative_to(ROOT / "data").parts) - 1
        name = "event" if depth else path.stem
        expected = f"# yaml-language-server: $schema={'../' * (depth + 1)}schema/{name}.schema.json"
        assert first == expected, path


def test_documented_full_example_passes_the_checker(data_dir, check):
    doc = (ROOT / "docs" / "contributing" / "records.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- example:event -->\n```yaml\n(.*?)```", doc, re.S).group(1)
    sources = re.search(r"<!-- example:sources -->\n```yaml\n(.*?)```", doc, re.S).group(1)
    for source in ("actors", "topics", "places", "series"):
        shutil.copy(ROOT / "data" / f"{source}.yaml", data_dir / f"{source}.yaml")
    (data_dir / "sources.yaml").write_text(sources)
    (data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml").unlink()
    (data_dir / "events" / "2026" / "2026-02-17-geneva-trilateral-round.yaml").write_text(example)
    result = check("--strict")
    assert result.code == 0, result.out


def test_planned_events_past_their_date_say_the_outcome_is_unrecorded():
    dataset, _ = check_folder(ROOT / "data", TODAY)
    planned = [r.event for r in dataset.events if r.event.status == "planned"]
    assert planned
    assert all(e.as_of is not None and e.outcome == "unrecorded" for e in planned)


def test_every_source_names_publisher_and_date_and_derived_dates_have_notes():
    dataset, _ = check_folder(ROOT / "data", TODAY)
    assert dataset.sources
    for identifier, source in dataset.sources.items():
        # An unknown publisher is left out, never guessed, and the note says so.
        assert source.publisher or "names no publisher" in (source.publisher_note or ""), identifier
        if source.approximate:
            assert source.date_note, identifier
    for record in dataset.events:
        if record.event.approximate or record.event.date.precision != "day":
            assert record.event.date_note, record.id
