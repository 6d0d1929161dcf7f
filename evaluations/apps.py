from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Obligations of established units: master plans, self-assessments,
    evaluations, acceptance, rectification and delisting."""

    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from .links import links_register

        links_register()
