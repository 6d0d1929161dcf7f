"""Writes of rectification and delisting (限期整改、摘牌, 第三十八条): the
bureau orders a unit to put things right by a deadline; the unit reports
what it did; the bureau verifies. Not rectified in time, or not well
enough, the unit is delisted: its status changes, its open obligations are
cancelled and the public is told — its history stays.

Every refusal is a Refused listing each problem in words (NotAllowed for
someone who may not act); nothing is written then. Every change is
logged."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.roles import BUREAU, Role, require, role_members
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.notifications import notify
from portal.core.uploads import upload_problems

from ..events import unit_delisted
from ..models import (
    Evaluation,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    RectificationOrder,
    RectificationStatus,
    UnitStatus,
)
from ..notifications import UnitEvent, unit_notify

OPEN_ORDER_STATES = (RectificationStatus.ORDERED, RectificationStatus.REPORTED)
MAX_ITEMS = 50


def rectification_items_clean(items) -> list[str]:
    """Returns the items to rectify without blanks and surrounding space."""
    return [str(item).strip() for item in items or () if str(item).strip()]


def rectification_problems(
    *, items, deadline, today: datetime.date, unit=None, evaluation=None
) -> list[str]:
    """Returns why an order with ``items`` and ``deadline`` — to ``unit``,
    after ``evaluation``, when given — cannot be issued on ``today`` (each
    reason in words), or an empty list."""
    problems = []
    if unit is not None and unit.status == UnitStatus.DELISTED:
        problems.append(_("%(unit)s has been delisted.") % {"unit": unit.name})
    if unit is not None and evaluation is not None and evaluation.unit_id != unit.pk:
        problems.append(_("The evaluation is of another unit."))
    items = rectification_items_clean(items)
    if not items:
        problems.append(_("List at least one thing to rectify."))
    elif len(items) > MAX_ITEMS:
        problems.append(_("List at most %(n)d things to rectify.") % {"n": MAX_ITEMS})
    if deadline is None:
        problems.append(_("Give the deadline for the rectification."))
    elif deadline <= today:
        problems.append(
            _("The deadline must be after today (%(today)s).") % {"today": today.isoformat()}
        )
    return problems


@transaction.atomic
def rectification_order_issue(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    items: list[str],
    deadline: datetime.date,
    evaluation: Evaluation | None = None,
) -> RectificationOrder:
    """Orders ``unit`` to rectify ``items`` by ``deadline`` (第三十八条
    限期整改), after an evaluation or on damage found otherwise: the order,
    and an obligation of kind “rectification report” due on the deadline
    that the daily job reminds and escalates like any other. The unit's
    members are told. Returns the order; logged. Refused, writing nothing,
    for anyone but the bureau, a delisted unit, an evaluation of another
    unit, no items, or a deadline not after today."""
    require(user, BUREAU, _("Only the bureau's reviewers order rectification."))
    unit = ProtectedUnit.objects.select_for_update().select_related("organisation").get(pk=unit.pk)
    today = timezone.localdate()
    problems = rectification_problems(
        items=items, deadline=deadline, today=today, unit=unit, evaluation=evaluation
    )
    if problems:
        raise Refused(problems)
    items = rectification_items_clean(items)
    obligation = Obligation.objects.create(
        unit=unit,
        kind=ObligationKind.RECTIFICATION,
        period=None,
        due_date=deadline,
        note=items[0][:255],
    )
    order = RectificationOrder.objects.create(
        unit=unit,
        evaluation=evaluation,
        obligation=obligation,
        items=items,
        deadline=deadline,
        issued_by=user,
    )
    log(
        instance=order,
        action="portal.rectification.issue",
        user=user,
        data={
            "unit": unit.code,
            "items": items,
            "deadline": deadline.isoformat(),
            "evaluation": evaluation.pk if evaluation else None,
            "obligation": obligation.pk,
        },
    )
    unit_notify(
        unit=unit,
        event=UnitEvent.RECTIFICATION_ORDERED,
        about=order,
        context={
            "unit": unit.name,
            "deadline": deadline.isoformat(),
            "items": "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)),
        },
    )
    return order


@atomic_with_files()
def rectification_report_submit(
    *,
    order: RectificationOrder,
    user: AbstractBaseUser,
    text: str,
    upload: UploadedFile | None = None,
) -> RectificationOrder:
    """Records the unit's rectification report — what was done, and an
    optional document (PDF, image, DOCX or XLSX judged by content, kept in
    private storage) — by a member of the unit's organisation, on or before
    the deadline (Asia/Shanghai). The order's obligation becomes submitted
    and the bureau is told. Returns the order; logged.

    Raises PermissionDenied for anyone outside the unit, Refused
    (writing nothing) after the deadline, a second time, or without text."""
    order = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("unit__organisation")
        .get(pk=order.pk)
    )
    if user is None or not order.unit.organisation.members.filter(pk=user.pk).exists():
        raise PermissionDenied
    today = timezone.localdate()
    problems = []
    if order.status != RectificationStatus.ORDERED:
        problems.append(
            _("This order is %(state)s; no report can be submitted.")
            % {"state": order.get_status_display()}
        )
    elif today > order.deadline:
        problems.append(
            _("The deadline was %(deadline)s; the report can no longer be submitted.")
            % {"deadline": order.deadline.isoformat()}
        )
    if not text.strip():
        problems.append(_("Describe what was done to rectify each item."))
    problems += upload_problems(upload, missing="")
    if problems:
        raise Refused(problems)
    now = timezone.now()
    name = file_store(order.report, upload) if upload is not None else ""
    order.report_text = text.strip()
    order.reported_at = now
    order.status = RectificationStatus.REPORTED
    order.save(update_fields=["report", "report_text", "reported_at", "status"])
    if order.obligation_id:
        Obligation.objects.filter(pk=order.obligation_id).update(
            status=ObligationStatus.SUBMITTED, submitted_at=now
        )
    log(
        instance=order,
        action="portal.rectification.report",
        user=user,
        data={"unit": order.unit.code, "file": name},
    )
    notify(
        recipients=[*role_members(Role.MUNICIPAL_REVIEWER), order.issued_by],
        event=UnitEvent.RECTIFICATION_REPORTED,
        about=order,
        context={"unit": order.unit.name, "deadline": order.deadline.isoformat()},
    )
    return order


def rectification_may_fail(order: RectificationOrder, *, today: datetime.date) -> bool:
    """Returns True when the bureau may find the order not rectified: a
    report is in, or the deadline has passed without one."""
    return order.status == RectificationStatus.REPORTED or (
        order.status == RectificationStatus.ORDERED and today > order.deadline
    )


@transaction.atomic
def rectification_decide(
    *, order: RectificationOrder, user: AbstractBaseUser, rectified: bool, reason: str
) -> RectificationOrder:
    """Records the bureau's verification of a rectification, with a written
    reason. Rectified: the order is closed and its obligation done.
    Not rectified — after the report, or once the deadline has passed
    without one — the unit is delisted (unit_delist). The unit's members
    are told. Returns the order; logged. Refused, changing nothing,
    otherwise."""
    require(user, BUREAU, _("Only the bureau's reviewers verify rectification."))
    order = (
        RectificationOrder.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=order.pk)
    )
    today = timezone.localdate()
    problems = []
    if order.status not in OPEN_ORDER_STATES:
        problems.append(
            _("This order was already decided: %(state)s.") % {"state": order.get_status_display()}
        )
    elif rectified and order.status != RectificationStatus.REPORTED:
        problems.append(_("No rectification report has been submitted yet."))
    elif not rectified and not rectification_may_fail(order, today=today):
        problems.append(
            _(
                "The deadline (%(deadline)s) has not passed and no report is in: wait for the "
                "report or the deadline."
            )
            % {"deadline": order.deadline.isoformat()}
        )
    if not reason.strip():
        problems.append(_("Write the reason for the decision."))
    if problems:
        raise Refused(problems)
    now = timezone.now()
    order.decided_by = user
    order.decided_at = now
    order.decision_reason = reason.strip()
    if rectified:
        order.status = RectificationStatus.CLOSED
        order.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        if order.obligation_id:
            Obligation.objects.filter(pk=order.obligation_id).update(
                status=ObligationStatus.DONE, done_at=now
            )
        log(
            instance=order,
            action="portal.rectification.close",
            user=user,
            data={"unit": order.unit.code, "reason": order.decision_reason},
        )
        unit_notify(
            unit=order.unit,
            event=UnitEvent.RECTIFICATION_CLOSED,
            about=order,
            context={"unit": order.unit.name, "reason": order.decision_reason},
        )
        return order
    order.status = RectificationStatus.DELISTED
    order.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    log(
        instance=order,
        action="portal.rectification.fail",
        user=user,
        data={
            "unit": order.unit.code,
            "reason": order.decision_reason,
            "reported": order.reported_at is not None,
        },
    )
    unit_delist(unit=order.unit, user=user, reason=order.decision_reason, order=order)
    order.refresh_from_db()
    return order


@transaction.atomic
def unit_delist(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    reason: str,
    order: RectificationOrder | None = None,
) -> ProtectedUnit:
    """Delists a unit (摘牌, 第三十八条): its status becomes delisted from
    today, every open or submitted obligation is cancelled, every other
    open rectification order ends with it, and a notice announcing the
    delisting, its reason and date is published on the public site. The
    unit keeps its record, history and reports; the directory shows it as
    delisted. The unit's members are told. Returns the unit; logged.
    Refused for anyone but the bureau, a unit delisted already, or
    without a reason."""
    require(user, BUREAU, _("Only the bureau's reviewers delist units."))
    unit = ProtectedUnit.objects.select_for_update().select_related("organisation").get(pk=unit.pk)
    problems = []
    if unit.status == UnitStatus.DELISTED:
        problems.append(
            _("%(unit)s was delisted already on %(date)s.")
            % {"unit": unit.name, "date": unit.delisted_on.isoformat() if unit.delisted_on else ""}
        )
    if not reason.strip():
        problems.append(_("Write the reason for the delisting."))
    if problems:
        raise Refused(problems)
    now = timezone.now()
    today = timezone.localdate(now)
    previous = unit.status
    unit.status = UnitStatus.DELISTED
    unit.delisted_on = today
    unit.save(update_fields=["status", "delisted_on"])
    cancelled = list(
        Obligation.objects.select_for_update()
        .filter(unit=unit, status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED])
        .values_list("pk", flat=True)
    )
    Obligation.objects.filter(pk__in=cancelled).update(
        status=ObligationStatus.CANCELLED,
        note=_("Cancelled: the unit was delisted on %(date)s.") % {"date": today.isoformat()},
    )
    others = RectificationOrder.objects.filter(unit=unit, status__in=OPEN_ORDER_STATES)
    if order is not None:
        others = others.exclude(pk=order.pk)
    ended = list(others.values_list("pk", flat=True))
    others.update(
        status=RectificationStatus.DELISTED,
        decided_by=user,
        decided_at=now,
        decision_reason=reason.strip(),
    )

    unit_delisted.send(
        sender=ProtectedUnit, unit=unit, reason=reason.strip(), order=order, user=user
    )
    notice = unit.delisting_notice
    log(
        instance=unit,
        action="portal.unit.delist",
        user=user,
        data={
            "code": unit.code,
            "previous_status": previous,
            "delisted_on": today.isoformat(),
            "reason": reason.strip(),
            "order": order.pk if order else None,
            "other_orders_ended": ended,
            "obligations_cancelled": cancelled,
            "notice": notice.pk if notice else None,
        },
    )
    unit_notify(
        unit=unit,
        event=UnitEvent.DELISTED,
        about=unit,
        context={
            "unit": unit.name,
            "date": today.isoformat(),
            "reason": reason.strip(),
            "url": notice.url if notice else "",
        },
    )
    return unit
