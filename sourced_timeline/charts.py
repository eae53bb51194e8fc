"""Charts as static SVG, drawn at build time from the Dataset: no script, no other host.

Readable by design: text at 12 px when the chart is drawn at its own width (its `width`
attribute; it shrinks only on narrow screens), kinds grouped into the time axis's six
families with the same colour-blind-safe colours (classes f0…f5 in timeline.css), labels on
the bars where they fit, and the numbers of each chart as a table beside it (`*_table`).
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from sourced_timeline import i18n
from sourced_timeline.dataset import Dataset
from sourced_timeline.i18n import gettext as _
from sourced_timeline.i18n import ngettext

FONT = 12
"""Text size in the charts' own units: 12 px at their natural width."""
MAX_BARS = 120
"""Bars in the time chart: over a longer span it counts years, not months."""
MAX_LABEL_CHARS = 28
"""Actor names longer than this are shortened on the chart (whole in its tooltip and table)."""


GAP_MONTHS = 6
"""Empty months in a row that the time chart draws as one break ('Mar 2022 – Nov 2024'), as
the time axis does, so that one old event does not spread the recent months thin."""
BREAK = " – "
"""What joins a break's first and last month in its label."""


def monthly_counts(ds: Dataset) -> pd.DataFrame:
    """``_monthly_counts``, worked out once per Dataset and language (the Data page's chart,
    its table and its caption each ask; the rows are named in the language)."""
    key = ("monthly_counts", i18n.current().language)
    if key not in ds.derived:
        ds.derived[key] = _monthly_counts(ds)
    found: pd.DataFrame = ds.derived[key]
    return found


def _monthly_counts(ds: Dataset) -> pd.DataFrame:
    """Events per month (rows: every month in the span, each run of more than GAP_MONTHS
    empty ones as one row 'Mar 2022 – Nov 2024') and lane (columns, in the vocabulary's
    order, only those present); year-only dates left out. Per year instead (rows '2026', every
    event counted) over more than MAX_BARS months, or when at least half the events are known
    only to the year (a history: a chart by month would leave most of it out)."""
    rows = [
        (r.event.date.year, r.event.date.month, ds.vocabulary.lane_label(r.event.kind)) for r in ds.events
    ]
    if not rows:
        return pd.DataFrame()
    everything = pd.DataFrame(rows, columns=["year", "month", "family"])
    lanes = ds.vocabulary.lane_labels
    frame = everything[everything["month"].notna()].copy()
    if 2 * len(frame) > len(everything):
        frame["period"] = frame["year"].astype(str) + "-" + frame["month"].astype(int).map("{:02d}".format)
        span = list(pd.period_range(frame["period"].min(), frame["period"].max(), freq="M").strftime("%Y-%m"))
        table = _by_period(frame, span, lanes)
        table.index = [_month_label(period) for period in span]
        table = _collapse_empty_runs(table)
        if len(table) <= MAX_BARS:
            return table
    everything["period"] = everything["year"].astype(str)
    years = [str(year) for year in range(int(everything["year"].min()), int(everything["year"].max()) + 1)]
    return _collapse_empty_runs(_by_period(everything, years, lanes))


def _by_period(frame: pd.DataFrame, span: list[str], lanes: list[str]) -> pd.DataFrame:
    table = frame.groupby(["period", "family"]).size().unstack(fill_value=0)
    families = [f for f in lanes if f in table.columns]
    return table.reindex(index=span, columns=families, fill_value=0)


def _collapse_empty_runs(table: pd.DataFrame) -> pd.DataFrame:
    """The table with each run of more than GAP_MONTHS empty rows as one empty row named
    after its first and last month."""
    empty = table.sum(axis=1).eq(0).tolist()
    labels, keep, i = list(table.index), [], 0
    while i < len(labels):
        j = i
        while j < len(labels) and empty[j]:
            j += 1
        if j - i > GAP_MONTHS:
            keep.append((f"{labels[i]}{BREAK}{labels[j - 1]}", None))
            i = j
        else:
            keep.append((labels[i], labels[i]))
            i += 1
    zero = pd.Series(0, index=table.columns)
    collapsed = pd.DataFrame(
        [table.loc[row] if row is not None else zero for _, row in keep], columns=table.columns
    )
    collapsed.index = [label for label, _ in keep]
    return collapsed


def _month_label(period: str) -> str:
    """ "2024-12" -> "Dec 2024"; a year stays as it is."""
    if len(period) == 4:
        return period
    year, month = period.split("-")
    return f"{i18n.current().month_abbreviation(int(month))} {year}"


def actor_counts(ds: Dataset, top: int = 15) -> pd.Series:
    """Events per actor, the most active first."""
    counts = pd.Series(
        {ds.actors[str(a)].name: len(records) for a, records in ds.by_actor.items()}, dtype="int64"
    )
    return counts.sort_values(ascending=False, kind="stable").head(top)


def period_unit(table: pd.DataFrame) -> str:
    """'year' when the time chart counts years, else 'month'."""
    return "year" if len(str(table.index[0])) == 4 else "month"


def month_table(ds: Dataset) -> tuple[list[str], list[list[str | int]]]:
    """The time chart's numbers: a header (period, each family, total) and one row a period."""
    table = monthly_counts(ds)
    if table.empty:
        return [], []
    unit = _("Year") if period_unit(table) == "year" else _("Month")
    header = [unit, *table.columns, _("Total")]
    rows: list[list[str | int]] = [
        [str(period), *(int(n) for n in counts), int(counts.sum())] for period, counts in table.iterrows()
    ]
    return header, rows


def actor_table(ds: Dataset) -> list[tuple[str, int]]:
    """The actor chart's numbers: (name, events), the most active first."""
    return [(str(name), int(n)) for name, n in actor_counts(ds).items()]


def _svg_open(width: int, height: int, title_id: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:g}" y="{y:g}" font-size="{FONT}" text-anchor="{anchor}"{klass}>{escape(text)}</text>'


def events_per_month_svg(ds: Dataset) -> str:
    """A stacked bar chart of events per month (or year), coloured by kind family, with a
    legend of the families and the total over each bar."""
    table = monthly_counts(ds)
    if table.empty:
        empty = _("No events yet.")
        return _svg_open(320, 24, "chart-months-title", empty) + _text(0, 16, empty) + "</svg>"
    unit = period_unit(table)
    top, plot, bar, gap = 22, 180, 20, 6
    # The first period's label is centred under its bar: room on the left for half of it
    # (about 0.6 em a character), so that "Dec 1815" is not cut to "ec 1815".
    left = max(10, math.ceil(len(str(table.index[0])) * FONT * 0.3 - bar / 2) + 2)
    step = bar + gap
    families = list(table.columns)
    colour = {label: f"f{number}" for number, label in enumerate(ds.vocabulary.lane_labels)}
    key_width = 170
    # As wide as its bars need, the legend wrapping under them: a chart of few bars stays narrow
    # enough for a phone at its own size (12 px text), never scaled down to an unreadable 8 px.
    width = max(left + len(table) * step + 10, left + key_width)
    per_row = max(1, (width - left) // key_width)
    axis_y = top + plot
    height = axis_y + 30 + 20 * math.ceil(len(families) / per_row)
    totals = table.sum(axis=1)
    peak = max(int(totals.max()), 1)
    dated = int(totals.sum())
    title = (
        ngettext(
            "Events per year, by kind (%(num)d event)", "Events per year, by kind (%(num)d events)", dated
        )
        if unit == "year"
        else ngettext(
            "Events per month, by kind (%(num)d event dated to the month or day)",
            "Events per month, by kind (%(num)d events dated to the month or day)",
            dated,
        )
    ) % {"num": dated}
    parts = [_svg_open(width, height, "chart-months-title", title)]
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - 10}" y2="{axis_y}" stroke="currentColor"/>')
    every = math.ceil(64 / step)  # a label 'YYYY-MM' is about 56 px at 12 px
    for i, (period, counts) in enumerate(table.iterrows()):
        x, y = left + i * step, float(axis_y)
        for family in families:
            n = int(counts[family])
            if not n:
                continue
            h = plot * n / peak
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" class="{colour[family]}">'
                f"<title>{escape(str(period))}: {n} {escape(family.lower())}</title></rect>"
            )
        total = int(counts.sum())
        if total:
            parts.append(_text(x + bar / 2, y - 4, str(total), "middle"))
        if BREAK in str(period):  # a stretch of empty months: the axis's break mark
            parts.append(
                f'<path d="M{x + 3},{axis_y + 6} l6,-12 M{x + 10},{axis_y + 6} l6,-12" stroke="currentColor">'
                f"<title>{escape(_('{period}: no events').format(period=period))}</title></path>"
            )
        elif i % every == 0:
            parts.append(_text(x + bar / 2, axis_y + 16, str(period), "middle"))
    for j, family in enumerate(families):
        lx, ly = left + (j % per_row) * key_width, axis_y + 40 + 20 * (j // per_row)
        parts.append(
            f'<rect x="{lx}" y="{ly - 11}" width="12" height="12" class="{colour[family]}"/>'
            + _text(lx + 17, ly, family)
        )
    parts.append("</svg>")
    return "".join(parts)


def events_per_actor_svg(ds: Dataset) -> str:
    """A horizontal bar chart of the most active actors, each bar labelled with its count."""
    counts = actor_table(ds)
    label_width, bar_max, row = 190, 300, 22
    peak = max((n for _, n in counts), default=1)
    width, height = label_width + bar_max + 40, row * len(counts) + 8
    title = ngettext(
        "Events per actor, the %(num)d most active", "Events per actor, the %(num)d most active", len(counts)
    ) % {"num": len(counts)}
    parts = [_svg_open(width, height, "chart-actors-title", title)]
    for i, (name, n) in enumerate(counts):
        y = 4 + i * row
        w = bar_max * n / peak
        shown = name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1].rstrip() + "…"
        parts.append(
            _text(label_width - 8, y + 15, str(shown), "end")
            + f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" class="f0">'
            f"<title>{escape(str(name))}: {int(n)}</title></rect>"
            + _text(label_width + w + 5, y + 15, str(int(n)))
        )
    parts.append("</svg>")
    return "".join(parts)
