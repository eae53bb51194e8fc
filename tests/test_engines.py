"""The project's content survives its engine: `timeline generate` writes a complete site
source that stock MkDocs + Material (no plugin) and Zensical both build, with every internal
link, asset and download resolving, and search indexed by the one command it prints."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from sourced_timeline.cli import main
from tests.sitebuild import ROOT

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: Generated
use_directory_urls: true
theme:
  name: material
  font: false
extra_css: [assets/timeline/timeline.css]
extra_javascript: [assets/timeline/timeline.js]
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    assert (
        main(
            [
                "generate",
                "--data",
                str(ROOT / "data"),
                "--docs",
                str(ROOT / "docs"),
                "--out",
                str(folder / "docs"),
            ]
        )
        == 0
    )
    (folder / "mkdocs.yml").write_text(CONFIG)
    return folder


def _broken_links(site: Path) -> list[str]:
    """Every relative link, stylesheet, script and image of every page that leads nowhere."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # links from the site root, wherever the server shows it
            continue
        tree = html.fromstring(page.read_bytes())
        for target in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path or target.startswith("#"):
                continue
            base = site if parts.path.startswith("/") else page.parent
            resolved = (base / unquote(parts.path).lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def _check_site(site: Path) -> None:
    assert (site / "events" / "2026-02-17-geneva-trilateral-round" / "index.html").is_file()
    for name in ("events.csv", "events.json", "events.atom", "planned.ics", "timelinejs.json"):
        assert (site / "downloads" / name).is_file(), name
    data_page = (site / "data" / "index.html").read_text()
    assert "downloads/events.csv" in data_page
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    assert _broken_links(site) == []


def test_stock_mkdocs_and_material_build_the_generated_site_without_the_plugin(generated, tmp_path):
    project = tmp_path / "mkdocs"
    shutil.copytree(generated, project)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    _check_site(project / "site")


@pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="zensical (optional extra) not installed"
)
def test_zensical_builds_the_generated_site(generated, tmp_path):
    project = tmp_path / "zensical"
    shutil.copytree(generated, project)
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run([str(zensical), "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    _check_site(project / "site")
