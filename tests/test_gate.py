"""The gate holds: each reproduction from the hostile-contributor review, as a regression test.

Whatever `timeline check --strict` accepts builds; what it refuses is named by file, line
and column; no output is live for its consumer; the build deletes only what it made.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree, html

from sourced_timeline.cli import main
from sourced_timeline.encode import spreadsheet_safe
from tests.conftest import FIXTURE_SOURCE, FIXTURES, TODAY, VALID_EVENT, write_event
from tests.sitebuild import ROOT, build, fixture_data, make_project

NAME = "2026-02-17-geneva-round.yaml"
WHERE = f"data/events/2026/{NAME}"


def replace(old: str, new: str) -> str:
    assert old in VALID_EVENT
    return VALID_EVENT.replace(old, new, 1)


def problems_of(result) -> list[dict]:
    """The problems a `--format json` check printed."""
    return json.loads(result.out) if result.out.strip() else []


# --- 1. the checker never crashes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("title: Third trilateral round opens in Geneva", "title: 0x" + "f" * 3600, 1),
        ("    source: 1", "    source: 0x" + "f" * 3600, 16),
        ("date: 2026-02-17", 'date: "0000"', 2),
        ("date: 2026-02-17", "date: 0000-01-01", 2),  # year 0 (there was none; dates start at 1)
        ("round: 3", "round: " + "9" * 5000, 11),
        ("date: 2026-02-17\nend: 2026-02-18\nstatus: happened", "date: 2107-03-01\nstatus: planned", 2),
        ("date: 2026-02-17\nend: 2026-02-18\nstatus: happened", "date: 9999-12-31\nstatus: planned", 2),
    ],
)
def test_huge_numbers_and_impossible_years_are_problems_not_tracebacks(data_dir, check, old, new, line):
    write_event(data_dir, NAME, replace(old, new))
    result = check("--format", "json")
    assert result.code == 1 and "Traceback" not in result.err
    assert any(p["line"] == line and p["severity"] == "error" for p in problems_of(result)), result.out
    assert all(len(p["message"]) < 400 for p in problems_of(result)), "values are trimmed in messages"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("round", "0x10"),
        ("round", "1_000"),
        ("round", "190:20:30"),
        ("round", "0b11"),
        ("round", "017"),
        ("date", "0x7EA"),
        ("date", "1_000"),
    ],
)
def test_yaml_11_number_notations_are_refused_where_a_number_or_date_is_meant(data_dir, check, field, value):
    old = {"round": "round: 3", "date": "date: 2026-02-17"}[field]
    write_event(data_dir, NAME, replace(old, f"{field}: {value}"))
    result = check("--format", "json")
    assert result.code == 1
    line = 11 if field == "round" else 2
    assert any(p["line"] == line for p in problems_of(result)), result.out


def test_a_named_pipe_called_yaml_is_reported_not_read(data_dir, check):
    os.mkfifo(data_dir / "events" / "2026" / "2026-03-01-pipe.yaml")
    result = check()
    assert result.code == 1
    assert "not-a-file" in result.out


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("2026-03-01-upper.YAML", "file-name"),
        ("2026-03-01-noext", "ignored-file"),
        (".2026-03-01-hidden.yaml", "ignored-file"),
        ("notes.txt", "ignored-file"),
    ],
)
def test_files_the_checker_would_ignore_are_reported(data_dir, check, name, code):
    (data_dir / "events" / "2026" / name).write_text(VALID_EVENT)
    result = check("--strict")
    assert result.code == 1
    assert f"[{code}]" in result.out and name in result.out


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u0085"])
def test_line_separators_inside_values_do_not_shift_line_numbers(data_dir, check, character):
    text = replace("summary: Russian, Ukrainian", f"summary: Russian,{character} Ukrainian")
    write_event(data_dir, NAME, text.replace("kind: talks", "kind: talkz"))
    result = check("--format", "json")
    lines = {p["line"] for p in problems_of(result)}
    assert lines == {6}, result.out  # the separator is refused where it stands, on line 6


@pytest.mark.parametrize(
    "character",
    ["\u061c", "\U000e0041", "\u3164", "\u00ad", "\u180e", "\u034f", "\u202e", "\u200b", "\ufeff", "\ue000"],
)
def test_hidden_characters_are_refused_anywhere(data_dir, check, character):
    write_event(data_dir, NAME, replace("Dmitry Peskov", f"Dmitry{character} Peskov"))
    result = check("--format", "json")
    assert result.code == 1
    line = next(n for n, text in enumerate(VALID_EVENT.splitlines(), 1) if "Dmitry Peskov" in text)
    assert any(p["code"] == "bad-character" and p["line"] == line for p in problems_of(result))


@pytest.mark.parametrize("escape", ["\\a", "\\e", "\\x01", "\\x1f", "\\uFFFE", "\\0", "\\N", "\\L", "\\P"])
def test_control_characters_written_as_escapes_are_refused(data_dir, check, escape):
    write_event(
        data_dir,
        NAME,
        replace("title: Third trilateral round opens in Geneva", f'title: "Talks {escape} in Geneva"'),
    )
    result = check("--strict", "--format", "json")
    assert result.code == 1
    assert any(p["code"] == "bad-character" and p["line"] == 1 for p in problems_of(result))


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("https://example.org/" + "a" * 200_000, "longer than"),
        ("https://exa mple.org/", "space"),
        ("https://example.org/\u202egpj", "invisible"),
        ("www.example.org/story", "https://www.example.org/story"),
        ("javascript:alert(1)", "http"),
        ("https://example.org:port/", "not a valid link"),
    ],
)
def test_source_urls_are_checked(data_dir, check, url, hint):
    escaped = url.replace("\u202e", "\\u202e")
    with open(data_dir / "sources.yaml", "a", encoding="utf-8") as registry:  # its last entry's
        registry.write(f'  url: "{escaped}"\n')
    result = check("--format", "json")
    assert result.code == 1
    assert any(hint in p["message"] + p["hint"] for p in problems_of(result)), result.out[:2000]


def test_a_look_alike_alias_clashes_with_the_name_it_imitates(data_dir, check):
    with open(data_dir / "actors.yaml", "a", encoding="utf-8") as handle:
        handle.write("impostor:\n  name: Impostor\n  kind: state\n  aliases: [Russi\u0430]\n")
    result = check("--format", "json")
    assert any(p["code"] == "alias-clash" for p in problems_of(result)), result.out


def test_adversarial_aliases_are_matched_in_one_pass(data_dir, check):
    """Many long aliases sharing a prefix, and summaries full of near-misses: the names are
    still found (Aho–Corasick; the old regex took 42 s on this shape)."""
    prefix = "Ambassador " * 15
    with open(data_dir / "actors.yaml", "a", encoding="utf-8") as handle:
        for i in range(200):
            handle.write(f"envoy-{i}:\n  name: Envoy {i}\n  kind: person\n  aliases: ['{prefix}{i}']\n")
    text = (prefix + "x ") * 6
    for i in range(200):
        write_event(
            data_dir,
            f"2026-03-01-e{i}.yaml",
            replace(
                "Russian, Ukrainian and US officials meet for a third round.", f"{text}{prefix}{i}"
            ).replace("round: 3", f"round: {i + 10}"),
        )
    result = check("--format", "json")
    found = [p for p in problems_of(result) if p["code"] == "actor-not-listed"]
    assert result.code == 0 or not found, result.out[:3000]
    assert len(found) == 200


def test_the_report_is_capped_with_a_count_of_the_rest(data_dir, check):
    for i in range(260):
        write_event(data_dir, f"2026-03-01-bad-{i}.yaml", "title: [\n")
    result = check()
    lines = result.out.splitlines()
    assert len(lines) == 201
    assert lines[-1].startswith("... and 60 more problem(s)")
    assert len(problems_of(check("--format", "json"))) == 260


# --- 5. logs are inert ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_no_record_can_write_a_line_of_its_own_into_the_log(data_dir, check, fmt):
    with open(data_dir / "actors.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            "spoof:\n  name: Spoof\n  kind: person\n"
            '  aliases: ["Sp\\n::error file=README.md::forged\\n::add-mask::x"]\n'
        )
    write_event(data_dir, "2026-03-01-x\u2028::error::y.yaml", VALID_EVENT)
    result = check("--format", fmt)
    assert result.code == 1
    for line in result.out.splitlines():
        assert not line.startswith("::error file=README.md") and not line.startswith("::add-mask::")
        if fmt == "github":
            assert line.startswith(("::error ", "::warning ", "::notice ")), line
    assert "\u2028" not in result.out and "\x1b" not in result.out


def test_diff_escapes_markdown_in_titles(tmp_path, monkeypatch, capsys):
    """Rendered by GitHub's own Markdown (cmark-gfm, with its extensions), record text in a
    summary makes no link, image, emphasis or HTML."""
    import cmarkgfm

    from sourced_timeline.contribute import RecordsDiff, diff_markdown

    title = "![t](https://evil.example/p.png) <b>[x](http://e)</b> `c` *e*"
    diff = RecordsDiff(
        added=["2026-03-01-x"], titles={"2026-03-01-x": title}, dates={"2026-03-01-x": "1 Mar 2026"}
    )
    page = html.fromstring(cmarkgfm.github_flavored_markdown_to_html(diff_markdown(diff, "main")))
    assert not page.xpath("//a | //img | //b | //em")
    assert title in page.text_content()


def test_a_long_id_is_refused_with_the_reason(data_dir, check):
    """The reproduction (issue 23, 8): a 250-character id passed --strict, and its path (272
    characters before the checkout's own folder) broke a default Windows checkout."""
    long_id = "2026-02-17-" + "-".join(["geneva"] * 34)
    assert len(long_id) > 200
    write_event(data_dir, f"{long_id}.yaml", VALID_EVENT.replace("round: 3", "round: 7"))
    found = problems_of(check("--strict", "--format", "json"))
    assert [p["code"] for p in found if long_id in p["path"]] == ["id-too-long"]
    assert "Windows" in next(p for p in found if p["code"] == "id-too-long")["hint"]
    (data_dir / "actors.yaml").write_text(
        (data_dir / "actors.yaml").read_text() + f"{'x' * 81}:\n  name: Long\n  kind: state\n"
    )
    assert "id-too-long" in {
        p["code"] for p in problems_of(check("--format", "json")) if p["path"].endswith("actors.yaml")
    }


@given(st.integers(1, 200))
def test_an_id_is_accepted_exactly_up_to_the_limit(length):
    from pydantic import ValidationError

    from sourced_timeline.model import ID, MAX_ID_LENGTH

    identifier = "a" * length
    try:
        ID.validate_python(identifier)
    except ValidationError as error:
        assert length > MAX_ID_LENGTH and error.errors()[0]["type"] == "long_id"
    else:
        assert length <= MAX_ID_LENGTH


BOUNDED_NEW = ["--title", "Talks", "--date", "2026-01..2026-03", "--kind", "talks", "--summary", "S."]
BOUNDED_NEW += ["--publisher", "X", "--source-date", "2026-04-01"]


def test_new_writes_nothing_the_project_would_fail(registries_only_project, run):
    """The reproduction (issue 23, 9): bounds without a note are a warning, the project fails
    on warnings, and `new` wrote the file anyway."""
    data = registries_only_project
    result = run("new", "--data", str(data), *BOUNDED_NEW)
    assert result.code == 1, result.err
    assert "bounds-without-note" in result.out and "nothing written" in result.err
    assert not list((data / "events").rglob("*.yaml"))
    note = "Between the January report and the March one."
    result = run("new", "--data", str(data), *BOUNDED_NEW, "--date-note", note)
    assert result.code == 0, result.out + result.err
    assert len(list((data / "events").rglob("*.yaml"))) == 1


@pytest.fixture
def registries_only_project(tmp_path: Path) -> Path:
    """A project that fails on warnings, with registries and no events."""
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warning"\n')
    data = tmp_path / "data"
    (data / "events").mkdir(parents=True)
    for name in ("actors", "topics", "places", "vocabulary"):
        (data / f"{name}.yaml").write_text((FIXTURES / "valid" / f"{name}.yaml").read_text())
    return data


# --- 2. accepted means buildable; 3. every output inert -------------------------------------


def _site(tmp_path: Path, data: Path) -> tuple[int, Path]:
    project = make_project(tmp_path / "project", data)
    out = tmp_path / "site"
    return build(project, out), out


@pytest.mark.slow
def test_no_events_at_all_builds(tmp_path, run):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("actors", "topics", "places", "sources", "series"):
        (data / f"{name}.yaml").write_text("{}\n")
    assert run("check", "--data", str(data), "--strict").code == 0
    code, out = _site(tmp_path, data)
    assert code == 0 and (out / "downloads" / "events.csv").is_file()


@pytest.mark.slow
def test_year_only_events_build(tmp_path, data_dir, run):
    # A year its sources can report as past (the fixture's latest appeared by 1 Mar 2026).
    (data_dir / "events" / "2026" / NAME).unlink()
    write_event(
        data_dir,
        "2025-geneva-round.yaml",
        replace("date: 2026-02-17\nend: 2026-02-18\n", "date: 2025\n").replace("2026-02-17-geneva", "x"),
        year="2025",
    )
    assert run("check", "--data", str(data_dir), "--strict", "--today", TODAY).code == 0
    code, out = _site(tmp_path, data_dir)
    data_page = (out / "data" / "index.html").read_text()
    assert code == 0 and "Events per year, by kind (1 event)" in data_page  # counted by its year
    assert "known only to the year" not in data_page  # so none is left out
    assert "Date within the year unknown" in (out / "timeline" / "index.html").read_text()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from records that pass the checker but try every output's weak spot."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    import shutil

    shutil.copytree(fixture_data("valid"), data)
    event = yaml.safe_load(VALID_EVENT)
    event["title"] = '&lt;img src=x onerror=alert(1)&gt; =HYPERLINK("http://e")'
    event["summary"] = (
        "&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)> "
        "[x](javascript:alert(1)) ![p](https://tracker.example/p.png)"
    )
    event["positions"][0]["stance"] = "=1+2 &lt;img src=x onerror=alert(2)&gt;"
    event["sources"][0]["attributed_to"] = "+cmd|' /C calc'!A0"
    event["sources"][0]["locator"] = '=HYPERLINK("http://e") para 4'
    sources = yaml.safe_load((data / "sources.yaml").read_text())
    source = sources[FIXTURE_SOURCE]
    source["publisher"], source["headline"] = "@SUM(A1) Times", "&lt;b&gt;=1+2 headline"
    source["via"], source["date_note"] = "-2+3 Agency", "&lt;script&gt;alert(3)&lt;/script&gt; =A1"
    source["url"] = "https://example.org/?q=&x=\"'&lt;"
    source["archive_url"] = "https://web.archive.org/web/2026/=cmd|'/C%20calc'!A0"
    (data / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True))
    event["status"], event["date"], event["end"] = "planned", "2026-12-24", "2026-12-25"
    (data / "events" / "2026" / NAME).unlink()
    (data / "events" / "2026" / "2026-12-24-geneva-round.yaml").write_text(
        yaml.safe_dump(event, allow_unicode=True, sort_keys=False)
    )
    actors = yaml.safe_load((data / "actors.yaml").read_text())
    actors["vladimir-medinsky"]["role"] = "-2+3 adviser"
    actors["vladimir-medinsky"]["aliases"] = ["@Medinsky", "=Medinsky"]
    actors["russia"]["name"] = "&lt;b&gt;Russia"
    (data / "actors.yaml").write_text(yaml.safe_dump(actors, allow_unicode=True))
    assert main(["check", "--data", str(data), "--strict", "--today", TODAY]) == 0
    code, out = _site(tmp, data)
    assert code == 0
    return out


def _live_markup(fragment: str) -> list[str]:
    """Elements a browser would create from ``fragment`` beyond sanitised text formatting."""
    allowed = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote", "html", "body", "div"}
    root = html.fromstring(f"<div>{fragment}</div>")
    bad = [el.tag for el in root.iter() if isinstance(el.tag, str) and el.tag not in allowed]
    bad += [f"{el.tag}@{a}" for el in root.iter() for a in el.attrib if a.startswith("on")]
    bad += [href for href in root.xpath("//a/@href") if not href.startswith(("http://", "https://"))]
    return bad


@pytest.mark.slow
def test_timelinejs_headline_and_text_are_safe_html(hostile_site):
    document = json.loads((hostile_site / "downloads" / "timelinejs.json").read_text())
    for event in document["events"]:
        assert _live_markup(event["text"]["headline"]) == []
        assert _live_markup(event["text"]["text"]) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["events.json", "positions.json", "actors.json", "sources.json", "timelinejs.json"]
)
def test_json_downloads_hold_no_markup(hostile_site, name):
    raw = (hostile_site / "downloads" / name).read_bytes()
    assert b"<" not in raw and b">" not in raw

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for text in strings(json.loads(raw)):
        if name != "timelinejs.json":
            assert "<" not in text, text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["events.csv", "positions.csv", "actors.csv", "sources.csv"])
def test_csv_cells_never_start_a_formula(hostile_site, name):
    rows = list(csv.reader(io.StringIO((hostile_site / "downloads" / name).read_text())))
    cells = [cell for row in rows for cell in row]
    assert all(not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert not any("<img" in cell or "<script" in cell for cell in cells)
    assert any(cell.startswith("'") for cell in cells), "the hostile records do reach this file"
    lists = [
        i
        for i, column in enumerate(rows[0])
        if column in ("places", "actors", "topics", "sources", "aliases")
    ]
    for row in rows[1:]:
        for cell in (row[i] for i in lists):
            for item in cell.split(";"):  # a list column split into cells stays inert too
                assert not item.lstrip(" ").startswith(("=", "+", "-", "@")), item


@pytest.mark.slow
def test_feed_calendar_and_pages_are_inert(hostile_site):
    feed = etree.fromstring((hostile_site / "downloads" / "events.atom").read_bytes())
    for text in feed.itertext():
        assert "<img" not in text and "<script" not in text
    from icalendar import Calendar

    calendar = Calendar.from_ical((hostile_site / "downloads" / "planned.ics").read_bytes())
    for component in calendar.walk("VEVENT"):
        assert "<img" not in str(component.get("summary")) + str(component.get("description"))
    for page in hostile_site.rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        assert not tree.xpath("//img[@onerror]"), page
        assert not [a for a in tree.xpath("//a/@href") if a.strip().lower().startswith("javascript:")], page


def test_spreadsheet_safe_prefixes_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r", " =", "  @"):
        assert spreadsheet_safe(f"{start}1+1").startswith("'")
    assert spreadsheet_safe("Geneva") == "Geneva"


# --- 4. the build only ever deletes what it created -------------------------------------------


@pytest.mark.parametrize(
    "target", [".", "data", "docs", "mkdocs.yml", "..", "data/site", "docs/site", "foreign"]
)
def test_build_refuses_outputs_it_could_destroy(tmp_path, monkeypatch, capsys, target):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "foreign").mkdir()
    (project / "foreign" / "thesis.txt").write_text("years of work\n")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(project)
    code = main(["build", "--out", target])
    assert code == 2
    assert "refused" in capsys.readouterr().err
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_two_builds_into_one_folder_both_publish_a_complete_site(tmp_path):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "sourced_timeline.cli", "build", "--out", str(tmp_path / "site")]
    builds = [
        subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    for process in builds:
        output = process.communicate(timeout=600)[0]
        assert process.returncode == 0, output
    site = tmp_path / "site"
    for part in ("assets/stylesheets", "downloads/events.csv", "pagefind/pagefind.js", "index.html"):
        assert (site / part).exists(), part
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == [".site.lock"]


@pytest.mark.slow
def test_a_terminated_build_leaves_no_staging_folder_and_no_index_process(tmp_path):
    project = make_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "sourced_timeline.cli", "build", "--out", str(tmp_path / "site")],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(600):  # until the search index is being written beside the build
        if list((tmp_path / "tmp").glob("timeline-index-*")) or process.poll() is not None:
            break
        subprocess.run(["sleep", "0.05"], check=True)
    process.terminate()
    process.communicate(timeout=120)
    assert not list(tmp_path.glob(".site.building-*"))
    assert not list((tmp_path / "tmp").glob("timeline-index-*"))
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "tmp")], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


def test_the_precommit_hook_sees_every_file_under_data():
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    for path in ("data/events/2026/2026-03-01-x.yml", "data/events/2026/x.YAML", "data/actors.yaml"):
        assert re.search(hook["files"], path), path
