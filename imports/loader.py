"""The loader: the only part of the pipeline that writes to the database.

``load(...)`` merges, in one transaction and in this order: the reference data (regions,
statuses, target groups, collaboration models, the gazetteer's organisations, clusters), then the
catalogue fixtures (sources, organisations the notes name, initiatives with their mentions, import
warnings).

It is idempotent (a second run changes nothing: rows are compared before they are saved) and it
never overwrites a field an admin corrected (``corrected_fields`` of an initiative or a
mention). Mentions of a loaded source that the fixtures no longer have are deleted, and so are
initiatives left without mentions unless an admin corrected them. When anything changed, the search index is rebuilt and
the catalogue version bumped (so cached pages refresh).
"""

import csv
import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from imports import collaboration_models
from imports import fixtures as fixture_files
from imports.records import OrganisationRecord
from initiatives import search
from initiatives.models import (
    CatalogueVersion,
    Cluster,
    CollaborationModel,
    ImportWarning,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


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


def upsert(model, lookup, values, stats):
    """Create or update one row by ``lookup``; saves only when a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        stats.add(model, "created")
        return obj
    changed = [name for name, value in values.items() if _differs(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        stats.add(model, "updated")
    else:
        stats.add(model, "unchanged")
    return obj


def _differs(current, new):
    if hasattr(current, "pk") and hasattr(new, "pk"):
        return current.pk != new.pk
    if current is None or new is None:
        return current is not new
    if isinstance(current, datetime.date) and isinstance(new, str):
        new = datetime.date.fromisoformat(new)
    if hasattr(current, "is_finite"):  # Decimal vs int
        return current != new
    return current != new


def set_m2m(obj, name, targets, stats):
    """Make a many-to-many field hold exactly ``targets``; True when it changed."""
    manager = getattr(obj, name)
    wanted = {t.pk for t in targets}
    current = set(manager.values_list("pk", flat=True))
    if wanted == current:
        return False
    manager.set(targets)
    return True


# Reference data ---------------------------------------------------------------------------------


def load_reference(gazetteer, stats, reference_dir=REFERENCE_DIR):
    regions = {}
    with open(reference_dir / "regions.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            regions[row["slug"]] = upsert(
                Region, {"slug": row["slug"]}, {"name": row["name"], "code": row["code"]}, stats
            )
    with open(reference_dir / "statuses.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            upsert(
                Status,
                {"code": row["code"]},
                {"label": row["label"], "label_en": row["label_en"], "order": int(row["order"])},
                stats,
            )
    groups = tomllib.loads((reference_dir / "target_groups.toml").read_text(encoding="utf-8"))
    for order, group in enumerate(groups["group"], start=1):
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
    load_organisations(gazetteer.organisations(), regions, stats, in_gazetteer=True)
    for cluster in gazetteer.clusters():
        obj = upsert(
            Cluster,
            {"region": regions[cluster.region], "slug": cluster.slug},
            {
                "name": cluster.name,
                "kind": cluster.kind,
                "hospital": Organisation.objects.filter(slug=cluster.hospital).first(),
                "aliases": list(cluster.aliases),
                "note": cluster.uncertain or "",
            },
            stats,
        )
        set_m2m(
            obj,
            "municipalities",
            list(Organisation.objects.filter(slug__in=cluster.municipalities)),
            stats,
        )
    return regions


def load_organisations(orgs, regions, stats, *, in_gazetteer):
    """Organisations in two passes so that a parent exists before its children point at it."""
    by_slug = {}
    for org in orgs:
        by_slug[org.slug] = upsert(
            Organisation,
            {"slug": org.slug},
            {
                "name": org.name,
                "kind": org.kind,
                "region": regions.get(org.region) if org.region else None,
                "aliases": list(getattr(org, "aliases", []) or []),
                "code": getattr(org, "code", "") or "",
                "is_group": org.is_group,
                "in_gazetteer": in_gazetteer,
                "note": org.note or "",
            },
            stats,
        )
    for org in orgs:
        if org.parent:
            parent = Organisation.objects.filter(slug=org.parent).first()
            obj = by_slug[org.slug]
            if obj.parent_id != (parent.pk if parent else None):
                obj.parent = parent
                obj.save(update_fields=["parent"])
    return by_slug


# Catalogue fixtures -----------------------------------------------------------------------------


def load_fixture_data(data, regions, stats):
    statuses = {s.code: s for s in Status.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    models = {m.slug: m for m in CollaborationModel.objects.all()}

    sources = {}
    for row in data["sources.json"]:
        values = {k: v for k, v in row.items() if k not in ("slug", "region", "date")}
        values["region"] = regions.get(row["region"]) if row["region"] else None
        values["date"] = datetime.date.fromisoformat(row["date"]) if row["date"] else None
        sources[row["slug"]] = upsert(SourceDocument, {"slug": row["slug"]}, values, stats)

    load_organisations(
        [OrganisationRecord(**row) for row in data["organisations.json"]],
        regions,
        stats,
        in_gazetteer=False,
    )
    orgs = {o.slug: o for o in Organisation.objects.all()}

    seen_mentions = set()
    parents = {}
    for row in data["initiatives.json"]:
        initiative = _load_initiative(row, statuses, regions, orgs, groups, models, stats)
        if row.get("parent"):
            parents[initiative.pk] = row["parent"]
        for mention in row["mentions"]:
            _load_mention(mention, initiative, sources, statuses, stats)
            seen_mentions.add((mention["source"], mention["locator"]))
    for pk, parent_slug in parents.items():
        parent = Initiative.objects.filter(slug=parent_slug).first()
        initiative = Initiative.objects.get(pk=pk)
        if "parent" not in initiative.corrected_fields and initiative.parent_id != parent.pk:
            initiative.parent = parent
            initiative.save(update_fields=["parent"])

    _prune(sources, seen_mentions, stats)
    _load_warnings(data["warnings.json"], sources, stats)


def corrected_fields(model, lookup):
    """The fields an admin corrected on the row at ``lookup`` (empty for a new row)."""
    row = model.objects.filter(**lookup).values_list("corrected_fields", flat=True).first()
    return set(row or ())


def _load_initiative(row, statuses, regions, orgs, groups, models, stats):
    lookup = {"slug": row["slug"]}
    corrected = corrected_fields(Initiative, lookup)
    values = {
        "title": row["title"],
        "description": row["description"],
        "status": statuses[row["status"]],
        "status_as_of": _date(row["status_as_of"]),
        "last_reported": _date(row["last_reported"]),
        "funding_amount": row["funding_amount"],
        "funding_granted_by": row["funding_granted_by"],
        "funding_period": row["funding_period"],
        "funding_lines": row["funding_lines"],
    }
    values = {k: v for k, v in values.items() if k not in corrected}
    initiative = upsert(Initiative, lookup, values, stats)
    m2m_changed = False
    for name, targets in (
        ("regions", [regions[s] for s in row["regions"]]),
        ("partners", [orgs[s] for s in row["partners"] if s in orgs]),
        ("target_groups", [groups[s] for s in row["target_groups"] if s in groups]),
        ("models", [models[s] for s in row["models"] if s in models]),
    ):
        if name not in corrected:
            m2m_changed |= set_m2m(initiative, name, targets, stats)
    if m2m_changed:
        stats.add(Initiative, "m2m-updated")
    return initiative


def _load_mention(row, initiative, sources, statuses, stats):
    values = {
        "initiative": initiative,
        "position": row["position"],
        "line": row["line"],
        "line_end": row["line_end"],
        "section": row["section"],
        "title": row["title"],
        "title_raw": row["title_raw"],
        "target_group_text": row["target_group_text"],
        "partner_text": row["partner_text"],
        "description": row["description"],
        "description_raw": row["description_raw"],
        "status_text": row["status_text"],
        "status": statuses[row["status"]],
        "status_as_of": _date(row["status_as_of"]),
        "expected_end": _date(row["expected_end"]),
        "extra": row["extra"],
    }
    lookup = {"source": sources[row["source"]], "locator": row["locator"]}
    corrected = corrected_fields(Mention, lookup)
    values = {k: v for k, v in values.items() if k not in corrected}
    return upsert(Mention, lookup, values, stats)


def _prune(sources, seen_mentions, stats):
    """Drop mentions the loaded sources no longer have, and initiatives left without mentions."""
    for source in sources.values():
        for mention in Mention.objects.filter(source=source):
            if (source.slug, mention.locator) not in seen_mentions:
                mention.delete()
                stats.add(Mention, "deleted")
    orphans = Initiative.objects.filter(mentions__isnull=True, corrected_fields=[])
    n = orphans.count()
    if n:
        orphans.delete()
        stats.add(Initiative, "deleted", n)


def _load_warnings(rows, sources, stats):
    wanted = sorted((r["source"], r["line"], r["locator"], r["message"]) for r in rows)
    loaded = sources.keys()
    current = sorted(
        ImportWarning.objects.filter(source__slug__in=loaded).values_list(
            "source__slug", "line", "locator", "message"
        )
    )
    if current == wanted:
        stats.add(ImportWarning, "unchanged", len(wanted))
        return
    ImportWarning.objects.filter(source__slug__in=loaded).delete()
    ImportWarning.objects.bulk_create(
        ImportWarning(source=sources[s], line=line, locator=locator, message=message)
        for s, line, locator, message in wanted
    )
    stats.add(ImportWarning, "created", len(wanted))


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(gazetteer=None, fixtures_dir=fixture_files.FIXTURES_DIR, data=None):
    """Reference data, then catalogue fixtures, in one transaction. Returns LoadStats."""
    from imports.pipeline import load_gazetteer

    gazetteer = gazetteer or load_gazetteer()
    data = data if data is not None else fixture_files.read(fixtures_dir)
    stats = LoadStats()
    with transaction.atomic():
        regions = load_reference(gazetteer, stats)
        load_fixture_data(data, regions, stats)
        if stats.changed:
            # Search documents are derived from the rows just written; unchanged rows keep theirs.
            search.rebuild_index()
            CatalogueVersion.bump()
    return stats
