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
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_demo_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
PREFIX = "BENCHSTAFF"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(applications: int, units: int):
    """Adds what is missing of the data; returns (reviewer, expert, the
    expert's assignment)."""
    from django.contrib.auth import get_user_model

    from applications.models import Application, County, ExpertAssignment, Organisation
    from applications.roles import Role, role_grant
    from applications.workflow import State
    from evaluations.models import ProtectedUnit

    User = get_user_model()
    reviewer, _ = User.objects.get_or_create(username="bench-staff-reviewer")
    role_grant(reviewer, Role.MUNICIPAL_REVIEWER)
    expert, _ = User.objects.get_or_create(username="bench-staff-expert")
    role_grant(expert, Role.EXPERT)
    owner, _ = User.objects.get_or_create(username="bench-staff-applicant")
    counties = list(County.objects.all())
    organisations = [
        Organisation.objects.get_or_create(
            uscc=f"{PREFIX}{n:08d}",
            defaults={
                "name": f"基准测试单位{n}",
                "county": counties[n % len(counties)],
                "address": "-",
                "contact_name": "-",
                "contact_phone": "0",
                "contact_email": "bench@example.invalid",
            },
        )[0]
        for n in range(200)
    ]
    states = [s for s in State.values if s != State.DRAFT]
    start = Application.objects.count()
    now = datetime.datetime.now(datetime.UTC)
    Application.objects.bulk_create(
        (
            Application(
                kind="base",
                category="production",
                organisation=organisations[n % len(organisations)],
                created_by=owner,
                status=states[n % len(states)],
                receipt_number=f"JDZ-JD-2098-{n:06d}",
                submitted_at=now - datetime.timedelta(minutes=n),
                narrative={"authenticity": f"基准叙述{n}"},
            )
            for n in range(start, applications)
        ),
        batch_size=5000,
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
        defaults={"assigned_by": reviewer, "declared_no_conflict_at": now},
    )
    return reviewer, expert, assignment


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries

    client.get(url)  # warm caches
    times, queries = [], 0
    for _ in range(requests):
        reset_queries()
        connection.force_debug_cursor = True
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return statistics.median(times), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
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
        median, p95, queries = measure(client, url, args.requests)
        print(f"{label:<16} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    print("target: queries independent of the data's size, median < 100 ms")


if __name__ == "__main__":
    main()
