"""The loader: the only part of the pipeline that writes to the database.

``load(...)`` merges, in one transaction and in this order: the reference data (regions,
statuses, target groups, collaboration models, the gazetteer's organisations, clusters), then the catalogue fixtures
(sources, organisations the notes name, mentions, the initiatives they belong to, import
warnings). The fields it copies are the record dataclasses' (``imports.records``) that the model
also has: a new record field flows through once the model has a field of that name.

Editorial decisions win, on every load: a field an editor corrected is never overwritten (a
change in the source beneath it becomes a "konflikt" warning); a mention an editor moved stays
where it was put, and mentions of a merged initiative go to its survivor
(``imports.link.apply_decisions``); an organisation merged away resolves to its survivor. Each
initiative is then derived from the mentions it holds (``imports.settle``). Mentions of a loaded
source that the fixtures no longer have are deleted, and so are initiatives left without
mentions unless an editor made or corrected them. Resolved warnings stay resolved.

It is idempotent: rows are compared before they are saved, so a second run changes nothing and
writes no history. Changes are attributed to the user "import" with a reason naming the load
(``initiatives.history.as_user``). When anything changed, the search index is rebuilt and the
catalogue version bumped (so cached pages refresh).
"""

import dataclasses
import datetime
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from imports import collaboration_models, reference
from imports import fixtures as fixture_files
from imports.link import apply_decisions
from imports.load_lock import load_lock
from imports.pipeline import LINK_FIELDS, initiative_fields
from imports.records import (
    InitiativeRecord,
    MentionRecord,
    OrganisationRecord,
    SourceRecord,
    WarningRecord,
)
from imports.reference import REFERENCE_DIR
from imports.settle import Organisations, apply_values, redirects, settle
from initiatives import search
from initiatives.history import as_user
from initiatives.models import (
    CatalogueVersion,
    Cluster,
    CollaborationModel,
    ImportWarning,
    Initiative,
    Mention,
    Organisation,
    OrganisationRedirect,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)

IMPORT_USER = "import"


@dataclass
class LoadStats:
    """Counts of rows created, updated, unchanged and deleted, per model name."""

    counts: Counter = field(default_factory=Counter)

    def add(self, model, outcome, n=1):
        self.counts[(model.__name__, outcome)] += n

    @property
    def changed(self):
        return sum(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def summary(self):
        models = sorted({name for name, _ in self.counts})
        parts = []
        for name in models:
            c = {o: self.counts[(name, o)] for o in ("created", "updated", "deleted", "unchanged")}
            parts.append(
                f"{name}: {c['created']} created, {c['updated']} updated, "
                f"{c['deleted']} deleted, {c['unchanged']} unchanged"
            )
        return parts


# Records → model values --------------------------------------------------------------------------


def copied_fields(record_type, model, exclude=()):
    """The fields the loader copies: the record's dataclass fields that are model fields too."""
    names = {
        f.name
        for f in model._meta.get_fields()
        if f.concrete and not f.many_to_many and not f.primary_key
    }
    return [
        f.name for f in dataclasses.fields(record_type) if f.name in names and f.name not in exclude
    ]


class Related:
    """Related rows by natural key (slug or code), fetched once; organisations via redirects."""

    def __init__(self, organisations):
        self.organisations = organisations
        self.cache = {}

    def get(self, model, key):
        if key is None or key == "":
            return None
        if model is Organisation:
            return self.organisations.get(key)
        if (model, key) not in self.cache:
            self.cache[(model, key)] = model._default_manager.get_by_natural_key(key)
        return self.cache[(model, key)]


def values_of(record, model, related, exclude=()):
    """The model values of a record: related rows resolved, tuples as lists."""
    values = {}
    for name in copied_fields(type(record), model, exclude):
        value = getattr(record, name)
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            value = related.get(model_field.related_model, value)
        elif isinstance(value, tuple):
            value = list(value)
        values[name] = value
    return values


def record_from(record_type, row):
    """A record dataclass from a fixture row (ISO dates parsed; keys it does not have ignored)."""
    hints = typing.get_type_hints(record_type)
    values = {}
    for f in dataclasses.fields(record_type):
        if f.name not in row:
            continue
        value = row[f.name]
        if isinstance(value, str) and datetime.date in (
            hints[f.name],
            *typing.get_args(hints[f.name]),
        ):
            value = datetime.date.fromisoformat(value)
        values[f.name] = value
    return record_type(**values)


def upsert(model, lookup, values, stats, *, on_conflict=None):
    """Create or update one row by ``lookup``; saves only the uncorrected values that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        stats.add(model, "created")
        return obj
    apply_values(obj, values, stats, on_conflict=on_conflict)
    return obj


# Reference data ---------------------------------------------------------------------------------


def load_reference(gazetteer, stats, reference_dir=REFERENCE_DIR):
    regions = {}
    for row in reference.regions(reference_dir):
        regions[row["slug"]] = upsert(
            Region, {"slug": row["slug"]}, {"name": row["name"], "code": row["code"]}, stats
        )
    for row in reference.statuses(reference_dir):
        upsert(
            Status,
            {"code": row["code"]},
            {"label": row["label"], "label_en": row["label_en"], "order": int(row["order"])},
            stats,
        )
    for order, group in enumerate(reference.target_groups(reference_dir), start=1):
        upsert(
            TargetGroup,
            {"slug": group["slug"]},
            {"name": group["name"], "name_en": group.get("name_en", ""), "order": order},
            stats,
        )
    for model in collaboration_models.vocabulary(reference_dir):
        upsert(
            CollaborationModel,
            {"slug": model.slug},
            {
                "name": model.name,
                "name_en": model.name_en,
                "order": model.order,
                "definition": model.definition,
                "definition_en": model.definition_en,
                "source_file": model.source,
                "source_lines": [list(span) for span in model.lines],
            },
            stats,
        )
    organisations = Organisations()
    load_organisations(gazetteer.organisations(), organisations, stats, in_gazetteer=True)
    related = Related(organisations)
    for cluster in gazetteer.clusters():
        obj = upsert(
            Cluster,
            {"region": regions[cluster.region], "slug": cluster.slug},
            {
                "name": cluster.name,
                "kind": cluster.kind,
                "hospital": related.get(Organisation, cluster.hospital),
                "aliases": list(cluster.aliases),
                "note": cluster.uncertain or "",
            },
            stats,
        )
        members = [related.get(Organisation, slug) for slug in cluster.municipalities]
        _set_links(obj, "municipalities", [m for m in members if m is not None])
    return organisations


def _set_links(obj, name, targets):
    manager = getattr(obj, name)
    if {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
        manager.set(targets)


def load_organisations(orgs, organisations, stats, *, in_gazetteer):
    """Organisations in two passes so that a parent exists before its children point at it.

    One merged into another (by an editor) is not made again: its slug and old name resolve to
    the survivor, whose own fields stay as they are.
    """
    related = Related(organisations)
    loaded = []
    for org in orgs:
        survivor = organisations.merged_into(org.slug, org.name)
        if survivor is not None:
            if org.slug not in organisations.redirects:  # found by its old name: remember the slug
                OrganisationRedirect.objects.create(
                    old_slug=org.slug, old_name=org.name, organisation=survivor
                )
                organisations.redirects[org.slug] = survivor
                stats.add(OrganisationRedirect, "created")
            else:
                stats.add(Organisation, "unchanged")
            continue
        values = values_of(org, Organisation, related, exclude=("slug", "parent"))
        values["in_gazetteer"] = in_gazetteer
        obj = upsert(Organisation, {"slug": org.slug}, values, stats)
        organisations.add(obj)
        loaded.append((org, obj))
    for org, obj in loaded:
        if "parent" in obj.corrected_fields:
            continue
        parent = organisations.get(org.parent) if org.parent else None
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])


# Catalogue fixtures -----------------------------------------------------------------------------


def load_fixture_data(data, organisations, stats):
    related = Related(organisations)
    sources = {}
    for row in data["sources.json"]:
        record = record_from(SourceRecord, row)
        values = values_of(record, SourceDocument, related, exclude=("slug",))
        sources[record.slug] = upsert(SourceDocument, {"slug": record.slug}, values, stats)

    load_organisations(
        [record_from(OrganisationRecord, row) for row in data["organisations.json"]],
        organisations,
        stats,
        in_gazetteer=False,
    )

    records = [
        record_from(
            InitiativeRecord,
            {**row, "mentions": [record_from(MentionRecord, m) for m in row["mentions"]]},
        )
        for row in data["initiatives.json"]
    ]
    current = Mention.objects.filter(source__in=sources.values())
    before = set(current.values_list("initiative_id", flat=True))
    moved = {
        (source, locator): slug
        for source, locator, slug, corrected in current.values_list(
            "source__slug", "locator", "initiative__slug", "corrected_fields"
        )
        if "initiative" in (corrected or ())
    }
    placed = apply_decisions(records, moved=moved, redirects=redirects())
    initiatives, created = _initiatives_for(placed, stats)
    conflicts = Conflicts()
    seen = set()
    for slug, mentions in placed.items():
        for record in mentions:
            values = values_of(record, Mention, related, exclude=("source", "locator"))
            values["initiative"] = initiatives[slug]
            lookup = {"source": sources[record.source], "locator": record.locator}
            upsert(Mention, lookup, values, stats, on_conflict=conflicts.report)
            seen.add(record.key)
    _prune_mentions(sources, seen, stats)
    after = set(current.values_list("initiative_id", flat=True))
    settle(
        before | after,
        stats,
        organisations=organisations,
        on_conflict=conflicts.report,
        created=created,
    )
    _prune_initiatives(stats)
    _load_warnings([record_from(WarningRecord, r) for r in data["warnings.json"]], sources, stats)
    conflicts.save(stats)


def _initiatives_for(placed, stats):
    """The initiative of each slug mentions are placed in (new ones made from their mentions),
    and the ids of the new ones."""
    found = {i.slug: i for i in Initiative.objects.filter(slug__in=list(placed))}
    created = set()
    statuses = {s.code: s for s in Status.objects.all()}
    for slug, mentions in placed.items():
        if slug in found:
            continue
        derived = initiative_fields(sorted(mentions, key=lambda m: m.chronology()))
        values = {k: v for k, v in derived.items() if k not in LINK_FIELDS}
        values["status"] = statuses[values["status"]]
        found[slug] = Initiative.objects.create(slug=slug, **values)
        created.add(found[slug].pk)
        stats.add(Initiative, "created")
    return found, created


def _prune_mentions(sources, seen, stats):
    """Drop mentions the loaded sources no longer have."""
    for mention in Mention.objects.filter(source__in=sources.values()).select_related("source"):
        if (mention.source.slug, mention.locator) not in seen:
            mention.delete()
            stats.add(Mention, "deleted")


def _prune_initiatives(stats):
    """Drop initiatives left without mentions, unless an editor made or corrected them."""
    orphans = Initiative.objects.filter(
        ~models.Exists(Mention.objects.filter(initiative=models.OuterRef("pk"))),
        corrected_fields=[],
    )
    for orphan in orphans:
        orphan.delete()
        stats.add(Initiative, "deleted")


class Conflicts:
    """ "konflikt" warnings: a note's value changed beneath an editor's correction."""

    def __init__(self):
        self.found = []

    def report(self, obj, name, before, after):
        if isinstance(obj, Mention):
            mention, initiative = obj, obj.initiative
        else:
            initiative = obj
            mention = (
                obj.mentions.select_related("source")
                .order_by(models.F("sort_date").desc(nulls_last=True), "-position")
                .first()
            )
        label = type(obj)._meta.get_field(name).verbose_name
        current = getattr(obj, name)
        if hasattr(current, "all"):
            current = ", ".join(str(r) for r in current.all())
        message = (
            f"konflikt: {label}: kilden siger nu »{after}« (før »{before}«); "
            f"redaktionens rettelse »{current}« er bevaret"
        )
        self.found.append((mention, initiative, message))

    def save(self, stats):
        for mention, initiative, message in self.found:
            ImportWarning.objects.create(
                source=mention.source,
                locator=mention.locator,
                line=mention.line,
                message=message,
                kind=ImportWarning.Kind.CONFLICT,
                initiative=initiative,
            )
            stats.add(ImportWarning, "created")


def _load_warnings(records, sources, stats):
    """The notes' warnings: new ones added, gone ones dropped (unless resolved), the rest kept."""
    wanted = {(r.source, r.line, r.locator, r.message) for r in records}
    existing = ImportWarning.objects.filter(
        source__in=sources.values(), kind=ImportWarning.Kind.IMPORT
    ).select_related("source")
    have = set()
    for warning in existing:
        key = (warning.source.slug, warning.line, warning.locator, warning.message)
        if key in wanted and key not in have:
            have.add(key)
            stats.add(ImportWarning, "unchanged")
        elif warning.resolved_at is None or key in have:
            warning.delete()
            stats.add(ImportWarning, "deleted")
    new = sorted(wanted - have, key=lambda k: (k[0], k[1] or 0, k[2], k[3]))
    ImportWarning.objects.bulk_create(
        ImportWarning(source=sources[s], line=line, locator=locator, message=message)
        for s, line, locator, message in new
    )
    stats.add(ImportWarning, "created", len(new))


def load_reason(fixtures_dir, data):
    """The reason history gives for a load: the command, the fixtures and the notes."""
    names = ", ".join(sorted(row["slug"] for row in data.get("sources.json", [])))
    return f"load_catalogue: {Path(fixtures_dir).name}/ ({names})"


def load(
    gazetteer=None,
    fixtures_dir=fixture_files.FIXTURES_DIR,
    data=None,
    *,
    reason=None,
    user=IMPORT_USER,
    wait=0,
    on_wait=None,
):
    """Reference data, then catalogue fixtures, in one transaction. Returns LoadStats.

    The history attributes the changes to ``user`` (a User or a name; default "import") with
    ``reason`` (default: the command, the fixtures directory and the notes loaded).

    One load at a time (``imports.load_lock``): another waits up to ``wait`` seconds (calling
    ``on_wait()`` once), then stops with ``LoadBusy``.
    """
    from imports.pipeline import load_gazetteer

    gazetteer = gazetteer or load_gazetteer()
    data = data if data is not None else fixture_files.read(fixtures_dir)
    stats = LoadStats()
    reason = reason or load_reason(fixtures_dir, data)
    with load_lock(wait=wait, on_wait=on_wait), as_user(user, reason=reason, kind="load"):
        organisations = load_reference(gazetteer, stats)
        load_fixture_data(data, organisations, stats)
        if stats.changed:
            # Search documents are derived from the rows just written; unchanged rows keep theirs.
            search.rebuild_index()
            CatalogueVersion.bump()
    return stats
