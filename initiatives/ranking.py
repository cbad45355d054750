"""The order of a list searched by relevance: the ids of its first rows, ranked once per filter
combination and page depth.

Ranking a search (``search.ranked``) scores every match, thousands of rows for a common word
("telemedicin" finds about 6,000 of 100,000 initiatives), although a page shows 20 of them. So
the list asks only for the ids down to the end of the page asked for, rounded up to ``STEP``
rows, in one statement (``ranked_ids``) that ranks the whole-stem tier first and the prefix-only
tier only for what is left: when the whole-stem matches fill the page, the prefix-only ones are
never scored. The order is exactly ``search.ranked``'s (rank, then title, then id).

The ids are kept in the shared cache under the catalogue version and the filter combination
(``ListQuery.signature``), as its facet counts are; the next request for those pages, on any app
server, reads its 20 rows by id (``RankedRows``), and a deeper page ranks again, further down. A
new catalogue version is a new key; an unreachable cache only means ranking again.
"""

import contextlib

from django.core.cache import cache
from django.db import connections, router

from initiatives import paging, search
from initiatives.filters import listed
from initiatives.models import Initiative

STEP = 5 * paging.PAGE_SIZE  # pages 1-5 share one ranking, 6-10 the next, …
TIMEOUT = 60 * 60  # as the facet counts (``facets.COUNTS_TIMEOUT``)
KEY_PREFIX = "catalogue-ranking"


def _tier_sql(queryset, q, tier, limit, db):
    ranked = search.ranked(queryset, q, tier=tier).order_by("-search_rank", "sort_key", "pk")
    rows = ranked.values_list("pk", "search_rank", "sort_key")[:limit]
    return rows.query.get_compiler(db).as_sql()


def ranked_ids(queryset, q, limit):
    """The ids of the first ``limit`` initiatives of ``queryset`` matching ``q``, in the order of
    ``search.ranked(queryset, q).order_by("-search_rank", "sort_key", "pk")``; one query.

    The whole-stem tier (ranks from 1 up) is ranked and cut at ``limit`` first; the prefix-only
    tier (ranks below 1) fills what is left of ``limit``: with nothing left, the database never
    reads it (its ``LIMIT`` is 0).
    """
    if not search.query_groups(q) or limit < 1:
        return []
    db = router.db_for_read(Initiative)
    whole_sql, whole_params = _tier_sql(queryset, q, search.WHOLE, limit, db)
    rest_sql, rest_params = _tier_sql(queryset, q, search.PREFIX_ONLY, limit, db)
    # The tiers' columns are read by the names the compiler gives them (pk, search_rank,
    # sort_key). The final sort puts the two tiers (at most 2 × limit rows) in one order.
    columns = "pk, search_rank, sort_key"
    sql = (
        f"WITH whole AS MATERIALIZED ({whole_sql}), rest AS ({rest_sql}) "
        f"SELECT pk FROM (SELECT {columns} FROM whole UNION ALL "
        f"SELECT {columns} FROM (SELECT {columns} FROM rest "
        "LIMIT (SELECT %s - COUNT(*) FROM whole)) AS more"
        ") AS found ORDER BY search_rank DESC, sort_key, pk"
    )
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [*whole_params, *rest_params, limit])
        return [row[0] for row in cursor.fetchall()]


def _cache_key(query, words):
    return f"{KEY_PREFIX}:{words.version}:{query.signature()}"


def first_ids(query, words, end):
    """The ids of at least the first ``end`` results of ``query`` (a valid ``ListQuery`` with a
    search) by relevance, or all of them when there are fewer; from the cache when a request
    for this combination already ranked that far in this catalogue version."""
    key = _cache_key(query, words)
    try:
        known = cache.get(key)
    except Exception:  # an unreachable cache only means ranking again
        known = None
    if known is not None:
        limit, ids = known
        if len(ids) >= end or len(ids) < limit:  # far enough, or every match
            return ids
    limit = -(-end // STEP) * STEP
    ids = ranked_ids(query.apply(listed(), exclude="q"), query.q, limit)
    with contextlib.suppress(Exception):
        cache.set(key, (limit, ids), TIMEOUT)
    return ids


class RankedRows:
    """A searched list's rows as ``paging.paginate`` slices them: a slice ranks (or reads the
    cached ranking) down to its end, then reads its initiatives by id, in the ranked order."""

    def __init__(self, query, words):
        self.query = query
        self.words = words

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None or index.step is not None:
            raise TypeError("RankedRows are read by slices with an end")
        ids = first_ids(self.query, self.words, index.stop)[index]
        if not ids:
            return []
        found = Initiative.objects.for_page().filter(pk__in=ids).order_by()
        rows = {row.pk: row for row in found}
        return [rows[pk] for pk in ids if pk in rows]
