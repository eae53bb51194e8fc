"""Debian's chromium as the tests, the benchmark and the audit launch it, and a local server
that serves a built site as a static host would (gzip for text, as GitHub Pages does)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
"""Flags for a sandboxed CI machine with no network but the package registries."""

_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".atom", ".csv", ".ics", ".txt")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files from one folder, text gzipped when the client accepts it; no request log."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve SITE on a free local port; yields its base URL (no trailing slash)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
"""axe-core's default rules plus WCAG 2.2's target size (24 px), which Lighthouse also checks."""


def axe_violations(tab: object) -> list[str]:
    """axe-core on the page open in a Playwright tab: one line per violation, of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in found]
