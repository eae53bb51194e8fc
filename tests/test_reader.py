"""The reader's site, round two (issue 24): news chrome, newest first, where things stand.

The HTML of a real build of the project's site, with expectations derived from its data;
tests/test_reader_browser.py looks at the same pages in chromium.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from lxml import html

from sourced_timeline.check import check_folder
from tests.conftest import FIXTURES, TODAY, write_event
from tests.sitebuild import ROOT

pytestmark = pytest.mark.slow


def _page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def _latest_happened() -> tuple[str, dt.date]:
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    happened = [r for r in dataset.events if r.event.status == "happened"]
    return happened[-1].event.title, happened[-1].event.date.first_day


READER_PAGES = ["", "timeline", "data", "about", "search", "actors", "topics"]


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_have_no_docs_chrome(project_site, path):
    page = _page(project_site, path)
    for sidebar in page.xpath("//div[contains(concat(' ', @class, ' '), ' md-sidebar ')]"):
        assert sidebar.get("hidden") is not None, "a docs sidebar is shown"
    assert not page.xpath("//a[contains(@class, 'md-footer__link')]"), "a previous/next footer"
    assert "Made with" not in page.text_content()
    tabs = [tab.text_content().strip() for tab in page.xpath("//nav[contains(@class, 'md-tabs')]//a")]
    assert tabs[:1] == ["Latest"] and "Timeline" in tabs and "Data" in tabs
    footer = page.xpath("//nav[contains(@class, 'tl-footer')]//a/@href")
    assert any(href.endswith("contributing/records/") for href in footer)


@pytest.mark.parametrize("path", [*READER_PAGES, "contributing/records"])
def test_a_skip_link_comes_first_on_every_page(project_site, path):
    page = _page(project_site, path)
    # (Material's md-toggle checkboxes are display: none, never focused.)
    focusable = page.xpath(
        "//body//a[@href] | //body//button | //body//input[not(@type='hidden') and not(contains(@class, 'md-toggle'))]"
    )
    first = focusable[0]
    assert "md-skip" in (first.get("class") or ""), html.tostring(first)[:200]
    target = first.get("href").split("#")[-1]
    assert page.xpath(f"//*[@id='{target}']")


def test_the_timeline_lists_the_latest_event_first(project_site):
    page = _page(project_site, "timeline")
    starts = [card.get("data-start") for card in page.xpath("//article[contains(@class, 'tl-card')]")]
    assert starts == sorted(starts, reverse=True)
    title, _ = _latest_happened()
    happened = page.xpath("//article[contains(@class, 'tl-card')][@data-status='happened']//h3")
    assert happened[0].text_content().strip() == title
    assert page.xpath("//a[contains(@class, 'tl-order')]/@href") == ["?order=oldest"]


def test_only_events_that_did_not_simply_happen_are_badged(project_site):
    page = _page(project_site, "timeline")
    for card in page.xpath("//article[contains(@class, 'tl-card')]"):
        badges = card.xpath(".//span[contains(@class, 'tl-badge')]")
        if card.get("data-status") == "happened":
            assert not badges
        else:
            assert badges and badges[0].text_content() == card.get("data-status")


def test_cards_take_their_lanes_colour(project_site):
    from tests.conftest import FAMILY_OF, KIND_FAMILIES

    number = {family: n for n, family in enumerate(KIND_FAMILIES)}
    for card in _page(project_site, "timeline").xpath("//article[contains(@class, 'tl-card')]"):
        assert f"tl-f{number[FAMILY_OF[card.get('data-kind')]]}" in card.get("class").split()


def test_the_home_page_opens_on_where_things_stand_and_the_latest(project_site):
    page = _page(project_site, "")
    summary = yaml.safe_load((ROOT / "data" / "summary.yaml").read_text())
    bullets = page.xpath("//section[contains(@class, 'tl-standing')]//li")
    assert len(bullets) == len(summary["bullets"])
    for bullet, item in zip(bullets, summary["bullets"], strict=True):
        assert " ".join(item["text"].split()) in " ".join(bullet.text_content().split())
        cited = bullet.xpath(".//span[contains(@class, 'tl-cites')]/a/@href")
        assert [href.rstrip("/").split("/")[-1] for href in cited] == item["events"]
        for number, (link, event_id) in enumerate(
            zip(bullet.xpath(".//span[contains(@class, 'tl-cites')]/a"), item["events"], strict=True), 1
        ):  # each link named by its event's whole title (quotes in it escaped)
            title = yaml.safe_load(next((ROOT / "data" / "events").rglob(f"{event_id}.yaml")).read_text())[
                "title"
            ]
            assert link.get("aria-label").startswith(f"{number}: {title} (")
    title, _ = _latest_happened()
    updated = page.xpath("//p[contains(@class, 'tl-updated')]")[0].text_content()
    assert f"Latest: {title}" in " ".join(updated.split())
    order = [element.get("id") for element in page.xpath("//h2[@id]")]
    assert order.index("where-things-stand") < order.index("latest")


def test_a_stale_plan_is_not_next(tmp_path, run):
    """A planned event whose last possible day is before the latest news is no longer shown."""
    from tests.sitebuild import build, make_project

    data = tmp_path / "data"
    import shutil

    shutil.copytree(FIXTURES / "valid", data)
    event = (FIXTURES / "valid" / "events" / "2026" / "2026-02-17-geneva-round.yaml").read_text()
    write_event(
        data,
        "2026-01-10-old-plan.yaml",
        event.replace("title: Third trilateral round opens in Geneva", "title: An old plan")
        .replace("date: 2026-02-17\nend: 2026-02-18", "date: 2026-01-10")
        .replace("status: happened", "status: planned\nas_of: 2026-03-01\noutcome: unrecorded")
        .replace("round: 3", "round: 2"),
    )
    project = make_project(tmp_path / "project", data)
    assert build(project, tmp_path / "site") == 0
    home = _page(tmp_path / "site", "")
    assert "An old plan" not in home.text_content()


def test_summary_cites_only_events_that_exist(data_dir, check):
    (data_dir / "summary.yaml").write_text(
        "as_of: 2026-02-18\nbullets:\n  - text: A point.\n    events: [2026-02-17-geneva-rnd]\n"
    )
    result = check("--format", "json")
    assert result.code == 1 and "unknown-ref" in result.out and "summary.yaml" in result.out


def test_summary_names_only_parties_that_exist_and_says_where(data_dir, check):
    (data_dir / "summary.yaml").write_text(
        "as_of: 2026-02-18\nparties: [russia, rusia]\nbullets:\n  - text: A point.\n"
        "    events: [2026-02-17-geneva-round]\n"
    )
    result = check()
    assert result.code == 1
    assert "summary.yaml:2:" in result.out and "unknown-ref" in result.out and "rusia" in result.out
    assert "Traceback" not in result.out + result.err


def test_an_event_page_leads_with_its_summary_and_folds_the_dating_evidence(project_site):
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    noted = next(r for r in dataset.events if r.event.date_note)
    page = _page(project_site, f"events/{noted.id}")
    article = page.xpath("//article[contains(@class, 'tl-event')]")[0]
    children = [child.get("class") or child.tag for child in article]
    assert children.index("tl-summary") < children.index("tl-date-note")
    assert (
        page.xpath("//details[contains(@class, 'tl-date-note')]/summary")[0].text_content()
        == "How this date is known"
    )
    assert page.xpath("//meta[@property='og:type']/@content") == ["article"]
    assert _page(project_site, "").xpath("//meta[@property='og:type']/@content") == ["website"]


def test_a_source_without_a_link_says_so(project_site):
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    for record in dataset.events:
        page = _page(project_site, f"events/{record.id}")
        items = page.xpath("//ol[contains(@class, 'tl-source-list')]/li")
        for item, source in zip(items, dataset.citations(record), strict=True):
            assert bool(item.xpath(".//span[contains(@class, 'tl-no-link')]")) == (source.url is None)


@pytest.mark.parametrize("path", [*READER_PAGES, "contributing/records", "contributing/cli"])
def test_every_label_names_a_control_on_its_page(project_site, path):
    """Out of the navigation, Material's table of contents was labelled for a toggle it
    renders only beside a page's navigation entry (a vnu error on about and the guide)."""
    page = _page(project_site, path)
    ids = set(page.xpath("//@id"))
    assert [label.get("for") for label in page.xpath("//label[@for]") if label.get("for") not in ids] == []


def test_the_tabs_carry_the_titles_mkdocs_yml_gives_them(project_site):
    """A generated page (the topics list) is named in the tabs as `nav` names it, not by its own title."""
    from sourced_timeline.session import nav_titles

    class Loader(yaml.SafeLoader):
        """mkdocs.yml with its !ENV tags read as nothing."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    titles = nav_titles(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)["nav"])
    assert "topics.md" in titles
    for path in ("", "topics/"):
        tabs = _page(project_site, path).xpath("//*[contains(@class, 'md-tabs__link')]")
        assert [" ".join(t.text_content().split()) for t in tabs] == list(titles.values())


def test_each_event_page_links_the_events_just_before_and_after_it(project_site):
    """The strip's earlier/later links follow the timeline's date order (derived from the data);
    the first event has no earlier one and the last no later one."""
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    order = [r.id for r in dataset.events]
    for at, identifier in enumerate(order):
        page = _page(project_site, f"events/{identifier}/")
        where = page.xpath("//nav[contains(@class, 'tl-where')]")
        assert len(where) == 1, identifier
        earlier = where[0].xpath(".//a[contains(@class, 'tl-earlier')]/@href")
        later = where[0].xpath(".//a[contains(@class, 'tl-later')]/@href")
        assert earlier == ([f"../../events/{order[at - 1]}/"] if at else []), identifier
        assert later == ([f"../../events/{order[at + 1]}/"] if at + 1 < len(order) else []), identifier
        assert len(where[0].xpath(".//*[contains(@class, 'tl-where-here')]")) == 1


def test_a_card_names_everyone_the_actor_filter_matches_it_by(project_site):
    """The filter's "involving X" matches actors and those only mentioned: the card shows both."""
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    timeline = _page(project_site, "timeline/")
    mentioned = [r for r in dataset.events if r.event.mentioned]
    assert mentioned
    for record in dataset.events:
        card = timeline.xpath(f"//article[@id='{record.id}']")[0]
        named = set(card.get("data-actors").split())
        linked = {
            href.rstrip("/").rsplit("/", 1)[-1]
            for href in card.xpath(".//a[contains(@href, 'actors/')]/@href")
        }
        assert named == linked, record.id


def test_a_fact_s_name_and_value_read_apart_as_text(project_site):
    """A search excerpt (the page's text, without its styles) reads "Kind: Person", never
    "Kind Person": each fact's name ends in a colon that only the text shows."""
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    pages = [f"events/{dataset.events[-1].id}", f"actors/{next(iter(dataset.actors))}"]
    for path in pages:
        names = _page(project_site, path).xpath("//dl[contains(@class, 'tl-facts')]/dt")
        assert names, path
        assert all(name.text_content().endswith(":") for name in names), path
