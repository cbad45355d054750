"""PDF notes: the text layer read with pdfplumber, tables found ruled or unruled.

Why pdfplumber: it gives every word with its position and the page's ruling lines, and finds
ruled tables from them; it is MIT-licensed (as is pdfminer.six under it), where PyMuPDF is AGPL.

Per page (numbered as the PDF orders them, the first is 1):

1. words are grouped into lines by their top edge; a gap between words wider than
   ``CELL_GAP`` × the font size separates cells and is written as a tab in the extracted text;
2. running headers and footers (page numbers, letterhead) are dropped, by the rules in
   ``documents.toml`` [furniture];
3. ruled tables are pdfplumber's (lines strategy); a cell's text is the words inside it;
4. an unruled table starts at a line whose cells the vocabulary knows as a header row (a
   header cell wrapped onto a second line is joined). The lines below belong to it while no
   line runs across two header cells, no caption or new header comes and the gap to the line
   above stays under ``TABLE_GAP`` × the font size. Columns are cut at the whitespace corridors
   between the header cells (so a centred header over left-aligned cells works); a vertical
   gap wider than ``ROW_GAP`` × the table's line pitch starts a row. When every gap is the same
   (no padding between rows) each line is a row and a line with an empty title cell runs on the
   row above: a wrapped title in such a table is read as two rows;
5. a table that reaches the bottom of its page runs on at the top of the next, with its header
   repeated or not (``layout.to_result`` joins the parts).

Cell text that wraps is joined (``layout.join_lines``). A page without text is an image, as a
scan is: when no page has text the reader stops and asks for OCR; otherwise each such page is a
warning. The extracted text has a ``[Side N]`` line where each page starts.
"""

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from imports.errors import SourceError
from imports.readers import tables
from imports.readers.base import ReadWarning

from .layout import Extracted, Grid, GridRow, is_caption, join_lines, settings

CELL_GAP = 0.6  # × font size: a wider gap between two words separates cells
ROW_GAP = 1.3  # × a table's line pitch: a wider vertical step starts a new row
TABLE_GAP = 3.5  # × font size: a wider vertical step ends an unruled table
SAME_LINE = 0.35  # × font size: words whose tops differ less stand on one line
HEADER_WRAP = 1.5  # × font size: a header line this close below may hold its wrapped cells
CAPTION_GAP = 3.0  # × font size: how far above a table a heading may stand to be its caption
BROKEN_TEXT = 0.3  # share of "(cid:N)" glyphs above which the text layer is unreadable


@dataclass
class Line:
    """One line of words on a page; ``number`` is its line in the extracted text."""

    words: list[dict]
    number: int = 0
    in_ruled: bool = False

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def size(self) -> float:
        return max(word["size"] for word in self.words)

    @property
    def emphasised(self) -> bool:
        return all("bold" in word["fontname"].lower() for word in self.words)

    def chunks(self) -> list[list[dict]]:
        """The line's words split into cells at wide gaps."""
        chunks = [[self.words[0]]]
        for word in self.words[1:]:
            if word["x0"] - chunks[-1][-1]["x1"] > CELL_GAP * self.size:
                chunks.append([word])
            else:
                chunks[-1].append(word)
        return chunks

    @property
    def text(self) -> str:
        return "\t".join(_words_text(chunk) for chunk in self.chunks())

    @property
    def plain(self) -> str:
        return _words_text(self.words)


@dataclass
class Columns:
    """An unruled table's columns: header cell extents, cut points and line pitch."""

    extents: list[tuple[float, float]]
    cuts: list[float]  # x where column i + 1 starts, for i in 0 … n - 2
    pitch: float
    key: int  # the title column


def extract(data: bytes, *, file: str) -> Extracted:
    """The text and tables of a PDF; ``SourceError`` naming the file (and page) otherwise."""
    limit = settings()["limits"]["max_pages"]
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _open_error(exc, file) from None
    with pdf:
        if len(pdf.pages) > limit:
            raise SourceError(
                f"the PDF has {len(pdf.pages)} pages; the importer reads at most {limit}",
                file=file,
            )
        extracted = Extracted(kind="PDF")
        title = (pdf.metadata or {}).get("Title")
        if isinstance(title, str) and title.strip():
            extracted.facts["title"] = title.strip()
        pages = []
        for page in pdf.pages:
            try:
                pages.append(_read_page(page))
            except PdfminerException as exc:
                raise SourceError(
                    f"page {page.page_number} cannot be read: {exc.args[0] if exc.args else exc}",
                    file=file,
                ) from None
    _check_text_layer(pages, file=file)
    _drop_furniture(pages)
    carry = None
    for number, (lines, ruled, _) in enumerate(pages, start=1):
        mark = extracted.add_page(number)
        if not any(line.words for line in lines):
            extracted.warnings.append(
                ReadWarning(
                    line=mark,
                    message=f"side {number} has no text (an image, as a scanned page is) and was "
                    "not read: run OCR on the PDF to read it",
                )
            )
        for line in lines:
            line.number = extracted.add_line(line.text, number)
        carry = _page_tables(lines, ruled, number, extracted, carry, file=file)
    return extracted


def _open_error(exc: PdfminerException, file: str) -> SourceError:
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return SourceError(
            "the PDF is encrypted (it needs a password to open): save a copy without a "
            "password and import that",
            file=file,
        )
    if isinstance(cause, PDFEncryptionError):
        return SourceError(
            f"the PDF is encrypted in a way the reader cannot open: {cause}", file=file
        )
    return SourceError(f"not a readable PDF: {cause}", file=file)


def _read_page(page):
    """(lines, ruled tables, page height) of one page, before furniture is dropped."""
    words = page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False)
    lines = _group_lines(words)
    ruled = [table for table in page.find_tables() if _is_grid(table)]
    for table in ruled:
        x0, top, x1, bottom = table.bbox
        for line in lines:
            middle = (line.top + max(word["bottom"] for word in line.words)) / 2
            if top <= middle <= bottom and line.words[0]["x0"] < x1 and line.words[-1]["x1"] > x0:
                line.in_ruled = True
    return lines, ruled, float(page.height)


def _is_grid(table) -> bool:
    return len(table.rows) >= 2 and max(len(row.cells) for row in table.rows) >= 2


def _group_lines(words: list[dict]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1].words[0]["top"]) <= SAME_LINE * word["size"]:
            lines[-1].words.append(word)
        else:
            lines.append(Line(words=[word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _words_text(words: list[dict]) -> str:
    return " ".join(word["text"] for word in words)


def _check_text_layer(pages, *, file: str) -> None:
    empty = [number for number, (lines, _, _) in enumerate(pages, start=1) if not lines]
    if len(empty) == len(pages):
        where = "page 1 holds" if len(pages) == 1 else f"pages 1–{len(pages)} hold"
        raise SourceError(
            f"the PDF has no text layer ({where} only images, as a scan does): run OCR on "
            "it first (e.g. ocrmypdf) and import the PDF that gives",
            file=file,
        )
    words = [word["text"] for lines, _, _ in pages for line in lines for word in line.words]
    broken = sum(1 for word in words if "(cid:" in word)
    if broken > BROKEN_TEXT * len(words):
        raise SourceError(
            "the PDF's text layer cannot be read (its fonts map no letters, '(cid:N)'): run OCR "
            "on it first and import the PDF that gives",
            file=file,
        )


def _normal(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.casefold()).split())


def _drop_furniture(pages) -> None:
    """Remove running headers and footers from each page's lines (see documents.toml)."""
    rules = settings()["furniture"]
    page_numbers = set(rules["page_numbers"])
    candidates = []
    for index, (lines, _, height) in enumerate(pages):
        edges = {*range(min(2, len(lines))), *range(max(0, len(lines) - 2), len(lines))}
        for position in sorted(edges):
            line = lines[position]
            bottom = max(word["bottom"] for word in line.words)
            band = "top" if bottom <= rules["band"] * height else None
            band = "bottom" if line.top >= (1 - rules["band"]) * height else band
            if band and not line.in_ruled and not _looks_like_header(line):
                candidates.append((index, position, (band, _normal(line.plain))))
    # On how many pages each line stands in its band.
    seen = Counter(key for _, key in {(index, key) for index, _, key in candidates})
    needed = max(2, math.ceil(rules["repeated_share"] * len(pages)))
    drop = {
        (index, position)
        for index, position, key in candidates
        if key[1] in page_numbers or seen[key] >= needed
    }
    for index, (lines, _, _) in enumerate(pages):
        lines[:] = [line for position, line in enumerate(lines) if (index, position) not in drop]


def _looks_like_header(line: Line) -> bool:
    vocabulary = tables.vocabulary("initiatives")
    cells = [_words_text(chunk) for chunk in line.chunks()]
    fields = vocabulary.match([tables.clean_cell(cell) for cell in cells])
    return sum(1 for found in fields if found) >= 2


# Tables ------------------------------------------------------------------------------------------


def _page_tables(lines, ruled, page, extracted, carry, *, file):
    """Add the page's tables to ``extracted``; the columns of a table that runs on, or None."""
    grids = [grid for grid in (_ruled_grid(table, lines, page) for table in ruled) if grid]
    free = [line for line in lines if not line.in_ruled]
    index, runs_on = 0, None
    if carry is not None and free and _header_at(free, 0, file=file) is None:
        # The previous page's table runs on here without its header.
        body = _body_lines(free, 0, carry.extents, previous=None)
        grid = _unruled_grid([], body, carry, page, caption="")
        if grid:
            grids.append(grid)
            index = len(body)
            runs_on = carry if index == len(free) else None
    while index < len(free):
        header = _header_at(free, index, file=file)
        if header is None:
            index += 1
            continue
        header_lines, extents, key = header
        start = index + len(header_lines)
        body = _body_lines(free, start, extents, previous=header_lines[-1])
        columns = _columns(header_lines, body, extents, key)
        caption = _caption(free[:index], header_lines[0])
        grids.append(_unruled_grid(header_lines, body, columns, page, caption=caption))
        grids = [grid for grid in grids if grid]
        index = start + len(body)
        runs_on = columns if index == len(free) else None
    extracted.grids.extend(sorted(grids, key=lambda grid: grid.rows[0].line))
    return runs_on


def _header_at(lines, index, *, file):
    """(header lines, cell extents, title column) when a header row starts at ``index``."""
    line = lines[index]
    chunks = line.chunks()
    cells = [_words_text(chunk) for chunk in chunks]
    known = _known(cells, line.number, file=file)
    if known is None:
        return None
    extents = [(chunk[0]["x0"], max(word["x1"] for word in chunk)) for chunk in chunks]
    header_lines = [line]
    below = lines[index + 1] if index + 1 < len(lines) else None
    if below is not None and below.top - line.top <= HEADER_WRAP * line.size:
        wrapped = list(cells)
        for word in below.words:
            column = _column_of(word, extents)
            if column is None:
                break
            wrapped[column] = f"{wrapped[column]} {word['text']}"
        else:
            more = _known(wrapped, line.number, file=file)
            if more is not None and more[0] > known[0]:
                header_lines.append(below)
                known = more
    return header_lines, extents, known[1]


def _known(cells, line, *, file):
    """(how many header cells the vocabulary knows, the title column), or None: no header."""
    vocabulary = tables.vocabulary("initiatives")
    table = tables.grid_table("", cells, [], line=line, file=file, vocabulary=vocabulary)
    if table is None:
        return None
    key = next(i for i, name in enumerate(table.fields) if name in vocabulary.key)
    return sum(1 for name in table.fields if name), key


def _column_of(word, extents):
    """The header cell a word of a wrapped header line stands under, or None."""
    middle = (word["x0"] + word["x1"]) / 2
    for column, (x0, x1) in enumerate(extents):
        if x0 - 1 <= middle <= x1 + 1:
            return column
    return None


def _body_lines(lines, start, extents, *, previous):
    """The lines from ``start`` that belong to an unruled table (see the module docstring)."""
    body = []
    for line in lines[start:]:
        reference = body[-1] if body else previous
        if reference is not None and line.top - reference.top > TABLE_GAP * reference.size:
            break
        if is_caption(line.plain) or _looks_like_header(line):
            break
        if any(_overlaps(chunk, extents) >= 2 for chunk in line.chunks()):
            break
        body.append(line)
    return body


def _overlaps(chunk, extents) -> int:
    x0, x1 = chunk[0]["x0"], max(word["x1"] for word in chunk)
    return sum(1 for left, right in extents if min(x1, right) - max(x0, left) > 0)


def _columns(header_lines, body, extents, key) -> Columns:
    """Cut points between columns at the whitespace corridors, and the table's line pitch."""
    size = header_lines[0].size
    spans = sorted(
        (word["x0"], word["x1"]) for line in [*header_lines, *body] for word in line.words
    )
    covered = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], x1)
        else:
            covered.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in pairwise(covered) if b[0] - a[1] > CELL_GAP * size]
    cuts = []
    for column in range(1, len(extents)):
        low, high = extents[column - 1][0], extents[column][1]
        inside = [gap for gap in gaps if gap[0] >= low and gap[1] <= high]
        start = extents[column][0]
        best = min(inside, key=lambda gap: abs(gap[1] - start), default=None)
        cuts.append((best[0] + best[1]) / 2 if best else start - 1)
    steps = [b.top - a.top for a, b in pairwise([header_lines[-1], *body])]
    return Columns(extents=extents, cuts=cuts, pitch=min(steps, default=size * 1.2), key=key)


def _unruled_grid(header_lines, body, columns: Columns, page, *, caption) -> Grid | None:
    rows: list[list[Line]] = []
    steps = [b.top - a.top for a, b in pairwise(body)]
    padded = any(step > ROW_GAP * columns.pitch for step in steps) or (
        header_lines and body and body[0].top - header_lines[-1].top > ROW_GAP * columns.pitch
    )
    for position, line in enumerate(body):
        # A row starts with its title (cells are set at the top of a row); in a padded table
        # also after a wide gap, so a wide gap before another column's text is a paragraph.
        has_title = bool(_cells([line], columns.cuts, columns.pitch)[columns.key])
        starts_row = position == 0 or (
            has_title and (steps[position - 1] > ROW_GAP * columns.pitch or not padded)
        )
        if starts_row:
            rows.append([line])
        else:
            rows[-1].append(line)
    grid_rows = []
    if header_lines:
        header = _cells(header_lines, columns.cuts, columns.pitch)
        grid_rows.append(
            GridRow(header_lines[0].number, header, page=page, end=header_lines[-1].number)
        )
    for row in rows:
        cells = _cells(row, columns.cuts, columns.pitch)
        grid_rows.append(GridRow(row[0].number, cells, page=page, end=row[-1].number))
    return Grid(rows=grid_rows, caption=caption) if grid_rows else None


def _cells(lines: list[Line], cuts: list[float], pitch: float) -> list[str]:
    """Each column's text in ``lines`` (words by their middle), as ``_cell_text`` joins it."""
    columns: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        for word in line.words:
            middle = (word["x0"] + word["x1"]) / 2
            columns[sum(1 for cut in cuts if middle >= cut)].append(word)
    return [_cell_text(words, pitch) for words in columns]


def _cell_text(words: list[dict], pitch: float) -> str:
    """A cell's words as text: wrapped lines joined; a gap wider than ``ROW_GAP`` × the
    table's line pitch between two lines is a paragraph break (a blank line)."""
    paragraphs: list[list[str]] = []
    previous = None
    for line in _group_lines(words):
        if previous is None or line.top - previous.top > ROW_GAP * pitch:
            paragraphs.append([])
        paragraphs[-1].append(line.plain)
        previous = line
    return "\n\n".join(join_lines(lines) for lines in paragraphs)


def _ruled_grid(table, lines, page) -> Grid | None:
    inside = [line for line in lines if line.in_ruled]
    pitch = min((b.top - a.top for a, b in pairwise(inside)), default=0.0)
    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        row_lines = [line for line in inside if top - 1 <= line.top < bottom]
        if not row_lines:
            continue
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("")
                continue
            words = [w for line in row_lines for w in line.words if _inside(w, cell)]
            cells.append(_cell_text(words, pitch))
        rows.append(GridRow(row_lines[0].number, cells, page=page, end=row_lines[-1].number))
    if not rows:
        return None
    above = [line for line in lines if not line.in_ruled and line.top < table.bbox[1]]
    first = next(line for line in inside if line.number == rows[0].line)
    return Grid(rows=rows, caption=_caption(above, first))


def _inside(word, bbox) -> bool:
    x0, top, x1, bottom = bbox
    middle_x, middle_y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _caption(above: list[Line], first: Line) -> str:
    """A "Tabel N: …" line among the three lines above a table (with its wrapped lines), else
    the heading just above it (bold or larger than the table's text, wrapped lines included)
    when it stands close to the table."""
    near = above[-3:]
    for position in range(len(near) - 1, -1, -1):
        if is_caption(near[position].plain):
            return join_lines([line.plain for line in near[position:]])
    if not near or first.top - near[-1].top > CAPTION_GAP * near[-1].size:
        return ""
    heading = []
    for line in reversed(near):
        is_heading = line.emphasised or line.size > first.size + 0.5
        same = not heading or (
            line.size == heading[0].size and heading[0].top - line.top <= HEADER_WRAP * line.size
        )
        if not (is_heading and same):
            break
        heading.insert(0, line)
    return join_lines([line.plain for line in heading])
