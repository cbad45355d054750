"""Plain ``make_*()`` builders for tests: each makes one row with sensible defaults."""

import datetime
import itertools

from initiatives.models import (
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


def make_initiative(title=None, status="ongoing", **fields):
    n = next(_counter)
    title = title or f"Initiativ {n}"
    slug = fields.pop("slug", None) or f"initiativ-{n}"
    return Initiative.objects.create(slug=slug, title=title, status=make_status(status), **fields)


def make_mention(initiative=None, source=None, locator=None, **fields):
    initiative = initiative or make_initiative()
    source = source or make_source()
    locator = locator or f"Tabel 1, række {next(_counter)}"
    fields.setdefault("title", initiative.title)
    fields.setdefault("title_raw", initiative.title)
    fields.setdefault("status", initiative.status)
    fields.setdefault("status_as_of", source.date)
    return Mention.objects.create(initiative=initiative, source=source, locator=locator, **fields)
