"""Bulk insertion into the materialised-path tree, for imports and generated national data.

treebeard's add_child costs a locked read and a parent update per node; 13,000 of those take
minutes. Here paths are computed in memory and written with bulk_create, then numchild is set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from apps.core import tree_versions

from .models import Organization
from .services import ensure_role_groups
from .tree import ancestor_paths


@dataclass(frozen=True)
class NodeSpec:
    code: str
    parent_code: str | None
    name: str
    kind: str
    short_name: str = ""


@transaction.atomic
def bulk_insert_tree(specs: Sequence[NodeSpec], *, batch_size: int = 2000) -> list[Organization]:
    """Insert nodes whose parents exist already or come earlier/later in `specs` (any order).

    The caller has validated the specs (unique codes, known parents, no cycles); what is new is
    appended after the existing children of each parent, so existing paths never move.
    """
    by_code = {s.code: s for s in specs}
    existing_parent_codes = {
        s.parent_code for s in specs if s.parent_code and s.parent_code not in by_code
    }
    parents = {o.code: o for o in Organization.objects.filter(code__in=existing_parent_codes)}
    children: dict[str | None, list[NodeSpec]] = defaultdict(list)
    for spec in specs:
        children[spec.parent_code].append(spec)

    new_nodes: list[Organization] = []
    numchild_add: dict[str, int] = defaultdict(int)

    def place(parent_path: str, parent_depth: int, first_step: int, kids: list[NodeSpec]) -> None:
        for offset, spec in enumerate(kids):
            path = Organization._get_path(parent_path, parent_depth + 1, first_step + offset)
            node = Organization(
                code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                path=path,
                depth=parent_depth + 1,
                numchild=len(children.get(spec.code, ())),
                search_text=Organization.search_text_for(
                    code=spec.code, name=spec.name, short_name=spec.short_name
                ),
            )
            new_nodes.append(node)
            place(path, parent_depth + 1, 1, children.get(spec.code, []))

    roots = children.get(None, [])
    if roots:
        last_root = Organization.objects.filter(depth=1).order_by("-path").first()
        start = _step_after(last_root.path) if last_root else 1
        place("", 0, start, roots)
    for code, parent in parents.items():
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
        last = (
            Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .first()
        )
        start = _step_after(last.path) if last else 1
        place(parent.path, parent.depth, start, children[code])
        numchild_add[code] += len(children[code])

    Organization.objects.bulk_create(new_nodes, batch_size=batch_size)
    for code, added in numchild_add.items():
        Organization.objects.filter(code=code).update(numchild=F("numchild") + added)
    saved = list(Organization.objects.filter(code__in=by_code))
    ensure_role_groups(saved)
    # bulk_create and update() send no signals: the parents' subtrees (numchild decides R30)
    # and the scopes (new role groups) are renewed here
    paths = {path for p in parents.values() for path in (*ancestor_paths(p.path), p.path)}
    tree_versions.renew({tree_versions.SCOPES, *tree_versions.subtrees(paths)})
    return saved


def _step_after(path: str) -> int:
    return int(path[-Organization.steplen :], 36) + 1
