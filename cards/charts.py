"""Adaptive Card chart elements (`Chart.*`, card version 1.5), the one place their JSON is written.

Teams desktop and web draw them; Teams on iOS and older hosts do not know the types and show each chart's
`fallback` instead, so every chart here carries one: a FactSet with the same numbers. The shapes follow the
schema of the chart elements (title, colorSet/color, data; grouped bars: series of {x, y} values).

Colours are the named chart colours, not hex, so the host picks them; the ones used here keep a contrast of at
least about 3:1 against both the light (#ffffff) and the dark (#292929) Teams background.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cards.base import Json, plain

CHART_DONUT = "Chart.Donut"
CHART_GROUPED_BARS = "Chart.VerticalBar.Grouped"
CHART_TYPES = frozenset({"Chart.Donut", "Chart.Pie", "Chart.Gauge", "Chart.VerticalBar", "Chart.VerticalBar.Grouped",
                         "Chart.HorizontalBar", "Chart.HorizontalBar.Stacked", "Chart.Line"})
MAX_SERIES = 4  # what the chart renderer accepts in one bar chart's `data`


class ChartColor(StrEnum):
    """Named chart colours with their contrast on white / on Teams dark."""

    GOOD = "good"  # #107C10: 5.4 / 2.7
    ATTENTION = "attention"  # #D13438: 4.9 / 3.0
    BLUE = "categoricalLightBlue"  # #0078d4: 4.5 / 3.2
    LILAC = "sequential4"  # #7f85f5: 3.2 / 4.6
    ROSE = "divergingLightRed"  # #e37d81: 2.8 / 5.2


@dataclass(frozen=True)
class Slice:
    """One part of a donut: its legend, its count, its colour."""

    legend: str
    value: int | Decimal
    color: ChartColor


@dataclass(frozen=True)
class Series:
    """One series of a grouped bar chart: a legend, a colour, and one value per category of the x axis."""

    legend: str
    values: Sequence[Decimal | int]
    color: ChartColor


def number(value: Decimal | int) -> int | float:
    """A chart value as a JSON number: 5 stays 5, Decimal("2.50") becomes 2.5."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def fact_table(rows: Sequence[tuple[str, str]]) -> Json:
    """The textual twin of a chart: a FactSet, what a host without charts shows in the chart's place."""
    return {"type": "FactSet", "facts": [{"title": plain(label), "value": value} for label, value in rows]}


def heading(title: str) -> Json:
    """A chart's title as a TextBlock above it: Teams draws no chart title unless asked (`showTitle`), and a host
    without charts still shows what its fallback table is."""
    return {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True}


def donut(title: str, slices: Sequence[Slice], *, fallback: Json) -> Json:
    """A `Chart.Donut` of the slices (left out: empty slices, which only crowd the legend)."""
    shown = [s for s in slices if s.value]
    return {
        "type": CHART_DONUT,
        "title": title,
        "data": [{"legend": s.legend, "value": number(s.value), "color": s.color.value} for s in shown],
        "fallback": fallback,
    }


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[Series], *, fallback: Json,
                 x_title: str | None = None, y_title: str | None = None) -> Json:
    """A `Chart.VerticalBar.Grouped`: for each category of the x axis, one bar per series."""
    if not 0 < len(series) <= MAX_SERIES:
        raise ValueError(f"a grouped bar chart takes 1 to {MAX_SERIES} series, not {len(series)}")
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.legend!r} has {len(one.values)} values for {len(categories)} categories")
    chart: Json = {
        "type": CHART_GROUPED_BARS,
        "title": title,
        "showBarValues": True,
        "data": [
            {"legend": one.legend, "color": one.color.value,
             "values": [{"x": x, "y": number(y)} for x, y in zip(categories, one.values, strict=True)]}
            for one in series
        ],
        "fallback": fallback,
    }
    if x_title:
        chart["xAxisTitle"] = x_title
    if y_title:
        chart["yAxisTitle"] = y_title
    return chart


def short_name(full_name: str) -> str:
    """A name short enough for an axis label. The roster writes "Айгерим Касымова" (-> "Касымова А."); a full
    Russian "Касымова Айгерим Болатовна" becomes "Касымова А. Б."."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name.strip()
    if len(parts) == 2:
        return f"{parts[1]} {parts[0][0]}."
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:])])
