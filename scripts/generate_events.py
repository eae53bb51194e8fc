"""Generate a synthetic but valid data folder of N events, for benchmarks and scale tests.

    python scripts/generate_events.py --events 10000 --out /tmp/data

Text, actors, topics, places and sources look like the real records; the facts are not
real, and the generated folder is never committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

ACTORS = {
    "russia": {"name": "Russia", "kind": "state"},
    "ukraine": {"name": "Ukraine", "kind": "state"},
    "united-states": {"name": "United States", "kind": "state", "aliases": ["US", "U.S."]},
    "united-kingdom": {"name": "United Kingdom", "kind": "state", "aliases": ["Britain"]},
    "france": {"name": "France", "kind": "state"},
    "vladimir-putin": {
        "name": "Vladimir Putin",
        "kind": "person",
        "country": "russia",
        "role": "President of Russia",
        "aliases": ["Putin"],
    },
    "volodymyr-zelensky": {
        "name": "Volodymyr Zelensky",
        "kind": "person",
        "country": "ukraine",
        "role": "President of Ukraine",
        "aliases": ["Zelensky", "Zelenskyy", "Zelenskiy"],
    },
    "steve-witkoff": {
        "name": "Steve Witkoff",
        "kind": "person",
        "country": "united-states",
        "role": "US special envoy",
        "aliases": ["Witkoff", "Whitcoff"],
    },
    "dmitry-peskov": {
        "name": "Dmitry Peskov",
        "kind": "person",
        "country": "russia",
        "role": "Kremlin spokesman",
        "aliases": ["Peskov"],
    },
    "yuri-ushakov": {
        "name": "Yuri Ushakov",
        "kind": "person",
        "country": "russia",
        "role": "Presidential aide",
        "aliases": ["Yury Ushakov", "Ushakov"],
    },
}
TOPICS = {
    "territory": "Territory",
    "security-guarantees": "Security guarantees",
    "ceasefire": "Ceasefire",
    "prisoners": "Prisoners of war",
    "sanctions": "Sanctions",
    "nuclear-plant": "Zaporizhzhia nuclear plant",
    "nato": "NATO membership",
    "reconstruction": "Reconstruction",
}
PLACES = {
    "geneva": ("Geneva", "Switzerland"),
    "abu-dhabi": ("Abu Dhabi", "United Arab Emirates"),
    "moscow": ("Moscow", "Russia"),
    "kyiv": ("Kyiv", "Ukraine"),
    "riyadh": ("Riyadh", "Saudi Arabia"),
    "istanbul": ("Istanbul", "Turkey"),
    "washington": ("Washington", "United States"),
}
VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "vocabulary.yaml"
"""The project's own vocabulary, which declares KINDS."""
KINDS = ["talks", "meeting", "call", "statement", "proposal", "rejection", "exchange", "strike"]
PUBLISHERS = ["Bloomberg", "The Moscow Times", "Reuters", "Politico", "Financial Times", "Kyiv Independent"]
VERBS = ["hold talks on", "discuss", "trade proposals on", "restate positions on", "meet over"]
SENTENCES = [
    "Delegations met for several hours and agreed to continue at expert level.",
    "Officials said the most sensitive issues remain unresolved after the session.",
    "The parties exchanged written proposals and promised replies within days.",
    "A spokesman said no substantial change in the other side's position was seen.",
    "Negotiators narrowed the list of open questions to a few central ones.",
    "Both sides described the atmosphere as constructive but gave few details.",
]


def source_id(publisher: str, day: dt.date) -> str:
    """The synthetic source an event of DAY cites from PUBLISHER: its monthly digest (one
    entry per publisher and month keeps sources.yaml well within the file size limit)."""
    return f"{day:%Y-%m}-" + "-".join(publisher.lower().split())


def _source_entry(identifier: str) -> dict[str, str]:
    month, publisher = identifier[:7], identifier[8:]
    name = next(p for p in PUBLISHERS if "-".join(p.lower().split()) == publisher)
    return {"publisher": name, "headline": f"{name} digest, {month}", "date": month}


def _event(rng: random.Random, day: dt.date, today: dt.date) -> dict:
    """One record dated ``day``, happened if on or before ``today``."""
    actors = rng.sample(list(ACTORS), k=rng.randint(2, 4))
    topics = rng.sample(list(TOPICS), k=rng.randint(1, 3))
    place = rng.choice(list(PLACES))
    names = [ACTORS[a]["name"] for a in actors]
    sources = [
        {
            "source": source_id(publisher, day),
            "attribution": "anonymous",
            "attributed_to": "people familiar with the talks",
        }
        for publisher in rng.sample(PUBLISHERS, k=rng.randint(1, 3))
    ]
    record = {
        "title": f"{names[0]} and {names[1]} {rng.choice(VERBS)} {TOPICS[topics[0]].lower()} "
        f"in {PLACES[place][0]}",
        "date": day.isoformat(),
        "status": "happened" if day <= today else "planned",
        "kind": rng.choice(KINDS),
        "summary": f"On {day.day} {day:%B %Y}, {names[0]} and {names[1]} met in {PLACES[place][0]} "
        f"(synthetic record {rng.randrange(10**9)}). " + " ".join(rng.sample(SENTENCES, k=3)),
        "places": [place],
        "actors": actors,
        "topics": topics,
        "positions": [
            {
                "actor": actors[0],
                "topic": topics[0],
                "source": 1,
                "stance": f"{names[0]} wants {TOPICS[topics[0]].lower()} settled first.",
            }
        ],
        "sources": sources,
    }
    return record


def generate(count: int, out: Path, seed: int = 1, today: dt.date | None = None) -> list[Path]:
    """Write registries and ``count`` valid events under ``out``; returns the event paths."""
    rng = random.Random(seed)
    today = today or dt.date(2026, 6, 30)
    out.mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False}
    (out / "actors.yaml").write_text(yaml.safe_dump(ACTORS, **dump), encoding="utf-8")
    (out / "topics.yaml").write_text(
        yaml.safe_dump({k: {"name": v} for k, v in TOPICS.items()}, **dump), encoding="utf-8"
    )
    (out / "places.yaml").write_text(
        yaml.safe_dump(
            {k: {"name": n, "kind": "city", "country": c} for k, (n, c) in PLACES.items()}, **dump
        ),
        encoding="utf-8",
    )
    start, span = dt.date(2015, 1, 1), (today - dt.date(2015, 1, 1)).days
    paths = []
    cited: set[str] = set()
    same_day: dict[dt.date, list[tuple[str, set[str]]]] = {}
    for number in range(count):
        day = start + dt.timedelta(days=rng.randint(0, span))
        record = _event(rng, day, today)
        cited.update(citation["source"] for citation in record["sources"])
        identifier = f"{day.isoformat()}-synthetic-{number:06d}"
        # As a curator answers the checker's possible-duplicate warning: events of one day
        # that share two actors are marked distinct (the checker still compares them all).
        actors = set(record["actors"])
        distinct = [other for other, theirs in same_day.get(day, []) if len(actors & theirs) >= 2]
        if distinct:
            record["distinct_from"] = distinct
        same_day.setdefault(day, []).append((identifier, actors))
        path = out / "events" / str(day.year) / f"{identifier}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(record, **dump), encoding="utf-8")
        paths.append(path)
    write_registry(out / "sources.yaml", {i: _source_entry(i) for i in sorted(cited)})
    write_registry(out / "series.yaml", {})
    # The kinds above are the peace-talks site's: its vocabulary comes along.
    (out / "vocabulary.yaml").write_bytes(VOCABULARY.read_bytes())
    return paths


def write_registry(path: Path, entries: dict[str, dict[str, str]]) -> None:
    """A registry file: ENTRIES, or {} when there are none."""
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


ADVERSARIAL_DATES = ["2026-01-05", "2026-01-05", "2026-01-06", "2026-01"]


def generate_adversarial(count: int, out: Path) -> list[Path]:
    """Write registries and ``count`` valid events built to make a checker do quadratic work:
    near-identical titles of one kind family, a few shared days, the same six actors, and
    summaries naming every alias of actors the events do not list. Returns the event paths."""
    generate(0, out)
    aliases = [alias for actor in ACTORS.values() for alias in actor.get("aliases", [])]
    mentioning = " ".join(f"{alias} spoke." for alias in aliases)
    write_registry(out / "sources.yaml", {"2026-02-reuters": _source_entry("2026-02-reuters")})
    paths = []
    for number in range(count):
        date = ADVERSARIAL_DATES[number % len(ADVERSARIAL_DATES)]
        identifier = f"{date}-talks-in-geneva-{number:06d}"
        record = {
            "title": f"Talks in Geneva {number}",
            "date": date,
            "status": "happened",
            "kind": "talks" if number % 2 else "meeting",
            "summary": f"Round {number} of talks in Geneva. {mentioning}",
            "places": ["geneva"],
            "actors": ["russia", "ukraine", "united-states", "united-kingdom", "france", "vladimir-putin"],
            "topics": ["ceasefire"],
            "sources": [{"source": "2026-02-reuters", "attribution": "reporting"}],
        }
        path = out / "events" / "2026" / f"{identifier}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.events, args.out, args.seed)
    print(f"wrote {args.events} events under {args.out}")


if __name__ == "__main__":
    main()
