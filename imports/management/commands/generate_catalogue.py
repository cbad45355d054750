"""Fill the database with a synthetic catalogue of N initiatives, to measure the site at scale.

Why: the bundled notes hold 161 initiatives; a national catalogue has tens of thousands. This
loads the reference data through the loader, then writes sources, initiatives, their links,
mentions and search index in bulk (``imports.synthetic_write``: COPY on PostgreSQL, one
prepared INSERT per table on SQLite), all in one transaction, and moves the catalogue version
on. The same ``--initiatives`` and ``--seed`` give the same rows (``imports.synthetic``). A
second run with the same arguments writes nothing; a database that already holds other
initiatives is left alone unless ``--replace`` is given. ``-v 2`` reports the seconds each
phase took.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from imports import synthetic, synthetic_write
from imports.loader import LoadStats, load_reference
from imports.pipeline import load_gazetteer
from imports.synthetic_write import SOURCE_KIND
from initiatives.models import (
    CatalogueVersion,
    ImportWarning,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)


def read_reference():
    """The reference rows the generator draws from, as they are in the database."""
    return synthetic.Reference(
        regions=list(Region.objects.values_list("pk", "slug", "name")),
        organisations=list(
            Organisation.objects.filter(in_gazetteer=True, is_group=False)
            .order_by("slug")
            .values_list("pk", "name", "kind", "region_id")
        ),
        target_groups=list(TargetGroup.objects.values_list("pk", "name")),
        statuses=list(Status.objects.values_list("pk", "code", "label")),
    )


class Command(BaseCommand):
    help = "Generate a deterministic synthetic catalogue of N initiatives (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the initiatives, mentions and synthetic sources already there first",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="generate and report, write nothing"
        )

    def handle(self, *args, initiatives, seed, replace, dry_run, verbosity, **options):
        if initiatives < 1:
            raise CommandError(f"--initiatives must be 1 or more, not {initiatives}.")
        started = time.perf_counter()
        mark = synthetic.fingerprint(initiatives, seed)
        if self._already_generated(mark, initiatives):
            self.stdout.write(
                f"Unchanged: {initiatives} synthetic initiatives (seed {seed}) are already "
                "there; nothing written."
            )
            return
        existing = Initiative.objects.count()
        if existing and not replace and not dry_run:
            raise CommandError(
                f"The database already holds {existing} initiatives: use --replace to delete "
                "them (and their mentions) before generating."
            )
        with transaction.atomic():
            load_reference(load_gazetteer(), LoadStats())
            reference = read_reference()
            sources, records = synthetic.generate(initiatives, seed, reference)
            generated = time.perf_counter()
            if verbosity >= 2:
                self.stdout.write(f"Generated in {generated - started:.1f} s.")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(
                    f"Dry run: {len(records)} initiatives, "
                    f"{sum(len(r.mentions) for r in records)} mentions, {len(sources)} sources; "
                    "nothing written."
                )
                return
            if replace:
                self._delete_catalogue()
            mention_count, phases = synthetic_write.write(sources, records, mark, reference)
            CatalogueVersion.bump()
            phases.done("version")
        phases.done("commit")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # After a bulk load: mark the pages all-visible so that index-only scans (facet
            # counts over the link tables) need not visit the heap. VACUUM needs autocommit
            # (a caller's transaction, as in the tests, leaves it to autovacuum).
            with connection.cursor() as cursor:
                for model in synthetic_write.BULK_MODELS:
                    cursor.execute(f"VACUUM {model._meta.db_table}")
            phases.done("vacuum")
        if verbosity >= 2:
            split = "; ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
            self.stdout.write(f"Written: {split}.")
        self.stdout.write(
            f"Generated {len(records)} initiatives, {mention_count} mentions and "
            f"{len(sources)} sources (seed {seed}); {len(records)} indexed in "
            f"{time.perf_counter() - started:.1f} s."
        )

    def _already_generated(self, mark, n):
        sources = SourceDocument.objects.filter(kind=SOURCE_KIND)
        return (
            sources.exists()
            and not sources.exclude(date_note=mark).exists()
            and Initiative.objects.count() == n
        )

    def _delete_catalogue(self):
        Mention.objects.all().delete()
        Initiative.objects.all().delete()
        ImportWarning.objects.filter(source__kind=SOURCE_KIND).delete()
        SourceDocument.objects.filter(kind=SOURCE_KIND).delete()
