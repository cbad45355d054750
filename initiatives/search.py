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


def _stems(text, stemmer, memo=None):
    words = [w for w in _WORD.findall((text or "").lower()) if w not in STOP_WORDS]
    if memo is None:
        return stemmer.stemWords(words)
    # Catalogue text repeats its words a great deal: stem each distinct word once.
    stems = []
    for word in words:
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = stemmer.stemWord(word)
        stems.append(stem)
    return stems


def search_terms(q):
    """The distinct Danish stems a query searches for, in order (stop words dropped)."""
    stems = _stems((q or "").replace("\x00", ""), _stemmer())
    return list(dict.fromkeys(stems))


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
    groups, partners = {}, {}
    for pk, name in links["groups"].values_list("initiative_id", "targetgroup__name"):
        groups.setdefault(pk, []).append(name)
    for pk, name in links["partners"].values_list("initiative_id", "organisation__name"):
        partners.setdefault(pk, []).append(name)
    texts = mentions.values_list("initiative_id", "target_group_text", "partner_text").order_by(
        "initiative_id", "pk"
    )
    for pk, group_text, partner_text in texts:
        if group_text:
            groups.setdefault(pk, []).append(group_text)
        if partner_text:
            partners.setdefault(pk, []).append(partner_text)
    rows = initiatives.order_by("pk").values_list("pk", "title", "description")
    for pk, title, description in rows.iterator(chunk_size=2000):
        yield (
            pk,
            title,
            "\n".join(groups.get(pk, ())),
            "\n".join(partners.get(pk, ())),
            description,
        )


def rebuild_index(ids=None):
    """Recompute the search index for the initiatives with these ids (all when None).

    Returns the number of initiatives indexed. Safe to call repeatedly and inside a transaction.
    """
    ids = None if ids is None else list(ids)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _rebuild_postgresql(_documents(ids))
        return _rebuild_sqlite(_documents(ids), ids)


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
    sql = (
        "UPDATE initiatives_initiative AS i SET search_vector = "
        "setweight(to_tsvector(%(cfg)s::regconfig, d.title), 'A') || "
        "setweight(to_tsvector(%(cfg)s::regconfig, d.groups), 'B') || "
        "setweight(to_tsvector(%(cfg)s::regconfig, d.partners), 'C') || "
        "setweight(to_tsvector(%(cfg)s::regconfig, d.description), 'D') "
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
                    "cfg": PG_CONFIG,
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


def _fts_expression(q):
    terms = search_terms(q)
    # Stems are \w+ runs, so quoting each makes every term a plain FTS5 string (AND of all).
    return " ".join(f'"{term}"' for term in terms)


def _pg_query(q):
    return SearchQuery((q or "").replace("\x00", ""), config=PG_CONFIG, search_type="plain")


def match(q):
    """A condition on initiatives that keeps those matching ``q``; None when nothing can match.

    A query with no searchable word (only stop words or punctuation) matches nothing.
    """
    if connection.vendor == "postgresql":
        return models.Q(search_vector=_pg_query(q)) if search_terms(q) else None
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


def ranked(queryset, q):
    """Keep the initiatives matching ``q`` and annotate ``search_rank`` (higher: more relevant).

    On SQLite the FTS5 table is joined to the initiatives, so FTS5 finds the matches and ranks
    each once with ``bm25`` (a rank subquery per row would run the full-text query once per
    match). On PostgreSQL ``ts_rank`` ranks the rows the GIN index found.
    """
    nothing = queryset.annotate(search_rank=models.Value(0.0)).none()
    if connection.vendor == "postgresql":
        if not search_terms(q):
            return nothing
        return queryset.filter(search_vector=_pg_query(q)).annotate(
            search_rank=SearchRank(models.F("search_vector"), _pg_query(q))
        )
    expression = _fts_expression(q)
    if not expression:
        return nothing
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    table = queryset.model._meta.db_table
    # bm25() is lower for better matches; negate it so both backends sort rank descending.
    # extra() because the ORM cannot join a virtual table that has no model.
    return queryset.extra(  # noqa: S610 -- constant SQL; the query text is a parameter
        select={"search_rank": f"-bm25({FTS_TABLE}, {weights})"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE} MATCH %s", f"{FTS_TABLE}.rowid = {table}.id"],
        params=[expression],
    )
