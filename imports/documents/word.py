"""Word notes (.docx, read with python-docx): paragraphs and tables in document order.

The extracted text has one line per paragraph (a line break inside one starts a new line) and
one line per table row, its cells separated by tabs and a cell's paragraphs by spaces. The grid
keeps a cell's paragraphs as paragraphs (joined by a blank line, as ``clean_cell`` keeps
``<p>`` paragraphs). A cell merged across columns counts once, in its first column; a cell
merged down several rows holds its text in each of them. A table's caption is the paragraph
before it that reads "Tabel N: …" (among the three before it), else the one just before it
when it is a heading, caption or all bold.

Word stores no pages, only the page breaks it saw when it last laid the document out
(``w:lastRenderedPageBreak``) and the ones typed in (``w:br w:type="page"``, "page break
before"). A document that has any is read as paged (``[Side N]`` lines, locators "Side N, …");
one without has no page numbers to give.
"""

import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from imports.errors import SourceError

from .layout import Extracted, Grid, GridRow, is_caption

HEADING_STYLES = ("heading", "overskrift", "caption", "billedtekst", "title", "titel")


def extract(data: bytes, *, file: str) -> Extracted:
    """The text and tables of a .docx; ``SourceError`` naming the file when it cannot open."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise SourceError(f"the Word document cannot be opened: {exc}", file=file) from None
    extracted = Extracted(kind="Word")
    title = document.core_properties.title
    if title and title.strip():
        extracted.facts["title"] = title.strip()
    reader = _Reader(extracted, breaks=_break_kinds(document.element.body))
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            reader.paragraph(block)
        else:
            reader.table(block)
    return extracted


def _break_kinds(body) -> tuple[str, ...]:
    """The elements that mark a page start: Word's own rendered breaks when it saved any (they
    include the typed ones), else the typed ones; none: the document has no pages to tell."""
    if next(body.iter(qn("w:lastRenderedPageBreak")), None) is not None:
        return (qn("w:lastRenderedPageBreak"),)
    typed = (
        any(node.get(qn("w:type")) == "page" for node in body.iter(qn("w:br")))
        or next(body.iter(qn("w:pageBreakBefore")), None) is not None
    )
    return (qn("w:br"), qn("w:pageBreakBefore")) if typed else ()


class _Reader:
    def __init__(self, extracted: Extracted, *, breaks: tuple[str, ...]):
        self.extracted = extracted
        self.breaks = breaks
        self.page = 1 if breaks else None
        self.recent: list[Paragraph] = []  # paragraphs since the last table, for its caption
        if breaks:
            self.extracted.add_page(1)

    def _pages(self, element) -> tuple[bool, int]:
        """(a page starts before the element's text, how many start after some of it)."""
        text_seen, before, after = False, False, 0
        for node in element.iter():
            if node.tag == qn("w:t") and (node.text or "").strip():
                text_seen = True
            elif node.tag in self.breaks and (
                node.tag != qn("w:br") or node.get(qn("w:type")) == "page"
            ):
                before, after = (before, after + 1) if text_seen else (True, after)
        return before, after

    def _add(self, element, lines: list[str]) -> list[int]:
        """Add the element's lines on the pages its breaks give; their line numbers."""
        before, after = self._pages(element) if self.breaks else (False, 0)
        if before:
            self.page += 1
            self.extracted.add_page(self.page)
        numbers = [self.extracted.add_line(line, self.page) for line in lines]
        for _ in range(after):
            self.page += 1
            self.extracted.add_page(self.page)
        return numbers

    def paragraph(self, paragraph: Paragraph) -> None:
        self._add(paragraph._p, paragraph.text.split("\n"))
        if paragraph.text.strip():
            self.recent.append(paragraph)

    def table(self, table: Table) -> None:
        rows = []
        for row in table.rows:
            cells, seen = [], None
            for cell in row.cells:
                same = cell._tc is seen
                seen = cell._tc
                paragraphs = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
                cells.append("" if same else "\n\n".join(paragraphs))
            text = "\t".join(" ".join(cell.split()) for cell in cells)
            (line,) = self._add(row._tr, [text])
            rows.append(GridRow(line, cells, page=self.extracted.page_of(line)))
        if rows:
            self.extracted.grids.append(Grid(rows=rows, caption=self._caption()))
        self.recent = []

    def _caption(self) -> str:
        near = self.recent[-3:]
        for paragraph in reversed(near):
            if is_caption(paragraph.text):
                return paragraph.text.strip()
        if near and _is_heading(near[-1]):
            return near[-1].text.strip()
        return ""


def _is_heading(paragraph: Paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "").casefold()
    if any(name in style for name in HEADING_STYLES):
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)
