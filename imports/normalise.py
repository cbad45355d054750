"""Normalisation: a reader's rows of one note → MentionRecords with resolved meaning (pure).

Per row, in this order, every rule a data file in ``reference/`` or the manifest:

* **Text.** Where the scan broke the Danish letters (``imports.ocr``'s document evidence), the
  title and description are repaired; a box paragraph's lines are joined. Titles are cleaned
  (``spelling.toml``). The raw cells are always kept.
* **Partners** (``imports.partners``): the partner cell; the prose of a row with no partner
  cell (a box, a laboratory) or beside a heading (a kommune block); the cluster's hospital and
  kommuner in a cluster's own note; the note's participants (manifest).
* **Regions** from the partners and the note.
* **Target groups** from the Målgruppe cell, else the title and description
  (``target_groups.toml``).
* **Status** from the row's status cell; for a table without a Status column, from its caption
  when the caption says it ("Samarbejder igangsat …"); else from the row's own text
  (``status_phrases.toml`` ``[[prose]]``), which may also override a caption's or a lead-in's
  status. A status text nobody understands is a warning, not a silent "unknown".
* **Limits.** Every text is checked against the column it goes to (``records.LIMITS``) the same
  way on every database; a value that does not fit stops the import with ``file:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imports import ocr
from imports.errors import SourceError
from imports.manifest import NoteMeta
from imports.partners import resolve_row_partners
from imports.readers.base import quoted
from imports.records import LIMITS, MentionRecord, OrganisationRecord, WarningRecord
from imports.vocabularies import clean_title, map_status, map_target_groups, status_in_text

# Mention.extra keys, from the Row fields a reader fills (default values are left out).
_EXTRA_FIELDS = {
    "agenda_item": "agenda_item",
    "project": "project",
    "kommune": "kommune",
    "year": "year",
    "cluster_heading": "planomraade",
    "split": "split",
    "series": "series",
    "series_title": "series_title",
    "part_of": "part_of",
    "umbrella": "umbrella",
    "funding": "funding",
    "columns": "columns",
    "description_line": "description_line",
}


@dataclass
class NormalisedNote:
    mentions: list[MentionRecord] = field(default_factory=list)
    organisations: dict[str, OrganisationRecord] = field(default_factory=dict)
    warnings: list[WarningRecord] = field(default_factory=list)


def normalise_note(meta: NoteMeta, result, gazetteer, *, text: str = "") -> NormalisedNote:
    """All rows of one read note, normalised. ``text`` is the note's text (OCR evidence)."""
    out = NormalisedNote()
    for warning in result.warnings:
        out.warnings.append(
            WarningRecord(meta.slug, warning.line, warning.locator, warning.message)
        )
    evidence = ocr.document_evidence(text) if text else ocr.Evidence(letters_intact=True)
    last_line = len(text.rstrip().split("\n")) if text else None
    for position, row in enumerate(result.rows, start=1):
        mention = _normalise_row(meta, row, position, gazetteer, out, evidence, last_line)
        check_limits(mention, meta, row)
        out.mentions.append(mention)
    # Warnings name a row as its mention does (a repaired title in the locator).
    shown = {row.locator: m.locator for row, m in zip(result.rows, out.mentions, strict=True)}
    for warning in out.warnings:
        warning.locator = shown.get(warning.locator, warning.locator)
    return out


def _text(row, evidence):
    """(title, description) as shown: repaired where the scan broke the letters."""
    title, description = row.title, row.description
    paragraph = row.description_line is not None  # a box's paragraph: one run of prose
    if not evidence.letters_intact:
        title = ocr.repair_paragraph(title, evidence=evidence)
        description = ocr.repair_paragraph(description, evidence=evidence)
    elif paragraph:
        description = " ".join(description.split())
    return title, description


def _locator(row, title):
    """The row's locator, quoting its title as repaired where the scan broke the letters: a box
    the note does not number is cited by its title, and the printed note reads "Opfølgende
    hjemmebesøg" where the scan has "Opfglgende hjemmebesgg"."""
    raw, repaired = quoted(row.title), quoted(title)
    if title == row.title or raw not in row.locator:
        return row.locator
    return row.locator.replace(raw, repaired)


def _normalise_row(meta, row, position, gazetteer, out, evidence, last_line):
    title, description = _text(row, evidence)
    locator = _locator(row, title)
    title = clean_title(title)
    title_raw = row.title_cell or row.title

    def warn(message):
        out.warnings.append(WarningRecord(meta.slug, row.line, locator, message))

    partners = resolve_row_partners(meta, row, description, gazetteer)
    for org in partners.new_organisations:
        record = _organisation_record(org)
        check_record_limits(
            record,
            "OrganisationRecord",
            file=meta.file,
            line=row.line,
            column=row.cell_columns.get("partners", 1),
        )
        out.organisations[org.slug] = record
    for name in partners.unknown:
        warn(f"ukendt part: {name!r}")

    target_groups = map_target_groups(
        row.target_group, fallback_text=f"{title}. {row.target_group}. {description}"
    )
    status_text, status, status_from = _status(meta, row, description, warn, last_line)
    if not title:
        warn("rækken har ingen titel")
    extra = {
        key: getattr(row, name)
        for name, key in _EXTRA_FIELDS.items()
        if getattr(row, name) not in (None, "", False, {}, [])
    }
    if status_from != "cell":
        extra["status_from"] = status_from
    if partners.participants:
        extra["participants"] = partners.participants
    return MentionRecord(
        source=meta.slug,
        locator=locator,
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
        status_text=status_text,
        status=status.code,
        status_as_of=meta.date,
        expected_end=status.end_date,
        effect_goal=row.effect_goal,
        partners=partners.slugs,
        regions=partners.regions,
        target_groups=target_groups,
        extra=extra,
        sort_date=meta.ordering_date,
        sort_file=meta.file,
    )


def _status(meta, row, description, warn, last_line):
    """(status text, StatusResult, where the text came from) for one row."""
    status_text, status_from = row.status, row.status_from
    if not status_text.strip() and status_from == "caption":
        status_text = row.section  # "Samarbejder igangsat som følge af …"
    status = map_status(status_text, note_date=meta.date)
    if status_from == "caption" and status.code == "unknown":
        status_text = ""
    own = None
    if not status_text.strip():
        own = status_in_text(description, note_date=meta.date)
    elif status_from in ("caption", "lead_in"):
        own = status_in_text(description, note_date=meta.date, overriding_only=True)
    if own is not None and own.code != "unknown":
        return own.matched, own, "text"
    if status_text.strip() and status.code == "unknown" and not status.matched:
        message = f"statusteksten forstås ikke: {status_text.strip()[:80]!r}"
        if last_line is not None and (row.line_end or row.line) >= last_line:
            message += "; noten slutter i denne række og kan være afkortet"
        warn(message)
    return status_text, status, status_from


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


# Limits --------------------------------------------------------------------------------------

# Which row field (and so which column of the note) each mention field comes from.
_SOURCE_FIELD = {"title": "title", "section": "section", "locator": "locator"}


def check_limits(mention: MentionRecord, meta: NoteMeta, row) -> None:
    """Refuse a mention field that does not fit its column (``SourceError`` file:line:col)."""
    for name, limit in LIMITS["MentionRecord"].items():
        value = getattr(mention, name)
        if len(value) > limit:
            source = _SOURCE_FIELD[name]
            raise SourceError(
                f"{row.locator}: the {name} is {len(value)} characters long; the catalogue "
                f"keeps at most {limit} (shorten the {source} in the note)",
                file=meta.file,
                line=row.line,
                column=row.cell_columns.get(source, 1),
            )


def check_record_limits(
    record, kind: str, *, file: str, line: int | None = None, column: int | None = None
) -> None:
    """Refuse a record whose text fields do not fit their columns (``SourceError``)."""
    for name, limit in LIMITS[kind].items():
        value = getattr(record, name) or ""
        if len(value) > limit:
            raise SourceError(
                f"{kind.removesuffix('Record').lower()} {name} {value[:60]!r}… is {len(value)} "
                f"characters long; the catalogue keeps at most {limit}",
                file=file,
                line=line,
                column=column if line is not None else None,
            )


def unique(items):
    """The items without repeats, in first-seen order."""
    seen = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
