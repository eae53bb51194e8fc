"""`timeline init`: a new site's folder, ready to check, serve and build at once.

The files come from ``scaffold/`` beside this module (``$site_name``, ``$description`` and
``$language`` filled in), with one example source and one example event dated the day it
runs, so that the first `timeline serve` shows a working timeline, and the JSON Schema
files an editor uses.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

import yaml

from sourced_timeline import i18n
from sourced_timeline.i18n import N_
from sourced_timeline.schema import write_schemas
from sourced_timeline.vocabulary import DEFAULT, translated

SCAFFOLD = Path(__file__).parent / "scaffold"
CONTRIBUTORS = Path(__file__).parent / "scaffold_contributors"
"""The contributors' kit (``init --contributors``): their guide, the correction form, the pull
request template, the workflows and the pre-commit hook, stored without their leading dots."""
RENAMED = {
    "gitignore": ".gitignore",
    "github": ".github",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}
"""Files stored under another name in the package (a wheel would drop a dotfile's meaning)."""
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
EXAMPLE_SOURCE = "example-source"
EXAMPLE_EVENT = "example-event"
"""The end of the example event's id (its date comes first)."""
VOCABULARY_HEADER = """# yaml-language-server: $schema=../schema/vocabulary.schema.json
# This site's own words: its event kinds, the lanes that group them (the time axis's rows,
# top to bottom, and the charts' colours: give a lane `colour: "#rrggbb"` to choose one),
# and what its actors and places may be. Rename, add or remove as the subject needs.
"""


SCAFFOLD_MESSAGES = {
    "nav_latest": N_("Latest"),
    "nav_timeline": N_("Timeline"),
    "nav_data": N_("Data"),
    "dark_palette": N_("Switch to the dark palette"),
    "light_palette": N_("Switch to the light palette"),
    "about_title": N_("About the data"),
    "about_link": N_("How the records were gathered:"),
    "about_text": N_(
        "Say here what this timeline covers, which sources it draws on and how its dates are worked "
        "out. Every event cites its sources (`data/sources.yaml`); a date is only as precise as they allow."
    ),
}
"""The words the templates of mkdocs.yml and the two pages of prose leave to the site's
language (``$nav_latest``, ``$about_title``…): the editors replace the prose, but start from
their own language."""


class InitError(Exception):
    """The folder cannot be made into a site as asked (it holds files, or a value is bad)."""


def init_site(
    folder: Path, site_name: str, description: str, language: str, today: dt.date, contributors: bool = False
) -> list[Path]:
    """Write a new site into FOLDER (absent or empty), with the contributors' kit if asked;
    returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder} is not an empty folder: init writes a new site, never over one")
    if not LANGUAGE_TAG.fullmatch(language):
        raise InitError(f"{language!r} is not a language tag such as en, uk or pt-BR")
    if not site_name.strip() or "\n" in site_name or "\n" in description:
        raise InitError("the title and description are one line each, and the title is not empty")
    words = i18n.messages(language)
    description = description or words.gettext("A sourced timeline.")
    values = {"site_name": site_name, "description": description, "language": language}
    # The reader's words mkdocs.yml holds (tabs, the palette's toggle), in the site's language.
    values |= {key: words.gettext(message) for key, message in SCAFFOLD_MESSAGES.items()}
    written = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(SCAFFOLD)
        target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
        # In YAML, each value as a double-quoted scalar written by the YAML library; elsewhere as text.
        quoted = (
            {key: _yaml_scalar(value) for key, value in values.items()} if source.suffix == ".yml" else values
        )
        written.append(_write(target, Template(source.read_text(encoding="utf-8")).safe_substitute(quoted)))
    (folder / "overrides").mkdir()
    written.append(_write(folder / "overrides" / ".gitkeep", ""))
    written += _example_records(folder / "data", today)
    written.append(
        _write(
            folder / "data" / "vocabulary.yaml",
            VOCABULARY_HEADER + _yaml(translated(DEFAULT, words.gettext).model_dump(exclude_none=True)),
        )
    )
    written += write_schemas(folder / "schema", DEFAULT)
    if contributors:
        written += _contributors_kit(folder, today)
    return written


def _contributors_kit(folder: Path, today: dt.date) -> list[Path]:
    """The kit, with this site's example event and this package's version filled in (the
    workflows install the very version that made the site)."""
    values = {"example_event": f"{today.isoformat()}-{EXAMPLE_EVENT}", "example_year": str(today.year)}
    values["version"] = _version()
    written = []
    for source in sorted(CONTRIBUTORS.rglob("*")):
        if source.is_file():
            parts = [RENAMED.get(part, part) for part in source.relative_to(CONTRIBUTORS).parts]
            text = Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            written.append(_write(folder.joinpath(*parts), text))
    return written


def _version() -> str:
    """The version the kit's workflows install: this one (0.1.0 from a source tree that was
    never installed)."""
    from sourced_timeline import installed_version

    return installed_version() or "0.1.0"


def _yaml_scalar(value: str) -> str:
    """VALUE as one double-quoted YAML scalar on one line, every character escaped as YAML needs."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf")).strip()


def empty_registry(name: str) -> str:
    """The text of an empty registry file as a new site has it (modeline, comment, ``{}``)."""
    return (SCAFFOLD / "data" / f"{name}.yaml").read_text(encoding="utf-8")


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _example_records(data: Path, today: dt.date) -> list[Path]:
    """One source and one event that cites it: the shape of every later record."""
    source = {
        EXAMPLE_SOURCE: {
            "publisher": "Example publisher",
            "headline": "An example source: replace it with the first document you cite",
            "language": "en",
            "date": today.isoformat(),
        }
    }
    event = {
        "title": "Example event: replace it with your first record",
        "date": today.isoformat(),
        "status": "happened",
        "kind": "other",
        "summary": "This example shows the fields every event has. Add your own with `timeline new` "
        "(or by copying this file), then delete it and its source.",
        "sources": [{"source": EXAMPLE_SOURCE, "attribution": "reporting"}],
    }
    header = "# yaml-language-server: $schema={}schema/{}.schema.json\n"
    sources = _write(
        data / "sources.yaml",
        header.format("../", "sources") + yaml.safe_dump(source, allow_unicode=True, sort_keys=False),
    )
    path = data / "events" / str(today.year) / f"{today.isoformat()}-{EXAMPLE_EVENT}.yaml"
    event_file = _write(
        path, header.format("../../../", "event") + yaml.safe_dump(event, allow_unicode=True, sort_keys=False)
    )
    return [sources, event_file]
