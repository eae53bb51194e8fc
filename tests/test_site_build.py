"""The built site: its pages, what they show, what they must never contain."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sourced_timeline.cli import main
from tests.conftest import live_dataset, live_event_count
from tests.sitebuild import ROOT, build, fixture_data, make_project


@pytest.fixture(scope="module")
def site(project_site) -> Path:
    return project_site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_event_actor_topic_and_place_has_a_page(site):
    for kind in ("events", "actors", "topics", "places"):
        sources = ROOT / "data" / ("events" if kind == "events" else f"{kind}.yaml")
        ids = (
            [p.stem for p in sources.rglob("*.yaml")]
            if kind == "events"
            else [
                line.split(":")[0]
                for line in sources.read_text().splitlines()
                if re.match(r"^[a-z0-9-]+:", line)
            ]
        )
        assert ids
        for identifier in ids:
            assert (site / kind / identifier / "index.html").is_file(), (kind, identifier)


def test_event_pages_stay_out_of_the_navigation(site):
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', page(site, ""), re.S).group(0)
    assert "events/" not in nav
    assert "Timeline" in nav
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', page(site, ""), re.S).group(0)
    assert "events/" not in tabs and "Timeline" in tabs


def test_dates_show_their_precision(site):
    assert "17–18 Feb 2026" in page(site, "events/2026-02-17-geneva-trilateral-round")
    planned = page(site, "events/2026-03-04-next-trilateral-round-planned")
    assert "c. 4–5 Mar 2026" in planned
    assert ">planned<" in planned and "Planned as of Feb 2026" in planned
    assert "not yet recorded" in planned
    assert ">Aug 2025<" in page(site, "events/2025-08-anchorage-summit")
    bounded = next(r for r in live_dataset().events if r.event.date.precision == "bounded")
    label = bounded.event.date.label()
    assert label.startswith("between ")
    exchange = page(site, f"events/{bounded.id}")
    assert f">{label}</span>" in exchange and 'class="tl-date tl-bounded"' in exchange
    timeline = page(site, "timeline")
    assert "c. Jan 2026" in timeline and f">{label}</span>" in timeline


def test_event_page_lists_sources_with_attribution(site):
    html = page(site, "events/2026-02-13-politico-guarantees-only-after-deal")
    assert 'id="source-1"' in html
    assert "The Moscow Times" in html and "Anonymous sources: European and U.S. officials" in html
    assert "as reported to Politico" in html


def test_series_links_previous_and_next_round(site):
    html = page(site, "events/2026-02-17-geneva-trilateral-round")
    assert 'rel="prev" href="../../events/2026-abu-dhabi-second-round/"' in html
    assert 'rel="next" href="../../events/2026-03-04-next-trilateral-round-planned/"' in html


def test_topic_page_tracks_each_partys_positions_in_date_order(site):
    html = page(site, "topics/nuclear-plant")
    russia = html.index('href="../../actors/russia/">Russia</a></h3>')
    section = html[russia : html.index("</section>", russia)]
    dates = re.findall(r'<li data-date="([0-9-]+)"', section)
    assert len(dates) >= 2 and dates == sorted(dates)
    assert "divided three ways" in section and "Bloomberg" in section


def test_actor_page_shows_every_spelling(site):
    assert "Zelenskyy, Zelenskiy" in page(site, "actors/volodymyr-zelensky")


def test_home_page_has_latest_planned_and_figures(site):
    html = page(site, "")
    assert 'id="latest">Latest<' in html and f"{live_event_count()}</strong> events" in html
    planned = html[html.index('id="planned"') :]
    assert "next-trilateral-round-planned" in planned


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r'(?:src|srcset|poster|data)=["\']\s*(?:https?:)?//[^"\']+', text):
            offenders.append((path.name, match.group(0)))
        for match in re.finditer(r'<link[^>]+href=["\']\s*(?:https?:)?//[^"\']+', text):
            offenders.append((path.name, match.group(0)))
        for match in re.finditer(r'(?:@import|url\()\s*["\']?\s*(?:https?:)?//', text):
            offenders.append((path.name, match.group(0)))
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append((path.name, "google fonts"))
    assert offenders == []


def test_two_builds_are_byte_identical(tmp_path):
    project = make_project(tmp_path / "project")
    assert build(project, tmp_path / "one") == 0
    assert build(project, tmp_path / "two") == 0
    result = subprocess.run(
        ["diff", "-r", str(tmp_path / "one"), str(tmp_path / "two")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[:2000]


def test_failed_build_leaves_the_previous_site_untouched(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    out = tmp_path / "site"
    assert build(project, out) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    record = project / "data" / "events" / "2026" / "2026-prisoner-exchange.yaml"
    record.write_text(record.read_text().replace("kind: exchange", "kind: exchang"))
    assert build(project, out) == 1
    assert "kind" in capsys.readouterr().out
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_engine_failure_mid_build_leaves_the_previous_site_untouched(tmp_path, capsys):
    project = make_project(tmp_path / "project")
    out = tmp_path / "site"
    assert build(project, out) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: no-such-theme"))
    assert build(project, out) == 1
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.glob(".site.*")] == [".site.lock"]  # no staging folder left


def test_generated_markdown_builds_with_stock_mkdocs_and_no_plugin(tmp_path):
    from sourced_timeline.cli import main

    assert main(["generate", "--data", str(ROOT / "data"), "--out", str(tmp_path / "docs")]) == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: Plain\ntheme:\n  name: mkdocs\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "events" / "2026-02-17-geneva-trilateral-round" / "index.html").read_text()
    assert "Third trilateral round in Geneva" in html and "17–18 Feb 2026" in html
    assert (tmp_path / "site" / "timeline" / "index.html").is_file()


HOSTILE = """\
title: Hostile record
date: 2026-02-17
status: happened
kind: talks
summary: >-
  Before <script>alert('x')</script> and <img src=x onerror="alert(1)"> then
  [a js link](javascript:alert(1)) and [a data link](data:text/html;base64,PHNjcmlwdD4=)
  and <a href="javascript:alert(4)">raw</a> { braces }
actors: [russia]
positions:
  - actor: russia
    topic: territory
    stance: <img src=x onerror=alert(2)> <style>body{display:none}</style>
    source: 1
sources:
  - source: 2026-02-13-evil
    attribution: anonymous
    quote: "<script>alert(3)</script>"
    locator: "&lt;b&gt;para 4&lt;/b&gt;"
"""
HOSTILE_SOURCE = """
2026-02-13-evil:
  publisher: Evil
  headline: Evil { braces } & more
  date: 2026-02-17
  date_note: <script>alert(6)</script> and <img src=x onerror=alert(7)>
"""
"""The source the hostile record cites, appended to sources.yaml."""


def _add_hostile_source(data: Path, text: str = HOSTILE_SOURCE) -> int:
    """Append the hostile source to the data folder's sources.yaml; the line of its id."""
    registry = data / "sources.yaml"
    old = registry.read_text(encoding="utf-8")
    registry.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 2


VENDOR_CODE = (".js", ".map", ".css", ".wasm", ".pagefind", ".svg", ".png", ".ico", ".woff2")


def _all_text(site: Path) -> str:
    """Every file record text can reach (pages, sitemaps, search index), decompressed."""
    chunks = []
    for path in site.rglob("*"):
        if not path.is_file() or path.name.endswith(VENDOR_CODE):
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        chunks.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(chunks)


def test_hostile_record_text_reaches_no_built_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", data)
    hostile = data / "events" / "2026" / "2026-02-17-hostile.yaml"
    hostile.write_text(HOSTILE)
    _add_hostile_source(data)
    # Site owners may enable risky extensions for their own pages: record text must never meet them.
    extra = "  - pymdownx.snippets:\n      base_path: ['.']\n      check_paths: false\n  - attr_list\n"
    project = make_project(tmp_path / "project", data)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n" + extra))
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote] url = SECRET-TOKEN-7f3a\n")
    import os

    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert build(project, project / "site") == 0
    finally:
        os.chdir(cwd)
    html = (project / "site" / "events" / "2026-02-17-hostile" / "index.html").read_text()
    assert "Before" in html and "and" in html  # the record is there, its payload is not
    assert "para 4" in html and "<b>para 4" not in html  # the locator is text, never markup
    everything = _all_text(project / "site")
    assert "Before" in everything and "pf_fragment" not in everything
    for needle in (
        "alert('x')",
        "alert(1)",
        "alert(2)",
        "alert(3)",
        "alert(4)",
        "alert(6)",
        "alert(7)",
        "onerror=alert",
        'onerror="alert',
        "javascript:",
        "data:text/html",
        "display:none",
    ):
        assert needle not in everything, needle


@pytest.mark.parametrize(
    "payload",
    ['--8<-- ".git/config"', "{{ 1234*2 }}", "{% include 'base.html' %}", "{# note #}", ';--8<-- "x"'],
)
def test_template_and_include_syntax_is_refused_and_never_built(tmp_path, capsys, payload):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", data)
    text = HOSTILE.replace("{ braces }", "").replace("summary: >-\n", f"summary: >-\n  {payload}\n")
    (data / "events" / "2026" / "2026-02-17-hostile.yaml").write_text(text)
    _add_hostile_source(data)
    project = make_project(tmp_path / "project", data)
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote] url = SECRET-TOKEN-7f3a\n")
    assert build(project, project / "site") == 1
    out = capsys.readouterr().out
    assert "2026-02-17-hostile.yaml:5:10: error[bad-value]" in out and "plain text" in out
    assert not (project / "site").exists()


def test_angle_brackets_in_a_title_or_name_are_refused(data_dir, check):
    from tests.conftest import write_event

    write_event(
        data_dir,
        "2026-02-17-hostile.yaml",
        HOSTILE.replace("title: Hostile record", 'title: "<script>x</script>"'),
    )
    line = _add_hostile_source(data_dir, HOSTILE_SOURCE.replace("publisher: Evil", "publisher: Evil <b>"))
    result = check()
    assert result.code == 1
    assert "2026-02-17-hostile.yaml:1:8:" in result.out
    assert f"data/sources.yaml:{line + 1}:14:" in result.out


def test_edit_link_points_at_the_record_file_when_configured(tmp_path):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      data_dir: data\n",
            "      data_dir: data\n      edit_url: https://example.org/edit/main/data/\n",
        )
    )
    assert build(project, project / "site") == 0
    html = page(project / "site", "events/2026-02-17-geneva-round")
    assert (
        '<a href="https://example.org/edit/main/data/events/2026/2026-02-17-geneva-round.yaml">Edit this record</a>'
        in html
    )


def test_plain_mkdocs_build_fails_on_bad_records_naming_file_and_line(tmp_path):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    record = project / "data" / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    record.write_text(record.read_text().replace("title:", "tittle:"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "2026-02-17-geneva-round.yaml:1:1: error[unknown-field]" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_shared_navigation_gives_byte_identical_pages(tmp_path):
    project = make_project(tmp_path / "project")
    assert build(project, tmp_path / "shared") == 0
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      data_dir: data\n", "      data_dir: data\n      share_navigation: false\n"
        )
    )
    assert build(project, tmp_path / "unshared") == 0
    result = subprocess.run(
        ["diff", "-r", str(tmp_path / "shared"), str(tmp_path / "unshared")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[:2000]
    html = (tmp_path / "shared" / "events" / "2026-prisoner-exchange" / "index.html").read_text()
    assert 'href="../../timeline/"' in html  # the shared navigation is there, at the right depth


def test_page_cache_reuses_unchanged_pages_and_renders_changed_ones():
    import dataclasses
    import datetime as dt

    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import PageCache, build_pages

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    cache = PageCache()
    plain = {p.src_uri: p.html for p in build_pages(dataset)}
    assert {p.src_uri: p.html for p in build_pages(dataset, cache=cache)} == plain
    # Edit one record's title: its page, its timeline and entity pages change; the rest is reused.
    target = dataset.by_id["2026-prisoner-exchange"]
    edited = dataclasses.replace(target, event=target.event.model_copy(update={"title": "Edited title"}))
    events = tuple(edited if r.id == target.id else r for r in dataset.events)
    changed_ds = dataclasses.replace(dataset, events=events)
    reused_before = len(cache.current)
    again = {p.src_uri: p.html for p in build_pages(changed_ds, cache=cache)}
    fresh = {p.src_uri: p.html for p in build_pages(changed_ds)}
    assert again == fresh  # same output as an uncached build
    assert "Edited title" in again["events/2026-prisoner-exchange.md"]
    assert "Edited title" in again["timeline.md"] and "Edited title" in again["actors/russia.md"]
    assert again["events/2025-08-anchorage-summit.md"] == plain["events/2025-08-anchorage-summit.md"]
    assert len(cache.current) <= reused_before  # the cache does not grow from build to build


def test_page_cache_renders_again_the_pages_that_link_to_an_edited_event():
    """An event page shows its related events' and series neighbours' titles: editing one
    renders again every page that shows it, as a build without the cache would."""
    import dataclasses
    import datetime as dt
    import itertools

    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import PageCache, SiteOptions, build_pages, event_page

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    linked = [(r, dataset.by_id[i]) for r in dataset.events for i in r.event.related]
    for members in dataset.by_series.values():  # each page shows the previous and the next
        linked += [pair for a, b in itertools.pairwise(members) for pair in ((a, b), (b, a))]
    assert linked, "the data has related events or series"
    cache = PageCache()
    build_pages(dataset, cache=cache)
    for page_record, shown in linked[:: max(1, len(linked) // 5)]:
        edited = dataclasses.replace(shown, event=shown.event.model_copy(update={"title": "A new title"}))
        changed = dataclasses.replace(
            dataset, events=tuple(edited if r.id == shown.id else r for r in dataset.events)
        )
        again = {p.src_uri: p.html for p in build_pages(changed, cache=cache)}
        page = f"events/{page_record.id}.md"
        assert "A new title" in again[page]
        assert again[page] == event_page(changed, changed.by_id[page_record.id], SiteOptions()).html
        build_pages(dataset, cache=cache)  # back to the records as they are


def test_a_site_assembled_with_a_cache_equals_one_assembled_afresh_after_each_edit():
    """While serving, pages and the timeline's filter index are reused for unchanged records:
    after an edit to an event's title, date or actors, or to the registries (which renumbers
    the filter index's actors), the site is what an uncached assembly makes."""
    import dataclasses
    import datetime as dt

    from sourced_timeline import urls
    from sourced_timeline.check import check_folder
    from sourced_timeline.model import Actor
    from sourced_timeline.pages import PageCache, SiteOptions
    from sourced_timeline.site import assemble

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    options = SiteOptions(timeline_page_size=5)  # several timeline pages: a filter index

    def edited(**update: object):
        target = dataset.events[len(dataset.events) // 2]
        record = dataclasses.replace(target, event=target.event.model_copy(update=update))
        return dataclasses.replace(
            dataset, events=tuple(record if r.id == target.id else r for r in dataset.events)
        )

    first = dataset.events[0].event
    versions = [
        edited(title="An edited title"),
        edited(date=first.date, end=None),
        edited(actors=[*reversed(dataset.events[len(dataset.events) // 2].event.actors)]),
        dataclasses.replace(
            dataset, actors={"aaa-first": Actor(name="A first actor", kind="state"), **dataset.actors}
        ),
        dataset,
    ]
    cache = PageCache()
    assemble(dataset, options, cache=cache, with_downloads=False)
    for version in versions:
        cached = assemble(version, options, cache=cache, with_downloads=False)
        fresh = assemble(version, options, with_downloads=False)
        assert urls.FILTER_INDEX in fresh.files
        assert cached.files == fresh.files
        assert {s: p.html for s, p in cached.pages.items()} == {s: p.html for s, p in fresh.pages.items()}


def test_page_cache_renders_nothing_when_nothing_changed(monkeypatch):
    import datetime as dt

    from sourced_timeline import pages
    from sourced_timeline.check import check_folder

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    cache = pages.PageCache()
    pages.build_pages(dataset, cache=cache)
    renders = []
    environment = pages._environment((), ())  # the package's templates alone (a site with no overrides)
    original = environment.get_template
    monkeypatch.setattr(
        environment, "get_template", lambda name, *rest: renders.append(name) or original(name, *rest)
    )
    pages.build_pages(dataset, cache=cache)
    assert renders == []
    pages.build_pages(dataset)
    assert len(renders) > len(dataset.events)


def test_build_uses_the_data_it_was_given_not_the_configured_folder(tmp_path, capsys):
    """`timeline build --data X` checks X once and builds X, even when ./data is broken."""
    project = make_project(tmp_path / "project", fixture_data("valid"))
    broken = project / "data" / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    broken.write_text(broken.read_text().replace("kind: talks", "kind: talkz"))
    good = tmp_path / "good"
    shutil.copytree(fixture_data("valid"), good)
    out = tmp_path / "site"
    assert (
        main(["build", "--config", str(project / "mkdocs.yml"), "--data", str(good), "--out", str(out)]) == 0
    )
    assert (out / "events" / "2026-02-17-geneva-round" / "index.html").is_file()


def test_record_warnings_go_through_mkdocs_logging_and_fail_strict_builds(tmp_path):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    record = project / "data" / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    record.write_text(record.read_text().replace("date: 2026-02-17\nend: 2026-02-18", "date: 2026-02-16"))
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": ""}
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, env=env
    )
    assert plain.returncode == 0, plain.stderr
    assert "WARNING" in plain.stderr and "[id-date]" in plain.stderr
    strict = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert strict.returncode != 0
    assert "2026-02-17-geneva-round.yaml:2:7" in strict.stderr


def test_cards_name_their_round_and_planned_dates_are_expected(site):
    import datetime as dt

    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import current_as_of, plan_passed

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    assert dataset is not None
    as_of = current_as_of(dataset)
    html = page(site, "timeline")
    for record in dataset.events:
        card = html[html.index(f'" id="{record.id}" data-kind=') :]
        card = card[: card.index("</article>")]
        if record.event.round:
            assert f"Round {record.event.round} of the {record.event.series.replace('-', ' ')}" in card
        # A plan is "expected" while its date may still come; once passed, its card says so.
        expected = record.event.status == "planned" and not plan_passed(record, as_of)
        assert ('<span class="tl-expected">Expected</span>' in card) == expected
        assert ("Its date has passed" in card) == (record.event.status == "planned" and not expected)


def test_the_url_scheme_places_every_generated_page_where_mkdocs_would():
    """The plugin gives MkDocs each generated page's output path and URL from ``sourced_timeline.urls``:
    they must be what MkDocs works out itself (directory URLs)."""
    import datetime as dt

    from mkdocs.structure.files import File

    from sourced_timeline import urls
    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import SiteOptions
    from sourced_timeline.site import assemble

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    site = assemble(dataset, SiteOptions(), with_downloads=False)
    assert site.pages
    for src_uri in site.pages:
        mkdocs_file = File(src_uri, src_dir=None, dest_dir="/site", use_directory_urls=True)
        assert (urls.output_path(src_uri), urls.url_of(src_uri)) == (mkdocs_file.dest_uri, mkdocs_file.url)


def test_a_build_leaves_nothing_frozen_out_of_the_garbage_collector(tmp_path):
    """A one-off build freezes its records out of the collector's scans while it renders, and
    thaws them when it ends, so a process that builds again and again keeps no garbage."""
    import gc

    project = make_project(tmp_path / "project", fixture_data("valid"))
    before = gc.get_freeze_count()
    assert build(project, tmp_path / "site") == 0
    assert gc.get_freeze_count() == before


def test_a_renamed_events_former_address_leads_to_its_page(site):
    moved = [(former, r.id) for r in live_dataset().events for former in r.event.formerly]
    assert moved, "the project's data renamed an event (2025-03-us-pauses-…): it keeps its old address"
    for former, identifier in moved:
        old = site / "events" / former / "index.html"
        text = old.read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)[1]
        assert (old.parent / target / "index.html").resolve() == (site / "events" / identifier / "index.html")
        assert '<meta name="robots" content="noindex">' in text and f'rel="canonical" href="{target}"' in text
