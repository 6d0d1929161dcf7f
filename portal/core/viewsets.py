"""Staff screens of the project package in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin import NotFoundWhenForbidden
from .forms import CalendarYearForm, month_grid
from .models import CalendarYear, QueuedTask
from .services import CalendarInputError, calendar_text_parse, calendar_year_save

# Column heads of the month grid, Monday first: one character in Chinese.
WEEKDAY_INITIALS = [
    pgettext_lazy("calendar column", "Mo"),
    pgettext_lazy("calendar column", "Tu"),
    pgettext_lazy("calendar column", "We"),
    pgettext_lazy("calendar column", "Th"),
    pgettext_lazy("calendar column", "Fr"),
    pgettext_lazy("calendar column", "Sa"),
    pgettext_lazy("calendar column", "Su"),
]


class CalendarYearFormMixin:
    """Saves through the calendar service (validation, audit log with the
    dates added and removed, recomputation of stored periods) and shows the
    month grid above the form."""

    def save_instance(self):
        data = self.form.cleaned_data
        return calendar_year_save(
            year=data.get("year") or self.form.instance.year,
            holidays=data["holidays"],
            makeup_workdays=data["makeup_workdays"],
            status=data["status"],
            source_number=data["source_number"],
            source_date=data["source_date"],
            source_note=data["source_note"],
            user=self.request.user,
        )

    def form_valid(self, form):
        # The form already checked the days; this catches what only the
        # service can see, and shows it on the form like any other error.
        try:
            return super().form_valid(form)
        except CalendarInputError as exc:
            form.add_error("days", str(exc))
            messages.validation_error(self.request, self.get_error_message(), form)
            return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        year = self._grid_year(form)
        holidays, makeup = self._grid_days(form, year)
        context["calendar_year"] = year
        context["weekday_names"] = WEEKDAY_INITIALS
        context["months"] = month_grid(year, holidays, makeup) if year else []
        return context

    def _grid_year(self, form):
        if getattr(form.instance, "pk", None):
            return form.instance.year
        value = form.data.get("year") if form.is_bound else form.initial.get("year")
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def _grid_days(self, form, year):
        text = form.data.get("days", "") if form.is_bound else form.initial.get("days", "")
        try:
            return calendar_text_parse(text=text or "", year=year)
        except CalendarInputError:
            instance = form.instance
            return instance.holidays or {}, instance.makeup_workdays or {}


class CalendarYearCreateView(CalendarYearFormMixin, generic.CreateView):
    pass


class CalendarYearEditView(CalendarYearFormMixin, generic.EditView):
    pass


class CalendarYearViewSet(NotFoundWhenForbidden, ModelViewSet):
    """节假日安排: one year per row, edited on a month grid."""

    model = CalendarYear
    form_class = CalendarYearForm
    add_view_class = CalendarYearCreateView
    edit_view_class = CalendarYearEditView
    icon = "date"
    menu_label = _("Holiday calendar")
    menu_order = 800
    add_to_settings_menu = True
    list_filter = ["status"]
    list_display = [
        "year",
        "status",
        "source_number",
        Column("holiday_count", label=_("Holidays"), accessor="holiday_count"),
        Column("makeup_count", label=_("Make-up working days"), accessor="makeup_count"),
        DateColumn("updated_at", label=_("Changed at")),
        "updated_by",
    ]
    create_template_name = "portal/calendar_year/form.html"
    edit_template_name = "portal/calendar_year/form.html"

    def get_form_class(self, for_update=False):
        return CalendarYearForm


calendar_year_viewset = CalendarYearViewSet("calendar_years")


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Who may view the model's rows may read them in the admin; nobody,
    superusers included, adds, changes or deletes them there."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class QueuedTaskViewSet(NotFoundWhenForbidden, ModelViewSet):
    """待投递任务: work the broker did not take while it was down, and when
    beat handed it over. Read-only: beat owns these rows; staff look here
    to see whether an outage left anything behind."""

    model = QueuedTask
    icon = "clipboard-list"
    menu_label = _("Queued tasks")
    menu_order = 810
    add_to_settings_menu = True
    inspect_view_enabled = True
    # Wagtail asks for form fields; ReadOnlyPolicy lets nobody use a form.
    form_fields = ["name"]
    list_filter = ["name"]
    list_display = [
        "name",
        DateColumn("created_at", label=_("Recorded at")),
        "attempts",
        "last_error",
        DateColumn("queued_at", label=_("Handed to the broker at")),
    ]
    inspect_view_fields = [
        "name",
        "args",
        "kwargs",
        "created_at",
        "attempts",
        "last_error",
        "queued_at",
    ]


register_permission_policy(QueuedTask, ReadOnlyPolicy(QueuedTask), exact_class=True)
queued_task_viewset = QueuedTaskViewSet("queued_tasks")
