"""Citations resolved: an event's citation of a source, joined with the source document it
names in sources.yaml, as the site and the exports show it."""

from __future__ import annotations

from dataclasses import dataclass

from sourced_timeline.dates import EventDate
from sourced_timeline.model import Attribution, Citation, Source


@dataclass(frozen=True)
class CitedSource:
    """One numbered source of an event: the source document's facts (publisher, headline,
    date…) and this citation's (attribution, who, quote, locator), read as one object."""

    id: str
    """The source's id in sources.yaml (its page is sources/<id>/)."""
    entry: Source
    citation: Citation

    @property
    def publisher(self) -> str | None:
        return self.entry.publisher

    @property
    def publisher_note(self) -> str | None:
        return self.entry.publisher_note

    @property
    def title(self) -> str | None:
        """The headline (what the event pages called the source's title)."""
        return self.entry.headline

    @property
    def headline(self) -> str | None:
        return self.entry.headline

    @property
    def language(self) -> str | None:
        return self.entry.language

    @property
    def url(self) -> str | None:
        return self.entry.url

    @property
    def archive_url(self) -> str | None:
        return self.entry.archive_url

    @property
    def date(self) -> EventDate:
        return self.entry.date

    @property
    def approximate(self) -> bool:
        return self.entry.approximate

    @property
    def date_note(self) -> str | None:
        return self.entry.date_note

    @property
    def source_via(self) -> str | None:
        """The outlet the source document as a whole reports from."""
        return self.entry.via

    @property
    def via(self) -> str | None:
        """The outlet this claim was reported to, as the source credits it."""
        return self.citation.via

    @property
    def attribution(self) -> Attribution:
        return self.citation.attribution

    @property
    def attributed_to(self) -> str | None:
        return self.citation.attributed_to

    @property
    def quote(self) -> str | None:
        return self.citation.quote

    @property
    def locator(self) -> str | None:
        return self.citation.locator


def resolve(citations: list[Citation], sources: dict[str, Source]) -> tuple[CitedSource, ...]:
    """An event's citations joined with their source documents (every id known: checked)."""
    return tuple(CitedSource(c.source, sources[c.source], c) for c in citations)
