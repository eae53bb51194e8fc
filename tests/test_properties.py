"""The gate's contract, as properties over generated records (Hypothesis).

1. The checker never raises: any file, however broken, ends as problems placed at a line
   and column, or is accepted.
2. Accepted means buildable: whatever `check --strict` accepts, every page, download and
   index is produced (and, slower, a whole MkDocs site is built).
3. Every output is inert for its consumer: pages hold no live element, attribute or URL
   that the templates did not put there; TimelineJS's HTML fields are sanitised HTML; JSON
   holds no markup; no CSV cell starts a formula; the feed and calendar parse.

`make test` runs a bounded profile (seconds); `make fuzz` runs `--hypothesis-profile=fuzz`.
Every failure found is kept below as an @example.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from lxml import etree, html
from yaml.nodes import MappingNode, ScalarNode

from sourced_timeline import render
from sourced_timeline.characters import UNSAFE
from sourced_timeline.check import check_documents
from sourced_timeline.dates import WEEKDAYS
from sourced_timeline.exports import export_files
from sourced_timeline.load import _compose, parse_text
from sourced_timeline.pages import asset_files, build_pages
from sourced_timeline.problems import has_errors, has_warnings
from tests.conftest import FIXTURE_SOURCE, FIXTURES, TODAY

TODAY_DATE = dt.date.fromisoformat(TODAY)
VALID_TEXT = (FIXTURES / "valid" / "events" / "2026" / "2026-02-17-geneva-round.yaml").read_text()
VALID = yaml.safe_load(VALID_TEXT)
REGISTRY_TEXTS = {
    name: (FIXTURES / "valid" / f"{name}.yaml").read_text()
    for name in ("actors", "topics", "places", "sources", "series")
}
EVENT_PATH = "events/2026/2026-02-17-geneva-round.yaml"

# What hostile contributors write: markup in every syntax, entities, template and include
# syntax, spreadsheet formulas, script URLs, control and bidi characters, YAML escapes,
# deep Markdown nesting, numbers in odd notations.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;script&#62;",
    "&amp;lt;b&amp;gt;",
    "<a href='javascript:alert(1)'>x</a>",
    "[x](javascript:alert(1))",
    "![p](https://tracker.example/p.png)",
    "<svg onload=alert(1)>",
    "<iframe src=//e>",
    "]]>",
    "<!--",
    "{{ config }}",
    "{% include 'x' %}",
    "--8<-- 'secrets'",
    '=HYPERLINK("http://e")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "\t=1",
    "\r\n",
    "\u202e",
    "\u200b",
    "\x07",
    "\x1b[31m",
    "\u2028",
    "\ufffe",
    "\U000e0041",
    "- " * 40,
    "> " * 30,
    "1. " * 20,
    "*" * 50,
    "`" * 30,
    "0x" + "f" * 200,
    "9" * 400,
    "\n::error::x",
    "Russi\u0430",
    "\\",
    '"',
    "'",
    "\u00a0",
    "\ud7ff",
    "\U0001f600",
]
# Hostile, yet accepted by the checker: what must come out inert in every output.
ACCEPTED = [
    item
    for item in HOSTILE
    if not any(c in item for c in "\x07\x1b\u202e\u200b\u2028\ufffe\U000e0041\r{")
    and not item.startswith(("- ", "> ", "1. ", "--8<--", "0x", "999"))
] + ["AT&T", "a < b", "x_y_", "#h"]
_visible = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cf", "Zl", "Zp", "Cn"))
accepted_text = (
    st.lists(
        st.one_of(st.sampled_from(ACCEPTED), st.text(_visible, min_size=1, max_size=20)),
        min_size=1,
        max_size=4,
    )
    .map("".join)
    .filter(lambda t: t.strip() and not UNSAFE.search(t))
)
wild_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), min_size=1, max_size=4).map(
    "".join
)
accepted_short = accepted_text.map(
    lambda t: " ".join(t.replace("<", "").replace(">", "").split())[:150]
).filter(bool)
past_date = st.dates(dt.date(1990, 1, 1), dt.date.fromisoformat(TODAY)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)
odd_date = st.one_of(
    st.dates(dt.date(1890, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat),
    st.integers(1890, 2110).map(str),
    st.tuples(st.integers(1890, 2110), st.integers(1, 12)).map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}"),
    st.sampled_from(["0000", "9999-12-31", "2026-02-30", "2026-13", "٢٠٢٦", "2026\n"]),
)
YAML_SCALARS = [
    "0x10",
    "1_000",
    "190:20:30",
    "0b11",
    "017",
    ".nan",
    ".inf",
    "~",
    "yes",
    "NO",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2026-02-17 10:00",
    "-1",
    "0",
    "1e400",
    "0x" + "f" * 3600,
    "9" * 5000,
    '"\\a"',
    '"\\uFFFE"',
    "!!python/object/apply:os.system ['true']",
    "*a",
    "&a x",
    "[",
    "{",
    "|\n  x",
    "[[[[[[[[[[]]]]]]]]]]",
    '"\\L"',
    "''",
    "null",
    "'{{ x }}'",
]


@st.composite
def hostile_events(draw: st.DrawFn) -> dict[str, Any]:
    """A record of valid shape whose values are hostile: mostly in ways the checker accepts
    (to test what comes out), sometimes in every way at once (to test what it refuses)."""
    wild = draw(st.integers(0, 4)) == 0
    hostile_text = wild_text if wild else accepted_text
    short_text = st.one_of(wild_text.map(lambda t: t[:150]), accepted_short) if wild else accepted_short
    partial_date = st.one_of(past_date, odd_date) if wild else past_date
    event = copy.deepcopy(VALID)
    event["title"] = draw(short_text)
    event["summary"] = draw(hostile_text)
    event["date"] = draw(partial_date)
    event["end"] = draw(st.one_of(st.none(), st.none(), partial_date))
    if draw(st.integers(0, 3)) == 0:  # a date the sources only bound (in any order, when wild)
        low, high = sorted([draw(past_date), draw(past_date)]) if not wild else (draw(partial_date),) * 2
        event["date"] = {"not_before": low, "not_after": draw(partial_date) if wild else high}
        event["date_note"] = draw(hostile_text)
        if not wild:
            event["end"] = None
    if draw(st.integers(0, 3)) == 0:  # a link out to media, every text of it hostile
        event["media"] = [
            {
                "kind": draw(st.sampled_from(["video", "audio", "document", "image"])),
                "url": draw(st.sampled_from(["https://example.org/v?a=1&b=<2>", "javascript:alert(1)"])),
                "caption": draw(short_text),
                "credit": draw(short_text),
                "licence": draw(short_text),
            }
        ]
    if draw(st.integers(0, 3)) == 0:  # a weekday the source gives, fitting the date or not
        event["weekday"] = draw(st.sampled_from([*WEEKDAYS, "Wednesday", "wed"] if wild else WEEKDAYS))
    statuses = ["happened", "planned", "postponed", "cancelled"] if wild else ["happened", "cancelled"]
    event["status"] = draw(st.sampled_from(statuses))
    event["positions"][0]["stance"] = draw(hostile_text)
    # The source registry: the cited entry's facts hostile, sometimes a second entry cited
    # (or, when wild, left uncited, or an id cited that it lacks).
    sources = yaml.safe_load(REGISTRY_TEXTS["sources"])
    entry = sources[FIXTURE_SOURCE]
    entry["publisher"] = draw(st.one_of(st.none(), short_text))
    if entry["publisher"] is None and draw(st.integers(0, 3)):
        entry["publisher_note"] = draw(short_text)
    entry["headline"] = draw(short_text)
    entry["date"] = draw(partial_date)
    if draw(st.integers(0, 3)) == 0:
        low, high = sorted([draw(past_date), draw(past_date)])
        entry["date"] = {"not_before": low, "not_after": high}
    for field in ("via", "date_note", "language"):
        if draw(st.booleans()):
            entry[field] = draw(st.sampled_from(["en", "pt-BR"]) if field == "language" else short_text)
    citation = event["sources"][0]
    citation["attributed_to"] = draw(short_text)
    for field in ("via", "quote", "locator"):
        if draw(st.booleans()):
            citation[field] = draw(short_text)
    if draw(st.booleans()):
        other = draw(st.sampled_from(["2026-02-reuters", "2026-02-13-moscow-times-next-rnd", "con"]))
        sources[other] = {"publisher": draw(short_text), "date": draw(partial_date)}
        if not wild or draw(st.booleans()):
            event["sources"].append({"source": other, "attribution": "reporting"})
    event[REGISTRIES_KEY] = {"sources": yaml.safe_dump(sources, allow_unicode=True)}
    if draw(st.booleans()):
        series = yaml.safe_load(REGISTRY_TEXTS["series"])
        series["trilateral-talks"]["name"] = draw(short_text)
        event[REGISTRIES_KEY]["series"] = yaml.safe_dump(series, allow_unicode=True)
    if wild and draw(st.booleans()):
        event["series"] = draw(st.sampled_from(["trilateral-talk", "other-talks", "Trilateral talks"]))
    if draw(st.booleans()):
        entry["url" if draw(st.booleans()) else "archive_url"] = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "https://example.org/a?b=c#d",
                        "javascript:alert(1)",
                        "http://e/\u202e",
                        "www.example.org",
                    ]
                ),
                st.text(max_size=40),
            )
        )
    if draw(st.booleans()):
        event["counts"] = [
            {
                "what": draw(short_text),
                "value": draw(st.integers(-5, 10**12) if wild else st.integers(0, 10**9)),
                "qualifier": "about",
                "source": draw(st.integers(0, 3)) if wild else 1,
            }
        ]
    for key in ("end",):
        if event[key] is None:
            del event[key]
    return event


@st.composite
def hostile_actors(draw: st.DrawFn) -> str:
    short_text = st.one_of(accepted_short, accepted_short, wild_text.map(lambda t: t[:150]))
    actors = yaml.safe_load(REGISTRY_TEXTS["actors"])
    medinsky = actors["vladimir-medinsky"]
    medinsky["role"] = draw(short_text)
    medinsky["aliases"] = draw(st.lists(short_text, max_size=3, unique=True))
    actors["russia"]["name"] = draw(st.one_of(st.just("Russia"), short_text))
    return yaml.safe_dump(actors, allow_unicode=True)


def event_path(event: dict[str, Any] | None) -> str:
    """Where the event's file goes: named after its date when that is a plain date."""
    date = (event or {}).get("date", "")
    date = str(date.get("not_before", "") if isinstance(date, dict) else date)
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", date):
        return f"events/{date[:4]}/{date}-geneva-round.yaml"
    return EVENT_PATH


REGISTRIES_KEY = "__registries__"
"""Where ``hostile_events`` puts the registry texts it drew (taken out by ``split_records``)."""


def split_records(event: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A drawn event as its file's text, and the registries drawn with it (name -> text)."""
    event = dict(event)
    registries = event.pop(REGISTRIES_KEY, {})
    return yaml.safe_dump(event, allow_unicode=True, sort_keys=False), {**REGISTRY_TEXTS, **registries}


def _check(
    event_text: str,
    actors_text: str | None = None,
    path: str = EVENT_PATH,
    registry_texts: dict[str, str] | None = None,
) -> tuple[Any, list[Any]]:
    """Check one event beside the fixture registries (or REGISTRY_TEXTS, name -> text), in
    memory; returns (dataset, problems)."""
    texts = registry_texts or REGISTRY_TEXTS
    registries = {name: parse_text(text, f"data/{name}.yaml") for name, text in texts.items()}
    if actors_text is not None:
        registries["actors"] = parse_text(actors_text, "data/actors.yaml")
    event = parse_text(event_text, f"data/{path}")
    return check_documents(registries, [(event, path)], TODAY_DATE)


def _assert_placed(problems: list[Any]) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.path and problem.message
        assert "\n" not in str(problem)


# --- 1. the checker never raises -------------------------------------------------------------


@given(st.text(max_size=3000))
@example('title: "Talks \\a in Geneva"\n')
@example("x: " + "- " * 500 + "y\n")
@example("title: 0x" + "f" * 3600 + "\n")
@example('date: "0000"\n')
@example("a: b\u2028c\n")
def test_the_checker_never_raises_on_any_text(text):
    _, problems = _check(text)
    _assert_placed(problems)


@given(
    st.sampled_from(["title", "date", "round", "status", "summary", "actors", "end"]),
    st.sampled_from(YAML_SCALARS),
)
def test_the_checker_never_raises_on_odd_yaml_values(field, value):
    lines = [
        f"{field}: {value}" if line.startswith(f"{field}:") else line for line in VALID_TEXT.splitlines()
    ]
    _, problems = _check("\n".join(lines) + "\n")
    _assert_placed(problems)
    if value in ("0x10", "1_000", "190:20:30", "0b11", "017", "9" * 5000):
        assert has_errors(problems), "a number in another notation is refused wherever it stands"


def _tree(node: Any) -> Any:
    """A composed node as plain data: kind, tag, value and position, all the way down."""
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, mark)
    if isinstance(node, MappingNode):
        return ("mapping", node.tag, [(_tree(key), _tree(value)) for key, value in node.value], mark)
    return ("sequence", node.tag, [_tree(item) for item in node.value], mark)


def _compose_as(compose: Any, text: str) -> Any:
    try:
        return _tree(compose(text))
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)


def _safe_loader_compose(text: str) -> Any:
    loader = yaml.CSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@given(
    st.lists(
        st.one_of(
            st.sampled_from(YAML_SCALARS),
            st.text(alphabet="0123456789-+.:_xXoObeEyYnNtTfF~ ", max_size=12),
            st.from_regex(
                r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?", fullmatch=True
            ),
        ),
        max_size=8,
    ),
    st.sampled_from(["k{i}: {v}", "- {v}", "- [{v}, '{v}']", "{v}: {{a: {v}}}"]),
)
def test_the_loaders_composer_gives_the_tags_and_positions_the_safe_loader_gives(values, line):
    """The loader resolves tags by a leaner path than PyYAML's safe loader: same tree."""
    text = "\n".join(line.format(i=i, v=v) for i, v in enumerate(values)) + "\n"
    assume("&" not in text)  # anchors are refused before composing (tested in test_bad_input)
    assert _compose_as(_compose, text) == _compose_as(_safe_loader_compose, text)


MARKDOWN_TOKENS = [
    *("A", "zé", "Ω", "1", " ", "  ", ".", ",", "'", '"', "—", "…", "#", "-", "+", "=", "|", "~", "(", ")"),
    *("*", "**", "_", "`", "[", "]", "](http://a.org)", "<b>", "<", ">", "&", "&amp;", "!", "\\", "{", "}"),
    *("\t", "\n", "\n\n", "\u00a0", "\u2028", "\x00", "1. ", "- ", "> ", "    "),
]
"""Pieces of text with and without a meaning in Markdown or HTML."""
PLAIN_PARAGRAPHS = st.from_regex(render._PLAIN_PARAGRAPH, fullmatch=True)
MARKED = st.builds(
    lambda before, mark, inside, after: f"{before} {mark}{inside}{mark} {after}",
    PLAIN_PARAGRAPHS,
    st.sampled_from(["*", "**", "_", "`", "&", "<", "!", "\\", "\\.", "\t", "\u00a0", "  \n", "\n\n"]),
    PLAIN_PARAGRAPHS,
    PLAIN_PARAGRAPHS,
)
"""Plain text around a pair of marks: emphasis, code, an entity, a break..."""


@settings(max_examples=4 * settings().max_examples)  # four times the profile's
@given(
    st.one_of(
        PLAIN_PARAGRAPHS,
        MARKED,
        st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=12).map("".join),
    )
)
@example("A plain paragraph, as most summaries are: 1 January 2025.")
@example("a\u00a0b")  # the sanitiser writes a no-break space as &nbsp;
@example("tab\tstop")  # Markdown expands a tab
@example("Ends in spaces  ")
@example("12. A numbered list's item")
def test_markdown_that_only_wraps_a_paragraph_takes_the_short_path_to_the_same_html(text):
    """Text that Markdown and the sanitiser would leave as one plain paragraph skips them:
    whatever the path, the HTML is the full path's."""
    assert render.render_markdown.__wrapped__(text) == render._markdown_to_html(text)


# --- 2. accepted means buildable; 3. every output inert ---------------------------------------

TEMPLATE_TAGS = {
    "a",
    "p",
    "li",
    "code",
    "span",
    "h1",
    "h2",
    "h3",
    "option",
    "div",
    "label",
    "strong",
    "select",
    "ol",
    "dt",
    "dd",
    "ul",
    "time",
    "th",
    "td",
    "section",
    "input",
    "tr",
    "nav",
    "figure",
    "figcaption",
    "dl",
    "article",
    "thead",
    "tbody",
    "table",
    "q",
    "output",
    "noscript",
    "link",
    "form",
    "button",
    "em",
    "br",
    "blockquote",
    "svg",
    "title",
    "rect",
    "circle",
    "path",
    "caption",
    "pre",
    "details",
    "summary",
    "text",
    "line",
    "g",
    "html",
    "body",
    "script",
}
SCRIPTS = ("pagefind/pagefind-ui.js", "assets/timeline/search.js")


def _assert_page_inert(page_html: str) -> None:
    root = html.fromstring(f"<div>{page_html}</div>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag in TEMPLATE_TAGS, tag
        if tag == "script":
            assert element.get("src", "").endswith(SCRIPTS) and not (element.text or "").strip()
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                url = "".join(value.split()).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), value
                if name == "src":  # a page loads nothing from another host: media there is a link
                    assert not url.startswith(("http:", "https:", "//")), value
                assert (
                    url.startswith(("http://", "https://", "#", "?", ".", "/"))
                    or ":" not in url.split("/")[0]
                )


def _allowed_html(fragment: str) -> None:
    allowed = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote", "div"}
    root = html.fromstring(f"<div>{fragment}</div>")
    for element in root.iter():
        if isinstance(element.tag, str):
            assert element.tag in allowed, element.tag
            assert all(not name.startswith("on") for name in element.attrib)
    assert all(href.startswith(("http://", "https://")) for href in root.xpath("//a/@href"))


def _assert_downloads_inert(files: dict[str, bytes]) -> None:
    for name, content in files.items():
        if name.endswith(".json"):
            assert b"<" not in content and b">" not in content, name
            json.loads(content)
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(content.decode("utf-8"))):
                for cell in row:
                    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    for event in json.loads(files["timelinejs.json"])["events"]:
        _allowed_html(event["text"]["headline"])
        _allowed_html(event["text"]["text"])
    feed = etree.fromstring(files["events.atom"])
    assert all("<" not in text for text in feed.itertext())
    from icalendar import Calendar

    Calendar.from_ical(files["planned.ics"])


def _assert_builds_inert(dataset: Any) -> None:
    pages = build_pages(dataset)
    for page in pages:
        _assert_page_inert(page.html)
        assert "{{" not in page.html and "{%" not in page.html
    _assert_downloads_inert(export_files(dataset, "https://example.org/", "Timeline"))
    asset_files(dataset)


@given(hostile_events(), st.one_of(st.none(), hostile_actors()))
@example({**VALID, "title": "&lt;img src=x onerror=alert(1)&gt; talks"}, None)
@example({**VALID, "summary": "- " * 500 + "x"}, None)
def test_whatever_the_checker_accepts_builds_and_every_output_is_inert(event, actors):
    text, registries = split_records(event)
    dataset, problems = _check(text, actors, event_path(event), registries)
    _assert_placed(problems)
    accepted = dataset is not None and not has_warnings(problems)
    hypothesis_event("accepted" if accepted else "refused")
    if accepted:
        _assert_inside_what_its_sources_allow(dataset)
        _assert_builds_inert(dataset)


def _assert_inside_what_its_sources_allow(dataset: Any) -> None:
    """Every accepted event's window lies inside the constraints the rules derive from its
    sources and its weekday: a happened event ends by the day its latest source can have
    appeared, a weekday's window starts and ends on that weekday inside the written one.
    (Constraints between events: tests/test_date_rules.py.)"""
    for record in dataset.events:
        event = record.event
        if event.weekday is not None:
            assert {WEEKDAYS[event.date.first_day.weekday()], WEEKDAYS[event.date.last_day.weekday()]} == {
                event.weekday
            }, record.id
            assert event.written_date.first_day <= event.date.first_day <= event.date.last_day
            assert event.date.last_day <= event.written_date.last_day, record.id
        published = [dataset.sources[citation.source] for citation in event.sources]
        if event.status != "happened" or any(source.approximate for source in published):
            continue
        latest = max(source.date.last_day for source in published)
        assert (event.end or event.date).last_day <= latest, record.id


@pytest.mark.slow
@settings(max_examples=3)
@given(hostile_events())
def test_whatever_the_checker_accepts_a_whole_mkdocs_site_builds(tmp_path_factory, event):
    from tests.sitebuild import build, make_project

    text, registries = split_records(event)
    path = event_path(event)
    dataset, problems = _check(text, path=path, registry_texts=registries)
    if dataset is None or has_warnings(problems):
        return
    folder = tmp_path_factory.mktemp("property")
    data = folder / "data"
    (data / path).parent.mkdir(parents=True)
    for name, content in registries.items():
        (data / f"{name}.yaml").write_text(content)
    (data / path).write_text(text)
    project = make_project(folder / "project", data)
    assert build(project, folder / "site") == 0


@given(past_date, st.one_of(st.none(), past_date), st.booleans(), st.booleans())
@example("2000-01", "2000-01-01", True, False)  # bounds that leave one day: refused
def test_every_date_the_model_accepts_has_an_edtf_form_that_edtf_reads_back(
    first, second, bounded, approximate
):
    """Dates, spans and bounds alike: the edtf package parses our EDTF to the same window of
    days, and the importer's reader gets back the same date, end and approximation."""
    import time

    import edtf

    from sourced_timeline.dates import PartialDate, parse_edtf, parse_event_date, span_edtf

    low, high = sorted([first, second or first])
    try:
        date = parse_event_date({"not_before": low, "not_after": high} if bounded else low)
    except ValueError:
        return  # bounds naming one date twice, or leaving one day, are refused
    end = None if bounded or second is None else PartialDate.parse(high)
    if end is not None and end.last_day < date.first_day:
        return
    approximate = approximate and not bounded
    text = span_edtf(date, end, approximate)
    parsed = edtf.parse_edtf(text)

    def day(value: time.struct_time) -> dt.date:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)

    assert day(parsed.lower_strict()) == date.first_day
    assert day(parsed.upper_strict()) == (end or date).last_day
    back, back_end, back_approximate = parse_edtf(text)
    assert (back.first_day, (back_end or back).last_day, back_approximate) == (
        date.first_day,
        (end or date).last_day,
        approximate,
    )
