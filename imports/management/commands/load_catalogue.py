"""load_catalogue: merge the reference data and the committed catalogue fixtures into the database.

Why: a fresh database needs only ``migrate`` then ``load_catalogue``; re-running it after new
fixtures merges them without undoing an editor's corrections, merges or moves, and a second run
changes nothing. Changes are kept in the history as the user "import". One load runs at a time:
a second one waits (``--wait``, default 120 s) and then stops with one line.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from imports import fixtures
from imports.errors import SourceError
from imports.load_lock import BUSY_MESSAGE, LoadBusy
from imports.loader import load

DEFAULT_WAIT = 120


class Command(BaseCommand):
    help = "Load the reference data and the catalogue fixtures (idempotent; keeps editorial decisions)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            default=str(fixtures.FIXTURES_DIR),
            help="directory of catalogue fixtures (default: the project's fixtures/)",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=DEFAULT_WAIT,
            help=f"seconds to wait for another load to finish (default {DEFAULT_WAIT})",
        )

    def handle(self, *args, fixtures: str, wait: float, **options):
        def waiting():
            self.stderr.write(f"Venter: {BUSY_MESSAGE} …")

        try:
            stats = load(fixtures_dir=Path(fixtures), wait=wait, on_wait=waiting)
        except (SourceError, ValueError, KeyError) as exc:
            raise CommandError(f"{fixtures}: cannot load the fixtures: {exc}") from exc
        except LoadBusy as exc:
            raise CommandError(f"load_catalogue: {exc}") from None
        except OperationalError as exc:
            # SQLite's "database is locked": someone else (not a load) holds a long write.
            raise CommandError(
                f"load_catalogue: databasen er optaget ({exc}); intet er ændret, prøv igen"
            ) from None
        if options["verbosity"] >= 2:
            for line in stats.summary():
                self.stdout.write(line)
        if stats.changed:
            self.stdout.write(self.style.SUCCESS(f"load_catalogue: {stats.changed} rows changed"))
        else:
            self.stdout.write("load_catalogue: nothing changed")
