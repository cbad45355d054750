"""A note's text as the text page shows it, and the file a visitor downloads.

``parse_lines`` reads the page's ``lines`` parameter ("120-124", "39") into the range to
highlight, or says in words what is wrong with it (a bad value never fails the page).
``numbered_lines`` renders the text as one ``<li id="L<n>">`` per line, the lines of the range
marked, in one pass of plain string joins: the longest note has 4,000 lines. Line numbers are
those the readers count (the text split at "\\n"), so a mention's ``line``–``line_end`` are the
lines shown.

``note_file`` is what a download serves: the original file — a text note in
``imports/sources/``, or a note imported from the admin (a PDF, Word or HTML document too) in
``NOTES_DIR`` — when it is the very file the stored text was read from (the text read from it has
the stored sha256), else the stored text as UTF-8 (a note loaded from elsewhere, or a file
changed since the import). The sha256 it reports is of those bytes, so the hash a page shows
matches what is downloaded. A file is read once per version of it (path, size, modification
time) and process, so a PDF is not parsed again for every page view.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from imports.errors import SourceError
from imports.manifest import SOURCES_DIR, sha256_text
from imports.readers import read_any

_RANGE = re.compile(r"^\s*([0-9]{1,9})\s*(?:[-–:]\s*([0-9]{1,9})\s*)?$")
_SHOWN_VALUE = 40  # characters of a bad value repeated back in the message


def text_lines(text):
    """The note's lines as the readers number them (no phantom line after a final newline)."""
    lines = (text or "").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def parse_lines(value, line_count):
    """``(first, last)`` to highlight and an error message (``None`` when there is none).

    "120-124" and "120–124" give (120, 124); "39" gives (39, 39); a reversed range is put the
    right way round and a range running past the end stops at the last line. Anything else, or
    a range starting after the last line, gives no range and a message saying why.
    """
    if value is None or not value.strip():
        return None, None
    match = _RANGE.match(value)
    if not match:
        shown = value if len(value) <= _SHOWN_VALUE else value[:_SHOWN_VALUE] + "…"
        return None, _(
            "»%(value)s« er ikke et linjeinterval. Skriv fx lines=120-124 eller lines=39."
        ) % {"value": shown}
    first = int(match.group(1))
    last = int(match.group(2) or first)
    first, last = min(first, last), max(first, last)
    if first > line_count or last < 1:
        return None, _("Teksten har linje 1–%(count)s; linje %(first)s findes ikke.") % {
            "count": line_count,
            "first": first if first > line_count else last,
        }
    return (max(first, 1), min(last, line_count)), None


def numbered_lines(lines, selection=None):
    """``<li id="L1">…</li>`` per line (escaped), ``class="hl"`` and ``<mark>`` on the range."""
    first, last = selection or (0, -1)
    out = []
    for number, line in enumerate(lines, start=1):
        if first <= number <= last:
            out.append(f'<li id="L{number}" class="hl"><mark>{escape(line)}</mark></li>')
        else:
            out.append(f'<li id="L{number}">{escape(line)}</li>')
    return mark_safe("\n".join(out))  # every line went through escape()


@dataclass(frozen=True)
class NoteFile:
    """The bytes a download of a note serves, under its file name, with their sha256."""

    name: str
    content: bytes
    sha256: str
    original: bool  # the note's own file (True) or the stored text (False)
    content_type: str = "text/plain; charset=utf-8"

    @property
    def size(self):
        return len(self.content)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


@lru_cache(maxsize=64)
def _read(path, size, mtime):
    """(bytes, sha256 of the text read from them, kind) of one version of a note's file."""
    data = Path(path).read_bytes()
    text, _result = read_any(data, file=Path(path).name)
    return data, sha256_text(text), _kind(data)


def _kind(data):
    from imports.documents import sniff  # on demand, as imports.readers.read_any does

    return sniff(data)


def note_file(source):
    """The note's own file when it is the one its text was read from, else its stored text
    (see the module)."""
    name = Path(source.file_name or "").name  # a name only: never a path out of the folder
    for folder in dict.fromkeys((SOURCES_DIR, Path(settings.NOTES_DIR))):
        path = folder / name
        if not name or not path.is_file():
            continue
        try:
            stat = path.stat()
            data, text_sha256, kind = _read(str(path), stat.st_size, stat.st_mtime_ns)
        except (OSError, SourceError):
            continue
        if text_sha256 == source.sha256:
            content_type = CONTENT_TYPES.get(kind, "text/plain; charset=utf-8")
            return NoteFile(name, data, hashlib.sha256(data).hexdigest(), True, content_type)
    data = (source.text or "").encode("utf-8")
    name = f"{Path(name).stem or source.slug}.txt" if not name.endswith(".txt") else name
    return NoteFile(name, data, hashlib.sha256(data).hexdigest(), original=False)
