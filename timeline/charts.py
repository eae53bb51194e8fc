"""Charts as static SVG, drawn at build time from the Dataset: no script, no other host."""

from __future__ import annotations

from html import escape

import pandas as pd

from timeline.dataset import Dataset

PALETTE = [
    "#3f51b5",
    "#e65100",
    "#2e7d32",
    "#ad1457",
    "#00838f",
    "#6d4c41",
    "#5e35b1",
    "#9e9d24",
    "#c62828",
    "#37474f",
    "#0277bd",
    "#558b2f",
    "#ef6c00",
    "#4527a0",
    "#00695c",
    "#757575",
]


MAX_BARS = 120
"""Bars in the time chart: over a longer span it counts years, not months."""


def monthly_counts(ds: Dataset) -> pd.DataFrame:
    """Events per month (rows, every month in the span) and kind (columns); year-only dates
    left out. Over more than MAX_BARS months, per year instead (rows '2026')."""
    rows = [(r.event.date.year, r.event.date.month, r.event.kind) for r in ds.events if r.event.date.month]
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows, columns=["year", "month", "kind"])
    first, last = int(frame["year"].min()), int(frame["year"].max())
    if (last - first + 1) * 12 > MAX_BARS:
        frame["period"] = frame["year"].astype(str)
        span = [str(year) for year in range(first, last + 1)]
    else:
        frame["period"] = frame["year"].astype(str) + "-" + frame["month"].map("{:02d}".format)
        start, end = frame["period"].min(), frame["period"].max()
        span = list(pd.period_range(start, end, freq="M").strftime("%Y-%m"))
    table = frame.groupby(["period", "kind"]).size().unstack(fill_value=0)
    return table.reindex(span, fill_value=0)


def actor_counts(ds: Dataset, top: int = 15) -> pd.Series:
    """Events per actor, the most active first."""
    counts = pd.Series(
        {ds.actors[str(a)].name: len(records) for a, records in ds.by_actor.items()}, dtype="int64"
    )
    return counts.sort_values(ascending=False, kind="stable").head(top)


def events_per_month_svg(ds: Dataset) -> str:
    """A stacked bar chart of events per month, coloured by kind."""
    table = monthly_counts(ds)
    if table.empty:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" viewBox="0 0 300 30" '
            'aria-labelledby="chart-months-title"><title id="chart-months-title">No events dated '
            'to the month yet</title><text x="4" y="18" font-size="10">No events dated to the month '
            "yet.</text></svg>"
        )
    unit = "year" if len(str(table.index[0])) == 4 else "month"
    left, top, height, bar = 30, 10, 160, 14
    width = max(left + len(table) * (bar + 4) + 10, left + 4 * 90 + 10)
    peak = max(int(table.sum(axis=1).max()), 1)
    kinds = list(table.columns)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" '
        f'viewBox="0 0 {width} {top + height + 60 + 14 * ((len(kinds) + 3) // 4)}" '
        f'aria-labelledby="chart-months-title"><title id="chart-months-title">Events per {unit}, '
        f"by kind ({int(table.values.sum())} events dated to the month or day)</title>"
    ]
    parts.append(f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="9">{peak}</text>')
    axis_y = top + height
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - 10}" y2="{axis_y}" stroke="#777"/>')
    for i, (month, counts) in enumerate(table.iterrows()):
        x, y = left + i * (bar + 4), float(top + height)
        for kind in kinds:
            n = int(counts[kind])
            if not n:
                continue
            h = height * n / peak
            y -= h
            colour = PALETTE[kinds.index(kind) % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(str(month))}: {n} {escape(str(kind))}</title></rect>"
            )
        if i % 3 == 0:
            parts.append(
                f'<text x="{x + bar / 2}" y="{top + height + 12}" font-size="8" '
                f'text-anchor="middle">{escape(str(month))}</text>'
            )
    for j, kind in enumerate(kinds):
        lx, ly = left + (j % 4) * 90, top + height + 32 + 14 * (j // 4)
        colour = PALETTE[j % len(PALETTE)]
        parts.append(
            f'<rect x="{lx}" y="{ly - 8}" width="9" height="9" fill="{colour}"/>'
            f'<text x="{lx + 13}" y="{ly}" font-size="9">{escape(kind)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def events_per_actor_svg(ds: Dataset) -> str:
    """A horizontal bar chart of the most active actors."""
    counts = actor_counts(ds)
    label_width, bar_max, row = 130, 260, 16
    peak = max(int(counts.max()), 1) if len(counts) else 1
    height = row * len(counts) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" '
        f'viewBox="0 0 {label_width + bar_max + 40} {height}" aria-labelledby="chart-actors-title">'
        f'<title id="chart-actors-title">Events per actor, the {len(counts)} most active</title>'
    ]
    for i, (name, n) in enumerate(counts.items()):
        y = 5 + i * row
        w = bar_max * int(n) / peak
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 11}" font-size="10" text-anchor="end">'
            f'{escape(str(name))}</text><rect x="{label_width}" y="{y + 2}" width="{w:.1f}" '
            f'height="{row - 5}" fill="{PALETTE[0]}"/><text x="{label_width + w + 4}" '
            f'y="{y + 11}" font-size="10">{int(n)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
