"""The second site (issue 26, item 7): examples/ holds sites on other subjects made with
`timeline init` and `timeline import`; each checks clean, builds with every link resolved,
and works for a reader in chromium as the project's own site does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from tests.conftest import run_in
from tests.sitebuild import ROOT, broken_links

EXAMPLES = sorted(path for path in (ROOT / "examples").iterdir() if (path / "mkdocs.yml").is_file())
PEACE_TALKS = ("Russia", "Ukraine", "Kremlin", "Peskov", "Geneva", "Abu Dhabi", "peace talks")


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda path: path.name)
def example_site(request, tmp_path_factory) -> tuple[Path, Path]:
    """An example's folder, and its site built outside the repository."""
    out = tmp_path_factory.mktemp(request.param.name) / "site"
    result = run_in(request.param, "build", "--out", str(out))
    assert result.code == 0, result.out + result.err
    return request.param, out


def test_there_is_a_second_site_on_another_subject():
    assert EXAMPLES, "examples/ holds at least one site"


@pytest.mark.slow
def test_an_example_checks_clean_and_builds_with_every_link_resolved(example_site):
    folder, site = example_site
    assert run_in(folder, "check", "--strict").code == 0
    assert not broken_links(site)


@pytest.mark.slow
def test_an_example_shows_its_own_vocabulary_and_nothing_of_the_peace_talks(example_site):
    from sourced_timeline.vocabulary import read_vocabulary

    folder, site = example_site
    vocabulary = read_vocabulary(folder / "data")
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    lanes = re.findall(r'class="tl-lane-name"[^>]*>([^<]+)<', timeline)
    assert lanes and set(lanes) <= set(vocabulary.lane_labels)
    for page in site.rglob("*.html"):  # the Problem codes page included: its examples are neutral
        assert not _peace_talks(page), page


def _peace_talks(page: Path) -> list[str]:
    text = html.parse(str(page)).getroot().text_content()
    return [word for word in PEACE_TALKS if word in text]


@pytest.mark.slow
def test_an_example_in_another_language_speaks_it(example_site):
    """An example whose theme.language is not English has its interface in that language
    (the women-in-computing site: Ukrainian, its records in the English they were imported in)."""
    import yaml

    folder, site = example_site
    config = yaml.load((folder / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    language = config["theme"]["language"]
    if language == "en":
        pytest.skip("an English example")
    from sourced_timeline.i18n import messages

    words = messages(language)
    timeline = html.parse(str(site / "timeline" / "index.html")).getroot()
    assert timeline.get("lang") == language
    assert timeline.findtext(".//h1") == words.gettext("Timeline") != "Timeline"
    assert words.gettext("Filter events") in html.tostring(timeline, encoding="unicode")


@pytest.mark.slow
@pytest.mark.browser
def test_an_example_opens_its_axis_on_its_latest_events_and_its_search_works(example_site, browser):
    from scripts.browser import serve

    _, site = example_site
    with serve(site) as url:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(f"{url}/timeline/")
        shown = tab.locator("svg.tl-axis a.tl-mark:not(.tl-out)")
        assert shown.count() >= 3  # never an empty stretch, whatever the span
        window = tab.locator(".tl-axis-window").inner_text()  # as the script names it
        days = int(tab.locator("svg.tl-axis").get_attribute("data-window"))
        assert bool(re.fullmatch(r"\d{1,4}–\d{1,4}", window)) == (days >= 731), (window, days)
        title = html.parse(str(next(site.glob("events/*/index.html")))).getroot().findtext(".//h1")
        tab.locator("#tl-header-q").fill(title.split()[0])
        tab.locator(".tl-suggest__list a:has(.tl-suggest__date)").first.wait_for(timeout=15_000)
        tab.close()
