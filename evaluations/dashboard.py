"""The bureau's dashboard on the Wagtail admin home: what is established,
what falls due, what is late, and two charts — the application pipeline and
the latest evaluation scores — drawn on the server as inline SVG (no
JavaScript), each with a title, a description and a table to fall back on.

Shown to municipal reviewers and administrators only; everyone else keeps
Wagtail's usual home. The reads are in selectors/dashboard.py."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from applications.roles import BUREAU, may

from .models import EvaluationOutcome, ObligationStatus, obligation_label
from .selectors import dashboard as selectors

TEMPLATES = "evaluations/dashboard/"

# How an obligation's state reads on the dashboard. ObligationStatus.OPEN's
# label is the msgid "Open", which the catalog already translates for
# publicity windows (公示中); the unit still has to file here.
STATUS_LABELS = {
    ObligationStatus.OPEN: gettext_lazy("To be filed"),
    ObligationStatus.SUBMITTED: ObligationStatus.SUBMITTED.label,
}


def bureau_panels(*, request) -> list[Component]:
    """Returns the dashboard's panels for ``request``'s user: all of them for
    a municipal reviewer or an administrator, none for anyone else."""
    if not may(request.user, BUREAU):
        return []
    today = timezone.localdate()
    return [
        UnitCountsPanel(today=today),
        PanelRow(
            [ApplicationPipelinePanel(today=today), EvaluationScoresPanel(today=today)], order=12
        ),
        OverdueObligationsPanel(today=today),
        DueObligationsPanel(today=today),
    ]


# Charts ---------------------------------------------------------------------

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


def _n(x: float) -> str:
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
        label_x=_n(label_width - 6),
        bar_x=_n(bar_x),
        tick_y=_n(FONT),
    )
    y = top
    for caption, group in groups:
        if caption:
            chart.captions.append(
                Caption(
                    text=caption,
                    y=_n(y + ROW / 2 + FONT * 0.35),
                    line_y=_n(y + ROW / 2),
                    line_x=_n(text_width(caption) + 8),
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
                    y=_n(y + (ROW - BAR) / 2),
                    text_y=_n(y + ROW / 2 + FONT * 0.35),
                    width=_n(width),
                    value_x=_n(bar_x + width + 6),
                )
            )
            chart.table.append(TableRow(caption, row.label, row.value_text, row.note, row.url))
            y += ROW
    for tick in ticks:
        chart.ticks.append(
            Tick(x=_n(bar_x + span * tick / maximum), y1=_n(top - 3), y2=_n(y), text=str(tick))
        )
    chart.height = _n(y + 4)
    chart.description = _("; ").join(
        _("%(label)s: %(value)s") % {"label": row.label, "value": _value(row)}
        for row in chart.table
    )
    return chart


# Panels ---------------------------------------------------------------------


class DashboardPanel(Component):
    """One panel of the bureau's dashboard. The first one rendered also
    brings the dashboard's styles (once per page)."""

    order = 10
    panel_id = ""
    template_name = ""

    def __init__(self, *, today: datetime.date):
        self.today = today

    def panel_context(self) -> dict:
        return {}

    def get_context_data(self, parent_context=None) -> dict:
        request = (parent_context or {}).get("request")
        styled = getattr(request, "_bureau_dashboard_styled", False)
        if request is not None:
            request._bureau_dashboard_styled = True
        return {
            "panel_id": self.panel_id,
            "today": self.today,
            "with_styles": not styled,
            **self.panel_context(),
        }


class PanelRow(Component):
    """Panels side by side (one under the other on a narrow screen)."""

    template_name = TEMPLATES + "row.html"

    def __init__(self, panels: list[Component], *, order: int):
        self.panels = panels
        self.order = order

    def get_context_data(self, parent_context=None) -> dict:
        return {"panels": [panel.render_html(parent_context) for panel in self.panels]}


class UnitCountsPanel(DashboardPanel):
    """(a) The established units by status, by category and by county."""

    order = 10
    panel_id = "bureau-units"
    template_name = TEMPLATES + "units.html"

    def panel_context(self) -> dict:
        counts = selectors.unit_counts()
        return {
            "counts": counts,
            "by_category": _with_share(counts.by_category),
            "by_county": _with_share(counts.by_county),
        }


def _with_share(tallies) -> list[tuple]:
    """Returns (tally, percentage of the largest) for the inline bars."""
    largest = max((t.n for t in tallies), default=0) or 1
    return [(t, _n(100 * t.n / largest)) for t in tallies]


@dataclass
class ObligationLine:
    unit: str
    unit_url: str
    what: str
    due_date: datetime.date
    days: int
    status: str
    status_label: str


def _lines(obligations, *, today: datetime.date) -> list[ObligationLine]:
    from django.urls import reverse

    return [
        ObligationLine(
            unit=o.unit.name,
            unit_url=reverse("units:inspect", args=[o.unit_id]),
            what=obligation_label(o),
            due_date=o.due_date,
            days=abs((o.due_date - today).days),
            status=o.status,
            status_label=str(STATUS_LABELS.get(o.status, o.get_status_display())),
        )
        for o in obligations
    ]


class DueObligationsPanel(DashboardPanel):
    """(b) What falls due in the next 90 days, soonest first."""

    order = 16
    panel_id = "bureau-due"
    template_name = TEMPLATES + "due.html"
    days = 90

    def panel_context(self) -> dict:
        due = selectors.obligations_due(today=self.today, days=self.days)
        return {
            "obligations": _lines(due.rows, today=self.today),
            "total": due.total,
            "more": due.more,
            "days": self.days,
            "until": self.today + datetime.timedelta(days=self.days),
        }


class OverdueObligationsPanel(DashboardPanel):
    """(c) What is late: open obligations past their due date, oldest first."""

    order = 14
    panel_id = "bureau-overdue"
    template_name = TEMPLATES + "overdue.html"

    def panel_context(self) -> dict:
        overdue = selectors.obligations_overdue(today=self.today)
        return {
            "obligations": _lines(overdue.rows, today=self.today),
            "total": overdue.total,
            "more": overdue.more,
        }


class ApplicationPipelinePanel(DashboardPanel):
    """(d) How many applications stand at each step of the usual way, and
    how many have left it."""

    panel_id = "bureau-pipeline"
    template_name = TEMPLATES + "pipeline.html"

    def panel_context(self) -> dict:
        from django.urls import reverse

        pipeline = selectors.application_pipeline()
        queue = reverse("applications_review:index")

        def rows(tallies, tone):
            return [
                ChartRow(
                    str(t.label),
                    t.n,
                    str(t.n),
                    tone,
                    # Drafts are the applicants' own: not in the queue.
                    "" if t.key == "draft" else f"{queue}?status={t.key}",
                )
                for t in tallies
            ]

        groups = [("", rows(pipeline.main, "default"))]
        if pipeline.other:
            groups.append((_("Outside the usual way"), rows(pipeline.other, "muted")))
        chart = bar_chart(
            chart_id="bureau-pipeline-chart",
            title=_("Applications by state, in the order of the procedure"),
            groups=groups,
        )
        return {"chart": chart, "total": pipeline.total}


class EvaluationScoresPanel(DashboardPanel):
    """(d) Each unit's latest comprehensive evaluation score (0–100)."""

    panel_id = "bureau-scores"
    template_name = TEMPLATES + "scores.html"
    limit = 20

    def panel_context(self) -> dict:
        from django.urls import reverse

        scores = selectors.evaluation_scores(limit=self.limit)
        tones = {
            EvaluationOutcome.COMMENDATION: "positive",
            EvaluationOutcome.RECTIFICATION: "critical",
        }
        rows = [
            ChartRow(
                e.unit.name,
                e.total,
                f"{e.total:.2f}",
                tones.get(e.outcome, "default"),
                reverse("units:inspect", args=[e.unit_id]),
                e.get_outcome_display() if e.outcome in tones else "",
            )
            for e in scores.rows
        ]
        chart = bar_chart(
            chart_id="bureau-scores-chart",
            title=_("Latest comprehensive evaluation score of each unit"),
            groups=[("", rows)],
            scale_max=100,
            ticks=(0, 20, 40, 60, 80, 100),
        )
        return {"chart": chart, "total": scores.total, "more": scores.more}
