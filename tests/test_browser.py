"""The site as a reader uses it: Debian's chromium, driven by Playwright, on localhost."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from scripts.browser import CHROMIUM, axe_violations, serve
from sourced_timeline.vocabulary import read_vocabulary
from tests.sitebuild import ROOT, build, make_project

playwright_api = pytest.importorskip("playwright.sync_api")
EVENTS = len(list((ROOT / "data" / "events").rglob("*.yaml")))

# Outside CI a missing browser skips these tests; in CI it fails them (the fixture errors).
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian chromium is not installed (make test installs it)",
)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []
    context.route(
        lambda url: not url.startswith("http://127.0.0.1"),
        lambda route: (external.append(route.request.url), route.abort()),
    )
    tab = context.new_page()
    tab.external_requests = external
    yield tab
    context.close()


def visible_cards(page) -> int:
    return page.locator(".tl-card:visible").count()


def test_timeline_renders_every_event_and_calls_no_other_host(page, base_url):
    page.goto(f"{base_url}/timeline/")
    assert visible_cards(page) == EVENTS
    assert page.locator(".tl-count").inner_text() == f"{EVENTS} of {EVENTS} events"
    assert page.external_requests == []


def test_filter_narrows_the_timeline_and_survives_a_reload(page, base_url):
    page.goto(f"{base_url}/timeline/")
    page.select_option("select[name=actor]", "vladimir-medinsky")
    page.wait_for_function("document.querySelectorAll('.tl-card:not([hidden])').length < 10")
    narrowed = visible_cards(page)
    assert 0 < narrowed < EVENTS
    assert "actor=vladimir-medinsky" in page.url
    page.reload()
    assert page.locator("select[name=actor]").input_value() == "vladimir-medinsky"
    assert visible_cards(page) == narrowed
    titles = page.locator(".tl-card:visible .tl-title").all_inner_texts()
    assert any("Geneva" in title for title in titles)


def test_shared_url_with_text_kind_and_date_range_filters(page, base_url):
    page.goto(f"{base_url}/timeline/?q=prisoner&from=2026-01-01&to=2026-12-31&kind=exchange")
    titles = page.locator(".tl-card:visible .tl-title").all_inner_texts()
    assert titles == ["Russia and Ukraine exchange more than 300 prisoners of war each"]
    page.click("button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('.tl-card:not([hidden])').length == {EVENTS}")
    assert "?" not in page.url


def test_active_filters_show_as_chips_that_remove_them(page, base_url):
    page.goto(f"{base_url}/timeline/?actor=vladimir-medinsky&kind=talks")
    chips = page.locator(".tl-chips button")
    talks = read_vocabulary(ROOT / "data").kind_label("talks")  # readers see the vocabulary's label
    assert chips.all_inner_texts() == ["Actor: Vladimir Medinsky ×", f"Kind: {talks} ×"]
    narrowed = visible_cards(page)
    chips.first.click()
    assert "actor=" not in page.url and "kind=talks" in page.url
    assert visible_cards(page) > narrowed
    assert page.evaluate("document.activeElement.textContent") == f"Kind: {talks} ×"


LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 1000);
})"""


def test_on_a_phone_filters_fold_behind_a_button_and_nothing_shifts(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    tab = context.new_page()
    tab.goto(f"{base_url}/timeline/?topic=territory")
    assert tab.evaluate(LAYOUT_SHIFT) <= 0.05
    toggle = tab.locator(".tl-filter-toggle")
    assert toggle.is_visible() and not tab.locator(".tl-filters").is_visible()
    assert toggle.inner_text().split() == ["Filter", "1"]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and tab.locator(".tl-filters").is_visible()
    tab.goto(f"{base_url}/timeline/")
    assert tab.evaluate(LAYOUT_SHIFT) <= 0.05
    context.close()


def test_with_javascript_off_every_event_is_listed(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base_url}/timeline/?actor=vladimir-medinsky")
    assert tab.locator(".tl-card:visible").count() == EVENTS
    assert not tab.locator(".tl-filters").is_visible()
    context.close()


def test_time_axis_marks_every_event_reachable_by_keyboard_with_its_name(page, base_url):
    page.goto(f"{base_url}/timeline/")
    marks = page.locator("svg.tl-axis a.tl-mark")
    assert marks.count() == EVENTS
    geneva = page.locator("svg.tl-axis a[href$='/events/2026-02-17-geneva-trilateral-round/']")
    assert geneva.get_attribute("aria-label").startswith("17–18 Feb 2026: ")
    page.locator(".tl-axis-show").focus()
    page.keyboard.press("Tab")  # the axis is one tab stop; tests/test_axis_browser.py has the rest
    assert page.evaluate("document.activeElement.classList.contains('tl-mark')")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert page.locator(".tl-axis-tip").inner_text() == name


def test_time_axis_click_scrolls_to_the_card_and_a_drag_pans_without_filtering(page, base_url):
    page.goto(f"{base_url}/timeline/")
    page.locator("svg.tl-axis a[href$='/events/2026-02-17-geneva-trilateral-round/']").click()
    assert page.url.endswith("/timeline/")  # stayed on the page
    page.wait_for_function(
        "Math.abs(document.getElementById('2026-02-17-geneva-trilateral-round')"
        ".getBoundingClientRect().top) < 200"
    )
    page.locator("svg.tl-axis").scroll_into_view_if_needed()
    axis = page.locator("svg.tl-axis").bounding_box()
    shown = page.locator(".tl-axis-window").inner_text()
    left, right, y = axis["x"] + axis["width"] * 0.5, axis["x"] + axis["width"] - 4, axis["y"] + 8
    page.mouse.move(left, y)
    page.mouse.down()
    page.mouse.move((left + right) / 2, y)
    page.mouse.move(right, y)
    page.mouse.up()
    assert page.locator(".tl-axis-window").inner_text() != shown  # earlier days
    assert page.locator("input[name=from]").input_value() == "" and "from=" not in page.url
    # Dates are filtered by the explicit "Show these dates".
    page.click(".tl-axis-show")
    start = page.locator("input[name=from]").input_value()
    assert start and page.locator("input[name=to]").input_value() >= start
    assert f"from={start}" in page.url
    shown = visible_cards(page)
    assert 0 < shown < EVENTS
    assert page.locator("svg.tl-axis a.tl-dim").count() == EVENTS - shown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Whitcoff", "Witkoff"),  # an actor, by a spelling one source uses
        ("ZNPP", "Zaporizhzhia nuclear plant"),  # a topic, by an alias
        ("Catherine Hall", "Putin sounds out top officials"),  # an event, by its place's alias
        ("Anchorage", "Anchorage"),  # a place
        ("hyphens", "The record format"),  # a hand-written page, from the second bundle
    ],
)
def test_search_finds_events_actors_topics_and_places_by_any_name(page, base_url, query, expected):
    page.goto(f"{base_url}/search/?q={query}")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    texts = results.all_inner_texts()
    assert any(expected in text for text in texts), texts
    assert page.external_requests == []


def test_header_search_shows_labelled_results_as_you_type_from_every_page(page, base_url):
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{base_url}/events/2026-02-17-geneva-trilateral-round/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "tl-header-q"
    page.keyboard.type("Whitcoff")
    results = page.locator(".tl-suggest__list a:not(.tl-suggest__all)")
    results.first.wait_for(timeout=15_000)
    first = results.first
    assert first.locator(".tl-suggest__type").inner_text().lower() == "actor"
    assert first.locator(".tl-suggest__title").inner_text() == "Steve Witkoff"
    events = page.locator(".tl-suggest__list a:has(.tl-suggest__date)")
    assert events.count() >= 1 and events.first.locator(".tl-suggest__type").inner_text().lower() == "event"
    excerpts = " ".join(page.locator(".tl-suggest__excerpt").all_inner_texts())
    assert "KindpersonRole" not in excerpts and "WhoOn" not in excerpts and "data/events" not in excerpts
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.tl-suggest__list') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actors/steve-witkoff/")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "tl-header-q"
    assert page.external_requests == [] and failed == []


def test_header_search_without_javascript_opens_the_search_page(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base_url}/timeline/")
    tab.fill("#tl-header-q", "Geneva")
    tab.press("#tl-header-q", "Enter")
    tab.wait_for_url("**/search/?q=Geneva")
    context.close()


def test_a_source_is_two_clicks_from_the_timeline(page, base_url):
    page.goto(f"{base_url}/timeline/")
    page.click("[id='2026-02-17-geneva-trilateral-round'] .tl-title a")
    page.wait_for_url("**/events/2026-02-17-geneva-trilateral-round/")
    page.click("a[href='#source-2']")
    assert page.url.endswith("#source-2")
    source = page.locator("#source-2")
    assert "Bloomberg" in source.inner_text()
    assert "Anonymous sources" in source.inner_text()


PAGE_TYPES = (
    "/",
    "/timeline/",
    "/events/2026-01-abu-dhabi-first-round/",
    "/events/2026-02-17-geneva-trilateral-round/",
    "/actors/vladimir-putin/",
    "/actors/",
    "/topics/territory/",
    "/places/geneva/",
    "/data/",
    "/search/",
    "/about/",
    "/contributing/records/",
)
FITS = """() => {
  const wide = [...document.querySelectorAll("table.tl-positions, table.tl-play, .tl-play-cards")]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 1).map((el) => el.className);
  const clipped = [...document.querySelectorAll("table, pre")].filter((el) => {
    const scroller = el.closest(".md-typeset__scrollwrap, .tl-matrix-frame, .tl-table-frame, .highlight, pre");
    return el.getBoundingClientRect().right > innerWidth + 1 && !scroller;
  }).map((el) => el.tagName + "." + el.className);
  return { overflow: document.documentElement.scrollWidth - innerWidth, wide, clipped };
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_overflows_a_phones_width_and_tables_fit(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True)
    tab = context.new_page()
    for path in PAGE_TYPES:
        tab.goto(f"{base_url}{path}")
        assert tab.evaluate(FITS) == {"overflow": 0, "wide": [], "clipped": []}, path
    tab.goto(f"{base_url}/events/2026-02-17-geneva-trilateral-round/")
    first_cell = tab.locator(".tl-positions td").first
    assert tab.evaluate("(el) => getComputedStyle(el).display", first_cell.element_handle()) == "block"
    context.close()


AUDITED = ("/", "/timeline/", "/topics/territory/", "/actors/vladimir-putin/", "/places/geneva/", "/data/")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_of_any_impact_at_desktop_and_phone_width(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)
    tab = context.new_page()
    found = {}
    for path in (*AUDITED, *(p for p in PAGE_TYPES if p.startswith("/events/"))):
        tab.goto(f"{base_url}{path}")
        found[path] = axe_violations(tab)
    tab.goto(f"{base_url}/search/")
    tab.fill("#tl-search input", "Witkoff")
    tab.locator(".pagefind-ui__result").first.wait_for()
    found["/search/ (Witkoff typed)"] = axe_violations(tab)
    context.close()
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_charts_text_is_at_least_12_px_at_desktop_and_phone_width_and_each_has_its_table(
    browser, base_url, width
):
    """On a phone a chart keeps its size and scrolls within its figure (which the keyboard
    reaches), never shrunk below 12 px text."""
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)
    page = context.new_page()
    page.goto(f"{base_url}/data/")
    sizes = page.evaluate("""() => [...document.querySelectorAll("svg.tl-chart")].map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...[...svg.querySelectorAll("text")].map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * scale));
    })""")
    assert len(sizes) == 2 and min(sizes) >= 12
    tables = page.locator(".tl-chart-data table")
    assert tables.count() == 2
    for i in range(2):
        assert tables.nth(i).locator("tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
    assert page.locator("figure.tl-figure[tabindex='0']").count() == 2
    # A time chart wider than the phone opens on its latest periods, at the right end.
    end = page.evaluate(
        "(f => f.scrollWidth - f.clientWidth - f.scrollLeft)(document.querySelector('.tl-figure-time'))"
    )
    assert end <= 1
    context.close()


@pytest.fixture(scope="module")
def split_search_url(tmp_path_factory, monkeypatch_module) -> Iterator[str]:
    """The project's site with its search split into bundles of 20 pages, served."""
    from sourced_timeline import urls

    monkeypatch_module.setattr(urls, "SEARCH_BUNDLE_PAGES", 20)
    project = make_project(tmp_path_factory.mktemp("split"))
    assert build(project, project / "site") == 0
    assert (project / "site" / "pagefind-3" / "pagefind.js").is_file()
    with serve(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize(
    ("query", "expected"), [("Whitcoff", "Witkoff"), ("Geneva", "Geneva"), ("Medinsky", "Medinsky")]
)
def test_search_split_into_bundles_finds_pages_of_every_bundle(page, split_search_url, query, expected):
    page.goto(f"{split_search_url}/search/?q={query}")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    assert any(expected in text for text in results.all_inner_texts())
    assert page.external_requests == []


@pytest.mark.parametrize("query", ["hyphens", "ceasefire"])
def test_search_results_show_no_permalink_marks_or_table_headers(page, base_url, query):
    """Titles come from headings without their "¶"; excerpts from text without a table's header row."""
    page.goto(f"{base_url}/search/?q={query}")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=15_000)
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-excerpt').length > 0")
    text = " ".join(results.all_inner_texts())
    assert "¶" not in text
    assert "Stated position" not in text and "Who On" not in text
