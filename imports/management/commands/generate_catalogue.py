"""Fill the database with a synthetic catalogue of N initiatives, to measure the site at scale.

Why: the bundled notes hold 161 initiatives; a national catalogue has tens of thousands. This
loads the reference data through the loader, then writes sources, initiatives, their links and
mentions with bulk inserts (thousands of rows per statement) and builds the search index in bulk,
all in one transaction. The same ``--initiatives`` and ``--seed`` give the same rows
(``imports.synthetic``). A second run with the same arguments writes nothing; a database that
already holds other initiatives is left alone unless ``--replace`` is given.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from imports import synthetic
from imports.loader import LoadStats, load_reference
from imports.pipeline import load_gazetteer
from initiatives import search
from initiatives.collation import sort_key
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

BATCH_SIZE = 2000
LINK_MODELS = (
    Initiative.regions.through,
    Initiative.partners.through,
    Initiative.target_groups.through,
)
SOURCE_KIND = "syntetisk"


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
            reference = synthetic.Reference(
                regions=list(Region.objects.values_list("pk", "slug", "name")),
                organisations=list(
                    Organisation.objects.filter(in_gazetteer=True, is_group=False)
                    .order_by("slug")
                    .values_list("pk", "name", "kind", "region_id")
                ),
                target_groups=list(TargetGroup.objects.values_list("pk", "name")),
                statuses=list(Status.objects.values_list("pk", "code", "label")),
            )
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
            source_rows = self._write_sources(sources, mark)
            mention_count = self._write_initiatives(records, source_rows)
            written = time.perf_counter()
            indexed = search.rebuild_index()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics for the rows just written
            CatalogueVersion.bump()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # After a bulk load: mark the pages all-visible so that index-only scans (facet
            # counts over the link tables) need not visit the heap. VACUUM needs autocommit
            # (a caller's transaction, as in the tests, leaves it to autovacuum).
            with connection.cursor() as cursor:
                for model in (Initiative, Mention, *LINK_MODELS):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        if verbosity >= 2:
            self.stdout.write(
                f"Written in {written - generated:.1f} s; indexed in "
                f"{time.perf_counter() - written:.1f} s."
            )
        self.stdout.write(
            f"Generated {len(records)} initiatives, {mention_count} mentions and "
            f"{len(sources)} sources (seed {seed}); {indexed} indexed in "
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

    def _write_sources(self, sources, mark):
        rows = [
            SourceDocument(
                slug=s.slug,
                title=s.title,
                short_title=s.title.split(",")[0] + ", " + s.date.strftime("%d.%m.%Y"),
                issuer="Syntetisk datasæt",
                region_id=s.region_id,
                date=s.date,
                date_precision=SourceDocument.Precision.DAY,
                date_note=mark,
                kind=SOURCE_KIND,
                file_name=f"{s.slug}.txt",
                sha256=s.sha256,
                text=s.text,
            )
            for s in sources
        ]
        return SourceDocument.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def _write_initiatives(self, records, source_rows):
        region_link = Initiative.regions.through
        partner_link = Initiative.partners.through
        group_link = Initiative.target_groups.through
        mention_count = 0
        for start in range(0, len(records), BATCH_SIZE):
            batch = records[start : start + BATCH_SIZE]
            rows = Initiative.objects.bulk_create(
                [
                    Initiative(
                        slug=r.slug,
                        title=r.title,
                        sort_key=sort_key(r.title),
                        description=r.description,
                        status_id=r.status_id,
                        status_as_of=r.last_reported,
                        last_reported=r.last_reported,
                    )
                    for r in batch
                ]
            )
            regions, partners, groups, mentions = [], [], [], []
            for row, r in zip(rows, batch, strict=True):
                regions += [region_link(initiative_id=row.pk, region_id=x) for x in r.region_ids]
                partners += [
                    partner_link(initiative_id=row.pk, organisation_id=x) for x in r.partner_ids
                ]
                groups += [
                    group_link(initiative_id=row.pk, targetgroup_id=x) for x in r.target_group_ids
                ]
                for m in r.mentions:
                    mentions.append(
                        Mention(
                            initiative_id=row.pk,
                            source_id=source_rows[m.source].pk,
                            locator=m.locator,
                            position=m.position,
                            title=r.title,
                            title_raw=r.title,
                            target_group_text=r.group_text,
                            partner_text=r.partner_text,
                            description=r.description,
                            description_raw=r.description,
                            status_text=m.status_text,
                            status_id=m.status_id,
                            status_as_of=m.date,
                        )
                    )
            region_link.objects.bulk_create(regions, batch_size=BATCH_SIZE * 2)
            partner_link.objects.bulk_create(partners, batch_size=BATCH_SIZE * 2)
            group_link.objects.bulk_create(groups, batch_size=BATCH_SIZE * 2)
            Mention.objects.bulk_create(mentions, batch_size=BATCH_SIZE)
            mention_count += len(mentions)
        return mention_count
