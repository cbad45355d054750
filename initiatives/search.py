"""Danish full-text search over initiatives, on PostgreSQL and on SQLite alike.

What is searched, weighted A–D: the title; the target groups (vocabulary names and the raw
Målgruppe cells); the partners (names and the raw partner cells); the description.

- PostgreSQL: ``Initiative.search_vector`` (a GIN-indexed tsvector, ``danish`` configuration),
  matched with ``plainto_tsquery`` and ranked with ``ts_rank``.
- SQLite: the FTS5 table ``initiatives_search`` (created by migration 0002 on SQLite only) holds
  the same text, lower-cased, stop words removed and Danish-stemmed with snowballstemmer; a query is
  stemmed the same way, every term must match, and ``bm25`` ranks.

Both stem with Snowball's Danish stemmer, drop the same stop words and keep æ, ø and å as letters,
so the same searches find the same initiatives. ``rebuild_index()`` fills either store; the loader
calls it after every load and the admin after every save of an initiative.
"""

import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL

FTS_TABLE = "initiatives_search"
PG_CONFIG = "danish"
# Title, target groups, partners, description: the order of the A–D weights.
BM25_WEIGHTS = (10.0, 5.0, 2.0, 1.0)

# PostgreSQL's danish.stop (the Snowball project's Danish stop-word list), so that SQLite drops
# exactly the words PostgreSQL's 'danish' configuration drops.
_DANISH_STOP = """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
    min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
    alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
    også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
    mange ad bliver hendes været thi jer sådan
"""
STOP_WORDS = frozenset(_DANISH_STOP.split())

_WORD = re.compile(r"\w+")


def _stemmer():
    # Stemmer objects keep state between calls: one per use, never shared across threads.
    return snowballstemmer.stemmer("danish")


def _stems(text, stemmer):
    words = [w for w in _WORD.findall((text or "").lower()) if w not in STOP_WORDS]
    return stemmer.stemWords(words)


def search_terms(q):
    """The distinct Danish stems a query searches for, in order (stop words dropped)."""
    stems = _stems((q or "").replace("\x00", ""), _stemmer())
    return list(dict.fromkeys(stems))


def _documents(ids):
    """(id, title, target groups, partners, description) for each initiative to index."""
    from initiatives.models import Initiative, Mention

    qs = Initiative.objects.prefetch_related(
        "target_groups",
        "partners",
        models.Prefetch(
            "mentions", Mention.objects.only("initiative_id", "target_group_text", "partner_text")
        ),
    ).only("pk", "title", "description")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for initiative in qs.iterator(chunk_size=500):
        mentions = list(initiative.mentions.all())
        groups = [g.name for g in initiative.target_groups.all()]
        groups += [m.target_group_text for m in mentions if m.target_group_text]
        partners = [p.name for p in initiative.partners.all()]
        partners += [m.partner_text for m in mentions if m.partner_text]
        yield (
            initiative.pk,
            initiative.title,
            "\n".join(groups),
            "\n".join(partners),
            initiative.description,
        )


def rebuild_index(ids=None):
    """Recompute the search index for the initiatives with these ids (all when None).

    Returns the number of initiatives indexed. Safe to call repeatedly and inside a transaction.
    """
    ids = None if ids is None else list(ids)
    documents = list(_documents(ids))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _rebuild_postgresql(documents)
        else:
            _rebuild_sqlite(documents, ids)
    return len(documents)


def _rebuild_postgresql(documents):
    sql = (
        "UPDATE initiatives_initiative SET search_vector = "
        "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
        "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
        "setweight(to_tsvector(%s::regconfig, %s), 'C') || "
        "setweight(to_tsvector(%s::regconfig, %s), 'D') "
        "WHERE id = %s"
    )
    rows = [
        (PG_CONFIG, title, PG_CONFIG, groups, PG_CONFIG, partners, PG_CONFIG, description, pk)
        for pk, title, groups, partners, description in documents
    ]
    with connection.cursor() as cursor:
        if rows:
            cursor.executemany(sql, rows)


def _rebuild_sqlite(documents, ids):
    stemmer = _stemmer()
    rows = [(pk, *(" ".join(_stems(text, stemmer)) for text in texts)) for pk, *texts in documents]
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        else:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, target_groups, partners, description) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def _fts_expression(q):
    terms = search_terms(q)
    # Stems are \w+ runs, so quoting each makes every term a plain FTS5 string (AND of all).
    return " ".join(f'"{term}"' for term in terms)


def _pg_query(q):
    return SearchQuery((q or "").replace("\x00", ""), config=PG_CONFIG, search_type="plain")


def filter_search(queryset, q):
    """Keep the initiatives of ``queryset`` that match the Danish full-text query ``q``.

    A query with no searchable word (only stop words or punctuation) matches nothing.
    """
    if connection.vendor == "postgresql":
        if not search_terms(q):
            return queryset.none()
        return queryset.filter(search_vector=_pg_query(q))
    expression = _fts_expression(q)
    if not expression:
        return queryset.none()
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
    )


def annotate_rank(queryset, q):
    """Annotate ``search_rank`` (higher is more relevant) for a queryset already searched."""
    if connection.vendor == "postgresql":
        return queryset.annotate(search_rank=SearchRank(models.F("search_vector"), _pg_query(q)))
    expression = _fts_expression(q)
    if not expression:
        return queryset.annotate(search_rank=models.Value(0.0, output_field=models.FloatField()))
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    table = queryset.model._meta.db_table
    # bm25() is lower for better matches; negate it so both backends sort rank descending.
    return queryset.annotate(
        search_rank=RawSQL(
            f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {table}.id",
            [expression],
            output_field=models.FloatField(),
        )
    )
