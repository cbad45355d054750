"""The SQL expressions the exports read their rows with.

- ``JoinedIds(column)``: the ids of a group as one text value, "3,17,42", in no set order. The
  exports read an initiative's regions, partners, target groups and collaboration models as one
  such value each (a correlated subquery per link table), so that a chunk of 1,000 initiatives is
  one row per initiative instead of one row per link, and the value is a ready key for the
  exports' caches of formatted cells. SQLite spells it ``group_concat``, PostgreSQL
  ``string_agg``.
- ``DateText(column)``: a date column as SQLite stores it, ISO text ("2019-04-30"), instead of
  the ``date`` that Python's sqlite3 makes of each value (a Python call per value); PostgreSQL
  reads it as it is (a ``date``, made in C). ``initiatives.export.iso`` reads either.
"""

from django.db.models import Aggregate, CharField, Func


class JoinedIds(Aggregate):
    function = "GROUP_CONCAT"
    name = "JoinedIds"
    output_field = CharField()
    template = "%(function)s(%(expressions)s)"

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=CharField(), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def split_ids(value):
    """The ids in a ``JoinedIds`` value (``None``: the group is empty) as ints."""
    return [int(part) for part in value.split(",")] if value else []


class DateText(Func):
    template = "CAST(%(expressions)s AS TEXT)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])
