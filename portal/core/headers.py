"""Security headers beyond Django's own, and the one way private files are
served.

- ``Permissions-Policy`` on every answer the portal renders: no page of it
  uses the camera, microphone, location or the like, so none may
  (settings.PERMISSIONS_POLICY).
- ``Content-Security-Policy``: django-csp's middleware writes the header
  from settings.CONTENT_SECURITY_POLICY (the portal's own pages: scripts
  and styles from its static files only, an inline script only with the
  request's nonce). Wagtail's admin and Swagger UI run inline scripts and
  styles of their own; the paths of settings.CONTENT_SECURITY_POLICY_PATHS
  get the directives given there instead.
- A page that used its request's nonce is sent ``private, no-store``: the
  public page cache (portal.core.cache) keeps pages with the headers of
  their first answer but django-csp writes a fresh header, with a fresh
  nonce, on every answer, so a kept page's nonce would no longer match.
  The public pages carry no inline script and need no nonce; this keeps a
  future one from breaking silently.
- ``private_file_response`` serves an uploaded file: never sniffed, and
  sandboxed (``Content-Security-Policy: sandbox``: no scripts, no forms, an
  origin of its own), so that a file shown in the browser cannot act as a
  page of the portal whatever it holds.
"""

from django.conf import settings
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.log_actions import log

CSP_HEADER = "Content-Security-Policy"
PERMISSIONS_HEADER = "Permissions-Policy"


def permissions_policy_value(policy: dict[str, list[str]]) -> str:
    """Returns the Permissions-Policy header for ``policy`` (feature → the
    allowed origins; [] for none, ["self"] for the portal's own pages)."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(policy.items())
    )


def _path_directives(path: str) -> dict | None:
    for prefix, directives in getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {}).items():
        if path.startswith(prefix):
            return directives
    return None


class SecurityHeadersMiddleware:
    """Sets Permissions-Policy, chooses the CSP of the path for django-csp's
    middleware and keeps pages that used a nonce out of every cache (see
    the module's docstring). Goes after CSPMiddleware and the public page
    cache in MIDDLEWARE: django-csp reads what this sets on the answer, and
    the cache sees the ``no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_value(
            getattr(settings, "PERMISSIONS_POLICY", {})
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy and PERMISSIONS_HEADER not in response:
            response[PERMISSIONS_HEADER] = self.permissions_policy
        directives = _path_directives(request.path_info)
        if directives is not None and getattr(response, "_csp_config", None) is None:
            # django-csp builds the header from this instead of the settings.
            response._csp_config = directives
        if getattr(request, "_csp_nonce", None):
            patch_cache_control(response, private=True, no_store=True)
        return response


def private_file_response(*, field_file: FieldFile, filename: str, inline: bool) -> FileResponse:
    """Returns the answer serving ``field_file`` under ``filename``: shown
    in the browser if ``inline`` (a preview), else downloaded. Either way
    sandboxed and never sniffed (see the module's docstring)."""
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=filename)
    response[CSP_HEADER] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_download(
    *,
    request: HttpRequest,
    about: Model,
    field_file: FieldFile,
    what: str,
    filename: str,
    inline: bool,
) -> FileResponse:
    """Logs a ``portal.file.download`` entry on ``about`` (``what`` names
    the file's kind, e.g. "licence") by the requesting user, then serves
    the file as private_file_response does. The caller has checked that
    the user may read it. Raises Http404, and logs nothing, when the field
    holds no file (an optional document never given)."""
    if not field_file:
        raise Http404
    log(
        instance=about,
        action="portal.file.download",
        user=request.user,
        data={"file": what, "name": filename},
    )
    return private_file_response(field_file=field_file, filename=filename, inline=inline)
