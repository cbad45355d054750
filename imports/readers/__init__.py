"""Readers, one per note shape, and the choice between them.

This package owns which reader reads a note: ``read_any`` looks at a note's bytes first (a PDF,
Word or HTML document, recognised by its content, goes to ``imports.documents``); text is
decoded and ``detect`` peeks at it for the marks of each shape; ``get_reader`` finds the reader
by name. Each reader module has ``read(text, *, file) -> ReadResult`` (see ``base``).
"""

import importlib
import re
from collections.abc import Callable

from imports.errors import SourceError, check_note_size, decode_note

from .base import ReadResult

# The marks of each note shape, in the order they are tried: a note shows every mark of its
# shape; a note with no shape's marks is read as tables.
_SHAPES = (
    (
        "agenda",
        (
            re.compile(r"^\s*BAGGRUND FOR SAGENS FREMLÆGGELSE\s*$", re.MULTILINE),
            # A numbered agenda item in capitals: " 5. ORIENTERING OM STATUS PÅ"
            re.compile(r"^\s*\d{1,2}\.\s+[A-ZÆØÅ]{3,}(?:[\s,-]+[A-ZÆØÅ]+)*\s*$", re.MULTILINE),
        ),
    ),
    ("examples", (re.compile(r"^\s*Eksempel:", re.MULTILINE),)),
    ("laboratories", (re.compile(r"^\s*[-*]\s+Laboratorium\s+\d+", re.MULTILINE),)),
)
READERS = ("agenda", "examples", "laboratories", "tables")


def detect(text: str) -> str:
    """The name of the reader for ``text``: "agenda", "examples", "laboratories" or "tables"."""
    shapes = (name for name, marks in _SHAPES if all(mark.search(text) for mark in marks))
    return next(shapes, "tables")


def get_reader(name: str, *, file: str = "") -> Callable[..., ReadResult]:
    """The ``read`` function of reader ``name``; ``SourceError`` for a name no reader has."""
    if name not in READERS:
        raise SourceError(f"unknown reader {name!r} (readers: {', '.join(READERS)})", file=file)
    # Imported on demand, so one reader's import cost or failure does not touch the others.
    return importlib.import_module(f"{__name__}.{name}").read


def read_any(data: bytes, *, file: str, reader: str | None = None) -> tuple[str, ReadResult]:
    """(text, rows) of a note in any supported format.

    A PDF, Word or HTML document (``imports.documents.sniff``: by content, never by name) is
    read by its document reader, and its text is the text extracted from it; ``reader`` may
    name its kind ("pdf", "docx", "html") but cannot make a text reader read it. Text is read
    by ``reader``, or by the reader ``detect`` picks. ``SourceError`` names the file.
    """
    from imports import documents  # on demand: pdfplumber and lxml load only for documents

    kind = documents.sniff(data)
    if kind is not None and (reader is None or reader in documents.KINDS):
        if reader is not None and kind != reader:
            raise SourceError(
                f"the file is not a {documents.KINDS[reader]} document (its content is "
                f"{documents.KINDS.get(kind, 'another kind of file')})",
                file=file,
            )
        return documents.read(data, file=file, kind=kind)
    if reader in documents.KINDS:
        raise SourceError(f"the file is not a {documents.KINDS[reader]} document", file=file)
    check_note_size(data, file=file)
    text = decode_note(data, file=file)
    return text, get_reader(reader or detect(text), file=file)(text, file=file)


def read_bytes(data: bytes, *, file: str, reader: str | None = None) -> ReadResult:
    """A note's rows, read as ``read_any`` reads it."""
    return read_any(data, file=file, reader=reader)[1]
