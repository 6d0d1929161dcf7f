"""Fixtures of the applications tests."""

import pytest

from tests.factories import OrganisationFactory


@pytest.fixture
def organisation(db):
    """A registered workshop (no members yet)."""
    return OrganisationFactory()


@pytest.fixture
def site_tree(db):
    from cms.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def publicise(db, site_tree):
    """Returns a function that puts ``n`` reviewed base applications on a
    candidate list and publishes it on ``day`` (the clock must be at or
    before that day); returns (candidate list, page, reviewer)."""
    from applications.models import Application
    from applications.roles import Role
    from applications.services import candidate_list_create
    from applications.services.publicity import candidate_list_publish
    from applications.workflow import State
    from tests.factories import OrganisationFactory, UserFactory

    def publish(day, n=2):
        reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
        applications = []
        for i in range(n):
            organisation = OrganisationFactory(
                uscc=USCCS[i], name=["瑶里古窑瓷业有限公司", "湖田青白瓷研究所", "浮梁传承工坊"][i]
            )
            applicant = UserFactory(roles=[Role.APPLICANT])
            organisation.members.add(applicant)
            applications.append(
                Application.objects.create(
                    kind="base",
                    category="production",
                    organisation=organisation,
                    created_by=applicant,
                    status=State.REVIEWED,
                    receipt_number=f"JDZ-JD-{day.year}-{i + 1:04d}",
                    ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
                )
            )
        candidates = candidate_list_create(
            user=reviewer,
            title=f"{day.year}年第一批保护基地备选名单",
            kind="base",
            decision="局务会议研究确定",
            applications=applications,
        )
        page = candidate_list_publish(
            candidate_list=candidates,
            user=reviewer,
            title=f"{day.year}年第一批保护基地备选名单公示",
            document_number=f"景文旅字〔{day.year}〕88号",
            body="<p>经材料审核、实地考察、听取意见和论证评审，现将备选名单予以公示。</p>",
            contact="景德镇市文化广电新闻出版旅游局非遗科\n电话：0798-8888888",
            published_on=day,
        )
        candidates.refresh_from_db()
        return candidates, page, reviewer

    return publish


# Valid 统一社会信用代码 (GB 32100-2015 check characters).
USCCS = ["91350100M000100Y43", "91360222MA35XXXX0X", "123602004910000006"]
