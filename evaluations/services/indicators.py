"""Writes of the indicator set of the comprehensive evaluation (评估指标,
第三十六条): the dimensions and their weights, which always sum to 100."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.roles import require
from portal.core.errors import Refused

from ..models import Indicator
from ..selectors.evaluations import CENT, WEIGHT_TOTAL, number_plain


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
        ) % {"total": number_plain(total)}
    return None


def hundredths(value) -> Decimal | None:
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
def indicator_weights_set(
    *, user: AbstractBaseUser, weights: dict[int, tuple[Decimal, bool]]
) -> list[Indicator]:
    """Sets the weight and the active flag of every indicator given
    (``{id: (weight, active)}``) at once, so that the set can be rebalanced
    in one step. Refused, changing nothing, unless the active weights then
    sum to 100 and each weight lies between 0 and 100. Returns the
    indicators; each one changed is logged with its old and new weight."""
    require(
        user,
        "evaluations.change_indicator",
        _("Only administrators edit the evaluation indicators."),
    )
    indicators = list(Indicator.objects.select_for_update().order_by("order", "code"))
    before = {i.code: [str(i.weight), i.active] for i in indicators}
    problems = []
    for indicator in indicators:
        weight, active = weights.get(indicator.pk, (indicator.weight, indicator.active))
        value = hundredths(weight)
        if value is None:
            problems.append(
                _("Give “%(indicator)s” a weight from 0 to 100 (at most two decimals).")
                % {"indicator": indicator.name}
            )
            continue
        indicator.weight, indicator.active = value.quantize(CENT), bool(active)
    if problems:
        raise Refused(problems)
    problem = indicator_weights_problem(i.weight for i in indicators if i.active)
    if problem:
        raise Refused([problem])
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
