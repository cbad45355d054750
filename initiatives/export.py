"""Exports of a list of initiatives: JSON (DESIGN.md's contract), CSV and XLSX.

Shared by the web exports (``/initiatives/export.*``) and the ``export_catalogue`` command.
Rows are read in chunks of ``CHUNK_SIZE`` with everything prefetched, so the number of queries
depends on the number of chunks, not rows, and memory stays flat however large the catalogue.

- JSON: ``{"count", ["filters",] "initiatives": [...]}``; ``filters`` (the sentence describing the
  filters) only when there is one, so an unfiltered export is exactly the DESIGN contract.
- CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8), ``;`` as separator (Danish Excel's
  list separator, since the decimal separator is a comma), CRLF line ends. When a filter sentence
  is given it is the first line, as one cell; the header row follows. Several values in one cell
  (regions, partners …) are joined with " | ". Cells that a spreadsheet would run as a formula
  (starting with =, +, -, @) are prefixed with an apostrophe.
- XLSX: a title row with the filter sentence, a header row, one row per initiative.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterator

from django.utils import translation

from initiatives.formatting import citation

CHUNK_SIZE = 200
MULTI_SEPARATOR = " | "

CSV_COLUMNS = [
    ("slug", "slug"),
    ("title", "titel"),
    ("status", "status"),
    ("status_as_of", "status pr."),
    ("regions", "regioner"),
    ("partners", "parter"),
    ("target_groups", "målgrupper"),
    ("models", "samarbejdsformer"),
    ("sources", "kilder"),
    ("url", "url"),
    ("description", "beskrivelse"),
]


def _iso(value):
    return value.isoformat() if value else None


def _url(initiative, request):
    path = initiative.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


def initiative_as_dict(initiative, *, request=None) -> dict:
    """One initiative in the export contract's shape (DESIGN.md, "Export contract").

    Use it on ``Initiative.objects.for_export()`` rows to keep queries constant. The URL is
    absolute when a request is given, else a path.
    """
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "url": _url(initiative, request),
        "description": initiative.description,
        "status": {
            "code": initiative.status.code,
            "label": initiative.status.label,
            "as_of": _iso(initiative.status_as_of),
        },
        "regions": [{"slug": r.slug, "name": r.name} for r in initiative.regions.all()],
        "partners": [
            {
                "slug": p.slug,
                "name": p.name,
                "kind": p.kind,
                "region": p.region.slug if p.region_id else None,
            }
            for p in initiative.partners.all()
        ],
        "target_groups": [{"slug": g.slug, "name": g.name} for g in initiative.target_groups.all()],
        "models": [{"slug": m.slug, "name": m.name} for m in initiative.models.all()],
        "mentions": [
            {
                "source": {
                    "slug": m.source.slug,
                    "title": m.source.title,
                    "date": _iso(m.source.date),
                    "file": m.source.file_name,
                },
                "locator": m.locator,
                "section": m.section,
                "title": m.title,
                "title_raw": m.title_raw,
                "target_group_text": m.target_group_text,
                "partner_text": m.partner_text,
                "description": m.description,
                "status": {
                    "code": m.status.code,
                    "label": m.status.label,
                    "text": m.status_text,
                    "as_of": _iso(m.status_as_of),
                },
            }
            for m in initiative.mentions.all()
        ],
    }


def iter_initiatives(queryset):
    """The queryset's initiatives in its order, fetched in prefetched chunks."""
    ids = list(queryset.values_list("pk", flat=True))
    model = queryset.model
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        rows = {obj.pk: obj for obj in model.objects.filter(pk__in=chunk).for_export()}
        for pk in chunk:
            if pk in rows:
                yield rows[pk]


def _count(queryset):
    return queryset.order_by().count()


def iter_json(queryset, filters_text="", *, request=None) -> Iterator[str]:
    """The JSON export, in pieces (one per initiative) for streaming."""
    yield '{"count": ' + json.dumps(_count(queryset))
    if filters_text:
        yield ', "filters": ' + json.dumps(str(filters_text), ensure_ascii=False)
    yield ', "initiatives": ['
    for i, initiative in enumerate(iter_initiatives(queryset)):
        item = json.dumps(initiative_as_dict(initiative, request=request), ensure_ascii=False)
        yield ("\n" if i == 0 else ",\n") + item
    yield "\n]}\n"


def write_json(queryset, stream, *, filters_text="", request=None):
    """Write the JSON export to a text stream."""
    for piece in iter_json(queryset, filters_text, request=request):
        stream.write(piece)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list: tab and
# carriage return too, which Excel skips before an "=").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value):
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def _flat_row(initiative, request):
    with translation.override("da"):
        citations = [citation(m) for m in initiative.mentions.all()]
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "status": initiative.status.label,
        "status_as_of": _iso(initiative.status_as_of) or "",
        "regions": MULTI_SEPARATOR.join(r.name for r in initiative.regions.all()),
        "partners": MULTI_SEPARATOR.join(p.name for p in initiative.partners.all()),
        "target_groups": MULTI_SEPARATOR.join(g.name for g in initiative.target_groups.all()),
        "models": MULTI_SEPARATOR.join(m.name for m in initiative.models.all()),
        "sources": MULTI_SEPARATOR.join(citations),
        "url": _url(initiative, request),
        "description": initiative.description,
    }


class _Line:
    """A write-only file for csv.writer that hands back what was written."""

    def __init__(self):
        self.buffer = io.StringIO()

    def write(self, text):
        self.buffer.write(text)

    def take(self):
        value = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return value


def iter_csv(queryset, filters_text="", *, request=None, bom=True) -> Iterator[str]:
    """The CSV export, line by line (see the module docstring for the dialect)."""
    line = _Line()
    writer = csv.writer(line, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if bom:
        yield "\ufeff"
    if filters_text:
        writer.writerow([_safe_cell(filters_text)])
        yield line.take()
    writer.writerow([header for _key, header in CSV_COLUMNS])
    yield line.take()
    for initiative in iter_initiatives(queryset):
        row = _flat_row(initiative, request)
        writer.writerow([_safe_cell(row[key]) for key, _header in CSV_COLUMNS])
        yield line.take()


def write_xlsx(queryset, stream, *, filters_text="", request=None):
    """Write the XLSX export (openpyxl, write-only mode) to a binary stream."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Initiativer")
    sheet.freeze_panes = "A3" if filters_text else "A2"

    def cell(value, bold=False):
        # XML cannot hold most control characters; drop them rather than fail the download.
        text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
        c = WriteOnlyCell(sheet, value=text)
        c.data_type = "s"  # never a formula, whatever the text starts with
        if bold:
            c.font = Font(bold=True)
        return c

    if filters_text:
        sheet.append([cell(filters_text, bold=True)])
    sheet.append([cell(header, bold=True) for _key, header in CSV_COLUMNS])
    for initiative in iter_initiatives(queryset):
        row = _flat_row(initiative, request)
        sheet.append([cell(row[key]) for key, _header in CSV_COLUMNS])
    workbook.save(stream)


def xlsx_file(queryset, *, filters_text="", request=None):
    """The XLSX export in a spooled temporary file, rewound, ready to stream."""
    # Not a context manager: the caller's FileResponse streams the file and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(queryset, spool, filters_text=filters_text, request=request)
    spool.seek(0)
    return spool
