"""factory_boy factories for the suite."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import NoticePage


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
