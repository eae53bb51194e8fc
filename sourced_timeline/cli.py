"""timeline: turn YAML event records into a searchable static timeline site.

Contributors: `timeline new` starts a record, `timeline check --changed` checks your work,
`timeline serve` shows the site as you edit. Maintainers: `timeline build`, `export`, `diff`.
"""

# Only what checking needs is imported here: the site's modules (pandas, MkDocs, Jinja) are
# imported by the commands that build, so a cold `timeline check` starts fast.

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import re
import socket
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, get_args

from sourced_timeline import importer, urls
from sourced_timeline.characters import printable
from sourced_timeline.check import check_folder
from sourced_timeline.contribute import (
    NEW_SOURCE_ANSWERS,
    GitError,
    answer_problem,
    changed_files,
    data_at_revision,
    diff_markdown,
    new_event,
    parse_date_answer,
    records_diff,
    repository_top,
)
from sourced_timeline.dataset import Dataset
from sourced_timeline.load import display_path, record_name
from sourced_timeline.model import Attribution, Status
from sourced_timeline.policy import LEVELS, Policy, PolicyError, load_policy
from sourced_timeline.report import FORMATS, MAX_SHOWN_PROBLEMS, format_problems, in_scope, summary
from sourced_timeline.runtime.collector import OWNER_VARIABLE, owned_process
from sourced_timeline.runtime.signals import stopped_cleanly
from sourced_timeline.settings import SettingsError, environment_settings
from sourced_timeline.vocabulary import read_vocabulary

if TYPE_CHECKING:
    from sourced_timeline.pages import SiteOptions

NEW_EVENT_QUESTIONS = (
    ("title", "Title, in your own words"),
    ("date", "Date: 2026, 2026-03 or 2026-03-04; or bounds: 2026-01-25..2026-02-13"),
    ("date_note", "How the date was worked out, if a source does not state it (needed for bounds)"),
    ("kind", "Kind, from the site's vocabulary (data/vocabulary.yaml)"),
    ("status", "Status: " + ", ".join(get_args(Status)) + " (default: from the date)"),
    ("summary", "One or two sentences in your own words"),
    ("source", "Id of your source in sources.yaml, if it is there already (blank: describe it)"),
    ("publisher", "Publisher of your source, as its copy names it ('' if it names none)"),
    ("publisher_note", "Why no publisher: what the copy shows, e.g. 'The copy names no outlet'"),
    ("source_date", "Publication date of your source"),
    ("source_date_note", "How the source's date is known, if the copy does not print it"),
    ("attribution", "Who the claim rests on: " + ", ".join(get_args(Attribution)) + " (default: reporting)"),
    ("url", "Link to the source, if it has one (http or https)"),
)
OPTIONAL_ANSWERS = {"status", "attribution", "url", "date_note", "source_date_note", "source"}
BLANK_ANSWERS = {"publisher"}
"""Asked for, but a blank answer is an answer: a copy that names no publisher is left without one."""


def esc(value: object) -> str:
    """A value from a user or a record as it may be shown in a message: through ``printable``,
    the one escaping function, so a line break in it cannot start a line of its own."""
    return printable(str(value))


def say(text: str = "", *, file: TextIO | None = None, end: str = "\n") -> None:
    """Print a message: every line of it through ``printable`` too, so no control character
    reaches the terminal or a CI log whatever a message holds (values in it go through
    ``esc`` first: a line break inside a value must not start a line of its own)."""
    print("\n".join(printable(line) for line in text.split("\n")), file=file or sys.stdout, end=end)


class _Parser(argparse.ArgumentParser):
    """argparse, with its error messages (which quote the arguments) escaped too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(f"{self.prog}: error: {esc(message)}", file=sys.stderr)  # it quotes arguments
        sys.exit(2)


_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def _host(text: str) -> str:
    """An IP address or a host name (letters, digits, dots and hyphens)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        if _HOST_NAME.fullmatch(text):
            return text
    raise argparse.ArgumentTypeError(f"not an IP address or host name: {text!r}")


def _port(text: str) -> int:
    """A TCP port, 1-65535."""
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port (1-65535): {text!r}")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def _command(commands: Any, name: str, **texts: str) -> argparse.ArgumentParser:
    """A subcommand whose description and epilog keep their line breaks (examples, exit codes)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, formatter_class=argparse.RawDescriptionHelpFormatter, **texts
    )
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="timeline",
        description=__doc__,
        epilog="`timeline COMMAND --help` explains each command, with examples and exit codes.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = _command(
        commands,
        "init",
        help="start a new site in an empty folder",
        description="Write a new site into DIR (absent or empty): mkdocs.yml, data/ with empty\n"
        "registries, one example source and one example event, docs/ (the home page and an\n"
        "about page), overrides/ for your own templates, schema/ for editors, and\n"
        "pyproject.toml with the checker's settings. Then, in DIR: timeline serve.",
        epilog="examples:\n"
        "  timeline init my-timeline\n"
        '  timeline init city-history --title "A history of the city" --language de\n\n'
        "exit codes: 0 written, 2 refused (DIR holds files, or a bad value)",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="the new site's folder")
    init.add_argument("--title", default="Timeline", help="the site's name (default: Timeline)")
    init.add_argument(
        "--description",
        default="",
        help="one line under the title (default: 'A sourced timeline.', in the site's language)",
    )
    init.add_argument("--language", default="en", help="the site's language tag (default: en)")
    init.add_argument(
        "--contributors",
        action="store_true",
        help="add the contributors' kit: their guide, the correction form, workflows, pre-commit",
    )

    check = _command(
        commands,
        "check",
        help="check the records; exit 1 if anything fails",
        description="Check every record under --data. With FILEs or --changed, the whole data\n"
        "set is still checked (references need it) but notices and warnings are shown\n"
        "only for those files; errors anywhere are always shown and fail.",
        epilog="What fails is set once, in pyproject.toml: [tool.timeline] fail_on = "
        '"error" (the default) or "warning"; notices never fail. With TIMELINE_SITE_URL set to\n'
        "the published site's address, each code printed at a terminal links to its entry\n"
        "on the Problem codes page.\n\n"
        "examples:\n"
        "  timeline check                          everything\n"
        "  timeline check data/events/2026/x.yaml  report on your file\n"
        "  timeline check --changed                your branch's files (since the merge base with main)\n\n"
        "exit codes: 0 passed, 1 failed, 2 could not check (no data folder, bad settings, git)",
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="report only on these files")
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="BASE",
        help="report only on record files changed since BASE (default: the merge base with main)",
    )
    _data_option(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument(
        "--fail-on",
        choices=LEVELS,
        default=None,
        help="what fails, for this run (default: from pyproject.toml)",
    )
    check.add_argument("--strict", action="store_true", help="the same as --fail-on warning")
    check.add_argument(
        "--today", type=_date, default=None, help="check dates against this day instead of today (YYYY-MM-DD)"
    )
    check.add_argument(
        "--limit",
        type=int,
        default=MAX_SHOWN_PROBLEMS,
        metavar="N",
        help=f"print at most N problems, then count the rest (default: {MAX_SHOWN_PROBLEMS}; 0: all)",
    )

    serve = _command(
        commands,
        "serve",
        help="check the records, then serve the site, rebuilt as you edit",
        description="Check the records (as `timeline check`), then run `mkdocs serve --dirty`:\n"
        "after an edit only the pages it changes are rendered again.",
        epilog="examples:\n  timeline serve\n  timeline serve --port 8711 --host 0.0.0.0\n\n"
        "exit codes: 0 stopped, 1 the records fail the check, 2 the port is in use",
    )
    serve.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default: mkdocs.yml)"
    )
    _data_option(serve)

    build = _command(
        commands,
        "build",
        help="check, then build the site; swap it in on success",
        description="Check the records, build the site with MkDocs into a fresh folder and swap it\n"
        "in only on success: a failed build leaves the previous site untouched.",
        epilog="examples:\n  timeline build\n  timeline build --data my-data --out public\n\n"
        "exit codes: 0 built, 1 the records fail the check or the build failed,\n"
        "2 refused (an --out that is not safe to replace)",
    )
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config")
    _data_option(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (site)")

    generate = _command(
        commands,
        "generate",
        help="write the generated pages as plain Markdown",
        description="Write a complete site source, without the plugin: the hand-written pages,\n"
        "every generated page, assets and downloads; any MkDocs-compatible engine builds it.",
        epilog="example:\n  timeline generate --out /tmp/site-src\n\n"
        "exit codes: 0 written, 1 the records fail the check",
    )
    _data_option(generate)
    _site_config_option(generate)
    generate.add_argument("--out", type=Path, required=True, help="output folder")
    generate.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        help="hand-written pages to include (docs; skipped if absent)",
    )

    export = _command(
        commands,
        "export",
        help="write the data as CSV or JSON tables",
        description="Write events, actors, positions and sources as tables (the site's downloads).",
        epilog="example:\n  timeline export --format json --out /tmp/tables\n\n"
        "exit codes: 0 written, 1 the records fail the check",
    )
    _data_option(export)
    _site_config_option(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="table format")
    export.add_argument("--out", type=Path, required=True, help="output folder")

    new = _command(
        commands,
        "new",
        help="scaffold a new event file and check it",
        description="Write a new event file from a few answers: asked for at a terminal, each\n"
        "checked as it is typed, or given as options. Nothing is written unless it passes.",
        epilog="example:\n  timeline new --title 'The council adopts the budget' --date 2026-03-04 \\\n"
        "    --kind decision --summary 'The council votes the budget through.' \\\n"
        "    --publisher 'The City Gazette' --source-date 2026-03-05\n\n"
        "exit codes: 0 written, 1 the file exists or would not pass the check,\n"
        "2 an answer is missing or not allowed",
    )
    _data_option(new)
    for name, text in NEW_EVENT_QUESTIONS:
        new.add_argument(f"--{name.replace('_', '-')}", dest=name, help=text)

    diff = _command(
        commands,
        "diff",
        help="summarise record changes against BASE, in Markdown",
        description="Summarise what the working tree adds, removes and changes in the records\n"
        "against a git revision, as the pull-request job shows it.",
        epilog="example:\n  timeline diff main\n\nexit codes: 0 summarised, 2 git cannot read BASE",
    )
    diff.add_argument("base", nargs="?", default="main", help="git revision to compare with (main)")
    _data_option(diff)

    explain = _command(
        commands,
        "explain",
        help="explain a problem code, with an example that produces it and one that clears it",
        epilog="examples:\n  timeline explain unknown-ref\n  timeline explain        (every code)\n\n"
        "exit codes: 0 explained, 2 no such code",
    )
    explain.add_argument("code", nargs="?", help="a code from `timeline check`, e.g. unknown-ref")

    imported = _command(
        commands,
        "import",
        help="import a TimelineJS JSON file or Google Sheets CSV export as records",
        description="Turn each slide of a TimelineJS JSON file, or each row of a Google Sheets CSV\n"
        "export of the TimelineJS template, into an event record, citing the source you name;\n"
        "all or nothing: every bad slide is reported, and nothing is written unless the\n"
        "records pass the check. Registries the data folder lacks are created empty.",
        epilog="example:\n"
        '  timeline import timeline.json --publisher "Example Desk" --source-date 2026-03-01\n\n'
        "exit codes: 0 imported, 1 the check failed (nothing written), 2 unusable input",
    )
    importer.add_arguments(imported)

    schema = _command(
        commands,
        "schema",
        help="write the JSON Schema files for editors",
        description="Write the JSON Schema of each record file, from the models, for editors'\n"
        "completion and validation (the files name it in their first line); each kind\n"
        "field lists the kinds of the site's vocabulary (--data's vocabulary.yaml).",
        epilog="example:\n  timeline schema\n\nexit codes: 0 written",
    )
    _data_option(schema)
    schema.add_argument("--out", type=Path, default=Path("schema"), help="output folder (schema)")
    return parser


def help_texts(width: int = 90) -> dict[str, str]:
    """`timeline --help` and each `timeline COMMAND --help`, at a fixed width: the CLI
    reference in the contributor docs is generated from these (cog) and tested current."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        parser = _parser()
        texts = {"": parser.format_help()}
        for action in parser._subparsers._group_actions if parser._subparsers else []:
            for name, sub in getattr(action, "choices", {}).items():
                texts[name] = sub.format_help()
        return texts
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def run_check(args: argparse.Namespace) -> int:
    """Check the data folder, print the problems in scope, return the exit code."""
    if not args.data.is_dir():
        say(f"timeline check: no data folder at {esc(args.data)}", file=sys.stderr)
        return 2
    try:
        policy = _policy(args)
        scope = _scope(args)
    except (PolicyError, GitError, UsageError) as error:
        say(f"timeline check: {error}", file=sys.stderr)
        return 2
    _, problems = check_folder(args.data, args.today or dt.date.today())
    shown = in_scope(problems, scope)
    site_url = environment_settings().TIMELINE_SITE_URL
    if shown:
        links = site_url if args.format == "text" and sys.stdout.isatty() else ""
        print(format_problems(shown, args.format, args.limit, links_to=links))
    failed = policy.fails(shown)
    if args.format == "text":
        say(summary(shown, scope), file=sys.stderr)
        if shown:
            page = urls.problem_code("CODE", site_url) or "the Problem codes page"
            say(f"what a code means: timeline explain CODE (or {page})", file=sys.stderr)
        if failed:
            say(f"check failed: {policy.describe()}", file=sys.stderr)
    return 1 if failed else 0


def _policy(args: argparse.Namespace) -> Policy:
    if args.fail_on:
        return Policy(args.fail_on, "--fail-on")
    if args.strict:
        return Policy("warning", "--strict")
    return load_policy(args.data)  # the data folder's project, wherever the command runs from


def _scope(args: argparse.Namespace) -> set[str] | None:
    """The files a contributor asked about, named as problems name them (``record_name``,
    whatever the spelling of --data and the working directory); None: every file."""
    shown = display_path(args.data)
    if args.changed is not None:
        return {record_name(shown, relative) for relative in changed_files(args.data, args.changed)}
    if not args.files:
        return None
    missing = [printable(str(path)) for path in args.files if not path.is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    data = args.data.resolve()
    outside = [printable(str(path)) for path in args.files if not path.resolve().is_relative_to(data)]
    if outside:
        raise UsageError(f"not in the data folder {printable(str(args.data))}: {', '.join(outside)}")
    return {record_name(shown, path.resolve().relative_to(data).as_posix()) for path in args.files}


class UsageError(Exception):
    """A request the command cannot carry out as given (exit 2)."""


def _version() -> str:
    from sourced_timeline import installed_version

    return installed_version() or "unknown (not installed)"


def serve_command(config: Path, address: str) -> tuple[list[str], dict[str, str]]:
    """The command `timeline serve` runs, and its environment: `mkdocs serve --dirty`, in a
    process started for the timeline alone (``runtime.collector.process_is_ours``). The config
    is named by its absolute path, so that every path MkDocs derives from it is absolute (see
    ``session.SiteSession.data_dir`` for what a relative one cost)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config.resolve()), "-a", address]
    return command, {**os.environ, OWNER_VARIABLE: "1"}


def run_serve(args: argparse.Namespace) -> int:
    """Check the records, make sure the port is free, then hand over to `mkdocs serve`."""
    check_args = _parser().parse_args(["check", "--data", str(args.data)])
    code = run_check(check_args)
    if code:
        return code
    with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
        try:
            probe.bind((args.host, args.port))
        except OSError as error:
            other = args.port + 1
            say(
                f"timeline serve: cannot listen on {args.host}:{args.port} ({error.strerror}); "
                f"choose another port: make serve PORT={other}, or timeline serve --port {other}",
                file=sys.stderr,
            )
            return 2
    if not args.config.is_file():
        say(f"timeline serve: no MkDocs configuration at {esc(args.config)}", file=sys.stderr)
        return 2
    command, environment = serve_command(args.config, f"{args.host}:{args.port}")
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # `mkdocs serve` takes this process's place: a signal sent to `timeline serve` (Ctrl-C,
        # a process manager's SIGTERM) reaches the server itself, which stops everything it
        # started; a child would be left answering on the port.
        os.execve(sys.executable, command, environment)
    server = subprocess.Popen(command, env=environment)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:  # stopped by any other means: the server with it
        if server.poll() is None:
            server.terminate()
            server.wait()


def _checked(data: Path) -> Dataset | None:
    """The dataset, or None after printing why there is none."""
    if not data.is_dir():
        say(f"timeline: no data folder at {esc(data)}", file=sys.stderr)
        return None
    dataset, problems = check_folder(data, dt.date.today())
    if dataset is None:
        print(format_problems(problems, "text"))
        say(summary(problems), file=sys.stderr)
    return dataset


def run_build(args: argparse.Namespace) -> int:
    """Check the records, then build the site into --out, replacing it only on success."""
    from sourced_timeline.build import UnsafeOutput, check_output

    if not args.config.is_file():
        say(f"timeline build: no MkDocs configuration at {esc(args.config)}", file=sys.stderr)
        return 2
    try:
        check_output(args.out, args.config, args.data)
    except UnsafeOutput as error:
        say(f"timeline build: refused: {esc(error)}", file=sys.stderr)
        return 2
    return _check_and_build(args)


def _check_and_build(args: argparse.Namespace) -> int:
    """Check the records given, then build them; the exit code."""
    from sourced_timeline.build import BuildError, UnsafeOutput, build_site

    dataset = _checked(args.data)
    if dataset is None:
        return 1
    try:
        out = build_site(args.config, args.out, dataset, args.data)
    except UnsafeOutput as error:
        say(f"timeline build: refused: {esc(error)}", file=sys.stderr)
        return 2
    except BuildError as error:
        # One line: the message may quote a path, and a line break in it must not start a line.
        say(f"timeline build: failed, the previous site is untouched: {esc(error)}", file=sys.stderr)
        return 1
    say(f"built {esc(out)}", file=sys.stderr)
    return 0


def _site_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's MkDocs config, whose theme language and plugin options it follows as "
        "`timeline build` does (default: mkdocs.yml; without one, the defaults)",
    )


def _site_options(config: Path) -> SiteOptions | None:
    """The options mkdocs.yml gives the site, as `build` reads them; the defaults without the
    file; None (said why) for a file MkDocs refuses."""
    from sourced_timeline.pages import SiteOptions
    from sourced_timeline.site_config import SiteConfigError, read_site_config

    if not config.is_file():
        say(f"no MkDocs config at {esc(config)}: the pages take the default options", file=sys.stderr)
        return SiteOptions()
    try:
        return read_site_config(config)[0]
    except SiteConfigError as error:
        say(f"cannot read the site's options: {esc(error)}", file=sys.stderr)
        return None


def run_generate(args: argparse.Namespace) -> int:
    """Write the generated pages as plain Markdown into --out."""
    from sourced_timeline.build import generate_markdown
    from sourced_timeline.site import SEARCH_COMMAND

    options = _site_options(args.config)
    if options is None:
        return 2
    dataset = _checked(args.data)
    if dataset is None:
        return 1
    written = generate_markdown(dataset, args.out, args.docs, options)
    say(f"wrote {len(written)} files under {esc(args.out)}", file=sys.stderr)
    say(
        "after building them, index the built site for search with: "
        + SEARCH_COMMAND.format(site="<built site folder>"),
        file=sys.stderr,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the tables as CSV or JSON into --out."""
    from sourced_timeline.site import tables as site_tables

    options = _site_options(args.config)
    if options is None:
        return 2
    dataset = _checked(args.data)
    if dataset is None:
        return 1
    tables = site_tables(dataset, args.format, options.site_url)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in tables.items():
        (args.out / name).write_bytes(content)
        say(f"wrote {esc(args.out / name)}", file=sys.stderr)
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Ask for what is missing, checking each answer as it is typed; write the new event file
    only if it passes the check, then say what to do next."""
    if not args.data.is_dir():
        say(f"timeline new: no data folder at {esc(args.data)}", file=sys.stderr)
        return 2
    kinds = list(read_vocabulary(args.data).kinds)
    answers = {name: (getattr(args, name) or "").strip() for name, _ in NEW_EVENT_QUESTIONS}
    answered = {name for name, _ in NEW_EVENT_QUESTIONS if getattr(args, name) is not None}
    refused = [
        f"--{name.replace('_', '-')}: {esc(problem)}"
        for name, _ in NEW_EVENT_QUESTIONS
        if answers[name] and (problem := answer_problem(name, answers[name], kinds))
    ]
    if refused:
        say("timeline new: nothing written:\n  " + "\n  ".join(refused), file=sys.stderr)
        return 2
    for name, question in NEW_EVENT_QUESTIONS:
        if not _asked(name, answers, answered):
            continue
        while name not in answered and not answers[name] and sys.stdin.isatty():
            listed = f" ({', '.join(kinds)})" if name == "kind" else ""
            answer = input(f"{question}{listed}: ").strip()
            if not answer and name in OPTIONAL_ANSWERS | BLANK_ANSWERS:
                answered.add(name)
                break
            problem = answer_problem(name, answer, kinds) if answer else "an answer is needed"
            if not problem:
                answers[name] = answer
            else:
                say(f"  {esc(problem)}; try again", file=sys.stderr)
    missing = [
        n
        for n, _ in NEW_EVENT_QUESTIONS
        if not answers[n]
        and n not in OPTIONAL_ANSWERS
        and not (n in BLANK_ANSWERS and n in answered)
        and _asked(n, answers, answered)
    ]
    if missing:
        flags = ", ".join(f"--{n.replace('_', '-')}" for n in missing)
        say(f"timeline new: missing {flags}", file=sys.stderr)
        return 2
    try:
        policy = load_policy(args.data)
    except SettingsError as error:
        say(f"timeline new: {error}", file=sys.stderr)
        return 2
    date = parse_date_answer(answers["date"])
    if not answers["status"]:
        answers["status"] = "happened" if date.first_day <= dt.date.today() else "planned"
    sources_file = args.data / "sources.yaml"
    sources_before = sources_file.read_bytes() if sources_file.is_file() else None
    try:
        path, added = new_event(args.data, answers)
    except OSError as error:  # it exists, or the way to it is a symbolic link
        say(f"timeline new: nothing written: {esc(error)}", file=sys.stderr)
        return 1
    _, problems = check_folder(args.data, dt.date.today())
    name = record_name(display_path(args.data), path.relative_to(args.data).as_posix())
    registry = record_name(display_path(args.data), "sources.yaml")
    added_from = _added_entry_line(sources_file, added) if added else 0
    mine = [p for p in problems if p.path == name or (added and p.path == registry and p.line >= added_from)]
    if policy.fails(mine):
        path.unlink()  # never leave behind a file the check would fail
        if added and sources_before is not None:
            sources_file.write_bytes(sources_before)
        elif added:
            sources_file.unlink()
        print(format_problems(mine, "text"))
        say(
            f"timeline new: nothing written: {esc(name)} would not pass the check ({policy.describe()})",
            file=sys.stderr,
        )
        return 1
    say(f"wrote {esc(name)}")
    if added:
        say(f"added the source '{esc(added)}' to {esc(registry)}: add its headline and language there")
    if mine:
        print(format_problems(mine, "text"))
    say(
        "next:\n"
        f"  1. in {esc(display_path(path))}, list actors, topics and places (ids from "
        f"{esc(display_path(args.data))}/actors.yaml, topics.yaml, places.yaml)\n"
        "  2. timeline check --changed     (until it prints: your 1 file(s): no problems found)\n"
        "  3. timeline diff main, then commit and open a pull request",
        file=sys.stderr,
    )
    return 0


def _added_entry_line(registry: Path, identifier: str) -> int:
    """The line where the entry IDENTIFIER, which `timeline new` appended, starts."""
    lines = registry.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line == f"{identifier}:"), len(lines) + 1)


def _asked(name: str, answers: dict[str, str], answered: set[str]) -> bool:
    """Whether `timeline new` needs question NAME: a new source's questions only when no
    existing source is named, and why there is no publisher only when there is none."""
    if name in NEW_SOURCE_ANSWERS and answers["source"]:
        return False
    if name == "publisher_note":
        return "publisher" in answered and not answers["publisher"]
    return True


def run_diff(args: argparse.Namespace) -> int:
    """Print what the working tree changes in the records against a git revision."""
    try:
        top = repository_top(args.data)
        data_path = args.data.resolve().relative_to(top).as_posix()
        with data_at_revision(top, args.base, data_path) as base_dir:
            diff = records_diff(Path(base_dir) / data_path, args.data)
    except (subprocess.CalledProcessError, ValueError, OSError, GitError, tarfile.TarError) as error:
        detail = getattr(error, "stderr", b"") or b""
        text = detail.decode(errors="replace").strip() if isinstance(detail, bytes) else str(detail)
        why = printable(text or str(error))
        say(f"timeline diff: cannot read the records at {printable(args.base)}: {why}", file=sys.stderr)
        return 2
    print(diff_markdown(diff, args.base), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        environment_settings()  # TIMELINE_SITE_URL, TIMELINE_REPO_URL: checked once, for every command
    except SettingsError as error:
        say(f"timeline: {error}", file=sys.stderr)
        return 2
    commands = {
        "init": run_init,
        "check": run_check,
        "serve": run_serve,
        "build": run_build,
        "generate": run_generate,
        "export": run_export,
        "new": run_new,
        "diff": run_diff,
        "explain": run_explain,
        "schema": run_schema,
        "import": importer.run,
    }
    try:
        with stopped_cleanly(), owned_process():
            return commands[args.command](args)
    except BrokenPipeError:  # `timeline explain | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_explain(args: argparse.Namespace) -> int:
    """Print what a problem code means, or list every code."""
    from sourced_timeline.checks.examples import EXAMPLE_DATA, EXAMPLE_EVENT, describe_example
    from sourced_timeline.checks.registry import RULES

    rules = RULES
    if not args.code:
        for code, rule in sorted(rules.items()):
            say(f"{code:22} {rule.level:8} {rule.doc}")
        return 0
    found = rules.get(args.code)
    if found is None:
        say(
            f"timeline explain: no problem code {args.code!r}; `timeline explain` lists them", file=sys.stderr
        )
        return 2
    say(f"{found.code} ({found.level}): {found.doc}")
    for heading, example in (("Produces it", found.bad), ("Clears it", found.fixed)):
        say(f"\n{heading}:")
        for text, yaml_text in describe_example(example):
            say(f"  {text}")
            for line in yaml_text.splitlines():
                say(f"      {line}")
    say(f"\n(Each example changes the made-up example data in {EXAMPLE_DATA}: its event is {EXAMPLE_EVENT}.)")
    return 0


def run_init(args: argparse.Namespace) -> int:
    """Write a new site into an empty folder."""
    from sourced_timeline.scaffold import InitError, init_site

    try:
        written = init_site(
            args.dir, args.title, args.description, args.language, dt.date.today(), args.contributors
        )
    except InitError as error:
        say(f"timeline init: {esc(error)}", file=sys.stderr)
        return 2
    say(f"wrote {len(written)} files into {esc(args.dir)}; next: cd {esc(args.dir)} && timeline serve")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files into --out."""
    from sourced_timeline.schema import write_schemas

    for path in write_schemas(args.out, read_vocabulary(args.data)):
        say(f"wrote {esc(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
