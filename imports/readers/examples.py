"""Reader for notes whose initiatives stand in example boxes (note 001, Danske Regioner).

The OCR'd note sets each initiative apart as a box: a line ``Eksempel: <title>`` and one
paragraph about it, between stretches of prose. This reader owns finding the boxes and their
paragraphs; one box is one ``Row``. The note does not number its boxes, so a box is cited by its
title as the note has it (locator ``Eksempel »Kommunale visitatorer«``), never by a number we
counted; its lines run from the title to the paragraph's last line.

The title and description are kept exactly as scanned: the description keeps the paragraph's
line breaks and line-break hyphens, so that normalisation can repair the broken Danish letters
(``imports.ocr``, with the evidence of the whole note) and join the lines; the reader interprets
nothing.

Where a box ends: at the first blank line after its paragraph, unless the paragraph's last line
does not end a sentence and the next text starts in lower case or with "(" (the scanner put a
blank line inside the "Collaborative care" box: "en care-manager" / "(fx sygeplejerske) …").
The note has no headings left, so ``section`` is empty.
"""

import re

from imports.errors import SourceError
from imports.readers.base import ReadResult, ReadWarning, Row, cut_off_warning, quoted, unique_name

_BOX_RE = re.compile(r"^\s*Eksempel:[ \t]*(?P<title>.*?)\s*$")
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "’", ")")


def _continues(previous: str, following: str) -> bool:
    """Whether ``following``, after a blank line, still belongs to the paragraph of ``previous``."""
    if not following or _BOX_RE.match(following):
        return False
    first = following.lstrip()[0]
    return not previous.rstrip().endswith(_SENTENCE_END) and (first.islower() or first == "(")


def _box_paragraph(lines: list[str], start: int) -> tuple[int, list[str], int]:
    """(index of the paragraph's first line, its lines, index of its last line) for the box whose
    title is at ``start`` (the last index is ``start`` for a box without a paragraph).

    ``lines`` are the note's lines; the paragraph is the first run of non-blank lines after the
    title, carried over blank lines where ``_continues`` says so.
    """
    i = start + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    first = i
    last = start
    paragraph: list[str] = []
    while i < len(lines) and lines[i].strip() and not _BOX_RE.match(lines[i]):
        paragraph.append(lines[i])
        last = i
        i += 1
        if i < len(lines) and not lines[i].strip():
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _continues(paragraph[-1], lines[j]):
                i = j
    return first, paragraph, last


def _tidy(text: str) -> str:
    return " ".join(text.split())


def read(text: str, *, file: str) -> ReadResult:
    """One ``Row`` per ``Eksempel:`` box of ``text``; a ``SourceError`` when there is none."""
    lines = text.split("\n")  # not splitlines(): a form feed must not shift line numbers
    starts = [i for i, line in enumerate(lines) if _BOX_RE.match(line)]
    if not starts:
        raise SourceError('no example box ("Eksempel: <title>") in the note', file=file, line=1)
    result = ReadResult()
    names: set[str] = set()
    for start in starts:
        title = _tidy(_BOX_RE.match(lines[start])["title"])
        name = f"Eksempel {quoted(title)}" if title else f"Eksempel på linje {start + 1}"
        locator = unique_name(name, start + 1, names)
        first, paragraph, last = _box_paragraph(lines, start)
        if not title:
            result.warnings.append(ReadWarning(start + 1, "example box without a title", locator))
        if not paragraph:
            result.warnings.append(
                ReadWarning(start + 1, "example box without a paragraph", locator)
            )
        result.rows.append(
            Row(
                locator=locator,
                section="",
                line=start + 1,
                line_end=last + 1,
                title=title,
                description="\n".join(line.rstrip() for line in paragraph),
                description_line=first + 1 if paragraph else None,
            )
        )
    warning = cut_off_warning(
        text, result.rows[-1], "the note ends in the middle of this box: it may be cut off"
    )
    if warning:
        result.warnings.append(warning)
    return result
