"""The statements the ORM cannot say, and the only hand-written SQL of the hot path.

The statements, each run by CI on PostgreSQL and SQLite alike:

- `left_joined_rows()`: a queryset LEFT JOINed to aggregated querysets, read as one statement;
  `left_joined_groups()` the same rows grouped by the database on some of their columns.
  Django can aggregate, annotate windows and compile each part, but cannot LEFT JOIN a derived
  table: the parts are compiled by Django for the database in use, only the joins are written
  here. Reading them as separate queries cost three times the database's own time at national
  scale, and correlated subqueries (what the ORM can say) twice the joins' time.
- `missing_pairs()`: which of many (a, b) pairs a table does not hold, answered by the server
  (an anti-join), so a sweep's rerun sends 14,000 to 35,000 pairs and gets nothing back. Only
  the way the pairs become rows differs between the two databases (_pair_rows).
- `insert_new()`: INSERT … ON CONFLICT DO NOTHING RETURNING, which counts the rows really
  inserted; `bulk_create(ignore_conflicts=True)` cannot tell them apart.
- `insert_selected()`: INSERT … SELECT, the SELECT an ordinary queryset: rows the database
  derives from rows (the role groups of thousands of organisations) without Python building
  them one by one, which is all bulk_create can do.

Tables and columns come from the models' `_meta`, values are always parameters.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Field, Model, QuerySet

from .lookups import separated


class Joined(NamedTuple):
    """A part LEFT JOINed to the base: `on` pairs its columns with the base's (equalities)."""

    part: QuerySet
    on: tuple[tuple[str, str], ...]  # (the part's column, the base's column)


def left_joined_rows(columns: Sequence[str], base: QuerySet, *joined: Joined) -> list[tuple]:
    """SELECT `columns` FROM base LEFT JOIN each part: one tuple per row of `base` (each part
    must have at most one row per join key), its values in the order of `columns`. Every part is
    a values() queryset; a column is named by its alias, or by its database column when plain.
    Values go through the database's converters (SQLite's dates arrive as text), as Django's
    own reads do."""
    statement = _joined(base, joined)
    select = ", ".join(statement.column(c) for c in columns)
    rows = statement.fetch(f"SELECT {select} FROM {statement.source}")
    return statement.converted(rows, columns)


def left_joined_groups(
    columns: Sequence[str], collected: Sequence[str], base: QuerySet, *joined: Joined
) -> list[tuple]:
    """The rows of left_joined_rows() grouped on `columns`, by the database: one tuple per
    distinct combination of their values (NULL equal to NULL), those values in the order of
    `columns`, followed by one list per `collected` column holding its values in the group's
    rows (the lists of a group in one and the same row order). The sweep's 13,294 congresses
    arrive as some 3,500 rows this way: fewer values to send, convert and hash."""
    statement = _joined(base, joined)
    group = ", ".join(statement.column(c) for c in columns)
    collect = ", ".join(statement.collected(c) for c in collected)
    rows = statement.fetch(f"SELECT {group}, {collect} FROM {statement.source} GROUP BY {group}")
    return statement.converted(rows, columns, collected)


class _Statement(NamedTuple):
    """The FROM clause of a base and its LEFT JOINed parts, compiled for one database, with
    where each column is found and the converters its values need."""

    connection: Any
    source: str
    params: list
    found: dict[str, tuple[str, list[Callable]]]  # column → (its SQL, its converters)

    def column(self, name: str) -> str:
        if name not in self.found:
            raise ValueError(f"no part selects {name!r}")
        return self.found[name][0]

    def collected(self, name: str) -> str:
        aggregate = "array_agg" if self.connection.vendor == "postgresql" else "json_group_array"
        return f"{aggregate}({self.column(name)})"

    def fetch(self, sql: str) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            return cursor.fetchall()

    def converted(
        self, rows: list[tuple], columns: Sequence[str], collected: Sequence[str] = ()
    ) -> list[tuple]:
        """The rows with each value as Python's (PostgreSQL's driver already gives them so;
        SQLite's dates, booleans and JSON lists are converted here)."""
        conversions = [(i, self.found[c][1]) for i, c in enumerate(columns) if self.found[c][1]]
        lists = [(len(columns) + i, self.found[c][1]) for i, c in enumerate(collected)]
        if self.connection.vendor == "postgresql" and not conversions:
            return rows  # arrays arrive as lists, values as Python's
        if self.connection.vendor == "postgresql":
            lists = []
        return [_converted(row, conversions, lists, self.connection) for row in rows]


def _joined(base: QuerySet, joined: Sequence[Joined]) -> _Statement:
    db = base.db
    connection = connections[db]
    quote = connection.ops.quote_name
    parts = [base, *(j.part for j in joined)]
    compiled = []
    found: dict[str, tuple[str, list[Callable]]] = {}
    for n, part in enumerate(parts):
        compiler = part.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        compiled.append((sql, params))
        converters = compiler.get_converters([expr for expr, _sql, _alias in compiler.select])
        for i, (expr, _sql, alias) in enumerate(compiler.select):
            name = alias or expr.target.column
            funcs = [f for f in converters.get(i, ((), None))[0]]
            found.setdefault(name, (f"p{n}.{quote(name)}", funcs))
    joins = "".join(
        f" LEFT JOIN ({sql}) p{n} ON "
        + " AND ".join(f"p{n}.{quote(mine)} = p0.{quote(theirs)}" for mine, theirs in j.on)
        for n, (j, (sql, _params)) in enumerate(zip(joined, compiled[1:], strict=True), start=1)
    )
    return _Statement(
        connection,
        f"({compiled[0][0]}) p0{joins}",
        [p for _sql, params in compiled for p in params],
        found,
    )


def _converted(
    row: tuple,
    conversions: list[tuple[int, list[Callable]]],
    lists: list[tuple[int, list[Callable]]],
    connection: Any,
) -> tuple:
    values = list(row)
    for i, funcs in conversions:
        for convert in funcs:
            values[i] = convert(values[i], None, connection)
    for i, funcs in lists:  # SQLite's json_group_array(): a JSON list, its items converted
        items = json.loads(values[i])
        for convert in funcs:
            items = [convert(item, None, connection) for item in items]
        values[i] = items
    return tuple(values)


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a concrete column, not a reverse relation
    return field


def _column(model: type[Model], name: str) -> str:
    return _field(model, name).column


def _batch(connection: Any, columns: int, largest: int) -> int:
    limit = connection.features.max_query_params
    return largest if limit is None else max(1, min(largest, limit // columns))


def missing_pairs(
    model: type[Model], fields: tuple[str, str], pairs: Sequence[tuple[str, Any]]
) -> list[int]:
    """The positions i for which no row of `model` has (fields[0], fields[1]) == pairs[i]:
    an anti-join on the server, so that when every pair is there (a sweep's rerun) nothing
    comes back. The pairs go as two parameters, not thousands (see _pair_rows)."""
    if not pairs:
        return []
    connection = connections["default"]
    quote = connection.ops.quote_name
    first, second = (_field(model, f) for f in fields)
    b_type = second.db_type(connection)
    assert b_type is not None  # a concrete column
    rows, params = _pair_rows(connection, pairs, b_type)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.i FROM ({rows}) p WHERE NOT EXISTS (SELECT 1 FROM "
            f"{quote(_table(model))} t WHERE t.{quote(first.column)} = p.a "
            f"AND t.{quote(second.column)} = p.b) ORDER BY p.i",
            params,
        )
        return [i for (i,) in cursor.fetchall()]


def _pair_rows(connection: Any, pairs: Sequence[tuple[str, Any]], b_type: str) -> tuple[str, list]:
    """The pairs as rows (i, a, b), i counted from 0, in two parameters: on PostgreSQL each
    column joined by a separator and split by the server (psycopg2 would quote every element of
    an array, and PostgreSQL parse it back: twice the time for a rerun's 13,778 pairs); on
    SQLite one JSON array read by json_each."""
    if connection.vendor == "postgresql":
        return (
            "SELECT i - 1 AS i, a, b FROM unnest(string_to_array(%s, E'\\x1f'), "
            f"string_to_array(%s, E'\\x1f')::{b_type}[]) WITH ORDINALITY AS p(a, b, i)",
            [separated([a for a, _b in pairs]), separated([str(b) for _a, b in pairs])],
        )
    return (
        "SELECT key AS i, value ->> 0 AS a, value ->> 1 AS b FROM json_each(%s)",
        [json.dumps(pairs)],
    )


INSERT_BATCH = 10_000  # rows per statement (SQLite: as many as its parameter limit allows)


def insert_new(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    same: Mapping[str, Any] | None = None,
) -> int:
    """Insert the rows (values in the order of `fields`, plus the values `same` for every row)
    that break no unique constraint of `model`, and return how many were inserted; the others
    are left to the database to skip, so two writers at once never insert one row twice."""
    if not rows:
        return 0
    connection = connections["default"]
    quote = connection.ops.quote_name
    same = same or {}
    # Values common to all rows are prepared by their field once (an aware datetime for SQLite).
    common = [_field(model, f).get_db_prep_save(v, connection) for f, v in same.items()]
    columns = ", ".join(quote(_column(model, f)) for f in [*fields, *same])
    constants = "".join(", %s" for _value in common)
    batch = _batch(connection, len(fields) + len(common), INSERT_BATCH)
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            source, params = _row_source(connection, model, fields, rows[start : start + batch])
            cursor.execute(
                f"INSERT INTO {quote(_table(model))} ({columns}) SELECT *{constants} "
                f"FROM {source} WHERE true ON CONFLICT DO NOTHING RETURNING 1",
                [*common, *params],  # in the order of the statement's placeholders
            )
            created += len(cursor.fetchall())
    return created


def _row_source(
    connection: Any, model: type[Model], fields: Sequence[str], rows: Sequence[tuple]
) -> tuple[str, list]:
    """The rows as a FROM item: on PostgreSQL one array per column, unnested by the server (a
    VALUES list of 14,000 rows took PostgreSQL longer to parse than the insert itself); on
    SQLite a VALUES list (its parameter limit keeps the batches small)."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{_array_type(_field(model, f), connection)}[]" for f in fields)
        return f"unnest({arrays}) AS m", [list(column) for column in zip(*rows, strict=True)]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"(VALUES {', '.join([one] * len(rows))}) AS m", [v for row in rows for v in row]


def _array_type(field: Field, connection: Any) -> str:
    # Strings as varchar without a length: the column checks the length once, on insert.
    if field.get_internal_type() == "CharField":
        return connection.ops.cast_char_field_without_max_length
    db_type = field.db_type(connection)
    assert db_type is not None  # a concrete column
    return db_type


def insert_selected(model: type[Model], fields: Sequence[str], rows: QuerySet) -> int:
    """Insert into `model`'s `fields` the rows a values() queryset selects (its columns in the
    order of `fields`), skipping those that break a unique constraint; returns how many were
    inserted. The SELECT is compiled by Django; only the INSERT around it is written here."""
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    columns = ", ".join(quote(_column(model, f)) for f in fields)
    with connection.cursor() as cursor:
        # "WHERE true" lets SQLite tell the upsert's ON from a join's (see its INSERT syntax)
        cursor.execute(
            f"INSERT INTO {quote(_table(model))} ({columns}) SELECT * FROM ({sql}) s "
            "WHERE true ON CONFLICT DO NOTHING",
            params,
        )
        return max(cursor.rowcount, 0)
