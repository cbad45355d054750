"""A row's partners: which organisations one note row names, read with the gazetteer (pure).

The rule, per row:

1. **The partner cell** (``Row.partners``) is read as a partner cell: everything in it is
   accounted for (``Gazetteer.resolve_partners``).
2. **The row's own text.** A row with no partner cell (an example box, a laboratory item) is one
   collaboration described in prose: its text is read for its parties, including the phrases
   partner_rules.toml allows only there ("kommunale medarbejdere", "hospitalet"). A row whose
   partner cell is the heading it stands under (a kommune block) has its text read as prose for
   the partners it names beside the heading ("etableret i samarbejde med Lyngby-Taarbæk,
   Gladsaxe og Gentofte Kommuner").
3. **The cluster** of a cluster's own note (manifest ``cluster``) is the party of a row with no
   partner cell: its hospital and kommuner.
4. **The note's participants** (manifest ``[[note.participants]]``): a partner the note says took
   part in every row of a kind ("praktiserende læger … deltagelse i laboratorier", 004 line 7).

A group of a cluster's kommuner is left out where all its kommuner are partners already. Regions
come from the partners, the text and the note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALL_REGIONS = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


@dataclass
class RowPartners:
    slugs: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    new_organisations: list = field(default_factory=list)  # Orgs made from the text
    participants: list[dict] = field(default_factory=list)  # [{"partner", "line"}]


def resolve_row_partners(meta, row, description: str, gazetteer) -> RowPartners:
    """The partners, regions and unknown names of one row (module docstring)."""
    cell = row.partners.strip()
    resolutions = []
    if cell:
        resolutions.append(
            gazetteer.resolve_partners(cell, region=meta.region, cluster=meta.cluster)
        )
        if row.partners_from == "heading" and description.strip():
            resolutions.append(_beside_heading(description, meta, gazetteer))
    elif description.strip():
        resolutions.append(
            gazetteer.find_in_text(
                description, region=meta.region, cluster=meta.cluster, block=True
            )
        )
    out = RowPartners()
    orgs = []
    regions: list[str] = []
    all_regions = False
    if meta.cluster and meta.region and not cell:
        members = gazetteer.cluster_members(meta.region, meta.cluster)
        orgs.extend(gazetteer.organisation(slug) for slug in members)
    for resolution in resolutions:
        orgs.extend(resolution.partners)
        regions.extend(resolution.regions)
        all_regions = all_regions or resolution.all_regions
        out.unknown.extend(resolution.unknown)
    for participant in meta.participants:
        if participant.applies_to(row.locator):
            resolution = gazetteer.resolve_partners(
                participant.partner, region=meta.region, cluster=meta.cluster
            )
            orgs.extend(resolution.partners)
            out.unknown.extend(resolution.unknown)
            out.participants.extend(
                {"partner": org.slug, "line": participant.line} for org in resolution.partners
            )
    slugs = _unique(org.slug for org in orgs)
    by_slug = {org.slug: org for org in orgs}
    named = set(slugs)
    slugs = [
        slug
        for slug in slugs
        if not (by_slug[slug].members and set(by_slug[slug].members) <= named - {slug})
    ]
    out.slugs = slugs
    out.new_organisations = [by_slug[s] for s in slugs if not gazetteer.is_known(s)]
    if all_regions:
        regions = list(ALL_REGIONS)
    regions.extend(gazetteer.region_of(slug) for slug in slugs)
    if meta.region:
        regions.append(meta.region)
    out.regions = _unique(r for r in regions if r)
    out.unknown = _unique(out.unknown)
    return out


def _beside_heading(description, meta, gazetteer):
    """Partners a block's text names beside its heading: hospitals, psychiatry, general practice
    anywhere; another kommune only where the text says it collaborates with it."""
    resolution = gazetteer.find_in_text(description, region=meta.region)
    named_with = {
        org.slug
        for clause in gazetteer.collaboration_clauses(description)
        for org in gazetteer.find_in_text(clause, region=meta.region).partners
    }
    resolution.partners = [
        org for org in resolution.partners if org.kind != "municipality" or org.slug in named_with
    ]
    return resolution


def _unique(items):
    seen = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
