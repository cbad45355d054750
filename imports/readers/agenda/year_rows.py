"""Kommune tables with one row per kommune and year, and a narrower column beside the text.

Note 003's bilag 2 ("Nye indsatser for hjemtagning af færdigbehandlede borgere – 2014 og 2015",
header "Kommune År Indsatser Forventet effektmål"): a row starts with a kommune and a year of the
caption ("Albertslund 2014 Der er igangsat …"; a name wrapped at its hyphen, or standing on a
line of its own above the year, is joined). Its text runs to the next row. Captions, header,
templates and status words are in ``agenda.toml`` (``kind = "year_rows"``).

Telling the two columns apart
-----------------------------
The PDF text prints the wide text column and the narrow side column ("Forventet effektmål",
about 50 characters wide against about 85) one after the other, and at page breaks interleaved.
Each line is given to a column, in this order:

1. A **wide** line (longer than the side column can hold) is text, and so is the row's first
   line (it stands beside the kommune and year). When a wide line stands in side-column
   text, starts indented and holds a sentence end followed by lower case, the two columns share
   the line: the part before the sentence end is text, the rest side column.
2. A line starting in **lower case** after a line that did not end a sentence continues that
   line's column.
3. A narrow line that **wraps at the side column's width** (it does not end a sentence, and the
   next line continues it although its first word would have fitted on a wider line) is side
   column; so is a narrow line in capitals right after a text line that stopped mid-sentence
   (the text column went on to the next page).
4. Any other narrow line is text when a new wide line (in capitals, not a continuation) follows
   in the row, else side column: the side column closes a row.

Both columns are kept as written, wrapped lines joined. The rules are a reading of the layout,
not a certainty: a short closing item of the text column can land in the side column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from imports import reference
from imports.readers.base import ReadResult, Row, Table

from .grids import kommune_prefix
from .ranges import TableRange
from .spec import TableSpec
from .text import ends_sentence, list_items, stays_open, tidy

# The side column holds lines up to this many characters.
SIDE_WIDTH = 56
# The text column's width: a word that would have fitted on a line this wide did not wrap.
TEXT_WIDTH = 88
_MIXED = re.compile(r"(?<=[.!?])\s+(?=[a-zæøå])")
_NUMBERED = re.compile(r"^(?:Ad\.?\s*)?(\d{1,2})\s*[.)]+\s")


@dataclass
class _YearRow:
    kommune: reference.Kommune
    year: int
    line: int  # 1-based line of the row's start
    lines: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, text)


def _header_index(table: TableRange, spec: TableSpec, lines: list[str]) -> int | None:
    """Index of the header row ("Kommune År Indsatser Forventet effektmål") under the caption."""
    for i in range(table.start, min(table.end, table.start + 12)):
        text = tidy(lines[i])
        positions = [text.find(column) for column in spec.header]
        if -1 not in positions and positions == sorted(positions):
            return i
    return None


def _year_prefix(text: str, years: tuple[int, int]) -> tuple[int, str] | None:
    match = re.match(r"\s*(\d{4})\b\s?(.*)$", text)
    if match and int(match.group(1)) in years:
        return int(match.group(1)), match.group(2)
    return None


def _rows(table: TableRange, start: int, lines: list[str]) -> list[_YearRow]:
    rows: list[_YearRow] = []
    i = start
    while i < table.end:
        text = lines[i]
        prefix = kommune_prefix(text.strip())
        consumed = i
        if prefix is None and text.rstrip().endswith("-"):
            # A name wrapped at its hyphen ("Lyngby-" / "Taarbæk").
            k = next((k for k in range(i + 1, table.end) if lines[k].strip()), None)
            if k is not None:
                prefix = kommune_prefix(text.strip() + lines[k].strip())
                consumed = k if prefix else i
        if prefix is not None:
            kommune, rest = prefix
            found = _year_prefix(rest, table.years)
            if found is None and not rest.strip():
                # The name stands alone; the year opens one of the next lines.
                k = next((k for k in range(consumed + 1, table.end) if lines[k].strip()), None)
                if k is not None and k <= consumed + 4:
                    found = _year_prefix(lines[k], table.years)
                    consumed = k if found else consumed
            if found is not None:
                year, first = found
                row = _YearRow(kommune, year, i + 1)
                if first.strip():
                    row.lines.append((consumed + 1, first))
                rows.append(row)
                i = consumed + 1
                continue
        if rows:
            rows[-1].lines.append((i + 1, text))
        i += 1
    return rows


def _first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def _is_lower(text: str) -> bool:
    stripped = text.strip().lstrip('("”„«-–•')
    return bool(stripped) and stripped[0].islower()


def _continues(before: str, after: str) -> bool:
    """``after`` goes on with the sentence ``before`` left open."""
    return not ends_sentence(before) and (_is_lower(after) or stays_open(before))


def _number(text: str) -> int | None:
    match = _NUMBERED.match(text)
    return int(match.group(1)) if match else None


def _by_recency(column: dict[int, str], previous: int | None) -> list[str]:
    first = column.get(previous, "text") if previous is not None else "text"
    return [first, "side" if first == "text" else "text"]


def _shared_line(text: str) -> tuple[str, str] | None:
    """A line holding the end of a text sentence and side-column text: ("… venteborgere.",
    "hjemtage borgere …"); None when the sentence end is a number or an abbreviation."""
    for match in _MIXED.finditer(text):
        left = text[: match.start()]
        last = left.split()[-1].rstrip(".!?") if left.split() else ""
        if len(last) >= 3 and last.isalpha() and ends_sentence(left):
            return left, text[match.end() :]
    return None


def _join_open(lines: list[str]) -> list[str]:
    """``lines`` without the empty lines that stand inside a sentence (the PDF's line breaks)."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if line == "":
            before = next((t for t in reversed(out) if t.strip()), "")
            after = next((t for t in lines[k + 1 :] if t.strip()), "")
            if before and after and _continues(tidy(before), tidy(after)):
                continue
        out.append(line)
    return out


def split_columns(lines: list[str]) -> tuple[list[str], list[str]]:
    """A row's lines shared between the text column and the side column (module docstring).

    Whitespace-only lines stay in the column of the line before them (paragraph breaks inside a
    cell); empty lines inside a sentence are dropped, so that wrapped sentences join again.
    """
    texts = [tidy(line) for line in lines]
    filled = [k for k, t in enumerate(texts) if t]
    column: dict[int, str] = {}
    pieces: dict[int, tuple[str, str]] = {}  # a line both columns share: (text, side)
    numbers = {"text": 0, "side": 0}  # the last list number seen in each column
    last_text: int | None = None
    for position, k in enumerate(filled):
        text = texts[k]
        previous = filled[position - 1] if position else None
        following = filled[position + 1] if position + 1 < len(filled) else None
        blank_before = previous is not None and any(lines[j] == "" for j in range(previous + 1, k))
        number = _number(text)
        shared = _shared_line(text) if len(text) > SIDE_WIDTH else None
        if (
            shared
            and previous is not None
            and column[previous] == "side"
            and lines[k][:1].isspace()
        ):
            pieces[k] = shared
            column[k] = "side"
        elif len(text) > SIDE_WIDTH or previous is None:
            column[k] = "text"  # wide, or the row's first line: it opens the text column
        elif previous is not None and _continues(texts[previous], text):
            column[k] = column[previous]
        elif (
            number is not None
            and number > 1
            and (lists := [c for c in _by_recency(column, previous) if number == numbers[c] + 1])
        ):
            column[k] = lists[0]  # the list it continues (the most recent one when both could)
        elif number == 1 and numbers["text"]:
            column[k] = "side"  # a second list restarting at 1: the side column's
        elif previous is not None and not blank_before:
            column[k] = column[previous]
        elif (
            last_text is not None
            and last_text == previous
            and len(texts[last_text]) > SIDE_WIDTH
            and texts[last_text][-1:].isalpha()
            and following is not None
            and _continues(text, texts[following])
        ):
            column[k] = "side"  # the text column went on on the next page
        elif any(
            len(texts[j]) > SIDE_WIDTH and not _is_lower(texts[j]) and not _shared_line(texts[j])
            for j in filled[position + 1 :]
        ):
            column[k] = "text"
        else:
            column[k] = "side"
        if number is not None:
            numbers[column[k]] = number
        if column[k] == "text":
            last_text = k
    text_lines: list[str] = []
    side_lines: list[str] = []
    current = "text"
    for k, line in enumerate(lines):
        if k in pieces:
            text_lines.append(pieces[k][0])
            side_lines.append(pieces[k][1])
            current = "side"
            continue
        current = column.get(k, current)
        (text_lines if current == "text" else side_lines).append(line)
    return _join_open(text_lines), _join_open(side_lines)


def read_table(table: TableRange, spec: TableSpec, lines: list[str], result: ReadResult) -> bool:
    """Rows from one table of this kind; False when its header is not found under the caption."""
    if table.years is None:
        return False
    header = _header_index(table, spec, lines)
    if header is None:
        return False
    rows = _rows(table, header + 1, lines)
    if not rows:
        return False
    nothing_new = spec.nothing_new or re.compile(r"(?!)")
    status_words = dict(zip(table.years, spec.status, strict=True))
    found = Table(caption=table.caption, header=list(spec.header), line=table.line)
    result.tables.append(found)
    for row in rows:
        text_lines, side_lines = split_columns([t for _, t in row.lines])
        items = list_items(text_lines, width=TEXT_WIDTH)
        side = "\n".join(list_items(side_lines, width=SIDE_WIDTH))
        if not items or nothing_new.match(" ".join(items)):
            continue
        fields = {
            **table.locator_fields(),
            "kommune": row.kommune.name,
            "kommune_short": row.kommune.short,
            "year": row.year,
            "heading": table.caption,
        }
        locator = spec.locator.format(**fields)
        filled = [n for n, t in row.lines if t.strip()]
        result.rows.append(
            Row(
                locator=locator,
                section=spec.section.format(**fields),
                line=row.line,
                line_end=filled[-1] if filled else row.line,
                title=spec.title.format(**fields),
                partners=row.kommune.name,
                partners_from="heading",
                description="\n".join(items),
                status=status_words[row.year].format(**fields),
                status_from="column",
                effect_goal=side,
                agenda_item=table.item,
                kommune=row.kommune.short,
                year=row.year,
                series=spec.series.format(**fields) if spec.series else "",
                series_title=spec.series_title.format(**fields) if spec.series_title else "",
            )
        )
        found.rows += 1
    return True
