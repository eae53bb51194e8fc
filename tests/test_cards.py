"""Social cards (``sourced_timeline.cards``): every page of a published build links a 1200×630 PNG as
its og:image, drawn by Material's social plugin from the package's layout and Debian's font,
without a single network call; event pages are articles described by their summary first.

The first tests check, against the installed social plugin, what ``sourced_timeline.cards`` assumes
of Material's internals; the rest build the project's own site with a site URL (slow)."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from lxml import html
from material.plugins.social.plugin import SocialPlugin
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from PIL import Image

from sourced_timeline import cards
from sourced_timeline.check import check_folder
from sourced_timeline.render import to_text
from tests.sitebuild import ROOT, build, make_project

SITE_URL = "https://example.org/tl/"


def refuse_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every HTTP request through requests (what the social plugin fetches fonts with) fails,
    and is recorded; proxies point nowhere, should anything else try."""
    calls: list[str] = []

    def refuse(self: requests.Session, method: str, url: str, *args: object, **kwargs: object) -> None:
        calls.append(url)
        raise requests.ConnectionError(f"no network in tests: {method} {url}")

    monkeypatch.setattr(requests.Session, "request", refuse)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    return calls


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return refuse_network(monkeypatch)


def social_config(folder: Path, site_url: str = SITE_URL) -> object:
    """A minimal MkDocs config in ``folder`` with Material's social plugin and our layout."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Cards\nsite_url: '{site_url}'\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - social:\n      cards_layout: {cards.LAYOUT}\n",
        encoding="utf-8",
    )
    return load_config(str(folder / "mkdocs.yml"))


def social_plugin(config: object) -> SocialPlugin:
    (plugin,) = [p for p in config.plugins.values() if isinstance(p, SocialPlugin)]  # type: ignore[attr-defined]
    return plugin


def test_the_social_plugin_reads_the_staged_font_and_fetches_nothing(tmp_path, no_network):
    config = social_config(tmp_path)
    plugin = social_plugin(config)
    assert type(plugin).__module__ == cards.SOCIAL_PLUGIN_MODULE
    cards.prepare_social_cards(config, serving=False)
    plugin.on_config(config)  # as MkDocs calls it: resolves cache_dir from mkdocs.yml's folder
    staged = cards.font_cache(plugin.config.cache_dir, config.config_file_path)  # type: ignore[attr-defined]
    assert staged == tmp_path / ".cache" / "plugin" / "social" / "fonts" / cards.FONT_FAMILY
    for style in cards.FONT_FILES:
        assert plugin._resolve_font(cards.FONT_FAMILY, style) == str(staged / f"{style}.ttf")
    assert no_network == []


def test_without_the_staged_font_the_plugin_would_go_to_the_network(tmp_path, no_network):
    """The guard above is real: an unstaged family is fetched from Google Fonts."""
    config = social_config(tmp_path)
    plugin = social_plugin(config)
    plugin.on_config(config)
    with pytest.raises(requests.ConnectionError):
        plugin._resolve_font("Some Family", "Bold")
    assert no_network and no_network[0].startswith("https://fonts.google.com/")


def test_the_layout_is_found_from_any_folder_and_only_adds_the_image_tags(tmp_path, monkeypatch):
    config = social_config(tmp_path / "project")
    plugin = social_plugin(config)
    cards.prepare_social_cards(config, serving=False)
    plugin.on_config(config)
    monkeypatch.chdir(tmp_path)  # cards_layout_dir is read relative to the current folder
    layout, _ = plugin._resolve_layout(cards.LAYOUT, config)
    assert (layout.size["width"], layout.size["height"]) == (1200, 630)
    assert set(layout.tags) == {
        "og:image",
        "og:image:type",
        "og:image:width",
        "og:image:height",
        "twitter:card",
        "twitter:image",
    }
    text = (cards.LAYOUT_DIR / f"{cards.LAYOUT}.yml").read_text(encoding="utf-8")
    assert f"family: {cards.FONT_FAMILY}" in text and "family: " not in text.replace(
        f"family: {cards.FONT_FAMILY}", ""
    )


@pytest.mark.parametrize(("site_url", "serving"), [("", False), (SITE_URL, True)])
def test_no_cards_without_a_site_url_or_while_serving(tmp_path, site_url, serving):
    config = social_config(tmp_path, site_url)
    cards.prepare_social_cards(config, serving=serving)
    assert social_plugin(config).config.enabled is False
    assert not (tmp_path / ".cache").exists()


def test_the_social_plugin_reaches_its_layers_only_as_layer_jobs_expects():
    """setdefault, then []= when it renders a layer, then [] to compose: nothing else."""
    source = inspect.getsource(SocialPlugin)
    uses = re.findall(r"self\.card_layer_pool_jobs(\.\w+\(|\[h\]\s*=|\[h\]\.|:)", source)
    assert sorted(uses) == sorted([":", ".setdefault(", "[h] =", "[h]."]), uses
    assert source.count("card_layer_pool_jobs") == len(uses)


def test_the_layer_pool_is_replaced_only_on_a_verified_material(tmp_path, monkeypatch):
    """On the Material it was verified on, the social plugin gets LayerJobs; on another, it
    keeps its own pool (correct cards, more memory)."""
    from sourced_timeline import mkdocs_compat

    assert mkdocs_compat.MATERIAL_INTERNALS_KNOWN  # the installed Material is the verified one
    config = social_config(tmp_path, SITE_URL)
    config.plugins.on_startup(command="build", dirty=False)  # where the plugin makes its pool
    cards.prepare_social_cards(config, serving=False)
    assert isinstance(social_plugin(config).card_layer_pool_jobs, cards.LayerJobs)
    monkeypatch.setattr(mkdocs_compat, "MATERIAL_INTERNALS_KNOWN", False)
    config = social_config(tmp_path / "other", SITE_URL)
    config.plugins.on_startup(command="build", dirty=False)
    cards.prepare_social_cards(config, serving=False)
    assert not isinstance(social_plugin(config).card_layer_pool_jobs, cards.LayerJobs)


def test_layer_jobs_forget_a_cards_own_layers_once_taken_and_keep_shared_ones():
    jobs = cards.LayerJobs()
    shared, own_a, own_b = Future(), Future(), Future()

    def ask(key: str, rendered: Future) -> None:  # as SocialPlugin._generate does
        sentinel: Future = Future()
        if jobs.setdefault(key, sentinel) is sentinel:
            jobs[key] = rendered

    ask("background", shared)
    ask("title a", own_a)
    ask("background", Future())  # card b: the background is there already
    ask("title b", own_b)
    assert jobs["background"] is shared and jobs["title a"] is own_a  # card a composed
    assert set(jobs) == {"background", "title b"}
    assert jobs["background"] is shared and jobs["title b"] is own_b  # card b composed
    assert set(jobs) == {"background"} and not jobs.waiting  # shared: kept
    ask("background", Future())
    assert jobs["background"] is shared
    ask("logo", own_a)
    assert jobs["logo"] is own_a and "logo" not in jobs  # one card's: forgotten
    again = Future()
    ask("logo", again)  # asked for again: rendered again, then kept
    assert jobs["logo"] is again and jobs["logo"] is again


def test_a_missing_font_package_is_named(tmp_path):
    with pytest.raises(PluginError, match=cards.FONT_PACKAGE):
        cards.stage_font(tmp_path / "fonts", source=tmp_path / "nowhere")


# The project's own site, published: slow.


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("cards"))
    with pytest.MonkeyPatch.context() as patch:
        calls = refuse_network(patch)
        patch.setenv("TIMELINE_SITE_URL", SITE_URL)
        assert build(project, project / "site") == 0
    assert calls == []
    return project


def events() -> list[tuple[str, str, str]]:
    """(id, title, summary as plain text) of every event in the project's data."""
    dataset, _ = check_folder(ROOT / "data", dt.date.today())
    assert dataset is not None and dataset.events
    return [(r.id, r.event.title, to_text(r.event.summary)) for r in dataset.events]


def head(site: Path, url: str) -> html.HtmlElement:
    return html.parse(str(site / url / "index.html")).getroot()


def meta(page: html.HtmlElement, name: str) -> list[str]:
    return page.xpath(f"//head/meta[@property='{name}']/@content")


def card_file(site: Path, image_url: str) -> Path:
    """The built file an og:image URL points to (the site is published under SITE_URL)."""
    assert image_url.startswith(SITE_URL), image_url
    path = site / urlsplit(image_url).path.removeprefix(urlsplit(SITE_URL).path)
    assert path.resolve().is_relative_to(site.resolve())
    return path


@pytest.mark.slow
def test_every_event_page_is_an_article_with_one_card_of_1200_by_630(published):
    site = published / "site"
    drawn = {}
    for identifier, _title, summary in events():
        page = head(site, f"events/{identifier}")
        for tag in ("og:type", "og:title", "og:description", "og:url", "og:image", "twitter:image"):
            assert len(meta(page, tag)) == 1, (identifier, tag, meta(page, tag))
        assert meta(page, "og:type") == ["article"]
        (image_url,) = meta(page, "og:image")
        assert meta(page, "twitter:image") == [image_url]
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == (["1200"], ["630"])
        path = card_file(site, image_url)
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), identifier
        drawn[identifier] = path.read_bytes()
        (description,) = meta(page, "og:description")
        assert description.startswith(summary[:100]), (identifier, description)
        assert page.xpath("//head/meta[@name='description']/@content") == [description]
    assert len(set(drawn.values())) == len(drawn), "each event's card is its own"


@pytest.mark.slow
def test_every_page_links_a_card_that_exists(published):
    site = published / "site"
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > len(events())
    for page_file in pages:
        page = html.parse(str(page_file)).getroot()
        images = meta(page, "og:image")
        if page.xpath("//meta[@name='robots'][contains(@content, 'noindex')]"):
            assert images == [], page_file  # the embed: for frames, not for sharing
            continue
        assert len(images) == 1 and len(meta(page, "og:type")) == 1, page_file
        assert card_file(site, images[0]).is_file(), page_file


@pytest.mark.slow
def test_the_font_came_from_debian_and_a_rebuild_draws_no_card_again(published, no_network, monkeypatch):
    fonts = published / ".cache" / "plugin" / "social" / "fonts" / cards.FONT_FAMILY
    assert sorted(p.name for p in fonts.iterdir()) == sorted(f"{s}.ttf" for s in cards.FONT_FILES)
    for style, name in cards.FONT_FILES.items():
        assert (fonts / f"{style}.ttf").read_bytes() == (cards.FONT_DIR / name).read_bytes()
    drawn = {p: p.stat().st_mtime_ns for p in (published / ".cache").rglob("*.png")}
    assert len(drawn) >= len(events())
    monkeypatch.setenv("TIMELINE_SITE_URL", SITE_URL)
    assert build(published, published / "site") == 0
    assert {p: p.stat().st_mtime_ns for p in (published / ".cache").rglob("*.png")} == drawn
    assert no_network == []
