"""The site's generated pages, as HTML fragments: pure functions of the Dataset.

Nothing here knows MkDocs. Each page is a ``GeneratedPage`` with a source path such as
``events/<id>.md``; ``as_markdown`` wraps it in a Markdown file any stock engine builds,
and the MkDocs plugin uses the HTML directly, skipping Markdown altogether. Links are
relative and assume directory URLs (``events/<id>/``), MkDocs' default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup, escape
from pydantic import BaseModel

from sourced_timeline import i18n, urls
from sourced_timeline.axis import AxisEra, AxisEvent, Locator, axis_events, axis_svg, locator, where_strip
from sourced_timeline.charts import (
    actor_table,
    events_per_actor_svg,
    events_per_month_svg,
    month_table,
    monthly_counts,
    period_unit,
)
from sourced_timeline.checks.examples import EXAMPLE_DATA, EXAMPLE_EVENT, STAGES, describe_example
from sourced_timeline.checks.registry import RULES
from sourced_timeline.dataset import Dataset, EventRecord, Registries
from sourced_timeline.encode import script_safe_json
from sourced_timeline.exports import FEED_ENTRIES
from sourced_timeline.i18n import N_, ngettext
from sourced_timeline.i18n import gettext as _
from sourced_timeline.model import Event, Source, publisher_label
from sourced_timeline.render import inert, meta_description, plain_text, render_markdown, render_plain
from sourced_timeline.runtime.processes import forked_share
from sourced_timeline.sources import CitedSource, resolve
from sourced_timeline.stances import (
    OLD_POSITION_DAYS,
    RECENT_CHANGE_DAYS,
    StateOfPlay,
    age_label,
    matrix,
    ranked_parties,
    standings,
    state_of_play,
    statements,
)
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import Vocabulary

ATTRIBUTIONS = {
    "named": N_("Named source"),
    "anonymous": N_("Anonymous sources"),
    "document": N_("Document"),
    "reporting": N_("The outlet's own reporting"),
}
QUALIFIERS = {
    "exact": "{number}",
    "about": N_("about {number}"),
    "at-least": N_("at least {number}"),
    "more-than": N_("more than {number}"),
    "at-most": N_("at most {number}"),
}
"""A figure as its source qualifies it."""
STATUSES = {
    "happened": N_("happened"),
    "planned": N_("planned"),
    "postponed": N_("postponed"),
    "cancelled": N_("cancelled"),
}
"""An event's status as readers see it."""
ASSETS = ("timeline.css", "timeline.js", "search.js", "header-search.js", "embed.js")
HOME_MARKER = "<!-- timeline:home -->"
_PACKAGE = Path(__file__).parent


@dataclass(frozen=True)
class SiteOptions:
    """Choices that shape the generated pages."""

    edit_url: str = ""
    """Prefix of a link to edit a record, e.g. https://github.com/o/r/edit/main/data/."""
    timeline_page_size: int = 150
    """Events per timeline page; more events make more pages (each stays under 300 KB)."""
    repo_url: str = ""
    """The repository's address (MkDocs' ``repo_url``): event pages link to its correction form."""
    entity_list_limit: int = 100
    """Events listed on an actor, topic or place page; the rest are on the filtered timeline."""
    site_url: str = ""
    """The published site's address (MkDocs' ``site_url``): the embed snippet's is absolute with it."""
    site_name: str = ""
    """The site's name (MkDocs' ``site_name``): the embed snippet's frame is titled with it."""
    template_dirs: tuple[str, ...] = ()
    """The site's own template folders, searched before the package's (a template there
    replaces the package's of the same name: event.html, _macros.html…)."""
    contributor_guide: bool = True
    """Whether the site has the contributors' guide (``urls.RECORD_FORMAT``): event and source
    pages link to it only then."""
    language: str = i18n.SOURCE_LANGUAGE
    """The site's language (MkDocs' ``theme.language``): the pages' own words and dates are in
    it (``sourced_timeline.i18n``), from the package's catalogue and the site's own."""

    def messages(self) -> i18n.Messages:
        """The site's language, its own catalogues (``<template dir>/locale/``) over the package's."""
        return i18n.messages(self.language, self.template_dirs)


CONTRIBUTOR_PAGES = (
    (urls.RECORD_FORMAT, N_("Add or correct an event")),
    (urls.PROBLEMS, N_("Problem codes")),
    (urls.CLI_REFERENCE, N_("Command line")),
)
"""The contributors' pages the footer links to, when the site has them."""


def contributor_pages(docs_dir: Path) -> list[tuple[str, str]]:
    """The contributors' pages this site has, (URL, link text): the problem codes always
    (generated), the guide and the command line reference when docs/ holds them."""
    return [
        (url, _(text))
        for url, text in CONTRIBUTOR_PAGES
        if url == urls.PROBLEMS or (docs_dir / urls.source(url)).is_file()
    ]


@dataclass(frozen=True)
class GeneratedPage:
    """One page: where it goes, its title, and its body as sanitised HTML."""

    src_uri: str
    title: str
    html: str
    description: str = ""
    """The page's meta description, already escaped for an HTML attribute."""
    searchable: bool = True
    """False for a page whose whole body is kept out of the search index (``data-pagefind-
    ignore="all"``): the index need not read it."""
    theme_template: str = ""
    """The theme template the MkDocs plugin renders the page with (its ``main.html`` when
    empty); an engine without the plugin uses its own."""

    def front_matter(self) -> str:
        """The page's front matter alone: all MkDocs needs of a page whose HTML the plugin
        supplies (keeping a second copy of every page's HTML costs memory at 10,000 events)."""
        lines = [f"title: {json.dumps(self.title, ensure_ascii=False)}"]
        if self.description:
            lines.append(f"description: {json.dumps(self.description, ensure_ascii=False)}")
        return "---\n" + "\n".join(lines) + "\n---\n"

    def as_markdown(self) -> str:
        """The page as a Markdown file: front matter and one raw HTML block."""
        return f"{self.front_matter()}\n{self.html}\n"


def event_label(record: EventRecord) -> str:
    """The event's date as readers see it, with its precision."""
    event = record.event
    return i18n.current().span(event.date, event.end, event.approximate)


def date_label(date: Any) -> str:
    """A partial date as readers see it, in the site's language."""
    return i18n.current().date(date)


def qualified(qualifier: str, value: int) -> str:
    """A figure as its source qualifies it: 'at least 2,000,000'."""
    return _(QUALIFIERS[qualifier]).format(number=i18n.current().number(value))


def date_tag(record: EventRecord, css_class: str = "") -> Markup:
    """The event's date as HTML: a <time> a machine can read, or, for a date the sources only
    bound (which no single machine-readable date states), a marked <span>."""
    event = record.event
    classes = f' class="{css_class}"' if css_class else ""
    text = escape(event_label(record))
    if event.date.precision == "bounded":
        bounded = f"{css_class} tl-bounded".strip()
        note = escape(_("sometime in this window; the sources give no closer date"))
        return Markup(f'<span class="{bounded}" title="{note}">{text}</span>')
    return Markup(f'<time{classes} datetime="{event.date}">{text}</time>')


def plan_passed(record: EventRecord, as_of: dt.date | None) -> bool:
    """A planned event whose last possible day is before ``as_of`` (the day the site is
    current to): a plan with no word of what became of it, no longer news."""
    event = record.event
    return event.status == "planned" and as_of is not None and (event.end or event.date).last_day < as_of


def _axis_events(ds: Dataset) -> tuple[AxisEvent, ...]:
    """Every event as the axis draws it, worked out once per Dataset: the axes of the home,
    timeline and embed pages and every event page's strip (``_locator``) share it."""
    key = ("axis_events", i18n.current().language)  # their labels are in it
    found: tuple[AxisEvent, ...] | None = ds.derived.get(key)
    if found is None:
        found = axis_events(ds.events, event_label, ds.series_names, ds.vocabulary)
        ds.derived[key] = found
    return found


def time_axis(ds: Dataset, src_uri: str, compact: bool = False, cache: PageCache | None = None) -> Markup:
    """Every event on one time axis, linked from the page at ``src_uri``; with a cache, the
    last build's axis while nothing it shows has changed."""
    root = urls.root_of(src_uri)
    events = _axis_events(ds)
    words = i18n.current()
    eras = tuple(
        AxisEra(era.name, era.start.first_day, era.end.last_day, words.span(era.start, era.end))
        for era in ds.eras.values()
    )

    def draw() -> str:
        return axis_svg(
            events,
            event_href=lambda identifier: root + urls.event(identifier),
            range_href=lambda first, last: (
                root + urls.timeline(filters={"from": first.isoformat(), "to": last.isoformat()})
            ),
            compact=compact,
            eras=eras,
        )

    if cache is None:
        return Markup(draw())
    return Markup(cache.kept(("axis", root, compact, i18n.current().language, events, eras), draw))


def source_label(source: Source | CitedSource) -> str:
    """A source's publication date as readers see it."""
    return i18n.current().span(source.date, None, source.approximate)


def source_title(source: Source) -> str:
    """A source as a page's title: its headline, else its publisher and date."""
    return source.headline or f"{publisher_label(source)}, {source_label(source)}"


MEDIA_KINDS = {
    "image": N_("Image"),
    "video": N_("Video"),
    "audio": N_("Recording"),
    "document": N_("Document"),
}
"""How a link to media on another site is introduced."""


@functools.lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...] = (), fingerprint: tuple[Any, ...] = ()) -> Environment:
    """The templates: a site's own folders first (``SiteOptions.template_dirs``), then the
    package's, so that a site overrides any one of them by name. One environment per content
    of those folders (``templates_fingerprint``): Jinja's own reload trusts modification times."""
    env = Environment(
        loader=ChoiceLoader(
            [*map(FileSystemLoader, template_dirs), FileSystemLoader(_PACKAGE / "templates")]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The templates' _() and ngettext() speak the language being rendered (``i18n.using``);
    # a translation is trusted as the template is, the values put into it are escaped.
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(
        md=render_markdown,
        plain=render_plain,
        plain_text=plain_text,
        attributions=ATTRIBUTIONS,
        qualified=qualified,
        statuses=STATUSES,
        date_label=date_label,
        language_name=lambda tag: i18n.current().language_name(tag),
        media_kinds=MEDIA_KINDS,
        label=event_label,
        date_tag=date_tag,
        publisher=publisher_label,
        source_label=source_label,
        source_title=source_title,
        age=age_label,
        plan_passed=plan_passed,
        old_position_days=OLD_POSITION_DAYS,
        recent_change_days=RECENT_CHANGE_DAYS,
        urls=urls,
    )
    env.filters["href"] = _href
    return env


@pass_context
def _href(context: Any, url: str) -> str:
    """A site URL (from ``sourced_timeline.urls``) as a link relative to the page being rendered."""
    return f"{context['root']}{url}"


SITE_TEMPLATES = "timeline"
"""The folder, inside the theme's custom_dir (overrides/), whose templates replace the
package's page templates of the same name."""


def site_template_dirs(custom_dir: str | None) -> tuple[str, ...]:
    """A site's own page-template folder (``overrides/timeline/``), if it has one."""
    folder = Path(custom_dir) / SITE_TEMPLATES if custom_dir else None
    return (str(folder),) if folder is not None and folder.is_dir() else ()


def templates_fingerprint(template_dirs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each file of a site's template folders with a digest of its content: part of every
    cached page's key, and of the templates' environment's, so that an edited override
    renders again while serving (a modification time may not change on a quick edit)."""
    return tuple(
        (str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in template_dirs
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    )


class PageCache:
    """Rendered pages kept between builds (while serving), keyed by everything they show.

    Only what changed since the last build is rendered again. Two generations are kept:
    the previous build's pages and the current one's.
    """

    def __init__(self) -> None:
        self.previous: dict[Any, str] = {}
        self.current: dict[Any, str] = {}
        # Models are frozen, and an unchanged record file yields the very same model object
        # again (check.LoadCache): its digest is kept, with the object, while it is in use.
        self._json: dict[int, tuple[Any, str]] = {}
        self._json_used: dict[int, tuple[Any, str]] = {}
        self._reused: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._reused_previous: dict[str, tuple[tuple[Any, ...], Any]] = {}

    def kept(self, key: Any, make: Callable[[], str]) -> str:
        """What this build or the last one kept under ``key``, else what ``make`` makes now;
        kept for the next build either way."""
        found = self.current.get(key) or self.previous.get(key)
        if found is None:
            found = make()
        self.current[key] = found
        return found

    def reused(self, name: str, shown: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """What ``make`` made for ``name`` in the last build if ``shown``, everything it
        depends on, is the same: each model the very object it was (an unchanged record file
        yields the same model again), anything else equal. Cheaper than a key of the page's
        whole context, for the pages that most builds while serving leave unchanged."""
        last = self._reused_previous.get(name)
        if last is not None and len(last[0]) == len(shown) and all(map(_same, last[0], shown)):
            result = last[1]
        else:
            result = make()
        self._reused[name] = (shown, result)
        return result

    def next_generation(self) -> None:
        """Start a build: what the last build rendered becomes reusable."""
        self._reused_previous, self._reused = self._reused, {}
        self.previous, self.current = self.current, {}
        self._json, self._json_used = self._json_used or self._json, {}

    def key(self, value: Any) -> Any:
        """A hashable digest of a template's context (templates read only registries of ``ds``)."""
        kind = type(value)
        if kind in _ATOMS:
            return value
        if kind is EventRecord:
            return ("event", value.id, value.path, self._model_key(value.event))
        if kind is list or kind is tuple:
            return tuple(self.key(item) for item in value)
        if kind is dict:
            return tuple((name, self.key(item)) for name, item in sorted(value.items()))
        if kind is Registries:
            return ("registries", value.fingerprint)
        if isinstance(value, Dataset):
            # What a template read of its events would be in no key: templates get
            # ``Dataset.registries``, and whatever else they show in their own context.
            raise TypeError("a page's context holds Dataset.registries, never the whole Dataset")
        if isinstance(value, BaseModel):
            return self._model_key(value)
        if isinstance(value, str | int | float | bool):
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (kind.__name__, *(self.key(getattr(value, f.name)) for f in dataclasses.fields(value)))
        raise TypeError(f"no cache key for {type(value).__name__}")

    def _model_key(self, value: BaseModel) -> str:
        cached = self._json_used.get(id(value)) or self._json.get(id(value))
        if cached is None or cached[0] is not value:
            cached = (value, value.model_dump_json())
        self._json_used[id(value)] = cached
        return cached[1]


_ATOMS = frozenset({str, int, float, bool, type(None), dt.date})


def _same(before: Any, now: Any) -> bool:
    """A model is the same only as itself (comparing its fields would cost what reuse saves)."""
    return before is now or (not isinstance(now, BaseModel) and before == now)


class Renderer:
    """Renders templates into page HTML, reusing what a PageCache kept from the last build."""

    def __init__(self, cache: PageCache | None = None, template_dirs: tuple[str, ...] = ()) -> None:
        self.cache = cache
        self.fingerprint = templates_fingerprint(template_dirs)
        self.environment = _environment(template_dirs, self.fingerprint)

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        """A template's HTML for the page at ``src_uri``: one raw HTML block, braces encoded."""

        def render() -> str:
            rendered = self.environment.get_template(template).render(root=urls.root_of(src_uri), **context)
            # One raw HTML block, no blank lines; braces encoded so no later step can template it.
            html = inert("\n".join(line for line in rendered.splitlines() if line.strip()))
            # A break between block elements, so text extracted from the page (the search
            # index's excerpts) reads "Who: Ada Lovelace", never "WhoAda Lovelace".
            return _BLOCK_BOUNDARY.sub("\\1\n<", html)

        cache = self.cache
        if cache is None:
            return render()
        language = i18n.current().language
        return cache.kept((template, src_uri, self.fingerprint, language, cache.key(context)), render)

    def page(
        self, src_uri: str, title: str, template: str, description: str = "", **context: Any
    ) -> GeneratedPage:
        """A generated page at ``src_uri``; ``description`` is Markdown or text from a record."""
        html = self.render(template, src_uri, **context)
        description = meta_description(description) if description else ""
        return GeneratedPage(src_uri, title, html, description, template not in UNSEARCHABLE_TEMPLATES)


UNSEARCHABLE_TEMPLATES = frozenset({"timeline.html", "registry.html", "sources.html", "search.html"})
"""Templates that wrap the whole page in ``data-pagefind-ignore="all"``: lists of what other
pages hold, which would only repeat them in search results."""
_BLOCK_BOUNDARY = re.compile(r"(</(?:th|td|tr|dt|dd|li|p|h[1-6]|section|thead)>)<")
_PLAIN = Renderer()


def _grouped(
    records: Iterable[EventRecord], newest_first: bool = False
) -> list[tuple[int, list[tuple[str, list[EventRecord]]]]]:
    """Records by year and month, oldest first (those known only to the year close their
    year), or that order reversed throughout: the latest year, month and event first."""
    by_year: dict[int, list[EventRecord]] = defaultdict(list)
    for record in records:
        by_year[record.event.date.year].append(record)
    groups = []
    for year in sorted(by_year):
        months = []
        in_order = sorted(by_year[year], key=lambda r: r.event.date.month or 13)
        for month, items in groupby(in_order, key=lambda r: r.event.date.month):
            name = i18n.current().month_name(month) if month else _("Date within the year unknown")
            months.append((name, list(items)))
        groups.append((year, months))
    if newest_first:
        return [
            (year, [(name, items[::-1]) for name, items in months[::-1]]) for year, months in groups[::-1]
        ]
    return groups


def _filter_options(ds: Dataset) -> dict[str, list[Any]]:
    def used(index: dict[Any, Any], registry: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted(((key, registry[key].name) for key in index), key=lambda pair: pair[1])

    kinds = {r.event.kind for r in ds.events}
    return {
        "actors": used(ds.by_actor, ds.actors),
        "topics": used(ds.by_topic, ds.topics),
        "places": used(ds.by_place, ds.places),
        # Kinds in the vocabulary's order, labelled as it labels them.
        "kinds": [(kind, entry.label) for kind, entry in ds.vocabulary.kinds.items() if kind in kinds],
        "statuses": sorted({r.event.status for r in ds.events}),
    }


def _timeline_chunks(ds: Dataset, options: SiteOptions) -> list[tuple[EventRecord, ...]]:
    """The events of each timeline page, oldest first (one empty page for no events)."""
    size = options.timeline_page_size
    return [ds.events[i : i + size] for i in range(0, len(ds.events), size)] or [()]


def timeline_pages(ds: Dataset, options: SiteOptions, renderer: Renderer = _PLAIN) -> list[GeneratedPage]:
    """The timeline in pages of a bounded size, each newest first; /timeline/ shows the latest.

    With more than one page, a compact index of every event lets the filters search them
    all; with JavaScript off, the pages themselves list every event.
    """
    filters = _filter_options(ds)
    chunks = _timeline_chunks(ds, options)
    years = sorted(ds.by_year)
    as_of = current_as_of(ds)
    axes: dict[str, Markup] = {}
    # What each page's link in the pager says (every page lists them all).
    spans = [f"{event_label(chunk[0])} – {event_label(chunk[-1])}" for chunk in chunks if chunk]

    def page(src: str, title: str, number: int) -> GeneratedPage:
        records = chunks[number - 1]
        root = urls.root_of(src)
        if root not in axes:
            axes[root] = time_axis(ds, src, cache=renderer.cache)
        pager = (  # the latest page first, as the events on each
            [(k, span, root + urls.timeline(k), k == number) for k, span in enumerate(spans, 1)][::-1]
            if len(chunks) > 1
            else []
        )
        return renderer.page(
            src,
            title,
            "timeline.html",
            ds=ds.registries,
            records=records,
            total=len(ds.events),
            groups=_grouped(records, newest_first=True),
            years=years,
            pager=pager,
            options=filters,
            index_url=root + urls.FILTER_INDEX if len(chunks) > 1 else "",
            axis=axes[root],
            as_of=as_of,
        )

    if len(chunks) == 1:
        return [page(urls.source(urls.timeline()), _("Timeline"), 1)]
    pages = [
        page(
            urls.source(urls.timeline(k)),
            _("Timeline, page {page} of {pages}").format(page=k, pages=len(chunks)),
            k,
        )
        for k in range(1, len(chunks) + 1)
    ]
    pages.append(page(urls.source(urls.timeline()), _("Timeline"), len(chunks)))
    return pages


FILTER_INDEX_COLUMNS = (
    *("id", "title", "start", "end", "label", "kind", "status"),
    *("actors", "topics", "places"),
)
"""The filter index's columns, in the order ``filter_index`` works out each event's values."""


class FilterRowInputs(NamedTuple):
    """What one event's values in the filter index are made from (``filter_row``), and so
    the key they are reused by while serving (``reuse_key``)."""

    record: EventRecord
    registries: Registries
    """The actors, topics and places it numbers by their order."""
    language: str
    """The language of its date label."""


@functools.lru_cache(maxsize=4)
def _filter_positions(registries: Registries) -> dict[str, dict[str, int]]:
    """Each actor, topic and place id's number in the filter index (its place in id order)."""
    return {
        name: {key: i for i, key in enumerate(sorted(registry))}
        for name, registry in (
            ("actors", registries.actors),
            ("topics", registries.topics),
            ("places", registries.places),
        )
    }


def filter_row(inputs: FilterRowInputs) -> tuple[Any, ...]:
    """One event's values in the filter index, in ``FILTER_INDEX_COLUMNS``' order."""
    record, position = inputs.record, _filter_positions(inputs.registries)
    e = record.event
    return (
        record.id,
        plain_text(e.title),
        e.date.first_day.isoformat(),
        (e.end or e.date).last_day.isoformat(),
        event_label(record),
        e.kind,
        e.status,
        [position["actors"][a] for a in e.named_actors],
        [position["topics"][t] for t in e.topics],
        [position["places"][p] for p in e.places],
    )


def filter_index(ds: Dataset, cache: PageCache | None = None) -> bytes:
    """Every event in a compact form for the timeline's filters across pages: one named
    column per field (the JavaScript reads ``events.title[i]``, never a position in a row),
    actors, topics and places as numbers into their lists, and the event URL pattern. With a
    cache, an event's values are worked out again only when what they are made from changed."""
    registries, language = ds.registries, i18n.current().language
    positions = _filter_positions(registries)  # ids in order: the lists the numbers point into
    rows = []
    for record in ds.events:
        inputs = FilterRowInputs(record, registries, language)
        if cache is None:
            rows.append(filter_row(inputs))
        else:
            rows.append(
                cache.reused(f"filter-index:{record.id}", reuse_key(inputs), partial(filter_row, inputs))
            )
    by_column = list(zip(*rows, strict=True)) or [()] * len(FILTER_INDEX_COLUMNS)
    columns = {name: list(values) for name, values in zip(FILTER_INDEX_COLUMNS, by_column, strict=True)}
    document = {
        "actors": list(positions["actors"]),
        "topics": list(positions["topics"]),
        "places": list(positions["places"]),
        "count": len(ds.events),
        "event_url": urls.EVENT_URL_PATTERN,
        "events": columns,
    }
    return script_safe_json(json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def _series_neighbours(ds: Dataset, record: EventRecord) -> tuple[EventRecord | None, EventRecord | None]:
    series = record.event.series
    if not series:
        return None, None
    members = ds.by_series[series]
    index = members.index(record)
    return (members[index - 1] if index else None, members[index + 1] if index + 1 < len(members) else None)


def _aliases(ds: Registries, event: Event) -> str:
    names = [alias for a in event.actors for alias in ds.actors[a].aliases]
    names += [alias for t in event.topics for alias in ds.topics[t].aliases]
    names += [alias for p in event.places for alias in ds.places[p].aliases]
    return ", ".join(names)


def _chronological_neighbours(
    ds: Dataset, record: EventRecord
) -> tuple[EventRecord | None, EventRecord | None]:
    """The events just before and after RECORD in date order (the timeline's order)."""
    order: dict[str, int] | None = ds.derived.get("order")
    if order is None:
        order = ds.derived["order"] = {r.id: i for i, r in enumerate(ds.events)}
    at = order[record.id]
    return (ds.events[at - 1] if at else None, ds.events[at + 1] if at + 1 < len(ds.events) else None)


def _locator(ds: Dataset) -> Locator | None:
    """The overview's scale over every event, worked out once per Dataset."""
    key = ("locator", i18n.current().language)
    if key not in ds.derived:
        ds.derived[key] = locator(_axis_events(ds))
    found: Locator | None = ds.derived[key]
    return found


class EventPageInputs(NamedTuple):
    """Everything an event page shows, declared once: its template context is made from these
    fields alone (``_event_page``), and its cache key is these fields (``reuse_key``), so a
    field the page starts to read is a field its key holds. (A named tuple: 10,000 of them are
    made for every rebuild while serving.)"""

    record: EventRecord
    previous: EventRecord | None
    """The series' event before it, and after it."""
    following: EventRecord | None
    earlier: EventRecord | None
    """The events just before and after it in date order."""
    later: EventRecord | None
    related: tuple[EventRecord, ...]
    """The events it follows or names as related."""
    where: Locator | None
    """The overview's scale, on which its strip places it."""
    registries: Registries
    options: SiteOptions
    templates: tuple[Any, ...]
    """The site's own templates (``templates_fingerprint``)."""
    language: str


def reuse_key(inputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """A page's inputs (a named tuple) as one flat tuple for ``PageCache.reused``: a record as
    its id, path and model (compared by identity: an unchanged file yields the very same
    model), a tuple of records as their count and each record, the registries as their
    fingerprint, anything else as it is (compared equal)."""
    parts: list[Any] = []
    for value in inputs:
        kind = type(value)
        if kind is EventRecord:
            parts += (value.id, value.path, value.event)
        elif kind is Registries:
            parts.append(value.fingerprint)
        elif kind is tuple and value and type(value[0]) is EventRecord:
            parts.append(len(value))
            for record in value:
                parts += (record.id, record.path, record.event)
        else:
            parts.append(value)
    return tuple(parts)


def event_page(
    ds: Dataset, record: EventRecord, options: SiteOptions, renderer: Renderer = _PLAIN
) -> GeneratedPage:
    """One event at its permanent address, events/<id>/."""
    previous, following = _series_neighbours(ds, record)
    event = record.event
    related = tuple(
        ds.by_id[i] for i in dict.fromkeys([*([event.after] if event.after else []), *event.related])
    )
    earlier, later = _chronological_neighbours(ds, record)
    inputs = EventPageInputs(
        *(record, previous, following, earlier, later, related, _locator(ds)),
        *(ds.registries, options, renderer.fingerprint, i18n.current().language),
    )
    if renderer.cache is None:
        return _event_page(inputs, renderer)
    page: GeneratedPage = renderer.cache.reused(
        record.id, reuse_key(inputs), lambda: _event_page(inputs, renderer)
    )
    return page


def _event_page(inputs: EventPageInputs, renderer: Renderer) -> GeneratedPage:
    record, options, where, registries = inputs.record, inputs.options, inputs.where, inputs.registries
    edit_url = f"{options.edit_url}{record.path}" if options.edit_url else ""
    event = record.event
    strip = (
        Markup(where_strip(where, event.date.first_day, (event.end or event.date).last_day)) if where else ""
    )
    return renderer.page(
        urls.source(urls.event(record.id)),
        record.event.title,
        "event.html",
        # The summary first (search results and link previews cut it short), then the date.
        description=f"{record.event.summary} ({event_label(record)})",
        correction_url=urls.correction(options.repo_url, record.id, plain_text(record.event.title)),
        ds=registries,
        record=record,
        previous=inputs.previous,
        next=inputs.following,
        related=list(inputs.related),
        earlier=inputs.earlier,
        later=inputs.later,
        strip=strip,
        edit_url=edit_url,
        contributor_guide=options.contributor_guide,
        aliases=_aliases(registries, record.event),
        cited=resolve(record.event.sources, registries.sources),
    )


Tracker = list[tuple[str, list[tuple[EventRecord, Any, CitedSource]]]]


def _tracker(ds: Dataset, topic_id: str, limit: int) -> Tracker:
    """Each party's stated positions on a topic, in date order (the latest ``limit``), with sources."""
    by_actor: dict[str, list[tuple[EventRecord, Any, CitedSource]]] = defaultdict(list)
    for record, position in ds.positions_by_topic.get(topic_id, []):
        by_actor[position.actor].append((record, position, ds.citations(record)[position.source - 1]))
    return sorted(
        ((actor, entries[-limit:]) for actor, entries in by_actor.items()),
        key=lambda item: ds.actors[item[0]].name,
    )


def what_each_side_wants(ds: Dataset, limit: int | None = None) -> StateOfPlay:
    """The main parties' positions (the summary's ``parties``, else the most engaged), ages
    counted from the day the site is current to."""
    main = ds.summary.parties if ds.summary is not None else None
    return state_of_play(ds, main, current_as_of(ds), limit)


def _topic_play(ds: Dataset, topic_id: str) -> list[tuple[str, Any]]:
    """Each party's current position on a topic, the most engaged parties first."""
    current = standings(statements(ds, topic_id))
    return [(party, current[party]) for party in ranked_parties(ds, {topic_id: current})]


def entity_pages(ds: Dataset, options: SiteOptions, renderer: Renderer = _PLAIN) -> list[GeneratedPage]:
    """A page per actor, topic and place with its latest events; topic pages track positions."""
    limit = options.entity_list_limit
    as_of = current_as_of(ds)
    pages = []

    def entity(
        kind: str,
        identifier: str,
        item: Any,
        facts: list[Any],
        records: list[EventRecord],
        tracker: list[Any],
        topic: str = "",
    ) -> GeneratedPage:
        src = urls.source(urls.entity(kind, identifier))
        return renderer.page(
            src,
            item.name,
            "entity.html",
            kind_name={"actors": "actor", "topics": "topic", "places": "place"}[kind],
            description=getattr(item, "description", None)
            or _("Events on record involving {name}.").format(name=item.name),
            ds=ds.registries,
            item=item,
            facts=facts,
            tracker=tracker,
            records=records[-limit:],
            total=len(records),
            all_url=urls.root_of(src) + urls.entity_timeline(kind, identifier),
            play=_topic_play(ds, topic) if topic else [],
            as_of=as_of,
            grid=matrix(ds, topic) if topic else None,
        )

    for actor_id, actor in ds.actors.items():
        facts = [
            (name, value)
            for name, value in (
                (_("Kind"), ds.vocabulary.actor_kinds.get(actor.kind, actor.kind) if actor.kind else None),
                (_("Role"), actor.role),
                (_("Acts for"), ds.actors[actor.country].name if actor.country else None),
            )
            if value
        ]
        pages.append(entity("actors", actor_id, actor, facts, ds.by_actor.get(actor_id, []), []))
    for topic_id, topic in ds.topics.items():
        pages.append(
            entity(
                "topics",
                topic_id,
                topic,
                [],
                ds.by_topic.get(topic_id, []),
                _tracker(ds, topic_id, limit // 5),
                topic_id,
            )
        )
    for place_id, place in ds.places.items():
        kind = ds.vocabulary.place_kinds.get(place.kind, place.kind) if place.kind else None
        facts = [(n, v) for n, v in ((_("Kind"), kind), (_("Country"), place.country)) if v]
        pages.append(entity("places", place_id, place, facts, ds.by_place.get(place_id, []), []))
    for kind, title, all_heading, registry, index in (
        ("actors", _("Actors"), _("All actors"), ds.actors, ds.by_actor),
        ("topics", _("Topics"), _("All topics"), ds.topics, ds.by_topic),
        ("places", _("Places"), _("All places"), ds.places, ds.by_place),
    ):
        items = sorted(
            ((i, item, len(index.get(i, []))) for i, item in registry.items()),
            key=lambda row: row[1].name.casefold(),
        )
        play = what_each_side_wants(ds) if kind == "topics" else None
        pages.append(
            renderer.page(
                urls.source(urls.registry(kind)),
                _("What each side wants") if play and play.rows else title,
                "registry.html",
                kind=kind,
                heading=title,
                all_heading=all_heading,
                items=items,
                play=play,
                ds=ds.registries,
            )
        )
    return pages + source_pages(ds, renderer, options)


def source_pages(
    ds: Dataset, renderer: Renderer = _PLAIN, options: SiteOptions | None = None
) -> list[GeneratedPage]:
    """A page per source document (sources/<id>/: its facts and every event citing it, newest
    first), and the list of them all (sources/), newest first."""
    pages = []
    for source_id, source in ds.sources.items():
        records = ds.by_source.get(source_id, [])
        pages.append(
            renderer.page(
                urls.source(urls.entity("sources", source_id)),
                source_title(source),
                "source.html",
                description=ngettext(
                    "{source}, {date}: the source and the {count} event on record that cites it.",
                    "{source}, {date}: the source and the {count} events on record that cite it.",
                    len(records),
                ).format(source=publisher_label(source), date=source_label(source), count=len(records)),
                ds=ds.registries,
                source_id=source_id,
                item=source,
                contributor_guide=(options or SiteOptions()).contributor_guide,
                records=list(reversed(records)),
            )
        )
    newest = sorted(
        ds.sources.items(), key=lambda pair: (pair[1].date.last_day, pair[1].date.first_day, pair[0])
    )
    items = [(i, source, len(ds.by_source.get(i, []))) for i, source in reversed(newest)]
    pages.append(
        renderer.page(
            urls.source(urls.registry("sources")), _("Sources"), "sources.html", items=items, ds=ds.registries
        )
    )
    return pages


HOME_LATEST = 5
"""Events the home page lists under "Latest", newest first."""

HOME_POSITIONS = 5
"""Topics in the home page's "What each side wants" (the most recently discussed); the
Positions page has them all."""


def current_as_of(ds: Dataset) -> dt.date | None:
    """The day the site's information is current to: the summary's as_of or the latest event
    that happened, whichever is later (None with neither). Derived from the data, so two
    builds of the same records agree. Worked out once per Dataset (every page type asks)."""
    if "as_of" not in ds.derived:
        days = [r.event.date.first_day for r in ds.events if r.event.status == "happened"]
        if ds.summary is not None:
            days.append(ds.summary.as_of.last_day)
        ds.derived["as_of"] = max(days, default=None)
    found: dt.date | None = ds.derived["as_of"]
    return found


def updated_label(ds: Dataset, as_of: dt.date | None) -> str:
    """'Updated …' is said only of a site whose editors keep a summary (its as_of is a date
    they vouch for): without one, the latest event's date would claim an update (a history of
    1815–1985 "updated 1 Jan 1985"), and "Latest" already gives it."""
    return i18n.current().day(as_of) if as_of and ds.summary else ""


def upcoming(ds: Dataset, as_of: dt.date | None) -> list[EventRecord]:
    """Planned events not yet stale (``plan_passed``), in date order."""
    return [r for r in ds.events if r.event.status == "planned" and not plan_passed(r, as_of)]


def home_section(
    ds: Dataset, src_uri: str = "index.md", latest: int = HOME_LATEST, renderer: Renderer = _PLAIN
) -> str:
    """The generated part of the home page: when it was updated and what comes next, where
    things stand (the summary's bullets, each citing its events), the latest events newest
    first, then the axis, the state of play, planned events and figures."""
    happened = [r for r in ds.events if r.event.status == "happened"]
    as_of = current_as_of(ds)
    planned = upcoming(ds, as_of)
    words = i18n.current()
    span = (
        words.gettext("{start} – {end}").format(
            start=words.date(ds.events[0].event.date), end=words.date(ds.events[-1].event.date)
        )
        if ds.events
        else ""
    )
    figures = {
        "events": len(ds.events),
        "actors": len(ds.actors),
        "sources": sum(len(r.event.sources) for r in ds.events),
        "span": span,
    }
    summary = ds.summary
    bullets = (
        [(bullet.text, [ds.by_id[i] for i in bullet.events if i in ds.by_id]) for bullet in summary.bullets]
        if summary is not None
        else []
    )
    return renderer.render(
        "home.html",
        src_uri,
        figures=figures,
        updated=updated_label(ds, as_of),
        bullets=bullets,
        latest=list(reversed(happened[-latest:])),
        planned=planned,
        axis=time_axis(ds, src_uri, compact=True, cache=renderer.cache),
        play=what_each_side_wants(ds, HOME_POSITIONS),
        ds=ds.registries,
    )


PARALLEL_MIN_EVENTS = 2_000
"""From this many events a one-off build renders the later event pages (SECOND_PROCESS_SHARE
of them) in a forked second process, on the core that would otherwise wait (the search index
starts only once every page is known)."""


SECOND_PROCESS_SHARE = 0.9
"""The share of event pages the second process renders: this one also renders the timeline
and the actor, topic and place pages meanwhile, and makes the downloads (``meanwhile``)."""


def build_pages(
    ds: Dataset,
    options: SiteOptions | None = None,
    cache: PageCache | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[GeneratedPage]:
    """Every generated page of the site; with a cache, pages unchanged since its last use are
    reused. ``meanwhile`` is called while a second process may be rendering event pages."""
    options = options or SiteOptions()
    if cache is not None:
        cache.next_generation()
    renderer = Renderer(cache, options.template_dirs)
    with forked_share(
        lambda record: event_page(ds, record, options, renderer),
        ds.events,
        SECOND_PROCESS_SHARE,
        # serving: only what changed is rendered again, in this process
        PARALLEL_MIN_EVENTS if cache is None else len(ds.events) + 1,
    ) as event_pages:
        pages = timeline_pages(ds, options, renderer)
        others = entity_pages(ds, options, renderer)
        if meanwhile is not None:
            meanwhile()
        pages += [event_page(ds, record, options, renderer) for record in event_pages.mine]
        pages += event_pages.results()
    pages += others
    pages.append(embed_page(ds, options, renderer))
    bundles = urls.search_bundles(len(pages) + 3)  # with the search, data and problems pages
    pages.append(renderer.page(urls.source(urls.SEARCH), _("Search"), "search.html", bundles=bundles))
    pages.append(data_page(ds, renderer, options))
    pages.append(problems_page(renderer))
    return pages


def problems_page(renderer: Renderer = _PLAIN) -> GeneratedPage:
    """The contributors' reference of every problem code, from the checker's rule registry."""
    rules = RULES
    stages = [
        (
            heading,
            [
                {
                    "code": rule.code,
                    "level": rule.level,
                    "doc": rule.doc,
                    "bad_parts": describe_example(rule.bad),
                    "fixed_parts": describe_example(rule.fixed),
                }
                for rule in sorted(rules.values(), key=lambda r: r.code)
                if rule.stage == stage
            ],
        )
        for stage, heading in STAGES.items()
    ]
    return renderer.page(
        urls.source(urls.PROBLEMS),
        "Problem codes",
        "problems.html",
        "What each problem code of timeline check means, with an example that produces it and one "
        "that clears it.",
        stages=stages,
        example_files=example_files(),
    )


def example_files() -> list[tuple[str, str]]:
    """The data every example changes, as (path under data/, text) pairs, the event first; the
    files' own comments (which point here) left out."""
    names = [EXAMPLE_EVENT, "actors.yaml", "places.yaml", "topics.yaml", "series.yaml", "sources.yaml"]
    return [
        (
            name,
            "".join(
                line
                for line in (EXAMPLE_DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
                if not line.startswith("#")
            ),
        )
        for name in names
    ]


def data_page(ds: Dataset, renderer: Renderer = _PLAIN, options: SiteOptions | None = None) -> GeneratedPage:
    """The Data page: downloads, charts, and the code that embeds the timeline."""
    year_only = sum(1 for r in ds.events if r.event.date.month is None)
    month_header, month_rows = month_table(ds)
    month_unit = period_unit(monthly_counts(ds)) if month_rows else "month"
    return renderer.page(
        urls.source(urls.DATA),
        _("Data"),
        "data.html",
        count=len(ds.events),
        feed_limit=FEED_ENTRIES,
        planned=sum(1 for r in ds.events if r.event.status == "planned"),
        positions=sum(len(r.event.positions) for r in ds.events),
        year_only=year_only if month_unit == "month" else 0,  # counted by year, none is left out
        month_unit=month_unit,
        month_chart=Markup(events_per_month_svg(ds)),
        actor_chart=Markup(events_per_actor_svg(ds)),
        month_header=month_header,
        month_rows=month_rows,
        actor_rows=actor_table(ds),
        embed=embed_snippet(ds, options or SiteOptions()),
    )


def lane_css(vocabulary: Vocabulary) -> str:
    """Each lane's colour (validated #rrggbb) for its cards, axis marks and chart bars."""
    rules = ["\n/* The lanes' colours, from the site's vocabulary. */"]
    for number, colour in enumerate(vocabulary.colours):
        rules.append(
            f".tl-card.tl-f{number} {{ border-left-color: {colour}; }}\n"
            f".tl-axis .f{number} > *, .tl-chart .f{number} {{ fill: {colour}; stroke: {colour}; }}"
        )
    return "\n".join(rules) + "\n"


def asset_files(
    ds: Dataset | None = None, options: SiteOptions | None = None, cache: PageCache | None = None
) -> dict[str, bytes]:
    """The stylesheet and scripts the pages use, and the timeline's filter index, by site path."""
    folder = _PACKAGE / "assets"
    files = {urls.asset(name): (folder / name).read_bytes() for name in ASSETS}
    vocabulary = ds.vocabulary if ds is not None else DEFAULT_VOCABULARY
    files[urls.asset("timeline.css")] += lane_css(vocabulary).encode()
    if ds is not None and len(_timeline_chunks(ds, options or SiteOptions())) > 1:
        files[urls.FILTER_INDEX] = filter_index(ds, cache)
    return files


def moved_pages(ds: Dataset) -> dict[str, bytes]:
    """A page at each renamed event's former address (``formerly``) that leads readers, and
    search engines (canonical, noindex), to its address now: a shared link keeps working."""
    files = {}
    language = escape(i18n.current().language)
    for record in ds.events:
        title = escape(plain_text(record.event.title))
        for former in record.event.formerly:
            path, link = urls.moved(former, record.id)
            href = escape(link)
            heading = escape(_("Moved: {title}")).format(title=title)
            body = escape(_("This event has a new address: {link}.")).format(
                link=Markup(f'<a href="{href}">{title}</a>')
            )
            files[path] = (
                f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{heading}</title>\n"
                f'<meta http-equiv="refresh" content="0; url={href}">\n'
                f'<link rel="canonical" href="{href}">\n<meta name="robots" content="noindex">\n'
                f"</head>\n<body>\n<p>{body}</p>\n</body>\n</html>\n"
            ).encode()
    return files


EMBED_LATEST = 10
"""Events the embed shows: the latest (or the latest that match its filters); a link leads to
the rest on the timeline."""


def embed_page(ds: Dataset, options: SiteOptions, renderer: Renderer = _PLAIN) -> GeneratedPage:
    """The timeline for another site's iframe (``urls.EMBED``), rendered by the theme's
    ``embed.html`` without the site's chrome: the axis and the latest EMBED_LATEST events, newest
    first, and the timeline's URL parameters filter it as they filter the timeline. It holds
    the cards the timeline's latest page holds, all of them on a one-page timeline (filters hide
    cards), else the latest EMBED_LATEST and the filter index (filters list matches from it)."""
    src = urls.source(urls.EMBED)
    paged = len(_timeline_chunks(ds, options)) > 1
    records = ds.events[-EMBED_LATEST:] if paged else ds.events
    as_of = current_as_of(ds)
    page = renderer.page(
        src,
        _("Timeline"),
        "embed-timeline.html",
        ds=ds.registries,
        total=len(ds.events),
        groups=_grouped(records, newest_first=True),
        options=_filter_options(ds),
        index_url=urls.root_of(src) + urls.FILTER_INDEX if paged else "",
        axis=time_axis(ds, src, compact=True, cache=renderer.cache),
        show=EMBED_LATEST,
        as_of=as_of,
        updated=updated_label(ds, as_of),
    )
    return dataclasses.replace(page, searchable=False, theme_template="embed.html")


EMBED_SNIPPET = """\
<iframe src="{src}" title="{title}"
  loading="lazy" height="1200" style="display:block;width:100%;border:0"></iframe>
<script>
// {comment}
addEventListener("message", function (event) {{
  var data = event.data;
  if (!data || data.type !== "timeline:height" || !(data.height > 0)) return;
  document.querySelectorAll("iframe").forEach(function (frame) {{
    if (frame.contentWindow === event.source) frame.style.height = Math.ceil(data.height) + "px";
  }});
}});
</script>"""
"""The HTML another site pastes to show the embed (filled in by ``embed_snippet``)."""


def embed_snippet(ds: Dataset, options: SiteOptions) -> dict[str, str]:
    """The Data page's embed code (as text, escaped by the template): the embed's address,
    absolute with a site URL, else from the site's root (``relative`` then holds it relative
    to the Data page, for the page's script to make it absolute); and a filtered example."""
    absolute = options.site_url.startswith(("https://", "http://"))

    def address(url: str) -> str:
        return urls.absolute(url, options.site_url) if absolute else "/" + url

    src = address(urls.embed())
    title = _("{site}: the latest events").format(site=options.site_name or _("Timeline"))
    # Translators: a comment in the code another site pastes; keep 'timeline:height' as it is.
    comment = _(
        'Fits the frame to the timeline, which posts "timeline:height" messages when its height changes.'
    )
    counts = {str(actor): len(records) for actor, records in ds.by_actor.items()}
    busiest = max(sorted(counts), key=counts.__getitem__, default="")
    return {
        "code": EMBED_SNIPPET.format(src=escape(src), title=escape(title), comment=" ".join(comment.split())),
        "src": src,
        "relative": "" if absolute else urls.root_of(urls.source(urls.DATA)) + urls.embed(),
        "example": address(urls.embed({"actor": busiest})) if busiest in ds.actors else "",
        "example_name": ds.actors[busiest].name if busiest in ds.actors else "",
        "show": str(EMBED_LATEST),
    }
