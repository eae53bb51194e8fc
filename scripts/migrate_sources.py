"""Move events' inline sources into the source registry (issue 25), once; safe to run again.

    python scripts/migrate_sources.py data [tests/fixtures/valid ...]

Before, each event listed its sources in full (publisher, title, date, approximate,
date_note, url, plus the citation's attribution, attributed_to, via and quote). After, a
source document is one entry of ``sources.yaml`` and each event cites it by id:

- Sources with identical publication facts (publisher, title, date, approximate, date_note,
  url) become one entry; ``title`` becomes ``headline``. Its id is readable: the date, the
  publisher ('unsigned' when none) and the headline's first words, such as
  ``2026-02-13-moscow-times-next-round``; ``-2``, ``-3``… when taken.
- A source without a publisher gets ``publisher: null`` and, when its date_note says the
  copy names none, ``publisher_note: The copy names no publisher.`` (never a guess: else
  the checker asks for the note).
- ``via`` stays with the citation: in these records it is the outlet a claim was reported
  to ("as reported to Politico"), which differs between claims of one document.
- Each event's ``sources:`` block is rewritten in place as citations (``source``,
  ``attribution``, ``attributed_to``, ``via``, ``quote``), in the same order, so positions
  and counts keep their numbers; every other line of the file is kept as it was.
- ``series.yaml`` is created with an entry for every series id events use, named as the
  site named it until now ('trilateral-talks' -> 'Trilateral talks'), its kind that of its
  events when they share one (else 'other').

Events already in the new form are left alone, and entries already in sources.yaml or
series.yaml are reused: a second run changes nothing. Every file is written only after the
whole folder has been read; a file that cannot be parsed stops the run before any write.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sourced_timeline.contribute import SOURCES_HEADER, append_entries, as_text, read_registry, source_id
from sourced_timeline.load import find_record_files, load_file

PUBLICATION_FIELDS = ("publisher", "title", "date", "approximate", "date_note", "url")
"""An inline source's fields that describe the source document, not the citation."""
NO_PUBLISHER = "The copy names no publisher"
"""How the records' date notes say a copy is unsigned (the only publisher_note written)."""
REGISTRY_HEADERS = {
    "sources": SOURCES_HEADER,
    "series": "# yaml-language-server: $schema=../schema/series.schema.json\n"
    "# Series of linked events (rounds of talks), by id: see docs/contributing/records.md.\n",
}


def _is_inline(source: Any) -> bool:
    return isinstance(source, dict) and "source" not in source


def _facts(source: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two inline sources one document: their publication facts."""
    date = as_text(source.get("date"))
    return tuple(
        (field, repr(date if field == "date" else as_text(source.get(field))))
        for field in PUBLICATION_FIELDS
        if field != "approximate" or source.get("approximate")
    )


def _entry(source: dict[str, Any]) -> dict[str, Any]:
    """The registry entry of an inline source."""
    entry: dict[str, Any] = {"publisher": source.get("publisher")}
    note = str(source.get("date_note") or "")
    if entry["publisher"] is None and note.startswith(NO_PUBLISHER):
        entry["publisher_note"] = NO_PUBLISHER + "."
    if source.get("title"):
        entry["headline"] = source["title"]
    if source.get("url"):
        entry["url"] = source["url"]
    entry["date"] = as_text(source["date"])
    if source.get("approximate"):
        entry["approximate"] = True
    if source.get("date_note"):
        entry["date_note"] = source["date_note"]
    return entry


def _entry_facts(entry: dict[str, Any]) -> tuple[Any, ...]:
    """An existing registry entry's facts, comparable with ``_facts`` of an inline source."""
    return _facts({**entry, "title": entry.get("headline")})


def _sources_block(text: str) -> tuple[int, int]:
    """The line range [start, end) of the top-level ``sources:`` block of an event's text."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("sources:"))
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "-", "\n") or lines[end].startswith("#")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines after the block stay
        end -= 1
    return start, end


def _items(lines: list[str]) -> list[list[tuple[str, list[str]]]]:
    """The list items of a block-style ``sources:`` block (without its first line): for each
    item, its fields in order as (key, the field's lines as written)."""
    items: list[list[tuple[str, list[str]]]] = []
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("- "):
            items.append([])
            stripped, indent = stripped[2:], indent + 2
            line = " " * indent + stripped
        key, colon, _ = stripped.partition(":")
        if (
            colon
            and key.isidentifier()
            and items
            and (not items[-1] or indent <= _indent(items[-1][0][1][0]))
        ):
            items[-1].append((key, [line]))
        elif items and items[-1]:
            items[-1][-1][1].append(line)  # a folded or wrapped value's next line, or a blank
        else:
            raise ValueError(f"cannot read this line of a sources: block: {line!r}")
    return items


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def rewrite_sources(text: str, identifiers: list[str]) -> str:
    """The event's text with each inline source of its ``sources:`` block replaced by a
    citation of IDENTIFIERS' id: the publication's fields go, ``source: <id>`` comes first,
    the citation's own lines (attribution, quote…) stay exactly as written; every other
    line of the file too."""
    lines = text.splitlines(keepends=True)
    start, end = _sources_block(text)
    block = [lines[start]]
    for identifier, fields in zip(identifiers, _items(lines[start + 1 : end]), strict=True):
        kept = [field_lines for key, field_lines in fields if key not in PUBLICATION_FIELDS]
        if any(key == "source" for key, _ in fields):
            kept = [field_lines for _, field_lines in fields]
            identifier = ""
        indent = _indent(fields[0][1][0])
        first = f"{' ' * (indent - 2)}- source: {identifier}\n" if identifier else ""
        body = [line for field_lines in kept for line in field_lines]
        if not first:
            body[0] = " " * (indent - 2) + "- " + body[0][indent:]
        block += [first, *body]
    return "".join(lines[:start] + block + lines[end:])


def migrate(data_dir: Path) -> list[Path]:
    """Migrate one data folder; the files written."""
    files = find_record_files(data_dir)
    sources = read_registry(data_dir / "sources.yaml")
    series = read_registry(data_dir / "series.yaml")
    by_facts = {_entry_facts(entry): key for key, entry in sources.items() if isinstance(entry, dict)}
    added_sources: dict[str, Any] = {}
    rewritten: dict[Path, str] = {}
    series_kinds: dict[str, Counter[str]] = {}
    for relative in files.events:
        path = data_dir / relative
        document = load_file(path)
        if not isinstance(document.data, dict):
            raise SystemExit(f"{path}: cannot read it; fix it first, nothing written")
        data = document.data
        if isinstance(data.get("series"), str):
            series_kinds.setdefault(data["series"], Counter())[str(data.get("kind"))] += 1
        inline = data.get("sources") or []
        if not any(_is_inline(source) for source in inline):
            continue
        citations = []
        for source in inline:
            if not _is_inline(source):
                citations.append(source.get("source"))
                continue
            facts = _facts(source)
            identifier = by_facts.get(facts)
            if identifier is None:
                entry = _entry(source)
                identifier = source_id(entry, set(sources) | set(added_sources))
                added_sources[identifier] = entry
                by_facts[facts] = identifier
            citations.append(identifier)
        rewritten[path] = rewrite_sources(document.text, citations)
    new_series = {
        key: {"name": key.replace("-", " ").capitalize(), "kind": _one_kind(kinds)}
        for key, kinds in sorted(series_kinds.items())
        if key not in series
    }
    written = []
    for path, text in rewritten.items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for name, added in (("sources", added_sources), ("series", new_series)):
        path = data_dir / f"{name}.yaml"
        if added or not path.exists():
            append_entries(path, added, REGISTRY_HEADERS[name])
            written.append(path)
    return written


def _one_kind(kinds: Counter[str]) -> str:
    return next(iter(kinds)) if len(kinds) == 1 else "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data", type=Path, nargs="+", help="data folders to migrate")
    args = parser.parse_args(argv)
    for data_dir in args.data:
        written = migrate(data_dir)
        print(f"{data_dir}: {len(written)} file(s) written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
