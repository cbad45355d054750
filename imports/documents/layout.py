"""What a document reader extracts, and how the tables in it become the tables reader's rows.

A document reader (``pdf``, ``word``, ``webpage``) turns a file into an ``Extracted``: the
document's own text as lines (with a ``[Side N]`` line where each page starts, when the document
has pages) and its tables as ``Grid``s of cells, each row with the line of that text where it
starts. ``to_result`` turns the grids into rows through ``imports.readers.tables`` (header names
from ``headers.toml``, cells tidied by ``clean_cell``), so a table gives the same rows as the
same table in text. It also owns the rules every kind of document shares:

- the header row is the first of a grid's first three rows that the vocabulary knows; a single
  filled row above it (a title row inside the table) is the caption;
- a grid without a header row that follows a table with nothing but blank lines and page breaks
  between (in a paged document: at least one page break) continues that table, and so does a
  grid whose header repeats the table's; on a new page, a first row with an empty title cell is
  the previous row running on (its cells are joined to it);
- locators read ``Side 3, tabel 2, række 4`` in a paged document (the page the row starts on),
  ``Tabel 2, række 4`` otherwise.
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from imports.errors import SourceError
from imports.readers import tables
from imports.readers.base import ReadResult, ReadWarning, unique_name

DATA_FILE = Path(__file__).with_name("documents.toml")
PAGE_MARK = "[Side {page}]"
_PAGE_MARK = re.compile(r"^\[Side (\d+)\]$")
HEADER_SEARCH_ROWS = 3


@cache
def settings() -> dict:
    """The layout knowledge in ``documents.toml``."""
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _caption_pattern() -> re.Pattern:
    words = "|".join(re.escape(word) for word in settings()["captions"]["words"])
    return re.compile(rf"^(?:{words})\s+\d+\b", re.IGNORECASE)


def is_caption(text: str) -> bool:
    """True for a caption line such as "Tabel 2: Samarbejder om ældre"."""
    return bool(_caption_pattern().match(text.strip()))


def join_lines(lines: list[str]) -> str:
    """Lines of wrapped text as one: joined by a space, a hanging hyphen joined without one."""
    keep = {word.casefold() for word in settings()["words"]["keep_space_before"]}
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        next_word = line.split()[0].casefold()
        if re.search(r"\w-$", text) and line[0].isalpha() and next_word not in keep:
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


@dataclass
class GridRow:
    line: int  # 1-based line of the extracted text where the row starts
    cells: list[str]
    page: int | None = None
    end: int = 0  # the line where it ends, when it runs over several

    @property
    def last_line(self) -> int:
        return max(self.line, self.end)


@dataclass
class Grid:
    """A table as the document holds it: rows of cells, with the caption found for it."""

    rows: list[GridRow]
    caption: str = ""


@dataclass
class Extracted:
    """A document's text (lines, page marks included) and its tables."""

    kind: str  # "PDF", "Word", "HTML": how messages name the document
    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    paged: bool = False
    _pages: list[int | None] = field(default_factory=list)

    def add_line(self, text: str, page: int | None = None) -> int:
        """Append one line of text (a newline in it becomes a space); its 1-based number."""
        self.lines.append(text.replace("\n", " "))
        self._pages.append(page)
        return len(self.lines)

    def add_page(self, page: int) -> int:
        """Mark where page ``page`` starts (a paged document)."""
        self.paged = True
        return self.add_line(PAGE_MARK.format(page=page), page)

    def page_of(self, line: int) -> int | None:
        return self._pages[line - 1] if 0 < line <= len(self._pages) else None

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines) + "\n"

    def only_breaks_between(self, after: int, before: int) -> bool:
        """True when the lines strictly between two lines are blank or page marks (in a paged
        document at least one page mark)."""
        between = [line.strip() for line in self.lines[after : before - 1]]
        if any(line and not _PAGE_MARK.match(line) for line in between):
            return False
        return not self.paged or any(_PAGE_MARK.match(line) for line in between)


def to_result(extracted: Extracted, *, file: str) -> ReadResult:
    """The rows of the document's initiative tables (see the module docstring for the rules).

    Raises ``SourceError`` naming the file (and the page and line) when the document has no
    table, or no table with a header row the vocabulary knows.
    """
    if not extracted.grids:
        raise SourceError(
            f"no table found in the {extracted.kind} document: the importer reads initiatives "
            "from tables with a header row (Titel, Målgruppe, Status …)",
            file=file,
            line=1,
            column=1,
        )
    vocabulary = tables.vocabulary("initiatives")
    found: list[tables.FoundTable] = []
    last_line = 0
    for grid in extracted.grids:
        table = _headed_table(grid, vocabulary, file=file)
        current = found[-1] if found else None
        follows = current is not None and extracted.only_breaks_between(
            last_line, grid.rows[0].line
        )
        if table is not None and not (follows and table.header == current.header):
            found.append(table)
        elif table is not None:
            current.rows.extend(table.rows)
        elif follows and len(grid.rows[0].cells) == len(current.header):
            _continue(current, grid, extracted, vocabulary, file=file)
        else:
            continue
        last_line = grid.rows[-1].last_line
    if not found:
        first = extracted.grids[0].rows[0]
        cells = " | ".join(cell for cell in first.cells if cell.strip())
        where = f" (side {first.page})" if first.page else ""
        raise SourceError(
            f"{len(extracted.grids)} table(s) found in the {extracted.kind} document, but none "
            "has a header row with a title column and another known column (see "
            f"imports/readers/headers.toml); the first table{where} starts: {cells[:120]!r}",
            file=file,
            line=first.line,
            column=1,
        )
    result = ReadResult(warnings=list(extracted.warnings), facts=dict(extracted.facts))

    def locator(name, row_number, line):
        # Tables are named as in text notes: by the number the caption prints, else by the
        # caption; a paged document's locator names the page first.
        page = extracted.page_of(line)
        if extracted.paged and page:
            return f"Side {page}, {name[:1].lower()}{name[1:]}, række {row_number}"
        return f"{name}, række {row_number}"

    names: set[str] = set()
    for table in found:
        name = unique_name(tables.table_name(table.caption, table.line), table.line, names)
        tables.table_rows(table, name, into=result, locator=locator)
    return result


def _headed_table(grid: Grid, vocabulary, *, file: str) -> tables.FoundTable | None:
    """The grid as a table when one of its first rows is a header row; else ``None``."""
    for index, header in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        table = tables.grid_table(
            grid.caption,
            header.cells,
            [(row.line, row.cells) for row in grid.rows[index + 1 :]],
            line=header.line,
            file=file,
            vocabulary=vocabulary,
        )
        if table is not None:
            above = [cell for cell in grid.rows[index - 1].cells if cell.strip()] if index else []
            if len(above) == 1:
                table.caption = tables.heading_text(above[0])
            return table
    return None


def _continue(table, grid: Grid, extracted: Extracted, vocabulary, *, file: str) -> None:
    """Append a header-less grid's rows to the table it continues."""
    rows = [(row.line, row.cells) for row in grid.rows]
    more = tables.grid_table("", table.header, rows, line=table.line, file=file,
                             vocabulary=vocabulary)  # fmt: skip
    key = next(i for i, name in enumerate(table.fields) if name in vocabulary.key)
    first_line, first_cells = more.rows[0]
    previous_page = extracted.page_of(table.rows[-1][0]) if table.rows else None
    if table.rows and not first_cells[key] and extracted.page_of(first_line) != previous_page:
        line, cells = table.rows[-1]
        joined = [join_lines(list(pair)) for pair in zip(cells, first_cells, strict=True)]
        table.rows[-1] = (line, joined)
        more.rows = more.rows[1:]
    table.rows.extend(more.rows)
