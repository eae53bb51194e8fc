"""A publishable site: absolute links with a site URL, descriptions, sharing tags, the feed
announced on every page and valid per RFC 4287, and readers' corrections."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree, html

from tests.sitebuild import ROOT, build, make_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/talks/"
REPO_URL = "https://github.com/example/talks"
EVENT = "2026-02-17-geneva-round"
QUOTED = 'He said "stop" & <b>left</b>; then \' and " again.'

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("published")
    data = base / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", data)
    record = data / "events" / "2026" / f"{EVENT}.yaml"
    text = record.read_text().replace(
        "summary: Russian, Ukrainian and US officials meet for a third round.",
        f"summary: {json.dumps(QUOTED)}",
    )
    assert QUOTED.split()[0] in text
    record.write_text(text)
    project = make_project(base / "project", data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMELINE_SITE_URL", SITE_URL)
        patch.setenv("TIMELINE_REPO_URL", REPO_URL)
        assert build(project, project / "site") == 0
    return project / "site"


def head(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path / "index.html")).getroot()


def test_event_page_describes_itself_for_search_engines_and_sharing(published):
    page = head(published, f"events/{EVENT}")
    description = page.xpath("//meta[@name='description']/@content")
    assert description == page.xpath("//meta[@property='og:description']/@content")
    assert description[0].startswith("He said")
    assert description[0].endswith("again. (17–18 Feb 2026)")
    assert '"stop"' in description[0]  # escaped in the attribute, read back whole
    assert page.xpath("//meta[@property='og:title']/@content") == ["Third trilateral round opens in Geneva"]
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{SITE_URL}events/{EVENT}/"]
    assert page.xpath("//meta[@property='og:url']/@content") == [f"{SITE_URL}events/{EVENT}/"]
    assert not page.xpath("//b")  # the summary's tag stays text


@pytest.mark.parametrize("path", ["", "timeline", f"events/{EVENT}", "actors/russia", "data"])
def test_every_page_announces_the_feed(published, path):
    page = head(published, path)
    links = page.xpath("//link[contains(@rel, 'alternate')][@type='application/atom+xml']/@href")
    assert links == [f"{SITE_URL}downloads/events.atom"]


def test_feed_is_valid_atom_with_absolute_links_and_event_dates(published):
    feed = etree.parse(str(published / "downloads" / "events.atom")).getroot()
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    for name in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{name}"), name
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(SITE_URL)
    updated = {e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}updated") for e in entries}
    assert updated[f"{SITE_URL}events/{EVENT}/"].startswith(
        "2026-02-17"
    )  # the event's date, not its source's
    assert all(link.get("href").startswith(SITE_URL) for link in feed.findall(f"{ATOM}link"))


def test_event_page_links_to_the_correction_form_prefilled(published):
    page = head(published, f"events/{EVENT}")
    (link,) = page.xpath("//a[text()='Suggest a correction']/@href")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new"
    query = parse_qs(parts.query)
    assert query["template"] == ["correction.yml"] and query["event"] == [EVENT]
    assert query["title"] == ["Correction: Third trilateral round opens in Geneva"]
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text()
    assert "id: event" in form


def test_repository_link_asks_no_third_party_host_and_palette_toggles(published):
    page = (published / "index.html").read_text()
    assert REPO_URL in page and 'data-md-component="source"' not in page
    assert page.count('data-md-component="palette"') == 1 and "Switch to the dark palette" in page


def test_without_a_repository_there_is_no_correction_link(project_site):
    assert "Suggest a correction" not in (project_site / "events").glob("*/index.html").__next__().read_text()
