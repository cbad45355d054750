"""merge_organisations: merge organisations (partners) into one.

Why: the notes name one body two ways ("Kommunikationscentret" and "Kommunikationscenter
Region Hovedstaden"). ``merge_organisations SURVIVOR OTHER [OTHER…] --reason TEXT [--user
NAME]`` moves every link to SURVIVOR and keeps the others' names as its aliases, so a
re-import resolves them to it; their URLs answer 301.
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives.editorial import merge_organisations
from initiatives.management.commands._editorial import (
    add_common_arguments,
    by_slug,
    reason_of,
    run,
)
from initiatives.models import Organisation


class Command(BaseCommand):
    help = "Merge organisations into SURVIVOR (links move; old names become aliases)."

    def add_arguments(self, parser):
        parser.add_argument("survivor", help="slug of the organisation to keep")
        parser.add_argument("others", nargs="+", help="slugs of the organisations merged into it")
        add_common_arguments(parser)

    def handle(self, *args, survivor, others, **options):
        reason = reason_of(options)
        if survivor in others:
            raise CommandError(f"{survivor!r}: en organisation kan ikke lægges sammen med sig selv")
        keep = by_slug(Organisation, survivor, "Organisationen")
        merged = [by_slug(Organisation, slug, "Organisationen") for slug in dict.fromkeys(others)]
        run(merge_organisations, keep, merged, user=options["user"], reason=reason)
        self.stdout.write(
            self.style.SUCCESS(
                f"merge_organisations: {', '.join(m.slug for m in merged)} merged into {keep.slug}"
            )
        )
