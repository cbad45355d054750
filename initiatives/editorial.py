"""Editorial decisions: merging initiatives or organisations, moving a mention (and splitting).

The admin's actions and the commands ``merge_initiatives``, ``move_mention`` and
``merge_organisations`` all call these functions. Each runs in one transaction attributed to
the editor with the reason (``initiatives.history.as_user``), refuses bad input with an
``EditorialError`` whose message an editor can act on, and leaves the catalogue settled:

- a moved mention is marked as corrected (``initiative``), so every later import keeps it where
  the editor put it (``imports.link.apply_decisions``);
- an initiative left without mentions is deleted and its slug redirects (301) to where its
  mentions went; so does a merged initiative's, forever (``InitiativeRedirect``);
- the initiatives concerned are derived again from their mentions (``imports.settle``), so the
  next ``load_catalogue`` has nothing left to change;
- an organisation merged away leaves its name among the survivor's aliases and its slug and name
  in an ``OrganisationRedirect``, so a re-import resolves it to the survivor.
"""

from django.db import models
from django.utils.translation import gettext as _

from initiatives import search
from initiatives.corrections import current_values
from initiatives.history import as_user
from initiatives.models import (
    CatalogueVersion,
    Cluster,
    ImportWarning,
    Initiative,
    InitiativeRedirect,
    OrganisationRedirect,
)

LINKS = ("regions", "partners", "target_groups")


class EditorialError(Exception):
    """An editorial operation refused: the message says why, in Danish."""


def resettle(ids):
    """Derive these initiatives again from their mentions (after an editor moved or corrected)."""
    from imports.loader import LoadStats
    from imports.settle import settle

    ids = [pk for pk in ids if pk is not None]
    settle(ids, LoadStats())
    search.rebuild_index(ids)


def _retire(initiative, survivor):
    """Delete an initiative whose mentions are gone; its URL (and older ones) go to ``survivor``."""
    InitiativeRedirect.objects.filter(initiative=initiative).update(initiative=survivor)
    InitiativeRedirect.objects.update_or_create(
        old_slug=initiative.slug, defaults={"initiative": survivor}
    )
    for part in Initiative.objects.filter(parent=initiative):
        part.parent = survivor if part.pk != survivor.pk else None
        part.save(update_fields=["parent"])
    ImportWarning.objects.filter(initiative=initiative).update(initiative=survivor)
    initiative.delete()


def merge_initiatives(survivor, others, *, user, reason):
    """Merge ``others`` into ``survivor``: mentions and links move, old URLs redirect."""
    others = list(others)
    if not others:
        raise EditorialError(_("Vælg mindst ét andet initiativ at lægge sammen med."))
    if any(other.pk == survivor.pk for other in others):
        raise EditorialError(
            _("Et initiativ kan ikke lægges sammen med sig selv: %(slug)s")
            % {"slug": survivor.slug}
        )
    with as_user(user, reason=reason):
        for other in others:
            for name in LINKS:
                if name in other.corrected_fields or name in survivor.corrected_fields:
                    # A corrected set is kept whole: the survivor gets the union, as corrected.
                    source = current_values(survivor, [name])
                    getattr(survivor, name).add(*getattr(other, name).all())
                    survivor.mark_corrected(name, source_values=source)
            for mention in other.mentions.all():
                _move(mention, survivor)
            survivor.save(update_fields=["corrected_fields", "corrections"])
            _retire(other, survivor)
        resettle([survivor.pk])
        CatalogueVersion.bump()
    return survivor


def _move(mention, target):
    source = current_values(mention, ["initiative"])
    mention.initiative = target
    mention.mark_corrected("initiative", source_values=source)
    mention.save(update_fields=["initiative", "corrected_fields", "corrections"])


def move_mention(mention, *, to=None, new=False, user, reason):
    """Move a mention to the initiative ``to``, or to a new initiative of its own (a split).

    Returns the initiative it now belongs to.
    """
    if (to is None) == (not new):
        raise EditorialError(_("Vælg enten et initiativ at flytte omtalen til eller et nyt."))
    if to is not None and to.pk == mention.initiative_id:
        raise EditorialError(
            _("Omtalen hører allerede til %(title)s.") % {"title": mention.initiative.title}
        )
    with as_user(user, reason=reason):
        if new:
            to = Initiative(
                title=mention.title or mention.title_raw,
                status=mention.status,
                description=mention.description,
                status_as_of=mention.status_as_of,
            )
            to.save()
        relocated(mention, mention.initiative, to)
        CatalogueVersion.bump()
    return to


def relocated(mention, old, target):
    """Settle after ``mention`` moved from ``old`` to ``target`` (the admin's form moves it too)."""
    if mention.initiative_id != target.pk or "initiative" not in mention.corrected_fields:
        _move(mention, target)
    if old is not None and not old.mentions.exists():
        _retire(old, target)
        resettle([target.pk])
    else:
        resettle([target.pk, old.pk if old else None])


def merge_organisations(survivor, others, *, user, reason):
    """Merge ``others`` into ``survivor``: every link moves; old names become aliases."""
    others = list(others)
    if not others:
        raise EditorialError(_("Vælg mindst én anden organisation at lægge sammen med."))
    if any(other.pk == survivor.pk for other in others):
        raise EditorialError(
            _("En organisation kan ikke lægges sammen med sig selv: %(slug)s")
            % {"slug": survivor.slug}
        )
    with as_user(user, reason=reason):
        touched = set()
        for other in others:
            source = current_values(survivor, ["aliases"])
            aliases = list(survivor.aliases)
            for name in (other.name, *other.aliases):
                if name != survivor.name and name not in aliases:
                    aliases.append(name)
            survivor.aliases = aliases
            survivor.mark_corrected("aliases", source_values=source)
            survivor.save(update_fields=["aliases", "corrected_fields", "corrections"])
            for initiative in other.initiatives.all():
                initiative.partners.remove(other)
                initiative.partners.add(survivor)
                touched.add(initiative.pk)
            for cluster in Cluster.objects.filter(
                models.Q(hospital=other) | models.Q(municipalities=other)
            ).distinct():
                if cluster.hospital_id == other.pk:
                    cluster.hospital = survivor
                    cluster.save(update_fields=["hospital"])
                if cluster.municipalities.filter(pk=other.pk).exists():
                    cluster.municipalities.remove(other)
                    cluster.municipalities.add(survivor)
            for child in other.children.all():
                child.parent = survivor if child.pk != survivor.pk else None
                child.save(update_fields=["parent"])
            ImportWarning.objects.filter(organisation=other).update(organisation=survivor)
            OrganisationRedirect.objects.filter(organisation=other).update(organisation=survivor)
            OrganisationRedirect.objects.update_or_create(
                old_slug=other.slug, defaults={"old_name": other.name, "organisation": survivor}
            )
            other.delete()
        resettle(touched)
        CatalogueVersion.bump()
    return survivor
