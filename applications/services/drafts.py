"""Writes of an applicant's draft: starting it, saving its fields, and its
materials (uploaded also while a supplement is requested)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from portal.core.errors import NotAllowed, Refused
from portal.core.files import atomic_with_files, stored_file_save
from portal.core.uploads import sanitise_filename, upload_sha256, validate_upload

from ..materials import slots_for
from ..models import Application, ApplicationKind, Material, Organisation
from ..roles import APPLY, APPLY_FOR_RESERVE, require
from ..workflow import Record
from .transitions import record_check

# Why a submitted application's fields and files cannot change here.
SUBMITTED = gettext_lazy("This application has been submitted and can no longer be changed here.")

DRAFT_FIELDS = {
    "category",
    "ich_projects",
    "inheritor_branch",
    "inheritors",
    "skilled_holders",
    "site_area_m2",
    "staff_count",
    "senior_staff",
    "narrative",
    "relaxation_requested",
    "relaxation_reason",
    "holistic_since",
    "outline",
    "townships",
}


@transaction.atomic
def application_create(
    *, organisation: Organisation, user: AbstractBaseUser, kind: str = ApplicationKind.BASE
) -> Application:
    """Starts a draft application of ``kind`` for ``organisation``. A reserve
    sub-zone is applied for by a county bureau account only (第六条).
    Raises NotAllowed otherwise."""
    if not organisation.members.filter(pk=user.pk).exists():
        raise NotAllowed([_("You may not do this.")])
    require(user, APPLY_FOR_RESERVE if kind == ApplicationKind.RESERVE else APPLY)
    application = Application.objects.create(kind=kind, organisation=organisation, created_by=user)
    log(instance=application, action="portal.application.create", user=user)
    return application


@transaction.atomic
def application_update(
    *, application: Application, user: AbstractBaseUser, data: dict
) -> Application:
    """Saves draft fields (any of DRAFT_FIELDS) and logs which changed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    record_check(application=application, record=Record.DRAFT, user=user, message=str(SUBMITTED))
    changed = []
    data = dict(data)
    townships = data.pop("townships", None)
    for name, value in data.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} is not a draft field")
        if getattr(application, name) != value:
            setattr(application, name, value)
            changed.append(name)
    if townships is not None and set(townships) != set(application.townships.all()):
        application.townships.set(townships)
        changed.append("townships")
    if changed:
        application.save()
        log(
            instance=application,
            action="portal.application.edit",
            user=user,
            data={"fields": sorted(changed)},
        )
    return application


@atomic_with_files()
def material_add(
    *, application: Application, user: AbstractBaseUser, slot: str, upload: UploadedFile
) -> Material:
    """Checks and stores an uploaded file in a slot of a draft (or of an
    application asked for a supplement). Raises ValidationError (saying
    why) for a file that is refused. The file is deleted again if the
    transaction rolls back (its row was not written)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    record_check(
        application=application, record=Record.MATERIALS, user=user, message=str(SUBMITTED)
    )
    if slot not in {s.code for s, _required in slots_for(application)}:
        raise ValidationError(_("Unknown material."))
    kind = validate_upload(upload)
    name = sanitise_filename(upload.name)
    material = Material(
        application=application,
        slot=slot,
        original_name=name,
        content_kind=kind,
        size=upload.size,
        sha256=upload_sha256(upload),
        uploaded_by=user,
    )
    stored_file_save(material.file, name, upload)
    material.save()
    log(
        instance=application,
        action="portal.material.upload",
        user=user,
        data={"slot": slot, "name": name, "sha256": material.sha256, "size": material.size},
    )
    return material


@transaction.atomic
def material_remove(*, material: Material, user: AbstractBaseUser) -> None:
    """Removes a file from a draft (the file goes once the row is gone)."""
    application = Application.objects.select_for_update().get(pk=material.application_id)
    record_check(application=application, record=Record.DRAFT, user=user, message=str(SUBMITTED))
    name, storage, path = material.original_name, material.file.storage, material.file.name
    material.delete()
    log(
        instance=application,
        action="portal.material.remove",
        user=user,
        data={"slot": material.slot, "name": name},
    )
    transaction.on_commit(lambda: storage.delete(path))


@atomic_with_files()
def materials_add(
    *, application: Application, user: AbstractBaseUser, uploads: list[tuple[str, UploadedFile]]
) -> list[Material]:
    """Stores several uploaded files, each in its slot (``(slot code, file)``
    pairs), all or none: raises ValidationError for the first file refused
    (saying why), and then no file of the lot is kept (the stored ones are
    deleted when the transaction rolls back)."""
    return [
        material_add(application=application, user=user, slot=slot, upload=upload)
        for slot, upload in uploads
    ]


@transaction.atomic
def application_delete_draft(*, application: Application, user: AbstractBaseUser) -> None:
    """Deletes a draft that was never submitted, with its materials; their
    files are deleted once the deletion has committed. Raises NotAllowed
    for a user who may not apply for its organisation, Refused for an
    application that is not (or no longer) a draft, and changes nothing
    then."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    never_submitted = _("Only a draft that was never submitted can be deleted.")
    record_check(application=application, record=Record.DRAFT, user=user, message=never_submitted)
    if application.receipt_number:
        raise Refused([never_submitted])
    materials = list(application.materials.all())
    files = [(m.file.storage, m.file.name) for m in materials if m.file]
    log(
        instance=application,
        action="portal.application.delete_draft",
        user=user,
        data={
            "organisation": application.organisation_id,
            "kind": application.kind,
            "materials": [{"slot": m.slot, "name": m.original_name} for m in materials],
        },
    )
    application.delete()

    def files_delete():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(files_delete)
