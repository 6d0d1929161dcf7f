"""Benchmark: the reviewers' queue with 10,000 applications, on PostgreSQL.

    .venv/bin/python benchmarks/review_queue.py [--count 10000] [--requests 30]

Uses (and creates, migrates and fills on first run) the database of
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_bench,
then requests the first page of /admin/applications_review/ as a reviewer
and prints the median and 95th-percentile times and the number of queries.
Target: median under 200 ms per page.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from applications.models import Application, County, Organisation
    from applications.roles import Role, role_grant
    from applications.workflow import State

    User = get_user_model()
    reviewer, _ = User.objects.get_or_create(username="bench-reviewer")
    role_grant(reviewer, Role.MUNICIPAL_REVIEWER)
    owner, _ = User.objects.get_or_create(username="bench-applicant")
    missing = args.count - Application.objects.count()
    if missing > 0:
        counties = list(County.objects.all())
        organisations = [
            Organisation.objects.get_or_create(
                uscc=f"BENCH{n:013d}",
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
            Application(
                kind="base",
                category="production",
                organisation=organisations[n % 200],
                created_by=owner,
                status=states[n % len(states)],
                receipt_number=f"JDZ-JD-2099-{start + n:06d}",
                submitted_at=now - datetime.timedelta(minutes=n),
            )
            for n in range(missing)
        )
    client = Client()
    client.force_login(reviewer)
    client.get("/admin/applications_review/")  # warm caches
    times, queries = [], 0
    for _ in range(args.requests):
        reset_queries()
        connection.force_debug_cursor = True
        started = time.perf_counter()
        response = client.get("/admin/applications_review/")
        times.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        assert response.status_code == 200, response.status_code
    times.sort()
    print(f"applications: {Application.objects.count()} on {connection.vendor}")
    print(f"requests: {args.requests}, queries per page: {queries}")
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"median: {statistics.median(times):.1f} ms, p95: {p95:.1f} ms (target: median < 200 ms)")


if __name__ == "__main__":
    main()
