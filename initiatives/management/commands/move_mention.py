"""move_mention: move one mention to another initiative, or split it off into a new one.

Why: the linker joined a note's row to the wrong initiative, or one block of a note is really
two initiatives. ``move_mention SOURCE_SLUG "LOCATOR" (--to SLUG | --new) --reason TEXT
[--user NAME]``; every later import keeps the mention where it was put. An initiative left
without mentions redirects (301) to where its mention went.
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives.editorial import move_mention
from initiatives.management.commands._editorial import (
    add_common_arguments,
    by_slug,
    reason_of,
    run,
)
from initiatives.models import Initiative, Mention, SourceDocument


class Command(BaseCommand):
    help = "Move a mention (SOURCE_SLUG LOCATOR) --to an initiative, or --new (split)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="slug of the mention's source note")
        parser.add_argument("locator", help='the mention\'s locator, e.g. "Tabel 2, række 7"')
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--to", help="slug of the initiative to move it to")
        where.add_argument("--new", action="store_true", help="move it to a new initiative")
        add_common_arguments(parser)

    def handle(self, *args, source, locator, to=None, new=False, **options):
        reason = reason_of(options)
        note = by_slug(SourceDocument, source, "Kilden")
        mention = Mention.objects.filter(source=note, locator=locator).first()
        if mention is None:
            raise CommandError(f"{source}: omtalen {locator!r} findes ikke i kilden")
        target = by_slug(Initiative, to, "Initiativet") if to else None
        old = mention.initiative.slug
        moved_to = run(
            move_mention, mention, to=target, new=new, user=options["user"], reason=reason
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"move_mention: {source} {locator!r} moved from {old} to {moved_to.slug}"
            )
        )
