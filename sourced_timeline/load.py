"""Read YAML record files safely, keeping the line and column of every value.

Only this module and the writers at the end of the pipeline touch disk. Parsing uses
libyaml's composer (fast, C) with PyYAML's *safe* resolver; Python values are then built
from the node tree by a small walker that refuses what PyYAML would silently accept:
duplicate keys, aliases (the "billion laughs" bomb), non-standard tags such as
``!!python/object/apply``, nesting beyond a fixed depth, oversized or non-UTF-8 files.
The node tree is kept, so any value's position can be found after validation.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sourced_timeline.characters import (
    UNSAFE_IN_FILE,
    printable,
    unsafe_in_file,
    unsafe_in_value,
    why_refused,
)
from sourced_timeline.checks.files import (
    FILE_NAME,
    FILE_PLACE,
    IGNORED_FILE,
    NOT_A_FILE,
    NOT_UTF8,
    SYMLINK,
    TOO_LARGE,
)
from sourced_timeline.checks.reading import (
    ALIAS,
    BAD_CHARACTER,
    DUPLICATE_KEY,
    EMPTY_FILE,
    KEY_NOT_TEXT,
    TAB,
    TOO_DEEP,
    UNSAFE_TAG,
    YAML_SYNTAX,
)
from sourced_timeline.problems import Code, Problem, Severity

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32
# libyaml's composer recurses in C and crashes the interpreter near 25,000 levels. Each
# level of nesting needs an indicator character of its own ([ { - : ?), so a file with
# fewer than this many cannot nest that deep and is composed directly.
_C_SAFE_INDICATORS = 5_000

REGISTRIES = ("actors", "topics", "places", "sources", "series")
"""The registries, each a mapping of id to record: sources.yaml holds the source documents
events cite, series.yaml the series their rounds belong to."""
OPTIONAL_FILES = ("summary", "vocabulary", "eras")
"""Top-level record files a data folder may have: summary.yaml, where things stand,
vocabulary.yaml, the site's own kinds and lanes, and eras.yaml, named periods."""

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _INT = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "int"
_SCALAR_BUILDERS = {
    _TAG + "null": SafeConstructor.construct_yaml_null,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "timestamp": SafeConstructor.construct_yaml_timestamp,
}
_CONSTRUCTOR = SafeConstructor()
# The only integers built: plain decimal digits, short enough to print. YAML 1.1 also reads
# 0x10, 0b11, 017, 1_000 and 190:20:30 as numbers (YAML 1.2 and editors disagree on some):
# those become OtherNotation, which every field refuses with an explanation.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
MAX_REPORTED_CHARACTERS = 20
"""Refused characters reported per file; the rest are counted."""


@dataclass(frozen=True)
class OtherNotation:
    """A number in a notation other than plain decimal digits (0x10, 1_000, 1:30, 0755), or
    too long to be one: refused by every field, so no reader of the file guesses its value."""

    text: str

    def __str__(self) -> str:
        return self.text

    def value(self) -> int | None:
        """What YAML 1.1 makes of it, when that is a number of reasonable size."""
        if len(self.text) > 40:
            return None
        try:
            return int(_CONSTRUCTOR.construct_yaml_int(ScalarNode(_INT, self.text)))
        except (ValueError, ConstructorError):
            return None


MAPPING_SCAN = 16
"""Mappings up to this many keys are scanned for a key; larger ones are indexed once."""


@dataclass
class Document:
    """One parsed YAML file: its Python value, and its text to locate any value on demand.

    The node tree is not kept: holding a million nodes alive makes the garbage collector
    dominate a 10,000-file check. Positions are needed only for problems, so the text is
    composed again, once, the first time a position is asked for.
    """

    path: str
    data: Any
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    _root: Node | None = field(default=None, repr=False)
    _keys: dict[int, dict[Any, tuple[Node, Node]]] = field(default_factory=dict, repr=False)
    """Each large mapping's keys, indexed on first lookup: a file with thousands of problems
    would otherwise scan its keys once per problem (quadratic)."""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its node tree (sent from a second process): composed again if needed."""
        return {**self.__dict__, "_root": None, "_keys": {}}

    @property
    def root(self) -> Node | None:
        """The composed node tree (built again on first use)."""
        if self._root is None and self.text and self.data is not None:
            self._root = _compose(self.text)
        return self._root

    def node_at(self, loc: Iterable[str | int]) -> tuple[Node | None, Node | None]:
        """The (key node, value node) found by following ``loc``; stops where it breaks off."""
        key_node, node = None, self.root
        for part in loc:
            if isinstance(node, MappingNode):
                found = self._entry(node, part)
                if found is None:
                    break
                key_node, node = found
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                key_node, node = None, node.value[part]
            else:
                break
        return key_node, node

    def _entry(self, mapping: MappingNode, key: str | int) -> tuple[Node, Node] | None:
        """The first (key node, value node) of MAPPING whose key is KEY."""
        if len(mapping.value) <= MAPPING_SCAN:
            return next(((k, v) for k, v in mapping.value if k.value == key), None)
        index = self._keys.get(id(mapping))
        if index is None:
            index = self._keys[id(mapping)] = {}
            for k, v in mapping.value:
                if isinstance(k.value, str):
                    index.setdefault(k.value, (k, v))
        return index.get(key) if isinstance(key, str) else None

    def position(self, loc: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``loc``, or of its key when ``key``."""
        key_node, node = self.node_at(loc)
        target = key_node if key and key_node is not None else node
        if target is None:
            return 1, 1
        return target.start_mark.line + 1, target.start_mark.column + 1

    def problem(
        self,
        loc: Iterable[str | int],
        code: Code,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        severity: Severity = "error",
    ) -> Problem:
        """A Problem placed at ``loc`` in this document."""
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, code, message, hint, severity)


class _Refusal(Exception):
    """A file that cannot be turned into a value at all; carries where and why."""

    def __init__(self, line: int, column: int, code: Code, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message, self.hint = line, column, code, message, hint

    @classmethod
    def at(cls, node: Node, code: Code, message: str, hint: str = "") -> _Refusal:
        mark = node.start_mark
        return cls(mark.line + 1, mark.column + 1, code, message, hint)


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, refusing unsafe shapes."""

    def __init__(self, path: str, check_strings: bool) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # Escapes in double quotes ("\a", "\x1b", "\u202e") make characters the raw
        # text does not hold: only then is every string looked at.
        self.check_strings = check_strings
        self.refused = False

    def build(self, node: Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _Refusal.at(node, TOO_DEEP.code, f"nesting deeper than {MAX_DEPTH} levels")
        tag = node.tag
        cls = node.__class__
        if cls is ScalarNode:
            if tag == _STR:
                if self.check_strings:
                    self._check_string(node)
                return node.value
            builder = _SCALAR_BUILDERS.get(tag)
            if builder is None:
                raise self._bad_tag(node)
            if tag == _INT and not _PLAIN_INT.fullmatch(node.value):
                return OtherNotation(node.value)
            try:
                return builder(_CONSTRUCTOR, node)  # type: ignore[arg-type]
            except (ValueError, ConstructorError):
                # e.g. the timestamp 2026-02-30: keep the text so the schema can explain.
                return node.value
        if cls is SequenceNode:
            if tag != _SEQ:
                raise self._bad_tag(node)
            return [self.build(item, depth + 1) for item in node.value]
        if cls is MappingNode:
            if tag != _MAP:
                raise self._bad_tag(node)
            assert isinstance(node, MappingNode)
            return self._build_mapping(node, depth)
        raise self._bad_tag(node)  # pragma: no cover - libyaml yields only these three

    def _build_mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
                if key_node.tag == _TAG + "merge":
                    raise _Refusal.at(key_node, ALIAS.code, "YAML merge keys (<<) are not allowed")
                shown = getattr(key_node, "value", "")
                self._report(
                    key_node,
                    KEY_NOT_TEXT.code,
                    f"key {shown!r} is not plain text",
                    "keys are field names or ids; put this one in quotes",
                )
                continue
            key = key_node.value
            if self.check_strings:
                self._check_string(key_node)
            if key in first_seen:
                self._report(
                    key_node,
                    DUPLICATE_KEY.code,
                    f"duplicate key '{key}'",
                    f"first given on line {first_seen[key].start_mark.line + 1}; "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1)
        return result

    def _check_string(self, node: Node) -> None:
        match = unsafe_in_value(node.value)
        if match:
            self.refused = True
            self._report(
                node,
                BAD_CHARACTER.code,
                f"this value holds {why_refused(match.group())}",
                "it comes from an escape in double quotes, such as \\a or \\x1b",
            )

    def _report(self, node: Node, code: Code, message: str, hint: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message, hint))

    @staticmethod
    def _bad_tag(node: Node) -> _Refusal:
        return _Refusal.at(
            node,
            UNSAFE_TAG.code,
            f"tag '{node.tag}' is not allowed",
            "records hold only text, numbers, booleans, dates, lists and mappings",
        )


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _scan_events(text: str) -> None:
    """Walk the event stream (no recursion), refusing aliases and nesting beyond MAX_DEPTH."""
    parser = yaml.CSafeLoader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                line, column = _mark(event)
                raise _Refusal(
                    line,
                    column,
                    ALIAS.code,
                    "YAML aliases (*name) are not allowed in records",
                    "write the value out in full",
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = _mark(event)
                    raise _Refusal(line, column, TOO_DEEP.code, f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        parser.dispose()


class _Composer(yaml.CSafeLoader):
    """libyaml's composer with the safe loader's tags, resolved by a leaner path.

    libyaml calls back into Python three times for every node: to resolve its tag, and to
    descend into and ascend from it for path resolvers, which the safe loader has none of.
    Those two become calls to C built-ins that do nothing, and a scalar's tag is looked up
    among the implicit resolvers for its first character only (the safe loader has no
    resolver for every character): the same tags, a sixth less time to compose a record.
    """

    descend_resolver = {}.get  # type: ignore[assignment,var-annotated]  # (parent, index) -> None, in C
    ascend_resolver = [].clear  # () -> None, in C

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return _SEQ if kind is SequenceNode else _MAP
        if implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return str(tag)
        return _STR


assert None not in yaml.CSafeLoader.yaml_implicit_resolvers and not yaml.CSafeLoader.yaml_path_resolvers


def _compose(text: str) -> Node | None:
    # Only a file with '&' can define an anchor for an alias to expand (a "billion laughs"
    # bomb), and only one with many indicators can nest deep enough to crash libyaml: only
    # those pay for a first pass over the events, before any node is built.
    if "&" in text or (len(text) > _C_SAFE_INDICATORS and sum(map(text.count, "[{-:?")) > _C_SAFE_INDICATORS):
        _scan_events(text)
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax_refusal(text: str, error: yaml.YAMLError) -> _Refusal:
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _line_column(text, error.position)
        return _Refusal(
            line,
            column,
            BAD_CHARACTER.code,
            f"character {error.character!r} is not allowed in YAML",
            "remove the control character",
        )
    assert isinstance(error, yaml.MarkedYAMLError)
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = error.problem or error.context or "invalid YAML"
    hint = ""
    if "nesting depth" in message:  # libyaml >= 0.2.6 stops at 1,000 levels while scanning
        return _Refusal(line, column, TOO_DEEP.code, f"nesting deeper than {MAX_DEPTH} levels")
    if "tab" in message:
        hint = "indent with spaces: YAML does not allow tabs for indentation"
    elif "another document" in message:
        message, hint = "more than one YAML document in the file", "one record per file: remove '---'"
    elif error.context:
        message = f"{message} ({error.context})"
    return _Refusal(line, column, YAML_SYNTAX.code, message, hint)


def display_path(path: str | Path) -> str:
    """The path as a contributor would type it: relative to the working directory if inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def record_name(shown_data_dir: str, relative: str) -> str:
    """How problems name a file under the data folder: the folder as ``display_path`` shows it,
    then the file's path inside it ('events/2026/x.yaml' when the data folder is the working
    directory). Every caller that names a record file (the checker, ``--changed``, FILE
    arguments) goes through here, so names compare equal whatever spelling of --data."""
    return relative if shown_data_dir in ("", ".") else f"{shown_data_dir}/{relative}"


def _character_problems(text: str, path: str) -> list[Problem]:
    """Every refused character in the raw text, placed by line as editors count lines."""
    problems = []
    for count, match in enumerate(UNSAFE_IN_FILE.finditer(text)):
        if count == MAX_REPORTED_CHARACTERS:
            rest = sum(1 for _ in UNSAFE_IN_FILE.finditer(text, match.start()))
            problems.append(
                Problem(
                    path,
                    *_line_column(text, match.start()),
                    BAD_CHARACTER.code,
                    f"{rest} more refused character(s) in this file",
                )
            )
            break
        code = TAB.code if match.group() == "\t" else BAD_CHARACTER.code
        problems.append(
            Problem(
                path, *_line_column(text, match.start()), code, f"the file holds {why_refused(match.group())}"
            )
        )
    return problems


def parse_text(text: str, path: str) -> Document:
    """Parse one record's YAML text; problems are collected on the returned Document."""
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    if unsafe_in_file(text):
        return Document(path, None, problems=_character_problems(text, path))
    builder = _Builder(path, check_strings="\\" in text)
    try:
        root = _compose(text)
        if root is None:
            raise _Refusal(1, 1, EMPTY_FILE.code, "the file holds no record", "delete it or fill it in")
        data = builder.build(root)
        if builder.refused:
            return Document(path, None, problems=builder.problems)
    except yaml.YAMLError as error:
        refusal = _syntax_refusal(text, error)
        return Document(path, None, problems=[_as_problem(path, refusal)])
    except _Refusal as refusal:
        return Document(path, None, problems=[*builder.problems, _as_problem(path, refusal)])
    return Document(path, data, text, builder.problems)


def _as_problem(path: str, refusal: _Refusal) -> Problem:
    return Problem(path, refusal.line, refusal.column, refusal.code, refusal.message, refusal.hint)


def load_file(path: str | Path, shown: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse one record file within the size limit; ``shown`` names it in problems."""
    shown = shown or display_path(path)
    try:
        text = _read_text(path, max_bytes)
    except _Refusal as refusal:
        return Document(shown, None, problems=[_as_problem(shown, refusal)])
    return parse_text(text, shown)


def _read_text(path: str | Path, max_bytes: int) -> str:
    """A regular file's UTF-8 text, at most ``max_bytes``; a _Refusal says why not."""
    # O_NONBLOCK: a named pipe called *.yaml must not hang the check; only regular files are read.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _Refusal(1, 1, NOT_A_FILE.code, "not a regular file", "records are ordinary files")
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _Refusal(
            1,
            1,
            TOO_LARGE.code,
            f"file is larger than the {max_bytes:,}-byte limit",
            "a record this big is almost certainly a mistake",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _Refusal(
            line,
            column,
            NOT_UTF8.code,
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        ) from None


@dataclass
class RecordFiles:
    """The record files under a data folder (paths relative to it), and layout problems."""

    registries: dict[str, str]
    events: list[str]
    problems: list[Problem]


def find_record_files(data_dir: Path) -> RecordFiles:
    """List registry and event files under ``data_dir``, sorted; every other entry is a problem."""
    found = RecordFiles({}, [], [])
    shown = display_path(data_dir)
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(data_dir, folder)) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if relative.split("/")[0] == MEDIA_FOLDER:  # images events show, not records
                    problem = _media_problem(entry, relative)
                    if problem is None and entry.is_dir(follow_symlinks=False):
                        pending.append(relative)
                    elif problem is not None:
                        code, message, hint, severity = problem
                        found.problems.append(
                            Problem(record_name(shown, relative), 1, 1, code, message, hint, severity)
                        )
                    continue
                problem = _layout_problem(entry, relative)
                if problem:
                    code, message, hint, severity = problem
                    found.problems.append(
                        Problem(record_name(shown, relative), 1, 1, code, message, hint, severity)
                    )
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(relative)
                elif relative.count("/") == 0:
                    found.registries[entry.name[:-5]] = relative
                else:
                    found.events.append(relative)
    found.events.sort()
    return found


MEDIA_FOLDER = "media"
"""The folder of the data folder that holds the image files events show (not records)."""
MEDIA_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _media_problem(entry: os.DirEntry[str], relative: str) -> tuple[Code, str, str, Severity] | None:
    """Why an entry under data/media/ is out of place, or None for a folder or an image."""
    if entry.is_symlink() or entry.name.startswith("."):
        return _layout_problem(entry, relative)
    if entry.is_dir(follow_symlinks=False) or (
        entry.is_file(follow_symlinks=False) and entry.name.endswith(MEDIA_EXTENSIONS)
    ):
        return None
    return (
        IGNORED_FILE.code,
        "not an image file: media/ holds the images events show",
        "name images .jpg, .jpeg, .png, .webp or .gif in lower case; keep other files elsewhere",
        "warning",
    )


def _layout_problem(entry: os.DirEntry[str], relative: str) -> tuple[Code, str, str, Severity] | None:
    """Why a folder entry may not be read as a record, or None if it may."""
    name = entry.name
    if name.startswith("."):
        return (
            IGNORED_FILE.code,
            "hidden entries in the data folder are ignored",
            "records are never hidden: rename it, or remove it from the data folder",
            "warning",
        )
    if entry.is_symlink():
        return (
            SYMLINK.code,
            "symbolic links are not allowed in the data folder",
            "commit the file itself",
            "error",
        )
    if entry.is_dir(follow_symlinks=False):
        depth_ok = relative == "events" or (relative.startswith("events/") and relative.count("/") == 1)
        return (
            None
            if depth_ok
            else (
                FILE_PLACE.code,
                "unexpected folder in the data folder",
                "events go in events/<year>/<id>.yaml",
                "error",
            )
        )
    if not entry.is_file(follow_symlinks=False):
        return (
            NOT_A_FILE.code,
            "not a regular file (a pipe, socket or device) in the data folder",
            "remove it: records are ordinary files",
            "error",
        )
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in ("yaml", "yml") and extension != "yaml":
        return (
            FILE_NAME.code,
            "record files end in '.yaml', in lower case",
            f"rename to {printable(stem)}.yaml",
            "error",
        )
    if not dot or extension != "yaml":
        return (
            IGNORED_FILE.code,
            "not a record file: the checker ignores it",
            "the data folder holds only .yaml records; move it elsewhere",
            "warning",
        )
    top_level = relative.count("/") == 0
    if (top_level and stem in (*REGISTRIES, *OPTIONAL_FILES)) or (
        relative.startswith("events/") and relative.count("/") == 2
    ):
        return None
    return (
        FILE_PLACE.code,
        "not a place the checker reads records from",
        "events go in events/<year>/<id>.yaml; registries are "
        + ", ".join(f"{name}.yaml" for name in REGISTRIES)
        + "; where things stand is summary.yaml",
        "error",
    )
