"""Benchmark: the reviewers' queue with 10,000 applications, on PostgreSQL.

    .venv/bin/python benchmarks/review_queue.py [--count 10000] [--requests 30]

Uses (and creates, migrates and fills on first run) the database of
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_bench,
then requests the first page of /admin/applications_review/ as a reviewer
and prints the median and 95th-percentile times and the number of queries.
Target: median under 200 ms per page.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    from benchmarks import seeding

    seeding.database_ready(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.test import Client

    from applications.models import Application
    from applications.roles import Role

    reviewer = seeding.account("bench-reviewer", Role.MUNICIPAL_REVIEWER)
    owner = seeding.account("bench-applicant")
    seeding.applications_fill(
        total=args.count, organisations=seeding.organisations("BENCH"), owner=owner, year=2099
    )
    client = Client()
    client.force_login(reviewer)
    median, p95, queries = seeding.measure(client, "/admin/applications_review/", args.requests)
    print(f"applications: {Application.objects.count()} on {connection.vendor}")
    print(f"requests: {args.requests}, queries per page: {queries}")
    print(f"median: {median:.1f} ms, p95: {p95:.1f} ms (target: median < 200 ms)")


if __name__ == "__main__":
    main()
