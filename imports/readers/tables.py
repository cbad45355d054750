"""Reader for notes made of tables (000, 002), and the table finding other readers reuse.

This module owns how a table is recognised in a note's text: tab-separated lines or markdown
pipe tables, found by a header row whose names are mapped to fields through the vocabularies in
``headers.toml``; where a table's caption is and where the table ends; and how a cell's text is
tidied (HTML to plain paragraphs, whitespace collapsed). ``read`` turns the initiative tables
into ``Row`` objects; ``find_tables`` and ``clean_cell`` serve any reader with a table in it,
and ``grid_table`` + ``table_rows`` turn a table that a document already holds as cells (PDF,
Word, HTML: ``imports.documents``) into the same rows.

Errors name the line and the column; the column is the 1-based cell index in the row.
"""

import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from imports.errors import SourceError

from .base import ReadResult, ReadWarning, Row, Table, quoted, unique_name

HEADERS_FILE = Path(__file__).with_name("headers.toml")

_PIPE_SEPARATOR_CELL = re.compile(r"\s*:?-+:?\s*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_PARAGRAPH_TAG = re.compile(r"</?p\b[^<>]*>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_STRAY_HASH = re.compile(r"^#+\s*")


@dataclass(frozen=True)
class Vocabulary:
    """Header names of one kind of table, mapped to the fields a reader fills."""

    name: str
    key: tuple[str, ...]  # fields that can be the table's key (title) column
    fields: dict[str, str]  # normalised header name -> field

    def match(self, header: list[str]) -> list[str | None]:
        """The field of each header cell; ``None`` for an unknown name or a repeated field."""
        matched: list[str | None] = []
        for name in header:
            found = self.fields.get(header_key(name))
            # Only a field's first column is that field; the key is one column, whichever
            # synonym names it ("Titel" and "Titel og parter" in one header).
            if found in matched or (found in self.key and set(self.key) & set(matched)):
                found = None
            matched.append(found)
        return matched

    def key_names(self) -> list[str]:
        return [name for name, found in self.fields.items() if found in self.key]


@cache
def vocabulary(name: str) -> Vocabulary:
    """The vocabulary ``name`` from ``headers.toml`` (``"initiatives"``, ``"budget"``)."""
    data = tomllib.loads(HEADERS_FILE.read_text(encoding="utf-8"))[name]
    fields = {
        header_key(header): found for found, headers in data["fields"].items() for header in headers
    }
    return Vocabulary(name=name, key=tuple(data["key"]), fields=fields)


@cache
def _caption_number() -> re.Pattern[str]:
    words = tomllib.loads(HEADERS_FILE.read_text(encoding="utf-8"))["caption"]["number_words"]
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"^\s*(?:{alternatives})\s*(?P<number>\d+[a-z]?)\b", re.IGNORECASE)


def table_name(caption: str, line: int) -> str:
    """How a locator names a table: by the note's own number ("Tabel 1") when its caption has
    one, else by its caption ("Tabellen »…«"), else by the line its header stands on."""
    numbered = _caption_number().match(caption)
    if numbered:
        return f"Tabel {numbered['number']}"
    if caption.strip():
        return f"Tabellen {quoted(caption)}"
    return f"Tabellen på linje {line}"


def header_key(name: str) -> str:
    """A header name as compared: no emphasis, no trailing colon, case and spacing ignored."""
    name = clean_cell(name).strip("*_ ").rstrip(":").casefold()
    return re.sub(r"\s*/\s*", "/", " ".join(name.split()))


def clean_cell(text: str) -> str:
    """A cell's text as plain paragraphs: HTML converted, entities decoded, whitespace collapsed.

    ``<p>`` paragraphs are joined with a blank line, ``<br>`` becomes a newline and any other
    tag is dropped, so no raw HTML reaches a field.
    """
    text = _PARAGRAPH_TAG.sub("\n\n", html.unescape(text))
    # A second pass drops tags that were written as entities (&lt;b&gt;).
    text = _ANY_TAG.sub("", _BREAK_TAG.sub("\n", text))
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = (" ".join(line.split()) for line in paragraph.split("\n"))
        if paragraph := "\n".join(line for line in lines if line):
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def heading_text(line: str) -> str:
    """A caption or markdown heading line as plain text: no ``#`` marks, no ``**``, tidied."""
    return clean_cell(line.strip().lstrip("#").strip().strip("*_"))


@dataclass
class _Cells:
    """One line split into cells, as ``split_row`` sees it."""

    kind: str  # "tab", "pipe", or "separator" (the |---|---| line under a pipe header)
    cells: list[str]


def split_row(line: str) -> _Cells | None:
    """The cells of a table line, trailing empty cells dropped; ``None`` if it is no row."""
    stripped = line.strip()
    if stripped.startswith("|"):
        inner = stripped[1:]
        if inner.endswith("|") and not inner.endswith("\\|"):
            inner = inner[:-1]
        cells = [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(inner)]
        if any(cells) and all(_PIPE_SEPARATOR_CELL.fullmatch(cell) for cell in cells):
            return _Cells("separator", cells)
        kind = "pipe"
    elif "\t" in line:
        cells = line.split("\t")
        kind = "tab"
    else:
        return None
    while cells and not cells[-1].strip():
        cells.pop()
    return _Cells(kind, [cell.strip() for cell in cells])


@dataclass
class FoundTable:
    """A table as found: caption, header and its rows with their line numbers."""

    caption: str
    header: list[str]
    fields: list[str | None]  # the field of each column, None for a column no field knows
    line: int  # 1-based line of the header row
    kind: str  # "tab" or "pipe"
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def find_tables(text: str, *, vocabulary: Vocabulary, file: str) -> list[FoundTable]:
    """Every table in ``text`` whose header row the vocabulary recognises, in note order.

    A table ends at a non-blank line that is not one of its rows, at the next table, or at the
    end of the text; blank lines inside it do not end it. Rows come back with their cells
    tidied by ``clean_cell`` and padded with "" to the header's width. Raises ``SourceError``
    for a row with more cells than its header and for a header row without a key column.
    """
    lines = text.split("\n")
    tables: list[FoundTable] = []
    current: FoundTable | None = None
    for number, line in enumerate(lines, start=1):
        row = split_row(line)
        if row is None and not line.strip():
            continue
        is_own_row = current is not None and row is not None
        is_own_row = is_own_row and (row.kind == current.kind or row.kind == "separator")
        if row is not None and row.kind != "separator":
            header = [clean_cell(cell) for cell in row.cells]
            fields = vocabulary.match(header)
            if _is_header(fields, vocabulary, file=file, line=number):
                # A page break in the source repeats the header; that continues the table.
                if not (is_own_row and header == current.header):
                    current = _start_table(tables, lines, number, header, fields, row.kind)
                continue
        if not is_own_row:
            current = None
        elif row.cells and row.kind != "separator":
            current.rows.append((number, row.cells))
    for table in tables:
        _finish_rows(table, file=file)
    return tables


def _is_header(fields: list[str | None], vocabulary: Vocabulary, *, file: str, line: int) -> bool:
    known = [found for found in fields if found is not None]
    has_key = any(found in vocabulary.key for found in known)
    if len(known) >= 2 and not has_key:
        expected = ", ".join(f'"{name}"' for name in vocabulary.key_names())
        raise SourceError(
            f"table header has no title column (expected one of {expected})",
            file=file,
            line=line,
            column=1,
        )
    return has_key and len(known) >= 2


def _start_table(tables, lines, number, header, fields, kind) -> FoundTable:
    caption_line = next((n for n in range(number - 1, 0, -1) if lines[n - 1].strip()), None)
    caption = ""
    if caption_line is not None:
        above = split_row(lines[caption_line - 1])
        filled = [cell for cell in above.cells if cell] if above else [lines[caption_line - 1]]
        # A line with several cells is the previous table's last row, not a caption.
        if len(filled) <= 1:
            caption = heading_text(" ".join(filled))
            # A caption with trailing tabs was taken for the previous table's row; give it back.
            if tables and tables[-1].rows and tables[-1].rows[-1][0] == caption_line:
                tables[-1].rows.pop()
    table = FoundTable(caption=caption, header=header, fields=fields, line=number, kind=kind)
    tables.append(table)
    return table


def _finish_rows(table: FoundTable, *, file: str) -> None:
    width = len(table.header)
    for index, (number, cells) in enumerate(table.rows):
        if len(cells) > width:
            raise SourceError(
                f"row has {len(cells)} cells but the table's header (line {table.line}) "
                f"has {width}",
                file=file,
                line=number,
                column=width + 1,
            )
        # Converted notes sometimes start a row with a stray markdown "#".
        cells = [_STRAY_HASH.sub("", cells[0]), *cells[1:]]
        cleaned = [clean_cell(cell) for cell in cells]
        table.rows[index] = (number, cleaned + [""] * (width - len(cleaned)))


def split_title_and_partners(cell: str) -> tuple[str, str]:
    """``"Title (Partner A og Partner B)"`` as ``("Title", "Partner A og Partner B")``.

    Only a parenthesis that closes the cell counts, matched to its own opening bracket, so
    parentheses and dashes earlier in the title stay in the title.
    """
    if not cell.endswith(")"):
        return cell, ""
    depth = 0
    for position in range(len(cell) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(cell[position], 0)
        if depth == 0:
            title = cell[:position].rstrip(" -–")
            return (title, cell[position + 1 : -1].strip()) if title else (cell, "")
    return cell, ""


def read(text: str, *, file: str) -> ReadResult:
    """The initiatives in the tables of a note: one ``Row`` per table row with a title.

    Locators read ``Tabel N, række M`` where the caption numbers the table ("Tabel 1: …"), else
    ``Tabellen »caption«, række M`` (``table_name``); M is the row's order in its table, blank
    lines not counted. A row without a title is skipped with a warning.
    Raises ``SourceError`` (line and cell column) for a note without tables and for the errors
    of ``find_tables``.
    """
    found = find_tables(text, vocabulary=vocabulary("initiatives"), file=file)
    if not found:
        raise SourceError(
            "no table found: no header row with a title column and another known column",
            file=file,
            line=1,
            column=1,
        )
    result = ReadResult()
    names: set[str] = set()
    for table in found:
        name = unique_name(table_name(table.caption, table.line), table.line, names)
        table_rows(table, name, into=result)
    _warn_if_cut_off(text, found[-1], result)
    return result


def grid_table(
    caption: str,
    header: list[str],
    rows: list[tuple[int, list[str]]],
    *,
    line: int,
    file: str,
    vocabulary: Vocabulary,
) -> FoundTable | None:
    """A table a document holds as cells, as ``find_tables`` would have found it in text.

    ``header`` is the candidate header row (at ``line``), ``rows`` the body rows with their
    lines. Header cells are mapped by the vocabulary and body cells tidied by ``clean_cell``
    exactly as for a text table; ``None`` when ``header`` is no header row the vocabulary
    knows. Raises ``SourceError`` as ``find_tables`` does.
    """
    header = [clean_cell(cell) for cell in header]
    fields = vocabulary.match(header)
    if not _is_header(fields, vocabulary, file=file, line=line):
        return None
    table = FoundTable(
        caption=heading_text(caption), header=header, fields=fields, line=line, kind="grid"
    )
    table.rows = [(number, list(cells)) for number, cells in rows]
    _finish_rows(table, file=file)
    return table


def table_rows(table: FoundTable, name: str, *, into: ReadResult, locator=None) -> None:
    """Add one found table's rows, warnings and ``Table`` to ``into``.

    ``name`` is how locators name the table (see ``table_name``); ``locator(name, row_number,
    line)`` names a row, by default ``<name>, række M``. A row without a title is skipped with a
    warning.
    """
    locator = locator or (lambda table_name, r, _line: f"{table_name}, række {r}")
    rows = [
        _row(table, number, cells, locator=locator(name, row_number, number))
        for row_number, (number, cells) in enumerate(table.rows, start=1)
    ]
    for row in rows:
        if row.title:
            into.rows.append(row)
        else:
            into.warnings.append(
                ReadWarning(line=row.line, message="row has no title; skipped", locator=row.locator)
            )
    into.tables.append(
        Table(
            caption=table.caption,
            header=table.header,
            line=table.line,
            rows=sum(1 for row in rows if row.title),
        )
    )


def _warn_if_cut_off(text: str, table: FoundTable, result: ReadResult) -> None:
    """A warning when the note ends inside its last table's last row (a cell short)."""
    if not table.rows:
        return
    last_line = len(text.rstrip().split("\n"))
    number, cells = table.rows[-1]
    if number == last_line and cells and not cells[-1]:
        filled = len(cells) - next(i for i, c in enumerate(reversed(cells)) if c)
        result.warnings.append(
            ReadWarning(
                line=number,
                message=f"the note ends in this row, which has {filled} of {len(cells)} cells: "
                "the file may be cut off",
            )
        )


def _row(table: FoundTable, line: int, cells: list[str], *, locator: str) -> Row:
    values = {found: cell for found, cell in zip(table.fields, cells, strict=True) if found}
    cell_columns = {found: index for index, found in enumerate(table.fields, start=1) if found}
    if "title_and_partners" in cell_columns:
        cell_columns.setdefault("title", cell_columns["title_and_partners"])
        cell_columns.setdefault("partners", cell_columns["title_and_partners"])
    title, partners = values.get("title", ""), values.get("partners", "")
    title_cell = ""
    if "title_and_partners" in values:
        title_cell = values["title_and_partners"]
        title, partners_in_title = split_title_and_partners(title_cell)
        partners = partners or partners_in_title
    columns = {
        header or f"Kolonne {column}": cell
        for column, (header, found, cell) in enumerate(
            zip(table.header, table.fields, cells, strict=True), start=1
        )
        if found is None and cell
    }
    return Row(
        locator=locator,
        section=table.caption,
        line=line,
        line_end=line,  # a table row is one line of the note
        title=title,
        target_group=values.get("target_group", ""),
        partners=partners,
        description=values.get("description", ""),
        status=values.get("status", ""),
        # A table without a Status column: its caption may say where its rows stand.
        status_from="cell" if "status" in table.fields else "caption",
        title_cell=title_cell,
        columns=columns,
        cell_columns=cell_columns,
    )
