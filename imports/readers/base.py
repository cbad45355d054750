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

    # "Tabel 2, række 7", "Tabellen »Caption«, række 3", "Eksempel »Title«", "Punkt 5, projekt 1",
    # "Punkt 4, bilag 1, Allerød, 2016", "Laboratorium 8": the note's own numbers and words,
    # never a number the reader counted (see ``quoted``).
    locator: str
    section: str  # the table caption or heading the row stands under
    line: int  # 1-based line in the note where the row starts
    title: str
    target_group: str = ""
    partners: str = ""
    description: str = ""
    status: str = ""
    # 1-based last line of the note that belongs to the row (its last cell or paragraph line).
    line_end: int = 0
    # Reader-specific facts: {"year": 2016, "kommune": "Allerød"}, {"funding": {...}} …
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        self.line_end = self.line_end or self.line


# A caption or title quoted in a locator is cut at a word boundary beyond this many characters
# (Mention.locator holds 300), so that a paragraph mistaken for a caption cannot overflow it.
QUOTED_MAX = 150


def quoted(text: str) -> str:
    """A caption or title as a locator quotes it: ``»Udvalgte bilaterale initiativer …«``.

    A table or box the note does not number is cited by its own caption or title, never by a
    number we counted: that is what a reader of the note can find.
    """
    text = " ".join(text.split())
    if len(text) > QUOTED_MAX:
        text = text[:QUOTED_MAX].rsplit(" ", 1)[0].rstrip(" ,;:-–") + " …"
    return f"»{text}«"


def unique_name(name: str, line: int, taken: set[str]) -> str:
    """``name``, or ``name (linje N)`` when the note already used it for another table or box."""
    if name in taken:
        name = f"{name} (linje {line})"
    taken.add(name)
    return name


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
