"""What the admin's preview shows of a note before it is saved (reads the database, writes
nothing): each row as read, with its partners, target groups and status resolved, and the
initiatives already in the catalogue that it would join ("samme som …")."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from imports.intake import Intake
from initiatives.models import Mention, Organisation, Status, TargetGroup


@dataclass
class Partner:
    name: str
    kind: str
    known: bool  # in the gazetteer, or a group (False: an unknown name, with a warning)


@dataclass
class SameAs:
    title: str
    admin_url: str
    url: str
    reported_in: list[str]  # "<note>, <locator>" of the catalogue's mentions


@dataclass
class PreviewRow:
    locator: str
    line: int
    section: str
    title: str
    title_raw: str
    target_group_text: str
    target_groups: list[str]
    partner_text: str
    partners: list[Partner]
    status_text: str
    status: str
    description: str
    same_as: list[SameAs] = field(default_factory=list)


def preview_rows(intake: Intake) -> list[PreviewRow]:
    """The note's rows, in the note's order."""
    mentions = intake.mentions
    partner_slugs = {slug for m in mentions for slug in m.partners}
    known = {o.slug: o for o in Organisation.objects.filter(slug__in=partner_slugs)}
    new = {o.slug: o for o in intake.catalogue.organisations}
    groups = dict(TargetGroup.objects.values_list("slug", "name"))
    statuses = {s.code: s.display_label for s in Status.objects.all()}
    joined = _joined(intake)
    rows = []
    for m in mentions:
        partners = []
        for slug in m.partners:
            org = known.get(slug) or new.get(slug)
            # Groups ("kommunerne i planområdet") are kept as their own organisations; any other
            # name the gazetteer lacks is an unknown partner (a warning says so too).
            is_known = org is not None and (getattr(org, "in_gazetteer", False) or org.is_group)
            partners.append(Partner(org.name if org else slug, org.kind if org else "", is_known))
        rows.append(
            PreviewRow(
                locator=m.locator,
                line=m.line,
                section=m.section,
                title=m.title,
                title_raw=m.title_raw,
                target_group_text=m.target_group_text,
                target_groups=[groups.get(slug, slug) for slug in m.target_groups],
                partner_text=m.partner_text,
                partners=partners,
                status_text=m.status_text,
                status=statuses.get(m.status, m.status),
                description=m.description,
                same_as=joined.get(m.locator, []),
            )
        )
    return rows


def _joined(intake: Intake) -> dict[str, list[SameAs]]:
    """For each of the note's locators, the catalogue's initiatives its row would join."""
    others = {}
    for m in intake.mentions:
        record = intake.initiative_of(m)
        others[m.locator] = [(o.source, o.locator) for o in record.mentions if o.source != m.source]
    pairs = {pair for found in others.values() for pair in found}
    if not pairs:
        return {}
    query = reduce(or_, (Q(source__slug=s, locator=loc) for s, loc in pairs))
    existing = {
        (mention.source.slug, mention.locator): mention
        for mention in Mention.objects.filter(query).select_related("initiative", "source")
    }
    joined = {}
    for locator, found in others.items():
        by_initiative = {}
        for pair in found:
            mention = existing.get(pair)
            if mention is None:
                continue
            initiative = mention.initiative
            same = by_initiative.setdefault(
                initiative.pk,
                SameAs(
                    title=initiative.title,
                    admin_url=reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
                    url=initiative.get_absolute_url(),
                    reported_in=[],
                ),
            )
            source = mention.source
            same.reported_in.append(f"{source.short_title or source.title}, {mention.locator}")
        joined[locator] = list(by_initiative.values())
    return joined
