"""The exports of the current filtered list: CSV and JSON streamed, XLSX as a file.

Each is named for what it holds: "initiativer-region-hovedstaden-2026-11-29.csv" (the filters
as an ASCII slug, cut at a word after ``FILENAME_FILTERS_MAX`` characters, then the date), so
a CSV, which has no room for the filter sentence above its header, still says what it is.
"""

from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from imports.text import slugify_da
from initiatives import export, facets, spreadsheets, vocabulary
from initiatives.filters import ListQuery, normalise_params
from initiatives.views.lists import current_version

FILENAME_FILTERS_MAX = 60
# A streamed export goes to the socket in blocks of about this many characters: a few thousand
# writes for 100,000 initiatives instead of one (and one chunk header) per row.
BLOCK_CHARS = 64 * 1024


@dataclass
class Export:
    """One export request: its initiatives, the filter sentence and what the file is called."""

    queryset: object
    text: str
    query: ListQuery
    version: int

    def filename(self, extension, day=None):
        """ "initiativer-region-hovedstaden-status-planlagt-2026-11-29.csv" (ASCII only)."""
        day = day or timezone.localdate()
        if self.query.valid:
            phrases = self.query.filter_texts()
        else:
            phrases = [_("ukendt filterværdi"), self.query.refused_text()]
        filters = slugify_da(" ".join(str(p) for p in phrases))
        if len(filters) > FILENAME_FILTERS_MAX:
            cut = filters[: FILENAME_FILTERS_MAX + 1]
            filters = (cut.rsplit("-", 1)[0] if "-" in cut else cut)[:FILENAME_FILTERS_MAX]
        base = slugify_da(pgettext("export file name", "initiativer"))
        return "-".join(p for p in (base, filters, day.isoformat()) if p) + "." + extension

    def about(self, request):
        """The "Om udtrækket" sheet: the sentence, now, the list's and the export's URLs."""
        list_query = facets.query_string(self.query.params, page=None, more=None).rstrip("?")
        return spreadsheets.About(
            filters=self.text,
            made=timezone.now(),
            list_url=request.build_absolute_uri(
                reverse("initiatives:initiative-list") + list_query
            ),
            export_url=request.build_absolute_uri(),
            version=self.version,
        )


def _export(request):
    params, _notices = normalise_params(request.GET)
    version = current_version()
    words = vocabulary.for_version(version)
    query = ListQuery.parse(params, words)
    queryset = query.results()
    if query.valid:
        total = sum(facets.unfiltered_counts(words)["status"].values())
        text = query.describe(queryset.order_by().count(), total)
    else:
        text = _("Ingen initiativer: ukendt filterværdi (%(values)s)") % {
            "values": query.refused_text()
        }
    return Export(queryset, text, query, version)


def _blocks(pieces):
    """``pieces`` (str) joined into UTF-8 blocks of about ``BLOCK_CHARS`` characters."""
    block, size = [], 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= BLOCK_CHARS:
            yield "".join(block).encode("utf-8")
            block, size = [], 0
    if block:
        yield "".join(block).encode("utf-8")


def _streamed(pieces, content_type, filename):
    response = StreamingHttpResponse(_blocks(pieces), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_csv(request):
    found = _export(request)
    return _streamed(
        spreadsheets.iter_csv(found.queryset, request=request),
        "text/csv; charset=utf-8",
        found.filename("csv"),
    )


def export_json(request):
    found = _export(request)
    return _streamed(
        export.iter_json(found.queryset, found.text, request=request),
        "application/json; charset=utf-8",
        found.filename("json"),
    )


def export_xlsx(request):
    found = _export(request)
    return FileResponse(
        spreadsheets.xlsx_file(found.queryset, about=found.about(request), request=request),
        as_attachment=True,
        filename=found.filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
