"""Refresh the README's screenshots from a fresh build of the project's site.

    python scripts/screenshots.py [--out docs/images]

Writes the home page, the timeline, the largest event page and the topic with the most
stated positions, each at phone (390 px) and desktop (1280 px) width: home-phone.png,
home-desktop.png, timeline-phone.png, timeline-desktop.png, event-phone.png,
event-desktop.png, state-of-play.png (the topic, desktop) and topic-phone.png. Run by
`make screenshots`, never by the tests, which must not write into the source tree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit import ROOT, build, sample_pages
from browser import CHROMIUM, CHROMIUM_ARGS, serve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="timeline-shots-") as temp:
        site = build(Path(temp) / "site")
        topic = sample_pages(site)["topic"]
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            event = sample_pages(site)["event (largest)"]
            desktop, phone = {"width": 1280, "height": 860}, {"width": 390, "height": 844}
            shots = [
                ("home-desktop.png", "/", desktop, None),
                ("home-phone.png", "/", phone, None),
                ("timeline-desktop.png", "/timeline/", desktop, None),
                ("timeline-phone.png", "/timeline/", phone, None),
                ("event-desktop.png", event, desktop, None),
                ("event-phone.png", event, phone, None),
                ("state-of-play.png", topic, desktop, "#state-of-play"),
                ("topic-phone.png", topic, phone, "#state-of-play"),
            ]
            for name, path, viewport, anchor in shots:
                context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600)
                tab = context.new_page()
                tab.goto(f"{base}{path}")
                tab.wait_for_load_state("networkidle")
                if anchor:
                    # Below the sticky header, with a little room above the heading.
                    tab.evaluate(
                        "(a) => scrollTo(0, document.querySelector(a).getBoundingClientRect().top + scrollY - 72)",  # noqa: E501
                        anchor,
                    )
                tab.screenshot(path=str(args.out / name))
                print(f"wrote {args.out / name}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
