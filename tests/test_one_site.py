"""One site everywhere (issue 27, item 6): the same data and mkdocs.yml built by `timeline
build`, by `mkdocs build` with the plugin, and by `timeline generate` + stock MkDocs (no
plugin) give pages with the same text. `generate` and `export` read mkdocs.yml's theme
language and plugin options as the plugin does (``sourced_timeline.site_config``)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import html

from tests.conftest import FIXTURES, run_in

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/python/"
PAGE_SIZE = 4
"""Fewer events a timeline page than the data holds: a non-default option that shows."""


def _project(folder: Path) -> Path:
    """A new Ukrainian site with the Ukrainian fixture's records, its plugin options set."""
    site = folder / "project"
    assert run_in(folder, "init", str(site), "--title", "Python", "--language", "uk").code == 0
    shutil.rmtree(site / "data")
    shutil.copytree(FIXTURES / "ukrainian", site / "data", ignore=shutil.ignore_patterns("README.md"))
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      data_dir: data\n",
        f"      data_dir: data\n      timeline_page_size: {PAGE_SIZE}\n"
        "      edit_url: https://example.org/repo/edit/main/data/\n",
    )
    config = config.replace('site_url: !ENV [TIMELINE_SITE_URL, ""]', f"site_url: {SITE_URL}")
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    return site


def _article(page: Path) -> str:
    """The page's own content, as text (the theme's chrome around it differs without the plugin)."""
    root = html.parse(str(page)).getroot()
    found = root.xpath("//article")
    return " ".join(found[0].text_content().split()) if found else ""


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("one-site")
    project = _project(folder)
    built = {"build": folder / "by-build", "mkdocs": folder / "by-mkdocs", "generate": folder / "by-generate"}
    result = run_in(project, "build", "--out", str(built["build"]))
    assert result.code == 0, result.err
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(built["mkdocs"])], cwd=project, check=True
    )
    source = folder / "generated"
    result = run_in(project, "generate", "--out", str(source / "docs"))
    assert result.code == 0, result.err
    stock = {
        "site_name": "Python",
        "site_url": SITE_URL,
        "use_directory_urls": True,
        "theme": {"name": "material", "font": False, "language": "uk"},
        "extra_css": ["assets/timeline/timeline.css"],
        "extra_javascript": ["assets/timeline/timeline.js"],
        "markdown_extensions": [{"toc": {"permalink": True}}],  # as the project's mkdocs.yml
    }
    (source / "mkdocs.yml").write_text(yaml.safe_dump(stock), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(built["generate"])], cwd=source, check=True
    )
    return project, built


def test_build_mkdocs_and_generate_make_pages_of_the_same_text(three_builds):
    _, built = three_builds
    pages = sorted(
        p.relative_to(built["build"])
        for p in built["build"].rglob("index.html")
        if p.parent.parts[-1:] != ("search",) and _article(p)
    )
    assert len(pages) > 20
    differ = {
        str(page): name
        for page in pages
        for name in ("mkdocs", "generate")
        if _article(built[name] / page) != _article(built["build"] / page)
    }
    assert differ == {}
    # The options show in all three: the timeline is paged by timeline_page_size, in Ukrainian.
    for name, site in built.items():
        assert (site / "timeline" / "2" / "index.html").is_file(), name
        assert html.parse(str(site / "timeline" / "index.html")).getroot().get("lang") == "uk", name


def test_export_writes_the_site_s_downloads(three_builds, tmp_path):
    project, built = three_builds
    out = tmp_path / "tables"
    assert run_in(project, "export", "--out", str(out)).code == 0
    exported = list(csv.DictReader(io.StringIO((out / "events.csv").read_text(encoding="utf-8"))))
    assert exported and all(row["url"].startswith(SITE_URL) for row in exported)
    assert (out / "events.csv").read_bytes() == (built["build"] / "downloads" / "events.csv").read_bytes()
