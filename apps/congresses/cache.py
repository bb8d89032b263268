"""What a change to a fact makes stale, in the terms of apps.core.tree_versions.

Every save or delete of a fact a rule reads renews the versions of the subtrees that hold it
(signals, connected in apps.py, so admin edits count too; the bulk paths renew on their own):

- a congress, a report to the superior, a circulation: the congress's organisation and its
  ancestors (the path's prefixes);
- a lessons meeting: its organisation, its ancestors and each of its children (whose
  congresses' pilot rule reads it);
- an organisation: itself and its ancestors (its name and children are facts of its rows), and
  the users' scopes (holdings carry paths);
- a term or a rule set: everything;
- memberships, role permissions, working groups: the users' scopes only (what a dashboard shows
  a user is filtered by the scope, whose signature is in the dashboard's key);
- and, for every one of them, FACTS: the version of pages that read across the tree
  (facts_version()).

Roll-ups (apps.congresses.rollups) and scopes cached under older versions become unreachable;
the TTL only frees memory.
"""

from __future__ import annotations

from typing import Any

from apps.core import tree_versions
from apps.core.tree_versions import TTL_SECONDS
from apps.organizations.models import Organization
from apps.organizations.tree import ancestor_paths

__all__ = ["TTL_SECONDS", "fact_changed", "facts_version", "names_for"]


def fact_changed(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """The receiver of post_save, post_delete and m2m_changed of the fact models."""
    tree_versions.renew({tree_versions.FACTS, *names_for(sender, instance)})


def facts_version() -> str:
    """A version that changes with every fact, scope or rule set anywhere, for the caches of
    pages that read across the tree and cannot name their subtrees (a person's home page:
    apps.worklist.cache). Dashboards use the versions of their own subtrees instead."""
    names = (tree_versions.FACTS, tree_versions.EVERYTHING, tree_versions.SCOPES)
    tokens = tree_versions.current(names)
    return ".".join(tokens[name] for name in names)


def names_for(sender: Any, instance: Any) -> set[str]:
    """The versions a change to `instance` (of model `sender`) retires."""
    label = sender._meta.label if hasattr(sender, "_meta") else ""
    if label in ("congresses.Term", "congresses.RuleSet"):
        return {tree_versions.EVERYTHING}
    if label == "organizations.Organization":
        return {tree_versions.SCOPES, *_ancestry(instance.path)}
    if label in ("congresses.Congress", "congresses.SuperiorReport", "documents.Circulation"):
        return _names_of_congress_organization(label, instance)
    if label == "congresses.LessonsMeeting":
        return _names_of_meeting(instance)
    return {tree_versions.SCOPES}  # memberships, role permissions, working groups


def _ancestry(path: str) -> set[str]:
    """The versions of the subtrees holding the organisation at `path`."""
    return tree_versions.subtrees([*ancestor_paths(path), path])


def _names_of_congress_organization(label: str, instance: Any) -> set[str]:
    if label == "congresses.Congress":
        cached = instance._state.fields_cache.get("organization")
        if cached is not None and cached.pk == instance.organization_id:
            return _ancestry(cached.path)
        orgs = Organization.objects.filter(pk=instance.organization_id)
    elif label == "congresses.SuperiorReport":
        orgs = Organization.objects.filter(congresses__pk=instance.congress_id)
    else:
        orgs = Organization.objects.filter(congresses__documents__rounds=instance.round_id)
    path = orgs.values_list("path", flat=True).first()
    # Deleted with its organisation (a cascade): the organisation's own signal renews its
    # subtree; without a path to go by, renew everything rather than miss a change.
    return _ancestry(path) if path else {tree_versions.EVERYTHING}


def _names_of_meeting(instance: Any) -> set[str]:
    meeting_org = (
        Organization.objects.filter(pk=instance.organization_id).values("path", "depth").first()
    )
    if meeting_org is None:
        return {tree_versions.EVERYTHING}
    children = Organization.objects.filter(
        path__startswith=meeting_org["path"], depth=meeting_org["depth"] + 1
    ).values_list("path", flat=True)
    return {*_ancestry(meeting_org["path"]), *map(tree_versions.subtree, children)}
