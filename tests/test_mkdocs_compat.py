"""sourced_timeline.mkdocs_compat against the real classes of the installed MkDocs: its
version is one the module knows, and each internal it uses still does what it assumes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from sourced_timeline import mkdocs_compat
from sourced_timeline.mkdocs_compat import BuiltPage, mark_unmodified, wake_rebuild


@pytest.fixture
def server(tmp_path: Path):
    """MkDocs' own LiveReloadServer, bound to a free port, never serving."""
    live = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield live
    live.server_close()


def test_the_installed_mkdocs_is_one_whose_internals_were_verified():
    assert mkdocs_compat.INTERNALS_KNOWN, (
        f"MkDocs {mkdocs_compat.MKDOCS} is outside {mkdocs_compat.VERIFIED}: verify each internal "
        "mkdocs_compat uses, then widen VERIFIED"
    )


def test_a_wake_asks_the_real_server_to_rebuild(server):
    wake = wake_rebuild(server)
    assert wake is not None
    woken = threading.Event()

    def wait() -> None:
        with server._rebuild_cond:
            if server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5):
                woken.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    wake()
    waiter.join()
    assert woken.is_set()


def test_outside_the_verified_versions_mkdocs_polls(server, monkeypatch):
    monkeypatch.setattr(mkdocs_compat, "INTERNALS_KNOWN", False)
    assert wake_rebuild(server) is None
    assert wake_rebuild(object()) is None


def _config(tmp_path: Path, site_url: str) -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "site_url": site_url, "docs_dir": str(tmp_path)})
    errors, _ = config.validate()
    assert not errors
    return config


@pytest.mark.parametrize("site_url", ["", "https://example.org/", "https://example.org/timeline"])
def test_a_built_page_has_the_urls_mkdocs_own_page_gives(tmp_path, site_url):
    config = _config(tmp_path, site_url)
    file = File("events/2026-02-17-x/index.md", str(tmp_path), str(tmp_path / "site"), True)
    ours, theirs = BuiltPage(None, file, config), Page(None, file, config)
    assert (ours.canonical_url, ours.abs_url, ours.url) == (theirs.canonical_url, theirs.abs_url, theirs.url)
    ours.render(config, None)  # type: ignore[arg-type]
    assert ours.content == "" and list(ours.toc) == []


def test_a_file_marked_unmodified_is_not_written_again_by_dirty_serve(tmp_path):
    file = File("timeline.md", str(tmp_path), str(tmp_path / "site"), True)
    mark_unmodified(file)
    assert file.is_modified() is False


def test_the_header_copy_is_material_s_own_but_for_its_search_and_is_used_only_while_it_is():
    """The copy of Material's header is used while the installed Material's header is the file
    it was copied from; every line of that file it leaves out is the search's (a plugin this
    site does not use) or the note that the file was generated."""
    from sourced_timeline import mkdocs_compat

    installed = mkdocs_compat.installed_material_header()
    assert installed is not None
    assert mkdocs_compat.material_header_dir() == str(mkdocs_compat.MATERIAL_HEADER_COPY)
    copy = (mkdocs_compat.MATERIAL_HEADER_COPY / "partials" / "header.html").read_text(encoding="utf-8")
    left_out = {line.strip() for line in installed.read_text(encoding="utf-8").splitlines()} - {
        line.strip() for line in copy.splitlines()
    }
    assert left_out == {
        "{#-",
        "This file was automatically generated - do not edit",
        "-#}",
        '{% if "material/search" in config.plugins %}',
        '{% set search = config.plugins["material/search"] | attr("config") %}',
        "{% if search.enabled %}",
        '<label class="md-header__button md-icon" for="__search">',
        '{% set icon = config.theme.icon.search or "material/magnify" %}',
        '{% include "partials/search.html" %}',
    }


@pytest.mark.slow
def test_another_material_header_gets_material_s_own_and_the_site_still_builds(tmp_path, monkeypatch):
    """Outside the header it was copied from, the site is built with Material's own header
    (no header search box) rather than a copy that may no longer fit it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from sourced_timeline import mkdocs_compat
    from tests.sitebuild import fixture_data, make_project

    monkeypatch.setattr(mkdocs_compat, "MATERIAL_HEADER_SHA256", "0" * 64)
    assert mkdocs_compat.material_header_dir() is None
    project = make_project(tmp_path / "project", fixture_data("valid"))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert str(mkdocs_compat.MATERIAL_HEADER_COPY) not in config.theme.dirs
    page = (tmp_path / "site" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-header' in page and "tl-header-search" not in page
