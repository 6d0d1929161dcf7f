"""Writes of a reserve spanning several counties (第六条（一）): the lead
county bureau (the applicant organisation's county) names the zone's
other counties, their townships and villages; each other county's bureau
confirms or declines taking part, on the record.

The rule, in one place: a bureau names townships only of its own county
or of a county it has named; a reserve is submitted only once every
county it names has confirmed (``involvement_problems``, asked by
services.submission). A county that declined is removed (with its
townships) or asked again (``involvement_ask_again``)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import NotAllowed, Refused
from portal.core.notifications import notify

from ..models import Application, County, CountyInvolvement, InvolvementStatus, Township
from ..notifications import ApplicationEvent
from ..roles import APPLY_FOR_RESERVE, require
from ..selectors import county_bureau_accounts, involvements_for_user
from ..workflow import Record
from .drafts import SUBMITTED
from .transitions import record_check


def application_counties(application: Application) -> list[County]:
    """Returns the counties of a reserve application: the lead county first,
    then the counties it names, by code."""
    lead = application.organisation.county
    others = sorted(
        {i.county for i in application.involvements.select_related("county")} - {lead},
        key=lambda c: c.code,
    )
    return [lead, *others]


def _county_ask(*, application: Application, county: County) -> None:
    """Tells ``county``'s bureau that the lead bureau asks it to take part."""
    notify(
        recipients=county_bureau_accounts(counties=[county]),
        event=ApplicationEvent.INVOLVEMENT_REQUESTED,
        about=application,
        context={
            "lead": application.organisation.county.name,
            "county": county.name,
            "name": str(application),
        },
    )


def _villages_clean(villages: dict, townships: list[Township]) -> dict:
    chosen = {str(t.pk) for t in townships}
    cleaned = {}
    for key, names in (villages or {}).items():
        names = [n.strip() for n in names if n and n.strip()]
        if str(key) in chosen and names:
            cleaned[str(key)] = list(dict.fromkeys(names))
    return cleaned


@transaction.atomic
def reserve_zone_set(
    *,
    application: Application,
    user: AbstractBaseUser,
    counties: list[County],
    townships: list[Township],
    villages: dict | None = None,
) -> Application:
    """Saves a reserve draft's zone: the other counties it names (each new
    one asked — a pending request, logged portal.involvement.ask, its
    bureau told; each one no longer named withdrawn, logged
    portal.involvement.withdraw), its townships, and the villages or
    communities under each chosen township ({township pk: [names]}).

    Raises Refused when a township lies in a county neither the lead's nor
    named, NotAllowed for someone who may not edit the draft; changes
    nothing then."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    record_check(application=application, record=Record.DRAFT, user=user, message=str(SUBMITTED))
    lead = application.organisation.county
    named = {c for c in counties if c.pk != lead.pk}
    allowed = {lead.pk, *(c.pk for c in named)}
    outside = [t for t in townships if t.county_id not in allowed]
    if outside:
        raise Refused(
            [
                _(
                    "Name the county of %(townships)s first: a bureau names only townships of "
                    "its own county or of the counties it asks to take part."
                )
                % {"townships": "、".join(str(t) for t in outside)}
            ]
        )
    existing = {i.county_id: i for i in application.involvements.all()}
    for county in sorted(named, key=lambda c: c.code):
        if county.pk in existing:
            continue
        CountyInvolvement.objects.create(application=application, county=county, asked_by=user)
        log(
            instance=application,
            action="portal.involvement.ask",
            user=user,
            data={"county": county.pk},
        )
        _county_ask(application=application, county=county)
    for county_id, involvement in existing.items():
        if county_id not in allowed:
            involvement.delete()
            log(
                instance=application,
                action="portal.involvement.withdraw",
                user=user,
                data={"county": county_id, "status": involvement.status},
            )
    changed = []
    if set(townships) != set(application.townships.all()):
        application.townships.set(townships)
        changed.append("townships")
    villages = _villages_clean(villages or {}, townships)
    if villages != application.villages:
        application.villages = villages
        changed.append("villages")
    if changed:
        application.save()
        log(
            instance=application,
            action="portal.application.edit",
            user=user,
            data={"fields": changed},
        )
    return application


def _answer(
    *, involvement: CountyInvolvement, user: AbstractBaseUser, status: str, reason: str
) -> CountyInvolvement:
    require(user, APPLY_FOR_RESERVE, _("Only a county culture bureau answers for its county."))
    if not involvements_for_user(user=user).filter(pk=involvement.pk).exists():
        raise NotAllowed([_("This request does not name your county.")])
    involvement = CountyInvolvement.objects.select_for_update().get(pk=involvement.pk)
    if involvement.status != InvolvementStatus.PENDING:
        raise Refused([_("This request has been answered already.")])
    if status == InvolvementStatus.DECLINED and not reason.strip():
        raise Refused([_("Give the reason for declining: the lead bureau is told it.")])
    involvement.status = status
    involvement.decided_by = user
    involvement.decided_at = timezone.now()
    involvement.reason = reason.strip()
    involvement.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    application = involvement.application
    confirmed = status == InvolvementStatus.CONFIRMED
    log(
        instance=application,
        action="portal.involvement.confirm" if confirmed else "portal.involvement.decline",
        user=user,
        data={"county": involvement.county_id, "reason": involvement.reason},
    )
    notify(
        recipients=application.organisation.members.all(),
        event=ApplicationEvent.INVOLVEMENT_CONFIRMED
        if confirmed
        else ApplicationEvent.INVOLVEMENT_DECLINED,
        about=application,
        context={
            "county": involvement.county.name,
            "name": str(application),
            "reason": involvement.reason,
        },
    )
    return involvement


@transaction.atomic
def involvement_confirm(
    *, involvement: CountyInvolvement, user: AbstractBaseUser, reason: str = ""
) -> CountyInvolvement:
    """The bureau of the named county confirms taking part: logged
    portal.involvement.confirm, the lead bureau told.

    Raises NotAllowed unless ``user`` is that county's bureau, Refused for a
    request answered already; changes nothing then."""
    return _answer(
        involvement=involvement, user=user, status=InvolvementStatus.CONFIRMED, reason=reason
    )


@transaction.atomic
def involvement_decline(
    *, involvement: CountyInvolvement, user: AbstractBaseUser, reason: str
) -> CountyInvolvement:
    """The bureau of the named county declines, with the reason the lead
    bureau is told: logged portal.involvement.decline.

    Raises NotAllowed unless ``user`` is that county's bureau, Refused for a
    request answered already or without a reason; changes nothing then."""
    return _answer(
        involvement=involvement, user=user, status=InvolvementStatus.DECLINED, reason=reason
    )


@transaction.atomic
def involvement_ask_again(
    *, involvement: CountyInvolvement, user: AbstractBaseUser
) -> CountyInvolvement:
    """The lead bureau asks a county that declined to take part again: the
    request is pending once more, as when first asked — its answer, kept
    in the log entry portal.involvement.ask_again (and in the decline's),
    cleared — and that county's bureau is told.

    Raises NotAllowed for someone who may not edit the draft (another
    organisation's), Refused once the application is submitted or for a
    request not declined (pending, or confirmed); changes nothing then."""
    application = Application.objects.select_for_update().get(pk=involvement.application_id)
    record_check(application=application, record=Record.DRAFT, user=user, message=str(SUBMITTED))
    involvement = (
        CountyInvolvement.objects.select_for_update()
        .select_related("county")
        .get(pk=involvement.pk)
    )
    if involvement.status != InvolvementStatus.DECLINED:
        raise Refused(
            [
                _("Only a county that declined is asked again: %(county)s is “%(status)s”.")
                % {"county": involvement.county.name, "status": involvement.get_status_display()}
            ]
        )
    declined = {
        "by": involvement.decided_by_id,
        "at": involvement.decided_at.isoformat() if involvement.decided_at else None,
        "reason": involvement.reason,
    }
    involvement.status = InvolvementStatus.PENDING
    involvement.asked_by, involvement.asked_at = user, timezone.now()
    involvement.decided_by, involvement.decided_at, involvement.reason = None, None, ""
    involvement.save(
        update_fields=["status", "asked_by", "asked_at", "decided_by", "decided_at", "reason"]
    )
    log(
        instance=application,
        action="portal.involvement.ask_again",
        user=user,
        data={"county": involvement.county_id, "declined": declined},
    )
    _county_ask(application=application, county=involvement.county)
    return involvement


def involvement_problems(application: Application) -> list[str]:
    """Returns what stops a reserve's submission on its counties' side:
    each named county that has not confirmed, and any township outside
    the lead county and the confirmed ones."""
    problems = []
    confirmed = {application.organisation.county_id}
    for involvement in application.involvements.select_related("county"):
        if involvement.status == InvolvementStatus.CONFIRMED:
            confirmed.add(involvement.county_id)
        elif involvement.status == InvolvementStatus.DECLINED:
            problems.append(
                _(
                    "The culture bureau of %(county)s declined taking part (reason: %(reason)s): "
                    "remove the county and its townships, or ask it again (Article 6 (1))."
                )
                % {"county": involvement.county.name, "reason": involvement.reason}
            )
        else:
            problems.append(
                _(
                    "The culture bureau of %(county)s has not yet confirmed taking part in this "
                    "reserve: it is submitted once every county it names has confirmed "
                    "(Article 6 (1))."
                )
                % {"county": involvement.county.name}
            )
    named = {i.county_id for i in application.involvements.all()}
    outside = [
        str(t)
        for t in application.townships.select_related("county")
        if t.county_id not in confirmed and t.county_id not in named
    ]
    if outside:
        problems.append(
            _("These townships lie in a county the application does not name: %(townships)s.")
            % {"townships": "、".join(outside)}
        )
    return problems
