"""Problems with the data folder itself: file names, places, kinds of file, sizes, encodings and ids."""

from __future__ import annotations

from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented

FILE_NAME = documented(
    "file-name",
    "error",
    "Record files end in '.yaml', in lower case.",
    E(file="events/2026/2026-02-17-third-hearing.yml"),
    E(),
    stage="files",
)

FILE_PLACE = documented(
    "file-place",
    "error",
    "A record lies where the checker does not read records.",
    E(file="events/2026-02-17-third-hearing.yaml"),
    E(),
    stage="files",
)

IGNORED_FILE = documented(
    "ignored-file",
    "warning",
    "A file in the data folder that is not a record (hidden, or not .yaml).",
    E(special="copy:events/2026/notes.txt"),
    E(),
    stage="files",
)

SYMLINK = documented(
    "symlink",
    "error",
    "A symbolic link in the data folder (it could point anywhere).",
    E(special="symlink"),
    E(),
    stage="files",
)

NOT_A_FILE = documented(
    "not-a-file",
    "error",
    "A pipe, socket or device named like a record.",
    E(special="fifo"),
    E(),
    stage="files",
)

MISSING_FILE = documented(
    "missing-file",
    "error",
    "A registry (actors.yaml, topics.yaml, places.yaml, sources.yaml, series.yaml) is missing.",
    E(special="no-topics"),
    E(),
    stage="files",
)

TOO_LARGE = documented(
    "too-large",
    "error",
    "A file over the size limit (256 KiB).",
    E(event="summary: " + "x" * 270_000),
    E(),
    stage="files",
)

NOT_UTF8 = documented(
    "not-utf8",
    "error",
    "Bytes that are not UTF-8.",
    E(special="bytes:title: Caf\xe9 meeting\n"),
    E(),
    stage="files",
)

BAD_ID = documented(
    "bad-id",
    "error",
    "An id (a file name or a reference) that is not lowercase ASCII words and hyphens.",
    E(file="events/2026/2026-02-17-Third-Hearing.yaml"),
    E(),
    stage="files",
)

ID_TOO_LONG = documented(
    "id-too-long",
    "error",
    "An id longer than 80 characters: ids become file and folder names, and a default "
    "Windows checkout refuses paths longer than 260 characters.",
    E(file="events/2026/2026-02-17-" + "-".join(["hearing"] * 10) + ".yaml"),
    E(),
    stage="files",
)

WRONG_FOLDER = documented(
    "wrong-folder",
    "error",
    "An event file outside the folder of its year.",
    E(file="events/2025/2026-02-17-third-hearing.yaml"),
    E(),
    stage="files",
)

ID_DATE = documented(
    "id-date",
    "warning",
    "The date in the file name disagrees with the event's date.",
    E(event="date: 2026-02-16", remove=("end",)),
    E(),
    stage="files",
)

RULES = (
    FILE_NAME,
    FILE_PLACE,
    IGNORED_FILE,
    SYMLINK,
    NOT_A_FILE,
    MISSING_FILE,
    TOO_LARGE,
    NOT_UTF8,
    BAD_ID,
    ID_TOO_LONG,
    WRONG_FOLDER,
    ID_DATE,
)
"""This stage's codes, in the order the reference lists them."""
