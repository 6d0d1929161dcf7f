"""Demo applications in every state of the procedure, each a complete file:
ICH projects with levels, the people of 第七条（二）, the site and staff,
the five narratives, materials stored as real files in private storage,
and the records a reviewer would see for its state — all written by the
real services, from the draft onwards."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from applications.declaration import DECLARATION_VERSION
from applications.eligibility import Category, InheritorBranch
from applications.materials import slots_for
from applications.models import AccountProfile, Application, Organisation
from applications.roles import Role, role_grant
from applications.selectors import criteria_for, rules_on
from applications.services.drafts import application_create, application_update, materials_add
from applications.services.experts import expert_assign, expert_declare, expert_scores_submit
from applications.services.review import hearing_record, inspection_record, supplement_request
from applications.services.submission import application_submit
from applications.services.supplements import application_withdraw
from applications.services.transitions import application_transition
from applications.workflow import State

from .files import demo_pdf, demo_png
from .narratives import INHERITORS, PROJECTS, SENIOR_STAFF, SKILLED_HOLDERS, narrative_for

# The steps from submission, in order; a demo application walks them up to
# the state it is to show.
PATH = [
    State.SUBMITTED,
    State.MATERIAL_REVIEW,
    State.FIELD_INSPECTION,
    State.HEARING,
    State.EXPERT_REVIEW,
    State.REVIEWED,
]
MATERIAL_NAMES = {
    "application_form": "申报书",
    "licence": "营业执照",
    "site_proof": "场地产权证明",
    "staff_list": "从业人员名单",
    "inheritor_certificates": "代表性传承人证书",
    "holder_evidence": "技艺持有者从业证明",
    "senior_titles": "副高以上职称证书",
    "records": "技艺记录照片索引",
}


def workshop_member(organisation: Organisation) -> AbstractBaseUser:
    """Returns the demo account that acts for a demo workshop (no password:
    it never signs in), with a verified address."""
    User = get_user_model()
    username = f"demo-member-{organisation.uscc[-3:-1].lower()}"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": "演示填报人", "email": f"{username}@example.invalid"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    role_grant(user, Role.APPLICANT)
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save()
    organisation.members.add(user)
    return user


def _facts(organisation: Organisation, category: str, project: str, seed: int) -> dict:
    rules = rules_on(day=timezone.localdate())
    holders = SKILLED_HOLDERS.get(project)
    facts = {
        "category": category,
        "ich_projects": [
            {"name": project, "level": PROJECTS[project][0], "category": "传统技艺"},
        ],
        "site_area_m2": Decimal(rules.min_site_area_m2) + 120 * (seed + 1),
        "staff_count": rules.min_staff + 3 * seed + 2,
        "narrative": narrative_for(organisation.name, project),
    }
    if holders:
        facts.update(inheritor_branch=InheritorBranch.HOLDERS, skilled_holders=holders)
    else:
        facts.update(
            inheritor_branch=InheritorBranch.REPRESENTATIVE, inheritors=INHERITORS[project]
        )
    if category == Category.RESEARCH:
        count = rules.min_senior_staff_research + 1
        facts["senior_staff"] = [SENIOR_STAFF[n % len(SENIOR_STAFF)] for n in range(count)]
    return facts


def _uploads(application: Application, seed: int) -> list:
    uploads = []
    for slot, required in slots_for(application):
        name = MATERIAL_NAMES.get(slot.code)
        if name is None or not (required or slot.code in ("records", "holder_evidence")):
            continue
        if slot.code == "records":
            uploads.append((slot.code, demo_png(f"{name}（演示）.png", seed=seed)))
        elif slot.code != "holder_evidence" or application.skilled_holders:
            text = f"Demo material: {slot.code} - application {application.pk}"
            uploads.append((slot.code, demo_pdf(f"{name}（演示）.pdf", text)))
    return uploads


def demo_application_build(
    *,
    organisation: Organisation,
    applicant: AbstractBaseUser,
    reviewer: AbstractBaseUser,
    expert: AbstractBaseUser | None,
    category: str,
    project: str,
    until: str,
    seed: int = 0,
) -> Application:
    """Makes a complete application of ``organisation`` and takes it by the
    services from the draft up to ``until`` (a state of PATH), writing the
    records each step needs: the inspection with a photograph, the hearing,
    the expert's assignment, declaration and scores."""
    application = application_create(organisation=organisation, user=applicant)
    application = application_update(
        application=application,
        user=applicant,
        data=_facts(organisation, category, project, seed),
    )
    materials_add(application=application, user=applicant, uploads=_uploads(application, seed))
    application = application_submit(
        application=application, user=applicant, declaration_version=DECLARATION_VERSION
    )
    day = timezone.localdate()
    for state in PATH[1 : PATH.index(until) + 1]:
        _step(application, state, reviewer=reviewer, expert=expert, day=day, seed=seed)
    application.refresh_from_db()
    return application


def _step(application, state, *, reviewer, expert, day: datetime.date, seed: int) -> None:
    short = application.organisation.name.removeprefix("【演示】")
    if state == State.MATERIAL_REVIEW:
        application_transition(application=application, action="start_review", user=reviewer)
    elif state == State.FIELD_INSPECTION:
        application_transition(application=application, action="accept_materials", user=reviewer)
    elif state == State.HEARING:
        inspection_record(
            application=application,
            user=reviewer,
            inspected_on=day,
            inspectors="【演示】市文旅局非遗科 张明、李娟",
            findings=f"【演示】实地查看{short}的生产场地、展示场馆和传承活动，"
            "场地面积、从业人员与申报材料一致，传统工序保存完整。",
            photos=[demo_png("实地考察照片（演示）.png", seed=seed + 3)],
        )
        application_transition(application=application, action="record_inspection", user=reviewer)
    elif state == State.EXPERT_REVIEW:
        hearing_record(
            application=application,
            user=reviewer,
            held_on=day,
            heard="【演示】所在乡镇政府、村民代表、县文旅局",
            summary=f"【演示】与会各方支持{short}申报，建议进一步加强学徒培养和档案管理。",
        )
        application_transition(application=application, action="record_hearing", user=reviewer)
        if expert is not None:
            assignment = expert_assign(application=application, user=reviewer, expert=expert)
            expert_declare(assignment=assignment, user=expert, conflict=False)
    elif state == State.REVIEWED:
        assignment = application.expert_assignments.filter(expert=expert).first()
        if assignment is not None:
            criteria = criteria_for(application)
            expert_scores_submit(
                assignment=assignment,
                user=expert,
                scores={c.pk: Decimal(c.max_score) * Decimal("0.85") for c in criteria},
                opinion=f"【演示】{short}技艺传承脉络清晰，保护措施具体，同意列入备选。",
            )
        application_transition(application=application, action="close_expert_review", user=reviewer)


# The applications showing the states before and beside the publicity:
# (workshop index in publicity.WORKSHOPS or None for the demo applicant's
# own workshop, category, ICH project, state, what happens after).
STATES_SHOWN = [
    (0, Category.PRODUCTION, "景德镇手工制瓷技艺", State.SUBMITTED, ""),
    (1, Category.TRANSMISSION, "浮梁茶艺", State.MATERIAL_REVIEW, ""),
    (None, Category.TRANSMISSION, "景德镇传统瓷窑作营造技艺", State.MATERIAL_REVIEW, "supplement"),
    (3, Category.TRANSMISSION, "高岭土开采技艺", State.FIELD_INSPECTION, ""),
    (2, Category.DISSEMINATION, "青白瓷烧制技艺", State.HEARING, ""),
    (0, Category.RESEARCH, "景德镇传统瓷窑作营造技艺", State.EXPERT_REVIEW, ""),
    (1, Category.DISSEMINATION, "浮梁茶艺", State.REVIEWED, ""),
    (3, Category.PRODUCTION, "高岭土开采技艺", State.HEARING, "reject"),
    (0, Category.DISSEMINATION, "景德镇手工制瓷技艺", State.MATERIAL_REVIEW, "withdraw"),
]


def demo_applications_seed(
    *,
    workshops: list[Organisation],
    applicant: AbstractBaseUser,
    reviewer: AbstractBaseUser,
    expert: AbstractBaseUser | None,
) -> int:
    """Creates the demo applications of STATES_SHOWN once (none while any
    exists that is not on a candidate list); returns how many it made."""
    if (
        Application.objects.filter(organisation__in=workshops)
        .exclude(status__in=[State.CANDIDATE, State.ESTABLISHED, State.REMOVED])
        .exists()
    ):
        return 0
    own = applicant.organisations.first()
    made = 0
    for seed, (index, category, project, state, then) in enumerate(STATES_SHOWN):
        organisation = own if index is None else workshops[index]
        if organisation is None:
            continue
        member = applicant if index is None else workshop_member(organisation)
        application = demo_application_build(
            organisation=organisation,
            applicant=member,
            reviewer=reviewer,
            expert=expert,
            category=category,
            project=project,
            until=state,
            seed=seed,
        )
        if then == "supplement":
            supplement_request(
                application=application,
                user=reviewer,
                items=[{"slot": "site_proof", "note": "【演示】场地租赁合同缺少盖章页"}],
                message="【演示】请补充加盖公章的场地租赁合同。",
            )
        elif then == "reject":
            application_transition(
                application=application,
                action="reject",
                user=reviewer,
                reason="【演示】听取意见中多方反映申报场地存在权属争议，且整改期内未能解决。",
            )
        elif then == "withdraw":
            application_withdraw(
                application=application, user=member, reason="【演示】单位调整申报类别，主动撤回。"
            )
        made += 1
    return made
