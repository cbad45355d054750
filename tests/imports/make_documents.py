"""Documents made in the tests from tables of real public facts in the notes' shapes.

Each ``*_note`` function writes the same table (caption, header and rows of cells) as one kind
of document: ``text_note`` as the tab-separated text the tables reader reads (000's shape; a
cell's paragraphs as ``<p>`` as in 002), ``pdf_note`` with reportlab (ruled or unruled, with a
letterhead and page numbers on every page, long tables running over pages with or without the
header repeated), ``docx_note`` with python-docx (a cell's paragraphs as Word paragraphs) and
``html_note`` as a klynge's web page. The tables come from the bundled notes (``note_table``).
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from imports.readers.tables import clean_cell

SOURCES = Path(__file__).resolve().parents[2] / "imports" / "sources"
LETTERHEAD = "Region Hovedstaden · Center for Sundhed"


def note_table(file: str, caption: str) -> tuple[str, list[str], list[list[str]]]:
    """(caption, header, rows) of the table under ``caption`` in a bundled note, cells raw."""
    lines = (SOURCES / file).read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(caption))
    body = [line for line in lines[index + 1 :] if line.strip()]
    header, rows = body[0].split("\t"), []
    for line in body[1:]:
        cells = line.split("\t")
        if sum(1 for cell in cells if cell.strip()) < 2:  # the next caption ends the table
            break
        rows.append(cells + [""] * (len(header) - len(cells)))
    return caption, header, rows


def paragraphs(cell: str) -> list[str]:
    """A raw cell's paragraphs (``<p>`` markup of 002 resolved)."""
    return clean_cell(cell).split("\n\n") if cell.strip() else []


def text_note(caption, header, rows, *, intro="Notat om samarbejder") -> bytes:
    lines = [intro, "", caption, "", "\t".join(header), *("\t".join(row) for row in rows)]
    return ("\n".join([*lines, "", "Med venlig hilsen"]) + "\n").encode()


def pdf_note(
    caption,
    header,
    rows,
    *,
    ruled=True,
    repeat_header=True,
    widths=(130, 110, 131, 80),
    intro="Oversigt over samarbejder",
    title="",
    caption_style="BodyText",
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    # Words are never broken inside (a typesetter hyphenates; reportlab would just cut them).
    body = styles["BodyText"].clone("Cell", splitLongWords=0)

    def cell(text):
        return [Paragraph(escape(part), body) for part in paragraphs(text)]

    def furniture(canvas, document):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, LETTERHEAD)
        canvas.drawCentredString(A4[0] / 2, 30, f"Side {document.page}")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title)
    table = Table(
        [[cell(text) for text in row] for row in [header, *rows]],
        colWidths=list(widths)[: len(header)],
        repeatRows=1 if repeat_header else 0,
    )
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    story = [
        Paragraph(escape(intro), styles["Heading1"]),
        Paragraph("Notatet giver en oversigt over samarbejder i regionen.", styles["BodyText"]),
        Spacer(1, 12),
        Paragraph(escape(caption), styles[caption_style]),
        table,
        Spacer(1, 12),
        Paragraph("Listen over samarbejder er ikke udtømmende.", styles["BodyText"]),
    ]
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def docx_note(caption, header, rows, *, intro="Udvalgte initiativer", heading=False) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(intro, level=1)
    document.add_paragraph("Oversigten er udarbejdet af klyngens sekretariat.")
    if heading:
        document.add_heading(caption, level=2)
    else:
        document.add_paragraph(caption)
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    for row in [header, *rows]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            parts = paragraphs(text) or [""]
            cell.paragraphs[0].text = parts[0]
            for part in parts[1:]:
                cell.add_paragraph(part)
    document.add_paragraph("Med venlig hilsen")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def html_note(tables, *, title="Midtklyngen – initiativer") -> bytes:
    """A web page with ``tables``: (caption, header, rows, "caption" | "heading")."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="da"><head><meta charset="utf-8"><title>{escape(title)}</title>',
        "<style>td { padding: 4px }</style><script>var tracking = 'Titel Status';</script>",
        "</head><body><nav><a href='/'>Forside</a> · <a href='/klynger'>Klynger</a></nav>",
        f"<main><h1>{escape(title)}</h1><p>Her er klyngens initiativer.</p>",
    ]
    for caption, header, rows, placement in tables:
        if placement == "heading":
            parts.append(f"<h2>{escape(caption)}</h2><p>Oversigten opdateres løbende.</p>")
        parts.append("<table>")
        if placement == "caption":
            parts.append(f"<caption>{escape(caption)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header))
        parts.append("</tr></thead><tbody>")
        for row in rows:
            cells = "".join(f"<td>{_html_cell(text)}</td>" for text in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
    parts.append("<footer>Kontakt: sekretariatet</footer></main></body></html>")
    return "\n".join(parts).encode()


def _html_cell(text: str) -> str:
    """A cell as a web page marks it up: paragraphs as <p>, one with <strong>."""
    marked = [f"<p>{escape(part)}</p>" for part in paragraphs(text)]
    if len(marked) == 1:
        return marked[0].replace("<p>", "<p><strong>", 1).replace("</p>", "</strong></p>", 1)
    return "".join(marked)
