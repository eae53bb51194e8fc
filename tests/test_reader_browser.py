"""The reader's site, round two (issue 24), looked at in Debian's chromium."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml

from scripts.browser import CHROMIUM
from sourced_timeline.check import check_folder
from tests.conftest import TODAY
from tests.sitebuild import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason="no Debian chromium"),
]


def _tab(browser, width: int, height: int = 844):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
    return context, context.new_page()


def _records():
    dataset, _ = check_folder(ROOT / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    return dataset


def test_the_first_phone_screen_tells_where_things_stand_and_what_happened_last(browser, base_url):
    dataset = _records()
    latest = [r for r in dataset.events if r.event.status == "happened"][-1]
    context, tab = _tab(browser, 390)
    tab.goto(f"{base_url}/")
    first_bullet = tab.locator(".tl-standing li").first.bounding_box()
    title = tab.get_by_role("link", name=latest.event.title, exact=True).first.bounding_box()
    assert first_bullet and first_bullet["y"] < 844, first_bullet
    assert title and title["y"] + title["height"] <= 844, title
    context.close()


@pytest.mark.parametrize("path", ["/", "/timeline/", "/data/", "/contributing/records/"])
def test_the_first_tab_press_reaches_the_skip_link(browser, base_url, path):
    context, tab = _tab(browser, 1280, 900)
    tab.goto(f"{base_url}{path}")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className + ' ' + document.activeElement.textContent")
    assert "md-skip" in focused, focused
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_our_lists_show_no_bullets_whatever_materials_styles_say(browser, base_url, width):
    """The specificity bug: Material's list style beat the site's own (the home figures as
    bullets, stray bullets on chips)."""
    context, tab = _tab(browser, width)
    for path in ("/", "/timeline/?actor=vladimir-medinsky"):
        tab.goto(f"{base_url}{path}")
        tab.wait_for_load_state("networkidle")
        styles = tab.evaluate(
            """() => Array.from(document.querySelectorAll(
                 '.tl-figures li, .tl-list li, .tl-chips li, .tl-pager li'))
               .map(li => [getComputedStyle(li).listStyleType, getComputedStyle(li).marginLeft])"""
        )
        assert styles, path
        assert all(style == ["none", "0px"] for style in styles), (path, styles)
        footer = tab.evaluate(
            "() => Array.from(document.querySelectorAll('.tl-footer ul')).map(ul => getComputedStyle(ul).display)"
        )
        assert footer and set(footer) == {"flex"}, footer  # the footer's links in rows, not a column
    context.close()


def test_oldest_first_reverses_the_list_and_offers_the_latest(browser, base_url):
    dataset = _records()
    context, tab = _tab(browser, 1280, 900)
    tab.goto(f"{base_url}/timeline/?order=oldest")
    starts = tab.eval_on_selector_all(".tl-card", "cards => cards.map(c => c.dataset.start)")
    assert starts == sorted(starts)
    assert starts[0] == dataset.events[0].event.date.first_day.isoformat()
    assert tab.locator(".tl-jump").inner_text() == "Jump to latest"
    context.close()


def test_the_intro_says_what_the_filters_list(browser, base_url):
    dataset = _records()
    actor = "vladimir-medinsky"
    count = sum(actor in r.event.named_actors for r in dataset.events)
    context, tab = _tab(browser, 1280, 900)
    tab.goto(f"{base_url}/timeline/?actor={actor}")
    tab.wait_for_function("document.querySelector('.tl-intro').textContent.includes('involving')")
    name = dataset.actors[actor].name
    assert (
        tab.locator(".tl-intro").inner_text() == f"{count} event{'s' if count != 1 else ''} involving {name}"
    )
    context.close()


def test_the_summary_file_is_the_one_shown(project_site):
    """The bullets shown come from data/summary.yaml (read independently)."""
    summary = yaml.safe_load((ROOT / "data" / "summary.yaml").read_text())
    text = (project_site / "index.html").read_text()
    assert all(" ".join(b["text"].split())[:40] in " ".join(text.split()) for b in summary["bullets"])


SHIFTS = """window.__shift = 0; new PerformanceObserver(list => { for (const entry of list.getEntries())
  if (!entry.hadRecentInput) window.__shift += entry.value; }).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["/", "/timeline/"])
@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_once_the_page_has_drawn(browser, base_url, path, width):
    """The axis's script redraws it in the page's pixels: its height must not change then
    (it did on phones: everything below moved 154 px, Lighthouse CLS 0.098)."""
    context, tab = _tab(browser, width)
    tab.add_init_script(SHIFTS)
    tab.goto(f"{base_url}{path}")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(500)
    assert tab.evaluate("window.__shift") < 0.01
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_stance_in_the_matrix_is_read_by_tap_or_keyboard_never_by_hover(browser, base_url, width):
    """Column headings are the parties' names, written across; a mark opens its position in
    view (a tap, a click, or focus and Enter), with no title attribute to hover for."""
    dataset = _records()
    topic = max(dataset.positions_by_topic, key=lambda t: len(dataset.positions_by_topic[t]))
    context, tab = _tab(browser, width)
    tab.goto(f"{base_url}/topics/{topic}/")
    headings = tab.locator(".tl-matrix thead th")
    modes = headings.evaluate_all("(ths) => ths.map((th) => getComputedStyle(th).writingMode)")
    assert set(modes) == {"horizontal-tb"}
    assert tab.locator(".tl-matrix [title]").count() == 0
    first = tab.locator(".tl-matrix details.tl-cell").first
    stance = first.locator(".tl-cell-stance")
    assert not stance.is_visible()
    first.locator("summary").focus()
    tab.keyboard.press("Enter")
    assert stance.is_visible()
    box = stance.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    text = stance.inner_text()
    assert any(p.stance.split()[0] in text for _, p in dataset.positions_by_topic[topic])
    first.locator("summary").click()
    assert not stance.is_visible()
    marks = tab.locator(".tl-matrix details.tl-cell")
    if marks.count() > 1:  # one stance open at a time; Escape closes it, focus stays on its mark
        first.locator("summary").click()
        marks.nth(1).locator("summary").click()
        tab.wait_for_function("document.querySelectorAll('.tl-matrix details.tl-cell[open]').length === 1")
        assert marks.nth(1).locator(".tl-cell-stance").is_visible() and not stance.is_visible()
        tab.keyboard.press("Escape")
        tab.wait_for_function("document.querySelectorAll('.tl-matrix details.tl-cell[open]').length === 0")
        assert tab.evaluate("document.activeElement.closest('details.tl-cell') !== null")
    context.close()


def test_what_each_side_wants_is_one_card_per_topic_on_a_phone(browser, base_url):
    context, tab = _tab(browser, 390)
    tab.goto(f"{base_url}/topics/")
    rows = tab.locator("table.tl-play tbody tr")
    assert rows.count() > 0
    for box in rows.evaluate_all("(rows) => rows.map((r) => r.getBoundingClientRect().toJSON())"):
        assert box["x"] >= 0 and box["right"] <= 390, box
    labels = tab.locator("table.tl-play tbody tr").first.locator(".tl-party")
    assert all(label.is_visible() for label in labels.all())
    others = tab.locator("details.tl-play-others")
    if others.count():
        assert not others.locator("ul").first.is_visible()
        others.locator("summary").click()
        assert others.locator("ul").first.is_visible()
    context.close()


@pytest.mark.parametrize("width", [1280, 1440])
def test_on_a_wide_screen_every_filter_sits_in_one_row(browser, base_url, width):
    context, tab = _tab(browser, width, 900)
    tab.goto(f"{base_url}/timeline/")
    tops = tab.locator(".tl-filters label, .tl-filters button[type=reset]").evaluate_all(
        "(els) => els.map((el) => Math.round(el.getBoundingClientRect().bottom))"
    )
    assert len(tops) == 9 and max(tops) - min(tops) <= 4, tops
    context.close()


def test_on_a_phone_the_filters_are_a_sheet_that_shows_how_many_events_match(browser, base_url):
    dataset = _records()
    actor = max(dataset.by_actor, key=lambda a: len(dataset.by_actor[a]))
    expected = len(dataset.by_actor[actor])
    context, tab = _tab(browser, 390)
    tab.goto(f"{base_url}/timeline/")
    sheet, show, toggle = (
        tab.locator(".tl-filters"),
        tab.locator(".tl-show"),
        tab.locator(".tl-filter-toggle"),
    )
    toggle.click()
    assert sheet.is_visible() and show.inner_text() == f"Show {len(dataset.events)} events"
    box = sheet.bounding_box()
    assert box and abs(box["y"] + box["height"] - 844) <= 1 and box["width"] == 390, box  # a bottom sheet
    assert tab.evaluate("document.activeElement.className") == "tl-sheet-close"
    tab.select_option("select[name=actor]", actor)
    assert show.inner_text() == f"Show {expected} event{'s' if expected != 1 else ''}"
    show.click()
    assert not sheet.is_visible() and f"actor={actor}" in tab.url
    assert tab.locator(".tl-card:visible").count() == expected
    chip = tab.locator(".tl-chips button").first.bounding_box()
    assert chip and 0 <= chip["y"] < 844, chip  # scrolled to what is listed
    toggle.click()
    tab.keyboard.press("Escape")
    assert not sheet.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert tab.evaluate("document.activeElement.classList.contains('tl-filter-toggle')")
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_readers_tabs_show_on_a_phone(browser, base_url, width):
    context, tab = _tab(browser, width)
    tab.goto(f"{base_url}/timeline/")
    links = tab.locator(".md-tabs__link")
    assert [" ".join(t.split()) for t in links.all_inner_texts()] == [
        "Latest",
        "Timeline",
        "Positions",
        "Data",
    ]
    for box in links.evaluate_all("(els) => els.map((el) => el.getBoundingClientRect().toJSON())"):
        assert box["width"] > 0 and box["right"] <= width, box
    context.close()
