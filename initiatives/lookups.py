"""``field__any_of=[…]``: membership in a list of ids, sent as one array on PostgreSQL.

``__in`` writes a placeholder per value. For the chunks of up to 1,000 ids that the exports and
the link queries send, that costs Django a conversion per value, psycopg a parse of the whole
statement and PostgreSQL the plan of a 1,000-item list, on every query. ``= ANY(%s)`` sends the
list as one array parameter. Elsewhere (SQLite) the lookup is ``__in`` as it is.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = [int(value) for value in dict.fromkeys(self.rhs) if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, values)


# Foreign keys take only the lookups registered on ForeignObject and below.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
