"""Benchmark: N synthetic events, checked and built, against plain MkDocs in the same run.

    python scripts/bench.py --events 10000 [--repeat 3] [--serve]

In one process it times `timeline check` against a bare libyaml parse of the same files
(best of --repeat), the full `timeline build` (search index included) against a plain
MkDocs + Material build of the same number of equivalent hand-written Markdown pages kept
out of the navigation, and measures the built site: total bytes, the timeline page's
HTML bytes, and the bytes a reader's first search downloads (in Debian's chromium).
With --serve it also times how long the server `timeline serve` runs takes to show a
one-record edit, and plain `mkdocs serve` with the plugin (the median of three edits, each
saved while the server is idle).
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM, CHROMIUM_ARGS, serve
from generate_events import generate, generate_adversarial

from sourced_timeline.check import check_folder
from sourced_timeline.cli import main as timeline
from sourced_timeline.cli import serve_command

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 30)


def _best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bare_parse(paths: list[Path]) -> None:
    """What any tool must at least do: read each file and yaml.load it with CSafeLoader."""
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def timeline_project(folder: Path, data: Path) -> Path:
    """The repository's mkdocs.yml and docs, with the synthetic data."""
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    os.symlink(data, folder / "data")  # the checker refuses symlinks inside data/, not data itself
    return folder


def _markdown_event(record: dict, identifier: str, sources: dict) -> str:
    """An event page as a user would write it by hand in Markdown."""
    lines = [
        f"# {record['title']}",
        "",
        f"**{record['date']}** · {record['status']} · {record['kind']}",
        "",
        record["summary"],
        "",
    ]
    for field in ("places", "actors", "topics"):
        links = ", ".join(f"[{item}](../{field}/{item}.md)" for item in record.get(field, []))
        lines.append(f"- **{field.capitalize()}:** {links}")
    lines += ["", "## Positions", "", "| Who | On | Position |", "|---|---|---|"]
    lines += [f"| {p['actor']} | {p['topic']} | {p['stance']} |" for p in record.get("positions", [])]
    lines += ["", "## Sources", ""]
    lines += [
        f"{i}. **{sources[s['source']]['publisher']}**, {sources[s['source']].get('headline', '')}, "
        f"{sources[s['source']]['date']}. {s['attribution']}"
        for i, s in enumerate(record["sources"], 1)
    ]
    return "\n".join(lines) + "\n"


def plain_project(folder: Path, data: Path) -> Path:
    """Plain MkDocs + Material: the same events as hand-written pages, out of the navigation."""
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "index.md").write_text((docs / "index.md").read_text().replace("<!-- timeline:home -->", ""))
    for kind in ("actors", "topics", "places"):
        for identifier, item in yaml.safe_load((data / f"{kind}.yaml").read_text()).items():
            path = docs / kind / f"{identifier}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# {item['name']}\n")
    sources = yaml.safe_load((data / "sources.yaml").read_text()) or {}
    for path in sorted((data / "events").rglob("*.yaml")):
        record = yaml.safe_load(path.read_text())
        target = docs / "events" / f"{path.stem}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_markdown_event(record, path.stem, sources))
    (folder / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "markdown_extensions:\n  - tables\n  - toc:\n      permalink: true\n"
        "nav:\n  - Home: index.md\n  - About the data: about.md\n"
        "  - Contributing:\n      - Record format: contributing/records.md\n"
        "not_in_nav: |\n  /events/\n  /actors/\n  /topics/\n  /places/\n"
    )
    return folder


def plain_build(folder: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def first_search_bytes(site: Path, word: str) -> int | None:
    """Bytes a reader's first search downloads (scripts, index, results), measured in chromium."""
    chromium = CHROMIUM
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    sizes: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()

        def record(response: object) -> None:
            with contextlib.suppress(Exception):  # a redirect or aborted body has no size
                sizes[response.url] = len(response.body())

        page.on("response", record)
        page.goto(f"{base}/search/")
        page.wait_for_load_state("networkidle")
        page.fill("#tl-search input", word)
        page.locator(".pagefind-ui__result").first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    # Everything search-specific: Pagefind's scripts, WASM, index chunks and result fragments
    # (the theme's own assets are what any page of the site costs).
    return sum(size for url, size in sizes.items() if "/pagefind/" in url or url.endswith("search.js"))


def search_page_bytes(site: Path) -> int:
    """Pagefind's own scripts, styles and entry files, loaded with the search page."""
    names = ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-entry.json")
    folder = site / "pagefind"
    total = sum((folder / n).stat().st_size for n in names if (folder / n).exists())
    total += sum(p.stat().st_size for p in folder.glob("wasm.*.pagefind"))
    total += sum(p.stat().st_size for p in folder.glob("*.pf_meta"))
    return total


EDITS = 3
IDLE_S = 5
"""Seconds left between edits: the downloads are rewritten after every rebuild, in the background."""


def serve_edit_seconds(project: Path, data: Path, as_timeline_serve: bool) -> float | None:
    """Seconds from saving a one-record edit to the server serving it (the median of ``EDITS``
    edits, each saved while the server is idle): the server `timeline serve` runs, or plain
    `mkdocs serve` with the plugin."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    record = sorted((data / "events").rglob("*.yaml"))[-1]
    url = f"http://127.0.0.1:{port}/events/{record.stem}/"
    address = f"127.0.0.1:{port}"
    if as_timeline_serve:
        command, environment = serve_command(project / "mkdocs.yml", address)
    else:
        command, environment = [sys.executable, "-m", "mkdocs", "serve", "-a", address], dict(os.environ)
    server = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**environment, "NO_MKDOCS_2_WARNING": "1"},
    )

    def wait_for(text: str, limit: float, address: str = url) -> float | None:
        start = time.monotonic()
        while time.monotonic() - start < limit:
            try:
                with urllib.request.urlopen(address, timeout=10) as response:
                    if text in response.read().decode():
                        return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.05)
        return None

    try:
        index = f"http://127.0.0.1:{port}/pagefind-docs/pagefind-entry.json"
        if wait_for("<h1", 600) is None or wait_for("version", 600, index) is None:
            return None  # the first build, and its search index (written last) in the background
        original = record.read_text()
        seconds = []
        try:
            for edit in range(EDITS):  # the median of a few edits, each made while serve is idle
                time.sleep(IDLE_S)
                marker = f"Edited-for-the-benchmark-{edit}"
                record.write_text(original.replace("title: ", f"title: {marker} ", 1))
                seconds.append(wait_for(marker, 120))
        finally:
            record.write_text(original)
        return None if None in seconds else statistics.median(s for s in seconds if s is not None)
    finally:
        server.terminate()
        server.wait(timeout=60)


def build_peak_mb(project: Path, data: Path, out: Path) -> int:
    """Peak resident memory of one `timeline build` in a process of its own: the larger of
    the build's own and its search index processes' (what /usr/bin/time -v reports)."""
    arguments = ["build", "--config", str(project / "mkdocs.yml"), "--data", str(data), "--out", str(out)]
    # The build's own peak is VmHWM (since its exec: a fork of this large process must not
    # count); its search index processes' is the largest child's.
    program = (
        "import re, resource, sys\nfrom sourced_timeline.cli import main\nmain(sys.argv[1:])\n"
        "own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, *arguments], check=True, capture_output=True, text=True
    )
    return round(int(result.stdout.split()[-1]) / 1024)


def zensical_seconds(data: Path, folder: Path) -> float | None:
    """Zensical building `timeline generate`'s output (None when Zensical is not installed)."""
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        return None
    assert (
        timeline(
            ["generate", "--data", str(data), "--docs", str(ROOT / "docs"), "--out", str(folder / "docs")]
        )
        == 0
    )
    # The project's own mkdocs.yml without its plugins: navigation and not_in_nav as it has them.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nplugins:\n(?:  .*\n)+", "\n", config)
    # Generated pages are folder indexes there (timeline/index.md), so links mean the same in every engine.
    config = re.sub(r": (timeline|actors|topics|places|search|data)\.md\n", r": \1/index.md\n", config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([str(zensical), "build"], cwd=folder, check=True, capture_output=True)
    return round(time.perf_counter() - start, 2)


def cold_check_seconds(repeat: int) -> float:
    """A contributor's `timeline check` of the project's own data in a fresh process (import
    included), best of REPEAT."""
    command = [str(Path(sys.executable).parent / "timeline"), "check", "--data", str(ROOT / "data")]
    return _best(lambda: subprocess.run(command, cwd=ROOT, capture_output=True), repeat)


def peak_mb(program: str, *arguments: str) -> int:
    """Peak resident memory (VmHWM) of PROGRAM run in a fresh interpreter."""
    program += "\nimport re\nprint(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
    result = subprocess.run(
        [sys.executable, "-c", program, *arguments], check=True, capture_output=True, text=True
    )
    return round(int(result.stdout.split()[-1]) / 1024)


def adversarial(sizes: list[int], repeat: int) -> list[dict[str, object]]:
    """`timeline check` of records built to provoke quadratic work (near-identical titles,
    shared days, shared actors, aliases named in every summary), against a bare parse of the
    same files: times in this process, peak memory each in a process of its own."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            paths = generate_adversarial(size, data)
            _, problems = check_folder(data, TODAY)
            assert not [p for p in problems if p.severity == "error"], problems[:5]
            parse_s = _best(functools.partial(bare_parse, paths), repeat)
            check_s = _best(functools.partial(check_folder, data, TODAY), repeat)
            parse_program = (
                "import sys, yaml\nfrom pathlib import Path\n"
                "for p in sorted(Path(sys.argv[1]).rglob('*.yaml')):\n"
                "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)"
            )
            check_program = (
                "import sys, datetime\nfrom pathlib import Path\n"
                "from sourced_timeline.check import check_folder\n"
                "check_folder(Path(sys.argv[1]), datetime.date(2026, 6, 30))"
            )
            parse_mb = peak_mb(parse_program, str(data))
            check_mb = peak_mb(check_program, str(data))
            rows.append(
                {
                    "events": size,
                    "problems": len(problems),
                    "parse_s": round(parse_s, 3),
                    "check_s": round(check_s, 3),
                    "check_ratio": round(check_s / parse_s, 2),
                    "parse_peak_mb": parse_mb,
                    "check_peak_mb": check_mb,
                    "peak_ratio": round(check_mb / parse_mb, 2),
                }
            )
    return rows


def main() -> None:
    # The servers and builds it starts run in other folders: they measure this checkout's code
    # too, not an installed copy (a relative PYTHONPATH such as "." would miss it).
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--build-repeat",
        type=int,
        default=1,
        help="best of how many builds, ours and plain alternating (default 1)",
    )
    parser.add_argument("--serve", action="store_true", help="also time a one-record edit in serve")
    parser.add_argument(
        "--cold-check-only", action="store_true", help="only time a cold check of the project's data"
    )
    parser.add_argument(
        "--serve-only", action="store_true", help="only time a one-record edit in `timeline serve`'s server"
    )
    parser.add_argument(
        "--adversarial",
        action="store_true",
        help="only check records built to provoke quadratic work, at 1,000 and 10,000 (or --events)",
    )
    args = parser.parse_args()
    if args.adversarial:
        sizes = [args.events] if "--events" in " ".join(sys.argv) else [1000, 10000]
        for row in adversarial(sizes, args.repeat):
            print(json.dumps(row))
        return
    if args.cold_check_only:
        print(json.dumps({"cold_check_s": round(cold_check_seconds(args.repeat), 3)}))
        return
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.serve_only:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            generate(args.events, data)
            seconds = serve_edit_seconds(timeline_project(Path(tmp) / "ours", data), data, True)
        print(json.dumps({"events": args.events, "serve_edit_s": seconds and round(seconds, 2)}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        data = base / "data"
        paths = generate(args.events, data)
        dataset, problems = check_folder(data, TODAY)
        assert dataset is not None and not [p for p in problems if p.severity == "error"], problems[:5]
        parse_s = _best(lambda: bare_parse(paths), args.repeat)
        check_s = _best(lambda: check_folder(data, TODAY), args.repeat)
        ours = timeline_project(base / "ours", data)
        plain = plain_project(base / "plain", data)
        out = ours / "site"
        build_times, plain_times = [], []
        for _ in range(args.build_repeat):  # alternate, so both meet the same machine conditions
            build_times.append(
                _once(
                    lambda: timeline(
                        [
                            "build",
                            "--config",
                            str(ours / "mkdocs.yml"),
                            "--data",
                            str(data),
                            "--out",
                            str(out),
                        ]
                    )
                )
            )
            plain_times.append(_once(lambda: plain_build(plain)))
        build_s, plain_s = min(build_times), min(plain_times)
        peak_mb = build_peak_mb(ours, data, base / "peak-site")
        zensical = zensical_seconds(data, base / "zensical")
        word = dataset.events[len(dataset.events) // 2].event.title.split()[0]
        search_bytes = first_search_bytes(out, word)
        figures = {
            "events": args.events,
            "cores": os.cpu_count(),
            "check_s": round(check_s, 3),
            "parse_s": round(parse_s, 3),
            "check_ratio": round(check_s / parse_s, 2),
            "build_s": round(build_s, 2),
            "plain_mkdocs_s": round(plain_s, 2),
            "build_ratio": round(build_s / plain_s, 2),
            "site_bytes": folder_bytes(out),
            "plain_site_bytes": folder_bytes(plain / "site"),
            "timeline_page_bytes": (out / "timeline" / "index.html").stat().st_size,
            "largest_page_bytes": max(p.stat().st_size for p in out.rglob("*.html")),
            "first_search_bytes": search_bytes,
            "search_page_bytes": search_page_bytes(out),
            "build_peak_mb": peak_mb,
            "zensical_s": zensical,
            "cold_check_s": round(cold_check_seconds(args.repeat), 3),
        }
        if args.serve:  # what `make serve` runs (`timeline serve`); plain `mkdocs serve` for reference
            for key, as_timeline_serve in (("serve_edit_s", True), ("serve_edit_full_rebuild_s", False)):
                seconds = serve_edit_seconds(ours, data, as_timeline_serve)
                figures[key] = round(seconds, 2) if seconds is not None else None
    print(
        f"{args.events} events on {figures['cores']} cores: check {figures['check_s']} s "
        f"({figures['check_ratio']}x bare parse); build {figures['build_s']} s vs plain MkDocs "
        f"{figures['plain_mkdocs_s']} s (ratio {figures['build_ratio']}); site "
        f"{figures['site_bytes']:,} B; timeline page {figures['timeline_page_bytes']:,} B; "
        f"first search {figures['first_search_bytes']} B; build peak {figures['build_peak_mb']} MB; "
        f"zensical {figures['zensical_s']} s"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
