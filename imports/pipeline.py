"""The import pipeline end to end, without the database: notes → a ``Catalogue`` of records.

notes → readers (``imports.readers``) → normalise (``imports.normalise``) → link
(``imports.link``) → initiatives derived from their mentions (here), with the collaboration
models their mentions have (``imports.collaboration_models``). ``imports.fixtures`` writes
the result; ``imports.loader`` alone writes to the database.
"""

from itertools import chain

from imports.collaboration_models import models_for_initiative
from imports.errors import SourceError
from imports.gazetteer import Gazetteer
from imports.link import link
from imports.manifest import NoteMeta, sha256_text
from imports.normalise import check_record_limits, normalise_note, unique
from imports.readers import read_any
from imports.records import Catalogue, InitiativeRecord, NoteReport, SourceRecord
from imports.reference import REFERENCE_DIR
from imports.text import RESERVED_INITIATIVE_SLUGS, slugify_da


def load_gazetteer():
    return Gazetteer.load(REFERENCE_DIR)


def read_note(meta: NoteMeta, data: bytes | None = None):
    """(text, ReadResult) for one note; ``SourceError`` names the file, line and column."""
    if data is None:
        try:
            data = meta.path.read_bytes()
        except OSError as exc:
            raise SourceError(
                f"cannot read the note: {exc.strerror}", file=str(meta.path)
            ) from None
    return read_any(data, file=meta.file, reader=meta.reader)


def build_catalogue(
    notes: list[tuple[NoteMeta, bytes | None]], gazetteer=None, *, read=read_note
) -> Catalogue:
    """Read, normalise and link the given notes into one Catalogue (deterministic).

    ``read(meta, data)`` gives a note's (text, ReadResult); a caller that has read a note
    already (to show its title, say) passes one that does not read it twice.
    """
    gazetteer = gazetteer or load_gazetteer()
    sources, mentions, warnings, reports, organisations = [], [], [], [], {}
    for meta, data in notes:
        text, result = read(meta, data)
        source = _source_record(meta, text, result)
        check_record_limits(source, "SourceRecord", file=meta.file)
        sources.append(source)
        normalised = normalise_note(meta, result, gazetteer, text=text)
        mentions.extend(normalised.mentions)
        warnings.extend(normalised.warnings)
        organisations.update(normalised.organisations)
        reports.append(
            NoteReport(
                file=meta.file,
                tables=len(result.tables),
                rows=len(result.rows),
                warnings=len(normalised.warnings),
                facts=result.facts,
            )
        )
    groups = link(mentions, is_group=gazetteer.is_group)
    initiatives = derive_initiatives(groups)
    for initiative in initiatives:
        check_record_limits(initiative, "InitiativeRecord", file=initiative.mentions[0].sort_file)
    for report, meta in zip(reports, (m for m, _ in notes), strict=True):
        report.initiatives = sum(
            1 for i in initiatives if any(m.source == meta.slug for m in i.mentions)
        )
    return Catalogue(
        sources=sources,
        organisations=sorted(organisations.values(), key=lambda o: o.slug),
        initiatives=sorted(initiatives, key=lambda i: i.slug),
        warnings=warnings,
        reports=reports,
    )


def derive_initiatives(groups) -> list[InitiativeRecord]:
    """One InitiativeRecord per group of mentions; slugs unique and stable for the same notes."""
    records, taken = [], set(RESERVED_INITIATIVE_SLUGS)
    by_mention = {}
    for mentions in sorted(groups, key=lambda g: g[0].chronology()):
        record = InitiativeRecord(
            slug=_unique_slug(mentions[0], taken), mentions=mentions, **initiative_fields(mentions)
        )
        records.append(record)
        for mention in mentions:
            by_mention[mention.key] = record
    for record in records:
        for mention in record.mentions:
            part_of = mention.extra.get("part_of")
            if part_of and (mention.source, part_of) in by_mention:
                record.parent = by_mention[(mention.source, part_of)].slug
    return records


def _title(mentions) -> str:
    """The newest mention's title; for one initiative over several years of a series, the
    series' title with its years ("Nye indsatser for hjemtagning i Gribskov Kommune 2014–2016")."""
    titles = {m.extra.get("series_title") for m in mentions}
    years = sorted({m.extra.get("year") for m in mentions if m.extra.get("year")})
    if len(mentions) > 1 and len(titles) == 1 and None not in titles and len(years) > 1:
        return titles.pop().format(years=f"{years[0]}–{years[-1]}")
    return mentions[-1].title


# The fields of ``initiative_fields`` that are links (many-to-many) on the Initiative model.
LINK_FIELDS = ("regions", "partners", "target_groups", "models")


def initiative_fields(mentions) -> dict:
    """An initiative's fields derived from its mentions (MentionRecords, oldest first).

    The one rule, used here and by the loader (which applies it to the mentions as the database
    groups them after editorial decisions): title, status and its date from the newest mention;
    the description from the newest that has one; last reported at the newest dated mention;
    regions, partners and target groups the union of the mentions' in order; funding from the
    first mention that reports some. Keys are ``InitiativeRecord`` fields.
    """
    newest = mentions[-1]
    dated = [m.status_as_of for m in mentions if m.status_as_of]
    funding = next((m.extra["funding"] for m in mentions if "funding" in m.extra), None) or {}
    return {
        "title": _title(mentions),
        "description": next((m.description for m in reversed(mentions) if m.description), ""),
        "status": newest.status,
        "status_as_of": newest.status_as_of,
        "last_reported": max(dated) if dated else None,
        "regions": unique(chain.from_iterable(m.regions for m in mentions)),
        "partners": unique(chain.from_iterable(m.partners for m in mentions)),
        "target_groups": unique(chain.from_iterable(m.target_groups for m in mentions)),
        "models": models_for_initiative(mentions),
        "funding_amount": funding.get("amount"),
        "funding_granted_by": funding.get("granted_by", ""),
        "funding_period": funding.get("period", ""),
        "funding_lines": funding.get("lines", []),
    }


def _unique_slug(mention, taken):
    base = slugify_da(mention.title)[:80].strip("-") or "initiativ"
    candidates = [base]
    if mention.regions:
        candidates.append(f"{base}-{mention.regions[0]}")
    candidates.append(f"{base}-{slugify_da(mention.source)}")
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    taken.add(f"{base}-{n}")
    return f"{base}-{n}"


def _source_record(meta: NoteMeta, text: str, result) -> SourceRecord:
    return SourceRecord(
        slug=meta.slug,
        title=meta.title,
        short_title=meta.short_title or meta.title,
        issuer=meta.issuer,
        region=meta.region,
        date=meta.date,
        date_precision=meta.date_precision,
        date_note=meta.date_note,
        kind=meta.kind,
        file_name=meta.file,
        sha256=sha256_text(text),
        text=text,
        unread_parts=[
            {"part": part.part, "line": part.line, "reason": part.reason}
            for part in [*meta.unread, *result.unread]
        ],
    )
