"""import_note: read one new note of any supported shape and merge it into the catalogue.

Why: a region sends a new note; staff want to see what the importers make of it before it joins
the bundled notes. ``--dry-run --json`` prints the initiatives the note yields in the export
shape of DESIGN.md and writes nothing (the merge runs in a transaction that is rolled back).
Without ``--dry-run`` the note's initiatives are merged into the database, linked with the
catalogue's; to make it permanent, add it to imports/sources/ and its manifest and run
import_notes.
"""

import datetime
import json as jsonlib
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imports import fixtures
from imports.errors import SourceError
from imports.load_lock import LoadBusy
from imports.loader import load
from imports.manifest import NoteMeta, load_manifest
from imports.pipeline import build_catalogue
from imports.readers import READERS
from imports.text import slugify_da
from initiatives.export import iter_json
from initiatives.models import Initiative

REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


def parse_date(value):
    """(date, precision) from YYYY-MM-DD, YYYY-MM or YYYY."""
    for pattern, precision in ((r"\d{4}-\d{2}-\d{2}", "day"), (r"\d{4}-\d{2}", "month"),
                               (r"\d{4}", "year")):  # fmt: skip
        if re.fullmatch(pattern, value):
            parts = [int(p) for p in value.split("-")] + [1, 1]
            return datetime.date(*parts[:3]), precision
    raise ValueError(value)


class Command(BaseCommand):
    help = "Read one new note; --dry-run --json prints what it yields and writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the note (UTF-8 text, any supported shape)")
        parser.add_argument("--title", help="the note's title (default: the file name)")
        parser.add_argument("--date", help="the note's date: YYYY-MM-DD, YYYY-MM or YYYY")
        parser.add_argument("--issuer", default="", help="who issued the note")
        parser.add_argument("--region", choices=REGIONS, help="the region the note is about")
        parser.add_argument("--reader", choices=READERS, help="force a reader (default: detect)")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print the export JSON")

    def handle(self, *args, path, dry_run=False, json=False, **options):
        note = Path(path)
        try:
            data = note.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the note: {exc.strerror}") from exc
        date, precision = None, "unknown"
        if options["date"]:
            try:
                date, precision = parse_date(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r}: use YYYY-MM-DD, YYYY-MM or YYYY"
                ) from None
        title = options["title"] or note.stem
        meta = NoteMeta(
            file=note.name,
            slug=f"ny-{slugify_da(note.stem)}"[:100],
            title=title,
            short_title=title,
            issuer=options["issuer"] or "ukendt udsteder",
            kind="Notat",
            region=options["region"],
            date=date,
            date_precision=precision,
            reader=options["reader"],
        )
        try:
            bundled = [(m, None) for m in load_manifest() if m.file != meta.file]
            catalogue = build_catalogue([*bundled, (meta, data)])
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        new = [i for i in catalogue.initiatives if any(m.source == meta.slug for m in i.mentions)]
        report = next(r for r in catalogue.reports if r.file == meta.file)
        with transaction.atomic():
            try:
                load(data=_as_fixture_data(catalogue), reason=f"import_note: {note.name}")
            except LoadBusy as exc:
                raise CommandError(f"import_note: {exc}") from None
            if json:
                queryset = Initiative.objects.filter(slug__in=[i.slug for i in new]).for_list()
                for chunk in iter_json(queryset, filters_text=f"Notat: {title}"):
                    self.stdout.write(chunk, ending="")
                self.stdout.write("")
            if dry_run:
                transaction.set_rollback(True)
        if not json:
            verdict = "nothing written (dry run)" if dry_run else "merged into the database"
            self.stdout.write(
                f"{path}: {report.tables} tables, {report.rows} rows, {len(new)} initiatives, "
                f"{report.warnings} warnings; {verdict}"
            )


def _as_fixture_data(catalogue):
    return {name: jsonlib.loads(text) for name, text in fixtures.render(catalogue).items()}
