"""The embeddable timeline (/embed/timeline/, issue 24 item 7): the page and the Data page's
code to paste, built; then embedded in a page of another origin in Debian's chromium."""

from __future__ import annotations

import datetime as dt
import html as html_text
import os
import re
from pathlib import Path

import pytest
from lxml import html

from scripts.browser import CHROMIUM, axe_violations, serve
from sourced_timeline import urls
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import Dataset
from sourced_timeline.pages import EMBED_LATEST, SiteOptions, embed_page, embed_snippet
from tests.conftest import FIXTURES, TODAY
from tests.sitebuild import ROOT

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="no Debian chromium"
)


def _records(folder: Path) -> Dataset:
    dataset, _ = check_folder(folder, dt.date.fromisoformat(TODAY))
    assert dataset is not None
    return dataset


def _tree(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path / "index.html").read_bytes())


def _busiest_actor(dataset: Dataset) -> str:
    """The actor with the most events (the Data page's example of a filtered embed)."""
    counts = {str(a): len(records) for a, records in dataset.by_actor.items()}
    return max(sorted(counts), key=counts.__getitem__)


# Without a site build.


def test_the_embed_code_is_absolute_with_a_site_url_and_escapes_the_site_name():
    dataset = _records(FIXTURES / "valid")
    snippet = embed_snippet(
        dataset, SiteOptions(site_url="https://example.org/talks/", site_name='A "B" & <C>')
    )
    assert 'src="https://example.org/talks/embed/timeline/"' in snippet["code"]
    assert 'title="A &#34;B&#34; &amp; &lt;C&gt;: the latest events"' in snippet["code"]
    assert snippet["relative"] == ""
    assert snippet["example"].startswith("https://example.org/talks/embed/timeline/?actor=")
    assert '"timeline:height"' in snippet["code"] and "event.source" in snippet["code"]


def test_without_a_site_url_the_embed_code_starts_at_the_root_and_knows_its_way_from_the_data_page():
    snippet = embed_snippet(_records(FIXTURES / "valid"), SiteOptions())
    assert 'src="/embed/timeline/"' in snippet["code"]
    assert snippet["relative"] == "../embed/timeline/"


def test_a_paged_timelines_embed_holds_only_the_latest_cards_and_filters_through_the_index():
    dataset = _records(ROOT / "data")
    assert len(dataset.events) > EMBED_LATEST
    embed = embed_page(dataset, SiteOptions(timeline_page_size=EMBED_LATEST // 2))
    assert embed.src_uri == urls.source(urls.EMBED)
    assert embed.theme_template == "embed.html" and not embed.searchable
    ids = re.findall(r'<article class="tl-card[^"]*" id="([^"]+)"', embed.html)
    assert sorted(ids) == sorted(r.id for r in dataset.events[-EMBED_LATEST:])
    assert f'data-index="../../{urls.FILTER_INDEX}"' in embed.html
    one_page = embed_page(dataset, SiteOptions(timeline_page_size=len(dataset.events)))
    assert len(re.findall(r'<article class="tl-card', one_page.html)) == len(dataset.events)
    assert "data-index" not in one_page.html


# The project's site, built.


@pytest.mark.slow
def test_the_embed_page_has_no_chrome_and_opens_every_link_in_the_top_window(project_site):
    tree = _tree(project_site, urls.EMBED)
    assert tree.xpath("//head/base/@target") == ["_top"]
    assert tree.xpath("//a[@target and @target != '_top']") == []
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    for chrome in ("md-header", "md-tabs", "md-footer", "md-sidebar", "md-skip", "md-search", "tl-footer"):
        assert not tree.xpath(f"//*[contains(concat(' ', @class, ' '), ' {chrome} ')]"), chrome
    assert not tree.xpath("//*[@id='tl-search']")
    scripts = tree.xpath("//script/@src")
    assert scripts and not any("bundle" in src for src in scripts), scripts  # none of Material's
    masthead = tree.xpath("//header[@class='tl-embed-head']//a")
    assert len(masthead) == 1 and masthead[0].get("href").rstrip("/") == "../.."


@pytest.mark.slow
def test_the_embed_lists_the_latest_events_first_as_the_timeline_does(project_site):
    dataset = _records(ROOT / "data")
    embed = _tree(project_site, urls.EMBED).xpath("//article[contains(@class, 'tl-card')]/@id")
    timeline = _tree(project_site, "timeline").xpath("//article[contains(@class, 'tl-card')]/@id")
    assert embed[: len(timeline)] == timeline[: len(embed)]
    assert len(embed) >= min(EMBED_LATEST, len(dataset.events))
    latest_month = max((r.event.date.year, r.event.date.month or 0) for r in dataset.events)
    first = dataset.by_id[embed[0]].event.date
    assert (first.year, first.month or 0) == latest_month


@pytest.mark.slow
def test_the_embed_is_in_no_navigation(project_site):
    for path in ("", "timeline", "data"):
        navigation = _tree(project_site, path).xpath("//nav//a/@href")
        assert not any("embed/" in href for href in navigation), path


@pytest.mark.slow
def test_the_data_page_shows_the_embed_code_as_text_with_a_copy_button(project_site):
    tree = _tree(project_site, "data")
    code = tree.xpath("//pre/code[@id='tl-embed-code']")
    assert len(code) == 1
    text = code[0].text_content()
    assert text.startswith('<iframe src="/embed/timeline/" title="')
    assert 'addEventListener("message"' in text and "</script>" in text
    assert len(tree.xpath("//button[@data-copy='tl-embed-code'][@hidden]")) == 1  # shown by the script


# In the browser, embedded in a page of another origin.


def _parent_page(project_site: Path, folder: Path, embed_url: str) -> None:
    """A news page of another origin with the Data page's code pasted in, the embed's address
    made absolute; it records every height message it receives."""
    code = _tree(project_site, "data").xpath("//code[@id='tl-embed-code']")[0].text_content()
    snippet = code.replace('src="/embed/timeline/"', f'src="{html_text.escape(embed_url)}"')
    assert embed_url in html_text.unescape(snippet)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news article</title>'
        "<script>window.heights = []; addEventListener('message', function (event) {"
        " if (event.data && event.data.type === 'timeline:height') window.heights.push(event.data.height); });"
        "</script></head><body><p>The article.</p>"
        f'<div id="column" style="width:700px">{snippet}</div><p>After the embed.</p></body></html>',
        encoding="utf-8",
    )


FITTED = """() => window.heights.length > 0
  && document.querySelector('iframe').getBoundingClientRect().height === window.heights.at(-1)"""


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_embedded_in_another_origin_it_reports_its_height_and_opens_links_in_the_top_window(
    browser, base_url, project_site, tmp_path, filtered
):
    dataset = _records(ROOT / "data")
    actor = _busiest_actor(dataset)
    matching = [r for r in dataset.events if actor in r.event.named_actors]
    query = f"?actor={actor}" if filtered else ""
    _parent_page(project_site, tmp_path / "news", f"{base_url}/{urls.EMBED}{query}")
    with serve(tmp_path / "news") as news:
        news = news.replace("127.0.0.1", "localhost")  # another host as well as another port
        context = browser.new_context(viewport={"width": 800, "height": 900})
        tab = context.new_page()
        tab.goto(f"{news}/")
        tab.wait_for_function(FITTED, timeout=15_000)
        frame = next(f for f in tab.frames if f.url.startswith(f"{base_url}/{urls.EMBED}"))
        assert tab.evaluate("location.origin") != frame.evaluate("location.origin")

        height = tab.evaluate("window.heights.at(-1)")
        assert 400 < height < 20_000, height
        assert frame.evaluate("document.documentElement.scrollHeight") == height
        assert frame.evaluate("document.documentElement.clientHeight") == height  # fits, no scrolling

        shown = frame.eval_on_selector_all(
            ".tl-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.id)"
        )
        if filtered:
            assert len(shown) == min(EMBED_LATEST, len(matching))
            assert all(actor in dataset.by_id[i].event.named_actors for i in shown)
            assert f"involving {dataset.actors[actor].name}" in frame.locator("h1").inner_text()
            all_link = frame.locator(".tl-embed-all").get_attribute("href")
            assert all_link.endswith(f"/timeline/?actor={actor}"), all_link
        else:
            assert len(shown) == min(EMBED_LATEST, len(dataset.events))

        # Narrower, taller: a new height is posted and the frame follows it.
        tab.evaluate("document.getElementById('column').style.width = '390px'")
        tab.wait_for_function(f"window.heights.at(-1) > {height}", timeout=15_000)
        tab.wait_for_function(FITTED, timeout=15_000)
        assert frame.evaluate("document.documentElement.scrollHeight") == tab.evaluate(
            "window.heights.at(-1)"
        )

        # A card's link opens in the reader's window, not in the frame.
        with tab.expect_navigation(url=f"{base_url}/events/{shown[0]}/"):
            frame.locator(f"[id='{shown[0]}'] .tl-title a").click()
        assert tab.url == f"{base_url}/events/{shown[0]}/"
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_the_embed_page_passes_axe_and_posts_nothing_when_not_framed(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)
    tab = context.new_page()
    tab.add_init_script("window.posted = 0; window.postMessage = function () { window.posted += 1; };")
    tab.goto(f"{base_url}/{urls.EMBED}")
    tab.wait_for_load_state("networkidle")
    assert axe_violations(tab) == []
    assert tab.evaluate("window.posted") == 0
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_a_paged_sites_embed_lists_the_latest_matching_events_from_the_filter_index(browser, tmp_path):
    from tests.sitebuild import build, make_project

    dataset = _records(ROOT / "data")
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      data_dir: data\n", "      data_dir: data\n      timeline_page_size: 5\n"
        )
    )
    assert build(project, project / "site") == 0
    actor = _busiest_actor(dataset)
    matching = [r for r in dataset.events if actor in r.event.named_actors]
    with serve(project / "site") as base:
        context = browser.new_context(viewport={"width": 700, "height": 900})
        tab = context.new_page()
        tab.goto(f"{base}/{urls.EMBED}?actor={actor}")
        tab.locator(".tl-results li").first.wait_for()
        tab.wait_for_load_state("networkidle")
        shown = tab.eval_on_selector_all(
            ".tl-results li",
            "items => items.filter(i => i.offsetParent !== null).map(i => i.querySelector('a').href)",
        )
        newest = sorted(matching, key=lambda r: r.event.date.first_day, reverse=True)
        assert len(shown) == min(EMBED_LATEST, len(matching))
        first = dataset.by_id[shown[0].rstrip("/").rsplit("/", 1)[-1]]
        assert first.event.date.first_day == newest[0].event.date.first_day  # the latest first
        assert tab.locator(".tl-embed-all").inner_text() == (
            f"See all {len(matching)} of these events on the full timeline"
            if len(matching) > EMBED_LATEST
            else "Open the full timeline"
        )
        context.close()
