"""What every reader returns: rows as read from one note, with where each came from.

Readers are pure functions ``read(text, *, file) -> ReadResult``: text in, rows out, never the
ORM. They keep the cells as the note has them (whitespace tidied, nothing interpreted);
normalisation happens later in ``imports.normalise``.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    """One reported initiative as one note reports it (becomes a Mention)."""

    locator: str  # "Tabel 2, række 7", "Eksempel 4", "Punkt 5, projekt 1", "Laboratorium 8"
    section: str  # the table caption or heading the row stands under
    line: int  # 1-based line in the note where the row starts
    title: str
    target_group: str = ""
    partners: str = ""
    description: str = ""
    status: str = ""
    # Reader-specific facts: {"year": 2016, "kommune": "Allerød"}, {"funding": {...}} …
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    """A table found in a note: its caption, header cells and where it starts."""

    caption: str
    header: list[str]
    line: int
    rows: int = 0


@dataclass
class ReadWarning:
    """Something a reader could read but that staff should look at."""

    line: int
    message: str
    locator: str = ""


@dataclass
class ReadResult:
    rows: list[Row] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    # Facts about the note itself that a reader found (e.g. {"funding": {...}} for 004).
    facts: dict[str, Any] = field(default_factory=dict)
