"""`timeline import` (sourced_timeline/importer.py): all or nothing, never a traceback (issue 23, items 5, 9, 10).

Every bad slide is reported at once by index and field (exit 2); nothing is written unless
the new records pass the check under the fail_on policy (else exit 1, "nothing written");
no input value reaches the terminal with a control character in it. The reproductions of
the issue are regression tests; the properties run the importer on any JSON value, on
slides built from good and bad parts, and on any sheet.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event as hypothesis_event
from hypothesis import example, given
from hypothesis import strategies as st

from sourced_timeline import importer as import_timeline
from sourced_timeline.check import check_folder
from sourced_timeline.policy import load_policy
from tests.conftest import FIXTURES, TODAY

SOURCE = ["--publisher", "Example Desk", "--source-date", "2026-03"]
HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 controls but the line feed: none may reach the terminal."""


def good(headline: str = "Talks resume", **date: Any) -> dict[str, Any]:
    """A slide the importer accepts, dated 2026-03 unless told."""
    return {"start_date": date or {"year": "2026", "month": "3"}, "text": {"headline": headline}}


@dataclass
class Run:
    code: int
    out: str
    err: str


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under the folder: a file's bytes, None for a folder."""
    return {
        str(path.relative_to(folder)): (
            path.read_bytes() if path.is_file() and not path.is_symlink() else None
        )
        for path in sorted(folder.rglob("*"))
    }


def _fresh_data(parent: Path) -> Path:
    data = parent / "data"
    shutil.copytree(FIXTURES / "valid", data)
    return data


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working directory) with a copy of the valid data and this
    project's policy: warnings fail."""
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warning"\n')
    _fresh_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def importer(project: Path, capsys: pytest.CaptureFixture[str]):
    """Run the importer in-process on a file holding CONTENT (JSON for a value, else text);
    the data folder is ./data unless --data is given."""

    def invoke(content: Any, *args: str, name: str = "timeline.json", source: bool = True) -> Run:
        path = project / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content), encoding="utf-8")
        extra = [] if "--data" in args else ["--data", "data"]
        code = import_timeline.main([str(path), *extra, *(SOURCE if source else []), "--today", TODAY, *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return invoke


def events_in(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in (data / "events").rglob("*.yaml"))


# --- the reproductions of the issue: each a traceback or a half-import before ---

BAD_SLIDES = [
    pytest.param({"start_date": {"year": "1e400"}}, "start_date.year", id="year-1e400"),
    pytest.param({"start_date": {"year": "NaN"}}, "start_date.year", id="year-NaN-text"),
    pytest.param({"start_date": {"year": 2026, "month": 13}}, "start_date.month", id="month-13"),
    pytest.param({"start_date": {"year": 2026, "month": 2, "day": 31}}, "start_date.day", id="31-february"),
    pytest.param({"edtf": "2026-13"}, "edtf", id="edtf-month-13"),
    pytest.param({"start_date": {"year": 2026}, "text": "s"}, "text", id="text-not-an-object"),
    pytest.param({"start_date": {"year": 2026}, "text": {"headline": 5}}, "text.headline", id="headline-5"),
    pytest.param({"start_date": {"year": True}}, "start_date.year", id="year-true"),
    pytest.param({"start_date": {"year": 2026.9}}, "start_date.year", id="year-2026.9"),
    pytest.param({"start_date": {"year": 2026, "month": "2.5"}}, "start_date.month", id="month-2.5-text"),
    pytest.param(
        {"start_date": {"year": "2026"}, "end_date": {"year": "x"}}, "end_date.year", id="end-year-x"
    ),
    pytest.param({"start_date": {"year": 2026, "day": 3}}, "start_date.day", id="day-without-month"),
    pytest.param({"start_date": "2026"}, "start_date", id="start-date-not-an-object"),
    pytest.param({"text": {"headline": "No date"}}, "start_date.year", id="no-date"),
    pytest.param({"start_date": {"year": 2026}, "group": ["talks"]}, "group", id="group-a-list"),
    pytest.param({"edtf": 2026}, "edtf", id="edtf-a-number"),
]


@pytest.mark.parametrize(("bad", "field"), BAD_SLIDES)
def test_a_bad_slide_after_a_good_one_is_reported_by_index_and_field_and_nothing_is_written(
    importer, project, bad, field
):
    before = snapshot(project / "data")
    result = importer({"events": [good(), bad]})
    assert result.code == 2, result.err
    assert f"slide 2 (events[1]), {field}: " in result.err
    assert "slide 1" not in result.err and "nothing written" in result.err
    assert snapshot(project / "data") == before


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2], "the file holds a list, not a TimelineJS object"),
        ({"title": {}}, 'has no "events" list'),
        ({"events": {"0": {}}}, 'has an object as its "events" list'),
        ("null", "the file holds null"),
    ],
)
def test_a_document_that_is_not_a_timeline_is_unusable(importer, project, document, message):
    before = snapshot(project / "data")
    result = importer(document if not isinstance(document, str) else json.loads(document))
    assert result.code == 2 and message in result.err and "nothing written" in result.err
    assert snapshot(project / "data") == before


def test_slides_that_are_not_objects_are_each_reported(importer, project):
    before = snapshot(project / "data")
    result = importer({"events": [1, good(), "x", None]})
    assert result.code == 2
    assert "slide 1 (events[0]), the slide: 1 is not a slide object" in result.err
    assert "slide 3 (events[2]), the slide: the text 'x' is not a slide object" in result.err
    assert "slide 4 (events[3])" in result.err and "3 bad slide(s)" in result.err
    assert snapshot(project / "data") == before


def test_every_bad_slide_and_field_is_reported_in_one_run(importer):
    slides = [good()] + [dict(values[0]) for values in (param.values for param in BAD_SLIDES)]
    slides.append({"start_date": {"year": True, "month": 13, "day": "x"}, "text": {"text": 5}})
    result = importer({"events": slides})
    assert result.code == 2
    for index, param in enumerate(BAD_SLIDES, start=1):
        assert f"timeline.json: slide {index + 1} (events[{index}]), {param.values[1]}: " in result.err
    last = len(slides) - 1
    for field in ("start_date.year", "start_date.month", "start_date.day", "text.text"):
        assert f"slide {last + 1} (events[{last}]), {field}: " in result.err
    assert f"{len(slides) - 1} bad slide(s) in timeline.json: nothing written" in result.err


def test_bare_nan_and_infinity_are_not_years(importer, project):
    text = '{"events": [{"start_date": {"year": NaN}}, {"start_date": {"year": 1e400}}]}'
    result = importer(text)
    assert result.code == 2
    assert "slide 1 (events[0]), start_date.year: NaN is not a whole number" in result.err
    assert "slide 2 (events[1]), start_date.year: Infinity is not a whole number" in result.err


def test_years_as_timelinejs_writes_them_and_integral_numbers_are_read(importer, project):
    slides = [
        good("As text", year="2026", month="3", day="4"),
        good("As a number", year=2026, month=3),
        good("As an integral float", year=2026.0, month=3.0, day=5.0),
        good("Padded", year=" 2025 ", month="", day=None),
    ]
    result = importer({"events": slides})
    assert result.code == 0, result.err
    assert events_in(project / "data") == [
        "events/2025/2025-padded.yaml",
        "events/2026/2026-02-17-geneva-round.yaml",
        "events/2026/2026-03-04-as-text.yaml",
        "events/2026/2026-03-05-as-an-integral-float.yaml",
        "events/2026/2026-03-as-a-number.yaml",
    ]
    record = yaml.safe_load((project / "data/events/2026/2026-03-04-as-text.yaml").read_text())
    cited = record["sources"][0]["source"]
    registry = yaml.safe_load((project / "data/sources.yaml").read_text())
    assert record["date"] == "2026-03-04" and registry[cited]["publisher"] == "Example Desk"
    other = yaml.safe_load((project / "data/events/2026/2026-03-as-a-number.yaml").read_text())
    assert other["sources"] == [{"source": cited, "attribution": "document"}], "one entry for them all"


def test_the_timelinejs_edtf_key_keeps_bounds_and_approximation(importer, project):
    slides = [
        {"edtf": "[2026-01-25..2026-02-13]", "text": {"headline": "Exchange"}, "start_date": {"year": "x"}},
        {"edtf": "2026-03-04~/2026-03-05~", "text": {"headline": "Meeting"}},
    ]
    result = importer({"events": slides})
    assert result.code == 0, result.err
    bounded = yaml.safe_load((project / "data/events/2026/2026-01-25-exchange.yaml").read_text())
    assert bounded["date"] == {"not_before": "2026-01-25", "not_after": "2026-02-13"}
    meeting = yaml.safe_load((project / "data/events/2026/2026-03-04-meeting.yaml").read_text())
    assert meeting["end"] == "2026-03-05" and meeting["approximate"] is True


# --- sheets ---


def test_a_sheet_reports_every_bad_row_by_slide_and_row(importer, project):
    before = snapshot(project / "data")
    sheet = HEADER + (
        "2026,3,,,,,,,,Fine,,,,,,,,\n"
        "2026,13,,,,,,,,Month thirteen,,,,,,,,\n"
        "abc,,,,,,,,,Not a year,,,,,,,,\n"
        "2026,2,30,,,,,,,Thirtieth,,,,,,,,\n"
        "true,,,,,,,,,Boolean,,,,,,,,\n"
        "2026,,,,2026,2,31,,,End,,,,,,,,\n"
    )
    result = importer(sheet, name="sheet.csv")
    assert result.code == 2
    assert "sheet.csv: slide 2 (row 3), Month: 13 is not a month" in result.err
    assert "sheet.csv: slide 3 (row 4), Year: 'abc' is not a whole number" in result.err
    assert "sheet.csv: slide 4 (row 5), Day: there is no 30 February 2026" in result.err
    assert "sheet.csv: slide 5 (row 6), Year: 'true' is not a whole number" in result.err
    assert "sheet.csv: slide 6 (row 7), End Day: there is no 31 February 2026" in result.err
    assert "slide 1 " not in result.err and "5 bad slide(s)" in result.err
    assert snapshot(project / "data") == before


def test_a_sheet_with_an_edtf_column_is_dated_by_it_and_title_rows_are_skipped(importer, project):
    sheet = (
        "Year,Month,Headline,Text,Type,EDTF\n"
        ",,The whole story,,title,\n"
        "2026,1,Exchange,Prisoners are exchanged.,,[2026-01-25..2026-02-13]\n"
        "\n"
        "2026,,Bad edtf,,,2026-13\n"
    )
    result = importer(sheet, name="sheet.csv")
    assert result.code == 2 and "slide 4 (row 5), EDTF: '2026-13' has no month 13" in result.err
    assert "skipped slide 1 (row 2), the title slide: it introduces the timeline" in result.err
    result = importer(sheet.replace("2026-13", "2026-03~"), name="sheet.csv")
    assert result.code == 0, result.err
    assert events_in(project / "data")[:2] == [
        "events/2026/2026-01-25-exchange.yaml",
        "events/2026/2026-02-17-geneva-round.yaml",
    ]
    assert yaml.safe_load((project / "data/events/2026/2026-03-bad-edtf.yaml").read_text())["approximate"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Headline,Text\nx,y\n", "neither a Year nor an EDTF column"),
        ("", "no header row"),
        ("Year,year\n2026,2026\n", "names the column 'year' twice"),
        ("Year\n" + "9" * 200_000 + "\n", "field larger than field limit"),
        (b"Year\n2026,Gen\xe8ve\n", "not UTF-8 text"),
    ],
)
def test_a_sheet_that_cannot_be_read_is_unusable(importer, project, content, message):
    before = snapshot(project / "data")
    result = importer(content, name="sheet.csv")
    assert result.code == 2 and message in result.err and "nothing written" in result.err
    assert snapshot(project / "data") == before


# --- unusable files and options ---


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"events": [' + "9" * 5000 + "]}", "not JSON"),
        (b'{"events": ["Gen\xe8ve"]}', "not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_json_is_unusable(importer, project, content, message):
    before = snapshot(project / "data")
    result = importer(content)
    assert result.code == 2 and message in result.err and "nothing written" in result.err
    assert snapshot(project / "data") == before


def test_a_missing_file_or_data_folder_is_unusable_and_creates_nothing(importer, project, capsys):
    assert import_timeline.main([str(project / "none.json"), "--data", "data", *SOURCE]) == 2
    assert "cannot read it" in capsys.readouterr().err
    result = importer({"events": [good()]}, "--data", "elsewhere")
    assert result.code == 2 and "no data folder at elsewhere" in result.err
    assert not (project / "elsewhere").exists()


def test_a_source_needs_both_publisher_and_date(importer, project):
    before = snapshot(project / "data")
    for options in (["--publisher", "Desk"], ["--source-date", "2026"], ["--url", "https://example.org"]):
        result = importer({"events": [good()]}, *options, source=False)
        assert result.code == 2 and "--publisher and --source-date" in result.err
    assert snapshot(project / "data") == before


# --- the check, in a staging copy ---


def test_records_that_fail_the_check_are_not_written_and_problems_name_the_real_paths(importer, project):
    before = snapshot(project / "data")
    result = importer({"events": [good("First"), good("Second", year="2025")]}, source=False)
    assert result.code == 1
    assert result.out.count("missing required field 'sources'") == 2
    assert "data/events/2026/2026-03-first.yaml:" in result.out
    assert "data/events/2025/2025-second.yaml:" in result.out
    assert "timeline-import-" not in result.out + result.err  # the staging folder is never shown
    assert "data/events/2026/2026-03-first.yaml would be slide 1 (events[0]) of timeline.json" in result.err
    assert result.err.rstrip().endswith("nothing written")
    assert snapshot(project / "data") == before
    assert not list(Path(tempfile.gettempdir()).glob("timeline-import-*"))


def test_a_bad_source_date_fails_the_check_and_writes_nothing(importer, project):
    before = snapshot(project / "data")
    result = importer({"events": [good()]}, "--publisher", "Desk", "--source-date", "2026-13", source=False)
    assert result.code == 1 and "nothing written" in result.err
    assert snapshot(project / "data") == before


def test_warnings_fail_under_the_projects_policy_and_an_explicit_fail_on_is_honoured(importer, project):
    (project / "data" / "notes.txt").write_text("not a record\n")  # a warning: ignored-file
    assert load_policy(project).fail_on == "warning"
    before = snapshot(project / "data")
    result = importer({"events": [good()]})
    assert result.code == 1 and "warning[ignored-file]" in result.out
    assert 'check failed: errors and warnings fail; notices never do (fail_on = "warning"' in result.err
    assert snapshot(project / "data") == before
    result = importer({"events": [good()]}, "--fail-on", "error")
    assert result.code == 0, result.err
    assert "events/2026/2026-03-talks-resume.yaml" in events_in(project / "data")


def test_the_policy_is_read_from_pyproject(importer, project):
    (project / "data" / "notes.txt").write_text("not a record\n")
    (project / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "error"\n')
    assert importer({"events": [good()]}).code == 0
    (project / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "sometimes"\n')
    result = importer({"events": [good("Another")]})
    assert result.code == 2 and "pyproject.toml" in result.err and "'sometimes'" in result.err


def test_an_existing_record_is_kept_and_said_so(importer, project):
    assert importer({"events": [good()]}).code == 0
    written = (project / "data/events/2026/2026-03-talks-resume.yaml").read_bytes()
    result = importer({"events": [good(), good()]})
    assert result.code == 0
    assert "skipped slide 1 (events[0]): data/events/2026/2026-03-talks-resume.yaml exists" in result.err
    assert "skipped slide 2 (events[1])" in result.err and "wrote 0 records" in result.err
    assert (project / "data/events/2026/2026-03-talks-resume.yaml").read_bytes() == written


def test_a_write_that_fails_part_way_removes_what_it_created(importer, project, monkeypatch):
    before = snapshot(project / "data")
    data = (project / "data").resolve()
    real_create = import_timeline.create_record
    created: list[str] = []

    def failing_create(folder: Path, relative: str, text: str) -> Path:
        if Path(folder).resolve() == data:  # not the staging copy
            created.append(relative)
            if len(created) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_create(folder, relative, text)

    monkeypatch.setattr(import_timeline, "create_record", failing_create)
    result = importer({"events": [good("One", year="2024"), good("Two", year="2025")]})
    assert result.code == 2 and "No space left on device" in result.err and "nothing written" in result.err
    assert len(created) == 2
    assert snapshot(project / "data") == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_the_data_folder_is_reported_by_the_check_never_read(importer, project):
    os.mkfifo(project / "data" / "events" / "2026" / "pipe.yaml")  # reading it would block
    before = snapshot(project / "data")
    result = importer({"events": [good()]})
    assert result.code == 1 and "data/events/2026/pipe.yaml:1:1: error[not-a-file]" in result.out
    assert "nothing written" in result.err and snapshot(project / "data") == before


def test_no_control_character_from_the_input_reaches_the_terminal(importer, project):
    hostile = "\x1b]0;pwned\x07\x1b[2J\r::error::forged\n\x85\x9b"
    slides = [
        {"start_date": {"year": hostile}},
        {"start_date": {"year": 2026}, "text": {"headline": hostile}},
        {"edtf": hostile},
        {"start_date": {"year": 2026}, "group": {hostile: 1}},
    ]
    results = [
        importer({"events": slides}),
        importer({"events": slides}, name=f"evil{hostile[:3]}.json"),
        importer({hostile: []}),
        importer(HEADER + f'"{hostile}",,,,,,,,,x,,,,,,,,\n', name="sheet.csv"),
        importer(f"Year,{hostile}\n2026,1\n", name="sheet.csv"),
        importer(f"Year,Year\n{hostile},1\n", name="sheet.csv"),
    ]
    url = ["--publisher", hostile, "--source-date", "2026", "--url", f"https://e.org/{hostile}"]
    results.append(importer({"events": [good()]}, *url, source=False))
    for result in results:
        assert result.code != 0
        assert not CONTROL.search(result.out + result.err), result.out + result.err
        assert not any(line.startswith("::") for line in (result.out + result.err).splitlines())


def test_notices_are_shown_and_do_not_fail(importer, project):
    slide = good("Medinsky arrives")
    slide["text"]["text"] = "Vladimir Medinsky leads the Russian delegation."
    result = importer({"events": [slide]})
    assert result.code == 0, result.err
    assert "notice[" in result.out and "wrote 1 records" in result.err


# --- properties ---

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
date_parts = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3000, max_value=3000),
    st.integers(min_value=1, max_value=31),
    st.integers(min_value=1890, max_value=2110),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=1, max_value=2100).map(float.__floor__).map(float),
    st.integers(min_value=1895, max_value=2105).map(str),
    st.sampled_from(["", " ", "2026", "2", "29", "1e3", "NaN", "0x10", "２０２６", "-1", "+3", "1.5"]),
    st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
)
texts = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["Talks in <b>Geneva</b>", "<script>x()</script>", "", "=1+2", "\x1b[31m", "Medinsky"]),
    st.integers(),
    st.lists(st.text(max_size=3), max_size=2),
)
slides = st.fixed_dictionaries(
    {},
    optional={
        "start_date": st.one_of(
            st.fixed_dictionaries({}, optional={"year": date_parts, "month": date_parts, "day": date_parts}),
            json_values,
        ),
        "end_date": st.fixed_dictionaries({}, optional={"year": date_parts, "month": date_parts}),
        "text": st.one_of(st.fixed_dictionaries({}, optional={"headline": texts, "text": texts}), texts),
        "group": st.one_of(st.sampled_from(["talks", "statement", "nonsense"]), texts),
        "edtf": st.one_of(
            st.sampled_from(["2026-02~", "2026-02-17/2026-02-18", "[2026-01-25..2026-02-13]", "2026-13", ""]),
            texts,
        ),
    },
)


@st.composite
def good_slides(draw: st.DrawFn) -> dict[str, Any]:
    """A slide with a real date (text or numbers, as precise as drawn) and any text."""
    year = draw(st.integers(min_value=1900, max_value=2100))
    month = draw(st.none() | st.integers(min_value=1, max_value=12))
    day = draw(st.none() | st.integers(min_value=1, max_value=28)) if month else None
    write = draw(st.sampled_from([str, int, float]))
    date = {k: write(v) for k, v in {"year": year, "month": month, "day": day}.items() if v is not None}
    headline = draw(st.text(max_size=40) | st.sampled_from(["Talks", "x" * 300, "<b>Geneva</b>", "Medinsky"]))
    text = draw(
        st.none()
        | st.text(max_size=40)
        | st.sampled_from(
            [
                "<script>x()</script>",
                "=1+2",
                "[a](javascript:x)",
                '<a href="https://example.org/report">a report</a>',
                '<a href="https://exa mple.org/">a bad link</a> and <a href="javascript:x()">a script</a>',
            ]
        )
    )
    group = draw(st.sampled_from(["talks", "statement", "nonsense", ""]))
    return {"start_date": date, "text": {"headline": headline, "text": text}, "group": group}


cells = st.one_of(
    st.sampled_from(["", "2026", "2", "13", "31", "29", "1899", "x", "talks", "title", "1.0"]),
    st.text(max_size=8),
)


def _assert_all_or_nothing(tmp_path: Path, content: str | bytes, name: str, *, sourced: bool = True) -> None:
    """The importer's contract for one input: it returns (never raises); on 0 every file is
    kept, the new ones are events, and the data folder passes the check under the policy;
    otherwise the folder is byte for byte what it was. Nothing it prints holds a control."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        data = _fresh_data(Path(folder))
        source = Path(folder) / name
        if isinstance(content, bytes):
            source.write_bytes(content)
        else:
            source.write_text(content, encoding="utf-8")
        before = snapshot(data)
        code = import_timeline.main(
            [
                str(source),
                "--data",
                str(data),
                *(SOURCE if sourced else []),
                "--today",
                TODAY,
                "--fail-on",
                "warning",
            ]
        )
        after = snapshot(data)
        hypothesis_event(f"exit {code}, {len(set(after) - set(before))} written")
        if code == 0:
            grown = ("sources.yaml", "series.yaml")
            kept = {path: content for path, content in before.items() if path not in grown}
            assert all(after[path] == content for path, content in kept.items())
            # the source is cited and a group may be a series: each added to its registry at
            # its end (the rest kept)
            for registry in grown:
                assert (after[registry] or b"").startswith(before[registry] or b""), registry
            assert all(path.startswith("events/") for path in set(after) - set(before))
            _, problems = check_folder(data, dt.date.fromisoformat(TODAY))
            assert not [p for p in problems if p.severity in ("error", "warning")], problems
        else:
            assert code in (1, 2)
            assert after == before


def _printed_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert not CONTROL.search(captured.out + captured.err)


@given(value=json_values)
@example(value=[1, 2])
@example(value={"events": [1]})
@example(value={"events": [{"start_date": {"year": True}}]})
@example(value={"events": [{"start_date": {"year": "2026"}}, {"start_date": {"year": "NaN"}}]})
def test_property_any_json_value_imports_wholly_or_not_at_all(tmp_path, capsys, value):
    _assert_all_or_nothing(tmp_path, json.dumps(value), "timeline.json")
    _assert_all_or_nothing(tmp_path, json.dumps({"events": value}), "timeline.json")
    _printed_cleanly(capsys)


@given(
    events=st.lists(good_slides(), min_size=1, max_size=4) | st.lists(good_slides() | slides, max_size=5),
    sourced=st.booleans(),
)
@example(
    events=[{"start_date": {"year": "2026"}}, {"start_date": {"year": 2026, "month": 2, "day": 31}}],
    sourced=True,
)
@example(events=[{"start_date": {"year": "1e400"}}], sourced=True)
@example(events=[{"edtf": "2026-13"}, {"text": "s", "start_date": {"year": 2026}}], sourced=True)
@example(events=[{"start_date": {"year": 2026}, "text": {"headline": "\x1b[31m"}}], sourced=True)
@example(events=[{"start_date": {"year": 2026}}, {"start_date": {"year": 2025}}], sourced=False)
def test_property_slides_import_wholly_or_not_at_all(tmp_path, capsys, events, sourced):
    _assert_all_or_nothing(tmp_path, json.dumps({"events": events}), "timeline.json", sourced=sourced)
    _printed_cleanly(capsys)


good_rows = st.builds(
    lambda year, month, headline: [str(year), str(month), "", "", "", "", "", "", "", headline],
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12) | st.just(""),
    st.text(max_size=20),
)


@given(
    rows=st.lists(good_rows, max_size=3) | st.lists(good_rows | st.lists(cells, max_size=20), max_size=5),
    header=st.sampled_from([HEADER, "Year,Month,Day,Headline,Text,Type,Group,EDTF\n", "Year\n"]),
)
@example(rows=[["2026", "2"], ["2026", "13"]], header="Year,Month\n")
def test_property_any_sheet_imports_wholly_or_not_at_all(tmp_path, capsys, rows, header):
    import csv
    import io

    body = io.StringIO()
    csv.writer(body).writerows(rows)
    _assert_all_or_nothing(tmp_path, header + body.getvalue(), "sheet.csv")
    _printed_cleanly(capsys)


@given(content=st.binary(max_size=200) | st.text(max_size=200))
def test_property_any_file_contents_never_raise(tmp_path, capsys, content):
    for name in ("timeline.json", "sheet.csv"):
        _assert_all_or_nothing(tmp_path, content, name)
    _printed_cleanly(capsys)


def test_the_source_is_added_to_the_registry_once_and_cited_by_every_record(importer, project):
    registry = project / "data" / "sources.yaml"
    before = registry.read_text(encoding="utf-8")
    assert importer({"events": [good("First"), good("Second", year="2025")]}).code == 0
    after = registry.read_text(encoding="utf-8")
    added = yaml.safe_load(after).keys() - yaml.safe_load(before).keys()
    assert after.startswith(before) and len(added) == 1
    (identifier,) = added
    for path in ("events/2026/2026-03-first.yaml", "events/2025/2025-second.yaml"):
        record = yaml.safe_load((project / "data" / path).read_text())
        assert record["sources"] == [{"source": identifier, "attribution": "document"}]
    _, problems = check_folder(project / "data", dt.date.fromisoformat(TODAY))
    assert not [p for p in problems if p.severity != "notice"], problems
    assert importer({"events": [good("Third")]}).code == 0  # the same source: its entry is reused
    assert registry.read_text(encoding="utf-8") == after


def test_an_import_into_a_new_data_folder_creates_its_registries_and_only_with_its_records(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    good = {"start_date": {"year": 2020, "month": 3, "day": 1}, "text": {"headline": "A start", "text": "x"}}
    source = tmp_path / "t.json"
    source.write_text(json.dumps({"events": [good, {"start_date": {"year": "20x0"}}]}))
    arguments = ["--data", str(data), "--publisher", "Example Desk", "--source-date", "2020-03-02"]
    assert import_timeline.main([str(source), *arguments, "--today", TODAY]) == 2  # a bad slide
    assert list(data.iterdir()) == []  # nothing written, not even a registry
    source.write_text(json.dumps({"events": [good]}))
    assert import_timeline.main([str(source), *arguments, "--today", TODAY]) == 0
    names = sorted(p.name for p in data.glob("*.yaml"))
    assert names == ["actors.yaml", "places.yaml", "series.yaml", "sources.yaml", "topics.yaml"]
    dataset, problems = check_folder(data, dt.date.fromisoformat(TODAY))
    assert dataset is not None and [r.event.title for r in dataset.events] == ["A start"], problems


def test_a_slides_media_and_display_date_are_kept_credited_and_never_guessed(importer, project):
    slides = [
        {
            "start_date": {"year": 1952},
            "display_date": "Early 1950s",
            "text": {"headline": "A compiler", "text": "x"},
            "media": {
                "url": "https://www.youtube.com/watch?v=abc",
                "caption": "<b>An interview</b>",
                "credit": '<a href="https://example.org">Example archive</a>',
            },
        },
        {
            "start_date": {"year": 1953},
            "text": {"headline": "A quote", "text": "y"},
            "media": {"url": "<blockquote>Words</blockquote>"},
        },
    ]
    result = importer({"events": slides})
    assert result.code == 0, result.err
    assert (
        "slide 2 (events[1]): its media, HTML (a quote or an embed), is not an http(s) address" in result.err
    )
    first = yaml.safe_load((project / "data/events/1952/1952-a-compiler.yaml").read_text())
    assert first["media"] == [
        {
            "kind": "video",
            "url": "https://www.youtube.com/watch?v=abc",
            "credit": "Example archive",
            "licence": "licence not stated in the imported timeline",
            "caption": "An interview",
        }
    ]
    assert first["date_note"] == "The imported timeline shows the date as “Early 1950s”."
    assert "media" not in yaml.safe_load((project / "data/events/1953/1953-a-quote.yaml").read_text())


def test_a_group_that_is_no_kind_becomes_a_series_named_as_the_group(importer, project):
    slides = [
        {"start_date": {"year": 1960 + n}, "text": {"headline": f"Step {n}", "text": "x"}, "group": group}
        for n, group in enumerate(["Space race", "Space race", "talks"])
    ]
    result = importer({"events": slides})
    assert result.code == 0, result.err
    series = yaml.safe_load((project / "data" / "series.yaml").read_text())
    assert series["space-race"] == {"name": "Space race", "kind": "other"}
    records = [yaml.safe_load(p.read_text()) for p in sorted((project / "data/events").glob("196*/*.yaml"))]
    assert [(r.get("series"), r["kind"]) for r in records] == [
        ("space-race", "other"),
        ("space-race", "other"),
        (None, "talks"),  # a group that names one of the site's kinds is that kind
    ]


# --- issue 26, item 5: what a slide links to, and what a timeline holds that is no event ---


@pytest.mark.parametrize("year", [-500, "0000", 2101, "-13800000000"])
def test_a_slide_dated_beyond_the_records_years_is_skipped_by_index_and_reason_and_the_rest_taken(
    importer, project, year
):
    result = importer({"events": [good(), {"start_date": {"year": year}, "text": {"headline": "Far"}}]})
    assert result.code == 0, result.err
    shown_year = f"{int(year):,}"
    assert (
        f"skipped slide 2 (events[1]): start_date.year {shown_year} is outside the years "
        f"{import_timeline.MIN_YEAR}–{import_timeline.MAX_YEAR}"
    ) in result.err
    assert [path.split("/")[-1] for path in events_in(project / "data")].count(
        "2026-03-talks-resume.yaml"
    ) == 1


def test_a_slide_beyond_the_years_with_a_bad_field_is_still_a_bad_slide(importer, project):
    before = snapshot(project / "data")
    result = importer({"events": [good(), {"start_date": {"year": -500, "month": 13}}]})
    assert result.code == 2 and "slide 2 (events[1]), start_date.month" in result.err
    assert snapshot(project / "data") == before


def test_the_title_slide_is_said_to_be_left_out_and_eras_become_eras(importer, project):
    document = {
        "title": {"text": {"headline": "A history"}},
        "eras": [
            {
                "start_date": {"year": 1900},
                "end_date": {"year": 1950},
                "text": {"headline": "<b>Early</b> years"},
            },
            {"start_date": {"year": -3000}, "end_date": {"year": -2000}, "text": {"headline": "Bronze"}},
        ],
        "events": [good()],
    }
    result = importer(document)
    assert result.code == 0, result.err
    assert "skipped the title slide (title)" in result.err
    assert "skipped era 2 (eras[1]): start_date.year -3,000 is outside the years" in result.err
    assert "wrote 1 records and 1 era under data" in result.err
    eras = yaml.safe_load((project / "data" / "eras.yaml").read_text())
    assert eras == {"early-years": {"name": "Early years", "start": "1900", "end": "1950"}}
    dataset, _ = check_folder(project / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None and dataset.eras["early-years"].end.last_day == dt.date(1950, 12, 31)
    again = importer(document)  # the same era again: said, not added twice
    assert "skipped era 1 (eras[0]): eras.yaml has it already" in again.err
    assert yaml.safe_load((project / "data" / "eras.yaml").read_text()) == eras


@pytest.mark.parametrize(
    ("era", "field"),
    [
        ({"start_date": {"year": 1950}, "end_date": {"year": 1900}, "text": {"headline": "x"}}, "end"),
        ({"start_date": {"year": 1900}, "text": {"headline": "x"}}, "end_date.year"),
        ({"start_date": {"year": 1900}, "end_date": {"year": 1950}}, "headline"),
        ("an era", "the era"),
    ],
)
def test_a_bad_era_is_reported_by_index_and_field_and_nothing_is_written(importer, project, era, field):
    before = snapshot(project / "data")
    result = importer({"eras": [era], "events": [good()]})
    assert result.code == 2 and f"era 1 (eras[0]), {field}:" in result.err, result.err
    assert snapshot(project / "data") == before


def test_a_sheets_era_rows_are_eras(importer, project):
    rows = [
        ["1900", "", "", "", "1950", "", "", "", "", "Early years", "", "", "", "", "", "era"],
        ["2026", "3", "", "", "", "", "", "", "", "Talks", "x"],
    ]
    result = importer(HEADER + "\n".join(",".join(row) for row in rows) + "\n", name="sheet.csv")
    assert result.code == 0, result.err
    eras = yaml.safe_load((project / "data" / "eras.yaml").read_text())
    assert eras == {"early-years": {"name": "Early years", "start": "1900", "end": "1950"}}


def test_a_timelinejs2_file_is_unusable_and_says_why(importer, project):
    result = importer({"timeline": {"headline": "Old", "date": []}})
    assert result.code == 2 and "a TimelineJS 2 file" in result.err and "nothing written" in result.err


def test_inline_links_become_sources_published_by_their_domain_and_dated_as_far_as_known(importer, project):
    registry = project / "data" / "sources.yaml"
    registry.write_text(
        registry.read_text() + "\n2026-03-01-known:\n  publisher: Known Daily\n  "
        "url: https://known.example/story\n  date: 2026-03-01\n"
    )
    report = "https://www.news.example/talks-resume"
    preview = "https://www.news.example/2026/02/19/talks-tomorrow"
    slides = [
        good("First", year="2026", month="2", day="20")
        | {
            "text": {
                "headline": "First",
                "text": f'<p>As <a href="{report}">reported</a>.</p><p>A <a href="{preview}">preview</a>.</p>',
            }
        },
        good("Second", year="2026", month="3", day="1")
        | {
            "text": {
                "headline": "Second",
                "text": f'<a href="{report}">again</a>, <a href="https://known.example/story">known</a>, '
                '<a href="mailto:desk@news.example">mail</a>, <a href="https://bad example/">bad</a>',
            }
        },
    ]
    result = importer({"events": slides})
    assert result.code == 0, result.err
    assert "slide 2 (events[1]): its link 'https://bad example/' cannot be a source" in result.err
    sources = yaml.safe_load(registry.read_text())
    linked = {key: entry for key, entry in sources.items() if entry.get("url") == report}
    assert len(linked) == 1  # one source however many slides link to it
    [(identifier, entry)] = linked.items()
    assert entry["publisher"] == "news.example"
    # Not known: published by the imported timeline's date (--source-date 2026-03) at the
    # latest, and not before the web was; never taken to be the event's (a preview is earlier).
    assert entry["date"] == {"not_before": "1991", "not_after": "2026-03"}
    assert "headline" not in entry and "Not known" in entry["date_note"]
    [dated] = [entry for entry in sources.values() if entry.get("url") == preview]
    assert dated["date"] == dt.date(2026, 2, 19) and "address" in dated["date_note"]  # as its address says
    assert (
        "reported. A preview."
        in yaml.safe_load(next((project / "data/events").glob("2026/*-first.yaml")).read_text())["summary"]
    )  # the paragraphs kept apart
    records = {
        r["title"]: r
        for r in (yaml.safe_load(p.read_text()) for p in (project / "data/events").glob("2026/*.yaml"))
    }
    cited = [c["source"] for c in records["Second"]["sources"]]
    assert cited[1:] == [identifier, "2026-03-01-known"]  # after the timeline itself, in the text's order
    assert records["Second"]["sources"][1]["attribution"] == "reporting"
    assert len([c["source"] for c in records["First"]["sources"]][1:]) == 2


def test_links_alone_source_an_import_without_a_publisher(importer, project):
    slide = good() | {"text": {"headline": "Talks resume", "text": '<a href="https://news.example/a">r</a>'}}
    result = importer({"events": [slide]}, source=False)
    assert result.code == 0, result.err
    sources = yaml.safe_load((project / "data" / "sources.yaml").read_text())
    [entry] = [e for e in sources.values() if e.get("url") == "https://news.example/a"]
    assert entry["date"] == {"not_before": "1991", "not_after": dt.date.fromisoformat(TODAY)}


def test_a_sheets_media_columns_are_media(importer, project):
    row = [
        "2026",
        "3",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Talks",
        "x",
        "https://img.example/a.png",
        "Desk",
        "A room",
    ]
    result = importer(HEADER + ",".join(row) + "\n", name="sheet.csv")
    assert result.code == 0, result.err
    record = yaml.safe_load((project / "data/events/2026/2026-03-talks.yaml").read_text())
    assert record["media"] == [
        {
            "kind": "image",
            "url": "https://img.example/a.png",
            "credit": "Desk",
            "licence": import_timeline.UNLICENSED,
            "caption": "A room",
        }
    ]
