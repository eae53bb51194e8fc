"""A site in another language (issue 26, item 4): `timeline init --language uk`, ten events
of another subject written in Ukrainian, built: no English string of ours on its pages,
whether the server wrote it or the scripts did, and the header search works. German from
its catalogue alone; a site's own catalogue over the package's."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import html

from tests.conftest import FIXTURES, run_in
from tests.sitebuild import broken_links

LOCALE = Path(__file__).resolve().parent.parent / "sourced_timeline" / "locale"
SPLIT = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")
DATE_PATTERNS = {"d MMM y", "MMM y", "d MMM", "d", "MMM"}
CONTRIBUTORS_PAGES = ("contributing/",)
"""The Problem codes page is the contributors' reference, in English as the command line is
(`timeline explain` prints the same); the reader's pages are what must be in the language."""

HOME = """# Історія мови Python

Від першого випуску до кінця підтримки Python 2.

<!-- timeline:home -->
"""
ABOUT = "# Про дані\n\nДесять подій з документації Python.\n"


def _forms(message) -> list[str]:  # type: ignore[no-untyped-def]
    return [message.string] if isinstance(message.string, str) else list(message.string)


def english_phrases(language: str) -> set[str]:
    """Every run of words of the English catalogue (between its placeholders and markup) that
    LANGUAGE's catalogue does not keep as it is (file names, column names, `site_url`)."""
    with (LOCALE / "en.po").open("rb") as file:
        english = read_po(file)
    with (LOCALE / f"{language}.po").open("rb") as file:
        translated = read_po(file)
    kept = " ".join(text for message in translated if message.id for text in _forms(message))
    phrases = set()
    for message in english:
        if not message.id or message.id in DATE_PATTERNS:
            continue
        for text in _forms(message):
            parts = [part.strip(" .,:;()“”«»–-—→←·×+\n") for part in SPLIT.split(text)]
            for phrase in parts:
                # One word between placeholders or markup ("and") is a phrase only as a whole message.
                whole = len(parts) == 1 or " " in phrase
                if whole and re.search(r"[A-Za-z]{2}", phrase) and phrase not in kept:
                    phrases.add(phrase)
    return phrases


def visible_text(page: Path | str) -> str:
    """What a reader (or a screen reader) gets of a page (a file, or HTML): its text and its
    labelling attributes."""
    root = (
        html.parse(str(page)).getroot() if isinstance(page, Path) else html.fromstring(f"<div>{page}</div>")
    )
    for element in root.xpath("//script | //style"):
        element.drop_tree()
    attributes = root.xpath("//@title | //@aria-label | //@placeholder | //@alt | //meta/@content")
    return " ".join([root.text_content(), *map(str, attributes)])


def _leaks(text: str, phrases: set[str]) -> set[str]:
    return {p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)}


def _site_in(folder: Path, language: str, title: str) -> Path:
    site = folder / "site-src"
    made = run_in(folder, "init", str(site), "--title", title, "--language", language)
    assert made.code == 0, made.err
    for name in (
        "events",
        "sources.yaml",
        "actors.yaml",
        "topics.yaml",
        "places.yaml",
        "series.yaml",
        "vocabulary.yaml",
    ):
        target = site / "data" / name
        if target.is_dir():
            shutil.rmtree(target)
        source = FIXTURES / "ukrainian" / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.write_bytes(source.read_bytes())
    (site / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (site / "docs" / "about.md").write_text(ABOUT, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def ukrainian_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = _site_in(tmp_path_factory.mktemp("uk"), "uk", "Історія мови Python")
    built = run_in(site, "build")
    assert built.code == 0, built.err
    return site / "site"


def test_english_phrases_are_found_where_they_are() -> None:
    """The scan's own check: the phrases come from the catalogue, and a page in English has them."""
    phrases = english_phrases("uk")
    assert {"Sources", "Filter events", "newest first", "Where things stand"} <= phrases
    assert "events.csv" not in phrases and "site_url" not in phrases  # kept as they are in Ukrainian
    assert _leaks("<p>44 events, newest first</p>", phrases) >= {"newest first"}


@pytest.mark.slow
def test_a_ukrainian_site_shows_no_english_string_of_ours(ukrainian_site: Path) -> None:
    phrases = english_phrases("uk")
    pages = [
        p
        for p in ukrainian_site.rglob("*.html")
        if not p.relative_to(ukrainian_site).as_posix().startswith(CONTRIBUTORS_PAGES)
    ]
    assert len(pages) > 20
    leaks = {}
    for page in pages:
        found = _leaks(visible_text(page), phrases)
        if found:
            leaks[page.relative_to(ukrainian_site).as_posix()] = sorted(found)
    assert not leaks, leaks
    assert not broken_links(ukrainian_site)
    home = (ukrainian_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="uk"' in home
    timeline = visible_text(ukrainian_site / "timeline" / "index.html")
    assert "Березень" in timeline or "березень" in timeline.lower()  # month headings in Ukrainian
    assert "бл. квіт. 2020" in timeline  # "c. Apr 2020", approximate, in Ukrainian
    source = visible_text(ukrainian_site / "sources" / "pep-373" / "index.html")
    assert (
        "англійська" in source and "«PEP 373" in source
    )  # its language named, its headline quoted, in Ukrainian
    feed = (ukrainian_site / "downloads" / "events.atom").read_text(encoding="utf-8")
    assert 'xml:lang="uk"' in feed
    # The page a host serves for an unknown address: in Ukrainian, its ways back from the root.
    from sourced_timeline.i18n import messages

    missing = html.parse(str(ukrainian_site / "404.html")).getroot()
    assert missing.findtext(".//h1") == messages("uk").gettext("Page not found") != "Page not found"
    ways = missing.xpath("//article//a/@href | //main//p/a/@href")
    assert {"/timeline/", "/search/"} <= set(ways), ways


@pytest.mark.slow
@pytest.mark.browser
def test_the_ukrainian_sites_scripts_speak_ukrainian_and_its_search_works(
    ukrainian_site: Path, browser
) -> None:
    from scripts.browser import serve

    phrases = english_phrases("uk")
    with serve(ukrainian_site) as url:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(f"{url}/timeline/?actor=guido-van-rossum")
        tab.locator(".tl-chips button").first.wait_for()
        text = (
            tab.locator("#tl-content").inner_text()
            + " "
            + " ".join(
                tab.locator("[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
            )
        )
        assert not _leaks(text, phrases), _leaks(text, phrases)
        intro = tab.locator(".tl-intro").inner_text()
        assert "Гвідо ван Россум" in intro and "event" not in intro
        tab.goto(f"{url}/timeline/?from=2000-01-01&to=2010-12-31")  # dates as the pages write them
        tab.locator(".tl-chips button").first.wait_for()
        assert "1 січ. 2000" in tab.locator(".tl-intro").inner_text()
        assert "31 груд. 2010" in tab.locator(".tl-chips").inner_text()
        # Two years (this site's opening period) stay named by their days when dragged by a
        # fraction of a day (they touched one day more, and switched to years).
        tab.goto(f"{url}/timeline/?span=2y")
        assert tab.locator("[data-span='2y']").get_attribute("aria-pressed") == "true"
        opened = tab.locator(".tl-axis-window").inner_text()
        box = tab.locator("svg.tl-axis").bounding_box()
        x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2
        tab.mouse.move(x, y)
        tab.mouse.down()
        tab.mouse.move(x + 7.3, y)
        tab.mouse.move(x + 13.7, y)
        tab.mouse.up()
        dragged = tab.locator(".tl-axis-window").inner_text()
        assert dragged != opened and not re.fullmatch(r"\d{4}–\d{4}", dragged), (opened, dragged)
        tab.goto(f"{url}/")
        tab.locator("#tl-header-q").fill("Python")
        hit = tab.locator(".tl-suggest__list a:has(.tl-suggest__date)")
        hit.first.wait_for(timeout=15_000)
        status = tab.locator(".tl-suggest__status").inner_text()
        assert "result" not in status and re.search(r"\d", status), status
        assert not _leaks(tab.locator(".tl-suggest").inner_text(), phrases)
        # The search page: Pagefind's own interface in the page's language, and each result's
        # details (date, type) named in it too.
        tab.goto(f"{url}/search/?q=Python")
        tags = tab.locator(".pagefind-ui__result-tag")
        tags.first.wait_for(timeout=15_000)
        shown = " ".join(tags.all_inner_texts())
        assert "Тип" in shown and "подія" in shown and not re.search(r"\b(Date|Type|event)\b", shown), shown
        tab.close()


def _pages_in(language: str, template_dirs: tuple[str, ...] = ()) -> dict[str, str]:
    """The generated pages of the fixture's Ukrainian data, rendered in LANGUAGE."""
    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import SiteOptions
    from sourced_timeline.site import assemble

    dataset, problems = check_folder(FIXTURES / "ukrainian", dt.date(2026, 12, 4))
    assert dataset is not None, problems
    site = assemble(
        dataset, SiteOptions(language=language, template_dirs=template_dirs), with_downloads=False
    )
    return {src: page.html for src, page in site.pages.items() if not src.startswith(CONTRIBUTORS_PAGES)}


def test_german_comes_from_its_catalogue_alone() -> None:
    """No code knows German: de.po does, and every generated page speaks it."""
    phrases = english_phrases("de")
    pages = _pages_in("de")
    leaks = {
        src: sorted(found) for src, page in pages.items() if (found := _leaks(visible_text(page), phrases))
    }
    assert not leaks, leaks
    assert "Quellen" in pages["sources.md"] and "ca. Apr. 2020" in pages["timeline.md"]


def test_a_sites_own_catalogue_changes_a_word_of_the_packages(tmp_path: Path) -> None:
    """overrides/timeline/locale/en.po: one message the site words its own way ("party" ->
    "side"); every other message stays the package's."""
    catalogue = tmp_path / "locale" / "en.po"
    catalogue.parent.mkdir()
    catalogue.write_text(
        'msgid "Other parties:"\nmsgstr "Other sides:"\n\nmsgid "Sources"\nmsgstr "Documents"\n'
    )
    plain, own = _pages_in("en"), _pages_in("en", (str(tmp_path),))
    assert ">Sources</h1>" in plain["sources.md"] and ">Documents</h1>" in own["sources.md"]
    assert plain["timeline.md"] == own["timeline.md"]


def test_a_series_names_its_parts_as_series_yaml_says() -> None:
    """series.yaml's part ('Версія' for releases) names each numbered event of the series on
    its card, on its page and in the series' navigation, in place of the interface's 'round'."""
    import yaml

    series = yaml.safe_load((FIXTURES / "ukrainian" / "series.yaml").read_text(encoding="utf-8"))
    [entry] = series.values()
    pages = _pages_in("uk")
    from sourced_timeline.i18n import messages

    round_word = messages("uk").gettext("Round %(round)s") % {"round": ""}
    event = next(src for src, page in pages.items() if src.startswith("events/") and 'rel="prev"' in page)
    text = visible_text(pages[event])
    assert f"{entry['part']} " in text and round_word.strip() not in text
    timeline = visible_text(pages["timeline.md"])
    assert f"{entry['part']} 3 · {entry['name']}" in timeline
