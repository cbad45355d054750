"""Exports of a list of initiatives: the records every format is made of, and JSON (DESIGN.md's
contract). The spreadsheet formats, CSV and XLSX, are made from the same records in
``initiatives.spreadsheets``.

Shared by the web exports (``/initiatives/export.*``) and the ``export_catalogue`` command.
Rows are read in chunks of ``CHUNK_SIZE``, three flat queries a chunk (``iter_records``), so the
number of queries depends on the number of chunks, not rows, and memory stays flat however large
the catalogue.

- JSON: ``{"count", ["filters",] "initiatives": [...]}``; ``filters`` (the sentence describing the
  filters) only when there is one, so an unfiltered export is exactly the DESIGN contract.

JSON labels and names are the catalogue's own (Danish), so a program reading it sees the same
values whatever the visitor's language; only the ``filters`` sentence is in the visitor's language.
"""

import datetime
import json
from collections.abc import Iterator

from django.urls import reverse

from initiatives import vocabulary
from initiatives.models import Initiative, Mention

CHUNK_SIZE = 1000


def _iso(value):
    return value.isoformat() if value else None


def _url_maker(request):
    prefix = reverse("initiatives:initiative-detail", args=["slug-here"]).replace("slug-here/", "")
    if request is not None:
        prefix = request.build_absolute_uri(prefix)
    return lambda slug: f"{prefix}{slug}/"


def catalogue_words():
    """The vocabulary of the catalogue as the database holds it now (``vocabulary.current``)."""
    return vocabulary.current()


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


def _outdated(words, initiatives, mentions):
    """Whether rows read now name a status or a note that ``words`` does not know."""
    statuses, sources = words.rows["statuses"], words.rows["sources"]
    return any(row[4] not in statuses for row in initiatives) or any(
        row[1] not in sources or row[10] not in statuses for rows in mentions for row in rows
    )


def iter_records(queryset, *, request=None) -> Iterator[dict]:
    """The queryset's initiatives in its order, each in the export contract's shape.

    Read in chunks of ``CHUNK_SIZE``: per chunk one query for the initiatives, one for their
    regions, target groups and partners (``UNION ALL``) and one for their mentions, all as plain
    tuples; names and labels come from the vocabulary. No model instance is made, so 100,000
    initiatives stream in seconds with flat memory.
    """
    words = catalogue_words()
    rows = words.rows
    url = _url_maker(request)
    mention_order = _mention_order(words)
    statuses = rows["statuses"]
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        initiatives = {
            row[0]: row
            for row in Initiative.objects.filter(pk__any_of=chunk).values_list(
                "pk", "slug", "title", "description", "status_id", "status_as_of"
            )
        }
        links = {pk: {name: [] for name in vocabulary.LINKS} for pk in chunk}
        for name, initiative_id, related_id in vocabulary.link_rows(chunk):
            related = rows[name].get(related_id)
            if related is not None:
                links[initiative_id][name].append(related)
        mentions = {pk: [] for pk in chunk}
        for row in Mention.objects.filter(initiative_id__any_of=chunk).values_list(
            *MENTION_COLUMNS
        ):
            mentions[row[0]].append(row)
        if _outdated(words, initiatives.values(), mentions.values()):
            # A load committed while this export ran: its rows need its vocabulary.
            words = catalogue_words()
            rows, statuses = words.rows, words.rows["statuses"]
            mention_order = _mention_order(words)
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
