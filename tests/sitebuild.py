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


def fixture_data(name: str) -> Path:
    """A data folder under tests/fixtures."""
    return FIXTURES / name
