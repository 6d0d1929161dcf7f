"""Benchmark: publicity windows per second, in-process, one core.

    .venv/bin/python benchmarks/workdays.py [--count 100000]

Builds the calendar from the database (the seeded years 2004 on, later years
provisional), then computes windows for dates spread evenly over 2004–2027
and prints the rate. Target: ≥ 200,000 windows/s on this machine.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main() -> None:
    import django

    django.setup()
    from portal.core.selectors import workday_calendar

    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    calendar = workday_calendar()
    built = time.perf_counter() - started

    first = datetime.date(2004, 1, 1).toordinal()
    last = datetime.date(2027, 11, 30).toordinal()  # windows must end inside the index
    step = (last - first) / args.count
    dates = [datetime.date.fromordinal(first + int(i * step)) for i in range(args.count)]

    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for day in dates:
            calendar.window(day, 20)
        best = min(best, time.perf_counter() - started)
    provisional = sum(calendar.window(d, 20).provisional for d in dates)
    print(f"calendar build: {built * 1000:.1f} ms ({calendar.first_year}–{calendar.last_year})")
    print(f"windows: {args.count}, best of {args.repeat}: {best:.3f} s")
    print(f"rate: {args.count / best:,.0f} windows/s (target ≥ 200,000)")
    print(f"provisional windows: {provisional}")


if __name__ == "__main__":
    main()
