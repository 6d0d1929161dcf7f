"""Choosing a new password by email (Django's password reset views, with
the portal's templates and limits).

The request page answers alike for every address, known or not (Django's
form sends nothing to an unknown one). Requests are limited per client
address (beyond RESET_RATE_ADDRESS: the 429 page, which says nothing of
any account) and per address asked for (beyond RESET_RATE_EMAIL: the
usual answer, and no email — so that nobody floods a mailbox)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from portal.core.ratelimit import fixed_key, limit_count, limit_posts
from portal.core.spamguard import contact_key

from ..forms.passwords import PortalPasswordResetForm

RESET_RATE_ADDRESS = "10/h"
RESET_RATE_EMAIL = "3/h"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if limit_count(
            self.request,
            group="password-reset-email",
            rate=RESET_RATE_EMAIL,
            key=fixed_key(contact_key({"email": form.cleaned_data["email"]})),
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


password_reset = limit_posts(group="password-reset", rate=RESET_RATE_ADDRESS)(
    PasswordResetView.as_view()
)
password_reset_done = PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = PasswordResetCompleteView.as_view()
