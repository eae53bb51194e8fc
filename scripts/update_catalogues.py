"""Extract the reader's interface messages and bring every catalogue up to date (`make messages`).

Writes ``sourced_timeline/locale/messages.pot`` from the code and templates (babel.cfg),
merges it into each ``<language>.po`` (new messages empty, for a translator), and writes
``en.po`` with each message as itself: the English catalogue a site copies to change a word.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "sourced_timeline" / "locale"
TEMPLATE = LOCALE / "messages.pot"
EXTRACT = [
    *("extract", "-F", "babel.cfg", "-k", "N_", "-k", "N_plural:1,2", "-c", "Translators:"),
    *("--no-location", "--sort-output", "--omit-header", "--no-wrap", "-o", str(TEMPLATE), "."),
]


def pybabel(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *arguments], cwd=ROOT, check=True)


def english() -> None:
    """en.po: every message translated as itself."""
    with TEMPLATE.open("rb") as file:
        catalogue = read_po(file, locale="en")
    for message in catalogue:
        if message.id:
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    with (LOCALE / "en.po").open("wb") as file:
        write_po(file, catalogue, omit_header=False, no_location=True, width=0)


def main() -> None:
    if sys.argv[1:2] == ["--template-only"]:  # the test that the template is current
        pybabel(*[str(Path(sys.argv[2])) if part == str(TEMPLATE) else part for part in EXTRACT])
        return
    pybabel(*EXTRACT)
    for po in sorted(LOCALE.glob("*.po")):
        if po.stem != "en":
            options = ("--no-wrap", "--ignore-obsolete", "--ignore-pot-creation-date", "--no-fuzzy-matching")
            pybabel("update", "-i", str(TEMPLATE), "-o", str(po), "-l", po.stem, *options)
    english()


if __name__ == "__main__":
    main()
