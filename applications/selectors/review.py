"""Reads of the review: who sees which application and its file, the
scoring criteria and the expert panel's result."""

import statistics

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ..models import Application, ScoringCriterion
from ..roles import BUREAU, may
from ..stages import PATH, Stage, Window, stage_of
from ..workflow import STATES, Deadline, Party, State


def applications_for_user(*, user):
    """Returns the applications ``user`` may see on the portal's pages: those
    of the organisations it is a member of."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__members=user).select_related("organisation")


def application_turn(*, application: Application) -> dict:
    """Returns whose turn it is on ``application`` (a Party, or None once
    the procedure has ended) and the last day of the deadline that runs in
    its state, if any (applications.workflow.STATES)."""
    rule = STATES[application.status]
    deadline = None
    if rule.deadline == Deadline.SUPPLEMENT:
        request = (
            application.supplement_requests.filter(
                answered_at__isnull=True, expired_at__isnull=True
            )
            .select_related("period")
            .first()
        )
        deadline = request.period.end_date if request else None
    elif rule.deadline == Deadline.PUBLICITY:
        published = (
            application.candidate_lists.filter(period__isnull=False)
            .select_related("period")
            .first()
        )
        deadline = published.period.end_date if published else None
    return {"turn": Party(rule.turn) if rule.turn else None, "deadline": deadline}


def _window(application: Application) -> str | None:
    """Where the deadline of the application's state stands (Window)."""
    if STATES[application.status].deadline != Deadline.PUBLICITY:
        return None
    published = (
        application.candidate_lists.filter(period__isnull=False).select_related("period").first()
    )
    if published is None:
        return Window.PENDING
    if published.period.closed_at or published.period.end_date < timezone.localdate():
        return Window.CLOSED
    return Window.OPEN


def _left_from(application: Application) -> str | None:
    """The state the application was in when its last transition took it
    to its present state (from the audit log), or None."""
    entry = (
        ModelLogEntry.objects.for_instance(application)
        .filter(data__to=application.status)
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.data.get("from") if entry else None


def application_path(*, application: Application) -> dict:
    """Returns where ``application`` stands on the path of the procedure
    (applications.stages.PATH): ``stages``, each with its ``code``,
    ``label`` and ``standing`` (done, current, to_come; ``exit`` where it
    left the path, ``stopped`` after it), and ``exit``, the state that ended
    it off the path (withdrawn, rejected, returned, removed) or None."""
    status = application.status
    ended = status == State.ESTABLISHED
    exited = STATES[status].turn is None and not ended
    at = stage_of(status, _window(application))
    if at is None and exited:
        before = _left_from(application)
        at = stage_of(before, Window.OPEN if before == State.CANDIDATE else None)
    codes = [stage for stage, _states in PATH]
    index = codes.index(at) if at in codes else None
    stages = []
    for i, code in enumerate(codes):
        if ended or (index is not None and i < index):
            standing = "done"
        elif index is not None and i == index:
            standing = "exit" if exited else "current"
        elif exited:
            standing = "stopped"
        else:
            standing = "to_come"
        stages.append({"code": code, "label": Stage(code).label, "standing": standing})
    return {"stages": stages, "exit": State(status) if exited else None}


def application_may_read(*, application: Application, user: AbstractBaseUser) -> bool:
    """Returns True if ``user`` may open the application's file in its
    present state (applications.workflow.STATES): the organisation's
    members, the bureau, and an assigned expert who has declared no
    conflict of interest."""
    if not user.is_authenticated:
        return False
    readers = STATES[application.status].readers
    return (
        (Party.BUREAU in readers and may(user, BUREAU))
        or (
            Party.APPLICANT in readers
            and application.organisation.members.filter(pk=user.pk).exists()
        )
        or (
            Party.EXPERTS in readers
            and application.expert_assignments.filter(
                expert=user, declared_no_conflict_at__isnull=False, excused_at__isnull=True
            ).exists()
        )
    )


def criteria_for(application):
    """Returns the scoring criteria for the application's kind and category
    (those for one category replace the general ones of the same code)."""
    rows = ScoringCriterion.objects.filter(kind=application.kind).filter(
        category__in=["", application.category or ""]
    )
    chosen = {}
    for row in rows.order_by("sort_order", "pk"):
        if row.code not in chosen or row.category:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda r: (r.sort_order, r.pk))


OUTLIER_SHARE = 0.2


def panel_summary(*, application) -> dict:
    """Returns the expert panel's result, for reviewers only: each expert's
    weighted total (0–100), the mean and spread, and, with three scores or
    more, which totals lie more than 20 points from the median (outliers)."""
    assignments = list(
        application.expert_assignments.select_related("expert").prefetch_related(
            "scores__criterion"
        )
    )
    rows = []
    for assignment in assignments:
        total = None
        if assignment.submitted_at:
            weights = sum(float(s.criterion.weight) for s in assignment.scores.all()) or 1
            total = round(
                100
                * sum(
                    float(s.criterion.weight) * float(s.score) / s.criterion.max_score
                    for s in assignment.scores.all()
                )
                / weights,
                1,
            )
        rows.append({"assignment": assignment, "total": total, "outlier": False})
    totals = [r["total"] for r in rows if r["total"] is not None]
    if len(totals) >= 3:
        # The median resists the outlier it is measuring against.
        middle = statistics.median(totals)
        for row in rows:
            if row["total"] is not None:
                row["outlier"] = abs(row["total"] - middle) > 100 * OUTLIER_SHARE
    return {
        "rows": rows,
        "mean": round(statistics.mean(totals), 1) if totals else None,
        "spread": round(statistics.pstdev(totals), 1) if len(totals) > 1 else None,
        "done": bool(assignments) and all(a.is_done for a in assignments) and bool(totals),
    }
