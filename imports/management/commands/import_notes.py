"""import_notes: rebuild ``fixtures/`` from the catalogue's notes.

The notes are the bundled ones in ``imports/sources/`` and those imported from the admin
(``DJANGO_NOTES_DIR``, see ``imports.intake.catalogue_notes``).

Why: the fixtures are committed so that a fresh clone loads the catalogue without parsing; this
command regenerates them after a reader or a rule changes, and ``--check`` (run by CI) fails when
the committed fixtures are stale. It writes files only, never the database.
"""

from django.core.management.base import BaseCommand, CommandError

from imports import fixtures
from imports.errors import SourceError
from imports.intake import catalogue_notes
from imports.pipeline import build_catalogue


class Command(BaseCommand):
    help = "Rebuild the catalogue fixtures from imports/sources/ (--check: fail if stale)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit non-zero when the committed fixtures differ from a rebuild",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")

    def handle(self, *args, check=False, dry_run=False, **options):
        try:
            notes = catalogue_notes()
            catalogue = build_catalogue([(meta, None) for meta in notes])
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        verbose = options["verbosity"] >= 1
        for report in catalogue.reports:
            if verbose:
                self.stdout.write(
                    f"{report.file}: {report.tables} tables, {report.rows} rows, "
                    f"{report.initiatives} initiatives, {report.warnings} warnings"
                )
        if options["verbosity"] >= 2:
            for warning in catalogue.warnings:
                self.stdout.write(
                    f"  warning {warning.source} {warning.locator} (line {warning.line}): "
                    f"{warning.message}"
                )
        rendered = fixtures.render(catalogue)
        summary = (
            f"{len(catalogue.sources)} notes, "
            f"{sum(len(i.mentions) for i in catalogue.initiatives)} mentions, "
            f"{len(catalogue.initiatives)} initiatives, {len(catalogue.warnings)} warnings"
        )
        if check:
            stale = fixtures.stale_files(rendered)
            if stale:
                raise CommandError(
                    f"fixtures are stale: {', '.join(stale)} differ from a rebuild; "
                    "run `python manage.py import_notes` and commit fixtures/"
                )
            self.stdout.write(f"import_notes --check: fixtures are up to date ({summary})")
            return
        if dry_run:
            self.stdout.write(f"import_notes --dry-run: {summary}; nothing written")
            return
        changed = fixtures.write(rendered)
        self.stdout.write(
            self.style.SUCCESS(
                f"import_notes: {summary}; "
                + (f"wrote {', '.join(changed)}" if changed else "fixtures unchanged")
            )
        )
