"""Benchmark: reading a small XLSX of a huge sheet, as the unit import does.

    .venv/bin/python benchmarks/import_xlsx.py [--rows 100000] [--columns 10]

Builds a workbook of rows × columns numeric cells (the default, a million
cells, zips to under 100 KB), reads it with the import's table_read and
prints the time and the peak of memory allocated (tracemalloc), then the
same for a long sheet under the cell cap, which stops at the row cap.
Before streaming (issue 13, finding 5) the million cells took 11 s and
370 MB; target: refused in under a second and 32 MB.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def measure(label: str, data: bytes) -> None:
    from evaluations.import_table import ImportFileError, table_read

    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = f"{len(table_read(data, 'units.xlsx'))} rows read"
    except ImportFileError as refused:
        outcome = f"refused: {refused}"
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label}: {len(data) / 1024:.0f} KB file, {elapsed:.2f} s, peak {peak / 2**20:.1f} MB")
    print(f"  {outcome}")


def main() -> None:
    import django

    django.setup()
    from tests.security.xlsx import huge_xlsx

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=10)
    args = parser.parse_args()
    measure(
        f"{args.rows * args.columns:,} cells",
        huge_xlsx(rows=args.rows, columns=args.columns),
    )
    measure("30,000 rows of 5 cells", huge_xlsx(rows=30_000, columns=5))


if __name__ == "__main__":
    main()
