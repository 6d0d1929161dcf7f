"""Horizontal bar charts drawn on the server as inline SVG (no
JavaScript): the geometry of every bar, caption and rule is computed here
so that a template only places it, and each chart carries a description
and its rows again for a table to fall back on. Used by the bureau's
dashboard (dashboard.py)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

FONT = 13  # px, in the SVG's own units
ROW = 30
BAR = 18
WIDTH = 480
VALUE_SPACE = 52
LABEL_MAX_CHARS = 16


def text_width(text: str) -> float:
    """Returns the approximate width of ``text`` at FONT: Chinese characters
    are square, Latin ones about half as wide."""
    return sum(FONT if ord(c) > 0x2E7F else FONT * 0.58 for c in text)


def shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    """Returns ``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg_number(x: float) -> str:
    """Returns a coordinate as SVG wants it, never localised (“12.5”)."""
    return f"{x:.1f}".removesuffix(".0")


def _value(row) -> str:
    """Returns a row's value with its note: “61.25 · 限期整改”."""
    return f"{row.value_text} · {row.note}" if row.note else row.value_text


@dataclass
class ChartRow:
    label: str
    value: Decimal | int
    value_text: str
    tone: str = "default"  # default, muted, positive, critical
    url: str = ""
    # Said after the value, so that no meaning rests on colour alone.
    note: str = ""


@dataclass
class Bar:
    label: str
    full_label: str
    value_text: str
    note: str
    tone: str
    url: str
    y: str
    text_y: str
    width: str
    value_x: str


@dataclass
class Tick:
    """A vertical rule of the scale, with its number above the bars."""

    x: str
    y1: str
    y2: str
    text: str


@dataclass
class Caption:
    """A group's name, on a line of its own above its bars."""

    text: str
    y: str
    line_y: str
    line_x: str


@dataclass
class TableRow:
    group: str
    label: str
    value_text: str
    note: str
    url: str


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: str
    label_x: str
    bar_x: str
    tick_y: str
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    bar_height: int = BAR
    # The rows again, for the table fallback.
    table: list[TableRow] = field(default_factory=list)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    groups: list[tuple[str, list[ChartRow]]],
    scale_max: float | None = None,
    ticks: tuple[int, ...] = (),
) -> BarChart:
    """Returns the geometry of a horizontal bar chart of ``groups`` (a
    caption, empty for none, and its rows): labels right-aligned on the
    left, bars scaled to ``scale_max`` (the largest value by default), the
    value after each bar, and vertical rules at ``ticks``. Everything is
    computed here so that the template only places it."""
    rows = [row for _caption, group in groups for row in group]
    longest = max((text_width(shorten(r.label)) for r in rows), default=0)
    label_width = min(max(longest + 12, 80), WIDTH * 0.45)
    bar_x = label_width + 4
    widest_value = max((text_width(_value(r)) for r in rows), default=0)
    span = WIDTH - bar_x - max(VALUE_SPACE, widest_value + 12)
    top = FONT + 8 if ticks else 2
    maximum = float(scale_max or max((r.value for r in rows), default=0) or 1)
    chart = BarChart(
        id=chart_id,
        title=title,
        description="",
        width=WIDTH,
        height="0",
        label_x=svg_number(label_width - 6),
        bar_x=svg_number(bar_x),
        tick_y=svg_number(FONT),
    )
    y = top
    for caption, group in groups:
        if caption:
            chart.captions.append(
                Caption(
                    text=caption,
                    y=svg_number(y + ROW / 2 + FONT * 0.35),
                    line_y=svg_number(y + ROW / 2),
                    line_x=svg_number(text_width(caption) + 8),
                )
            )
            y += ROW
        for row in group:
            # A zero still shows as a hairline, so the row reads as "none"
            # rather than "missing".
            width = max(span * float(row.value) / maximum, 1.5)
            chart.bars.append(
                Bar(
                    label=shorten(row.label),
                    full_label=row.label,
                    value_text=row.value_text,
                    note=row.note,
                    tone=row.tone,
                    url=row.url,
                    y=svg_number(y + (ROW - BAR) / 2),
                    text_y=svg_number(y + ROW / 2 + FONT * 0.35),
                    width=svg_number(width),
                    value_x=svg_number(bar_x + width + 6),
                )
            )
            chart.table.append(TableRow(caption, row.label, row.value_text, row.note, row.url))
            y += ROW
    for tick in ticks:
        chart.ticks.append(
            Tick(
                x=svg_number(bar_x + span * tick / maximum),
                y1=svg_number(top - 3),
                y2=svg_number(y),
                text=str(tick),
            )
        )
    chart.height = svg_number(y + 4)
    chart.description = _("; ").join(
        _("%(label)s: %(value)s") % {"label": row.label, "value": _value(row)}
        for row in chart.table
    )
    return chart
