"""merge_initiatives: merge initiatives into one, as a scripted bulk correction.

Why: two rows of the catalogue are one real-world collaboration (the same project reported
under two names). ``merge_initiatives SURVIVOR OTHER [OTHER…] --reason TEXT [--user NAME]``
moves every mention, partner, target group and region of the others to SURVIVOR; the others'
URLs answer 301 to it forever, and every later import keeps the merge. ``--dry-run`` checks the
slugs and says what would happen.
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives.editorial import merge_initiatives
from initiatives.management.commands._editorial import (
    add_common_arguments,
    by_slug,
    reason_of,
    run,
)
from initiatives.models import Initiative


class Command(BaseCommand):
    help = "Merge initiatives into SURVIVOR (mentions and links move; old URLs redirect)."

    def add_arguments(self, parser):
        parser.add_argument("survivor", help="slug of the initiative to keep")
        parser.add_argument("others", nargs="+", help="slugs of the initiatives merged into it")
        add_common_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="check and tell, change nothing")

    def handle(self, *args, survivor, others, **options):
        reason = reason_of(options)
        if survivor in others:
            raise CommandError(f"{survivor!r}: et initiativ kan ikke lægges sammen med sig selv")
        keep = by_slug(Initiative, survivor, "Initiativet")
        merged = [by_slug(Initiative, slug, "Initiativet") for slug in dict.fromkeys(others)]
        mentions = sum(m.mentions.count() for m in merged)
        if options["dry_run"]:
            self.stdout.write(
                f"merge_initiatives: would move {mentions} mentions into {keep.slug} "
                f"(dry run, nothing changed)"
            )
            return
        run(merge_initiatives, keep, merged, user=options["user"], reason=reason)
        self.stdout.write(
            self.style.SUCCESS(
                f"merge_initiatives: {len(merged)} merged into {keep.slug} "
                f"({mentions} mentions moved); "
                f"{', '.join(m.slug for m in merged)} now redirect"
            )
        )
