"""What changed lately: the latest loads and corrections with the initiatives each touched ("Nyt
i kataloget"), and the latest added or changed initiatives of a filtered list (the Atom feed).

The history says which initiative changed when: one django-simple-history row per initiative
per load or correction (``initiatives.history``). ``CatalogueChange`` says what that load or
correction was, dated exactly like its history rows. An initiative's newest change is its newest
history row that created or changed it: its fields, regions, partners, target groups or
collaboration models. A note that reports it again changes it when the note moves its status or
date; a mention corrected on its own changes the mention (counted on the change), not the
initiative.

Both read a bounded number of rows in a fixed number of queries, whatever the catalogue's size.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models.functions import RowNumber

from initiatives.models import CatalogueChange, Initiative, Mention

# The feed's entries: enough for a reader polling now and then, bounded for a large load.
FEED_LIMIT = 50
# "Nyt i kataloget": the latest changes, each with links to at most this many initiatives.
CHANGES_LIMIT = 20
LINKS_PER_CHANGE = 10
# History types that leave an initiative in the catalogue.
KEPT = ("+", "~")


@dataclass
class FeedEntry:
    """One initiative of the feed: as it is now, when it last changed, and by which change."""

    initiative: Initiative
    updated: object  # the change's datetime
    added: bool  # the change created it
    change: CatalogueChange | None  # None for history written outside a load or correction


def _history():
    return Initiative.history.model


def latest_initiatives(queryset, limit=None):
    """The ``limit`` (default ``FEED_LIMIT``) initiatives of ``queryset`` changed most recently,
    newest first (3 queries)."""
    limit = limit or FEED_LIMIT
    rows = list(
        _history()
        .objects.filter(id__in=queryset.order_by().values("pk"), history_type__in=KEPT)
        .values("id")
        .annotate(
            updated=models.Max("history_date"),
            created=models.Max(
                models.Case(models.When(history_type="+", then=models.F("history_date")))
            ),
        )
        .order_by("-updated", "-id")[:limit]
    )
    if not rows:
        return []
    initiatives = Initiative.objects.filter(pk__in=[row["id"] for row in rows]).for_page()
    by_pk = {initiative.pk: initiative for initiative in initiatives}
    changes = {
        change.when: change
        for change in CatalogueChange.objects.filter(when__in={row["updated"] for row in rows})
    }
    return [
        FeedEntry(
            initiative=by_pk[row["id"]],
            updated=row["updated"],
            added=row["created"] == row["updated"],
            change=changes.get(row["updated"]),
        )
        for row in rows
        if row["id"] in by_pk
    ]


@dataclass
class ChangedInitiative:
    """An initiative a change created or changed, as that change left it (title, slug)."""

    slug: str
    title: str
    added: bool


def latest_changes(limit=CHANGES_LIMIT, links=LINKS_PER_CHANGE):
    """The latest ``limit`` changes, newest first, each with ``.initiatives``: up to ``links``
    public initiatives it created or changed, by title (2 queries)."""
    changes = list(CatalogueChange.objects.all()[:limit])
    if not changes:
        return []
    touched = (
        _history()
        .objects.filter(
            history_date__in={change.when for change in changes},
            history_type__in=KEPT,
        )
        .filter(models.Exists(Mention.objects.filter(initiative_id=models.OuterRef("id"))))
        .annotate(
            rank=models.Window(
                RowNumber(),
                partition_by=[models.F("history_date")],
                order_by=[models.F("sort_key").asc(), models.F("id").asc()],
            )
        )
        .filter(rank__lte=links)
        .values("history_date", "history_type", "slug", "title")
        .order_by("history_date", "rank")
    )
    by_date = {}
    for row in touched:
        by_date.setdefault(row["history_date"], []).append(
            ChangedInitiative(
                slug=row["slug"], title=row["title"], added=row["history_type"] == "+"
            )
        )
    for change in changes:
        change.initiatives = by_date.get(change.when, [])
    return changes
