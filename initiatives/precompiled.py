"""A queryset compiled to SQL once per database connection, then run with other values.

Django compiles a queryset on every evaluation. For the one query of an initiative's page (its
mentions, each with the initiative, its parent's title, whether it has parts and the ids of its
links) compiling cost more than running it: 0.8 ms on SQLite and 1.2–1.5 ms on PostgreSQL,
against 0.05 and 0.7 ms to run. ``Precompiled(model, build)`` compiles ``build(MARKER)`` the first time a connection
needs it, remembers where ``MARKER`` sits among the statement's parameters, and afterwards only
puts the real value there, runs the statement and makes the rows into instances with the
compiler Django made: its converters (JSON, dates, booleans on SQLite), ``select_related``
populators and annotations, exactly as ``QuerySet.__iter__`` does (``ModelIterable``).

The compiled statement is kept per connection object: a connection belongs to one thread and
one database alias, so each thread and each replica (``catalogue.routers``) gets its own.

On PostgreSQL the statement runs on a server-binding cursor that asks psycopg to prepare it, so
the server plans it once per connection too: 0.7 ms a run becomes 0.25 ms at 100,000
initiatives, of which planning was 0.35 ms. The cursor is wrapped like Django's own (execute
wrappers run, errors are Django's). A plan that a migration made stale while the connection kept
it is not fatal: the statement then runs unprepared on that connection (``_fetch``). With
``DATABASE_PREPARED_STATEMENTS=0`` (``catalogue.env``) psycopg prepares nothing and the statement
is sent whole each time.
"""

import functools
import weakref

from django.db import NotSupportedError, connections, router
from django.db.models.query import get_related_populators

MARKER = "\x00precompiled-value\x00"


class Precompiled:
    """``build(value)`` -> a queryset of ``model`` whose SQL has ``value`` as one parameter."""

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self._compiled = weakref.WeakKeyDictionary()  # connection -> _Statement

    def __call__(self, value):
        """The instances ``build(value)`` would give, in its order."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        statement = self._compiled.get(connection)
        if statement is None:
            statement = self._compiled[connection] = _Statement(self.build(MARKER), alias)
        return statement.run(connection, value)


class _Statement:
    def __init__(self, queryset, alias):
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise ValueError("a precompiled queryset cannot use known related objects or prefetch")
        self.alias = alias
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        slots = [i for i, param in enumerate(self.params) if param == MARKER]
        if len(slots) != 1:
            raise ValueError(f"the value must be one parameter of the SQL, found {len(slots)}")
        self.slot = slots[0]
        select, klass_info = self.compiler.select, self.compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        # Columns the compiler adds after the selected ones (none for a plain ordered query).
        self.width = self.compiler.col_count if self.compiler.has_extra_select else None
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, alias)
        self.annotations = list(self.compiler.annotation_col_map.items())

    def run(self, connection, value):
        params = self.params.copy()
        params[self.slot] = value
        rows = _fetch(connection, self.sql, params)
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        objects = []
        for row in self.compiler.results_iter([rows]):
            obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _fetch(connection, sql, params):
    """The statement's rows; prepared on PostgreSQL unless its plan went stale (see below)."""
    cursor = _preparing_cursor(connection)
    if cursor is not None:
        try:
            with cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        except NotSupportedError as error:
            # A migration changed the type of a column the plan reads, while this connection
            # kept it: "cached plan must not change result type" (SQLSTATE 0A000), on every run
            # until the connection ends. In autocommit nothing is spoiled: the statement runs
            # unprepared here and on this connection from now on. In a transaction the error
            # stands, and the rollback makes psycopg forget (DEALLOCATE ALL).
            if getattr(error.__cause__, "sqlstate", None) != "0A000" or not (
                connection.get_autocommit()
            ):
                raise
            _STALE.add(connection.connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The psycopg connections whose prepared plan went stale: they run the statement unprepared.
_STALE = weakref.WeakSet()


def _preparing_cursor(connection):
    """On PostgreSQL, a cursor that binds server-side and prepares what it runs; else None.

    None too while Django logs queries (``DEBUG``, or a test capturing them), so that Django's
    own cursor runs the statement: psycopg keeps no text of a prepared run for the log to show.
    """
    if connection.vendor != "postgresql" or connection.queries_logged:
        return None
    # What ``BaseDatabaseWrapper.cursor()`` does, with another cursor class.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection in _STALE:
        return None
    with connection.wrap_database_errors:
        return connection.make_cursor(_preparing_cursor_class()(connection.connection))


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Runs every statement with ``prepare=True`` (ignored when the connection's
        ``prepare_threshold`` is None)."""

        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True, **kwargs)

    return PreparingCursor
