"""Readable charts: few colour-blind-safe groups, 12 px text, the numbers as a table beside each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sourced_timeline.charts import (
    GAP_MONTHS,
    actor_table,
    events_per_actor_svg,
    events_per_month_svg,
    month_table,
    monthly_counts,
    period_unit,
)
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import Dataset, EventRecord
from sourced_timeline.dates import PartialDate
from tests.conftest import FAMILY_OF, KIND_FAMILIES
from tests.sitebuild import ROOT


def project() -> Dataset:
    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    assert dataset is not None
    return dataset


def test_kinds_are_grouped_into_at_most_six_families_with_every_event_counted():
    dataset = project()
    table = monthly_counts(dataset)
    assert 1 <= len(table.columns) <= 6 and set(table.columns) <= set(KIND_FAMILIES)
    dated = [r for r in dataset.events if r.event.date.month]
    assert int(table.values.sum()) == len(dated)
    for family in table.columns:
        assert int(table[family].sum()) == sum(1 for r in dated if FAMILY_OF[r.event.kind] == family)


def test_every_chart_text_is_at_least_12_px_and_bars_use_the_family_colours():
    dataset = project()
    for svg in (events_per_month_svg(dataset), events_per_actor_svg(dataset)):
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        assert sizes and min(sizes) >= 12
        width = re.search(r'<svg[^>]* width="(\d+)"[^>]*viewBox="0 0 (\d+) ', svg)
        assert width and width.group(1) == width.group(2)  # drawn at its own size: 1 unit = 1 px
        assert "fill=" not in svg.replace('fill="currentColor"', "")  # colours come from classes
        assert set(re.findall(r'class="(f\d)"', svg)) <= {f"f{i}" for i in range(len(KIND_FAMILIES))}
    legend = events_per_month_svg(dataset)
    for family in monthly_counts(dataset).columns:
        assert f">{family}</text>" in legend


def test_the_tables_hold_the_charts_numbers():
    dataset = project()
    header, rows = month_table(dataset)
    table = monthly_counts(dataset)
    assert header == ["Month", *table.columns, "Total"]
    assert [row[0] for row in rows] == list(table.index)
    assert all(row[-1] == sum(row[1:-1]) for row in rows)  # type: ignore[arg-type]
    assert sum(row[-1] for row in rows) == int(table.values.sum())  # type: ignore[misc]
    actors = actor_table(dataset)
    counts = {dataset.actors[str(a)].name: len(r) for a, r in dataset.by_actor.items()}
    assert actors and all(counts[name] == n for name, n in actors)
    assert [n for _, n in actors] == sorted((n for _, n in actors), reverse=True)
    svg = events_per_actor_svg(dataset)
    for name, n in actors:
        assert f"<title>{name}: {n}</title>" in svg


def test_a_long_actor_name_is_shortened_on_the_chart_but_whole_in_its_tooltip():
    dataset = project()
    actor = next(iter(dataset.by_actor))
    long_name = "An actor whose name is far too long to fit beside a bar"
    dataset.actors[str(actor)] = dataset.actors[str(actor)].model_copy(update={"name": long_name})
    svg = events_per_actor_svg(dataset)
    assert f"<title>{long_name}: " in svg
    assert f">{long_name}</text>" not in svg and ">An actor whose name is far…</text>" in svg


def test_a_long_empty_stretch_is_one_break_so_the_months_keep_their_width():
    dataset = project()
    first = dataset.events[0]
    old = EventRecord(
        "2001-03-old", first.path, first.event.model_copy(update={"date": PartialDate(2001, 3)})
    )
    wider = dataclasses.replace(dataset, events=(old, *dataset.events))
    table = monthly_counts(wider)
    assert int(table.values.sum()) == int(monthly_counts(dataset).values.sum()) + 1
    empty = table.sum(axis=1).eq(0).tolist()
    assert not any(all(empty[i : i + GAP_MONTHS + 1]) for i in range(len(empty)))  # no long run left
    assert table.index[0] == "Mar 2001" and table.index[1].startswith("Apr 2001 – ")
    assert len(table) < 12 + len(monthly_counts(dataset))  # years of empty months: one row
    assert "no events</title></path>" in events_per_month_svg(wider)


def test_the_first_periods_label_fits_inside_the_chart():
    """Centred under the first bar, half of its label must fit left of it (it was cut to
    'ec 1815'): at about 0.6 em a character, never starting left of the chart."""
    svg = events_per_month_svg(project())
    first = re.search(
        r'<text x="([\d.]+)" y="[\d.]+" font-size="12" text-anchor="middle">([A-Z][a-z]{2} \d{4}|\d{4})</text>',
        svg,
    )
    assert first and float(first[1]) - len(first[2]) * 12 * 0.3 >= 0, first


def test_a_history_known_mostly_to_the_year_is_counted_by_year_every_event_in():
    """When at least half the events are known only to the year, a chart by month would leave
    most of them out: it counts years, every event in."""
    dataset = project()
    years = [
        EventRecord(
            f"{1900 + i}-x", r.path, r.event.model_copy(update={"date": PartialDate(1900 + i), "end": None})
        )
        for i, r in enumerate(dataset.events[: len(dataset.events) // 2 + 1])
    ]
    history = dataclasses.replace(dataset, events=(*years, *dataset.events[len(years) :]))
    table = monthly_counts(history)
    assert period_unit(table) == "year" and int(table.values.sum()) == len(history.events)
    assert period_unit(monthly_counts(dataset)) == "month"  # the project's own: by month
