"""Rectification orders (整改通知, 第三十八条) in the Wagtail admin: the
bureau issues an order, verifies the unit's report and, when not
rectified, delists the unit. Thin: each POST is parsed by a form and calls
one service; every file is for bureau staff only and logged."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from applications.roles import BUREAU, require
from applications.viewsets.confirm import confirmation_response, is_confirmed
from applications.viewsets.policies import BureauRecordsPolicy
from portal.core.admin import NotFoundWhenForbidden, ServiceCreateView
from portal.core.audit import audit_timeline
from portal.core.errors import Refused, form_problems
from portal.core.headers import private_file_download

from ..forms import DecisionForm, RectificationOrderForm, lines
from ..models import (
    Evaluation,
    RectificationOrder,
    RectificationStatus,
)
from ..services.rectification import (
    rectification_decide,
    rectification_may_fail,
    rectification_order_issue,
    rectification_problems,
)


class RectificationOrderCreateView(ServiceCreateView):
    """Issues an order, for a unit (``?unit=``) or after an evaluation
    (``?evaluation=``)."""

    def get_initial(self):
        initial = super().get_initial()
        evaluation = self.request.GET.get("evaluation", "")
        unit = self.request.GET.get("unit", "")
        if evaluation.isdigit():
            found = Evaluation.objects.filter(pk=evaluation).first()
            if found is not None:
                initial.update({"evaluation": found.pk, "unit": found.unit_id})
        elif unit.isdigit():
            initial["unit"] = int(unit)
        return initial

    def form_valid(self, form):
        # An order cannot be withdrawn: the first POST answers the page that
        # says what follows; only the confirmed one issues it.
        data = form.cleaned_data
        problems = rectification_problems(
            items=lines(data["items_text"]),
            deadline=data["deadline"],
            today=timezone.localdate(),
            unit=data["unit"],
            evaluation=data.get("evaluation"),
        )
        if problems:
            # Asked to confirm only what can be done.
            return super().form_valid(form)
        if not is_confirmed(self.request):
            return confirmation_response(
                self.request,
                title=_("Order rectification"),
                subject=data["unit"].name,
                consequence=_(
                    "%(unit)s is ordered to rectify by %(deadline)s and is told at once; a "
                    "rectification report falls due on that day and is reminded like any "
                    "other. If the unit has not rectified by then, it may be delisted."
                )
                % {"unit": data["unit"].name, "deadline": data["deadline"].isoformat()},
                button=_("Yes: order rectification"),
                cancel_url=f"{reverse('rectification_orders:add')}?unit={data['unit'].pk}",
            )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("rectification_orders:inspect", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Rectification ordered; %(unit)s is told.") % {"unit": instance.unit.name}

    def save_instance(self):
        data = self.form.cleaned_data
        return rectification_order_issue(
            unit=data["unit"],
            user=self.request.user,
            items=lines(data["items_text"]),
            deadline=data["deadline"],
            evaluation=data.get("evaluation"),
        )


class RectificationOrderInspectView(generic.InspectView):
    """One order: the items and deadline, the unit's report, the
    verification forms (closed, or not rectified: delisting), the record."""

    template_name = "evaluations/admin/rectification.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        today = timezone.localdate()
        context.update(
            {
                "order": order,
                "open": order.status in (RectificationStatus.ORDERED, RectificationStatus.REPORTED),
                "may_close": order.status == RectificationStatus.REPORTED,
                "may_fail": rectification_may_fail(order, today=today),
                "overdue": order.status == RectificationStatus.ORDERED and today > order.deadline,
                "timeline": audit_timeline(order),
            }
        )
        return context


@require_POST
def rectification_decide_view(request, pk: int):
    """Verifies a rectification: closed, or not rectified (the unit is
    delisted)."""
    require(request.user, BUREAU)
    order = get_object_or_404(RectificationOrder, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return redirect("rectification_orders:inspect", pk)
    action = form.cleaned_data["action"]
    if action not in ("close", "fail"):
        raise Http404
    if not is_confirmed(request):
        return confirmation_response(
            request,
            title=_("Close the order") if action == "close" else _("Delist the unit"),
            subject=str(order.unit),
            consequence=(
                _("The order is closed as rectified and the unit is sent your written reason.")
                if action == "close"
                else _(
                    "The unit is delisted: it leaves the public directory and a notice with "
                    "your written reason is published."
                )
            ),
            button=(
                _("Rectified: close the order")
                if action == "close"
                else _("Not rectified: delist the unit")
            ),
            cancel_url=reverse("rectification_orders:inspect", args=[pk]),
            reason_needed=True,
        )
    try:
        rectification_decide(
            order=order,
            user=request.user,
            rectified=action == "close",
            reason=form.cleaned_data["reason"],
        )
    except Refused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("Rectification verified and closed.")
            if action == "close"
            else _("Not rectified: the unit is delisted and the notice published."),
        )
    return redirect("rectification_orders:inspect", pk)


def rectification_report_file_view(request, pk: int):
    """Serves the unit's rectification report file to bureau staff only;
    logged."""
    require(request.user, BUREAU)
    order = get_object_or_404(RectificationOrder, pk=pk)
    name = order.report.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return private_file_download(
        request=request,
        about=order,
        field_file=order.report,
        what="rectification_report",
        filename=name,
        inline=True,
    )


class RectificationOrderViewSet(NotFoundWhenForbidden, ModelViewSet):
    """整改通知: orders to rectify (第三十八条) and what became of them."""

    model = RectificationOrder
    form_class = RectificationOrderForm
    add_view_class = RectificationOrderCreateView
    inspect_view_enabled = True
    inspect_view_class = RectificationOrderInspectView
    icon = "warning"
    menu_label = gettext_lazy("Rectification orders")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        Column("unit", label=gettext_lazy("Unit")),
        DateColumn("deadline", label=gettext_lazy("Deadline"), sort_key="deadline"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("issued_at", label=gettext_lazy("Issued at"), sort_key="issued_at"),
    ]
    list_filter = ["status"]
    ordering = ["-issued_at"]

    def get_queryset(self, request):
        return RectificationOrder.objects.select_related("unit")

    def get_form_class(self, for_update=False):
        return RectificationOrderForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", rectification_decide_view, name="decide"),
            path("report/<int:pk>/", rectification_report_file_view, name="report"),
        ]


register_permission_policy(
    RectificationOrder, BureauRecordsPolicy(RectificationOrder), exact_class=True
)
rectification_order_viewset = RectificationOrderViewSet("rectification_orders")
