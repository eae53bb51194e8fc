"""Benchmark: check N synthetic events, against a bare libyaml parse of the same files.

    python scripts/bench.py --events 10000

Both are timed in this one process, best of --repeat runs, files already in the OS cache.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_events import generate

from timeline.check import check_folder


def _best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(paths: list[Path]) -> None:
    """What any tool must at least do: read each file and yaml.load it with CSafeLoader."""
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        paths = generate(args.events, data)
        today = dt.date(2026, 6, 30)
        dataset, problems = check_folder(data, today)
        assert dataset is not None and not problems, problems[:5]
        parse_s = _best(lambda: bare_parse(paths), args.repeat)
        check_s = _best(lambda: check_folder(data, today), args.repeat)
        data_bytes = sum(p.stat().st_size for p in paths)
    figures = {
        "events": args.events,
        "cores": os.cpu_count(),
        "data_bytes": data_bytes,
        "parse_s": round(parse_s, 3),
        "check_s": round(check_s, 3),
        "check_ratio": round(check_s / parse_s, 2),
    }
    print(f"timeline check: {check_s:.3f} s; bare CSafeLoader parse: {parse_s:.3f} s; "
          f"ratio {check_s / parse_s:.2f} ({args.events} events, {data_bytes:,} bytes)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
