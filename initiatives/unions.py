"""Several small queries sent as one ``UNION ALL``: one database round trip instead of many.

Each part is a queryset selecting exactly two columns, or a function that writes such a
``SELECT`` for a connection (``(sql, params)``: a statement too simple to be worth the ORM's
compiling on every request); rows come back as ``(tag, a, b)``. The tags are constants from our
own code (never visitor input), so they are written into the SQL.
Used for the list's facet counts and for the links (regions, target groups, partners) of the
initiatives a page shows.
"""

from django.db import connections, router


def union_all(parts, model):
    """Run ``{tag: queryset}`` as one query on ``model``'s read database: [(tag, a, b), …]."""
    if not parts:
        return []
    db = router.db_for_read(model)
    sql_parts, params = [], []
    for tag, part in parts.items():
        if not tag.isidentifier():
            raise ValueError(f"union tag {tag!r} must be an identifier")
        if callable(part):
            sql, part_params = part(connections[db])
        else:
            sql, part_params = part.order_by().query.get_compiler(db).as_sql()
        sql_parts.append(f"SELECT '{tag}' AS tag, t.* FROM ({sql}) t")
        params.extend(part_params)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql_parts), params)
        return cursor.fetchall()
