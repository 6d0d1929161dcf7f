"""Downloads of an application's private files: each checked against who
may read the file in the application's state (applications.workflow) and
logged. Whoever may not read the application is answered 404, as for one
that does not exist: the answer does not tell which ids exist."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from portal.core.headers import private_file_download

from ..models import Application, Material
from ..selectors import application_may_read


def _serve(request, application: Application, field_file, name: str, what: str):
    if not field_file:
        raise Http404
    # ?inline=1 previews PDFs and images in the browser: in a frame of
    # the portal's own pages (the file on the review and expert pages).
    inline = request.GET.get("inline") == "1"
    response = private_file_download(
        request=request,
        about=application,
        field_file=field_file,
        what=what,
        filename=name,
        inline=inline,
    )
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _readable(request, application: Application) -> Application:
    if not application_may_read(application=application, user=request.user):
        raise Http404
    return application


@login_required
@require_GET
def material_download(request, pk: int, material_pk: int):
    """Serves an uploaded file to those who may read the application in its
    state (a draft: the organisation's members only); every download is
    logged."""
    material = get_object_or_404(
        Material.objects.select_related("application__organisation"),
        pk=material_pk,
        application_id=pk,
    )
    return _serve(
        request,
        _readable(request, material.application),
        material.file,
        material.original_name,
        f"material:{material.slot}",
    )


@login_required
@require_GET
def receipt_download(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    return _serve(
        request,
        _readable(request, application),
        application.receipt_pdf,
        f"{application.receipt_number}.pdf",
        "receipt",
    )
