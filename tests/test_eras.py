"""Eras (issue 26, item 5): named periods in data/eras.yaml, checked, drawn as bands across
the time axis and named below it, exported to TimelineJS and imported back."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from sourced_timeline import importer
from sourced_timeline.check import check_folder
from sourced_timeline.exports import timelinejs
from sourced_timeline.pages import PageCache, time_axis
from tests.conftest import FIXTURES, TODAY

ERAS = """\
later-talks:
  name: Talks & truces
  start: 2026-02
  end: 2026-03-15
early:
  name: The first months
  start: 2025
  end: 2026-01
"""


def _data(tmp_path: Path, eras: str = ERAS) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    (data / "eras.yaml").write_text(eras, encoding="utf-8")
    return data


def _checked(data: Path):
    dataset, problems = check_folder(data, dt.date.fromisoformat(TODAY))
    return dataset, [(p.line, p.column, p.code, p.message) for p in problems]


def test_eras_are_checked_and_kept_in_date_order(tmp_path):
    dataset, problems = _checked(_data(tmp_path))
    assert problems == [] and dataset is not None
    assert list(dataset.eras) == ["early", "later-talks"]
    assert dataset.eras["early"].end.last_day == dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("eras", "where", "code"),
    [
        ("x:\n  name: X\n  start: 2026\n  end: 2025\n", (2, 3), "bad-value"),
        ("x:\n  name: X\n  start: 2026\n  end: 2026\n  colour: red\n", (5, 3), "unknown-field"),
        ("x:\n  name: X\n  start: 2026-13\n  end: 2027\n", (3, 10), "bad-value"),
        ("- x\n", (1, 1), "not-a-mapping"),
    ],
)
def test_a_bad_era_is_an_error_at_its_line_and_column_and_no_site_is_made(tmp_path, eras, where, code):
    dataset, problems = _checked(_data(tmp_path, eras))
    assert dataset is None
    assert [(line, column, found) for line, column, found, _ in problems] == [(*where, code)], problems


def test_the_axis_draws_each_era_as_a_band_and_names_it_with_its_dates(tmp_path):
    dataset, _ = _checked(_data(tmp_path))
    axis = str(time_axis(dataset, "timeline.md"))
    first = dt.date.fromisoformat(re.search(r'data-first="([\d-]+)"', axis).group(1))
    bands = re.findall(r'<g data-d="(-?\d+)" data-n="(\d+)"[^>]*><title>([^<]+)</title>', axis)
    assert [(first + dt.timedelta(days=int(d)), int(n), name) for d, n, name in bands] == [
        (dt.date(2025, 1, 1), (dt.date(2026, 1, 31) - dt.date(2025, 1, 1)).days + 1, "The first months"),
        (dt.date(2026, 2, 1), (dt.date(2026, 3, 15) - dt.date(2026, 2, 1)).days + 1, "Talks &amp; truces"),
    ]
    line = re.search(r'<p class="tl-axis-eras">(.*?)</p>', axis).group(1)
    assert line == "Periods: The first months (2025 – Jan 2026) · Talks &amp; truces (Feb 2026 – 15 Mar 2026)"
    # The marks' rows start below the strip that names the eras: the frame says where.
    assert 'data-top="40"' in axis


def test_an_edited_era_redraws_a_cached_axis(tmp_path):
    data = _data(tmp_path)
    cache = PageCache()
    cache.next_generation()
    before = time_axis(_checked(data)[0], "timeline.md", cache=cache)
    (data / "eras.yaml").write_text(ERAS.replace("The first months", "The opening months"))
    cache.next_generation()
    after = time_axis(_checked(data)[0], "timeline.md", cache=cache)
    assert "The opening months" in after and after != before


def test_the_timelinejs_export_carries_the_eras_and_imports_back_as_they_were(tmp_path, monkeypatch):
    dataset, _ = _checked(_data(tmp_path))
    document = json.loads(timelinejs(dataset))
    assert [era["text"]["headline"] for era in document["eras"]] == ["The first months", "Talks &amp; truces"]
    exported = tmp_path / "timelinejs.json"
    exported.write_bytes(timelinejs(dataset))
    target = tmp_path / "new"
    (target / "data").mkdir(parents=True)
    monkeypatch.chdir(target)
    code = importer.main(
        [str(exported), "--publisher", "Us", "--source-date", "2026-03-20", "--today", TODAY]
    )
    assert code == 0
    back = yaml.safe_load((target / "data" / "eras.yaml").read_text())
    original = yaml.safe_load(ERAS)
    assert sorted((e["name"], str(e["start"]), str(e["end"])) for e in back.values()) == sorted(
        (e["name"], str(e["start"]), str(e["end"])) for e in original.values()
    )
