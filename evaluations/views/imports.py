"""Staff screens of the import of units approved before the portal
(第三十九–四十条), in the Wagtail admin: upload, preview, confirm, result.
Thin: each step calls units_import; only municipal reviewers and
administrators may use them.

Between the preview and the confirmation the uploaded bytes wait in
private storage under a random name; the page carries only a signed token
naming them (with the user, the digest and the mode), so the user does not
upload again and cannot swap the file or the mode."""

import csv
import datetime
import hashlib
import io
import secrets

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.models import ModelLogEntry

from applications.models import County
from applications.roles import BUREAU, may
from applications.selectors import rules_on
from evaluations.models import ProtectedUnit
from portal.core.storage import private_storage

from ..forms import ImportConfirmForm, ImportUploadForm
from ..import_rows import import_problems
from ..import_table import CATEGORIES, KINDS, TEMPLATE_HEADERS
from ..models import UnitImport
from ..services.importing import units_import

PREVIEW_SALT = "portal.unit.import"
# How long a preview may be confirmed; a pending file older than this is
# deleted at the next upload.
PENDING_SECONDS = 60 * 60
PENDING_FOLDER = "unit-imports/pending"


def _forbidden(request):
    """Returns 403. (Wagtail turns a raised PermissionDenied into a redirect
    to the dashboard; a refused page should say it is refused.)"""
    return permission_denied(request, PermissionDenied())


def _pending_clean() -> None:
    """Deletes pending files older than PENDING_SECONDS (previews never
    confirmed). Best effort: a storage that cannot list is left alone."""
    storage = private_storage()
    limit = timezone.now() - datetime.timedelta(seconds=PENDING_SECONDS)
    try:
        _folders, files = storage.listdir(PENDING_FOLDER)
        for name in files:
            path = f"{PENDING_FOLDER}/{name}"
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
    except (FileNotFoundError, NotImplementedError, OSError):
        pass


def _pending_store(*, data: bytes, user, file_name: str, all_or_nothing: bool) -> str:
    """Stores the uploaded bytes privately and returns the signed token
    that names them."""
    _pending_clean()
    stored = private_storage().save(
        f"{PENDING_FOLDER}/{secrets.token_hex(16)}.bin", ContentFile(data)
    )
    return signing.dumps(
        {
            "path": stored,
            "user": user.pk,
            "sha256": hashlib.sha256(data).hexdigest(),
            "name": file_name,
            "all_or_nothing": all_or_nothing,
        },
        salt=PREVIEW_SALT,
    )


def _context(**extra) -> dict:
    return {
        "headers": TEMPLATE_HEADERS,
        "kinds": "、".join(k for k in KINDS if not k.isascii()),
        "categories": "、".join(k for k in CATEGORIES if not k.isascii()),
        "counties": County.objects.order_by("code"),
        "rules": rules_on(day=timezone.localdate()),
        **extra,
    }


def upload_view(request):
    """The upload form (GET) and the preview of an uploaded table (POST):
    each row with its problems, and the button that confirms."""
    if not may(request.user, BUREAU):
        return _forbidden(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        all_or_nothing = form.cleaned_data["all_or_nothing"]
        preview = units_import(
            data=data,
            file_name=upload.name,
            user=request.user,
            dry_run=True,
            all_or_nothing=all_or_nothing,
        )
        token = (
            _pending_store(
                data=data, user=request.user, file_name=upload.name, all_or_nothing=all_or_nothing
            )
            if preview.would_create
            else ""
        )
        return render(
            request,
            "evaluations/admin/import_preview.html",
            _context(preview=preview, token=token, problems=import_problems(preview)),
        )
    recent = UnitImport.objects.filter(dry_run=False).select_related("imported_by")[:10]
    return render(
        request,
        "evaluations/admin/import.html",
        _context(form=form, recent=recent),
        status=400 if form.errors else 200,
    )


@require_POST
def confirm_view(request):
    """Imports the previewed file (the bytes kept since the preview) and
    redirects to the result."""
    if not may(request.user, BUREAU):
        return _forbidden(request)
    form = ImportConfirmForm(request.POST)
    pending = None
    if form.is_valid():
        try:
            pending = signing.loads(
                form.cleaned_data["token"], salt=PREVIEW_SALT, max_age=PENDING_SECONDS
            )
        except signing.BadSignature:
            pass
    if pending is None:
        # No token, one too long to be ours, a forged one or an expired one.
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("unit_import")
    if pending["user"] != request.user.pk:
        return _forbidden(request)
    storage = private_storage()
    path = pending["path"]
    if not path.startswith(f"{PENDING_FOLDER}/") or not storage.exists(path):
        # Confirmed already (the file is gone) or cleaned up.
        messages.error(request, _("This preview has already been used or has expired."))
        return redirect("unit_import")
    with storage.open(path, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        messages.error(request, _("The kept file has changed: upload the file again."))
        return redirect("unit_import")
    record = units_import(
        data=data,
        file_name=pending["name"],
        user=request.user,
        dry_run=False,
        all_or_nothing=pending["all_or_nothing"],
    )
    storage.delete(path)
    if record.created:
        messages.success(request, _("%(n)d unit(s) imported.") % {"n": record.created})
    else:
        messages.error(request, _("Nothing was imported."))
    return redirect("unit_import_result", record.pk)


def result_view(request, pk: int):
    """One import: what was read, refused and created."""
    if not may(request.user, BUREAU):
        return _forbidden(request)
    record = get_object_or_404(UnitImport.objects.select_related("imported_by"), pk=pk)
    unit_ids = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProtectedUnit),
        action="portal.unit.imported",
        data__import=record.pk,
    ).values_list("object_id", flat=True)
    units = ProtectedUnit.objects.filter(pk__in=[int(i) for i in unit_ids]).select_related("county")
    return render(
        request,
        "evaluations/admin/import_result.html",
        {
            "record": record,
            "units": units.order_by("code"),
            "problems": import_problems(record),
        },
    )


def template_view(request):
    """The CSV template: the headers only, UTF-8 with a BOM so that Excel
    opens it with the Chinese intact."""
    if not may(request.user, BUREAU):
        return _forbidden(request)
    if request.method != "GET":
        raise Http404
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_HEADERS)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, _("units-import-template") + ".csv"
    )
    return response
