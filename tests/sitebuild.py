"""Helpers to build a real site with MkDocs from a data folder, as a user would."""

from __future__ import annotations

import shutil
from pathlib import Path

from sourced_timeline.cli import main
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def make_project(folder: Path, data: Path | None = None, extra_config: str = "") -> Path:
    """A project folder: the repository's mkdocs.yml and docs, and ``data`` (default: the real data)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    shutil.copytree(data or ROOT / "data", folder / "data", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + extra_config
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def build(project: Path, out: Path) -> int:
    """`timeline build` for a project folder; returns its exit code."""
    return main(
        ["build", "--config", str(project / "mkdocs.yml"), "--data", str(project / "data"), "--out", str(out)]
    )


def broken_links(site: Path) -> set[tuple[str, str]]:
    """Every (page, link) of a built site whose link, script or image names a file the site
    lacks (links to other hosts, fragments and mail left out)."""
    from urllib.parse import urljoin, urlsplit

    from lxml import html

    broken = set()
    for page in site.rglob("*.html"):
        base = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        for link in (
            html.parse(str(page)).getroot().xpath("//a/@href | //link/@href | //script/@src | //img/@src")
        ):
            if link.startswith(("http:", "https:", "#", "mailto:")):
                continue
            path = urlsplit(urljoin(base, link)).path
            target = site / path.lstrip("/")
            if not (target / "index.html" if path.endswith("/") else target).exists():
                broken.add((base, link))
    return broken


def fixture_data(name: str) -> Path:
    """A data folder under tests/fixtures."""
    return FIXTURES / name
