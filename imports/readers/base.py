"""What every reader returns: rows as read from one note, with where each came from.

Readers are pure functions ``read(text, *, file) -> ReadResult``: text in, rows out, never the
ORM. They keep the cells as the note has them (whitespace tidied, nothing interpreted: no OCR
repair, no partner lookup); normalisation happens later in ``imports.normalise``.

``Row`` is the contract between a reader and normalisation: every fact a reader hands on is a
typed field, so a new reader cannot pass a key that normalisation silently ignores.
"""

from dataclasses import dataclass, field
from typing import Any

# Where a row's status text came from (``Row.status_from``).
STATUS_SOURCES = ("cell", "caption", "lead_in", "column", "marks")


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
    partners: str = ""  # a partner cell, or the name a block stands under ("Allerød Kommune")
    description: str = ""  # the row's text; prose that may name more partners and its status
    status: str = ""
    # The last line of the note that belongs to the row (its last cell or paragraph line), 1-based;
    # the row's first line where the reader does not know it.
    line_end: int | None = None
    # Where ``partners`` came from: its own cell, or the heading the row stands under (a kommune
    # block), whose text may name more partners.
    partners_from: str = "cell"
    # Where ``status`` came from: its own cell, the table's caption, the prose leading into a
    # list, a year column of a kommune table, or the marks of a grid table (STATUS_SOURCES).
    status_from: str = "cell"
    # The whole cell the title was cut from ("Titel og parter": "Title (Partner A og B)").
    title_cell: str = ""
    # Line where the description starts, where that is not ``line`` (a box's paragraph).
    description_line: int | None = None
    # A table's columns no header vocabulary knows: header → cell.
    columns: dict[str, str] = field(default_factory=dict)
    # The 1-based column each field was read from ("partners": 3), for errors about a value.
    cell_columns: dict[str, int] = field(default_factory=dict)
    # "Forventet effektmål" and the like: what the row expects to achieve, as written.
    effect_goal: str = ""
    # Agenda rows: the item and project number ("Punkt 5, projekt 1").
    agenda_item: int | None = None
    project: int | None = None
    # Kommune tables: the kommune (short name), the year column, the planområde/klynge heading
    # and how confidently the reader told two year columns apart ("confident"/"uncertain").
    kommune: str = ""
    year: int | None = None
    cluster_heading: str = ""
    split: str = ""
    # Rows of one series (the same kommune's blocks in a note's yearly tables) may report one
    # initiative over several years; linking decides (imports.link). "" for no series.
    series: str = ""
    # The title of one initiative reported over several years of the series, "{years}" to fill.
    series_title: str = ""
    # An umbrella row (the collaboration a grant paid for), the locator of the umbrella a row
    # belongs to, and the grant itself (amount, granted_by, period, lines …).
    umbrella: bool = False
    part_of: str = ""
    funding: dict[str, Any] | None = None

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
class Unread:
    """A part of a note the reader found but could not read (said on the public source page)."""

    part: str  # "Bilag 2: Nye indsatser for hjemtagning … – 2014 og 2015"
    line: int
    reason: str = ""


def ends_mid_sentence(text: str) -> bool:
    """Whether ``text`` stops without closing punctuation (a note cut off inside it)."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] not in '.!?:;)"”’»'


def cut_off_warning(text: str, row: "Row", message: str) -> "ReadWarning | None":
    """A warning when ``row`` is the note's last text and stops mid-sentence."""
    last_line = len(text.rstrip().split("\n"))
    if (row.line_end or row.line) >= last_line and ends_mid_sentence(row.description):
        return ReadWarning(row.line, message, row.locator)
    return None


@dataclass
class ReadResult:
    rows: list[Row] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    # Facts about the note itself that a reader found (e.g. {"funding": {...}} for 004).
    facts: dict[str, Any] = field(default_factory=dict)
