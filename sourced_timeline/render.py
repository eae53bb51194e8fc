"""Record text to safe HTML: a fixed, minimal Markdown, then an allowlist sanitiser.

Record text is untrusted. It is rendered with Python-Markdown and no extensions (no file
inclusion, no attribute lists, no templating), cleaned by nh3 to a few inline and block
tags with http(s) links only, and braces are entity-encoded so no later templating step
(a macros plugin, say) can ever evaluate ``{{ ... }}`` from a record.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

import markdown
import nh3
from markupsafe import Markup

_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote"}
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https"}


def inert(html: str) -> str:
    """Encode braces so that no template engine downstream sees an expression."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")
_PLAIN_PARAGRAPH = re.compile(
    r"(?=[^\W_])(?!\d+\. )(?:[^\W_]|[ \"'(),./:;?%$@+=|~^#-]|[\u2010-\u2027\u2030-\u205e])*"
)
"""Text that Markdown and the sanitiser leave as it is, in one paragraph: one line that starts
with a letter or digit (not a numbered list's ``1. ``), holds no character with a meaning in
Markdown or HTML (no ``*_`[]<>&!\\``) and no whitespace but spaces (tested against
``_markdown_to_html``)."""


@lru_cache(maxsize=1 << 16)
def render_markdown(text: str) -> Markup:
    """Untrusted Markdown from a record, as sanitised HTML (memoised: a summary appears on
    its card, its page and in every export)."""
    if _PLAIN_PARAGRAPH.fullmatch(text):  # most summaries: Markdown would only wrap them
        return Markup(inert(f"<p>{text}</p>"))
    return _markdown_to_html(text)


def _markdown_to_html(text: str) -> Markup:
    """Markdown, then the sanitiser, then braces encoded: the full path."""
    try:
        html = _MARKDOWN.reset().convert(text)
    except RecursionError:  # the checker refuses deep nesting; never let it end a build
        html = "<p>" + escape(text) + "</p>"
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(inert(clean))


@lru_cache(maxsize=1 << 16)
def render_plain(text: str) -> Markup:
    """Untrusted plain text (titles, names, stances): any markup dropped, the rest escaped."""
    return Markup(inert(nh3.clean(text, tags=set(), attributes={})))


def _text_of(html: str) -> str:
    """The text of sanitised HTML, on one line; '<' and '>' stay escaped, so a consumer that
    inserts it as HTML (innerHTML, a feed reader, a calendar) still shows text, never markup."""
    text = unescape(nh3.clean(html, tags=set(), attributes={}))
    return " ".join(text.replace("<", "&lt;").replace(">", "&gt;").split())


@lru_cache(maxsize=1 << 16)
def to_text(text: str) -> str:
    """Untrusted Markdown from a record (a summary) as plain text for exports."""
    return _text_of(render_markdown(text))


@lru_cache(maxsize=1 << 16)
def plain_text(text: str) -> str:
    """Untrusted plain text from a record (a title, a name, a stance) for exports: the words
    its page shows, never markup."""
    return _text_of(text)


def meta_description(text: str, limit: int = 160) -> str:
    """Untrusted Markdown as a page's meta description: plain text, cut at a word within
    ``limit`` characters, HTML-escaped for an attribute (themes print it as it is)."""
    words = unescape(to_text(text))
    if len(words) > limit:
        words = words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return escape(words, quote=True)
