"""Fixtures of the evaluations tests."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.roles import Role
from tests.factories import UnitFactory, UserFactory

PDF = b"%PDF-1.4\n%test document\n"


def pdf(name: str = "文件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def zone(db, site_tree):
    """An experimental zone established on 2024-03-15, its county bureau
    account, and a municipal reviewer."""
    member = UserFactory(roles=[Role.COUNTY_BUREAU])
    unit = UnitFactory(
        kind="reserve",
        category="",
        status="experimental_zone",
        name="浮梁县陶瓷文化生态保护实验区",
        code="2024-SYQ-001",
        established_on=datetime.date(2024, 3, 15),
        member=member,
    )
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    return unit, member, reviewer


@pytest.fixture
def submitted_plan(zone):
    """The zone's master plan, submitted by its member from 2025-01-01."""
    from applications.models import Township
    from evaluations.services.plans import plan_submit

    unit, member, _reviewer = zone
    return plan_submit(
        unit=unit,
        user=member,
        upload=pdf("总体规划.pdf"),
        starts_on=datetime.date(2025, 1, 1),
        phases=(5, 3, 2),
        core=[Township.objects.get(name="瑶里镇")],
    )
