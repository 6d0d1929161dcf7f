"""The bureau's dashboard on the Wagtail admin home: what is established,
what falls due, what is late, and two charts — the application pipeline and
the latest evaluation scores — drawn on the server as inline SVG (no
JavaScript, charts.py), each with a title, a description and a table to
fall back on.

Shown to municipal reviewers and administrators only; everyone else keeps
Wagtail's usual home. The reads are in selectors/dashboard.py."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from applications.roles import BUREAU, may
from applications.selectors import rules_on, rules_warnings
from portal.core.signins.selectors import locked_attempts, signin_failures
from portal.core.signins.services import UNLOCK_PERMISSION

from .charts import ChartRow, bar_chart, svg_number
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
        MeasuresPanel(today=today),
        UnitCountsPanel(today=today),
        PanelRow(
            [ApplicationPipelinePanel(today=today), EvaluationScoresPanel(today=today)], order=12
        ),
        OverdueObligationsPanel(today=today),
        DueObligationsPanel(today=today),
        # Issue 16: for those who may unlock accounts (administrators) only.
        *([SigninsPanel(today=today)] if request.user.has_perm(UNLOCK_PERMISSION) else []),
    ]


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


class MeasuresPanel(DashboardPanel):
    """The version of the measures in force, and a warning when its trial
    period is over with no newer version published."""

    order = 5
    panel_id = "bureau-measures"
    template_name = TEMPLATES + "measures.html"

    def panel_context(self) -> dict:
        return {
            "rules": rules_on(day=self.today),
            "measures_warnings": rules_warnings(day=self.today, markup=True),
        }


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
    return [(t, svg_number(100 * t.n / largest)) for t in tallies]


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


class SigninsPanel(DashboardPanel):
    """Failed sign-ins since yesterday and the accounts locked now, each
    with its unlock action (a confirmation page, then a POST; logged as
    portal.account.unlock). Administrators only (bureau_panels)."""

    order = 18
    panel_id = "bureau-signins"
    template_name = TEMPLATES + "signins.html"
    limit = 10

    def panel_context(self) -> dict:
        since = self.today - datetime.timedelta(days=1)
        failures = signin_failures().filter(attempt_time__date__gte=since)
        failures_url = reverse("signin_failures:index")
        locked = [
            {
                "username": attempt.username,
                "ip_address": attempt.ip_address,
                "failures": attempt.failures_since_start,
                "time": attempt.attempt_time,
                "unlock_url": reverse("locked_accounts:unlock", args=[attempt.pk]),
            }
            for attempt in locked_attempts()[: self.limit]
        ]
        return {
            "since": since,
            "failures": failures.count(),
            "failures_url": f"{failures_url}?attempt_time_after={since.isoformat()}",
            "recent": [
                {
                    "username": f.username,
                    "time": f.attempt_time,
                    "url": f"{failures_url}?username={f.username}",
                }
                for f in failures[: self.limit]
            ],
            "locked": locked,
            "locked_url": reverse("locked_accounts:index"),
        }
