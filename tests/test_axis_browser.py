"""The time axis as a reader uses it (issue 24, item 2), measured in Debian's chromium: it never
scrolls sideways, opens on the latest period, is one tab stop that the arrow keys move through
in date order, pans without filtering, and every mark can be pointed at. Expectations come
from the data (the latest event, the date order), never from live counts."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest

from scripts.browser import AXE_OPTIONS, CHROMIUM, serve
from scripts.generate_events import generate
from sourced_timeline.axis import MAX_MARKS
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import EventRecord
from tests.sitebuild import ROOT, build, make_project

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="Debian chromium is not installed (make test installs it)",
    ),
]

WIDTHS = (320, 390, 768, 1280, 1440)
AXIS_PAGES = ("/", "/timeline/")
SPANS = ("", "?span=6m", "?span=all")


def last_day(record: EventRecord) -> dt.date:
    return (record.event.end or record.event.date).last_day


@pytest.fixture(scope="module")
def records() -> tuple[EventRecord, ...]:
    dataset, _ = check_folder(ROOT / "data", dt.date.today())
    assert dataset is not None and dataset.events
    return dataset.events


@pytest.fixture(scope="module")
def latest(records) -> EventRecord:
    """The event whose last day is the latest (planned ones included): the detail view opens on it."""
    return max(records, key=lambda r: (last_day(r), r.event.date.first_day))


@pytest.fixture
def open_tab(browser):
    contexts = []

    def opened(width: int, url: str, **options: object):
        phone = width < 600
        context = browser.new_context(
            viewport={"width": width, "height": 844 if phone else 900},
            is_mobile=phone,
            has_touch=phone,
            **options,
        )
        contexts.append(context)
        tab = context.new_page()
        tab.goto(url)
        return tab

    yield opened
    for context in contexts:
        context.close()


def mark(event_id: str) -> str:
    return f"svg.tl-axis a.tl-mark[href$='events/{event_id}/']"


FITS = """() => {
  const frames = [...document.querySelectorAll(".tl-axis-frame")].map((frame) => {
    const box = frame.getBoundingClientRect();
    const wider = [...frame.querySelectorAll("*")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width && (r.right > box.right + 1 || r.left < box.left - 1) && !el.closest(".tl-ov-labels");
    }).map((el) => el.tagName + "." + el.getAttribute("class"));
    return { scroll: frame.scrollWidth - frame.clientWidth, wider };
  });
  return { page: document.documentElement.scrollWidth - innerWidth, frames };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_axis_never_scrolls_sideways_and_no_page_overflows(open_tab, base_url, width):
    tab = open_tab(width, f"{base_url}/")
    for path in AXIS_PAGES:
        for span in SPANS:
            tab.goto(f"{base_url}{path}{span}")
            found = tab.evaluate(FITS)
            assert found["frames"], path
            assert found["page"] <= 0, (path, span, found)
            for frame in found["frames"]:
                assert frame["scroll"] <= 1 and frame["wider"] == [], (path, span, frame)
            # The detail view is drawn in the page's pixels: text at its own size, never scaled.
            scale = tab.evaluate(
                "() => { const s = document.querySelector('svg.tl-axis');"
                " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; }"
            )
            assert abs(scale - 1) < 0.01, (path, span, scale)


def test_at_phone_width_the_latest_event_is_in_view_on_load(open_tab, base_url, latest):
    for path in AXIS_PAGES:
        tab = open_tab(390, f"{base_url}{path}")
        target = tab.locator(mark(latest.id))
        assert "tl-out" not in (target.get_attribute("class") or ""), path
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        axis = tab.locator("svg.tl-axis").bounding_box()
        assert box is not None and axis is not None, path
        assert axis["x"] <= box["x"] and box["x"] + box["width"] <= axis["x"] + axis["width"], (
            path,
            box,
            axis,
        )
        assert axis["y"] <= box["y"] and box["y"] + box["height"] <= axis["y"] + axis["height"], path


def test_without_javascript_the_latest_period_and_the_overview_show(open_tab, base_url, latest):
    tab = open_tab(1280, f"{base_url}/timeline/", java_script_enabled=False)
    assert tab.locator(mark(latest.id)).is_visible()
    assert tab.locator("svg.tl-overview .tl-ov-window").is_visible()
    hidden = tab.locator("svg.tl-axis a.tl-mark.tl-out")
    assert hidden.count() > 0 and not hidden.first.is_visible()
    # The presets need the script: hidden without it, their room kept (no layout shift).
    assert not tab.locator(".tl-axis-presets button").first.is_visible()


TAB_STOPS = """() => [...document.querySelectorAll("svg.tl-axis, svg.tl-axis *")]
  .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0
    && (el.matches("a[href], [tabindex]")))
  .map((el) => el.getAttribute("aria-label") || el.tagName)"""
ACTIVE = """() => { const a = document.activeElement;
  return { inAxis: Boolean(a && a.closest("svg.tl-axis")), href: a && a.getAttribute("href"),
           day: a && a.getAttribute("data-d") }; }"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_axis_is_one_tab_stop_and_the_arrow_keys_move_through_events_in_date_order(
    open_tab, base_url, records, latest, width
):
    tab = open_tab(width, f"{base_url}/timeline/")
    assert len(tab.evaluate(TAB_STOPS)) == 1
    # Tab from the control before the axis enters it once, on the latest event in view; the
    # next Tab leaves it.
    tab.locator(".tl-axis-show").focus()
    tab.keyboard.press("Tab")
    entered = tab.evaluate(ACTIVE)
    assert entered["inAxis"] and entered["href"].endswith(f"/events/{latest.id}/")
    tab.keyboard.press("Tab")
    assert not tab.evaluate(ACTIVE)["inAxis"]
    tab.keyboard.press("Shift+Tab")
    assert tab.evaluate(ACTIVE)["href"].endswith(f"/events/{latest.id}/")
    # Home: the first event; then the arrow keys visit every event once, in date order.
    tab.keyboard.press("Home")
    visited = [tab.evaluate(ACTIVE)]
    for _ in range(len(records) - 1):
        tab.keyboard.press("ArrowRight")
        visited.append(tab.evaluate(ACTIVE))
    assert all(v["inAxis"] for v in visited)
    ids = [v["href"].rstrip("/").rsplit("/", 1)[1] for v in visited]
    by_id = {r.id: r for r in records}
    assert sorted(ids) == sorted(by_id)
    days = [by_id[i].event.date.first_day for i in ids]
    assert days == sorted(days)
    assert len(tab.evaluate(TAB_STOPS)) == 1  # still one stop, wherever the focus went
    tab.keyboard.press("ArrowLeft")
    assert tab.evaluate(ACTIVE)["href"] == visited[-2]["href"]
    tab.keyboard.press("End")
    assert tab.evaluate(ACTIVE)["href"] == visited[-1]["href"]
    # The focused event is in view, its name in the tooltip.
    name = tab.evaluate("document.activeElement.getAttribute('aria-label')")
    assert tab.locator(".tl-axis-tip").inner_text() == name


def test_enter_opens_the_card_on_the_timeline_and_the_event_page_from_home(open_tab, base_url, latest):
    tab = open_tab(1280, f"{base_url}/timeline/")
    tab.locator(".tl-axis-show").focus()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        f"Math.abs(document.getElementById('{latest.id}').getBoundingClientRect().top) < 200"
    )
    assert tab.url.endswith("/timeline/")
    tab.goto(f"{base_url}/")
    tab.locator(".tl-axis-show").focus()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/events/{latest.id}/")


def window_text(tab) -> str:
    return tab.locator(".tl-axis-window").inner_text()


def axis_point(tab) -> tuple[float, float]:
    """A point in the middle of the detail view, on screen."""
    tab.locator("svg.tl-axis").scroll_into_view_if_needed()
    box = tab.locator("svg.tl-axis").bounding_box()
    return box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2


@pytest.mark.parametrize("query", ["", "?span=6m", "?kind=talks"])
def test_a_sideways_swipe_or_drag_pans_and_leaves_the_query_unchanged(open_tab, base_url, query):
    tab = open_tab(390, f"{base_url}/timeline/{query}")
    before, search = window_text(tab), tab.evaluate("location.search")
    x, y = axis_point(tab)
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x - 250, "y": y}]})
    for step in range(1, 11):
        point = {"x": x - 250 + 25 * step, "y": y}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    swiped = window_text(tab)
    assert swiped != before  # a swipe to the right shows earlier days
    assert tab.evaluate("location.search") == search
    assert (
        tab.locator("input[name=from]").input_value() == ""
        and tab.locator("input[name=to]").input_value() == ""
    )
    # A mouse drag to the left goes back towards the latest days, on a mark or not.
    tab.mouse.move(x, y)
    tab.mouse.down()
    for step in range(1, 11):
        tab.mouse.move(x - 25 * step, y)
    tab.mouse.up()
    assert window_text(tab) != swiped
    assert tab.evaluate("location.search") == search
    assert tab.url.split("?")[0].endswith("/timeline/")


HITS = """() => {
  const misses = [];
  for (const mark of document.querySelectorAll("svg.tl-axis a.tl-mark:not(.tl-out)")) {
    const box = mark.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    const badge = hit && hit.closest(".tl-stack");
    const ok = hit && (hit.closest("a.tl-mark") === mark || (badge && badge.tlMembers.includes(mark)));
    if (!ok) misses.push([mark.getAttribute("aria-label"), hit && (hit.closest("a") || hit).getAttribute("aria-label")]);
  }
  return { misses, marks: document.querySelectorAll("svg.tl-axis a.tl-mark:not(.tl-out)").length,
           stacks: document.querySelectorAll("svg.tl-axis .tl-stack").length };
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("span", SPANS)
def test_every_marks_centre_finds_that_mark_or_its_stack_badge(open_tab, base_url, width, span):
    for path in AXIS_PAGES:
        tab = open_tab(width, f"{base_url}{path}{span}")
        tab.locator("svg.tl-axis").scroll_into_view_if_needed()
        tab.evaluate(
            "() => { const s = document.querySelector('svg.tl-axis'); scrollBy(0, s.getBoundingClientRect().top - 80); }"
        )
        found = tab.evaluate(HITS)
        assert found["marks"] > 0 and found["misses"] == [], (path, span, found)


def test_a_stack_zooms_in_until_its_marks_stand_apart(open_tab, base_url):
    tab = open_tab(390, f"{base_url}/?span=all")
    stacks = tab.locator("svg.tl-axis .tl-stack")
    if stacks.count() == 0:
        pytest.skip("no marks crowd at this width")
    before = window_text(tab)
    held = tab.evaluate(
        "() => document.querySelector('svg.tl-axis .tl-stack').tlMembers.map((a) => a.getAttribute('href'))"
    )
    stacks.first.click()
    assert window_text(tab) != before
    assert "span=" in tab.url  # a zoom keeps the URL as it was
    shown = tab.evaluate(
        "(hrefs) => hrefs.filter((h) => { const a = document.querySelector(`svg.tl-axis a[href='${h}']`);"
        " return !a.classList.contains('tl-out') && !a.classList.contains('tl-stacked'); }).length",
        held,
    )
    assert shown >= 1


def test_presets_are_kept_in_the_url_beside_the_filters(open_tab, base_url, records):
    tab = open_tab(1280, f"{base_url}/timeline/")
    two_months = window_text(tab)
    tab.click(".tl-axis-presets button[data-span='6m']")
    assert "span=6m" in tab.url and window_text(tab) != two_months
    assert tab.locator(".tl-axis-presets button[data-span='6m']").get_attribute("aria-pressed") == "true"
    tab.reload()
    assert tab.locator(".tl-axis-presets button[data-span='6m']").get_attribute("aria-pressed") == "true"
    tab.select_option("select[name=kind]", "talks")
    tab.wait_for_function("location.search.includes('kind=talks')")
    assert "span=6m" in tab.url
    tab.click(".tl-axis-presets button[data-span='all']")
    assert "span=all" in tab.url and "kind=talks" in tab.url
    assert tab.locator("svg.tl-axis a.tl-mark.tl-out").count() == 0  # every event in view
    first = min(r.event.date.first_day for r in records)
    assert str(first.year) in window_text(tab)
    tab.click(".tl-axis-presets button[data-span='2m']")
    assert "span=" not in tab.url and window_text(tab) == two_months


def test_show_these_dates_is_the_one_way_to_filter_by_the_axis(open_tab, base_url):
    tab = open_tab(1280, f"{base_url}/timeline/")
    cards = tab.locator(".tl-card:visible").count()
    shown = window_text(tab)
    tab.click(".tl-axis-show")
    start, stop = tab.locator("input[name=from]").input_value(), tab.locator("input[name=to]").input_value()
    assert start and stop and f"from={start}" in tab.url and f"to={stop}" in tab.url
    day = dt.date.fromisoformat(stop)
    assert shown.endswith(f"{day.day} {day:%b %Y}")
    assert 0 < tab.locator(".tl-card:visible").count() < cards
    # From the home page it is a link to the timeline over the period shown.
    tab.goto(f"{base_url}/")
    href = tab.locator(".tl-axis-show").get_attribute("href")
    assert "timeline/?from=" in href and "&to=" in href


def test_the_overview_moves_the_detail_view(open_tab, base_url, records):
    tab = open_tab(390, f"{base_url}/timeline/")
    before = window_text(tab)
    overview = tab.locator("svg.tl-overview")
    overview.scroll_into_view_if_needed()
    box = overview.bounding_box()
    tab.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    first = min(r.event.date.first_day for r in records)
    assert window_text(tab) != before and str(first.year) in window_text(tab)
    assert "?" not in tab.url


def axis_violations(tab) -> list[str]:
    """axe-core's violations within the axis (tests/test_browser.py audits whole pages)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(tab, context=".tl-axis-frame", options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_in_the_axis_as_it_is_used(open_tab, base_url, width):
    """The axis after the script has drawn it, moved its focus, zoomed and stacked its marks."""
    tab = open_tab(width, f"{base_url}/timeline/?span=6m")
    found = {"/timeline/ (6 months)": axis_violations(tab)}
    tab.locator(".tl-axis-show").focus()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Home")
    found["/timeline/ (6 months, first event focused)"] = axis_violations(tab)
    tab.goto(f"{base_url}/?span=all")
    found["/ (all)"] = axis_violations(tab)
    assert {page: v for page, v in found.items() if v} == {}


@pytest.fixture(scope="module", params=[MAX_MARKS, 400], ids=["160 named", "400 binned"])
def crowded_url(request, tmp_path_factory) -> Iterator[str]:
    """A site of synthetic events: as many as are drawn one by one, or enough to be binned."""
    base = tmp_path_factory.mktemp("crowded")
    generate(request.param, base / "data")
    project = make_project(base / "project", base / "data")
    assert build(project, project / "site") == 0
    with serve(project / "site") as url:
        yield url


@pytest.mark.parametrize("width", [320, 1280])
def test_a_crowded_axis_fits_is_one_tab_stop_and_every_mark_can_be_pointed_at(open_tab, crowded_url, width):
    tab = open_tab(width, f"{crowded_url}/timeline/")
    for span in SPANS:
        tab.goto(f"{crowded_url}/timeline/{span}")
        found = tab.evaluate(FITS)
        assert found["page"] <= 0 and all(f["scroll"] <= 1 and f["wider"] == [] for f in found["frames"]), (
            found
        )
        assert len(tab.evaluate(TAB_STOPS)) == 1, span
        tab.evaluate(
            "() => { const s = document.querySelector('svg.tl-axis'); scrollBy(0, s.getBoundingClientRect().top - 80); }"
        )
        hits = tab.evaluate(HITS)
        assert hits["marks"] > 0 and hits["misses"] == [], (span, hits)
