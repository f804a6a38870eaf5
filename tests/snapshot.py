"""Expensive test data built once per test process: `built_once("demo", build)` runs `build()` the first
time and keeps a copy of every table it left behind; the next time, on the same starting point, it puts
that copy back instead (PostgreSQL COPY: about a second instead of the ~10 s of CPU of `load_demo`).

Only on PostgreSQL, what CI and `make test` run on; elsewhere `build()` always runs. The copy is used only
when the database is as it was when the copy was made (the same number of rows in every table, as after
a fresh migration); otherwise `build()` runs. The tests of the builders themselves (tests/demo) call them
directly. Files a builder writes (the demo's picture in MEDIA_ROOT) stay from the first build.

Works inside a transaction (a module's data, rolled back after it) and in autocommit (browser tests, in a
transaction of its own). Django makes PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED, so the rows
go back table by table without caring for their order.
"""

import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections, transaction

from kumppanuus.demo import directory
from kumppanuus.demo.helpers import indexes_updated_once

_copies = {}  # name: (counts before the build, {table: COPY data}, {sequence: (value, is_called)})


def built_once(name, build):
    """Run `build()`, or put back what it made the first time in this process (see the module)."""
    if connection.vendor != "postgresql":
        build()
        return
    with transaction.atomic():
        counts = _row_counts()
        copy = _copies.get(name)
        if copy is not None and copy[0] == counts:
            _restore(copy[1], copy[2], counts)
        else:
            build()
            if copy is None:
                _copies[name] = (counts, _dump(), _sequences())
    cache.clear()


def take(using):
    """A copy of every row of the database `using` (PostgreSQL), for `put_back`."""
    with transaction.atomic(using=using):
        return _dump(connections[using]), _sequences(connections[using])


def put_back(using, copy):
    """The database `using` as it was when `copy` was taken, whatever was committed since (in a transaction
    of its own, or in the caller's)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        _restore(copy[0], copy[1], _row_counts(connection), connection)


def _tables(connection=connection):
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _row_counts(connection=connection):
    tables = _tables(connection)
    query = " UNION ALL ".join(f"SELECT %s, count(*) FROM {connection.ops.quote_name(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(query, tables)
        return dict(cursor.fetchall())


def _dump(connection=connection):
    data = {}
    with connection.cursor() as cursor:
        for table, count in _row_counts(connection).items():
            if count:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                    data[table] = b"".join(bytes(chunk) for chunk in copy)
    return data


def _sequences(connection=connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
        )
        return {name: (value if value is not None else 1, value is not None) for name, value in cursor.fetchall()}


def _restore(data, sequences, counts, connection=connection):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, count in counts.items():
            if count or table in data:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        for table, rows in data.items():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                copy.write(rows)
        if sequences:
            calls = ", ".join("setval(quote_ident(%s), %s, %s)" for _ in sequences)
            cursor.execute(
                f"SELECT {calls}", [item for name, (value, called) in sequences.items() for item in (name, value, called)]
            )


def load_demo():
    """The whole bilingual demo (`manage.py load_demo`), built once per test process."""
    built_once("demo", lambda: call_command("load_demo", stdout=io.StringIO()))


def load_directory():
    """The demo directory (kumppanuus.demo.directory) alone, built once per test process, with the search
    index updated once per object as load_demo does."""
    def build():
        with indexes_updated_once():
            directory.load(io.StringIO())

    built_once("directory", build)
