"""A returned (or withdrawn) application copied into a new draft, so the
applicant can apply again without typing everything anew."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused
from portal.core.files import atomic_with_files, stored_file_save

from ..models import Application, Material
from ..selectors.supplements import COPYABLE
from .drafts import DRAFT_FIELDS, application_create


@atomic_with_files()
def application_copy(*, application: Application, user: AbstractBaseUser) -> Application:
    """Starts a new draft for the same organisation with the fields of
    ``application`` (returned or withdrawn) and a copy of each of its
    materials' files — stored anew, so deleting one application's file
    leaves the other's. Logs ``portal.application.copy`` on both. Raises
    NotAllowed (not a member, as application_create) or Refused (another
    state) and changes nothing."""
    source = Application.objects.get(pk=application.pk)
    if source.status not in COPYABLE:
        raise Refused([_("Only a returned or withdrawn application can be copied.")])
    draft = application_create(organisation=source.organisation, user=user, kind=source.kind)
    for name in DRAFT_FIELDS - {"townships"}:
        setattr(draft, name, getattr(source, name))
    draft.save()
    draft.townships.set(source.townships.all())
    copied = 0
    for material in source.materials.order_by("pk"):
        copy = Material(
            application=draft,
            slot=material.slot,
            original_name=material.original_name,
            content_kind=material.content_kind,
            size=material.size,
            sha256=material.sha256,
            uploaded_by=user,
        )
        with material.file.open("rb") as handle:
            stored_file_save(copy.file, material.original_name, File(handle))
        copy.save()
        copied += 1
    data = {"from": source.pk, "to": draft.pk, "number": source.receipt_number, "files": copied}
    log(instance=draft, action="portal.application.copy", user=user, data=data)
    log(instance=source, action="portal.application.copy", user=user, data=data)
    return draft
