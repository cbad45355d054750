"""import_note: read one new note of any supported format and merge it into the catalogue.

Why: a region publishes a new note (a PDF agenda appendix, a Word document, a klynge's web page
or text); staff want to see what the importers make of it before it joins the catalogue.
``--dry-run --json`` prints the initiatives the note yields in the export shape of DESIGN.md and
writes nothing (the merge runs in a transaction that is rolled back). Without ``--dry-run`` the
note's initiatives are merged into the database, linked with the catalogue's. To keep the note
for later rebuilds, import it from the admin ("Indlæs notat"), or add it to imports/sources/ and
its manifest and run import_notes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imports import intake
from imports.documents import KINDS
from imports.errors import SourceError
from imports.load_lock import LoadBusy
from imports.manifest import parse_date
from imports.readers import READERS
from imports.text import slugify_da
from initiatives.export import iter_json
from initiatives.models import Initiative

REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


class Command(BaseCommand):
    help = "Read one new note; --dry-run --json prints what it yields and writes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="the note: PDF, Word (.docx), HTML or UTF-8 text, found by its content"
        )
        parser.add_argument(
            "--title", help="the note's title (default: the document's own, else the file name)"
        )
        parser.add_argument("--date", help="the note's date: YYYY-MM-DD, YYYY-MM or YYYY")
        parser.add_argument("--issuer", default="", help="who issued the note")
        parser.add_argument("--region", choices=REGIONS, help="the region the note is about")
        parser.add_argument(
            "--reader", choices=[*READERS, *KINDS], help="force a reader (default: detect)"
        )
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print the export JSON")

    def handle(self, *args, path, dry_run=False, json=False, **options):
        note = Path(path)
        try:
            # A runaway file is refused before it is read into memory, let alone parsed.
            intake.check_size(note.stat().st_size, file=note.name)
            data = note.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the note: {exc.strerror}") from exc
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        date, precision = None, "unknown"
        if options["date"]:
            try:
                date, precision = parse_date(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r}: use YYYY-MM-DD, YYYY-MM or YYYY"
                ) from None
        try:
            read = intake.build(
                data,
                file=note.name,
                title=options["title"] or "",
                issuer=options["issuer"],
                date=date,
                precision=precision,
                region=options["region"],
                reader=options["reader"],
                slug=f"ny-{slugify_da(note.stem)}"[:100],
            )
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        new = read.initiatives
        with transaction.atomic():
            try:
                intake.merge(read, reason=f"import_note: {note.name}")
            except LoadBusy as exc:
                raise CommandError(f"import_note: {exc}") from None
            if json:
                queryset = Initiative.objects.filter(slug__in=[i.slug for i in new]).for_list()
                for chunk in iter_json(queryset, filters_text=f"Notat: {read.meta.title}"):
                    self.stdout.write(chunk, ending="")
                self.stdout.write("")
            if dry_run:
                transaction.set_rollback(True)
        if not json:
            verdict = "nothing written (dry run)" if dry_run else "merged into the database"
            self.stdout.write(
                f"{path}: {len(read.result.tables)} tables, {len(read.result.rows)} rows, "
                f"{len(new)} initiatives, {len(read.warnings)} warnings; {verdict}"
            )
        # The new note's warnings (a cut-off row, a status nobody understands, an unknown
        # partner), on stderr so that --json output stays JSON.
        if options["verbosity"] >= 1:
            for warning in read.warnings:
                where = f"{note.name}:{warning.line}" if warning.line else note.name
                locator = f" {warning.locator}" if warning.locator else ""
                self.stderr.write(f"warning {where}{locator}: {warning.message}")
