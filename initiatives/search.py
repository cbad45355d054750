"""Danish full-text search over initiatives, on PostgreSQL and on SQLite alike.

What is searched, weighted A–D: the title; the target groups (vocabulary names and the raw
Målgruppe cells); the partners (names and the raw partner cells); the description.

- PostgreSQL: ``Initiative.search_vector`` (a GIN-indexed tsvector, ``danish`` configuration),
  matched with ``to_tsquery`` and ranked with ``ts_rank``.
- SQLite: the FTS5 table ``initiatives_search`` (created by migration 0002 on SQLite only) holds
  the same text, lower-cased, stop words removed and Danish-stemmed with snowballstemmer; a query is
  stemmed the same way and ``bm25`` ranks.

Both stem with Snowball's Danish stemmer, drop the same stop words and keep æ, ø and å as letters,
so the same searches find the same initiatives. ``rebuild_index()`` fills either store; the loader
calls it after every load and the admin after every save of an initiative.

What a query finds (``query_groups`` builds it, in ``initiatives.search_words`` with the stop
words, the stemmer and the synonyms; ``_fts_expression`` and ``_pg_query`` write it for
each database): every word of the query must match (AND). A word matches its stem, and any stem
that starts with it — so compounds and derived forms are found: "demens" (stem "dem") finds
"demente", "telemedicin" finds "telemedicinsk", "sår" finds "sårbehandling" (FTS5 ``"stem"*``,
PostgreSQL ``'word':*``). Stems shorter than ``MIN_PREFIX`` letters match whole only. A word or
phrase in one of the Danish synonym sets of ``reference/search_synonyms.toml`` matches any term of
its set ("KOL" ↔ "kronisk obstruktiv lungesygdom", "barn" ↔ "børn"). Ranking: an initiative that
matches every word by a whole stem (or a synonym's) ranks above one found only through a prefix;
within each tier, the database's relevance (title, target groups, partners, description weighted
A–D) orders.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL

# What a query means, and the stems the index holds, are ``search_words``'; ``search_terms``
# and ``synonyms`` are named here too, for the callers that know them as ``search.*``.
from initiatives.search_words import (  # noqa: F401
    MIN_PREFIX,
    _stemmer,
    _stems,
    query_groups,
    search_terms,
    synonyms,
)

FTS_TABLE = "initiatives_search"
PG_CONFIG = "danish"
# Title, target groups, partners, description: the order of the A–D weights.
BM25_WEIGHTS = (10.0, 5.0, 2.0, 1.0)


def _documents(ids):
    """(id, title, target groups, partners, description) for each initiative to index.

    Read with four flat queries (no model instances), so indexing 100,000 initiatives takes
    seconds rather than minutes.
    """
    from initiatives.models import Initiative, Mention

    initiatives = Initiative.objects.all()
    links = {
        "groups": Initiative.target_groups.through.objects.all(),
        "partners": Initiative.partners.through.objects.all(),
    }
    mentions = Mention.objects.all()
    if ids is not None:
        initiatives = initiatives.filter(pk__in=ids)
        links = {k: v.filter(initiative_id__in=ids) for k, v in links.items()}
        mentions = mentions.filter(initiative_id__in=ids)
    # In id order, so an initiative's document (and PostgreSQL's word positions) is the same
    # whichever plan the database picks.
    names = {"groups": {}, "partners": {}}
    groups = links["groups"].order_by("initiative_id", "targetgroup_id")
    for pk, name in groups.values_list("initiative_id", "targetgroup__name"):
        names["groups"].setdefault(pk, []).append(name)
    partners = links["partners"].order_by("initiative_id", "organisation_id")
    for pk, name in partners.values_list("initiative_id", "organisation__name"):
        names["partners"].setdefault(pk, []).append(name)
    raw = {"groups": {}, "partners": {}}
    texts = mentions.values_list("initiative_id", "target_group_text", "partner_text").order_by(
        "initiative_id", "pk"
    )
    for pk, group_text, partner_text in texts:
        raw["groups"].setdefault(pk, []).append(group_text)
        raw["partners"].setdefault(pk, []).append(partner_text)
    rows = initiatives.order_by("pk").values_list("pk", "title", "description")
    for pk, title, description in rows.iterator(chunk_size=2000):
        yield (
            pk,
            title,
            *(document_text(names[k].get(pk, ()), raw[k].get(pk, ())) for k in names),
            description,
        )


def document_text(names, raw_texts):
    """The target-group (or partner) text indexed for an initiative: the vocabulary names of its
    links, then its mentions' cells as written (empty ones left out), one a line."""
    return "\n".join([*names, *(text for text in raw_texts if text)])


def pg_vector_sql(title, groups, partners, description):
    """PostgreSQL's expression for an initiative's ``search_vector`` from four SQL text
    expressions (columns, or placeholders): title weighted A, target groups B, partners C and
    the description D."""
    parts = zip((title, groups, partners, description), "ABCD", strict=True)
    return " || ".join(
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, {expression}), '{weight}')"
        for expression, weight in parts
    )


def rebuild_index(ids=None, documents=None):
    """Recompute the search index for the initiatives with these ids (all when None).

    ``documents``, when the caller already holds them (a bulk write), are those initiatives'
    (id, title, target groups, partners, description) as ``_documents`` reads them back, in id
    order: they are indexed without a read. Returns the number of initiatives indexed. Safe to
    call repeatedly and inside a transaction.
    """
    ids = None if ids is None else list(ids)
    if documents is None:
        documents = _documents(ids)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _rebuild_postgresql(documents)
        return _rebuild_sqlite(documents, ids)


BATCH_SIZE = 2000


def _batches(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _rebuild_postgresql(documents):
    # Documents travel in batches as arrays; PostgreSQL builds the vectors in one UPDATE each.
    vector = pg_vector_sql("d.title", "d.groups", "d.partners", "d.description")
    sql = (
        f"UPDATE initiatives_initiative AS i SET search_vector = {vector} "
        "FROM unnest(%(ids)s::bigint[], %(titles)s::text[], %(groups)s::text[], "
        "%(partners)s::text[], %(descriptions)s::text[]) "
        "AS d(id, title, groups, partners, description) WHERE i.id = d.id"
    )
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(documents):
            columns = list(zip(*batch, strict=True))
            cursor.execute(
                sql,
                {
                    "ids": list(columns[0]),
                    "titles": list(columns[1]),
                    "groups": list(columns[2]),
                    "partners": list(columns[3]),
                    "descriptions": list(columns[4]),
                },
            )
            count += len(batch)
    return count


def _rebuild_sqlite(documents, ids):
    stemmer = _stemmer()
    memo = {}
    count = 0
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
        else:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids])
        for batch in _batches(documents):
            rows = [
                (pk, *(" ".join(_stems(text, stemmer, memo)) for text in texts))
                for pk, *texts in batch
            ]
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, target_groups, partners, description) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
            count += len(rows)
    return count


def _fts_expression(q, *, prefix=True):
    """The FTS5 query: groups ANDed, alternatives ORed, each a phrase of stems, the last one a
    prefix (``"kronisk obstruktiv lungesygdom"*``) unless ``prefix`` is off ("" for no words)."""
    parts = []
    for group in query_groups(q):
        # Stems are \w+ runs, so a quoted phrase of them is a plain FTS5 string.
        phrases = [
            '"' + " ".join(a.stems) + '"' + ("*" if prefix and a.prefix else "") for a in group
        ]
        parts.append("(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


def _pg_query(q, *, prefix=True):
    """The PostgreSQL query: the same groups for ``to_tsquery``, which stems each quoted word with
    the danish configuration before ``:*`` makes the last word of a phrase a prefix."""
    parts = []
    for group in query_groups(q):
        phrases = []
        for a in group:
            words = [f"'{w}'" for w in a.words]
            if prefix and a.prefix:
                words[-1] += ":*"
            phrases.append(" <-> ".join(words))
        parts.append("(" + " | ".join(phrases) + ")")
    return SearchQuery(" & ".join(parts), config=PG_CONFIG, search_type="raw")


def match(q):
    """A condition on initiatives that keeps those matching ``q``; None when nothing can match.

    A query with no searchable word (only stop words or punctuation) matches nothing.
    """
    if connection.vendor == "postgresql":
        return models.Q(search_vector=_pg_query(q)) if query_groups(q) else None
    expression = _fts_expression(q)
    if not expression:
        return None
    return models.Q(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
    )


def filter_search(queryset, q):
    """Keep the initiatives of ``queryset`` that match the Danish full-text query ``q``."""
    condition = match(q)
    return queryset.none() if condition is None else queryset.filter(condition)


WHOLE, PREFIX_ONLY = "whole", "prefix-only"  # the tiers of a ranked search


def ranked(queryset, q, tier=None):
    """Keep the initiatives of ``queryset`` matching ``q`` and annotate ``search_rank`` (higher
    is more relevant).

    The rank is 1 + relevance for an initiative that matches every word by a whole stem (or a
    synonym), and the relevance alone for one found only through a prefix; the relevance is
    scaled into [0, 1) (``r / (1 + r)``), so whole-stem matches always rank first.

    ``tier`` keeps one tier, ``WHOLE`` (matched by whole stems or synonyms) or ``PREFIX_ONLY``,
    each with the very ranks it has without it: the tiers one after the other are the order.
    """
    nothing = queryset.annotate(search_rank=models.Value(0.0)).none()
    if connection.vendor == "postgresql":
        if not query_groups(q):
            return nothing
        whole_match = models.Q(search_vector=_pg_query(q, prefix=False))
        # Normalisation 32 scales ts_rank to rank / (rank + 1).
        relevance = SearchRank(models.F("search_vector"), _pg_query(q), normalization=32)
        if tier == WHOLE:  # every whole-stem match is a prefix match too
            return queryset.filter(whole_match).annotate(search_rank=models.Value(1.0) + relevance)
        found = queryset.filter(search_vector=_pg_query(q))
        if tier == PREFIX_ONLY:
            return found.exclude(whole_match).annotate(search_rank=models.Value(0.0) + relevance)
        whole = models.Case(
            models.When(whole_match, then=models.Value(1.0)),
            default=models.Value(0.0),
            output_field=models.FloatField(),
        )
        return found.annotate(search_rank=whole + relevance)
    expression = _fts_expression(q)
    if not expression:
        return nothing
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    table = queryset.model._meta.db_table
    bm25 = f"bm25({FTS_TABLE}, {weights})"
    # The FTS table is joined (one full-text scan for all rows) rather than queried per row: a
    # correlated MATCH re-reads a prefix's doclists for every row (78 s for "kommune" on 10,000
    # initiatives, against milliseconds joined; bench/search_prefix.py). The whole-stem rows
    # are one uncorrelated IN list. bm25() is lower (more negative) for better matches, so
    # -bm25 / (1 - bm25) is r / (1 + r).
    whole_rows = f"IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    relevance = f"(-{bm25}) / (1.0 - {bm25})"
    where = [f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"]
    params = [expression]
    select_params = [_fts_expression(q, prefix=False)]
    if tier is None:
        rank = f"(CASE WHEN {table}.id {whole_rows} THEN 1.0 ELSE 0.0 END) + {relevance}"
    else:
        # The same sum as the CASE's, so a tier's ranks equal the whole order's. Both tests run
        # on each full-text row before the initiative is read; "rowid IN" on the FTS table
        # would instead be a MATCH per listed id (a second, not 20 ms, for "telemedicin").
        rank = f"{'1.0' if tier == WHOLE else '0.0'} + {relevance}"
        where.append(
            f"{table}.id {whole_rows}" if tier == WHOLE else f"{FTS_TABLE}.rowid NOT {whole_rows}"
        )
        params, select_params = [*params, *select_params], []
    return queryset.extra(
        tables=[FTS_TABLE],
        where=where,
        params=params,
        select={"search_rank": rank},
        select_params=select_params,
    )
