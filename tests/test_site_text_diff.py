"""scripts/site_text_diff.py: the visible text that changed between two builds."""

from __future__ import annotations

from pathlib import Path

from scripts.site_text_diff import changes


def _site(folder: Path, pages: dict[str, str]) -> Path:
    for relative, body in pages.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"<html><head><style>p{{}}</style></head><body>{body}<script>x()</script></body></html>"
        )
    return folder


def test_changed_visible_lines_are_counted_with_their_sections_and_scripts_ignored(tmp_path):
    old = _site(
        tmp_path / "old", {"index.html": "<p>Same</p>\n<p>Who</p>", "events/a/index.html": "<p>Who</p>"}
    )
    new = _site(
        tmp_path / "new",
        {
            "index.html": "<p>Same</p>\n<p>Who:</p>",
            "events/a/index.html": "<p>Who:</p>",
            "x/index.html": "<p>New</p>",
        },
    )
    counted, sections, added, gone = changes(old, new)
    assert counted == {"-Who": 2, "+Who:": 2}
    assert sections["+Who:"] == {"events", "index.html"}
    assert added == ["x/index.html"] and gone == []
