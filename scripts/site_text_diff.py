"""What a reader would see change between two builds of a site: the visible text of every
page (scripts and styles left out), compared line by line, each changed line counted once
with the sections of the site it changed in.

    python scripts/site_text_diff.py OLD_SITE NEW_SITE [--limit 40]

Build the old site from a worktree of the old commit, e.g.
``git worktree add /tmp/old <commit>`` then ``PYTHONPATH=/tmp/old python -m sourced_timeline.cli
build --out /tmp/oldsite`` from /tmp/old, and the new one with ``timeline build --out``.
"""

from __future__ import annotations

import argparse
import collections
import difflib
from pathlib import Path

from lxml import html


def visible_lines(page: Path) -> list[str]:
    """The page's text as a reader sees it, one line per line of text, spaces collapsed."""
    root = html.parse(str(page)).getroot()
    for hidden in root.xpath("//script | //style"):
        hidden.drop_tree()
    return [" ".join(line.split()) for line in root.text_content().splitlines() if line.strip()]


def changes(
    old: Path, new: Path
) -> tuple[collections.Counter[str], dict[str, set[str]], list[str], list[str]]:
    """Changed lines (- old, + new) with their counts and sections, pages added, pages gone."""
    counted: collections.Counter[str] = collections.Counter()
    sections: dict[str, set[str]] = collections.defaultdict(set)
    new_pages = {p.relative_to(new) for p in new.rglob("*.html")}
    old_pages = {p.relative_to(old) for p in old.rglob("*.html")}
    for relative in sorted(new_pages & old_pages):
        for line in difflib.unified_diff(
            visible_lines(old / relative), visible_lines(new / relative), lineterm="", n=0
        ):
            if not line.startswith(("+++", "---", "@@")):
                counted[line] += 1
                sections[line].add(relative.parts[0] if len(relative.parts) > 1 else relative.name)
    return counted, sections, sorted(map(str, new_pages - old_pages)), sorted(map(str, old_pages - new_pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--limit", type=int, default=40, help="how many changed lines to print")
    args = parser.parse_args()
    counted, sections, added, gone = changes(args.old, args.new)
    for line, count in counted.most_common(args.limit):
        print(f"{count:5} {line[:150]}  [{', '.join(sorted(sections[line])[:4])}]")
    print(
        f"{len(counted)} distinct lines changed; pages added: {added or 'none'}; pages gone: {gone or 'none'}"
    )


if __name__ == "__main__":
    main()
