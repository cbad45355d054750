"""load_catalogue: merge the reference data and the committed catalogue fixtures into the database.

Why: a fresh database needs only ``migrate`` then ``load_catalogue``; re-running it after new
fixtures merges them without undoing an admin's corrections, and a second run changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports import fixtures
from imports.errors import SourceError
from imports.loader import load


class Command(BaseCommand):
    help = (
        "Load the reference data and the catalogue fixtures (idempotent; keeps admin corrections)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(fixtures.FIXTURES_DIR),
            help="directory of catalogue fixtures (default: the project's fixtures/)",
        )

    def handle(self, *args, fixtures: str, **options):
        try:
            stats = load(fixtures_dir=Path(fixtures))
        except (SourceError, ValueError, KeyError) as exc:
            raise CommandError(f"{fixtures}: cannot load the fixtures: {exc}") from exc
        if options["verbosity"] >= 2:
            for line in stats.summary():
                self.stdout.write(line)
        if stats.changed:
            self.stdout.write(self.style.SUCCESS(f"load_catalogue: {stats.changed} rows changed"))
        else:
            self.stdout.write("load_catalogue: nothing changed")
