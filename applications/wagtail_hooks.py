"""The applications app in the Wagtail admin: its staff screens, menu
items and the actions of its audit log. The admin menu's order: review
200, candidate lists 205, objections 206 (the units app follows from 207),
the experts' own screen 212, organisations 300, organisation claims 301."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .roles import EXPERT_REVIEW, may
from .views import experts
from .viewsets.accounts import RuleSetViewSet, account_profile_viewset, organisation_viewset
from .viewsets.candidates import candidate_list_viewset
from .viewsets.claims import claim_viewset, claims_panels
from .viewsets.objections import objection_viewset
from .viewsets.review import application_review_viewset
from .workflow import TRANSITIONS

register_snippet(RuleSetViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        application_review_viewset,
        candidate_list_viewset,
        objection_viewset,
        organisation_viewset,
        account_profile_viewset,
        claim_viewset,
    ]


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    for action, label, message in [
        ("portal.account.register", _("Register"), _("Account registered")),
        (
            "portal.rules.read",
            _("Read numbers from the measures"),
            _("Numbers of the measures read from the text"),
        ),
        ("portal.account.verify_email", _("Verify email"), _("Email address verified")),
        ("portal.account.activate", _("Activate account"), _("Account activated")),
        ("portal.organisation.claim", _("Claim code"), _("Organisation registered its code")),
        ("portal.organisation.licence", _("Upload licence"), _("Business licence uploaded")),
        ("portal.organisation.confirm", _("Confirm organisation"), _("Organisation confirmed")),
        ("portal.organisation.refuse", _("Refuse organisation"), _("Organisation refused")),
        ("portal.application.create", _("Start application"), _("Application started")),
        ("portal.application.edit", _("Edit application"), _("Application draft saved")),
        ("portal.application.delete_draft", _("Delete draft"), _("Application draft deleted")),
        ("portal.application.receipt", _("Issue receipt"), _("Receipt issued")),
        ("portal.material.upload", _("Upload material"), _("Material uploaded")),
        ("portal.involvement.ask", _("Ask a county"), _("County asked to take part")),
        ("portal.involvement.withdraw", _("Withdraw a county"), _("County no longer named")),
        ("portal.involvement.confirm", _("Confirm taking part"), _("County confirmed taking part")),
        ("portal.involvement.decline", _("Decline taking part"), _("County declined taking part")),
        ("portal.involvement.ask_again", _("Ask a county again"), _("County asked again")),
        ("portal.material.remove", _("Remove material"), _("Material removed")),
        ("portal.file.download", _("Download file"), _("File downloaded")),
        (
            "portal.application.relaxation_decide",
            _("Decide on relaxation"),
            _("Relaxation request decided"),
        ),
        (
            "portal.application.inspection_record",
            _("Record field inspection"),
            _("Field inspection recorded"),
        ),
        ("portal.application.hearing_record", _("Record hearing"), _("Hearing recorded")),
        ("portal.application.expert_assign", _("Assign expert"), _("Expert assigned")),
        (
            "portal.application.expert_declare",
            _("Declare conflicts"),
            _("Expert declared on conflicts of interest"),
        ),
        ("portal.application.expert_score", _("Score"), _("Expert scores submitted")),
        ("portal.candidate_list.create", _("Record candidate list"), _("Candidate list recorded")),
        ("portal.candidate_list.publish", _("Publish for publicity"), _("Published for publicity")),
        ("portal.candidate_list.notice_pdf", _("Render notice PDF"), _("Notice PDF rendered")),
        ("portal.candidate_list.close", _("Close publicity"), _("Publicity window closed")),
        (
            "portal.refusal.record",
            _("Record refusal"),
            _("Municipal government's refusal recorded"),
        ),
        ("portal.objection.submit", _("Object"), _("Objection received")),
        ("portal.objection.examine", _("Examine objection"), _("Objection being examined")),
        ("portal.objection.uphold", _("Uphold objection"), _("Objection upheld")),
        ("portal.objection.dismiss", _("Dismiss objection"), _("Objection dismissed")),
        # Supplements (补正): the bureau's practice.
        ("portal.supplement.extension_request", _("Ask for more time"), _("More time asked")),
        ("portal.supplement.extension_grant", _("Give more time"), _("More time given")),
        ("portal.supplement.extension_refuse", _("Refuse more time"), _("More time refused")),
        ("portal.supplement.reopen", _("Reopen for a supplement"), _("Reopened for a supplement")),
        ("portal.application.copy", _("Copy application"), _("Application copied to a draft")),
    ]:
        actions.register_action(action, label, message)
    # One action per declared transition (portal.application.submit, …).
    for transition in TRANSITIONS:
        actions.register_action(
            f"portal.application.{transition.action}", transition.label, transition.label
        )


@hooks.register("construct_homepage_panels")
def add_claims_panel(request, panels):
    """County bureaus find their pending claims on the admin home."""
    panels.extend(claims_panels(request=request))


@hooks.register("register_admin_urls")
def register_expert_urls():
    return [
        path("my-reviews/", experts.assignments, name="expert_assignments"),
        path("my-reviews/<int:pk>/", experts.assignment, name="expert_assignment"),
    ]


class ExpertMenuItem(MenuItem):
    def is_shown(self, request):
        return may(request.user, EXPERT_REVIEW)


@hooks.register("register_admin_menu_item")
def register_expert_menu_item():
    return ExpertMenuItem(
        _("My review assignments"), reverse("expert_assignments"), icon_name="tasks", order=212
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("applications/admin.css"))
