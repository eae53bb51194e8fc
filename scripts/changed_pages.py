"""The pages a pull request adds, alters or removes, in Markdown for the job summary.

    python scripts/changed_pages.py BASE_SITE HEAD_SITE >> "$GITHUB_STEP_SUMMARY"

Compares the HTML pages of two built sites (the pull-request workflow builds the base
branch's records and the branch's with the same code, so only record changes show).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sourced_timeline.contribute import markdown_text

MAX_LISTED = 200


def pages(site: Path) -> dict[str, str]:
    """Each page's URL path ('events/x/') and a digest of its HTML; {} if there is no site."""
    if not site.is_dir():
        return {}
    found = {}
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        url = relative.removesuffix("index.html")
        found[url] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def changed_pages_markdown(base: Path, head: Path) -> str:
    """A heading, the counts, and the added, altered and removed pages (at most MAX_LISTED)."""
    before, after = pages(base), pages(head)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    altered = sorted(url for url in set(after) & set(before) if after[url] != before[url])
    lines = [
        "## Pages this change adds or alters",
        "",
        f"**{len(added)} added, {len(altered)} altered, {len(removed)} removed** "
        f"(of {len(after)} pages). The built site is attached to this run as the artifact `site`.",
    ]
    if not before:
        lines.append("")
        lines.append("The base branch's records did not build, so every page counts as added.")
    listed = (
        [("added", u) for u in added] + [("altered", u) for u in altered] + [("removed", u) for u in removed]
    )
    if listed:
        lines.append("")
        lines += [f"- {what}: {markdown_text('/' + url)}" for what, url in listed[:MAX_LISTED]]
        if len(listed) > MAX_LISTED:
            lines.append(f"- … and {len(listed) - MAX_LISTED} more")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(changed_pages_markdown(Path(sys.argv[1]), Path(sys.argv[2])), end="")
