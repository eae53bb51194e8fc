"""Index a built site for search with Pagefind, whose PyPI package ships its binary.

Pagefind splits the index into small fragments, so a reader's first query downloads only
what it needs, and its UI is served from the site itself: no third-party host. (Its Python
API answers at most ten requests a second, so the binary is run once over the built site.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def write_search_index(site_dir: Path) -> None:
    """Run Pagefind over ``site_dir``, writing the index to ``site_dir/pagefind``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
               "--force-language", "en"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"pagefind failed ({result.returncode}):\n{result.stderr.strip()}")
