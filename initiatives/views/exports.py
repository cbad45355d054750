"""The exports of the current filtered list: CSV and JSON streamed, XLSX as a file."""

import datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from initiatives import export, facets, vocabulary
from initiatives.filters import ListQuery, normalise_params
from initiatives.views.lists import current_version


def _export_queryset(request):
    params, _notices = normalise_params(request.GET)
    words = vocabulary.for_version(current_version())
    query = ListQuery.parse(params, words)
    queryset = query.results()
    if query.valid:
        total = sum(facets.unfiltered_counts(words)["status"].values())
        text = query.describe(queryset.order_by().count(), total)
    else:
        text = _("Ingen initiativer: ukendt filterværdi (%(values)s)") % {
            "values": query.refused_text()
        }
    return queryset, text


def _filename(extension):
    return f"initiativer-{datetime.date.today().isoformat()}.{extension}"


def export_csv(request):
    queryset, text = _export_queryset(request)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in export.iter_csv(queryset, text, request=request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_json(request):
    queryset, text = _export_queryset(request)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in export.iter_json(queryset, text, request=request)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


def export_xlsx(request):
    queryset, text = _export_queryset(request)
    return FileResponse(
        export.xlsx_file(queryset, filters_text=text, request=request),
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
