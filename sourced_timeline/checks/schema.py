"""Problems with one record against the record format (the pydantic models): the codes, and
how pydantic's validation errors become problems placed in the YAML (``schema_problems``)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from sourced_timeline.characters import MAX_SHOWN, printable, shown
from sourced_timeline.checks.files import BAD_ID, ID_TOO_LONG
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented
from sourced_timeline.load import Document, OtherNotation
from sourced_timeline.model import MAX_ID_LENGTH, WINDOWS_RESERVED
from sourced_timeline.problems import Code, Problem

UNKNOWN_FIELD = documented(
    "unknown-field",
    "error",
    "A field the record format does not have (often a typo).",
    E(event="tittle: Town Hall"),
    E(),
    stage="schema",
)

MISSING_FIELD = documented(
    "missing-field",
    "error",
    "A required field is missing.",
    E(remove=("kind",)),
    E(),
    stage="schema",
)

WRONG_TYPE = documented(
    "wrong-type",
    "error",
    "A value of the wrong type (text, number, list), with what YAML read.",
    E(event="title: NO"),
    E(event='title: "NO"'),
    stage="schema",
)

BAD_VALUE = documented(
    "bad-value",
    "error",
    "A value the field does not allow: a status not in the list, an impossible date.",
    E(event="status: done"),
    E(),
    stage="schema",
)

TOO_FEW = documented(
    "too-few",
    "error",
    "A list with fewer items than required (every event has a source).",
    E(event="sources: []"),
    E(),
    stage="schema",
)

TOO_LONG = documented(
    "too-long",
    "error",
    "A text or list longer than its limit.",
    E(event="title: " + "x" * 201),
    E(event="title: " + "x" * 200),
    stage="schema",
)

NOT_A_MAPPING = documented(
    "not-a-mapping",
    "error",
    "A record that is not a mapping of fields.",
    E(special="raw:- title: x\n"),
    E(),
    stage="schema",
)

RULES = (
    UNKNOWN_FIELD,
    MISSING_FIELD,
    WRONG_TYPE,
    BAD_VALUE,
    TOO_FEW,
    TOO_LONG,
    NOT_A_MAPPING,
)
"""This stage's codes, in the order the reference lists them."""


# --- finding them: pydantic's errors as problems at their place in the YAML ---------------


_YAML_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
}


def schema_problems(
    model: type[BaseModel],
    document: Document,
    prefix: tuple[str, ...],
    error: ValidationError,
) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = prefix + tuple(detail["loc"])
        kind, value = detail["type"], detail.get("input")
        field = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            known = _field_names(model, detail["loc"][:-1])
            close = difflib.get_close_matches(str(field), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(known)
            problems.append(
                document.problem(loc, UNKNOWN_FIELD.code, f"unknown field '{field}'", hint, key=True)
            )
        elif kind == "missing":
            problems.append(
                document.problem(loc[:-1], MISSING_FIELD.code, f"missing required field '{field}'")
            )
        elif kind in _EXPECTED:
            problems.append(
                document.problem(
                    loc,
                    WRONG_TYPE.code,
                    f"'{_dotted(loc)}' should be {_EXPECTED[kind]}, got {describe_value(value)}",
                    _yaml_hint(document, loc),
                )
            )
        elif kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", detail["ctx"]["expected"])
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(allowed)
            problems.append(
                document.problem(loc, BAD_VALUE.code, f"'{_dotted(loc)}' cannot be {shown(value)}", hint)
            )
        elif kind in ("string_pattern_mismatch", "reserved_id", "long_id"):
            problems.append(
                document.problem(loc, id_code(detail), id_message(str(value), detail), id_hint(str(value)))
            )
        elif kind in ("too_long", "string_too_long"):
            limit = detail["ctx"].get("max_length")
            unit = "items" if isinstance(value, list) else "characters"
            size = f" ({len(value):,} now)" if isinstance(value, list | str) else ""
            problems.append(
                document.problem(
                    loc,
                    TOO_LONG.code,
                    f"'{_dotted(loc)}' may hold at most {limit:,} {unit}{size}",
                    "shorten it",
                )
            )
        elif kind == "too_short":
            needed = detail["ctx"]["min_length"]
            problems.append(
                document.problem(
                    loc,
                    TOO_FEW.code,
                    f"'{_dotted(loc)}' needs at least {needed} item{'s' if needed > 1 else ''}",
                )
            )
        else:
            message = detail["msg"].removeprefix("Value error, ")
            problems.append(document.problem(loc, BAD_VALUE.code, f"'{_dotted(loc)}': {message}"))
    return problems


def _field_names(model: type[BaseModel], loc: Iterable[str | int]) -> list[str]:
    """Names of the fields of the (nested) model found by following ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = next((a for a in _flatten(annotation) if _is_model(a)), None)
        if current is None:
            return []
    return list(current.model_fields)


def _flatten(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    if not args or get_origin(annotation) is type(None):
        return [annotation]
    return [leaf for arg in args for leaf in _flatten(arg)]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _yaml_hint(document: Document, loc: tuple[str | int, ...]) -> str:
    """Explain a YAML 1.1 surprise: NO read as false, 1:30 as 90, 0755 as 493."""
    _, node = document.node_at(loc)
    if not isinstance(node, ScalarNode) or node.style or node.tag not in _YAML_TYPE_NAMES:
        return ""
    written = printable(node.value, MAX_SHOWN)
    value = _value_at(document, loc)
    if isinstance(value, OtherNotation):
        number = value.value()
        read_as = f"the number {number}" if number is not None else "a number"
        digits = (
            f"if a number, write it in decimal digits ({number})"
            if number is not None
            else ("a number here is at most a few digits")
        )
        return (
            f'YAML 1.1 reads {written} as {read_as}; if it is text, put it in quotes: "{written}"; {digits}'
        )
    if node.tag.endswith(":null") and not node.value:
        return "nothing is written after the colon; fill it in, or delete the line"
    return f'YAML reads {written} as {_YAML_TYPE_NAMES[node.tag]}; put it in quotes: "{written}"'


def _value_at(document: Document, loc: tuple[str | int, ...]) -> Any:
    value = document.data
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, OtherNotation):
        return f"the number {shown(value.text)}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > 64:
        return shown(value)  # 'a number of about 4336 digits': too long to print
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part + 1 if isinstance(part, int) else part) for part in loc)


def id_code(detail: Any) -> Code:
    return ID_TOO_LONG.code if detail["type"] == "long_id" else BAD_ID.code


def id_message(identifier: str, detail: Any) -> str:
    if detail["type"] in ("reserved_id", "long_id"):
        return str(detail["msg"])
    return f"{shown(identifier)} is not a valid id"


def id_hint(identifier: str) -> str:
    if any(unicodedata.category(ch) in ("Cf", "Zs", "Cc") and ch != " " for ch in identifier):
        return "it contains an invisible or control character; retype it"
    if " " in identifier.strip():
        return "ids use hyphens, not spaces: " + "-".join(identifier.lower().split())
    if identifier != identifier.lower():
        return "use lower case"
    if identifier in WINDOWS_RESERVED:
        return "choose a longer id, e.g. add the country"
    if len(identifier) > MAX_ID_LENGTH:
        return f"shorten it to {MAX_ID_LENGTH} characters or fewer: longer paths break a Windows checkout"
    return "ids are lowercase letters, digits and single hyphens"
