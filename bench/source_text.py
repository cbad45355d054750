"""Benchmark: the note text pages (/sources/<slug>/text/) — size and time. Prints figures.

Run from the project root: ``.venv/bin/python bench/source_text.py [--runs N]``. It migrates a
throw-away SQLite database in a temporary folder, loads the bundled catalogue, and requests each
note's text page with a mention's lines highlighted through Django's test client: the HTML
size (and gzip -6 of it, what a compressing proxy would send), the time of an uncached request
(page cache cleared before each) and of a cached one, and the number of database queries.
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-source-text-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from initiatives.formatting import lines_query
    from initiatives.models import SourceDocument
    from initiatives.source_text import text_lines

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    client = Client()
    print(f"{'note':<46} {'lines':>6} {'HTML KB':>8} {'gzip KB':>8} "
          f"{'uncached ms':>12} {'cached ms':>10} {'queries':>8}")  # fmt: skip
    for source in SourceDocument.objects.order_by("file_name"):
        mention = source.mentions.order_by("-line_end").first()
        url = f"/sources/{source.slug}/text/{lines_query(mention).split('#')[0]}"
        uncached, cached = [], []
        for _ in range(args.runs):
            cache.clear()
            queries.clear()
            start = time.perf_counter()
            with connection.execute_wrapper(count):
                response = client.get(url)
            uncached.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(url)
            cached.append(time.perf_counter() - start)
        assert response.status_code == 200, url
        html = response.content
        print(
            f"{source.file_name:<46} {len(text_lines(source.text)):>6} "
            f"{len(html) / 1024:>8.1f} {len(gzip.compress(html, 6)) / 1024:>8.1f} "
            f"{statistics.median(uncached) * 1000:>12.1f} "
            f"{statistics.median(cached) * 1000:>10.1f} {len(queries):>8}"
        )
    print(f"runs: {args.runs} (medians), cores: {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
