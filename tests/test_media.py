"""Media per event (issue 26, item 6): image files the site serves at their own size, links
out to what lives elsewhere, each credited; no page loads another host."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import html
from pydantic import ValidationError

from sourced_timeline.check import check_folder
from sourced_timeline.model import Media
from sourced_timeline.pages import build_pages
from sourced_timeline.site import assemble
from tests.conftest import FIXTURES, TODAY, VALID_EVENT, write_event
from tests.test_bad_input import NAME, assert_reported

MEDIA = """media:
  - file: media/example.png
    alt: The delegations' table
    caption: The table in Geneva
    credit: Example photographer
    licence: CC BY 4.0
  - kind: video
    url: https://video.example.org/watch?v=1
    caption: The press conference
    credit: Example broadcaster
    licence: all rights reserved
"""


def _with_media(data_dir):
    write_event(data_dir, NAME, VALID_EVENT.replace("sources:\n", MEDIA + "sources:\n", 1))
    dataset, problems = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    return dataset


def test_an_image_is_served_at_its_size_and_a_link_out_is_only_a_link(data_dir):
    dataset = _with_media(data_dir)
    site = assemble(dataset, with_downloads=False)
    assert site.files["media/example.png"] == (FIXTURES / "valid" / "media" / "example.png").read_bytes()
    page = html.fromstring(site.pages["events/2026-02-17-geneva-round.md"].html)
    (image,) = page.xpath("//figure[@class='tl-media']/img")
    assert image.get("src") == "../../media/example.png" and (image.get("width"), image.get("height")) == (
        "40",
        "30",
    )
    assert image.get("loading") == "lazy" and image.get("alt") == "The delegations' table"
    assert (
        page.xpath("string(//figure/figcaption)") == "The table in Geneva (Example photographer, CC BY 4.0)"
    )
    (link,) = page.xpath("//p[@class='tl-media-link']/a")
    assert link.get("href") == "https://video.example.org/watch?v=1" and link.text_content().startswith(
        "Video"
    )
    for document in (page, html.fromstring(site.pages["timeline.md"].html)):
        loaded = document.xpath("//img/@src | //iframe/@src | //video/@src | //audio/@src | //source/@src")
        assert loaded and all(not src.startswith(("http:", "https:", "//")) for src in loaded)
    (thumb,) = html.fromstring(site.pages["timeline.md"].html).xpath("//img[@class='tl-thumb']")
    assert (thumb.get("width"), thumb.get("height")) == ("40", "30")


def test_the_timelinejs_export_carries_each_events_first_media_escaped(data_dir):
    from sourced_timeline.exports import timelinejs

    dataset = _with_media(data_dir)
    (event,) = json.loads(timelinejs(dataset, site_url="https://example.org/site/"))["events"]
    assert event["media"] == {
        "url": "https://example.org/site/media/example.png",
        "credit": "Example photographer, CC BY 4.0",
        "caption": "The table in Geneva",
    }


def test_an_image_the_data_folder_lacks_is_reported_where_the_record_names_it(data_dir, check):
    text = VALID_EVENT.replace("sources:\n", MEDIA.replace("example.png", "absent.png") + "sources:\n", 1)
    write_event(data_dir, NAME, text)
    line = text.splitlines().index("  - file: media/absent.png") + 1
    assert "there is no file data/media/absent.png" in assert_reported(check(), line, "missing-media")


def test_a_page_named_like_an_image_is_refused(data_dir, check):
    text = VALID_EVENT.replace(
        "sources:\n", MEDIA.replace("example.png", "not-an-image.png") + "sources:\n", 1
    )
    write_event(data_dir, NAME, text)
    assert "not a readable image" in assert_reported(
        check(), text.count("\n", 0, text.index("not-an-image")) + 1, "bad-media"
    )


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"file": "media/a.png", "url": "https://e.org/a.png"}, "not both or neither"),
        ({}, "not both or neither"),
        ({"kind": "video", "file": "media/a.png", "alt": "x"}, "a file is an image"),
        ({"file": "media/a.png"}, "an image needs alt"),
        ({"file": "media/drawing.svg", "alt": "x"}, "should match pattern"),
        ({"file": "media/../../etc/passwd.png", "alt": "x"}, "should match pattern"),
        ({"url": "javascript:alert(1)"}, "http"),
    ],
)
def test_media_is_one_credited_thing_in_one_place(fields, why):
    with pytest.raises(ValidationError, match=why):
        Media.model_validate({"credit": "Someone", "licence": "CC0", **fields})


def test_pages_without_media_are_unchanged_by_it(data_dir):
    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    assert dataset is not None
    pages = {page.src_uri: page.html for page in build_pages(dataset)}
    assert not any("tl-media" in text or "tl-thumb" in text for text in pages.values())
