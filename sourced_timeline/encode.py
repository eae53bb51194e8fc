"""Encodings that keep a download inert for the program that opens it.

Text in the downloads is already sanitised (``sourced_timeline.render``); these make sure the
file formats themselves cannot turn it into something live: a formula in a spreadsheet,
markup or a script break in a page that embeds the JSON.
"""

from __future__ import annotations

# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet shows as text: one that would start a formula (even after
    spaces, which some importers trim) gets a leading apostrophe, as OWASP advises."""
    return "'" + cell if cell.lstrip(" ").startswith(_FORMULA_STARTS) else cell


def script_safe_json(text: str) -> bytes:
    """JSON that stays data wherever it lands: '<', '>' and '&' (only ever inside strings) and
    the line separators are written as \\u escapes, so even a JSON file pasted into a
    <script> element or an HTML page cannot close it or start markup."""
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text.encode("utf-8")
