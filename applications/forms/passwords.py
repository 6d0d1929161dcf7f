"""The password reset request: Django's form, whose email goes through the
portal's outbox like every other (portal.core.notifications)."""

from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from portal.core.notifications import notify_address

from ..notifications import ApplicationEvent


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link through notify_address (logged, kept in the
    outbox until sent); to an unknown address nothing is sent, and the
    page answers alike (Django's form already does)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        link = "{}://{}{}".format(
            context["protocol"],
            context["domain"],
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            ),
        )
        user = context["user"]
        notify_address(
            to=to_email,
            event=ApplicationEvent.PASSWORD_RESET,
            about=user,
            context={"username": user.get_username()},
            link=link,
            who="account_holder",
        )
