"""The import pipeline end to end, without the database: notes → a ``Catalogue`` of records.

notes → readers (``imports.readers``) → normalise (``imports.normalise``) → link
(``imports.link``) → initiatives derived from their mentions (here), with the collaboration
models their mentions have (``imports.collaboration_models``). ``imports.fixtures`` writes
the result; ``imports.loader`` alone writes to the database.
"""

from itertools import chain
from pathlib import Path

from imports.collaboration_models import models_for_initiative
from imports.errors import SourceError, decode_note
from imports.gazetteer import Gazetteer
from imports.link import link
from imports.manifest import NoteMeta, sha256_text
from imports.normalise import normalise_note, unique
from imports.readers import detect, get_reader
from imports.records import Catalogue, InitiativeRecord, NoteReport, SourceRecord
from imports.text import slugify_da

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


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
    text = decode_note(data, file=meta.file)
    reader = get_reader(meta.reader or detect(text), file=meta.file)
    return text, reader(text, file=meta.file)


def build_catalogue(notes: list[tuple[NoteMeta, bytes | None]], gazetteer=None) -> Catalogue:
    """Read, normalise and link the given notes into one Catalogue (deterministic)."""
    gazetteer = gazetteer or load_gazetteer()
    sources, mentions, warnings, reports, organisations = [], [], [], [], {}
    for meta, data in notes:
        text, result = read_note(meta, data)
        sources.append(_source_record(meta, text))
        normalised = normalise_note(meta, result, gazetteer)
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
    files = {source.slug: source.file_name for source in sources}
    for record in initiatives:
        record.models = models_for_initiative(record.mentions, files)
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
    records, taken = [], set()
    by_mention = {}
    for mentions in sorted(groups, key=lambda g: g[0].chronology()):
        oldest, newest = mentions[0], mentions[-1]
        slug = _unique_slug(oldest, taken)
        dated = [m.status_as_of for m in mentions if m.status_as_of]
        funding = next((m.extra["funding"] for m in mentions if "funding" in m.extra), None)
        record = InitiativeRecord(
            slug=slug,
            title=newest.title,
            description=next((m.description for m in reversed(mentions) if m.description), ""),
            status=newest.status,
            status_as_of=newest.status_as_of,
            last_reported=max(dated) if dated else None,
            regions=unique(chain.from_iterable(m.regions for m in mentions)),
            partners=unique(chain.from_iterable(m.partners for m in mentions)),
            target_groups=unique(chain.from_iterable(m.target_groups for m in mentions)),
            mentions=mentions,
        )
        if funding:
            record.funding_amount = funding.get("amount")
            record.funding_granted_by = funding.get("granted_by", "")
            record.funding_period = funding.get("period", "")
            record.funding_lines = funding.get("lines", [])
        records.append(record)
        for mention in mentions:
            by_mention[mention.key] = record
    for record in records:
        for mention in record.mentions:
            part_of = mention.extra.get("part_of")
            if part_of and (mention.source, part_of) in by_mention:
                record.parent = by_mention[(mention.source, part_of)].slug
    return records


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


def _source_record(meta: NoteMeta, text: str) -> SourceRecord:
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
    )
