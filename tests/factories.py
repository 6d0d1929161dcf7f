"""factory_boy factories for the suite."""

import datetime
import hashlib
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.workflow import State
from cms.models import NoticePage
from portal.core.uploads import sniff

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# The smallest file the upload checks take for a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The national ICH project most applications in the tests name.
PORCELAIN_CRAFT = {"name": "景德镇手工制瓷技艺", "level": "国家级"}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("Jdz-test-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role))


class NoticePageFactory(factory.Factory):
    """Builds a published notice under ``parent`` (a NoticeIndexPage)."""

    class Meta:
        model = NoticePage

    title = factory.Sequence(lambda n: f"关于第{n}批陶瓷文化生态保护工作的通知")
    slug = factory.Sequence(lambda n: f"notice-{n}")
    body = "<p>陶瓷文化生态保护通知正文。</p>"
    date = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        notice = model_class(*args, **kwargs)
        parent.add_child(instance=notice)
        notice.save_revision().publish()
        return notice


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A workshop in 浮梁县 with a valid 统一社会信用代码."""

    class Meta:
        model = "applications.Organisation"
        django_get_or_create = ("uscc",)

    uscc = "91350100M000100Y43"
    name = "瑶里古窑瓷业有限公司"
    county = factory.LazyFunction(lambda: _county("浮梁县"))
    address = "瑶里镇"
    contact_name = "陈"
    contact_phone = "0798-1"
    contact_email = "a@example.invalid"
    # Confirmed by its county bureau, as every organisation before claims.
    claim_status = "confirmed"


def _county(name: str):
    from applications.models import County

    return County.objects.get(name=name)


class UnitFactory(factory.django.DjangoModelFactory):
    """An established base (a reserve with ``kind="reserve"``) of the
    default organisation, with a member account."""

    class Meta:
        model = "evaluations.ProtectedUnit"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"2024-JD-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"瑶里第{n + 1}保护基地")
    kind = "base"
    category = "production"
    status = "designated_base"
    organisation = factory.SubFactory(OrganisationFactory)
    county = factory.LazyAttribute(lambda unit: unit.organisation.county)
    established_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def member(self, create, extracted, **kwargs):
        if extracted:
            self.organisation.members.add(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A base application of the default organisation (OrganisationFactory),
    created by a user of no role who is not a member, in ``status`` (a
    draft unless told), with no category, receipt number or ICH project.

    ``number=n`` (with ``year``, 2025 unless told) gives it the receipt
    number JDZ-JD-<year>-000n (JDZ-BH-… for a reserve); the ``submitted``
    trait adds the time of submission and the rules of the time (ten working
    days for a supplement); ``with_craft`` names PORCELAIN_CRAFT."""

    class Meta:
        model = "applications.Application"
        skip_postgeneration_save = True

    class Params:
        number = None
        year = 2025
        submitted = factory.Trait(
            status=State.SUBMITTED,
            number=factory.Sequence(lambda n: 9001 + n),
            submitted_at=datetime.datetime(2025, 9, 1, 9, tzinfo=SHANGHAI),
            rules_snapshot={"supplement_working_days": 10},
        )
        with_craft = factory.Trait(
            ich_projects=factory.LazyFunction(lambda: [dict(PORCELAIN_CRAFT)])
        )

    kind = "base"
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    status = State.DRAFT
    receipt_number = factory.LazyAttribute(
        lambda a: (
            None
            if a.number is None
            else f"JDZ-{'JD' if a.kind == 'base' else 'BH'}-{a.year}-{a.number:04d}"
        )
    )


class MaterialFactory(factory.django.DjangoModelFactory):
    """A PDF in the ``licence`` slot of an application (ApplicationFactory
    unless told), uploaded by its creator and stored in private storage
    under its original name; ``content`` (PDF unless told) gives the file's
    bytes, from which its kind, size and sha256 follow."""

    class Meta:
        model = "applications.Material"

    class Params:
        content = PDF

    application = factory.SubFactory(ApplicationFactory)
    slot = "licence"
    original_name = factory.LazyAttribute(lambda m: f"{m.slot}.pdf")
    file = factory.django.FileField(
        filename=factory.SelfAttribute("..original_name"), data=factory.SelfAttribute("..content")
    )
    content_kind = factory.LazyAttribute(lambda m: sniff(m.content[:16], io.BytesIO(m.content)))
    size = factory.LazyAttribute(lambda m: len(m.content))
    sha256 = factory.LazyAttribute(lambda m: hashlib.sha256(m.content).hexdigest())
    uploaded_by = factory.SelfAttribute("application.created_by")
