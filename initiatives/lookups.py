"""``field__any_of=[…]``: membership in a list of ids, sent as one parameter.

``__in`` writes a placeholder per value. For the chunks of up to 1,000 ids that the exports and
the link queries send, that costs Django a conversion per value and, on PostgreSQL, psycopg a
parse of the whole statement and the server the plan of a 1,000-item list, on every query.
``= ANY(%s)`` sends the list as one array on PostgreSQL; on SQLite it is one JSON array read by
``json_each``. Other databases get ``__in`` as it is.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


def any_of_sql(column, ids, connection):
    """``column`` (SQL) is one of ``ids``, written as ``field__any_of`` writes it: (sql, params).

    For statements written by hand (``vocabulary.link_rows``); ``ids`` must not be empty.
    """
    values = [int(value) for value in dict.fromkeys(ids) if value is not None]
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [values]
    if connection.vendor == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


class AnyOf(In):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        # The ids are made ints in _ids(); In's conversion value by value is what this avoids.
        if self.rhs_is_direct_value():
            return list(self.rhs)
        return super().get_prep_lookup()

    def _ids(self):
        values = [int(value) for value in dict.fromkeys(self.rhs) if value is not None]
        if not values:
            raise EmptyResultSet
        return values

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = any_of_sql(lhs, self._ids(), connection)
        return sql, (*lhs_params, *params)

    def as_sqlite(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = any_of_sql(lhs, self._ids(), connection)
        return sql, (*lhs_params, *params)


# Foreign keys take only the lookups registered on ForeignObject and below.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
