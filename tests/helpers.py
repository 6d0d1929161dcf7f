"""Helpers shared by the suite's tests."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

# How long a thread waits for the others at the start, and how long the
# caller waits for all of them to finish.
START_TIMEOUT = 10
FINISH_TIMEOUT = 60


def run_at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Runs each call in a thread of its own, all released at the same
    moment by a barrier, and returns, in the order of the calls, what each
    returned or the exception it raised (nothing is re-raised: the caller
    asserts on the outcomes).

    Each thread opens its own database connection, so each call runs in a
    transaction of its own (the test needs ``committed_db`` for the threads
    to see its rows); each thread closes its connections when done. They
    really race only on PostgreSQL; SQLite's IMMEDIATE transactions (the
    test settings) serialise the writers instead.

    Fails the test if a thread has not finished after FINISH_TIMEOUT
    seconds."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=START_TIMEOUT)
            outcomes[index] = call()
        except BaseException as exc:  # returned to the caller
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, call), name=f"run_at_once-{index}")
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=FINISH_TIMEOUT)
    running = [thread.name for thread in threads if thread.is_alive()]
    assert not running, f"still running after {FINISH_TIMEOUT}s: {running}"
    return outcomes


def reserves_publish(*, reviewer, applications: list, day):
    """Puts reviewed reserve ``applications`` on a candidate list and
    publishes it on ``day`` (the clock at or before it), as the bureau's
    ``reviewer``; returns the list."""
    from applications.services.candidates import candidate_list_create
    from applications.services.publicity import candidate_list_publish

    candidates = candidate_list_create(
        user=reviewer,
        title=f"{day.year}年保护区备选名单",
        kind="reserve",
        decision="局务会议研究确定",
        applications=applications,
    )
    candidate_list_publish(
        candidate_list=candidates,
        user=reviewer,
        title=f"{day.year}年保护区备选名单公示",
        document_number=f"景文旅字〔{day.year}〕90号",
        body="<p>现予以公示。</p>",
        contact="电话：0798-8888888",
        published_on=day,
    )
    candidates.refresh_from_db()
    return candidates
