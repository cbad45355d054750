"""Plain ``make_*()`` builders for tests: each makes one row with sensible defaults."""

import datetime
import itertools

from initiatives.models import (
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

_counter = itertools.count(1)

STATUS_LABELS = {
    "planned": "Planlagt",
    "ongoing": "Igangværende",
    "implementation": "Under implementering",
    "evaluation": "Under evaluering",
    "operation": "I drift",
    "completed": "Afsluttet",
    "unknown": "Ukendt",
}


def make_region(slug="hovedstaden", name=None, code=None):
    region, _ = Region.objects.get_or_create(
        slug=slug,
        defaults={"name": name or f"Region {slug.title()}", "code": code or str(next(_counter))},
    )
    return region


def make_status(code="ongoing"):
    order = list(STATUS_LABELS).index(code) if code in STATUS_LABELS else 99
    status, _ = Status.objects.get_or_create(
        code=code, defaults={"label": STATUS_LABELS.get(code, code), "order": order}
    )
    return status


def make_target_group(slug="aeldre-medicinske-patienter", name=None):
    group, _ = TargetGroup.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").capitalize()}
    )
    return group


def make_collaboration_model(slug="behandling-i-eget-hjem-og-udgaaende-teams", name=None, **fields):
    fields.setdefault("definition", f"Definitionen af {slug}.")
    fields.setdefault("source_file", "001_f78470f6f1d730cd.txt")
    fields.setdefault("source_lines", [[57, 63]])
    model, _ = CollaborationModel.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").capitalize(), **fields}
    )
    return model


def make_organisation(name=None, kind="municipality", region=None, **fields):
    name = name or f"Organisation {next(_counter)}"
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-").replace("ø", "oe")
    return Organisation.objects.create(name=name, slug=slug, kind=kind, region=region, **fields)


def make_source(slug=None, date=datetime.date(2019, 4, 30), region=None, **fields):
    slug = slug or f"source-{next(_counter)}"
    defaults = {
        "title": f"Notat {slug}",
        "short_title": "Notat til Forretningsudvalget",
        "issuer": "Region Hovedstaden",
        "kind": "Notat",
        "file_name": f"{slug}.txt",
        "sha256": "0" * 64,
        "text": "",
    }
    defaults.update(fields)
    return SourceDocument.objects.create(slug=slug, date=date, region=region, **defaults)


def make_initiative(
    title=None,
    status="ongoing",
    *,
    regions=(),
    partners=(),
    target_groups=(),
    mentioned=False,
    models=(),
    **fields,
):
    """An initiative; ``regions``, ``partners``, ``target_groups`` and ``models`` take rows to link.

    ``mentioned=True`` gives it one mention, so that the public site shows it.
    """
    n = next(_counter)
    title = title or f"Initiativ {n}"
    slug = fields.pop("slug", None) or f"initiativ-{n}"
    initiative = Initiative.objects.create(
        slug=slug, title=title, status=make_status(status), **fields
    )
    if regions:
        initiative.regions.set(regions)
    if partners:
        initiative.partners.set(partners)
    if target_groups:
        initiative.target_groups.set(target_groups)
    if models:
        initiative.models.set(models)
    if mentioned:
        make_mention(initiative)
    return initiative


def make_mention(initiative=None, source=None, locator=None, **fields):
    initiative = initiative or make_initiative()
    source = source or make_source()
    locator = locator or f"Tabel 1, række {next(_counter)}"
    fields.setdefault("title", initiative.title)
    fields.setdefault("title_raw", initiative.title)
    fields.setdefault("status", initiative.status)
    fields.setdefault("status_as_of", source.date)
    return Mention.objects.create(initiative=initiative, source=source, locator=locator, **fields)


def make_cluster(region=None, name="Planområde Midt", hospital=None, municipalities=(), **fields):
    region = region or make_region()
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    fields.setdefault("kind", Cluster.Kind.PLANNING_AREA)
    cluster = Cluster.objects.create(
        region=region, name=name, slug=slug, hospital=hospital, **fields
    )
    if municipalities:
        cluster.municipalities.set(municipalities)
    return cluster


def make_import_warning(source=None, message="Ukendt partner: »Foo«", **fields):
    return ImportWarning.objects.create(source=source or make_source(), message=message, **fields)


def make_user(username=None, *, staff=False, **fields):
    from django.contrib.auth import get_user_model

    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username, password="pw", is_staff=staff, **fields
    )
