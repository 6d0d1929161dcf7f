"""What the staff-page benchmarks share (review_queue.py, staff_pages.py):
their PostgreSQL database created and migrated on first run, the accounts,
200 organisations and the applications filled with bulk_create, and the
timing of one page.

Import it once DATABASE_URL and DJANGO_SETTINGS_MODULE are set; Django is
imported by the functions, not here."""

import datetime
import statistics
import time

ORGANISATIONS = 200


def database_ready(url: str) -> None:
    """Creates the database of ``url`` when it does not exist, sets Django
    up as the test client needs it and migrates."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def account(username: str, role=None):
    """Returns the account ``username``, made on first run, with ``role``."""
    from django.contrib.auth import get_user_model

    from applications.roles import role_grant

    user, _ = get_user_model().objects.get_or_create(username=username)
    if role is not None:
        role_grant(user, role)
    return user


def organisations(uscc_prefix: str) -> list:
    """Returns the benchmark's 200 organisations, spread over the counties,
    each with an 18-character USCC starting with ``uscc_prefix``."""
    from applications.models import County, Organisation

    counties = list(County.objects.all())
    digits = 18 - len(uscc_prefix)
    return [
        Organisation.objects.get_or_create(
            uscc=f"{uscc_prefix}{n:0{digits}d}",
            defaults={
                "name": f"基准测试单位{n}",
                "county": counties[n % len(counties)],
                "address": "-",
                "contact_name": "-",
                "contact_phone": "0",
                "contact_email": "bench@example.invalid",
            },
        )[0]
        for n in range(ORGANISATIONS)
    ]


def applications_fill(*, total: int, organisations: list, owner, year: int) -> None:
    """Adds base applications until there are ``total``, in every state but
    the draft, one a minute back from now, numbered JDZ-JD-``year``-n."""
    from applications.models import Application
    from applications.workflow import State

    states = [s for s in State.values if s != State.DRAFT]
    now = datetime.datetime.now(datetime.UTC)
    Application.objects.bulk_create(
        (
            Application(
                kind="base",
                category="production",
                organisation=organisations[n % len(organisations)],
                created_by=owner,
                status=states[n % len(states)],
                receipt_number=f"JDZ-JD-{year}-{n:06d}",
                submitted_at=now - datetime.timedelta(minutes=n),
                narrative={"authenticity": f"基准叙述{n}"},
            )
            for n in range(Application.objects.count(), total)
        ),
        batch_size=5000,
    )


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    """Requests ``url`` once to warm the caches, then ``requests`` times;
    returns the median and 95th-percentile times in ms and the number of
    queries of a request. Each must answer 200."""
    from django.db import connection, reset_queries

    client.get(url)
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
