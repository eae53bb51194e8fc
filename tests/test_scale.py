"""A larger synthetic data set: the timeline is paginated, pages stay bounded, filters span pages."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from scripts.browser import CHROMIUM, CHROMIUM_ARGS, serve
from scripts.generate_events import generate
from sourced_timeline.check import check_folder
from tests.sitebuild import build, make_project

EVENTS = 400


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, object]:
    base = tmp_path_factory.mktemp("scale")
    generate(EVENTS, base / "data")
    dataset, _ = check_folder(base / "data", dt.date(2026, 11, 24))
    project = make_project(base / "project", base / "data")
    assert build(project, project / "site") == 0
    return project / "site", dataset


def test_timeline_is_split_into_bounded_pages_listing_every_event_once(synthetic):
    site, dataset = synthetic
    pages = sorted((site / "timeline").glob("[0-9]*/index.html"), key=lambda p: int(p.parent.name))
    assert len(pages) == -(-EVENTS // 150)
    seen = []
    for page in pages:
        html = page.read_text()
        assert len(html.encode()) < 300_000
        seen += re.findall(r'<article class="tl-card[^"]*" id="([^"]+)"', html)
    assert sorted(seen) == sorted(r.id for r in dataset.events)
    landing = (site / "timeline" / "index.html").read_text()
    # The latest page, newest first.
    assert (
        re.findall(r'<article class="tl-card[^"]*" id="([^"]+)"', landing)
        == [r.id for r in dataset.events[300:]][::-1]
    )
    assert landing.count('<nav class="tl-pager"') == 1 and 'aria-current="page"' in landing


def test_entity_pages_list_the_latest_events_and_link_to_all(synthetic):
    site, dataset = synthetic
    busiest = max(dataset.by_actor, key=lambda a: len(dataset.by_actor[a]))
    assert len(dataset.by_actor[busiest]) > 100
    html = (site / "actors" / busiest / "index.html").read_text()
    listed = re.findall(r'href="../../events/([^/]+)/"', html[html.index('id="events"') :])
    assert listed == [r.id for r in dataset.by_actor[busiest][-100:]][::-1]  # newest first
    assert f'href="../../timeline/?actor={busiest}"' in html


def test_every_page_is_small_and_size_is_linear(synthetic):
    site, _ = synthetic
    largest = max(p.stat().st_size for p in site.rglob("*.html"))
    assert largest < 300_000


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
def test_filters_span_every_page_and_survive_a_reload(synthetic):
    from playwright.sync_api import sync_playwright

    site, dataset = synthetic
    expected = [r.id for r in dataset.by_actor["steve-witkoff"]]
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/timeline/")
        page.select_option("select[name=actor]", "steve-witkoff")
        page.wait_for_function("!document.querySelector('.tl-results').hidden")
        links = page.locator(".tl-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert [h.split("/")[-2] for h in links] == expected[::-1]  # newest first, as the pages list them
        assert page.locator(".tl-card:visible").count() == 0
        assert page.locator(".tl-count").inner_text() == f"{len(expected)} of {EVENTS} events"
        page.reload()
        page.wait_for_function("!document.querySelector('.tl-results').hidden")
        assert page.locator(".tl-results li").count() == len(expected)
        page.click("button[type=reset]")
        page.wait_for_function("document.querySelector('.tl-results').hidden")
        assert page.locator(".tl-card:visible").count() == EVENTS - 300
        page.goto(f"{base}/timeline/?actor=steve-witkoff&order=oldest")
        page.wait_for_function("!document.querySelector('.tl-results').hidden")
        links = page.locator(".tl-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert [h.split("/")[-2] for h in links] == expected
        browser.close()


def test_shared_navigation_is_byte_identical_on_paginated_pages(synthetic, tmp_path):
    import subprocess

    site, _ = synthetic
    project = site.parent
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      data_dir: data\n", "      data_dir: data\n      share_navigation: false\n"
        )
    )
    try:
        assert build(project, tmp_path / "unshared") == 0
    finally:
        config.write_text(config.read_text().replace("      share_navigation: false\n", ""))
    result = subprocess.run(
        ["diff", "-rq", str(site), str(tmp_path / "unshared")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[:2000]


def test_pages_rendered_in_a_second_process_are_the_pages_rendered_in_one(
    synthetic, monkeypatch, helper_shares
):
    import sourced_timeline.pages as pages
    import sourced_timeline.runtime.processes as forking

    if (os.cpu_count() or 1) < 2 or forking.fork_context() is None:
        pytest.skip("one core, or threads running: pages are rendered in one process")
    _, dataset = synthetic
    monkeypatch.setattr(pages, "PARALLEL_MIN_EVENTS", 10**9)
    alone = pages.build_pages(dataset)
    monkeypatch.setattr(pages, "PARALLEL_MIN_EVENTS", 1)
    assert pages.build_pages(dataset) == alone  # same pages, same order
    assert helper_shares[-1] > 0  # and the second process did render some
