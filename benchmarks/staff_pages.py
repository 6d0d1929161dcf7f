"""Benchmark: the staff pages with 10,000 applications and 2,000 units, on
PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_demo_bench \\
        .venv/bin/python benchmarks/staff_pages.py [--applications 10000] [--units 2000] \\
        [--requests 30]

Creates, migrates and fills (bulk_create, on first run) the database of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_demo_bench),
then requests, with the Django test client, the dashboard, the review
queue, one review page and the units listing signed in as a municipal
reviewer, and an expert's assignment page signed in as that expert; prints
per page the median and 95th-percentile times and the number of queries.
Target: queries independent of the data's size, median under 100 ms each.
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_demo_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
PREFIX = "BENCHSTAFF"


def fill(applications: int, units: int):
    """Adds what is missing of the data; returns (reviewer, expert, the
    expert's assignment)."""
    from applications.models import Application, ExpertAssignment
    from applications.roles import Role
    from applications.workflow import State
    from benchmarks import seeding
    from evaluations.models import ProtectedUnit

    reviewer = seeding.account("bench-staff-reviewer", Role.MUNICIPAL_REVIEWER)
    expert = seeding.account("bench-staff-expert", Role.EXPERT)
    owner = seeding.account("bench-staff-applicant")
    organisations = seeding.organisations(PREFIX)
    seeding.applications_fill(
        total=applications, organisations=organisations, owner=owner, year=2098
    )
    start = ProtectedUnit.objects.count()
    today = datetime.date.today()
    ProtectedUnit.objects.bulk_create(
        (
            ProtectedUnit(
                code=f"2098-BS-{n:06d}",
                name=f"基准保护基地{n}",
                kind="base",
                category="production",
                status="designated_base",
                organisation=organisations[n % len(organisations)],
                county_id=organisations[n % len(organisations)].county_id,
                established_on=today - datetime.timedelta(days=n),
            )
            for n in range(start, units)
        ),
        batch_size=5000,
    )
    application = Application.objects.filter(status=State.EXPERT_REVIEW).first()
    assignment, _ = ExpertAssignment.objects.get_or_create(
        application=application,
        expert=expert,
        defaults={
            "assigned_by": reviewer,
            "declared_no_conflict_at": datetime.datetime.now(datetime.UTC),
        },
    )
    return reviewer, expert, assignment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    from benchmarks import seeding

    seeding.database_ready(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.test import Client

    from applications.models import Application
    from evaluations.models import ProtectedUnit

    reviewer, expert, assignment = fill(args.applications, args.units)
    staff, expert_client = Client(), Client()
    staff.force_login(reviewer)
    expert_client.force_login(expert)
    pages = [
        ("dashboard", staff, "/admin/"),
        ("review queue", staff, "/admin/applications_review/"),
        ("review page", staff, f"/admin/applications_review/inspect/{assignment.application_id}/"),
        ("expert's page", expert_client, f"/admin/my-reviews/{assignment.pk}/"),
        ("units listing", staff, "/admin/units/"),
    ]
    print(
        f"applications: {Application.objects.count()}, units: {ProtectedUnit.objects.count()} "
        f"on {connection.vendor}; {args.requests} requests a page"
    )
    print(f"{'page':<16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, client, url in pages:
        median, p95, queries = seeding.measure(client, url, args.requests)
        print(f"{label:<16} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    print("target: queries independent of the data's size, median < 100 ms")


if __name__ == "__main__":
    main()
