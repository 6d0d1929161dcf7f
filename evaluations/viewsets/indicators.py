"""The indicator set of the comprehensive evaluation (设置 → 评估指标), in
the Wagtail admin: administrators edit the indicators and set every weight
at once (the active weights sum to 100); the bureau's reviewers read them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from applications.roles import may, require
from portal.core.admin import NotFoundWhenForbidden, YesNoColumn
from portal.core.errors import Refused

from ..forms import IndicatorForm, IndicatorWeightsForm
from ..models import Indicator
from ..services.indicators import indicator_weights_set

CHANGE_INDICATOR = "evaluations.change_indicator"


class IndicatorPermissionPolicy(ModelPermissionPolicy):
    """The indicators' model permissions (administrators add and change them,
    the bureau's reviewers read them, applications.roles), but nobody
    deletes one: rounds keep their snapshot and scores point to it; an
    indicator is retired by making it inactive."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions, **kwargs):
        return super().users_with_any_permission(
            [a for a in actions if a != "delete"] or ["none"], **kwargs
        )


class IndicatorIndexView(SnippetIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if may(self.request.user, CHANGE_INDICATOR):
            buttons.append(
                HeaderButton(
                    _("Edit weights"),
                    url=reverse("wagtailsnippets_evaluations_indicator:weights"),
                    icon_name="edit",
                )
            )
        return buttons


class IndicatorViewSet(NotFoundWhenForbidden, SnippetViewSet):
    """评估指标: the dimensions of the comprehensive evaluation and their
    weights. Each round keeps a snapshot, so edits change future rounds
    only; edits are logged by Wagtail."""

    model = Indicator
    icon = "list-ol"
    menu_label = gettext_lazy("Evaluation indicators")
    add_to_settings_menu = True
    index_view_class = IndicatorIndexView
    list_display = ["name", "code", "weight", YesNoColumn("active"), "order"]
    ordering = ["order", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("weight"),
            FieldPanel("active"),
            FieldPanel("order"),
        ],
        base_form_class=IndicatorForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("weights/", indicator_weights_view, name="weights"),
        ]


register_permission_policy(Indicator, IndicatorPermissionPolicy(Indicator), exact_class=True)


def indicator_weights_view(request):
    """Sets the weight and active flag of every indicator in one form, so
    the set can be rebalanced; refused unless the active weights sum to
    100 (administrators only)."""
    require(request.user, CHANGE_INDICATOR)
    indicators = list(Indicator.objects.order_by("order", "code"))
    status = 200
    typed = {}
    form = IndicatorWeightsForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        typed = form.typed()
        try:
            indicator_weights_set(user=request.user, weights=form.weights())
        except Refused as refused:
            for problem in refused.problems:
                messages.error(request, problem)
            status = 400
        else:
            messages.success(request, _("The weights are saved."))
            return redirect("wagtailsnippets_evaluations_indicator:list")
    rows = [
        {
            "indicator": i,
            "weight": typed.get(i.pk, (i.weight, i.active))[0],
            "active": typed.get(i.pk, (i.weight, i.active))[1],
        }
        for i in indicators
    ]
    return TemplateResponse(
        request,
        "evaluations/admin/evaluation_indicators.html",
        {"rows": rows},
        status=status,
    )
