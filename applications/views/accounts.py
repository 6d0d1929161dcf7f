"""Applicants' account pages: register, verify the email, sign in and out."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.core.ratelimit import limit_posts

from ..forms import RegistrationForm
from ..services.accounts import account_email_verify, account_register

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
@limit_posts(group="register", rate="10/h")
def register(request):
    """Creates an account and its organisation; the typed values come back
    on any error (passwords excepted)."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = account_register(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            organisation={
                "uscc": data["uscc"],
                "name": data["organisation_name"],
                "county": data["county"],
                "township": data["township"],
                "address": data["address"],
                "contact_name": data["contact_name"],
                "contact_phone": data["contact_phone"],
                "contact_email": data["email"],
            },
            request=request,
        )
        login(request, user, backend=AUTH_BACKEND)
        messages.success(
            request,
            _(
                "Your account is ready. We have sent a link to %(email)s: open it to verify the "
                "address before you submit an application."
            )
            % {"email": user.email},
        )
        return redirect("applications:dashboard")
    return render(request, "accounts/register.html", {"form": form})


def verify_email(request, token: str):
    """Verifies the address of the signed link, or says why it cannot."""
    try:
        account_email_verify(token=token)
    except signing.SignatureExpired:
        messages.error(request, _("This link has expired. Sign in to ask for a new one."))
        return redirect("accounts:login")
    except signing.BadSignature:
        messages.error(request, _("This link is not valid."))
        return redirect("accounts:login")
    messages.success(request, _("Thank you: your email address is verified."))
    return redirect("applications:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login_view = limit_posts(group="login", rate="30/10m")(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()
