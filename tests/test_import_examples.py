"""TimelineJS3's own example files (tests/fixtures/timelinejs3, MPL 2.0) imported into a new
site (issue 26, item 5): each imports, checks clean, and accounts for every slide it holds:
written as a record, or named with its index and the reason it was left out."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, run_in

EXAMPLES = FIXTURES / "timelinejs3"
SOURCE = ["--publisher", "Knight Lab", "--source-date", "2026-07-26"]
FILES = sorted(
    p.name for p in EXAMPLES.iterdir() if p.suffix in (".json", ".csv") and "timelinejs2" not in p.name
)


def _new_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    result = run_in(tmp_path, "init", str(site), "--title", "An import")
    assert result.code == 0, result.err
    for example in (site / "data" / "events").rglob("*.yaml"):  # the example init writes
        example.unlink()
    (site / "data" / "sources.yaml").write_text("{}\n")  # its example source gone too
    return site


def _slides(path: Path) -> list[str]:
    """Where each event slide of the file is, as the importer names it."""
    if path.suffix == ".csv":
        rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
        return [
            f"slide {n - 1} (row {n})"
            for n, row in enumerate(rows[1:], start=2)
            if any(c.strip() for c in row)
        ]
    events = json.loads(path.read_text(encoding="utf-8"))["events"]
    return [f"slide {n + 1} (events[{n}])" for n in range(len(events))]


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.match(r"https?://", href):
            self.found.add(href.strip())


@pytest.mark.parametrize("name", FILES)
def test_a_timelinejs3_example_imports_checks_clean_and_accounts_for_every_slide(tmp_path, name):
    site = _new_site(tmp_path)
    result = run_in(site, "import", str(EXAMPLES / name), *SOURCE)
    assert result.code == 0, result.err
    written = re.search(r"wrote (\d+) records", result.err)
    assert written, result.err
    left_out = {where for where in _slides(EXAMPLES / name) if f"skipped {where}" in result.err}
    assert int(written.group(1)) + len(left_out) == len(_slides(EXAMPLES / name)), result.err
    records = list((site / "data" / "events").rglob("*.yaml"))
    assert len(records) == int(written.group(1))
    checked = run_in(site, "check", "--strict")
    assert checked.code == 0, checked.out + checked.err


def test_the_inline_links_of_an_example_are_its_sources(tmp_path):
    site = _new_site(tmp_path)
    path = EXAMPLES / "republican.json"
    assert run_in(site, "import", str(path), *SOURCE).code == 0
    links = _Hrefs()
    for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
        links.feed(event.get("text", {}).get("headline", "") + event.get("text", {}).get("text", ""))
    sources = yaml.safe_load((site / "data" / "sources.yaml").read_text())
    assert links.found and {entry.get("url") for entry in sources.values()} >= links.found
    for entry in sources.values():
        if not entry.get("url"):
            continue
        assert entry["publisher"] in entry["url"]
        dated = re.search(r"/(\d{4})[/-](\d{2})[/-](\d{2})(?=[/-]|$)", entry["url"])
        if dated:  # the date its address gives, never the event's
            assert str(entry["date"]) == "-".join(dated.groups()), entry
        else:  # not known: no later than the timeline that linked to it
            assert str(entry["date"]["not_after"]) == "2026-07-26", entry


def test_an_examples_years_before_the_first_are_each_said_and_the_rest_taken(tmp_path):
    site = _new_site(tmp_path)
    result = run_in(site, "import", str(EXAMPLES / "cosmo-mixed.json"), *SOURCE)
    assert result.code == 0, result.err
    assert "skipped slide 1 (events[0]): start_date.year -13,800,000,000 is outside the years" in result.err
    years = sorted(int(p.parent.name) for p in (site / "data" / "events").rglob("*.yaml"))
    assert years and years[0] >= 1


def test_an_examples_eras_are_its_eras(tmp_path):
    site = _new_site(tmp_path)
    result = run_in(site, "import", str(EXAMPLES / "eras.json"), *SOURCE)
    assert result.code == 0, result.err
    eras = json.loads((EXAMPLES / "eras.json").read_text(encoding="utf-8"))["eras"]
    written = yaml.safe_load((site / "data" / "eras.yaml").read_text())
    assert sorted((e["name"], int(e["start"]), int(e["end"])) for e in written.values()) == sorted(
        (e["text"]["headline"], int(e["start_date"]["year"]), int(e["end_date"]["year"])) for e in eras
    )


def test_a_timelinejs2_example_is_refused_with_the_reason(tmp_path):
    site = _new_site(tmp_path)
    result = run_in(site, "import", str(EXAMPLES / "timelinejs2-example.json"), *SOURCE)
    assert result.code == 2 and "a TimelineJS 2 file" in result.err


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_an_imported_examples_eras_are_bands_the_script_keeps_within_the_plot(tmp_path, browser, width):
    from scripts.browser import serve

    site = _new_site(tmp_path)
    assert run_in(site, "import", str(EXAMPLES / "eras.json"), *SOURCE).code == 0
    built = tmp_path / "built"
    assert run_in(site, "build", "--out", str(built)).code == 0
    names = [e["name"] for e in yaml.safe_load((site / "data" / "eras.yaml").read_text()).values()]
    with serve(built) as url:
        tab = browser.new_page(viewport={"width": width, "height": 800})
        tab.goto(f"{url}/timeline/?span=all")
        listed = tab.locator(".tl-axis-eras").inner_text()
        assert all(name in listed for name in names), listed
        bands = tab.evaluate(
            """() => {
              const svg = document.querySelector('svg.tl-axis'), plot = svg.getBoundingClientRect();
              return Array.from(svg.querySelectorAll('.tl-eras > g:not(.tl-out)')).map(g => {
                const band = g.querySelector('rect').getBoundingClientRect();
                const text = g.querySelector('text');
                const words = text.getBoundingClientRect();
                return {left: band.left - plot.left, right: band.right - plot.left, width: plot.width,
                        shown: text.style.visibility !== 'hidden', textRight: words.right - plot.left};
              });
            }"""
        )
        assert bands, "no era in view on All"
        for band in bands:
            assert 0 <= band["left"] < band["right"] <= band["width"] + 0.5, band
            if band["shown"]:
                assert band["textRight"] <= band["right"] + 0.5, band  # a name shown fits its band
        before = tab.evaluate(
            "Array.from(document.querySelectorAll('.tl-eras rect')).map(r => r.getAttribute('x'))"
        )
        tab.locator(".tl-axis-presets button").first.click()  # a shorter period: the bands move
        after = tab.evaluate(
            "Array.from(document.querySelectorAll('.tl-eras rect')).map(r => r.getAttribute('x'))"
        )
        assert after != before
        tab.close()
