"""Time load_catalogue on an empty database, again with nothing to change, and after a merge.

Usage: python bench/load_catalogue.py [--runs N]. Uses DATABASE_URL when it is set (it must be
a database you may empty: every table is flushed first), else a throwaway SQLite file. Prints
wall times, the history rows each load wrote and the process's peak memory.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from imports.loader import load
    from initiatives.editorial import merge_initiatives
    from initiatives.models import Initiative, Mention, Organisation

    def history_rows():
        return sum(m.history.count() for m in (Initiative, Mention, Organisation))

    call_command("migrate", verbosity=0)
    figures = {"first load": [], "second load (no change)": [], "load after a merge": []}
    written = {}
    for _ in range(args.runs):
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)  # the flush empties the Redaktør group too
        for name in figures:
            if name == "load after a merge":
                a, b = Initiative.objects.order_by("slug")[:2]
                merge_initiatives(a, [b], user="bench", reason="bench")
            before = history_rows()
            start = time.perf_counter()
            stats = load()
            figures[name].append(time.perf_counter() - start)
            written[name] = (history_rows() - before, stats.changed)
    print(f"load_catalogue on {connection.vendor}, {args.runs} runs")
    print("| what | median | max | rows changed | history rows written |")
    print("|---|---|---|---|---|")
    for name, times in figures.items():
        history, changed = written[name]
        print(
            f"| {name} | {statistics.median(times):.2f} s | {max(times):.2f} s "
            f"| {changed} | {history} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
