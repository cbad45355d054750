"""The note manifest: what the notes do not say about themselves (issuer, region, date, kind).

``imports/sources/manifest.toml`` has one ``[[note]]`` per bundled note; a folder of notes
imported from the admin has a manifest of the same shape (``imports.intake``). Besides the
note's metadata it holds two kinds of facts a reader cannot take from a row: the note's
participants (``[[note.participants]]``: a partner a note states took part in a set of its
rows, with the line that says so) and the parts of the note not read into the catalogue
(``[[note.unread]]``). Reading it is pure; a missing or malformed entry raises
``SourceError`` naming the manifest and the note.
"""

import dataclasses
import datetime
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from imports.errors import SourceError

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
MANIFEST = SOURCES_DIR / "manifest.toml"

PRECISIONS = ("day", "month", "year", "unknown")
DANISH_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class Participant:
    """A partner the note says took part in every row whose locator matches ``rows``."""

    partner: str  # partner text, resolved by the gazetteer like a partner cell
    rows: str  # regular expression matched against the locator ("^Laboratorium ")
    line: int  # the note's line that says so
    quote: str = ""  # what that line says, for staff

    def applies_to(self, locator: str) -> bool:
        return re.search(self.rows, locator) is not None


@dataclass(frozen=True)
class UnreadPart:
    """A part of the note the importers do not read (shown on the public source page)."""

    part: str
    line: int
    reason: str = ""


@dataclass(frozen=True)
class NoteMeta:
    """One note's metadata, as the manifest (or import_note's options) gives it."""

    file: str
    slug: str
    title: str
    issuer: str
    kind: str
    short_title: str = ""
    region: str | None = None
    cluster: str | None = None
    date: datetime.date | None = None
    date_precision: str = "day"
    date_note: str = ""
    sort_date: datetime.date | None = None
    reader: str | None = None
    directory: Path | None = None  # the folder of the note's manifest (default: SOURCES_DIR)
    participants: tuple[Participant, ...] = ()
    unread: tuple[UnreadPart, ...] = ()

    @property
    def path(self):
        return (self.directory or SOURCES_DIR) / self.file

    @property
    def ordering_date(self):
        """The date to order notes by: the real date, else the manifest's estimate."""
        return self.date or self.sort_date

    def date_text(self):
        """The note's date in Danish at its precision ("30. april 2019", "november 2022")."""
        return format_danish_date(self.date, self.date_precision, self.date_note)


def format_danish_date(date, precision, note=""):
    if date is None or precision == "unknown":
        return note or "udateret"
    month = DANISH_MONTHS[date.month - 1]
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{month} {date.year}"
    return f"{date.day}. {month} {date.year}"


def parse_date(value: str) -> tuple[datetime.date, str]:
    """(date, precision) from YYYY-MM-DD, YYYY-MM or YYYY; ``ValueError`` for anything else."""
    for pattern, precision in ((r"\d{4}-\d{2}-\d{2}", "day"), (r"\d{4}-\d{2}", "month"),
                               (r"\d{4}", "year")):  # fmt: skip
        if re.fullmatch(pattern, value.strip()):
            parts = [int(p) for p in value.strip().split("-")] + [1, 1]
            return datetime.date(*parts[:3]), precision
    raise ValueError(value)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifest(path: Path = MANIFEST) -> list[NoteMeta]:
    """All notes of a manifest, in the manifest's order."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError("the manifest is missing", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"the manifest is not valid TOML: {exc}", file=str(path)) from None
    notes = []
    for index, entry in enumerate(data.get("note", []), start=1):
        note = note_from_mapping(entry, where=f"{path} [[note]] #{index}")
        if path.parent.resolve() != SOURCES_DIR.resolve():
            note = dataclasses.replace(note, directory=path.parent)
        notes.append(note)
    slugs = [n.slug for n in notes]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        raise SourceError(f"slug {slug!r} is used by two notes", file=str(path))
    return notes


def note_from_mapping(entry: dict, *, where: str) -> NoteMeta:
    for key in ("file", "slug", "title", "issuer", "kind"):
        if not entry.get(key):
            raise SourceError(f"{where}: the key {key!r} is missing", file=where.split(" ")[0])
    precision = entry.get("date_precision", "day" if entry.get("date") else "unknown")
    if precision not in PRECISIONS:
        raise SourceError(
            f"{where}: date_precision {precision!r} is not one of {', '.join(PRECISIONS)}",
            file=where.split(" ")[0],
        )
    fields = {
        k: v for k, v in entry.items() if k in NoteMeta.__dataclass_fields__ and k != "directory"
    }
    fields["date_precision"] = precision
    file = where.split(" ")[0]
    fields["participants"] = tuple(
        _entry(Participant, item, where=f"{where} participants", file=file)
        for item in entry.get("participants", [])
    )
    fields["unread"] = tuple(
        _entry(UnreadPart, item, where=f"{where} unread", file=file)
        for item in entry.get("unread", [])
    )
    for participant in fields["participants"]:
        try:
            re.compile(participant.rows)
        except re.error as exc:
            raise SourceError(
                f"{where}: participants rows {participant.rows!r}: {exc}", file=file
            ) from None
    return NoteMeta(**fields)


def _entry(cls, item: dict, *, where: str, file: str):
    known = cls.__dataclass_fields__
    unknown = sorted(set(item) - set(known))
    if unknown:
        raise SourceError(f"{where}: unknown key(s) {', '.join(unknown)}", file=file)
    try:
        return cls(**item)
    except TypeError as exc:
        raise SourceError(f"{where}: {exc}", file=file) from None
