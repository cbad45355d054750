"""Exports of a list of initiatives: JSON (DESIGN.md's contract), CSV and XLSX.

Shared by the web exports (``/initiatives/export.*``) and the ``export_catalogue`` command.
Rows are read in chunks of ``CHUNK_SIZE``, three flat queries a chunk (``iter_records``), so the
number of queries depends on the number of chunks, not rows, and memory stays flat however large
the catalogue.

- JSON: ``{"count", ["filters",] "initiatives": [...]}``; ``filters`` (the sentence describing the
  filters) only when there is one, so an unfiltered export is exactly the DESIGN contract.
- CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8), ``;`` as separator (Danish Excel's
  list separator, since the decimal separator is a comma), CRLF line ends. When a filter sentence
  is given it is the first line, as one cell; the header row follows. Several values in one cell
  (regions, partners …) are joined with " | ". Cells that a spreadsheet would run as a formula
  (starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe.
- XLSX: a title row with the filter sentence, a header row, one row per initiative.
"""

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterator

from django.urls import reverse

from initiatives import vocabulary
from initiatives.formatting import cited_source, source_citation
from initiatives.models import Initiative, Mention

CHUNK_SIZE = 1000
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


def _url_maker(request):
    prefix = reverse("initiatives:initiative-detail", args=["slug-here"]).replace("slug-here/", "")
    if request is not None:
        prefix = request.build_absolute_uri(prefix)
    return lambda slug: f"{prefix}{slug}/"


def _words():
    from initiatives.views.lists import current_version

    return vocabulary.for_version(current_version())


MENTION_COLUMNS = (
    "initiative_id",
    "source_id",
    "locator",
    "position",
    "section",
    "title",
    "title_raw",
    "target_group_text",
    "partner_text",
    "description",
    "status_id",
    "status_text",
    "status_as_of",
)


def _mention_order(words):
    sources = words.rows["sources"]

    def key(row):
        source = sources[row[1]]
        return (source.date is not None, source.date or datetime.date.min, source.title, row[3])

    return key


def iter_records(queryset, *, request=None) -> Iterator[dict]:
    """The queryset's initiatives in its order, each in the export contract's shape.

    Read in chunks of ``CHUNK_SIZE``: per chunk one query for the initiatives, one for their
    regions, target groups and partners (``UNION ALL``) and one for their mentions, all as plain
    tuples; names and labels come from the vocabulary. No model instance is made, so 100,000
    initiatives stream in seconds with flat memory.
    """
    words = _words()
    rows = words.rows
    url = _url_maker(request)
    mention_order = _mention_order(words)
    statuses = rows["statuses"]
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        initiatives = {
            row[0]: row
            for row in Initiative.objects.filter(pk__in=chunk).values_list(
                "pk", "slug", "title", "description", "status_id", "status_as_of"
            )
        }
        links = {pk: {name: [] for name in vocabulary.LINKS} for pk in chunk}
        for name, initiative_id, related_id in vocabulary.link_rows(chunk):
            related = rows[name].get(related_id)
            if related is not None:
                links[initiative_id][name].append(related)
        mentions = {pk: [] for pk in chunk}
        for row in Mention.objects.filter(initiative_id__in=chunk).values_list(*MENTION_COLUMNS):
            mentions[row[0]].append(row)
        for pk in chunk:
            if pk not in initiatives:
                continue
            _pk, slug, title, description, status_id, status_as_of = initiatives[pk]
            status = statuses[status_id]
            linked = links[pk]
            yield {
                "slug": slug,
                "title": title,
                "url": url(slug),
                "description": description,
                "status": {"code": status.code, "label": status.label, "as_of": _iso(status_as_of)},
                "regions": [
                    {"slug": r.slug, "name": r.name}
                    for r in sorted(linked["regions"], key=lambda r: r.name)
                ],
                "partners": [
                    {
                        "slug": p.slug,
                        "name": p.name,
                        "kind": p.kind,
                        "region": p.region.slug if p.region_id else None,
                    }
                    for p in sorted(linked["partners"], key=vocabulary.partner_order)
                ],
                "target_groups": [
                    {"slug": g.slug, "name": g.name}
                    for g in sorted(linked["target_groups"], key=lambda g: (g.order, g.name))
                ],
                "models": [
                    {"slug": m.slug, "name": m.name}
                    for m in sorted(linked["models"], key=lambda m: (m.order, m.name))
                ],
                "mentions": [
                    _mention(row, rows["sources"][row[1]], statuses[row[10]])
                    for row in sorted(mentions[pk], key=mention_order)
                ],
            }


def _mention(row, source, status):
    return {
        "source": {
            "slug": source.slug,
            "title": source.title,
            "date": _iso(source.date),
            "file": source.file_name,
        },
        "locator": row[2],
        "section": row[4],
        "title": row[5],
        "title_raw": row[6],
        "target_group_text": row[7],
        "partner_text": row[8],
        "description": row[9],
        "status": {
            "code": status.code,
            "label": status.label,
            "text": row[11],
            "as_of": _iso(row[12]),
        },
    }


def initiative_as_dict(initiative, *, request=None) -> dict:
    """One initiative in the export contract's shape (DESIGN.md, "Export contract")."""
    return next(iter_records(Initiative.objects.filter(pk=initiative.pk), request=request))


def _count(queryset):
    return queryset.order_by().count()


def iter_json(queryset, filters_text="", *, request=None) -> Iterator[str]:
    """The JSON export, in pieces (one per initiative) for streaming."""
    yield '{"count": ' + json.dumps(_count(queryset))
    if filters_text:
        yield ', "filters": ' + json.dumps(str(filters_text), ensure_ascii=False)
    yield ', "initiatives": ['
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for i, record in enumerate(iter_records(queryset, request=request)):
        yield ("\n" if i == 0 else ",\n") + encode(record)
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


def _flat_row(record, citations):
    return {
        "slug": record["slug"],
        "title": record["title"],
        "status": record["status"]["label"],
        "status_as_of": record["status"]["as_of"] or "",
        "regions": MULTI_SEPARATOR.join(r["name"] for r in record["regions"]),
        "partners": MULTI_SEPARATOR.join(p["name"] for p in record["partners"]),
        "target_groups": MULTI_SEPARATOR.join(g["name"] for g in record["target_groups"]),
        "models": MULTI_SEPARATOR.join(m["name"] for m in record["models"]),
        "sources": MULTI_SEPARATOR.join(
            citations(m["source"]["slug"], m["locator"]) for m in record["mentions"]
        ),
        "url": record["url"],
        "description": record["description"],
    }


def _citations():
    """Citation text per (source, locator), the source's part worked out once per export."""
    sources = {s.slug: s for s in _words().rows["sources"].values()}
    cited = {}

    def citation(slug, locator):
        if slug not in cited:
            cited[slug] = cited_source(sources[slug])
        return source_citation(sources[slug], locator, cited=cited[slug])

    return citation


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
    citations = _citations()
    for record in iter_records(queryset, request=request):
        row = _flat_row(record, citations)
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
    citations = _citations()
    for record in iter_records(queryset, request=request):
        row = _flat_row(record, citations)
        sheet.append([cell(row[key]) for key, _header in CSV_COLUMNS])
    workbook.save(stream)


def xlsx_file(queryset, *, filters_text="", request=None):
    """The XLSX export in a spooled temporary file, rewound, ready to stream."""
    # Not a context manager: the caller's FileResponse streams the file and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(queryset, spool, filters_text=filters_text, request=request)
    spool.seek(0)
    return spool
