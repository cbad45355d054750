"""One new note into the catalogue: read with the catalogue's notes, shown, merged and kept.

``import_note`` and the admin's "Indlæs notat" share this path:

- ``catalogue_notes()``: the notes the catalogue is built from, the bundled ones
  (``imports/sources/manifest.toml``) and those imported from the admin (the manifest in
  ``settings.NOTES_DIR``, when that is another folder);
- ``build(data, …)``: the new note read (any format, ``imports.readers.read_any``) together with
  those notes, so that its rows link to the initiatives already in the catalogue. Nothing is
  written; the result is what a preview shows;
- ``merge(intake)``: the result written through the loader, in the loader's one transaction, as
  ``load_catalogue`` writes (admin corrections kept);
- ``keep(intake, data, …)``: the note's file put in ``settings.NOTES_DIR`` with a ``[[note]]``
  entry in that folder's ``manifest.toml``, so a later ``import_notes`` rebuild includes it.

A file larger than ``settings.NOTE_UPLOAD_MAX_BYTES`` (``DJANGO_NOTE_UPLOAD_MAX_MB``, 20 MB by
default) is refused before it is read.
"""

import datetime
import fcntl
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename

from imports import fixtures
from imports.errors import SourceError
from imports.loader import LoadStats, load
from imports.manifest import SOURCES_DIR, NoteMeta, load_manifest, sha256_text
from imports.pipeline import build_catalogue, read_note
from imports.readers import read_any
from imports.readers.base import ReadResult
from imports.records import Catalogue, InitiativeRecord, MentionRecord, WarningRecord
from imports.text import slugify_da

INCOMING = ".incoming"  # in NOTES_DIR: uploads awaiting Gem/Annullér, and the manifest's lock


def notes_dir() -> Path:
    return Path(settings.NOTES_DIR)


def catalogue_notes() -> list[NoteMeta]:
    """The bundled notes, then those imported from the admin; ``SourceError`` on a slug twice."""
    notes = load_manifest()
    uploaded = notes_dir() / "manifest.toml"
    if notes_dir().resolve() != SOURCES_DIR.resolve() and uploaded.exists():
        notes += load_manifest(uploaded)
    slugs = [note.slug for note in notes]
    for slug in sorted({slug for slug in slugs if slugs.count(slug) > 1}):
        raise SourceError(f"slug {slug!r} is used by two notes", file=str(uploaded))
    return notes


def check_size(size: int, *, file: str) -> None:
    limit = settings.NOTE_UPLOAD_MAX_BYTES
    if size > limit:
        raise SourceError(
            f"the file is {size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB "
            "(DJANGO_NOTE_UPLOAD_MAX_MB)",
            file=file,
        )


@dataclass
class Intake:
    """A new note read with the catalogue's notes: what merging it would give."""

    meta: NoteMeta
    text: str
    result: ReadResult
    catalogue: Catalogue

    @property
    def mentions(self) -> list[MentionRecord]:
        """The note's rows after normalisation, in the note's order."""
        return sorted(
            (m for i in self.catalogue.initiatives for m in i.mentions if m.source == self.slug),
            key=lambda m: m.position,
        )

    @property
    def initiatives(self) -> list[InitiativeRecord]:
        return [
            i for i in self.catalogue.initiatives if any(m.source == self.slug for m in i.mentions)
        ]

    @property
    def warnings(self) -> list[WarningRecord]:
        return [w for w in self.catalogue.warnings if w.source == self.slug]

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def sha256(self) -> str:
        """Of the note's text, as its source keeps it (a note read twice has the same)."""
        return sha256_text(self.text)

    def initiative_of(self, mention: MentionRecord) -> InitiativeRecord:
        return next(i for i in self.catalogue.initiatives if mention in i.mentions)


def build(
    data: bytes,
    *,
    file: str,
    title: str = "",
    issuer: str = "",
    date: datetime.date | None = None,
    precision: str = "unknown",
    region: str | None = None,
    kind: str = "Notat",
    reader: str | None = None,
    slug: str = "",
) -> Intake:
    """The note in ``data`` read with the catalogue's notes; writes nothing.

    Without a ``title`` the document's own (PDF or Word properties, HTML ``<title>``) is used,
    else the file name. A bundled note of the same file name is replaced by this one.
    ``SourceError`` (naming the file, and the page or line) when the note cannot be read.
    """
    check_size(len(data), file=file)
    text, result = read_any(data, file=file, reader=reader)
    title = title.strip() or result.facts.get("title") or Path(file).stem
    others = [note for note in catalogue_notes() if note.file != file]
    meta = NoteMeta(
        file=file,
        slug=slug or _free_slug(title, {note.slug for note in others}),
        title=title,
        short_title=title,
        issuer=issuer.strip() or "ukendt udsteder",
        kind=kind,
        region=region,
        date=date,
        date_precision=precision if date else "unknown",
        reader=reader,
    )

    def read(note, note_data):
        return (text, result) if note is meta else read_note(note, note_data)

    catalogue = build_catalogue([*((note, None) for note in others), (meta, data)], read=read)
    return Intake(meta=meta, text=text, result=result, catalogue=catalogue)


def _free_slug(title: str, taken: set[str]) -> str:
    from initiatives.models import SourceDocument

    base = slugify_da(title)[:90].strip("-") or "notat"
    taken = taken | set(SourceDocument.objects.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def merge(intake: Intake, *, user=None, reason: str | None = None) -> LoadStats:
    """Write the note's initiatives (and the catalogue's, unchanged) through the loader.

    The history attributes the changes to ``user`` (default: the loader's "import") with
    ``reason`` (default: the loader's, naming the notes).
    """
    data = {name: json.loads(text) for name, text in fixtures.render(intake.catalogue).items()}
    return load(data=data, reason=reason, **({"user": user} if user is not None else {}))


def save(
    intake: Intake,
    data: bytes,
    *,
    note: str = "",
    then: Callable[[], None] | None = None,
    user=None,
    reason: str | None = None,
) -> LoadStats:
    """``merge`` and ``keep`` together, all or nothing (the admin's "Gem").

    The database is written in one transaction; the file and its manifest entry are written
    inside it and removed again when the transaction fails. ``then`` runs last inside the
    transaction (the admin logs the import there). The history names ``user`` and ``reason``.
    """
    kept = None
    try:
        with transaction.atomic():
            stats = merge(intake, user=user, reason=reason)
            kept = keep(intake, data, note=note)
            if then is not None:
                then()
    except BaseException:
        if kept is not None:
            unkeep(kept)
        raise
    return stats


@dataclass
class Kept:
    """Where ``keep`` put a note, and the manifest as it was (for ``unkeep``)."""

    path: Path
    manifest: Path
    manifest_before: str | None


def keep(intake: Intake, data: bytes, *, note: str = "") -> Kept:
    """Put the note's file in ``settings.NOTES_DIR`` and its ``[[note]]`` in the manifest there.

    The file keeps its name (made safe, and unique in the folder), which is the source's
    ``file_name``. ``note`` (who imported it, when and why) is written as a comment above the
    entry.
    """
    folder = notes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / intake.meta.file
    if path.exists() and path.read_bytes() != data:
        raise SourceError("another note of this name is in the catalogue's sources", file=str(path))
    manifest = folder / "manifest.toml"
    (folder / INCOMING).mkdir(exist_ok=True)
    with open(folder / INCOMING / "manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = manifest.read_text(encoding="utf-8") if manifest.exists() else None
        path.write_bytes(data)
        kept = Kept(path=path, manifest=manifest, manifest_before=before)
        try:
            entry = _manifest_entry(intake.meta, note=note)
            _write_atomically(manifest, (before or _MANIFEST_HEADER).rstrip("\n") + "\n" + entry)
            load_manifest(manifest)  # what import_notes will read must parse
        except Exception:
            unkeep(kept)
            raise
    return kept


def unkeep(kept: Kept) -> None:
    """Undo ``keep``: the file removed, the manifest as it was."""
    kept.path.unlink(missing_ok=True)
    if kept.manifest_before is None:
        kept.manifest.unlink(missing_ok=True)
    else:
        _write_atomically(kept.manifest, kept.manifest_before)


def safe_file_name(name: str) -> str:
    """An uploaded file's name as the sources keep it: no folders, no odd characters, unique
    among the catalogue's notes."""
    name = get_valid_filename(Path(name).name) or "notat"
    taken = {note.file for note in catalogue_notes()}
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 2
    while candidate in taken or (notes_dir() / candidate).exists():
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


_MANIFEST_HEADER = (
    "# Notes imported from the admin (Indlæs notat), one [[note]] each, as in\n"
    "# imports/sources/manifest.toml. import_notes reads this folder's notes too.\n"
)


def _manifest_entry(meta: NoteMeta, *, note: str) -> str:
    def string(value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = ["", *(f"# {line}" for line in note.splitlines() if line.strip()), "[[note]]"]
    lines += [f"file = {string(meta.file)}", f"slug = {string(meta.slug)}"]
    lines += [f"title = {string(meta.title)}", f"short_title = {string(meta.short_title)}"]
    lines += [f"issuer = {string(meta.issuer)}"]
    if meta.region:
        lines.append(f"region = {string(meta.region)}")
    if meta.date:
        lines.append(f"date = {meta.date.isoformat()}")
    lines += [f"date_precision = {string(meta.date_precision)}", f"kind = {string(meta.kind)}"]
    if meta.reader:
        lines.append(f"reader = {string(meta.reader)}")
    return "\n".join(lines) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
