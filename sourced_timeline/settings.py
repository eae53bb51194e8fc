"""Every setting, from every source, validated by one schema.

Three sources configure the tool: ``[tool.timeline]`` in the project's pyproject.toml
(``ProjectSettings``), the plugin's options in mkdocs.yml (``PluginSettings``, which
``sourced_timeline.config`` hands to MkDocs) and the environment (``EnvironmentSettings``:
``TIMELINE_SITE_URL``, ``TIMELINE_REPO_URL``). Each is a pydantic model that refuses
unknown keys and converts nothing silently; a bad value is a ``SettingsError`` naming the
file (or variable), the key and what is allowed, with every value escaped for a terminal
or a CI log (``sourced_timeline.characters.printable``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from sourced_timeline.characters import printable, shown, unsafe_in_value
from sourced_timeline.model import _http_url

FailOn = Literal["error", "warning"]
M = TypeVar("M", bound=BaseModel)


def _web_address(value: str) -> str:
    """'' or an http(s) address with nothing a terminal or a page could misread, that MkDocs
    and a browser can parse (the record's own rule for links)."""
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("must start with https:// or http://")
    if unsafe_in_value(value) or any(character.isspace() for character in value):
        raise ValueError("must hold no spaces, control or invisible characters")
    return _http_url(value) if value else value


WebAddress = Annotated[str, Field(max_length=2000), AfterValidator(_web_address)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProjectSettings(_Strict):
    """``[tool.timeline]`` in pyproject.toml."""

    fail_on: FailOn = "error"
    """What fails a check: errors only, or errors and warnings (notices never do)."""


class PluginSettings(_Strict):
    """The ``timeline`` plugin's options in mkdocs.yml."""

    enabled: bool = True
    """Switch the plugin off without removing it (the site then has no generated pages)."""
    data_dir: Annotated[str, Field(min_length=1, max_length=1000)] = "data"
    """The data folder, relative to mkdocs.yml."""
    edit_url: WebAddress = ""
    """Prefix of a link that edits a record file, e.g. https://github.com/o/r/edit/main/data/."""
    search: bool = True
    """Index the built site with Pagefind after the build."""
    timeline_page_size: Annotated[int, Field(ge=1, le=10_000)] = 150
    """Events per timeline page."""
    share_navigation: bool = True
    """Render the navigation once per depth for pages outside it (same output, less time)."""
    watch_records: Literal["events", "polling"] = "events"
    """How `mkdocs serve` notices an edited record: from the system's file events (at once), or
    by polling every record twice a second as MkDocs polls its own files: for folders whose
    changes the system does not report, such as Docker Desktop bind mounts."""


class EnvironmentSettings(_Strict):
    """Environment variables (the deploy workflow sets both; mkdocs.yml reads them)."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    TIMELINE_SITE_URL: WebAddress = ""
    """The published site's address: absolute feed, sitemap and canonical links."""
    TIMELINE_REPO_URL: WebAddress = ""
    """The repository's address: the header link and the correction form."""


class SettingsError(ValueError):
    """A setting that cannot be used: where, which key, what is allowed (escaped)."""


def _allowed(model: type[BaseModel], key: str) -> str:
    """What a key accepts, in words."""
    field = model.model_fields.get(key)
    if field is None:
        return ", ".join(model.model_fields)
    choices = get_args(field.annotation)
    if choices and all(isinstance(choice, str) for choice in choices):
        return " or ".join(f'"{choice}"' for choice in choices)
    return ""


def _problem(item: Any, model: type[BaseModel]) -> tuple[str, str]:
    """One pydantic error item as (the key, what is wrong with it), every value escaped."""
    key = ".".join(str(part) for part in item["loc"]) or "(the table)"
    if item["type"] == "extra_forbidden":
        return "", f"unknown key {printable(shown(key))} (allowed keys: {_allowed(model, '')})"
    allowed = _allowed(model, key)
    value = f", not {printable(shown(item['input']))}" if not isinstance(item["input"], dict) else ""
    if allowed:
        return printable(key), f"must be {allowed}{value}"
    return printable(key), printable(str(item["msg"]).removeprefix("Value error, ")) + value


def describe_errors(error: ValidationError, model: type[BaseModel], where: str, table: str = "") -> str:
    """A pydantic error as lines a person can act on, every value escaped."""
    lines = []
    for item in error.errors(include_url=False):
        key, what = _problem(item, model)
        separator = " " if what.startswith("must be") else ": "
        lines.append(f"{where}: {table}{key}{separator}{what}" if key else f"{where}: {table}{what}")
    return "\n".join(lines)


def option_value(name: str, value: Any) -> Any:
    """One plugin option's VALUE, checked against ``PluginSettings``; a SettingsError saying
    what is wrong and what is allowed (MkDocs names the option)."""
    try:
        return getattr(PluginSettings.model_validate({name: value}), name)
    except ValidationError as error:
        raise SettingsError(_problem(error.errors(include_url=False)[0], PluginSettings)[1]) from None


def validated(model: type[M], values: Any, where: str, table: str = "") -> M:
    """VALUES as MODEL, or a SettingsError saying what is wrong where."""
    if not isinstance(values, Mapping):
        raise SettingsError(
            f"{where}: {table.rstrip(': ') or 'the settings'} must be a table of keys, "
            f"not {printable(shown(values))}"
        )
    try:
        return model.model_validate(dict(values))
    except ValidationError as error:
        raise SettingsError(describe_errors(error, model, where, table)) from None


def project_settings(start: Path | None = None) -> tuple[ProjectSettings, Path | None]:
    """``[tool.timeline]`` of the nearest pyproject.toml that has one, from START (the working
    directory) upwards, and that file; the defaults and None when there is none."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if not path.is_file():
            continue
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, RecursionError) as error:
            raise SettingsError(f"{path}: not valid TOML: {printable(str(error))}") from None
        tool = document.get("tool", {})
        if not isinstance(tool, dict):
            raise SettingsError(f"{path}: 'tool' must be a table, not {printable(shown(tool))}")
        if "timeline" not in tool:
            continue
        return validated(ProjectSettings, tool["timeline"], str(path), "[tool.timeline] "), path
    return ProjectSettings(), None


def environment_settings(environ: Mapping[str, str] | None = None) -> EnvironmentSettings:
    """The tool's environment variables, checked."""
    environ = os.environ if environ is None else environ
    values = {name: environ[name] for name in EnvironmentSettings.model_fields if environ.get(name)}
    return validated(EnvironmentSettings, values, "the environment")
