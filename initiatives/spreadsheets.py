"""The exports for spreadsheets (Excel, LibreOffice, pandas): CSV and XLSX, made from the
batches of rows that ``initiatives.export`` reads.

Row 1 is always the header, so Excel's filters and ``pandas.read_csv``/``read_excel`` work as
they are; one row per initiative follows, several values in one cell (regions, partners …) joined
with " | ". What the export holds (the filter sentence, when it was made, where it came from)
is not in the rows: the XLSX has it on a second sheet, "Om udtrækket" (``About``), and the
CSV in its file name (``initiatives.views.exports``).

- CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8), ``;`` as separator (Danish Excel's
  list separator, since the decimal separator is a comma), CRLF line ends.
- XLSX: sheet "Initiativer" (the header row frozen), then sheet "Om udtrækket".

Headers, status labels, target groups, collaboration models and citations (their words, dates
and locators, ``initiatives.formatting``) are in the language active when the export starts, kept
while a streamed CSV is read after its view has returned. Regions, partners and titles are
names and stay as they are. Cells that a spreadsheet would run as a formula (starting with =, +,
-, @, tab or carriage return) are prefixed with an apostrophe in CSV and stored as text in XLSX.
"""

import datetime
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from initiatives.export import iso, iter_batches, link_cells, url_prefix
from initiatives.formatting import cited_source, format_date, source_citation

MULTI_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    key: str  # what the column holds; ``_Rows.rows`` fills the cells in this order
    header: object  # lazy: read in the export's language
    width: int  # XLSX column width, in characters


COLUMNS = [
    Column("slug", pgettext_lazy("export column", "slug"), 30),
    Column("title", pgettext_lazy("export column", "titel"), 50),
    Column("status", pgettext_lazy("export column", "status"), 18),
    Column("status_as_of", pgettext_lazy("export column", "status pr."), 12),
    Column("regions", pgettext_lazy("export column", "regioner"), 22),
    Column("partners", pgettext_lazy("export column", "parter"), 50),
    Column("target_groups", pgettext_lazy("export column", "målgrupper"), 30),
    Column("models", pgettext_lazy("export column", "samarbejdsformer"), 30),
    Column("sources", pgettext_lazy("export column", "kilder"), 80),
    Column("url", pgettext_lazy("export column", "url"), 40),
    Column("description", pgettext_lazy("export column", "beskrivelse"), 80),
]
SHEET_ROWS = pgettext_lazy("spreadsheet sheet", "Initiativer")
SHEET_ABOUT = pgettext_lazy("spreadsheet sheet", "Om udtrækket")


def headers():
    """Row 1 of both formats, in the active language."""
    return [str(column.header) for column in COLUMNS]


@dataclass(frozen=True)
class About:
    """What an export holds and where it came from: the rows of the "Om udtrækket" sheet."""

    filters: str  # the sentence above the list: "Viser 2 af 161 initiativer · Region …"
    made: datetime.datetime
    list_url: str  # the list with the same filters, absolute
    export_url: str = ""  # this export, absolute
    version: int | None = None  # the catalogue version the rows are read from

    def rows(self):
        """(label, value) pairs in the active language."""
        made = timezone.localtime(self.made) if timezone.is_aware(self.made) else self.made
        when = _("%(date)s kl. %(time)s") % {
            "date": format_date(made.date()),
            "time": made.strftime("%H:%M"),
        }
        rows = [
            (_("Filtre"), self.filters),
            (_("Udtrukket"), when),
            (_("Kilde (listen i kataloget)"), self.list_url),
        ]
        if self.export_url:
            rows.append((_("Udtrækket"), self.export_url))
        if self.version is not None:
            rows.append((_("Katalogets version"), str(self.version)))
        return rows


def in_language(pieces):
    """``pieces`` (an iterator) read in the language active now.

    A streamed response is read after its view has returned, when the request's language may no
    longer be the active one; this keeps it for every piece.
    """
    language = translation.get_language()

    def run():
        with translation.override(language):
            yield from pieces

    return run()


# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list: tab and
# carriage return too, which Excel skips before an "=").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value):
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


class _Rows:
    """The spreadsheet rows of a batch, in the active language; what recurs (a status label, a
    set of partners, a note's part of a citation) is made once per export."""

    def __init__(self, words, prefix, cell):
        self.words, self.prefix, self.cell = words, prefix, cell
        rows = words.rows
        self.statuses = {pk: cell(s.display_label) for pk, s in rows["statuses"].items()}
        language = (translation.get_language() or "da").split("-")[0]
        cited = {pk: cited_source(s) for pk, s in rows["sources"].items()}
        sources = rows["sources"]

        def citation(source_id, locator):
            return source_citation(
                sources[source_id], locator, cited=cited[source_id], language=language
            )

        self.citation = citation

        def names(attribute):
            return lambda items: cell(MULTI_SEPARATOR.join(getattr(i, attribute) for i in items))

        self.links = link_cells(
            words,
            {
                "regions": names("name"),
                "partners": names("name"),
                "target_groups": names("display_name"),
                "models": names("display_name"),
            },
        )

    def rows(self, batch):
        """The batch's rows, one by one, their cells in the order of ``COLUMNS``."""
        cell, prefix, statuses, citation = self.cell, self.prefix, self.statuses, self.citation
        regions, partners = self.links["regions"], self.links["partners"]
        target_groups, models = self.links["target_groups"], self.links["models"]
        no_mentions = ()
        mentions_of = batch.mentions.get
        return (
            [
                cell(slug),
                cell(title),
                statuses[status_id],
                cell(iso(as_of) or ""),
                regions(region_ids),
                partners(partner_ids),
                target_groups(group_ids),
                models(model_ids),
                cell(
                    MULTI_SEPARATOR.join(
                        [citation(m[2], m[4]) for m in mentions_of(pk, no_mentions)]
                    )
                ),
                cell(f"{prefix}{slug}/"),
                cell(description),
            ]
            for (
                pk,
                slug,
                title,
                description,
                status_id,
                as_of,
                region_ids,
                partner_ids,
                group_ids,
                model_ids,
            ) in batch.initiatives
        )


def _rows(queryset, request, cell) -> Iterator[list[str]]:
    """The rows of text cells, in the active language (after ``cell``)."""
    prefix, maker = url_prefix(request), None
    for batch in iter_batches(queryset, ("locator",)):
        if maker is None or maker.words is not batch.words:
            maker = _Rows(batch.words, prefix, cell)
        yield from maker.rows(batch)


def _text(value):
    return "" if value is None else str(value)


def iter_rows(queryset, *, request=None) -> Iterator[list[str]]:
    """The header, then one row of text cells per initiative, in the active language."""
    yield headers()
    yield from _rows(queryset, request, _text)


# CSV: ``;`` between cells, CRLF after each row; a cell holding ``;``, ``"``, CR or LF is quoted,
# its quotes doubled: what ``csv.writer(delimiter=";", lineterminator="\r\n")`` writes with
# QUOTE_MINIMAL, made with str methods, which scan a row in C far faster than csv.writer does.
CSV_DELIMITER = ";"
CSV_LINE_END = "\r\n"


def _csv_cell(text):
    if CSV_DELIMITER in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(row):
    """``row`` (``len(COLUMNS)`` text cells) as one CSV line."""
    line = CSV_DELIMITER.join(row)
    if line.count(CSV_DELIMITER) != len(row) - 1 or '"' in line or "\r" in line or "\n" in line:
        line = CSV_DELIMITER.join([_csv_cell(cell) for cell in row])
    return line + CSV_LINE_END


def _csv_lines(queryset, request, bom):
    yield ("\ufeff" if bom else "") + _csv_line([_safe_cell(h) for h in headers()])
    yield from map(_csv_line, _rows(queryset, request, _safe_cell))


def iter_csv(queryset, *, request=None, bom=True) -> Iterator[str]:
    """The CSV export, line by line, the header first (see the module docstring)."""
    return in_language(_csv_lines(queryset, request, bom))


def write_xlsx(queryset, stream, *, about=None, request=None):
    """Write the XLSX export (openpyxl, write-only mode, so memory stays flat) to a binary
    stream: the rows on the first sheet, ``about`` (an ``About``) on the second."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)

    def cell(sheet, value, bold=False):
        # XML cannot hold most control characters; drop them rather than fail the download.
        text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
        c = WriteOnlyCell(sheet, value=text)
        c.data_type = "s"  # never a formula, whatever the text starts with
        if bold:
            c.font = Font(bold=True)
        return c

    sheet = workbook.create_sheet(str(SHEET_ROWS))
    sheet.freeze_panes = "A2"
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    rows = iter_rows(queryset, request=request)
    sheet.append([cell(sheet, header, bold=True) for header in next(rows)])
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])

    if about is not None:
        info = workbook.create_sheet(str(SHEET_ABOUT))
        info.column_dimensions["A"].width = 28
        info.column_dimensions["B"].width = 100
        for label, value in about.rows():
            info.append([cell(info, label, bold=True), cell(info, value)])
    workbook.save(stream)


def xlsx_file(queryset, *, about=None, request=None):
    """The XLSX export in a spooled temporary file, rewound, ready to stream."""
    # Not a context manager: the caller's FileResponse streams the file and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(queryset, spool, about=about, request=request)
    spool.seek(0)
    return spool
