"""`field__any=values`: membership in a long list of values as ONE array parameter.

Django's `__in` writes one placeholder per value and prepares each through the expression
machinery: for the 13,000 organisation ids, notification keys or paths of a national sweep
that costs more than the query itself (half a second here). On PostgreSQL `col = ANY(%s)`
passes the list as one array that psycopg2 adapts in C; other databases fall back to `IN`.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    """Plain values only (ids, strings, dates as stored): they are passed through unprepared."""

    lookup_name = "any"

    def get_prep_lookup(self):
        if self.rhs_is_direct_value():
            return list(self.rhs)
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [v for v in dict.fromkeys(self.rhs) if v is not None]
        if not values:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # relations keep their own lookup table (ids only here)
