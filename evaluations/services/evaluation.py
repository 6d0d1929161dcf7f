"""Writes of the comprehensive evaluation (全面评估, 第三十六条): the indicator
set, opening a round for the units due, assigning scorers, scoring, and
concluding each unit's evaluation with its weighted total, the report PDF,
the public report page and the outcome (第三十八条: commendation, or an
order to rectify).

Every refusal is a TransitionRefused listing each problem in words; nothing
is written then. Every change is logged as ``portal.evaluation.<verb>``."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.roles import Role
from applications.selectors import bureau_reviewers
from applications.services import TransitionRefused, user_roles
from evaluations.models import ProtectedUnit, UnitStatus
from portal.core.dates import cn_date
from portal.core.notifications import notify
from portal.core.pdf import pdf_replace, render_pdf

from ..models import (
    Evaluation,
    EvaluationOutcome,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
    Indicator,
    Obligation,
    ObligationKind,
    ObligationStatus,
)

# A round takes in every unit whose evaluation falls due within this many
# days of the day it opens (and every unit already overdue).
DUE_WITHIN_DAYS = 90
WEIGHT_TOTAL = Decimal("100")
CENT = Decimal("0.01")
SCORER_ROLES = (Role.MUNICIPAL_REVIEWER, Role.EXPERT)
# Named in the report when no version of the measures is published yet.
MEASURES_TITLE = "国家级景德镇陶瓷文化生态保护实验区管理办法（试行）"


def bureau_or_refuse(user: AbstractBaseUser | None, what: str) -> None:
    """Refuses anyone but the bureau's reviewers and administrators; ``what``
    says what only they may do."""
    if user is None or not user_roles(user) & {Role.MUNICIPAL_REVIEWER, Role.ADMIN}:
        raise TransitionRefused([what])


def unit_members(unit: ProtectedUnit) -> list[AbstractBaseUser]:
    """Returns the accounts of the unit's organisation (who is told)."""
    return list(unit.organisation.members.all())


def bureau_staff() -> list[AbstractBaseUser]:
    return bureau_reviewers()


def notice_publish(*, tree, title: str, slug: str, day, bureau: str, body: str, user):
    """Publishes a notice (通知公告) under the notice index of ``tree`` and
    returns it."""
    from cms.models import NoticePage

    notice = NoticePage(
        title=title[:255],
        slug=slug,
        date=day,
        document_number="",
        issuing_body=bureau,
        body=body,
    )
    tree.notice_index.add_child(instance=notice)
    notice.save_revision(user=user, log_action=False).publish(user=user)
    return notice


# The indicator set.


def indicator_weights_problem(weights) -> str | None:
    """Returns why the weights of the active indicators (an iterable of
    Decimals) are not a valid set — they must sum to exactly 100 — or None."""
    weights = list(weights)
    if not weights:
        return _("There is no active evaluation indicator: activate at least one.")
    total = sum(weights, Decimal("0"))
    if total != WEIGHT_TOTAL:
        return _(
            "The weights of the active evaluation indicators sum to %(total)s; they must sum "
            "to 100."
        ) % {"total": _number(total)}
    return None


def _number(value: Decimal) -> str:
    """Returns a Decimal without trailing zeros: 20.00 → 20, 12.50 → 12.5."""
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@transaction.atomic
def indicator_weights_set(
    *, user: AbstractBaseUser, weights: dict[int, tuple[Decimal, bool]]
) -> list[Indicator]:
    """Sets the weight and the active flag of every indicator given
    (``{id: (weight, active)}``) at once, so that the set can be rebalanced
    in one step. Refused, changing nothing, unless the active weights then
    sum to 100 and each weight lies between 0 and 100. Returns the
    indicators; each one changed is logged with its old and new weight."""
    if user is None or not (user.is_superuser or Role.ADMIN in user_roles(user)):
        raise TransitionRefused([_("Only administrators edit the evaluation indicators.")])
    indicators = list(Indicator.objects.select_for_update().order_by("order", "code"))
    before = {i.code: [str(i.weight), i.active] for i in indicators}
    problems = []
    for indicator in indicators:
        weight, active = weights.get(indicator.pk, (indicator.weight, indicator.active))
        value = _hundredths(weight)
        if value is None:
            problems.append(
                _("Give “%(indicator)s” a weight from 0 to 100 (at most two decimals).")
                % {"indicator": indicator.name}
            )
            continue
        indicator.weight, indicator.active = value.quantize(CENT), bool(active)
    if problems:
        raise TransitionRefused(problems)
    problem = indicator_weights_problem(i.weight for i in indicators if i.active)
    if problem:
        raise TransitionRefused([problem])
    Indicator.objects.bulk_update(indicators, ["weight", "active"])
    for indicator in indicators:
        after = [str(indicator.weight), indicator.active]
        if after != before[indicator.code]:
            log(
                instance=indicator,
                action="portal.indicator.weights",
                user=user,
                data={"before": before[indicator.code], "after": after},
            )
    return indicators


def indicators_snapshot() -> list[dict]:
    """Returns the active indicators as a round stores them: id, code, name,
    description and weight (as text, exact)."""
    return [
        {
            "id": i.pk,
            "code": i.code,
            "name": i.name,
            "description": i.description,
            "weight": str(i.weight),
        }
        for i in Indicator.objects.filter(active=True).order_by("order", "code")
    ]


# Rounds.


def units_due(*, day: datetime.date):
    """Returns the open evaluation obligations a round opened on ``day``
    takes in: due within DUE_WITHIN_DAYS of it or overdue, of units not
    delisted and not being evaluated in another round, and not yet part of
    an evaluation; earliest first."""
    return (
        Obligation.objects.filter(
            kind=ObligationKind.EVALUATION,
            status=ObligationStatus.OPEN,
            due_date__lte=day + datetime.timedelta(days=DUE_WITHIN_DAYS),
        )
        .exclude(unit__status=UnitStatus.DELISTED)
        .exclude(pk__in=Evaluation.objects.filter(obligation__isnull=False).values("obligation"))
        .exclude(unit__in=Evaluation.objects.filter(status=EvaluationStatus.SCORING).values("unit"))
        .order_by("due_date", "pk")
    )


@transaction.atomic
def evaluation_round_open(
    *, user: AbstractBaseUser, title: str, day: datetime.date
) -> EvaluationRound:
    """Opens a round of comprehensive evaluations on ``day``: one evaluation
    for each unit that has an open evaluation obligation due by ``day`` +
    90 days (or overdue) and is not delisted, linked to its obligation (the
    earliest, when a unit owes more than one), and a snapshot of the active
    indicators and their weights, which the round keeps whatever is edited
    later. The units' members are told. Returns the round.

    Refused, writing nothing, for anyone but the bureau, without a title,
    when the active weights do not sum to 100, or when no unit is due."""
    bureau_or_refuse(user, _("Only the bureau's reviewers open evaluation rounds."))
    problems = []
    if not title.strip():
        problems.append(_("Give the round a title."))
    if day is None:
        problems.append(_("Give the day the round opens."))
    snapshot = indicators_snapshot()
    problem = indicator_weights_problem(Decimal(i["weight"]) for i in snapshot)
    if problem:
        problems.append(problem)
    if problems:
        raise TransitionRefused(problems)
    # Locked, then checked again for an evaluation: a round opened at the
    # same moment has either taken an obligation (and committed) or waits.
    obligations = list(units_due(day=day).select_for_update())
    taken = set(
        Evaluation.objects.filter(obligation__in=obligations).values_list(
            "obligation_id", flat=True
        )
    )
    busy = set(
        Evaluation.objects.filter(
            unit__in={o.unit_id for o in obligations}, status=EvaluationStatus.SCORING
        ).values_list("unit_id", flat=True)
    )
    first_by_unit: dict[int, Obligation] = {}
    for obligation in obligations:
        if obligation.pk not in taken and obligation.unit_id not in busy:
            first_by_unit.setdefault(obligation.unit_id, obligation)
    if not first_by_unit:
        raise TransitionRefused(
            [
                _("No unit has a comprehensive evaluation due by %(date)s.")
                % {"date": (day + datetime.timedelta(days=DUE_WITHIN_DAYS)).isoformat()}
            ]
        )
    evaluation_round = EvaluationRound.objects.create(
        title=title.strip(), opened_on=day, opened_by=user, indicators=snapshot
    )
    Evaluation.objects.bulk_create(
        Evaluation(round=evaluation_round, unit_id=unit_id, obligation=obligation)
        for unit_id, obligation in first_by_unit.items()
    )
    units = list(
        ProtectedUnit.objects.filter(pk__in=first_by_unit)
        .select_related("organisation")
        .prefetch_related("organisation__members")
        .order_by("code")
    )
    log(
        instance=evaluation_round,
        action="portal.evaluation.open",
        user=user,
        data={
            "day": day.isoformat(),
            "units": [u.code for u in units],
            "indicators": [[i["code"], i["weight"]] for i in snapshot],
        },
    )
    for unit in units:
        subject = _("Comprehensive evaluation: %(round)s") % {"round": evaluation_round.title}
        body = _(
            "%(unit)s is included in the comprehensive evaluation “%(round)s” opened on "
            "%(day)s (Article 36 of the measures). The bureau will contact you; the report "
            "will be published on the portal."
        ) % {"unit": unit.name, "round": evaluation_round.title, "day": day.isoformat()}
        notify(
            recipients=unit.organisation.members.all(),
            subject=subject,
            body=body,
            about=unit,
            event="evaluation.open",
        )
    return evaluation_round


def _scoring_or_refuse(evaluation: Evaluation) -> None:
    if evaluation.status != EvaluationStatus.SCORING:
        raise TransitionRefused([_("This evaluation has been concluded; its report is published.")])


def eligible_scorers():
    """Returns the accounts that may score evaluations: the bureau's
    reviewers and the experts, active."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=SCORER_ROLES)
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def evaluation_scorers_assign(
    *, evaluation: Evaluation, user: AbstractBaseUser, scorers: list[AbstractBaseUser]
) -> Evaluation:
    """Sets who scores an evaluation: reviewers of the bureau or experts.
    Scorers added are told; a scorer who has already scored cannot be
    removed. Returns the evaluation; logged with who was added and
    removed. Refused, changing nothing, otherwise."""
    bureau_or_refuse(user, _("Only the bureau's reviewers assign scorers."))
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("unit", "round")
        .get(pk=evaluation.pk)
    )
    _scoring_or_refuse(evaluation)
    wanted = {s.pk: s for s in scorers}
    problems = []
    if not wanted:
        problems.append(_("Choose at least one scorer."))
    allowed = set(eligible_scorers().filter(pk__in=wanted).values_list("pk", flat=True))
    for pk, scorer in wanted.items():
        if pk not in allowed:
            problems.append(
                _("%(user)s is neither a reviewer of the bureau nor an expert.")
                % {"user": scorer.get_username()}
            )
    current = {u.pk: u for u in evaluation.scorers.all()}
    scored = set(
        EvaluationScore.objects.filter(evaluation=evaluation).values_list("scorer_id", flat=True)
    )
    for pk in set(current) - set(wanted):
        if pk in scored:
            problems.append(
                _("%(user)s has already scored and cannot be removed.")
                % {"user": current[pk].get_username()}
            )
    if problems:
        raise TransitionRefused(problems)
    added = [wanted[pk] for pk in wanted if pk not in current]
    removed = [current[pk] for pk in current if pk not in wanted]
    evaluation.scorers.remove(*removed)
    evaluation.scorers.add(*added)
    log(
        instance=evaluation,
        action="portal.evaluation.assign",
        user=user,
        data={
            "added": sorted(u.get_username() for u in added),
            "removed": sorted(u.get_username() for u in removed),
        },
    )
    if added:
        notify(
            recipients=added,
            subject=_("Evaluation to score: %(unit)s") % {"unit": evaluation.unit.name},
            body=_(
                "You are asked to score the comprehensive evaluation of %(unit)s (%(round)s). "
                "Open it in the administration under “My evaluation scoring”."
            )
            % {"unit": evaluation.unit.name, "round": evaluation.round.title},
            about=evaluation,
            event="evaluation.assign",
        )
    return evaluation


def _hundredths(value) -> Decimal | None:
    """Returns a score as a Decimal when it is a number from 0 to 100 with
    at most two decimals, else None."""
    try:
        value = Decimal(str(value).strip()) if value is not None else None
    except InvalidOperation:
        return None
    if value is None or not value.is_finite() or not (0 <= value <= 100):
        return None
    if value.as_tuple().exponent < -2:
        return None
    return value


@transaction.atomic
def evaluation_score(
    *,
    evaluation: Evaluation,
    scorer: AbstractBaseUser,
    scores: dict[int, Decimal],
    comments: dict[int, str] | None = None,
) -> list[EvaluationScore]:
    """Records one assigned scorer's score (0–100, at most two decimals)
    and optional comment for every indicator of the round, once. Returns
    the scores; logged. Refused, writing nothing, for anyone not assigned,
    a second time, after the conclusion, or with a score missing or out of
    range (each named)."""
    comments = comments or {}
    # The evaluation row is the lock: a scorer's double submission, or the
    # conclusion, waits for this one.
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .get(pk=evaluation.pk)
    )
    if scorer is None or not evaluation.scorers.filter(pk=scorer.pk).exists():
        raise TransitionRefused([_("You are not assigned to score this evaluation.")])
    _scoring_or_refuse(evaluation)
    if EvaluationScore.objects.filter(evaluation=evaluation, scorer=scorer).exists():
        raise TransitionRefused([_("You have already scored this evaluation.")])
    snapshot = evaluation.round.indicators
    indicators = Indicator.objects.in_bulk([i["id"] for i in snapshot])
    problems, rows = [], []
    for item in snapshot:
        indicator = indicators.get(item["id"])
        if indicator is None:
            problems.append(
                _("The indicator “%(indicator)s” no longer exists.") % {"indicator": item["name"]}
            )
            continue
        value = _hundredths(scores.get(item["id"]))
        if value is None:
            problems.append(
                _("Score “%(indicator)s” from 0 to 100 (at most two decimals).")
                % {"indicator": item["name"]}
            )
            continue
        rows.append(
            EvaluationScore(
                evaluation=evaluation,
                indicator=indicator,
                scorer=scorer,
                score=value,
                comment=(comments.get(item["id"]) or "").strip(),
            )
        )
    if problems:
        raise TransitionRefused(problems)
    created = EvaluationScore.objects.bulk_create(rows)
    log(
        instance=evaluation,
        action="portal.evaluation.score",
        user=scorer,
        data={
            "scorer": scorer.get_username(),
            "scores": {r.indicator.code: str(r.score) for r in rows},
        },
    )
    return created


def evaluation_score_table(*, evaluation: Evaluation) -> dict:
    """Returns the evaluation's scores as the report prints them: for each
    indicator of the round, its weight, the mean of the scorers' scores
    and that mean × weight / 100 (both to two decimals); the weighted
    total, rounded half up to two decimals from the exact sum (None until
    every indicator has a score); and the scorers who have scored."""
    snapshot = evaluation.round.indicators
    by_indicator: dict[int, list[Decimal]] = {}
    scorers = set()
    for indicator_id, scorer_id, score in EvaluationScore.objects.filter(
        evaluation=evaluation
    ).values_list("indicator_id", "scorer_id", "score"):
        by_indicator.setdefault(indicator_id, []).append(score)
        scorers.add(scorer_id)
    rows, exact_total, complete = [], Decimal("0"), bool(snapshot)
    for item in snapshot:
        weight = Decimal(item["weight"])
        values = by_indicator.get(item["id"], [])
        if values:
            mean = sum(values, Decimal("0")) / len(values)
            weighted = mean * weight / WEIGHT_TOTAL
            exact_total += weighted
        else:
            mean = weighted = None
            complete = False
        rows.append(
            {
                "id": item["id"],
                "code": item["code"],
                "name": item["name"],
                "weight": weight,
                "mean": mean.quantize(CENT, ROUND_HALF_UP) if mean is not None else None,
                "weighted": weighted.quantize(CENT, ROUND_HALF_UP)
                if weighted is not None
                else None,
                "count": len(values),
            }
        )
    return {
        "rows": rows,
        "total": exact_total.quantize(CENT, ROUND_HALF_UP) if complete else None,
        "scorer_ids": scorers,
    }


def evaluation_report_title(evaluation: Evaluation) -> str:
    """Returns the report's title: 《<unit>综合评估报告（<year>年）》 without
    the brackets, in Chinese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(unit)s comprehensive evaluation report (%(year)s)") % {
            "unit": evaluation.unit.name,
            "year": evaluation.round.opened_on.year,
        }


def evaluation_report_render(*, evaluation: Evaluation) -> dict:
    """Renders the concluded evaluation's report as a PDF in the layout of
    official documents (GB/T 9704-2012) and stores it on the evaluation
    (replacing any earlier one; the caller saves). Returns what the log
    records of the file."""
    from cms.selectors import measure_on, portal_settings

    table = evaluation_score_table(evaluation=evaluation)
    measure = measure_on(day=evaluation.round.opened_on)
    day = timezone.localdate(evaluation.decided_at)
    order = evaluation.rectifications.order_by("pk").first() if evaluation.pk else None
    pdf = render_pdf(
        "pdf/evaluation_report.html",
        {
            "evaluation": evaluation,
            "unit": evaluation.unit,
            "title": evaluation_report_title(evaluation),
            "measure_title": measure.title if measure else MEASURES_TITLE,
            "bureau": portal_settings().bureau_name,
            "rows": table["rows"],
            "total": evaluation.total,
            "scorers": evaluation.scorers.count(),
            "opened": cn_date(evaluation.round.opened_on),
            "established": cn_date(evaluation.unit.established_on),
            "date": cn_date(day),
            "order": order,
            "deadline": cn_date(order.deadline) if order else "",
        },
    )
    return pdf_replace(
        evaluation.report_pdf,
        filename=f"{evaluation.unit.code}-{evaluation.pk}.pdf",
        data=pdf,
    )


@transaction.atomic
def evaluation_conclude(
    *,
    evaluation: Evaluation,
    user: AbstractBaseUser,
    outcome: str,
    conclusion: str,
    rectification_items: list[str] = (),
    rectification_deadline: datetime.date | None = None,
) -> Evaluation:
    """Concludes a unit's evaluation once every assigned scorer has scored:
    computes the weighted total (per indicator, the mean of the scorers ×
    weight / 100, summed, two decimals), records the outcome and the
    conclusion, renders the report PDF, publishes the report page on the
    public site (第三十六条), marks the unit's evaluation obligation done,
    and tells the unit's members. The outcome then takes its course
    (第三十八条): a commendation is published as a notice (通报表扬); an
    order to rectify is issued with ``rectification_items`` and
    ``rectification_deadline``; a normal outcome needs nothing more.
    Returns the evaluation; logged. Refused, writing nothing, otherwise."""
    from cms.models import EvaluationReportPage
    from cms.selectors import portal_settings
    from cms.services import site_tree_ensure

    from .rectification import rectification_order_issue, rectification_problems

    bureau_or_refuse(user, _("Only the bureau's reviewers conclude evaluations."))
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "unit__organisation", "obligation")
        .get(pk=evaluation.pk)
    )
    _scoring_or_refuse(evaluation)
    unit = evaluation.unit
    now = timezone.now()
    today = timezone.localdate(now)
    problems = []
    if unit.status == UnitStatus.DELISTED:
        problems.append(
            _("%(unit)s was delisted on %(date)s.")
            % {"unit": unit.name, "date": unit.delisted_on.isoformat() if unit.delisted_on else ""}
        )
    if outcome not in EvaluationOutcome.values:
        problems.append(_("Choose the outcome of the evaluation."))
    if not conclusion.strip():
        problems.append(_("Write the conclusion of the evaluation."))
    scorers = list(evaluation.scorers.order_by("username"))
    table = evaluation_score_table(evaluation=evaluation)
    if not scorers:
        problems.append(_("Assign at least one scorer."))
    missing = [s.get_username() for s in scorers if s.pk not in table["scorer_ids"]]
    if missing:
        problems.append(
            _("Not every scorer has scored yet: %(names)s.") % {"names": "、".join(missing)}
        )
    if outcome == EvaluationOutcome.RECTIFICATION:
        problems += rectification_problems(
            items=rectification_items, deadline=rectification_deadline, today=today
        )
    if problems:
        raise TransitionRefused(problems)

    evaluation.total = table["total"]
    evaluation.outcome = outcome
    evaluation.conclusion = conclusion.strip()
    evaluation.status = EvaluationStatus.PUBLISHED
    evaluation.decided_by = user
    evaluation.decided_at = now
    evaluation.save(
        update_fields=["total", "outcome", "conclusion", "status", "decided_by", "decided_at"]
    )
    order = None
    if outcome == EvaluationOutcome.RECTIFICATION:
        # Issued first: the report names its items and deadline.
        order = rectification_order_issue(
            unit=unit,
            user=user,
            items=list(rectification_items),
            deadline=rectification_deadline,
            evaluation=evaluation,
        )
    stored = evaluation_report_render(evaluation=evaluation)
    evaluation.save(update_fields=["report_pdf"])

    tree = site_tree_ensure()
    bureau = portal_settings().bureau_name
    page = EvaluationReportPage(
        title=evaluation_report_title(evaluation)[:255],
        slug=f"{unit.code.lower()}-{evaluation.pk}",
        evaluation=evaluation,
        unit=unit,
        unit_name=unit.name,
        issuing_body=bureau,
        round_title=evaluation.round.title,
        date=today,
        total=evaluation.total,
        outcome=outcome,
        conclusion=evaluation.conclusion,
        scores=[
            {
                "name": r["name"],
                "weight": _number(r["weight"]),
                "mean": str(r["mean"]),
                "weighted": str(r["weighted"]),
            }
            for r in table["rows"]
        ],
    )
    tree.report_index.add_child(instance=page)
    page.save_revision(user=user, log_action=False).publish(user=user)
    evaluation.report_page = page
    evaluation.save(update_fields=["report_page"])

    obligations_done = _obligations_done(evaluation=evaluation, now=now)
    notice = None
    if outcome == EvaluationOutcome.COMMENDATION:
        notice = _commendation_publish(
            evaluation=evaluation, page=page, tree=tree, bureau=bureau, user=user, day=today
        )
    log(
        instance=evaluation,
        action="portal.evaluation.conclude",
        user=user,
        data={
            "unit": unit.code,
            "total": str(evaluation.total),
            "outcome": outcome,
            "page": page.pk,
            "pdf": stored,
            "obligations_done": obligations_done,
            "notice": notice.pk if notice else None,
            "rectification_order": order.pk if order else None,
        },
    )
    outcome_label = EvaluationOutcome(outcome).label
    notify(
        recipients=unit_members(unit),
        subject=_("Comprehensive evaluation of %(unit)s: %(outcome)s")
        % {"unit": unit.name, "outcome": outcome_label},
        body=_(
            "The comprehensive evaluation of %(unit)s (%(round)s) is concluded: weighted score "
            "%(total)s, outcome: %(outcome)s.\n\n%(conclusion)s\n\nThe report is published on "
            "the portal: %(url)s"
        )
        % {
            "unit": unit.name,
            "round": evaluation.round.title,
            "total": evaluation.total,
            "outcome": outcome_label,
            "conclusion": evaluation.conclusion,
            "url": page.url,
        },
        about=evaluation,
        event="evaluation.conclude",
    )
    return evaluation


def _obligations_done(*, evaluation: Evaluation, now: datetime.datetime) -> list[int]:
    """Marks done the evaluation obligation the round took in and any other
    open evaluation obligation of the unit the round covered (an overdue
    cycle evaluated together with the current one). Returns their ids."""
    horizon = evaluation.round.opened_on + datetime.timedelta(days=DUE_WITHIN_DAYS)
    covered = Obligation.objects.select_for_update().filter(
        Q(pk=evaluation.obligation_id)
        | Q(
            unit=evaluation.unit,
            kind=ObligationKind.EVALUATION,
            status=ObligationStatus.OPEN,
            due_date__lte=horizon,
        ),
        status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED],
    )
    ids = sorted(covered.values_list("pk", flat=True))
    Obligation.objects.filter(pk__in=ids).update(status=ObligationStatus.DONE, done_at=now)
    return ids


def _commendation_publish(*, evaluation, page, tree, bureau, user, day) -> object:
    """Publishes the commendation (通报表扬, 第三十八条) as a notice under the
    notice index and returns it; logged."""
    unit = evaluation.unit
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Commendation of %(unit)s") % {"unit": unit.name}
        body = format_html(
            '<p>{}</p><p>{}</p><p><a href="{}">{}</a></p>',
            _(
                "In the comprehensive evaluation “%(round)s”, %(unit)s obtained a weighted score "
                "of %(total)s and its protection work was outstanding."
            )
            % {"round": evaluation.round.title, "unit": unit.name, "total": evaluation.total},
            _(
                "Under Article 38 of the measures, %(bureau)s hereby commends it in this notice "
                "and gives it priority in funding support."
            )
            % {"bureau": bureau},
            page.url,
            page.title,
        )
    notice = notice_publish(
        tree=tree,
        title=title,
        slug=f"commendation-{unit.code.lower()}-{evaluation.pk}",
        day=day,
        bureau=bureau,
        body=str(body),
        user=user,
    )
    log(
        instance=evaluation,
        action="portal.evaluation.commend",
        user=user,
        data={"unit": unit.code, "notice": notice.pk},
    )
    return notice
