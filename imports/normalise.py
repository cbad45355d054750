"""Normalisation: a reader's rows of one note → MentionRecords with resolved meaning (pure).

Per row: the title cleaned (and OCR-repaired where the reader repaired it), partners resolved
against the gazetteer (named partners in the partner cell; otherwise organisations named in the
description, and in a cluster's own note the cluster's hospital and kommuner), regions from the partners and the note, target groups
from the Målgruppe text (or, where a note has none, the title and description), the status mapped
onto the vocabulary with the note's date as its as-of date. The raw cells are always kept.
"""

from dataclasses import dataclass, field

from imports.manifest import NoteMeta
from imports.records import MentionRecord, OrganisationRecord, WarningRecord
from imports.vocabularies import clean_title, map_status, map_target_groups

ALL_REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


@dataclass
class NormalisedNote:
    mentions: list[MentionRecord] = field(default_factory=list)
    organisations: dict[str, OrganisationRecord] = field(default_factory=dict)
    warnings: list[WarningRecord] = field(default_factory=list)


def normalise_note(meta: NoteMeta, result, gazetteer) -> NormalisedNote:
    """All rows of one read note, normalised."""
    out = NormalisedNote()
    for warning in result.warnings:
        out.warnings.append(
            WarningRecord(meta.slug, warning.line, warning.locator, warning.message)
        )
    for position, row in enumerate(result.rows, start=1):
        out.mentions.append(_normalise_row(meta, row, position, gazetteer, out))
    return out


def _normalise_row(meta, row, position, gazetteer, out):
    extra = dict(row.extra)
    title_raw = extra.pop("title_cell", None) or row.title
    title = clean_title(extra.pop("title_repaired", None) or row.title)
    description = extra.pop("description_repaired", None) or row.description

    resolution = None
    if row.partners.strip():
        resolution = gazetteer.resolve_partners(
            row.partners, region=meta.region, cluster=meta.cluster
        )
    elif description.strip():
        resolution = gazetteer.find_in_text(description, region=meta.region)
    partners = []
    regions = []
    all_regions = False
    if resolution is not None:
        all_regions = getattr(resolution, "all_regions", False)
        regions.extend(resolution.regions)
        for org in resolution.partners:
            partners.append(org.slug)
            if not gazetteer.is_known(org.slug):
                out.organisations[org.slug] = _organisation_record(org)
        for name in resolution.unknown:
            out.warnings.append(
                WarningRecord(meta.slug, row.line, row.locator, f"ukendt part: {name!r}")
            )
    if meta.cluster and meta.region and not row.partners.strip():
        # A cluster's own note without a partner cell for the row: the cluster's hospital and
        # kommuner are the parties, with whoever else the description names.
        partners = gazetteer.cluster_members(meta.region, meta.cluster) + partners
    if all_regions:
        regions = list(ALL_REGIONS)
    regions.extend(gazetteer.region_of(slug) for slug in partners)
    if meta.region:
        regions.append(meta.region)
    regions = unique(r for r in regions if r)

    target_groups = map_target_groups(
        row.target_group, fallback_text=f"{title}. {row.target_group}. {description}"
    )
    status = map_status(row.status, note_date=meta.date)
    if not title:
        out.warnings.append(
            WarningRecord(meta.slug, row.line, row.locator, "rækken har ingen titel")
        )
    return MentionRecord(
        source=meta.slug,
        locator=row.locator,
        position=position,
        line=row.line,
        line_end=row.line_end,
        section=row.section,
        title=title,
        title_raw=title_raw,
        target_group_text=row.target_group,
        partner_text=row.partners,
        description=description,
        description_raw=row.description,
        status_text=row.status,
        status=status.code,
        status_as_of=meta.date,
        expected_end=status.end_date,
        partners=unique(partners),
        regions=regions,
        target_groups=target_groups,
        extra=extra,
        sort_date=meta.ordering_date,
        sort_file=meta.file,
    )


def _organisation_record(org):
    return OrganisationRecord(
        slug=org.slug,
        name=org.name,
        kind=org.kind,
        region=org.region,
        parent=org.parent,
        is_group=org.is_group,
        note=org.note,
    )


def unique(items):
    """The items without repeats, in first-seen order."""
    seen = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
