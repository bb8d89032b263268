"""Reading the materialised path of the organisation tree (treebeard's MP_Node): a node's path is
its parent's path followed by one step of `STEPLEN` characters. The one place that knows it, in
Python and as a database expression."""

from __future__ import annotations

from django.db.models import F, Func
from django.db.models.expressions import Combinable
from django.db.models.functions import Left, Length

from .models import Organization

STEPLEN: int = Organization.steplen


def parent_path(path: str) -> str:
    """The path of the parent of the node at `path` ("" for a root)."""
    return path[:-STEPLEN]


def ancestor_paths(path: str) -> list[str]:
    """The paths of every ancestor of the node at `path`, the root first (not the node itself)."""
    return [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]


def parent_path_of(path: str | Combinable) -> Func:
    """parent_path() as a database expression, over the path column reached by a field name or
    over an expression (OuterRef("path") in a subquery)."""
    expression = F(path) if isinstance(path, str) else path
    return Left(expression, Length(expression) - STEPLEN)
