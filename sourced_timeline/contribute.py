"""Contributors' helpers: scaffold a new event file, and summarise what a branch changes.

``new_event`` writes a record from a few answers; ``records_diff`` compares the records of
two data folders (dicts, not models, so a broken record still shows as changed) and
``diff_markdown`` renders that for a pull-request comment.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from text_unidecode import unidecode

from sourced_timeline.characters import printable, shown
from sourced_timeline.dates import (
    Bounds,
    EventDate,
    PartialDate,
    event_date_value,
    parse_event_date,
    span_label,
)
from sourced_timeline.load import REGISTRIES, find_record_files, load_file
from sourced_timeline.model import EVENT_ID_BODY, ID_BODY, MAX_ID_LENGTH

_ID = re.compile(f"{EVENT_ID_BODY}|{ID_BODY}")
MODELINE = "# yaml-language-server: $schema=../../../schema/event.schema.json\n"


def slugify(text: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens: 'Talks in Genève!' -> 'talks-in-geneve';
    other scripts transliterated: 'Переговори в Женеві' -> 'peregovori-v-zhenevi'."""
    ascii_text = unidecode(unicodedata.normalize("NFC", text))
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "event"


def parse_date_answer(text: str) -> EventDate:
    """A date as typed: 2026, 2026-03, 2026-03-04, or bounds as 2026-01-25..2026-02-13 (also in
    EDTF's brackets)."""
    text = text.strip()
    if ".." in text:
        return Bounds.parse_range(text.removeprefix("[").removesuffix("]"))
    return PartialDate.parse(text)


_EVENT_ANSWERS = {"title", "date_note", "summary"}
_SOURCE_ANSWERS = {"publisher", "publisher_note", "url", "source_date_note"}
_SOURCE_FIELDS = {"source_date_note": "date_note"}
"""Answers about the source named apart from the event's own fields of the same name."""
NEW_SOURCE_ANSWERS = ("publisher", "publisher_note", "source_date", "source_date_note", "url")
"""The answers that describe a source not yet in sources.yaml (not asked when one is named)."""


def answer_problem(name: str, text: str, kinds: Sequence[str] = ()) -> str:
    """Why an answer to `timeline new`'s question NAME cannot be used ('' if it can): each
    answer is checked as it is typed, by the same models the checker uses; a kind against
    KINDS, the site's vocabulary (default: the neutral one)."""
    from pydantic import TypeAdapter, ValidationError

    from sourced_timeline.model import ID, Attribution, Event, Source, Status
    from sourced_timeline.vocabulary import DEFAULT

    text = text.strip()
    choices = {
        "kind": tuple(kinds or DEFAULT.kinds),
        "status": get_args(Status),
        "attribution": get_args(Attribution),
    }
    try:
        if name == "date" or name == "source_date":
            parse_date_answer(text)
        elif name == "source":
            ID.validate_python(text)
        elif name in choices:
            if text not in choices[name]:
                close = difflib.get_close_matches(text, choices[name], n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                return f"{text!r} is not allowed; {hint}choose one of: {', '.join(choices[name])}"
        elif name in _EVENT_ANSWERS or name in _SOURCE_ANSWERS:
            model = Event if name in _EVENT_ANSWERS else Source
            field = model.model_fields[_SOURCE_FIELDS.get(name, name)]
            annotation = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
            TypeAdapter(annotation).validate_python(text)  # type: ignore[arg-type]
    except ValidationError as error:
        return str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
    except ValueError as error:
        return str(error)
    return ""


class UnsafePath(OSError):
    """A record file that cannot be created where asked: it exists, or the way to it leaves
    the data folder through a symbolic link."""


def create_record(data_dir: Path, relative: str, text: str) -> Path:
    """Create the record file RELATIVE (a '/'-separated path) under DATA_DIR with TEXT: never
    over an existing file (not even a dangling link), never through a symbolic link (a
    linked folder would put it outside the data folder), folders made as needed."""
    parts = relative.split("/")
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise UnsafePath(f"not a path inside the data folder: {printable(relative)}")
    folder = data_dir
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise UnsafePath(
                f"{printable(str(folder))} is a symbolic link: records are never written through one"
            )
        if not folder.exists():
            folder.mkdir()
        elif not folder.is_dir():
            raise UnsafePath(f"{printable(str(folder))} is not a folder")
    path = folder / parts[-1]
    if os.path.lexists(path):
        raise FileExistsError(f"{printable(str(path))} already exists")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def new_event(data_dir: Path, answers: dict[str, str]) -> tuple[Path, str]:
    """Write a new event file from answers (title, date, kind, status, summary, and either
    ``source``, the id of a source in sources.yaml, or a new source's publisher, date…);
    returns its path and the id of a source added to sources.yaml ('' if none was)."""
    date = parse_date_answer(answers["date"])
    identifier = f"{date.earliest}-{slugify(answers['title'])}"
    relative = f"events/{date.year:04d}/{identifier}.yaml"
    cited, added = answers.get("source", ""), ""
    if not cited:
        cited, added = add_source(data_dir, new_source_entry(answers))
    citation: dict[str, Any] = {"source": cited, "attribution": answers.get("attribution") or "reporting"}
    record: dict[str, Any] = {
        "title": answers["title"],
        "date": event_date_value(date),
        **({"date_note": answers["date_note"]} if answers.get("date_note") else {}),
        "status": answers["status"],
        "kind": answers["kind"],
        "summary": answers["summary"],
        "actors": [],
        "topics": [],
        "places": [],
        "sources": [citation],
    }
    try:
        path = create_record(data_dir, relative, MODELINE + dump_record(record))
    except BaseException:
        if added:
            remove_source(data_dir, added)
        raise
    return path, added


def new_source_entry(answers: dict[str, str]) -> dict[str, Any]:
    """A sources.yaml entry from `timeline new`'s answers about a source."""
    entry: dict[str, Any] = {"publisher": answers.get("publisher") or None}
    if answers.get("publisher_note"):
        entry["publisher_note"] = answers["publisher_note"]
    if answers.get("url"):
        entry["url"] = answers["url"]
    entry["date"] = event_date_value(parse_date_answer(answers["source_date"]))
    if answers.get("source_date_note"):
        entry["date_note"] = answers["source_date_note"]
    return entry


def dump_record(data: Any) -> str:
    """A record (or registry entries) as YAML, written as people write records."""
    body = yaml.dump(data, Dumper=_RecordDumper, sort_keys=False, allow_unicode=True, width=88)
    return _UNQUOTED_DATE.sub(r"\1\2", body)


def source_id(entry: dict[str, Any], taken: Iterable[str]) -> str:
    """A readable id for a source entry: its date, its publisher ('unsigned' without one) and
    its headline's first two words (2026-02-13-moscow-times-next-round); -2, -3… if taken."""
    taken = set(taken)
    date = entry["date"]
    start = str(date["not_before"] if isinstance(date, dict) else date)
    publisher = str(entry.get("publisher") or "unsigned").removeprefix("The ").removeprefix("the ")
    words = slugify(str(entry.get("headline") or ""), 30).split("-")[:2]
    base = "-".join([start, slugify(publisher, 30), *(w for w in words if w != "event")])[: MAX_ID_LENGTH - 4]
    base = base.rstrip("-")
    identifier, number = base, 2
    while identifier in taken:
        identifier, number = f"{base}-{number}", number + 1
    return identifier


SOURCES_HEADER = (
    "# yaml-language-server: $schema=../schema/sources.schema.json\n"
    "# The source documents events cite, by id: see docs/contributing/records.md.\n"
)


def read_registry(path: Path) -> dict[str, Any]:
    """A registry's entries as plain data (dates as text), {} if it is missing or unreadable."""
    if not path.exists():
        return {}
    data = load_file(path).data
    return {str(k): as_text(v) for k, v in data.items()} if isinstance(data, dict) else {}


def as_text(value: Any) -> Any:
    """A loaded value as a record writes it: dates (and dates in mappings) as their text."""
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_source(data_dir: Path, entry: dict[str, Any]) -> tuple[str, str]:
    """The id of a source with exactly ENTRY's facts in sources.yaml, added if there is none:
    (id, the id again if it was added, else '')."""
    path = data_dir / "sources.yaml"
    existing = read_registry(path)
    for key, known in existing.items():
        if known == entry:
            return key, ""
    identifier = source_id(entry, existing)
    append_entries(path, {identifier: entry}, SOURCES_HEADER)
    return identifier, identifier


def remove_source(data_dir: Path, identifier: str) -> None:
    """Take out the entry ``add_source`` appended last (the file's final block)."""
    path = data_dir / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.rfind(f"\n{identifier}:\n")
    if start >= 0:
        path.write_text(text[: start + 1].rstrip("\n") + "\n", encoding="utf-8")


def append_entries(path: Path, entries: dict[str, Any], header: str) -> None:
    """Add ENTRIES at the end of the registry at PATH (created with HEADER if missing), a
    blank line before each; the file's own lines kept. An empty registry is written ``{}``."""
    old = path.read_text(encoding="utf-8") if path.exists() else header
    kept = [line for line in old.splitlines(keepends=True) if line.strip() != "{}"]
    text = "".join(kept).rstrip("\n") + "\n" if "".join(kept).strip() else ""
    has_entries = any(line.strip() and not line.startswith("#") for line in kept)
    for key, entry in entries.items():
        text += ("\n" if has_entries else "") + dump_record({key: entry})
        has_entries = True
    if not has_entries:
        text += "{}\n"
    path.write_text(text, encoding="utf-8")


class _RecordDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with list items indented under their key as the records write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_UNQUOTED_DATE = re.compile(
    r"^(\s*(?:- )?(?:date|end|not_before|not_after): )'([0-9]{4}-[0-9]{2}-[0-9]{2})'$", re.M
)
"""Dates as people write them: PyYAML quotes a full date it was given as text."""


@dataclass
class RecordsDiff:
    """What changed between two versions of the records."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    registries: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    counts: tuple[int, int] = (0, 0)


def _read_records(data_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Events by id and registry entries by registry, as plain dicts (broken files as None)."""
    files = find_record_files(data_dir)
    events = {}
    for relative in files.events:
        events[Path(relative).stem] = load_file(data_dir / relative, relative).data
    registries = {}
    for name in REGISTRIES:
        registry = files.registries.get(name)
        data = load_file(data_dir / registry, registry).data if registry else None
        registries[name] = data if isinstance(data, dict) else {}
    return events, registries


def _changed_fields(old: Any, new: Any) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["(whole record)"] if old != new else []
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def records_diff(base_dir: Path, head_dir: Path) -> RecordsDiff:
    """Compare the records of two data folders."""
    old_events, old_registries = _read_records(base_dir)
    new_events, new_registries = _read_records(head_dir)
    diff = RecordsDiff(counts=(len(old_events), len(new_events)))
    diff.added = sorted(new_events.keys() - old_events.keys())
    diff.removed = sorted(old_events.keys() - new_events.keys())
    for identifier in sorted(old_events.keys() & new_events.keys()):
        fields = _changed_fields(old_events[identifier], new_events[identifier])
        if fields:
            diff.changed[identifier] = fields
    for identifier in [*diff.added, *diff.changed, *diff.removed]:
        record = new_events.get(identifier) or old_events.get(identifier)
        if isinstance(record, dict):
            diff.titles[identifier] = str(record.get("title", ""))
            try:
                diff.dates[identifier] = span_label(parse_event_date(record.get("date")))
            except ValueError:
                diff.dates[identifier] = str(record.get("date", ""))
    for name in REGISTRIES:
        old, new = old_registries[name], new_registries[name]
        entry = {
            "added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()),
            "changed": sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
        }
        if any(entry.values()):
            diff.registries[name] = entry
    return diff


def markdown_text(text: str, *, in_table: bool = False) -> str:
    """Record text shown literally in GitHub Markdown (a job summary, a comment): a code span,
    in which nothing becomes a link (URLs, www., e-mail addresses, @mentions, #references,
    commit hashes), an image, emphasis or HTML, on one line. In a table cell, ``|`` is
    escaped as GFM's tables require (it shows as ``|``, also inside the span)."""
    text = printable(" ".join(text.split()), 200)
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""  # GFM strips one space each side
    span = f"{fence}{pad}{text}{pad}{fence}"
    return span.replace("|", "\\|") if in_table else span


def _code(identifier: str, *, in_table: bool = False) -> str:
    """An id as inline code when it is a valid id; anything else shown literally."""
    return f"`{identifier}`" if _ID.fullmatch(identifier) else markdown_text(identifier, in_table=in_table)


def diff_markdown(diff: RecordsDiff, base: str) -> str:
    """The diff as Markdown for a pull-request comment."""
    lines = [f"## Record changes against {markdown_text(base)}", ""]
    if not (diff.added or diff.removed or diff.changed or diff.registries):
        return "\n".join([*lines, "No record changes."]) + "\n"
    lines.append(
        f"**{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed** "
        f"({diff.counts[0]} → {diff.counts[1]} events)"
    )
    for heading, ids in (("Added", diff.added), ("Removed", diff.removed)):
        if ids:
            lines += ["", f"### {heading}", ""]
            lines += [
                f"- {_code(i)}: {markdown_text(diff.titles.get(i, ''))} "
                f"({markdown_text(diff.dates.get(i, '?'))})"
                for i in ids
            ]
    if diff.changed:
        lines += ["", "### Changed", "", "| event | fields changed |", "|---|---|"]
        lines += [
            f"| {_code(i, in_table=True)} | {', '.join(markdown_text(f, in_table=True) for f in fields)} |"
            for i, fields in diff.changed.items()
        ]
    for name, entry in diff.registries.items():
        parts = [f"{kind}: " + ", ".join(_code(i) for i in ids) for kind, ids in entry.items() if ids]
        lines += ["", f"### {name.capitalize()}", "", *[f"- {part}" for part in parts]]
    return "\n".join(lines) + "\n"


def data_at_revision(repository: Path, revision: str, data_path: str) -> tempfile.TemporaryDirectory[str]:
    """The data folder as it was at a git revision (verified as a commit), extracted into a
    temporary folder."""
    commit = verified_commit(repository, revision)
    archive = _git_bytes(repository, "archive", "--format=tar", commit, "--", data_path)
    folder = tempfile.TemporaryDirectory()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder.name, filter="data")
    return folder


class GitError(RuntimeError):
    """git could not answer (not a repository, an unknown revision, no merge base)."""


def _git_bytes(folder: Path, *args: str) -> bytes:
    """What git prints; a GitError (its message escaped) when it fails. Callers put options
    first and separate operands with ``--``; a revision is passed only once verified."""
    try:
        run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=True)
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error
    except ValueError as error:  # a NUL in an argument (no command line can hold one)
        raise GitError(printable(str(error))) from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip()
        raise GitError(printable(message.splitlines()[-1] if message else str(error), 300)) from None
    return run.stdout


def _git(folder: Path, *args: str) -> str:
    return _git_bytes(folder, *args).decode("utf-8", "surrogateescape")


def repository_top(folder: Path) -> Path:
    """The top folder of the repository FOLDER is in (resolved)."""
    return Path(_git(folder, "rev-parse", "--show-toplevel").strip()).resolve()


def verified_commit(folder: Path, revision: str) -> str:
    """The commit REVISION names (a full hash), or a GitError: a revision is never handed to
    git where it could be read as an option (``--output=FILE``)."""
    try:
        return _git(
            folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        ).strip()
    except GitError:
        raise GitError(f"not a commit: {printable(shown(revision))}") from None


def changed_files(data_dir: Path, base: str = "") -> list[str]:
    """Every file under DATA_DIR changed since BASE (default: the merge base of HEAD with
    main), whether committed, staged, unstaged or new, whatever its name or extension
    (the full check reports stray files too); deleted files left out. Paths are relative
    to DATA_DIR, with '/' separators."""
    if base:
        base = verified_commit(data_dir, base)
    else:
        for main in ("main", "origin/main"):
            try:
                base = _git(data_dir, "merge-base", "HEAD", verified_commit(data_dir, main)).strip()
                break
            except GitError:
                continue
        else:
            raise GitError("no merge base with main or origin/main: name a revision, --changed BASE")
    top = repository_top(data_dir)
    data = data_dir.resolve()
    folder = data.relative_to(top).as_posix()
    tracked = _git(top, "diff", "-z", "--name-only", "--no-renames", "--diff-filter=d", base, "--", folder)
    new = _git(top, "ls-files", "-z", "--others", "--", folder)  # ignored files too: the check reads them
    names = {name for name in (tracked + new).split("\0") if name}
    return sorted((top / name).relative_to(data).as_posix() for name in names)
