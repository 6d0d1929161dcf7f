"""Applicants' account pages: register, activate the account and verify
the email, sign in and out; an organisation's business licence."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.errors import Refused, form_problems
from portal.core.headers import private_file_download
from portal.core.ratelimit import limit_posts

from ..forms import LicenceForm, RegistrationForm
from ..models import Organisation
from ..selectors import applications_for_user, licence_may_read
from ..services.accounts import VERIFY_DAYS, account_email_verify, account_register
from ..services.claims import organisation_licence_replace


@require_http_methods(["GET", "POST"])
@limit_posts(group="register", rate="10/h")
def register(request):
    """Registers an account and its organisation's claim, then answers the
    same whatever accounts exist (services.accounts says why); the typed
    values come back on any error of the form (passwords excepted)."""
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_register(
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
                licence=data["licence"],
                request=request,
                privacy_consent_at=timezone.now(),
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            request.session["registered_email"] = data["email"]
            return redirect("accounts:registered")
    return render(request, "accounts/register.html", {"form": form})


@require_GET
def registered(request):
    """The one answer to every registration: look in your mailbox."""
    return render(
        request,
        "accounts/registered.html",
        {"email": request.session.get("registered_email"), "days": VERIFY_DAYS},
    )


def verify_email(request, token: str):
    """Activates the account and verifies the address of the signed link,
    or says why it cannot."""
    try:
        user = account_email_verify(token=token)
    except signing.SignatureExpired:
        messages.error(request, _("This link has expired. Sign in to ask for a new one."))
        return redirect("accounts:login")
    except signing.BadSignature:
        messages.error(request, _("This link is not valid."))
        return redirect("accounts:login")
    messages.success(request, _("Thank you: your email address is verified."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("applications:dashboard")
    messages.info(request, _("Your account is open: sign in with the password you chose."))
    return redirect("accounts:login")


@login_required
@require_GET
def licence_download(request, pk: int):
    """Serves an organisation's business licence to its members and to the
    culture bureau of its county only (404 for anyone else, as for a
    missing one); every download is logged. ``?inline=1`` previews it,
    sandboxed."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not organisation.licence or not licence_may_read(
        organisation=organisation, user=request.user
    ):
        raise Http404
    return private_file_download(
        request=request,
        about=organisation,
        field_file=organisation.licence,
        what="licence",
        filename=organisation.licence_name or "licence",
        inline=request.GET.get("inline") == "1",
    )


@login_required
@require_POST
def licence_replace(request, pk: int):
    """Another licence for an organisation whose claim was refused."""
    organisation = get_object_or_404(request.user.organisations.all(), pk=pk)
    form = LicenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return redirect("applications:dashboard")
    try:
        organisation_licence_replace(
            organisation=organisation, user=request.user, upload=form.cleaned_data["licence"]
        )
    except Refused as refused:
        messages.error(request, str(refused))
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(
            request, _("Received: the culture bureau of your county will examine the licence.")
        )
    return redirect("applications:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """An account with established units and no application lands on
        its units (/units/); any other on its applications."""
        user = self.request.user
        if (
            user.organisations.filter(units__isnull=False).exists()
            and not applications_for_user(user=user).exists()
        ):
            return resolve_url("my_units:list")
        return super().get_default_redirect_url()


login_view = limit_posts(group="login", rate="30/10m")(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()
