"""Benchmark: the daily obligations job with 10,000 established units, on
PostgreSQL.

    .venv/bin/python benchmarks/obligations.py [--sizes 1000,10000] [--date 2026-03-02]

Uses (and creates and migrates on first run) the database of DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/portal_bench_obligations; SQLite is
refused. For each size it empties the job's tables, seeds that many units
(organisations with one member each; established dates spread over the last
six years; a tenth of them reserves; some early self-assessments already
done), then times evaluations.services.obligations.obligations_run for

  (a) the first run, which creates everything owed so far,
  (b) the next day, a normal day,
  (c) the same next day again, which must do nothing,

and prints, for each, the seconds (wall clock, and the CPU time of this
process: the rest is PostgreSQL and waiting), the created / reminders /
overdue counts and the number of SQL queries. Target: under 60 s each, and
no more queries for 10,000 units than for 1,000 (the job is set-based; a
step with nothing to do that day is skipped, so a count can only be lower).
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_obligations"
os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or DEFAULT_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
# Emails are handed to a broker after commit; an in-memory one keeps the
# benchmark to the job itself (sending is a worker's business).
os.environ["CELERY_BROKER_URL"] = "memory://"

CODE_PREFIX = "BENCH-"
USCC_PREFIX = "BENCH"
UNITS_PER_ORGANISATION = 4
CATEGORIES = ["production", "transmission", "dissemination", "research"]


def database_ensure(url: str) -> None:
    """Creates the benchmark's database when it does not exist."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def refuse_foreign_data() -> None:
    """Stops when the database holds units the benchmark did not make: it
    empties the job's tables and must never run on a real database."""
    from evaluations.models import ProtectedUnit

    foreign = ProtectedUnit.objects.exclude(code__startswith=CODE_PREFIX).count()
    if foreign:
        sys.exit(
            f"{foreign} units here were not made by the benchmark; "
            "give it a database of its own (DATABASE_URL)."
        )


def reset() -> None:
    """Empties what the job and the previous seed wrote."""
    from django.db import connection

    with connection.cursor() as cursor:
        # CASCADE reaches only the evaluations tables that point at units
        # and obligations, empty in the benchmark's own database.
        cursor.execute(
            "TRUNCATE evaluations_obligationreminder, evaluations_obligation, "
            "evaluations_protectedunit_townships, evaluations_protectedunit CASCADE"
        )
        cursor.execute("DELETE FROM portal_inboxmessage WHERE event LIKE 'obligation.%%'")
        cursor.execute("DELETE FROM portal_outboxemail WHERE event LIKE 'obligation.%%'")
        cursor.execute(
            "DELETE FROM wagtailcore_modellogentry "
            "WHERE action IN ('portal.notification.sent', 'portal.obligations.run')"
        )
        cursor.execute(
            "DELETE FROM applications_organisation_members WHERE organisation_id IN "
            "(SELECT id FROM applications_organisation WHERE uscc LIKE %s)",
            [USCC_PREFIX + "%"],
        )
        cursor.execute(
            "DELETE FROM applications_organisation WHERE uscc LIKE %s", [USCC_PREFIX + "%"]
        )


def seed(*, units: int, today: datetime.date) -> dict:
    """Creates ``units`` units (a tenth reserves, established over the last
    six years), their organisations with one member each, a reviewer, and
    the first self-assessment of every third unit already done. Returns
    counts of what was made."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applications.models import County, Organisation, Rules
    from applications.roles import Role, role_grant
    from evaluations.models import Obligation, ObligationKind, ObligationStatus, ProtectedUnit
    from evaluations.schedule import self_assessment_due

    User = get_user_model()
    counties = list(County.objects.order_by("code"))
    organisations_count = -(-units // UNITS_PER_ORGANISATION)
    User.objects.bulk_create(
        [
            User(username=f"bench-member-{n:05d}", email=f"member{n}@bench.invalid")
            for n in range(organisations_count)
        ],
        ignore_conflicts=True,
    )
    members = dict(
        User.objects.filter(username__startswith="bench-member-").values_list("username", "pk")
    )
    reviewer, _ = User.objects.get_or_create(
        username="bench-reviewer", defaults={"email": "reviewer@bench.invalid"}
    )
    role_grant(reviewer, Role.MUNICIPAL_REVIEWER)

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                uscc=f"{USCC_PREFIX}{n:013d}",
                name=f"基准测试单位{n}",
                county=counties[n % len(counties)],
                address="-",
                contact_name="-",
                contact_phone="0",
                contact_email="bench@example.invalid",
            )
            for n in range(organisations_count)
        ]
    )
    Organisation.members.through.objects.bulk_create(
        [
            Organisation.members.through(
                organisation_id=organisation.pk, user_id=members[f"bench-member-{n:05d}"]
            )
            for n, organisation in enumerate(organisations)
        ]
    )

    span = 6 * 365
    rows = []
    for n in range(units):
        reserve = n % 10 == 0
        organisation = organisations[n // UNITS_PER_ORGANISATION]
        rows.append(
            ProtectedUnit(
                code=f"{CODE_PREFIX}{n:06d}",
                name=f"基准{'保护区' if reserve else '保护基地'}{n}",
                kind="reserve" if reserve else "base",
                category="" if reserve else CATEGORIES[n % len(CATEGORIES)],
                status="experimental_zone" if reserve else "designated_base",
                organisation=organisation,
                county_id=organisation.county_id,
                # Spread evenly over the last six years, newest first.
                established_on=today - datetime.timedelta(days=(n * span) // units),
            )
        )
    created = ProtectedUnit.objects.bulk_create(rows, batch_size=5000)

    rules = Rules.defaults()
    now = timezone.now()
    done = [
        Obligation(
            unit_id=unit.pk,
            kind=ObligationKind.SELF_ASSESSMENT,
            period=unit.established_on.year,
            due_date=self_assessment_due(unit.established_on.year, rules),
            status=ObligationStatus.DONE,
            done_at=now,
        )
        for n, unit in enumerate(created)
        if n % 3 == 0 and self_assessment_due(unit.established_on.year, rules) < today
    ]
    Obligation.objects.bulk_create(done, batch_size=5000)
    return {"units": len(created), "organisations": len(organisations), "done": len(done)}


def timed_run(day: datetime.date) -> dict:
    """Runs the job for ``day``; returns its counts, seconds and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluations.services.obligations import obligations_run

    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        result = obligations_run(day=day)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        **result.as_dict(),
        "seconds": seconds,
        "cpu": cpu,
        "queries": len(captured.captured_queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="numbers of units, comma-separated")
    parser.add_argument("--date", help="the first run's day, YYYY-MM-DD (default: today)")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        sys.exit("The benchmark runs on PostgreSQL only: set DATABASE_URL=postgres://…")

    database_ensure(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from portal.celery import app

    # The test settings run tasks in-process; here the emails' task is only
    # queued, as in production.
    app.conf.task_always_eager = False
    call_command("migrate", verbosity=0)
    refuse_foreign_data()

    today = datetime.date.fromisoformat(args.date) if args.date else timezone.localdate()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"PostgreSQL {connection.pg_version // 10000}, database {connection.settings_dict['NAME']}"
    )
    print(f"first run on {today.isoformat()}, next day {today + datetime.timedelta(days=1)}")
    header = (
        f"{'units':>7} {'run':<16} {'seconds':>8} {'cpu s':>6} {'created':>8} {'reminders':>9} "
    )
    header += f"{'overdue':>8} {'queries':>8}"
    print(header)
    slow = False
    for size in sizes:
        reset()
        seeded = seed(units=size, today=today)
        connection.cursor().execute("ANALYZE")
        next_day = today + datetime.timedelta(days=1)
        for label, day in (
            ("(a) first run", today),
            ("(b) next day", next_day),
            ("(c) same day", next_day),
        ):
            r = timed_run(day)
            slow = slow or r["seconds"] >= 60
            print(
                f"{size:>7} {label:<16} {r['seconds']:>8.2f} {r['cpu']:>6.2f} {r['created']:>8} "
                f"{r['reminders']:>9} {r['overdue']:>8} {r['queries']:>8}"
            )
        print(
            f"{'':>7} seeded: {seeded['organisations']} organisations, "
            f"{seeded['done']} self-assessments already done"
        )
    print("target: under 60 s a run; no more queries for more units (an empty step is skipped)")
    if slow:
        sys.exit(1)


if __name__ == "__main__":
    main()
