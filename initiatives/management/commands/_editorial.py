"""What the editorial commands share: finding rows by slug and running an operation.

Each command refuses bad input with one clear line and a non-zero exit (``CommandError``) and
attributes its change to ``--user`` (default "redaktion") with ``--reason``.
"""

from django.core.management.base import CommandError

from initiatives.editorial import EditorialError

DEFAULT_USER = "redaktion"


def add_common_arguments(parser):
    parser.add_argument("--reason", required=True, help="why (kept in the history)")
    parser.add_argument(
        "--user", default=DEFAULT_USER, help=f"who, as a user name (default: {DEFAULT_USER})"
    )


def reason_of(options):
    reason = (options["reason"] or "").strip()
    if not reason:
        raise CommandError("--reason: skriv en begrundelse (den gemmes i historikken)")
    return reason


def by_slug(model, slug, what):
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"{what} {slug!r} findes ikke")
    return found


def run(operation, *args, **kwargs):
    try:
        return operation(*args, **kwargs)
    except EditorialError as error:
        raise CommandError(str(error)) from None
