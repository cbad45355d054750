"""Benchmark: Danish search with prefix matching and synonyms on a large catalogue. Prints figures.

Run from the project root:

    .venv/bin/python bench/search_prefix.py [--rows 10000] [--runs 5] [--database URL]

Without ``--database`` it uses a throw-away SQLite file in a temporary folder; with a
``postgres://…`` URL it uses that (empty or throw-away) database. It migrates, loads the
bundled catalogue, then bulk-creates ``--rows`` synthetic initiatives whose titles and
descriptions are the bundled ones recombined (so words occur as often as in the real notes),
each with one or two target groups, and rebuilds the search index. Then, per query, it times:

- ``count``: how many initiatives match (``filter_search`` then ``count()``), with the prefix
  matching and synonyms of ``initiatives.search``, and the old whole-stem-only count beside it;
- ``top 20``: the first page by relevance (``ranked`` ordered by rank, 20 rows), which is
  what the list does for ``?q=…``; ``before``: the same with the search as it was before prefixes
  and synonyms (whole stems only; on SQLite bm25 by a correlated MATCH per row);

each the median of ``--runs`` runs, in milliseconds.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "demens",
    "telemedicin",
    "sår",
    "kommune",
    "genindlæggelse",
    "KOL",
    "kronisk obstruktiv lungesygdom",
    "barn",
    "udgående team",
]


def timed(function, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def synthesise(rows, seed=2026):
    """``rows`` initiatives recombined from the bundled ones, in batches; their target groups."""
    from django.db import transaction

    from initiatives.models import Initiative, Status, TargetGroup

    rng = random.Random(seed)
    real = list(Initiative.objects.order_by("slug").values_list("title", "description"))
    titles = [t for t, _d in real]
    descriptions = [d for _t, d in real if d]
    statuses = list(Status.objects.all())
    groups = list(TargetGroup.objects.all())
    through = Initiative.target_groups.through
    batch = 2000
    for start in range(0, rows, batch):
        with transaction.atomic():
            created = Initiative.objects.bulk_create(
                Initiative(
                    slug=f"syntetisk-{n}",
                    title=f"{rng.choice(titles)} {n}",
                    description=" ".join(rng.sample(descriptions, 2)),
                    status=rng.choice(statuses),
                )
                for n in range(start, min(start + batch, rows))
            )
            if not created or created[0].pk is None:  # SQLite before 3.35 returns no ids
                created = list(Initiative.objects.filter(slug__startswith="syntetisk-").filter(
                    slug__in=[f"syntetisk-{n}" for n in range(start, min(start + batch, rows))]
                ))  # fmt: skip
            through.objects.bulk_create(
                through(initiative_id=i.pk, targetgroup_id=g.pk)
                for i in created
                for g in rng.sample(groups, rng.choice((1, 2)))
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="a postgres:// URL (default: a temporary SQLite file)")
    parser.add_argument(
        "--no-before", action="store_true", help="skip the old ranking (slow on large sets)"
    )
    args = parser.parse_args()
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    else:
        folder = tempfile.mkdtemp(prefix="bench-search-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q

    from initiatives import search
    from initiatives.models import Initiative

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    start = time.perf_counter()
    synthesise(args.rows)
    created = time.perf_counter() - start
    start = time.perf_counter()
    indexed = search.rebuild_index()
    index_seconds = time.perf_counter() - start
    total = Initiative.objects.count()
    print(
        f"{connection.vendor}: {total} initiatives ({args.rows} synthetic, created in "
        f"{created:.1f} s), index rebuilt in {index_seconds:.1f} s ({indexed} documents)"
    )

    def whole_only(q):
        # The behaviour before prefixes and synonyms: every stem must match whole.
        if connection.vendor == "postgresql":
            query = search.SearchQuery(q, config=search.PG_CONFIG, search_type="plain")
            return Initiative.objects.filter(search_vector=query).count()
        expression = " ".join(f'"{t}"' for t in search.search_terms(q))
        return Initiative.objects.filter(
            Q(pk__in=search.RawSQL(
                f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s",
                [expression],
            ))
        ).count()  # fmt: skip

    def old_top20(q):
        # The ranking before: whole stems only, bm25 by a correlated MATCH per row (SQLite).
        qs = Initiative.objects.all()
        if connection.vendor == "postgresql":
            query = search.SearchQuery(q, config=search.PG_CONFIG, search_type="plain")
            qs = qs.filter(search_vector=query).annotate(
                search_rank=search.SearchRank(search.models.F("search_vector"), query)
            )
        else:
            expression = " ".join(f'"{t}"' for t in search.search_terms(q))
            fts = search.FTS_TABLE
            qs = qs.filter(
                pk__in=search.RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [expression])
            ).annotate(
                search_rank=search.RawSQL(
                    f"SELECT -bm25({fts}, 10.0, 5.0, 2.0, 1.0) FROM {fts} WHERE {fts} MATCH %s "
                    f"AND {fts}.rowid = initiatives_initiative.id",
                    [expression],
                )
            )
        return list(qs.order_by("-search_rank", "title", "pk").values_list("pk", flat=True)[:20])

    print(
        f"{'query':<32} {'matches':>8} {'whole only':>10} {'count ms':>9} {'top 20 ms':>10} "
        f"{'before ms':>10}"
    )
    for q in QUERIES:
        count_ms, matches = timed(
            lambda q=q: search.filter_search(Initiative.objects.all(), q).count(), args.runs
        )
        top_ms, _rows = timed(
            lambda q=q: list(
                search.ranked(Initiative.objects.all(), q)
                .order_by("-search_rank", "sort_key", "pk")
                .values_list("pk", flat=True)[:20]
            ),
            args.runs,
        )
        before_ms = float("nan")
        if not args.no_before:
            before_ms, _rows = timed(lambda q=q: old_top20(q), args.runs)
        print(
            f"{q:<32} {matches:>8} {whole_only(q):>10} {count_ms:>9.1f} {top_ms:>10.1f} "
            f"{before_ms:>10.1f}"
        )


if __name__ == "__main__":
    main()
