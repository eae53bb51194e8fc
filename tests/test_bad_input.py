"""Hostile or broken files: each is reported with its file and line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sourced_timeline.characters import printable
from tests.conftest import TODAY, VALID_EVENT, write_event

NAME = "2026-02-17-geneva-round.yaml"
WHERE = f"data/events/2026/{NAME}"


def replace(old: str, new: str) -> str:
    """The valid event with one piece of text replaced."""
    assert old in VALID_EVENT
    return VALID_EVENT.replace(old, new, 1)


def assert_reported(result, line: int, code: str, path: str = WHERE) -> str:
    """The check failed, naming the file, the line and the problem code; returns that line."""
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out + result.err
    shown = printable(path)  # the report escapes invisible characters in what it prints
    matches = [row for row in result.out.splitlines() if row.startswith(f"{shown}:{line}:")]
    assert matches, f"nothing reported at {path}:{line} in:\n{result.out}"
    assert any(f"[{code}]" in row for row in matches), matches
    return next(row for row in matches if f"[{code}]" in row)


def test_yaml_syntax_error_is_reported_with_its_line(data_dir, check):
    write_event(data_dir, NAME, replace("places: [geneva]", "places: [geneva"))
    assert_reported(check(), 8, "yaml-syntax")


def test_tab_indentation_is_reported_with_a_hint(data_dir, check):
    write_event(data_dir, NAME, replace("  - actor: russia\n    topic", "  - actor: russia\n\ttopic"))
    row = assert_reported(check(), 14, "tab")
    assert "tab" in row


def test_duplicate_key_is_reported_with_its_line(data_dir, check):
    write_event(data_dir, NAME, replace("kind: talks\n", "kind: talks\nkind: summit\n"))
    row = assert_reported(check(), 6, "duplicate-key")
    assert "first given on line 5" in row


def test_python_tag_is_refused_and_never_executed(data_dir, check, tmp_path):
    marker = tmp_path / "pwned"
    write_event(
        data_dir,
        NAME,
        replace(
            "title: Third trilateral round opens in Geneva",
            f"title: !!python/object/apply:os.system ['touch {marker}']",
        ),
    )
    assert_reported(check(), 1, "unsafe-tag")
    assert not marker.exists()


def test_alias_bomb_is_refused(data_dir, check):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index, (name, prev) in enumerate(zip("bcdefghi", "abcdefgh", strict=True)):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        assert index < 9
    bomb = "\n".join(lines) + "\n"
    assert len(bomb.encode()) < 1000
    write_event(data_dir, NAME, bomb)
    assert_reported(check(), 2, "alias")


def test_any_alias_is_refused(data_dir, check):
    write_event(data_dir, NAME, replace("topics: [territory]", "topics: &t [territory]\nrelated: *t"))
    assert_reported(check(), 10, "alias")


def test_nesting_30000_levels_is_refused_without_crashing(data_dir, tmp_path):
    depth = 30_000
    write_event(data_dir, NAME, "title: " + "[" * depth + "]" * depth + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "sourced_timeline.cli", "check", "--data", "data", "--today", TODAY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{WHERE}:1:" in result.stdout and "[too-deep]" in result.stdout


def test_moderate_nesting_beyond_the_limit_is_refused(data_dir, check):
    write_event(data_dir, NAME, "title: " + "[" * 40 + "]" * 40 + "\n")
    assert_reported(check(), 1, "too-deep")


def test_file_over_the_size_limit_is_refused(data_dir, check):
    write_event(data_dir, NAME, VALID_EVENT + "# padding\n" * 30_000)
    assert_reported(check(), 1, "too-large")


def test_bytes_that_are_not_utf8_are_reported_at_their_line(data_dir, check):
    raw = replace("summary: Russian", "summary: R\xfcssian").encode("latin-1")
    write_event(data_dir, NAME, raw)
    row = assert_reported(check(), 6, "not-utf8")
    assert ":6:11:" in row


def test_empty_file_is_reported(data_dir, check):
    write_event(data_dir, NAME, "")
    assert_reported(check(), 1, "empty-file")


def test_comment_only_file_is_reported_as_empty(data_dir, check):
    write_event(data_dir, NAME, "# nothing yet\n")
    assert_reported(check(), 1, "empty-file")


@pytest.mark.parametrize("text", ["- title: x\n- date: 2026\n", "just a sentence\n"])
def test_list_or_scalar_where_a_mapping_belongs(data_dir, check, text):
    write_event(data_dir, NAME, text)
    assert_reported(check(), 1, "not-a-mapping")


def test_list_where_a_source_mapping_belongs(data_dir, check):
    source = "  - source: 2026-02-13-moscow-times-next-round"
    text = replace(source, f"  - [The Moscow Times]\n{source}")
    write_event(data_dir, NAME, text)
    assert_reported(check(), 18, "wrong-type")


def test_several_documents_in_one_file(data_dir, check):
    write_event(data_dir, NAME, VALID_EVENT + "---\n" + VALID_EVENT)
    row = assert_reported(check(), VALID_EVENT.count("\n") + 1, "yaml-syntax")
    assert "one record per file" in row


@pytest.mark.parametrize(
    ("value", "read_as"),
    [("NO", "boolean"), ("1:30", "number 90"), ("0755", "number 493"), ("2026-02-17", "date")],
)
def test_yaml_11_coercion_where_text_belongs_is_explained(data_dir, check, value, read_as):
    write_event(data_dir, NAME, replace("title: Third trilateral round opens in Geneva", f"title: {value}"))
    row = assert_reported(check(), 1, "wrong-type")
    assert read_as in row and f'"{value}"' in row


def test_quoted_value_that_looks_like_a_number_is_accepted(data_dir, check):
    write_event(data_dir, NAME, replace("title: Third trilateral round opens in Geneva", 'title: "1:30"'))
    assert check().code == 0


def test_impossible_date_is_reported(data_dir, check):
    write_event(data_dir, NAME, replace("date: 2026-02-17", "date: 2026-02-30"))
    row = assert_reported(check(), 2, "bad-value")
    assert "28 days" in row


@pytest.mark.parametrize(
    ("stem", "hint"),
    [
        ("2026-02-17-Geneva", "lower case"),
        ("2026-02-17-gen..eva", "lowercase letters"),
        ("2026-02-17-gen\u200beva", "invisible"),
        ("2026-02-17-gen\u202eeva", "invisible"),
        ("2026-02-17-geneva\n", "invisible or control"),
        ("\u0662\u0660\u0662\u0666-02-17-geneva", "lowercase letters, digits"),
    ],
)
def test_bad_event_file_names_are_refused(data_dir, check, stem, hint):
    (data_dir / "events" / "2026" / NAME).rename(data_dir / "events" / "2026" / f"{stem}.yaml")
    row = assert_reported(check(), 1, "bad-id", path=f"data/events/2026/{stem}.yaml")
    assert hint in row


@pytest.mark.parametrize("bad_id", ["../secrets", "actors/russia", "Russia", "russia\n", "\u0661\u0662"])
def test_bad_reference_ids_are_refused(data_dir, check, bad_id):
    escaped = bad_id.replace("\n", "\\n")
    write_event(data_dir, NAME, replace("actors: [russia,", f'actors: ["{escaped}",'))
    assert_reported(check(), 8, "bad-id")


@pytest.mark.parametrize("bad_id", ["rus\u200bsia", "rus\u202esia"])
def test_invisible_characters_in_ids_are_refused_where_they_stand(data_dir, check, bad_id):
    write_event(data_dir, NAME, replace("actors: [russia,", f"actors: ['{bad_id}',"))
    assert "invisible" in assert_reported(check(), 8, "bad-character")


@pytest.mark.parametrize("reserved", ["con", "nul", "com1", "lpt9"])
def test_windows_reserved_names_are_refused_as_ids(data_dir, check, reserved):
    with open(data_dir / "places.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"{reserved}:\n  name: Somewhere\n  kind: city\n")
    result = check()
    row = assert_reported(result, 5, "bad-id", path="data/places.yaml")
    assert "Windows" in row


def test_windows_reserved_name_is_refused_as_a_reference(data_dir, check):
    write_event(data_dir, NAME, replace("places: [geneva]", "places: [aux]"))
    assert "Windows" in assert_reported(check(), 7, "bad-id")


def test_symlink_in_the_data_folder_is_refused(data_dir, check, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(VALID_EVENT)
    os.symlink(outside, data_dir / "events" / "2026" / "2026-02-18-link.yaml")
    assert_reported(check(), 1, "symlink", path="data/events/2026/2026-02-18-link.yaml")


def test_symlinked_folder_is_refused_and_not_followed(data_dir, check, tmp_path):
    os.symlink(data_dir / "events" / "2026", data_dir / "events" / "2027")
    result = check()
    assert_reported(result, 1, "symlink", path="data/events/2027")
    assert "events/2027/2026" not in result.out


def test_control_character_is_reported_with_its_position(data_dir, check):
    write_event(data_dir, NAME, replace("summary: Russian", "summary: Rus\x07sian"))
    assert_reported(check(), 6, "bad-character")


def test_a_broken_file_does_not_hide_problems_in_others(data_dir, check):
    write_event(data_dir, NAME, "title: [\n")
    write_event(data_dir, "2026-02-19-other.yaml", replace("kind: talks", "kind: talkz"))
    result = check()
    assert_reported(result, 2, "yaml-syntax")
    assert_reported(result, 5, "unknown-kind", path="data/events/2026/2026-02-19-other.yaml")
