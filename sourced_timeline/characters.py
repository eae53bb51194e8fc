"""Which characters a record may hold, how to show any text safely in a log, and look-alikes.

One policy for every stage: the loader refuses these characters wherever they appear in a
record file (raw or written as a YAML escape), the models refuse them in any text built
another way, and the reporters escape them in whatever they print.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters no record needs and that break or deceive a consumer:
# - C0 and C1 controls (XML and lxml refuse them; \x1b drives terminals), DEL, lone CR;
# - line and paragraph separators and NEL (YAML counts them as line breaks, editors do not,
#   so every later line number would be wrong; JavaScript before ES2019 ends strings at them);
# - format and default-ignorable characters: bidi controls (Trojan Source, CVE-2021-42574),
#   zero-width characters, soft hyphen, fillers, variation selectors, tag characters;
# - surrogates, noncharacters and private-use characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_OTHER = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
    + _INVISIBLE
    + "\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "\U000f0000-\U0010fffd"
)
UNSAFE = re.compile(f"[{_OTHER}\r\t]")
"""Characters refused in any value (a newline is not among them: summaries have paragraphs)."""
UNSAFE_IN_FILE = re.compile(f"[{_OTHER}\t]|\r(?!\n)")
"""Characters refused anywhere in a record file's text, comments included."""
_UNSAFE_IN_LOG = re.compile(f"[{_OTHER}\t\n\r]")
# The refused characters that str.isprintable() accepts (fillers, variation selectors,
# combining grapheme joiner...): with it, most text is cleared in C at a fraction of the
# cost of the full class above, which Python's re scans slowly.
_PRINTABLE_BUT_UNSAFE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)


def _surely_safe(text: str) -> bool:
    if text.isascii():  # no ASCII character is refused but for controls, which are not printable
        return text.isprintable()
    return text.isprintable() and not _PRINTABLE_BUT_UNSAFE.search(text)


def unsafe_in_value(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that no value may hold, or None."""
    if _surely_safe(text.replace("\n", "")):
        return None
    return UNSAFE.search(text)


def unsafe_in_file(text: str) -> re.Match[str] | None:
    """The first character of a record file's text that it may not hold, or None."""
    if _surely_safe(text.replace("\r\n", "").replace("\n", "")):
        return None
    return UNSAFE_IN_FILE.search(text)


MAX_SHOWN = 80
"""The longest piece of a record that a message quotes."""


def character_name(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or just the code point when Unicode has no name."""
    if character == "\r":
        return "U+000D CARRIAGE RETURN"
    if character == "\t":
        return "U+0009 TAB"
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return f"{code} {name}" if name else code


def why_refused(character: str) -> str:
    """A message for a refused character, with what to do about it."""
    if character == "\t":
        return "a tab character; YAML and the site need spaces: replace it with spaces"
    if character in "\r\u2028\u2029\x85":
        return (
            f"the line break {character_name(character)}; editors and YAML disagree on where "
            "its lines end: use an ordinary line break (LF)"
        )
    return f"the invisible or control character {character_name(character)}; delete it"


def printable(text: str, limit: int | None = None) -> str:
    """Text safe to print on one log line: control, invisible and line-break characters
    written as escapes, so a value can neither start a new line (a forged
    problem, a GitHub workflow command) nor hide or reorder what is shown. Trimmed to
    ``limit`` characters with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return _UNSAFE_IN_LOG.sub(escape, text)


def shown(value: object) -> str:
    """A value quoted in a problem message: trimmed, and never a number too long to print."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = str(value)
    return f"'{text[: MAX_SHOWN - 1]}…'" if len(text) > MAX_SHOWN else f"'{text}'"


@lru_cache(maxsize=4096)
def _prototype(character: str) -> str:
    from confusable_homoglyphs.confusables import confusables_data  # 0.06 s: only when needed

    candidates = [character] + [h["c"] for h in confusables_data.get(character, []) if len(h["c"]) == 1]
    return str(min(candidates))


def skeleton(text: str) -> str:
    """A form under which look-alike names compare equal: 'Russiа' (Cyrillic а) and 'russia'.

    In the spirit of Unicode TS #39's skeleton: compatibility-normalised, case-folded, and
    each character replaced by its lowest look-alike in the Unicode confusables data.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(_prototype(character) for character in folded)
