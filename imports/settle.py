"""Settling initiatives: each one's fields derived from the mentions the database gives it.

After the loader has put every mention where the editors' decisions say (``imports.link.
apply_decisions``), and after an editor merges, moves or corrects, ``settle(ids)`` derives each
initiative's title, status, description, dates, regions, partners, target groups, funding and
parent from its mentions with the pipeline's one rule (``imports.pipeline.initiative_fields``),
except the fields an editor corrected. Where the derived value of a corrected field differs from
what the source said before, ``on_conflict`` is told (the loader files a "konflikt" warning) and
the correction stays. Writes only what differs, so settling twice changes nothing.
"""

import dataclasses
import datetime

from django.db import models

from imports.pipeline import LINK_FIELDS, initiative_fields
from imports.records import MentionRecord
from initiatives.corrections import source_value
from initiatives.models import (
    CollaborationModel,
    Initiative,
    InitiativeRedirect,
    Mention,
    Organisation,
    OrganisationRedirect,
    Region,
    Status,
    TargetGroup,
)

CHUNK = 500
# Where a mention belongs is a decision, not a value a note states: a moved mention's linker
# grouping may change beneath it without a conflict.
STRUCTURAL = {"initiative"}


class Organisations:
    """Organisations by slug, following the redirects of merged ones to their survivors."""

    def __init__(self):
        self.by_slug = {o.slug: o for o in Organisation.objects.all()}
        by_pk = {o.pk: o for o in self.by_slug.values()}
        self.redirects = {}
        self.old_names = {}
        for old_slug, old_name, pk in OrganisationRedirect.objects.values_list(
            "old_slug", "old_name", "organisation_id"
        ):
            self.redirects[old_slug] = by_pk[pk]
            if old_name:
                self.old_names[old_name.casefold()] = by_pk[pk]

    def get(self, slug):
        return self.by_slug.get(slug) or self.redirects.get(slug)

    def merged_into(self, slug, name):
        """The survivor an organisation (slug, name) of the notes was merged into, or None."""
        if slug in self.by_slug:
            return None
        return self.redirects.get(slug) or self.old_names.get((name or "").casefold())

    def add(self, organisation):
        self.by_slug[organisation.slug] = organisation


def mention_record(mention):
    """A database Mention as the pipeline's MentionRecord (the fields both have)."""
    values = {}
    for f in dataclasses.fields(MentionRecord):
        if f.name == "source":
            values["source"] = mention.source.slug
        elif f.name == "sort_file":
            values["sort_file"] = mention.source.file_name
        elif f.name == "status":
            values["status"] = mention.status.code
        elif hasattr(Mention, f.name) and not f.name.startswith("_"):
            values[f.name] = getattr(mention, f.name)
    return MentionRecord(**values)


def apply_values(obj, values, stats, *, m2m=None, on_conflict=None):
    """Set the uncorrected ``values`` (and many-to-many ``m2m``) that differ; True when changed.

    A corrected field is compared instead: when the source's value moved, the correction keeps
    the new source value and ``on_conflict(obj, name, before_text, after_text)`` is called.
    """
    corrected = set(getattr(obj, "corrected_fields", ()) or ())
    changed, m2m_changed, sources_moved = [], False, False
    for name, value in values.items():
        if name in STRUCTURAL:
            if name not in corrected and differs(getattr(obj, name), value):
                setattr(obj, name, value)
                changed.append(name)
        elif name in corrected:
            sources_moved |= _compare_with_source(obj, name, value, on_conflict)
        elif differs(getattr(obj, name), value):
            setattr(obj, name, value)
            changed.append(name)
    for name, targets in (m2m or {}).items():
        if name in corrected:
            sources_moved |= _compare_with_source(obj, name, targets, on_conflict)
        else:
            m2m_changed |= set_m2m(obj, name, targets)
    if sources_moved:
        changed.append("corrections")
    if changed:
        obj.save(update_fields=changed)
    outcome = "updated" if changed or m2m_changed else "unchanged"
    stats.add(type(obj), outcome)
    return outcome == "updated"


def _compare_with_source(obj, name, value, on_conflict):
    """Keep the source's current value of a corrected field; True when it moved."""
    data, text = source_value(type(obj), name, value)
    corrections = dict(obj.corrections or {})
    entry = dict(corrections.get(name) or {})
    if "source" in entry and entry["source"] == data:
        return False
    before = entry.get("text") if "source" in entry else None
    entry["source"], entry["text"] = data, text
    corrections[name] = entry
    obj.corrections = corrections
    if before is not None and on_conflict is not None:
        on_conflict(obj, name, before, text)
    return True


def differs(current, new):
    if hasattr(current, "pk") or hasattr(new, "pk"):
        return getattr(current, "pk", current) != getattr(new, "pk", new)
    if current is None or new is None:
        return current is not new
    if isinstance(current, datetime.date) and isinstance(new, str):
        new = datetime.date.fromisoformat(new)
    if isinstance(new, tuple):
        new = list(new)
    return current != new


def set_m2m(obj, name, targets):
    """Make a many-to-many field hold exactly ``targets``; True when it changed."""
    manager = getattr(obj, name)
    wanted = {t.pk for t in targets}
    if wanted == {t.pk for t in manager.all()}:
        return False
    manager.set(targets)
    return True


def settle(ids, stats, *, organisations=None, on_conflict=None, created=()):
    """Derive the initiatives with these ids from their mentions; returns the ids that changed.

    Initiatives in ``created`` (made by this load) are counted as created, not again here.
    """
    organisations = organisations or Organisations()
    statuses = {s.code: s for s in Status.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    collaboration = {m.slug: m for m in CollaborationModel.objects.all()}
    ids = sorted(ids)
    changed = set()
    for start in range(0, len(ids), CHUNK):
        chunk = (
            Initiative.objects.filter(pk__in=ids[start : start + CHUNK])
            .defer("search_vector")
            .prefetch_related(
                "regions",
                "target_groups",
                "partners",
                "models",
                models.Prefetch("mentions", Mention.objects.select_related("source", "status")),
            )
        )
        for initiative in chunk:
            mentions = sorted(
                (mention_record(m) for m in initiative.mentions.all()),
                key=lambda r: r.chronology(),
            )
            if not mentions:
                continue  # an initiative without mentions is the prune's, not derived
            derived = initiative_fields(mentions)
            values = {name: value for name, value in derived.items() if name not in LINK_FIELDS}
            values["status"] = statuses[values["status"]]
            values["parent"] = _parent(initiative, mentions)
            m2m = {
                "regions": [regions[s] for s in derived["regions"] if s in regions],
                "partners": _unique(organisations.get(s) for s in derived["partners"]),
                "target_groups": [groups[s] for s in derived["target_groups"] if s in groups],
                "models": [collaboration[s] for s in derived["models"] if s in collaboration],
            }
            counted = stats if initiative.pk not in created else type(stats)()
            if apply_values(initiative, values, counted, m2m=m2m, on_conflict=on_conflict):
                changed.add(initiative.pk)
    return changed


def _parent(initiative, mentions):
    """The initiative a mention's row is part of (a laboratory of its umbrella collaboration)."""
    parent = None
    for mention in mentions:
        part_of = mention.extra.get("part_of")
        if part_of:
            found = (
                Initiative.objects.filter(
                    mentions__source__slug=mention.source, mentions__locator=part_of
                )
                .exclude(pk=initiative.pk)
                .first()
            )
            parent = found or parent
    return parent


def _unique(items):
    seen = {}
    for item in items:
        if item is not None:
            seen.setdefault(item.pk, item)
    return list(seen.values())


def redirects():
    """{old slug: survivor slug} of every merged initiative."""
    return dict(InitiativeRedirect.objects.values_list("old_slug", "initiative__slug"))
