"""Demo data for development machines."""

import secrets
import string
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from applications.models import AccountProfile, ClaimStatus, County, Organisation, Township
from applications.roles import Role, role_grant
from applications.uscc import uscc_check_character
from cms.models import NoticePage
from cms.services import measure_import, site_tree_ensure

from .applications import demo_applications_seed
from .obligations import demo_obligations_seed
from .publicity import demo_publicity_seed, demo_workshops

MEASURES_2020 = Path(settings.BASE_DIR) / "cms" / "data" / "measures-2020.md"

DEMO_ACCOUNTS = [
    ("demo-applicant", Role.APPLICANT, "演示申报单位"),
    ("demo-county", Role.COUNTY_BUREAU, "演示县文旅局"),
    ("demo-reviewer", Role.MUNICIPAL_REVIEWER, "演示审核员"),
    ("demo-expert", Role.EXPERT, "演示专家"),
    ("demo-admin", Role.ADMIN, "演示管理员"),
]

DEMO_NOTICES = [
    (
        "demo-portal-trial",
        "【演示】门户网站试运行公告",
        "<p>国家级景德镇陶瓷文化生态保护实验区门户网站开始试运行。公众可在本网站查阅管理办法、"
        "通知公告和公示信息。本条为演示内容。</p>",
    ),
    (
        "demo-base-application",
        "【演示】关于开展陶瓷文化生态保护基地申报工作的通知",
        "<p>根据《国家级景德镇陶瓷文化生态保护实验区管理办法（试行）》第七条，符合条件的单位可申报"
        "生产性保护示范基地、传承基地、传播基地、研究基地。申报材料通过本门户在线提交。本条为演示内容。</p>",
    ),
    (
        "demo-measures-reading",
        "【演示】《管理办法》政策解读",
        "<p>管理办法共四章四十三条，规定了文化生态保护区和保护基地的申报与设立、建设与管理。"
        "备选名单的公示期见第十二条。本条为演示内容。</p>",
    ),
]

PASSWORD_ALPHABETS = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "-_.!@#")


def demo_password(length: int = 14) -> str:
    """Returns a random password that has characters of every kind (upper,
    lower, digit, symbol)."""
    chars = [secrets.choice(kind) for kind in PASSWORD_ALPHABETS]
    pool = "".join(PASSWORD_ALPHABETS)
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@dataclass
class DemoSeedResult:
    # (username, role, password) for accounts whose password was just set.
    new_credentials: list[tuple[str, Role, str]] = field(default_factory=list)
    existing_usernames: list[str] = field(default_factory=list)
    measure_imported: bool = False
    notices_created: int = 0
    publicity_created: bool = False
    applications_created: int = 0
    zone_created: bool = False


@transaction.atomic
def demo_seed(*, reset_passwords: bool = False) -> DemoSeedResult:
    """Builds the site tree, imports the 2020 measures, adds demo notices,
    one demo account per role, the demo publicity lists (one open today,
    one closed and approved, with its established units) and complete
    demo applications in the other states of the procedure.
    Idempotent: what exists is left alone, and a password is set (and
    returned) only for a new account, or for every demo account when
    ``reset_passwords`` is true."""
    result = DemoSeedResult()
    tree = site_tree_ensure()
    imported = measure_import(data=MEASURES_2020.read_bytes(), source=MEASURES_2020.name)
    result.measure_imported = imported.changed

    for slug, title, body in DEMO_NOTICES:
        if NoticePage.objects.filter(slug=slug).exists():
            continue
        notice = NoticePage(
            title=title,
            slug=slug,
            body=body,
            date=timezone.localdate(),
            issuing_body="景德镇市文化广电新闻出版旅游局",
            live=False,
        )
        tree.notice_index.add_child(instance=notice)
        notice.save_revision(log_action=True).publish()
        result.notices_created += 1

    User = get_user_model()
    for username, role, name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "email": f"{username}@example.invalid"}
        )
        role_grant(user, role)
        if role == Role.ADMIN and not user.is_superuser:
            user.is_superuser = True
            user.is_staff = True
        if created or reset_passwords:
            password = demo_password()
            user.set_password(password)
            result.new_credentials.append((username, role, password))
            log(instance=user, action="portal.demo.account", data={"created": created})
        else:
            result.existing_usernames.append(username)
        user.save()
        _demo_profile(user, role)

    reviewer = User.objects.get(username="demo-reviewer")
    result.publicity_created = demo_publicity_seed(
        reviewer=reviewer, applicant=User.objects.get(username="demo-applicant")
    )

    result.applications_created = demo_applications_seed(
        workshops=demo_workshops(),
        applicant=User.objects.get(username="demo-applicant"),
        reviewer=reviewer,
        expert=User.objects.get(username="demo-expert"),
    )

    result.zone_created = (
        demo_obligations_seed(
            county_user=User.objects.get(username="demo-county"), reviewer=reviewer
        )
        is not None
    )
    return result


# The demo organisations of the applicant and the county bureau accounts:
# the first 17 characters of the code (the check character of GB 32100-2015
# is computed), name, township in 浮梁县, telephone.
DEMO_ORGANISATIONS = {
    Role.APPLICANT: ("91360222MA35DEM01", "【演示】浮梁古窑瓷业工作室", "瑶里镇", "0798-0000000"),
    Role.COUNTY_BUREAU: (
        "11360222MB1234567",
        "【演示】浮梁县文化广电新闻出版旅游局",
        "浮梁镇",
        "0798-0000001",
    ),
}


def _demo_profile(user, role: str) -> None:
    """Gives the applicant a verified address and a workshop in 浮梁县, and
    the county bureau account its county."""
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
    if role == Role.COUNTY_BUREAU and profile.county_id is None:
        profile.county = County.objects.filter(name="浮梁县").first()
    profile.save()
    demo = DEMO_ORGANISATIONS.get(role)
    if demo is not None and not user.organisations.exists():
        first17, name, township, phone = demo
        organisation, _created = Organisation.objects.get_or_create(
            uscc=first17 + uscc_check_character(first17),
            defaults={
                "name": name,
                "county": County.objects.get(name="浮梁县"),
                "township": Township.objects.get(name=township),
                "address": f"浮梁县{township}（演示地址）",
                "contact_name": "演示联系人",
                "contact_phone": phone,
                "contact_email": user.email,
                # The demo's organisations are the bureau's own: confirmed.
                "claim_status": ClaimStatus.CONFIRMED,
            },
        )
        organisation.members.add(user)
