"""Every configuration source is validated by one schema (sourced_timeline/settings.py).

The contract (issue 23, 2): whatever pyproject.toml's [tool.timeline], the plugin's options
or the environment hold, a command either runs or stops with exit 2 and one escaped message
naming the file (or variable), the key and what is allowed; never a traceback, and nothing
a terminal or a CI log would read as a control sequence or a workflow command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import base

from sourced_timeline.config import TimelineConfig
from sourced_timeline.policy import Policy, load_policy
from sourced_timeline.settings import (
    EnvironmentSettings,
    PluginSettings,
    SettingsError,
    environment_settings,
    project_settings,
)

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""What no message may hold (line feeds separate one message's lines)."""

BROKEN_PYPROJECTS = {
    "tool-is-text": ('tool = "x"\n', "'tool' must be a table"),
    "timeline-is-a-number": ("[tool]\ntimeline = 1\n", "[tool.timeline] must be a table"),
    "fail-on-misspelt": ('[tool.timeline]\nfail_on = "warn"\n', 'fail_on must be "error" or "warning"'),
    "fail-on-a-number": ("[tool.timeline]\nfail_on = 1\n", 'fail_on must be "error" or "warning"'),
    "forged-key": (
        '[tool.timeline]\n"x\\n::error file=README.md,line=1::forged\\u001b[31m" = 1\n',
        "unknown key 'x\\x0a::error file=README.md,line=1::forged\\x1b[31m' (allowed keys: fail_on)",
    ),
    "not-toml": ("[tool.timeline\n", "not valid TOML"),
}


@pytest.mark.parametrize("name", BROKEN_PYPROJECTS)
@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_broken_pyproject_stops_the_check_with_exit_2_and_one_escaped_line(
    check, data_dir, tmp_path, name, fmt
):
    text, expected = BROKEN_PYPROJECTS[name]
    (tmp_path / "pyproject.toml").write_text(text)
    result = check("--format", fmt)
    assert result.code == 2, result
    assert result.out == ""
    assert str(tmp_path / "pyproject.toml") in result.err and expected in result.err, result.err
    assert "Traceback" not in result.err and not CONTROL.search(result.err.rstrip("\n"))
    assert not re.search(r"^::", result.err, re.M)  # no line a runner reads as a workflow command


def test_an_escape_sequence_in_the_environment_is_refused_escaped(run, data_dir, monkeypatch):
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/\x1b]0;title\x07")
    result = run("check", "--data", str(data_dir))
    assert result.code == 2
    assert "TIMELINE_SITE_URL" in result.err and "\\x1b]0;title\\x07" in result.err
    assert not CONTROL.search(result.err.rstrip("\n"))
    monkeypatch.setenv("TIMELINE_SITE_URL", "javascript:alert(1)")
    assert run("check", "--data", str(data_dir)).code == 2
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/site/")
    assert run("check", "--data", str(data_dir)).code == 0


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"timeline_page_size": 0}, "greater than or equal to 1"),
        ({"timeline_page_size": "150"}, "valid integer"),
        ({"watch_records": "poll"}, 'must be "events" or "polling"'),
        ({"edit_url": "javascript:alert(1)"}, "https:// or http://"),
        ({"enabled": "yes"}, "valid boolean"),
    ],
)
def test_the_plugin_options_are_validated_by_the_same_schema(options, expected):
    config = TimelineConfig()
    config.load_dict(options)
    errors, _ = config.validate()
    assert len(errors) == 1 and expected in str(errors[0][1])


def test_the_plugin_declares_every_setting_once_with_its_default():
    """MkDocs' view of the options is made from PluginSettings: same names, same defaults."""
    config = TimelineConfig()
    config.load_dict({})
    errors, warnings = config.validate()
    assert not errors and not warnings
    assert dict(config) == PluginSettings().model_dump()
    declared = {
        name for name, option in vars(TimelineConfig).items() if isinstance(option, base.BaseConfigOption)
    }
    assert declared == set(PluginSettings.model_fields)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _toml_value(value: object) -> str:
    """VALUE written as TOML (JSON's escapes are TOML's); None as an empty inline table."""
    if value is None:
        return "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, int) else json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


@given(
    st.one_of(
        st.dictionaries(st.text(), VALUES, max_size=4).map(
            lambda table: (
                "[tool.timeline]\n"
                + "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in table.items())
            )
        ),
        VALUES.map(lambda value: f"[tool]\ntimeline = {_toml_value(value)}\n"),
        VALUES.map(lambda value: f"tool = {_toml_value(value)}\n"),
        st.text(max_size=80),
    )
)
def test_any_pyproject_gives_a_policy_or_one_escaped_settings_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("project")
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    try:
        policy = load_policy(folder)
    except SettingsError as error:
        message = str(error)
        assert message.startswith(str(folder / "pyproject.toml") + ": ")
        assert not CONTROL.search(message)
        return
    assert isinstance(policy, Policy) and policy.fail_on in ("error", "warning")


@given(
    st.dictionaries(
        st.sampled_from(sorted(EnvironmentSettings.model_fields)), st.text(min_size=1), max_size=2
    )
)
def test_any_environment_gives_settings_or_one_escaped_error(environ):
    try:
        settings = environment_settings(environ)
    except SettingsError as error:
        assert not CONTROL.search(str(error)) and str(error).startswith("the environment: ")
        return
    for name, value in environ.items():
        assert getattr(settings, name) == value and value.startswith(("https://", "http://"))


def test_the_nearest_table_wins_and_a_pyproject_without_one_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warning"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    settings, path = project_settings(inner)
    assert settings.fail_on == "warning" and path == tmp_path / "pyproject.toml"
    assert project_settings(Path("/"))[1] is None or Path("/pyproject.toml").is_file()
