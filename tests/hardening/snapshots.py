"""The database as a comparable value: a test takes it before an attack and after, and asserts
they are equal (nothing written, nothing half-written)."""

from __future__ import annotations

from django.apps import apps

TABLES = {
    "accounts.User": ("username", "full_name", "email", "password", "is_superuser"),
    "organizations.Membership": ("user_id", "organization_id", "role", "start_date", "end_date"),
    "organizations.Organization": ("code", "path", "name", "short_name", "kind"),
    "congresses.Congress": ("organization_id", "term_id", "ordinal", "opening_date", "place"),
    "congresses.Term": ("code", "rule_set_id"),
    "congresses.RuleSet": ("name",),
    "documents.DraftRound": ("document_id", "number", "extracted_text", "body"),
    "documents.Comment": ("round_id", "organization_id", "author_id", "section", "text"),
    "personnel.Candidate": ("plan_id", "full_name", "birth_date"),
    "audit.AuditEvent": ("verb", "target_type", "target_id"),
}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the tables an import, an upload or a form could write, in id order."""
    state: dict[str, list[tuple]] = {}
    for label, fields in TABLES.items():
        model = apps.get_model(label)
        state[label] = list(model.objects.order_by("pk").values_list("pk", *fields))
    state["groups"] = sorted(
        apps.get_model("accounts.User").groups.through.objects.values_list("user_id", "group_id")
    )
    return state
