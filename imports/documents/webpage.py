"""Web pages (HTML, parsed with lxml): the page's text and its ``<table>``s.

The extracted text has one line per block (paragraph, heading, list item …) and one per table
row, its cells separated by tabs. Scripts, styles and the ``<head>`` are not text. A grid cell
is sanitised as the ``<p>`` cells of note 002 are (``clean_cell``): block elements inside it
(``<p>``, ``<div>``, ``<li>`` …) become paragraphs, ``<br>`` a line break, every other tag is
dropped. ``colspan`` puts a cell's text in its first column; ``rowspan`` repeats it in each row
it spans. A table whose rows hold another table is layout, not data: its cells are read as
blocks. A table's caption is its ``<caption>``; else, among the blocks since the previous table,
the nearest heading (``<h1>``–``<h6>``) or "Tabel N: …" line. The encoding is the byte-order
mark's, else the ``<meta charset>``'s, else UTF-8 (Windows-1252 when the bytes are not UTF-8).
"""

import copy
import re

import lxml.html
from lxml import etree

from imports.errors import SourceError
from imports.readers.tables import clean_cell

from .layout import Extracted, Grid, GridRow, is_caption

NOT_TEXT = ("head", "script", "style", "noscript", "template", "svg", "iframe", "object")
BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def extract(data: bytes, *, file: str) -> Extracted:
    """The text and tables of an HTML page; ``SourceError`` naming the file when unreadable."""
    text = _decode(data, file=file)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"the HTML page cannot be parsed: {exc}", file=file) from None
    extracted = Extracted(kind="HTML")
    title = root.findtext(".//title")
    if title and title.strip():
        extracted.facts["title"] = " ".join(title.split())
    if not root.findall(".//table"):
        raise SourceError(
            "the web page has no <table>: the importer reads initiatives from tables with a "
            "header row (Titel, Målgruppe, Status …)",
            file=file,
            line=1,
            column=1,
        )
    for element in list(root.iter(*NOT_TEXT)):
        if element.getparent() is not None:
            element.drop_tree()
    walker = _Walker(extracted)
    body = root.find("body")
    walker.block(body if body is not None else root)
    walker.flush()
    return extracted


def _decode(data: bytes, *, file: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    declared = _META_CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii")] if declared else ["utf-8", "windows-1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise SourceError(
        f"the HTML page is not in the encoding it declares ({encodings[0]}) and cannot be read",
        file=file,
    )


class _Walker:
    """Walks the page in document order, adding lines and grids to ``extracted``."""

    def __init__(self, extracted: Extracted):
        self.extracted = extracted
        self.buffer: list[str] = []
        self.recent: list[tuple[str, bool]] = []  # (block text, is a heading) since a table

    def flush(self, tag: str = "") -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.extracted.add_line(text)
            self.recent.append((text, tag in HEADINGS))

    def block(self, element) -> None:
        self.buffer.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if tag == "table":
                    self.flush()
                    self.table(child)
                elif tag == "br":
                    self.flush()
                elif tag in BLOCKS:
                    self.flush()
                    self.block(child)
                    self.flush(tag)
                else:
                    self.block(child)
            self.buffer.append(child.tail or "")

    def table(self, table) -> None:
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        if any(row.xpath(".//table") for row in rows):
            for row in rows:  # a layout table: its cells are page content
                for cell in row.xpath("./td|./th"):
                    self.block(cell)
                    self.flush()
            return
        caption = table.find("caption")
        caption_text = " ".join(caption.text_content().split()) if caption is not None else ""
        if caption_text:
            self.extracted.add_line(caption_text)
        else:
            caption_text = self._caption()
        grid_rows = []
        for cells in _cells(rows):
            text = "\t".join(" ".join(clean_cell(cell).split()) for cell in cells)
            line = self.extracted.add_line(text)
            grid_rows.append(GridRow(line, cells))
        if grid_rows:
            self.extracted.grids.append(Grid(rows=grid_rows, caption=caption_text))
        self.recent = []

    def _caption(self) -> str:
        near = self.recent[-3:]
        for text, _ in reversed(near):
            if is_caption(text):
                return text
        return next((text for text, heading in reversed(self.recent) if heading), "")


def _cells(rows) -> list[list[str]]:
    """Each row's cell contents, colspan and rowspan resolved onto the table's columns."""
    spanning: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, content)
    grid = []
    for row in rows:
        cells: list[str] = []
        for cell in [*row.xpath("./td|./th"), None]:
            while len(cells) in spanning:  # cells of a rowspan above come first
                remaining, content = spanning.pop(len(cells))
                if remaining > 1:
                    spanning[len(cells)] = (remaining - 1, content)
                cells.append(content)
            if cell is None:
                break
            content = _sanitised(cell)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            if rowspan > 1:
                spanning[len(cells)] = (rowspan - 1, content)
            cells.extend([content] + [""] * (colspan - 1))
        grid.append(cells)
    width = max((len(cells) for cells in grid), default=0)
    return [cells + [""] * (width - len(cells)) for cells in grid]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 100))
    except ValueError:
        return 1


def _sanitised(cell) -> str:
    """A cell's inner HTML for ``clean_cell``: block elements made ``<p>`` paragraphs."""
    cell = copy.deepcopy(cell)
    for element in cell.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCKS - {"td", "th"}:
            element.tag = "p"
    inner = (cell.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in cell
    )
    return inner
