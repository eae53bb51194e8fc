"""The contributor's loop: checks scoped to their files, one rule set for every caller, a
clear word about the port, and a version to report."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sourced_timeline.policy import Policy, PolicyError, load_policy
from sourced_timeline.problems import Problem
from tests.conftest import VALID_EVENT, write_event

MINE = "2026-03-04-my-event.yaml"
THEIRS = "2026-03-05-their-event.yaml"
# Both dated to disagree with their file names: the id-date warning in each.
WARNED = VALID_EVENT.replace("date: 2026-02-17\nend: 2026-02-18", "date: 2026-02-16").replace(
    "series: trilateral-talks\nround: 3\n", ""
)


def two_warned_files(data_dir: Path) -> tuple[str, str]:
    mine = write_event(data_dir, MINE, WARNED)
    other = WARNED.replace("title: Third trilateral round opens in Geneva", "title: Strikes overnight")
    theirs = write_event(data_dir, THEIRS, other.replace("kind: talks", "kind: strike"))
    return str(mine.relative_to(data_dir.parent)), str(theirs.relative_to(data_dir.parent))


def test_named_files_scope_warnings_and_notices_to_them(check, data_dir):
    mine, theirs = two_warned_files(data_dir)
    everything = check()
    assert mine in everything.out and theirs in everything.out
    result = check(mine)
    assert mine in result.out and theirs not in result.out
    assert result.err.startswith("your 1 file(s): 0 error(s), 1 warning(s)")
    assert "elsewhere" not in result.err  # the other file's warning is not the contributor's


def test_errors_elsewhere_are_still_shown_and_fail(check, data_dir):
    mine, theirs = two_warned_files(data_dir)
    broken = data_dir / "events" / "2026" / THEIRS
    broken.write_text(broken.read_text().replace("kind: strike", "kind: meting"))
    result = check(mine)
    assert result.code == 1
    assert f"{theirs}:4:7: error[unknown-kind]" in result.out
    assert "elsewhere: 1 error(s)" in result.err


def test_a_clean_file_says_so(check, data_dir):
    path = write_event(
        data_dir, "2026-02-17-geneva-round-copy.yaml", VALID_EVENT.replace("round: 3", "round: 5")
    )
    assert check().code == 0
    result = check(str(path.relative_to(data_dir.parent)))
    assert result.err.startswith("your 1 file(s): no problems found")


def test_a_file_that_does_not_exist_is_a_usage_error(check, data_dir):
    result = check("data/events/2026/nothing-here.yaml")
    assert result.code == 2 and "no such file: data/events/2026/nothing-here.yaml" in result.err


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_changed_reports_the_branchs_files_committed_or_not(check, data_dir, tmp_path):
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "data")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "my-branch")
    mine, theirs = two_warned_files(data_dir)  # both new, untracked
    _git(tmp_path, "add", theirs)
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "theirs")
    result = check("--changed")
    assert result.err.startswith("your 2 file(s): 0 error(s), 2 warning(s)")
    _git(tmp_path, "checkout", "-q", "main")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "merge", "-q", "my-branch")
    _git(tmp_path, "checkout", "-q", "my-branch")
    result = check("--changed")  # merged into main: only the uncommitted file is the branch's
    assert result.err.startswith("your 1 file(s): 0 error(s), 1 warning(s)")
    assert mine in result.out and theirs not in result.out
    assert check("--changed", "no-such-revision").code == 2


def test_fail_on_is_read_once_from_pyproject_and_named_when_it_fails(check, data_dir, tmp_path):
    two_warned_files(data_dir)
    assert check().code == 0  # no [tool.timeline]: errors fail, warnings do not
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warning"\n')
    result = check()
    assert result.code == 1
    assert (
        'check failed: errors and warnings fail; notices never do (fail_on = "warning", pyproject.toml'
        in result.err
    )
    assert check("--fail-on", "error").code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warnings"\n')
    result = check()
    assert result.code == 2 and "fail_on must be" in result.err and "pyproject.toml" in result.err


def test_policy_levels():
    warning = Problem("a.yaml", 1, 1, "id-date", "m", severity="warning")
    notice = Problem("a.yaml", 1, 1, "unused-entry", "m", severity="notice")
    assert not Policy("error").fails([warning, notice])
    assert Policy("warning").fails([warning]) and not Policy("warning").fails([notice])


def test_the_project_fails_on_warnings_and_the_plugin_reads_the_same_policy():
    root = Path(__file__).resolve().parent.parent
    assert load_policy(root).fail_on == "warning"
    assert load_policy(root / "data" / "events").fail_on == "warning"  # found upwards
    session = (root / "sourced_timeline" / "session.py").read_text()  # the plugin's work
    assert "load_policy(" in session and "policy.fails(" in session


def test_a_bad_policy_table_names_its_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.timeline]\nfail_on = 'error'\nstrict = true\n")
    with pytest.raises(PolicyError, match="unknown key"):
        load_policy(tmp_path)


def test_a_busy_port_gets_one_line_and_the_way_out(run, data_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--data", "data", "--port", str(port))
    assert result.code == 2
    line = [text for text in result.err.splitlines() if text.startswith("timeline serve:")]
    assert line == [
        f"timeline serve: cannot listen on 127.0.0.1:{port} (Address already in use); "
        f"choose another port: make serve PORT={port + 1}, or timeline serve --port {port + 1}"
    ]


def test_version(run):
    result = run("--version")
    assert result.code == 0 and result.out.startswith("timeline ")


def test_make_serve_honours_port_and_host():
    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(
        ["make", "-n", "serve", "PORT=8711", "HOST=0.0.0.0", "STAMP="],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "timeline serve --host 0.0.0.0 --port 8711" in dry.stdout


def test_one_typo_gives_one_error_in_one_file(check, data_dir):
    referring = VALID_EVENT.replace("round: 3", "round: 4") + "related: [2026-02-17-geneva-round]\n"
    write_event(data_dir, "2026-02-17-follow-up.yaml", referring)
    assert check().code == 0
    broken = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    broken.write_text(broken.read_text().replace("sources:", "sorces:"))
    result = check()
    lines = result.out.splitlines()
    assert len(lines) == 2 and all(
        line.startswith("data/events/2026/2026-02-17-geneva-round.yaml:") for line in lines
    )
    assert "unknown field 'sorces' (did you mean 'sources'?)" in result.out and "missing-field" in result.out


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Vladimir Medinsky", "'Vladimir Medinsky' is a name of vladimir-medinsky: write vladimir-medinsky"),
        (
            "Vladímir  MEDINSKY",
            "'Vladímir  MEDINSKY' is a name of vladimir-medinsky: write vladimir-medinsky",
        ),
        ("medinsky", "'medinsky' is a name of vladimir-medinsky: write vladimir-medinsky"),
        ("Medinskiy", "did you mean 'vladimir-medinsky'?"),
        ("ukrane", "did you mean 'ukraine'?"),
        ("kazakhstan", "add it to actors.yaml first"),
    ],
)
def test_a_name_written_for_an_id_gets_the_id(check, data_dir, written, hint):
    path = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    path.write_text(path.read_text().replace("vladimir-medinsky]", f"{written}]"))
    result = check()
    assert result.code == 1
    assert f"({hint})" in result.out, result.out


def test_did_you_mean_only_when_close(check, data_dir):
    path = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    path.write_text(path.read_text() + "related: [2026-03-04-a-different-meeting]\n")
    result = check()
    assert "unknown event '2026-03-04-a-different-meeting' (no event has this id)" in result.out
    assert "did you mean" not in result.out


def test_every_problem_code_has_its_entry_on_the_reference_page_and_in_explain(run):
    import re

    from sourced_timeline.checks.registry import RULES
    from sourced_timeline.pages import problems_page

    rules = RULES

    html = problems_page().html
    sections = dict(re.findall(r'<section class="tl-rule" id="([a-z0-9-]+)">(.*?)</section>', html, re.S))
    assert set(sections) == set(rules)
    for code, body in sections.items():
        assert (
            body.count("<strong>Produces it</strong>") == 1 and body.count("<strong>Clears it</strong>") == 1
        )
        assert rules[code].doc.replace("'", "&#39;") in body
        result = run("explain", code)
        assert result.code == 0 and result.out.startswith(f"{code} ({rules[code].level}): ")
    assert run("explain", "no-such-code").code == 2
    listed = run("explain").out.splitlines()
    assert [line.split()[0] for line in listed] == sorted(rules)


SAME_TALKS = VALID_EVENT.replace(
    "title: Third trilateral round opens in Geneva", "title: Trilateral round opens in Geneva"
).replace("series: trilateral-talks\nround: 3\n", "")


def test_a_likely_duplicate_is_a_warning_on_both_until_one_says_distinct_from(check, data_dir):
    write_event(data_dir, "2026-02-17-round-opens-in-geneva.yaml", SAME_TALKS)
    result = check()
    duplicates = [line for line in result.out.splitlines() if "possible-duplicate" in line]
    assert len(duplicates) == 2
    assert (
        "data/events/2026/2026-02-17-round-opens-in-geneva.yaml:1:8: warning[possible-duplicate]: may describe the "
        "same event as 2026-02-17-geneva-round (overlapping dates, 3 shared actors, similar title) (if so, add your "
        "source there; if not, add distinct_from: [2026-02-17-geneva-round])"
    ) in duplicates
    path = data_dir / "events" / "2026" / "2026-02-17-round-opens-in-geneva.yaml"
    path.write_text(SAME_TALKS + "distinct_from: [2026-02-17-geneva-round]\n")
    assert "possible-duplicate" not in check().out


@pytest.mark.parametrize(
    "change",
    [
        ("kind: talks", "kind: strike"),  # another kind of event
        ("actors: [russia, ukraine, vladimir-medinsky]", "actors: [russia]"),  # one actor in common
        ("date: 2026-02-17\nend: 2026-02-18", "date: 2026-03-17"),  # another month
        ("title: Trilateral round opens in Geneva", "title: Prisoners swapped on the border"),
        ("date: 2026-02-17\nend: 2026-02-18", "date: 2026"),  # too vague to tell
    ],
)
def test_what_is_not_a_likely_duplicate(check, data_dir, change):
    name = "2026-02-17-round-opens-in-geneva.yaml" if "2026-03" not in change[1] else "2026-03-17-x.yaml"
    name = "2026-round-opens.yaml" if change[1] == "date: 2026" else name
    write_event(data_dir, name, SAME_TALKS.replace(*change))
    assert "possible-duplicate" not in check().out


def test_two_rounds_of_one_series_are_two_events(check, data_dir):
    write_event(data_dir, "2026-02-17-round-four.yaml", VALID_EVENT.replace("round: 3", "round: 4"))
    assert "possible-duplicate" not in check().out


def test_checking_imports_neither_pandas_nor_mkdocs(data_dir):
    """A cold `timeline check` loads only what checking needs (the benchmark times it)."""
    code = (
        "import sys; from sourced_timeline.cli import main; main(['check', '--data', sys.argv[1]]); "
        "print(sorted(m for m in ('pandas', 'mkdocs', 'jinja2', 'numpy') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=data_dir.parent,
    )
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_cli_reference_is_generated_from_the_help_and_current():
    from cogapp import Cog

    root = Path(__file__).resolve().parent.parent
    reference = root / "docs" / "contributing" / "cli.md"
    assert Cog().main(["cog", "--check", str(reference)]) == 0, "run `make docs`"
    text = reference.read_text()
    for command in ("check", "serve", "build", "generate", "export", "new", "diff", "explain", "schema"):
        assert f"## `timeline {command}`" in text
    assert text.count("exit codes:") >= 8 and "examples:" in text


def test_a_schema_error_does_not_hide_the_records_unknown_references(check, data_dir):
    path = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    text = path.read_text().replace("vladimir-medinsky]", "Vladimir Medinsky]")  # not an id: bad-id
    path.write_text(text.replace("topics: [territory", "topics: [teritory") + "related: [2026-01-nothing]\n")
    result = check()
    lines = result.out.splitlines()
    assert len(lines) == 3, result.out
    assert "error[bad-id]" in lines[0] and "write vladimir-medinsky" in lines[0]
    assert "error[unknown-ref]: unknown topic 'teritory' (did you mean 'territory'?)" in result.out
    assert "error[unknown-ref]: unknown event '2026-01-nothing'" in result.out


def test_at_a_terminal_each_code_links_to_its_entry_when_the_site_address_is_known(
    check, data_dir, monkeypatch
):
    from sourced_timeline.pages import problems_page

    path = data_dir / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    path.write_text(path.read_text().replace("topics: [territory", "topics: [teritory"))
    assert "\x1b" not in check().out  # no address: plain codes
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/timeline/")
    assert "\x1b" not in check().out  # not a terminal (a log, a pipe): plain codes
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = check()
    link = "https://example.org/timeline/contributing/problems/#unknown-ref"
    assert f"error[\x1b]8;;{link}\x1b\\unknown-ref\x1b]8;;\x1b\\]: unknown topic" in result.out
    assert "(or https://example.org/timeline/contributing/problems/#CODE)" in result.err
    assert 'id="unknown-ref"' in problems_page().html  # the anchor exists
