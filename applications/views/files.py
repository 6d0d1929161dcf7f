"""Downloads of an application's private files: each checked against who
may read the file in the application's state (applications.workflow) and
logged."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.log_actions import log

from ..models import Application, Material
from ..selectors import application_may_read


def _serve(request, application: Application, field_file, name: str, what: str):
    if not field_file:
        raise Http404
    log(
        instance=application,
        action="portal.file.download",
        user=request.user,
        data={"file": what, "name": name},
    )
    # ?inline=1 previews PDFs and images in the browser (the review page).
    inline = request.GET.get("inline") == "1"
    return FileResponse(field_file.open("rb"), as_attachment=not inline, filename=name)


@login_required
@require_GET
def material_download(request, pk: int, material_pk: int):
    """Serves an uploaded file to the organisation's members and bureau
    staff only; every download is logged."""
    material = get_object_or_404(
        Material.objects.select_related("application__organisation"),
        pk=material_pk,
        application_id=pk,
    )
    if not application_may_read(application=material.application, user=request.user):
        raise PermissionDenied
    return _serve(
        request,
        material.application,
        material.file,
        material.original_name,
        f"material:{material.slot}",
    )


@login_required
@require_GET
def receipt_download(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    if not application_may_read(application=application, user=request.user):
        raise PermissionDenied
    return _serve(
        request,
        application,
        application.receipt_pdf,
        f"{application.receipt_number}.pdf",
        "receipt",
    )
