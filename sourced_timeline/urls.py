"""The one owner of the site's addresses: where every generated thing lives and how it is linked.

Like Pelican's ``*_URL`` / ``*_SAVE_AS`` settings, each kind of output has one source path
(what an engine reads, ``events/<id>.md``), one URL (``events/<id>/``, directory URLs as
MkDocs and Zensical make them) and one output file (``events/<id>/index.html``). Pages,
templates (through their ``href`` filter), downloads, feeds, the search indexer and the
JavaScript's data all ask here; nothing else spells an address.
"""

from __future__ import annotations

from urllib.parse import urlencode

EVENTS = "events"
DOWNLOADS = "downloads"
ASSETS = "assets/timeline"
SEARCH_BUNDLE = "pagefind"
FILTER_NAMES = {"actors": "actor", "topics": "topic", "places": "place"}
"""The timeline's URL parameter that filters by each kind of entity."""
EVENT_URL_PATTERN = EVENTS + "/{id}/"
"""An event's URL with ``{id}`` to fill in: given to the JavaScript with the filter index."""


def source(url: str) -> str:
    """The Markdown source path of a page URL: 'events/x/' -> 'events/x.md', '' -> 'index.md'."""
    return f"{url.rstrip('/')}.md" if url else "index.md"


def url_of(src_uri: str) -> str:
    """The directory URL of a source path: 'events/x.md' -> 'events/x/', 'index.md' -> ''."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return f"{stem.removesuffix('/index')}/"


def folder_source(src_uri: str) -> str:
    """The same page as a folder's index: 'events/x.md' -> 'events/x/index.md'. Its folder is
    its URL's, so a relative link means the same whether an engine resolves it against the
    page's URL (MkDocs, for raw HTML) or against its source file (Zensical)."""
    return f"{url_of(src_uri)}index.md"


def output_path(src_uri: str) -> str:
    """Where a page is written: 'events/x.md' -> 'events/x/index.html', 'index.md' -> 'index.html'."""
    return f"{url_of(src_uri)}index.html"


def root_of(src_uri: str) -> str:
    """The relative prefix from a page back to the site root: 'events/x.md' -> '../../'."""
    return "../" * url_of(src_uri).count("/")


def root_of_file(path: str) -> str:
    """The relative prefix from a file of the site back to its root: 'downloads/x.atom' -> '../'."""
    return "../" * path.count("/")


def event(identifier: str) -> str:
    """An event's permanent address."""
    return EVENT_URL_PATTERN.format(id=identifier)


def moved(former: str, identifier: str) -> tuple[str, str]:
    """Where the page at a renamed event's former address is written, and the relative link
    from it to the event's address now."""
    src = source(event(former))
    return output_path(src), root_of(src) + event(identifier)


def entity(kind: str, identifier: str) -> str:
    """An actor's, topic's or place's page."""
    return f"{kind}/{identifier}/"


def registry(kind: str) -> str:
    """The list of every actor, topic or place."""
    return f"{kind}/"


def timeline(page: int | None = None, filters: dict[str, str] | None = None) -> str:
    """The timeline (its latest page), a numbered page, or a filtered view."""
    path = f"timeline/{page}/" if page else "timeline/"
    return f"{path}?{urlencode(filters)}" if filters else path


def entity_timeline(kind: str, identifier: str) -> str:
    """The timeline filtered to one actor, topic or place."""
    return timeline(filters={FILTER_NAMES[kind]: identifier})


EMBED = "embed/timeline/"
"""The timeline without the site's chrome, to show in another site's iframe; it takes the
timeline's URL parameters (``embed/timeline/?actor=x``)."""


def embed(filters: dict[str, str] | None = None) -> str:
    """The embeddable timeline, or an embedded filtered view."""
    return f"{EMBED}?{urlencode(filters)}" if filters else EMBED


FILTER_INDEX = "timeline/index.json"
"""Every event in compact form, for the timeline's filters across pages."""
SEARCH = "search/"
DATA = "data/"
PROBLEMS = "contributing/problems/"
RECORD_FORMAT = "contributing/records/"
CLI_REFERENCE = "contributing/cli/"


def download(name: str) -> str:
    """A file of the Data page: 'events.csv' -> 'downloads/events.csv'."""
    return f"{DOWNLOADS}/{name}"


def asset(name: str) -> str:
    """A stylesheet or script of the site."""
    return f"{ASSETS}/{name}"


def search_asset(name: str) -> str:
    """A file of Pagefind's bundle: its UI script, style."""
    return f"{SEARCH_BUNDLE}/{name}"


SEARCH_BUNDLE_PAGES = 4000
"""Generated pages per search bundle: Pagefind's memory grows with the pages it indexes at
once, so a large site is indexed as several bundles, one after another, that the search
UI merges."""


def search_bundles(page_count: int) -> list[str]:
    """The folders of the generated pages' search bundles: 'pagefind', then 'pagefind-2'..."""
    count = max(1, -(-page_count // SEARCH_BUNDLE_PAGES))
    return [SEARCH_BUNDLE] + [f"{SEARCH_BUNDLE}-{number}" for number in range(2, count + 1)]


def absolute(url: str, site_url: str) -> str:
    """A site URL made absolute with the configured site address (as it is without one)."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else url


CONTRIBUTOR_FOLDER = "contributing/"
"""Where the contributors' pages live; every other page is a reader's page."""

SITE_URL_VARIABLE = "TIMELINE_SITE_URL"
"""The environment variable holding the published site's address (mkdocs.yml reads it too)."""


def problem_code(code: str, site_url: str) -> str:
    """A problem code's entry on the published Problem codes page ('' without a site URL)."""
    if not site_url.startswith(("https://", "http://")):
        return ""
    return absolute(f"{PROBLEMS}#{code}", site_url)


CORRECTION_FORM = "correction.yml"
"""The issue form readers use to report a mistake (.github/ISSUE_TEMPLATE/)."""


def correction(repo_url: str, event_id: str, title: str) -> str:
    """The repository's correction form, prefilled with an event's id and title ('' without a
    repository)."""
    if not repo_url.startswith(("https://", "http://")):
        return ""
    query = urlencode({"template": CORRECTION_FORM, "title": f"Correction: {title}", "event": event_id})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"
