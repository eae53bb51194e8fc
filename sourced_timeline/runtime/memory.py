"""The shared memory folder: files there live in RAM (Linux's tmpfs), for the search index's
pages, which are written once and read once."""

from __future__ import annotations

from pathlib import Path

MEMORY_FOLDER = Path("/dev/shm")
"""Where files live in memory, when the system has it and it has room."""
