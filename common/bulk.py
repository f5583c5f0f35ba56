"""Writing many new rows of one table at once: COPY on PostgreSQL, `bulk_create` elsewhere.

An import of 20,000 activities spent most of its write in Django preparing INSERT statements
(each value of each row passed through its field's preparation) rather than in the database.
COPY takes the rows as they are: the primary keys are drawn from the table's sequence first (one
query), so the caller gets its instances back with their ids, as `bulk_create` gives them on
PostgreSQL, and can write rows that point at them. Triggers run as for an INSERT (PostgreSQL
fires row and statement triggers, transition tables included, for COPY FROM); check and foreign
key constraints hold as for an INSERT.

Values go to the database as the instances hold them: fields whose Python value the driver
writes as it is (numbers, text, dates, times, booleans, foreign keys by id) are not prepared;
any other kind of field goes through its own `get_db_prep_save`, as in an INSERT. Fields set on
creation (`auto_now`, `auto_now_add`) are set by their `pre_save`, as `save()` would.
Each COPY passes through the connection's execute wrappers and query log, so it is counted as
a query like any other statement.
"""

import time

from django.db import connections

AS_IS = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField", "TextField",
    "SlugField", "EmailField", "DateField", "DateTimeField", "BooleanField", "ForeignKey", "OneToOneField",
}


def insert_many(model, objs: list, *, batch_size: int = 1000, using: str = "default") -> list:
    """Insert `objs` (new instances of `model`, no primary key set) and return them with their ids."""
    connection = connections[using]
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall()):
            setattr(obj, meta.pk.attname, pk)
    on_creation = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    plain = [(f.attname, f.get_internal_type() in AS_IS, f) for f in fields]
    for obj in objs:
        for field in on_creation:
            field.pre_save(obj, add=True)
        obj._state.adding, obj._state.db = False, using
    _copy(connection, model, fields, (
        [getattr(obj, attname) if as_is else field.get_db_prep_save(getattr(obj, attname), connection)
         for attname, as_is, field in plain]
        for obj in objs), len(objs))
    return objs


def insert_rows(model, columns: list[str], rows: list, *, batch_size: int = 1000, using: str = "default") -> None:
    """Insert plain rows (`columns`: field names or attnames; each row their values, of the kinds
    the driver takes as they are) when the caller needs nothing back: on PostgreSQL no model
    instance is built (that was the larger part of writing 20,000 history rows); the table's own
    default gives the primary key. Elsewhere, instances and `bulk_create` (which sets `auto_now`
    fields by its own clock)."""
    connection = connections[using]
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    prepared = [field.name for field in fields if field.get_internal_type() not in AS_IS]
    if prepared:  # on every backend, so that a caller finds out in its tests
        raise TypeError(f"insert_rows() takes only values written as they are, not {prepared}")
    if connection.vendor != "postgresql":
        attnames = [field.attname for field in fields]
        model._default_manager.using(using).bulk_create(
            [model(**dict(zip(attnames, row))) for row in rows], batch_size=batch_size)
        return
    _copy(connection, model, fields, rows, len(rows))


def _copy(connection, model, fields, rows, count: int) -> None:
    """One COPY of `rows` into `fields`, through the connection's execute wrappers and query log."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"

    def copy(sql, params, many, context):
        with connection.wrap_database_errors, context["cursor"].cursor.copy(sql) as stream:
            for row in rows:
                stream.write_row(row)

    with connection.cursor() as cursor:
        started = time.monotonic()
        cursor._execute_with_wrappers(sql, None, False, executor=copy)
        if connection.queries_logged:
            connection.queries_log.append({"sql": f"{sql} -- {count} rows",
                                           "time": f"{time.monotonic() - started:.3f}"})
