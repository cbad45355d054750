"""The pipeline's intermediate values: normalised mentions and linked initiatives (pure data).

These are what ``imports.fixtures`` writes and ``imports.loader`` merges into the database.
``LIMITS`` are the database's column sizes for the text fields (the same on SQLite and
PostgreSQL, because normalisation checks them before anything is written; a test keeps them
equal to the models' ``max_length``).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MentionRecord:
    """One reader row after normalisation: the raw cells kept, the meaning resolved."""

    source: str  # SourceDocument slug
    locator: str
    position: int
    line: int  # first line of the note that the mention was read from
    line_end: int  # its last line (the same as line for a one-line table row)
    section: str
    title: str
    title_raw: str
    target_group_text: str
    partner_text: str
    description: str
    description_raw: str
    status_text: str
    status: str
    status_as_of: datetime.date | None
    expected_end: datetime.date | None
    effect_goal: str = ""  # "Forventet effektmål" and the like, as written
    partners: list[str] = field(default_factory=list)  # Organisation slugs
    regions: list[str] = field(default_factory=list)  # Region slugs
    target_groups: list[str] = field(default_factory=list)  # TargetGroup slugs
    extra: dict[str, Any] = field(default_factory=dict)
    # For ordering mentions in time; an undated note uses its manifest estimate.
    sort_date: datetime.date | None = None
    sort_file: str = ""

    @property
    def key(self):
        return (self.source, self.locator)

    def chronology(self):
        """Sort key: oldest first; undated notes before dated ones of the same estimate; within
        a note, a row of an earlier year column before a later one."""
        return (self.sort_date or datetime.date.min, self.status_as_of is not None,
                self.sort_file, self.extra.get("year") or 0, self.position)  # fmt: skip


@dataclass
class InitiativeRecord:
    """One initiative: the mentions linked to it and the fields derived from them."""

    slug: str
    title: str
    description: str
    status: str
    status_as_of: datetime.date | None
    last_reported: datetime.date | None
    regions: list[str]
    partners: list[str]
    target_groups: list[str]
    mentions: list[MentionRecord]
    funding_amount: int | None = None
    funding_granted_by: str = ""
    funding_period: str = ""
    funding_lines: list[dict[str, Any]] = field(default_factory=list)
    parent: str | None = None  # Initiative slug
    models: list[str] = field(default_factory=list)  # CollaborationModel slugs


@dataclass
class OrganisationRecord:
    """An organisation the notes name that the reference data does not have (groups, unknowns)."""

    slug: str
    name: str
    kind: str
    region: str | None
    parent: str | None
    is_group: bool
    note: str = ""


@dataclass
class WarningRecord:
    source: str
    line: int | None
    locator: str
    message: str


@dataclass
class SourceRecord:
    slug: str
    title: str
    short_title: str
    issuer: str
    region: str | None
    date: datetime.date | None
    date_precision: str
    date_note: str
    kind: str
    file_name: str
    sha256: str
    text: str
    # Parts of the note not read into the catalogue: {"part", "line", "reason"} (the public
    # source page lists them).
    unread_parts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class NoteReport:
    """What import_notes prints per note."""

    file: str
    tables: int
    rows: int
    initiatives: int = 0
    warnings: int = 0
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Catalogue:
    """Everything the importers make from a set of notes."""

    sources: list[SourceRecord]
    organisations: list[OrganisationRecord]
    initiatives: list[InitiativeRecord]
    warnings: list[WarningRecord]
    reports: list[NoteReport]


# Column sizes of the text fields the pipeline fills: record → {field: max characters}.
LIMITS: dict[str, dict[str, int]] = {
    "MentionRecord": {"locator": 300, "section": 400, "title": 400},
    "InitiativeRecord": {
        "slug": 200,
        "title": 400,
        "funding_granted_by": 300,
        "funding_period": 60,
    },
    "OrganisationRecord": {"name": 200, "slug": 200},
    "SourceRecord": {
        "slug": 100,
        "title": 300,
        "short_title": 200,
        "issuer": 200,
        "date_note": 200,
        "kind": 60,
        "file_name": 200,
    },
    "WarningRecord": {"locator": 300},
}
