"""The two-step pages of the admin: the code asked after the password,
and setting up an authenticator (QR code, secret, first code, recovery
codes). Both are open to a staff member whose session is not verified
yet (see middleware.OPEN_URL_NAMES)."""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from ..errors import Refused
from .forms import CodeForm, EnrolmentForm
from .selectors import pending_totp_device, totp_device
from .services import second_factor_verify, totp_enrolment_begin, totp_enrolment_confirm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _locked_out(request, credentials):
    """Returns axes' lockout page, after signing the password session out,
    if the account is locked; None otherwise."""
    if not getattr(settings, "AXES_ENABLED", True):
        return None
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    logout(request)
    return get_lockout_response(request, credentials=credentials)


def verify(request):
    """The code asked of a staff member with an authenticator, once per
    sign-in. A wrong code counts as a failed sign-in for axes: the account
    locks like after wrong passwords, and the session is signed out."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if totp_device(user=user) is None:
        return redirect(f"{reverse('portal_twofactor_enrol')}?{urlencode({'next': next_url})}")
    credentials = {"username": user.get_username()}
    locked = _locked_out(request, credentials)
    if locked is not None:
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=user, code=form.cleaned_data["code"])
        except Refused as refused:
            for problem in refused.problems:
                form.add_error("code", problem)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            locked = _locked_out(request, credentials)
            if locked is not None:
                return locked
        else:
            otp_login(request, device)
            return redirect(next_url)
    return TemplateResponse(
        request, "portal/twofactor/verify.html", {"form": form, "next": next_url}
    )


def qr_svg(text: str) -> str:
    """Returns ``text`` as a QR code in inline SVG (drawn here: the secret
    never leaves the portal)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    return image.to_string(encoding="unicode")


def enrol(request):
    """Setting up an authenticator: the QR code and the secret of a new
    device (shown once: reloading makes a new one), the first code it
    shows, then ten recovery codes, shown once."""
    user = request.user
    next_url = _next_url(request)
    if totp_device(user=user) is not None:
        messages.info(request, _("Two-step verification is already set up for this account."))
        return redirect(next_url)
    form = EnrolmentForm(request.POST or None)
    device = pending_totp_device(user=user, device_id=request.POST.get("device"))
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            device, codes = totp_enrolment_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
        except Refused as refused:
            for problem in refused.problems:
                form.add_error("code", problem)
        else:
            otp_login(request, device)
            return TemplateResponse(
                request, "portal/twofactor/recovery_codes.html", {"codes": codes, "next": next_url}
            )
    if device is None:
        device = totp_enrolment_begin(user=user)
        form = EnrolmentForm(initial={"device": device.pk})
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "portal/twofactor/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": mark_safe(qr_svg(device.config_url)),  # noqa: S308 (drawn here)
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
