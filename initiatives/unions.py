"""Several small queries sent as one ``UNION ALL``: one database round trip instead of many.

Each part is a queryset selecting exactly two columns, or a function that writes such a
``SELECT`` for a connection (``(sql, params)``: a statement too simple to be worth the ORM's
compiling on every request); rows come back as ``(tag, a, b)``. The tags are constants from our
own code (never visitor input), so they are written into the SQL.
Used for the list's facet counts (with the filtered initiatives as a shared ``WITH`` set) and
for the links (regions, target groups, partners) of the
initiatives a page shows.
"""

from django.db import connections, router


def union_all(parts, model, sets=None):
    """Run ``{tag: queryset}`` as one query on ``model``'s read database: [(tag, a, b), …].

    ``sets`` ({name: queryset of one column}) are written first as ``WITH name (pk) AS
    MATERIALIZED (…)``: the database evaluates each once, and the parts that read it share it.
    Names, like tags, come from our own code.
    """
    if not parts:
        return []
    db = router.db_for_read(model)
    sql_parts, params, with_parts = [], [], []
    for name, queryset in (sets or {}).items():
        if not name.isidentifier():
            raise ValueError(f"set name {name!r} must be an identifier")
        sql, set_params = queryset.order_by().query.get_compiler(db).as_sql()
        with_parts.append(f"{name} (pk) AS {_materialised(connections[db])}({sql})")
        params.extend(set_params)
    for tag, part in parts.items():
        if not tag.isidentifier():
            raise ValueError(f"union tag {tag!r} must be an identifier")
        if callable(part):
            sql, part_params = part(connections[db])
        else:
            sql, part_params = part.order_by().query.get_compiler(db).as_sql()
        sql_parts.append(f"SELECT '{tag}' AS tag, t.* FROM ({sql}) t")
        params.extend(part_params)
    sql = " UNION ALL ".join(sql_parts)
    if with_parts:
        sql = f"WITH {', '.join(with_parts)} {sql}"
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _materialised(connection):
    """``MATERIALIZED`` where the database knows the word (SQLite 3.35+, PostgreSQL 12+)."""
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info < (3, 35):
        return ""  # an older SQLite materialises a set read more than once by itself
    return "MATERIALIZED "
