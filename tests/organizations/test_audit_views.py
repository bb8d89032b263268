"""The standing committee's audit page: its subtree's events in words, filtered by kind, paged;
leaders and the standing committee only; another province's page is not found."""

import pytest

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.congresses import services
from apps.reports.services import report_preview
from tests.factories import CongressFactory

pytestmark = pytest.mark.django_db


def test_audit_page_for_the_standing_committee(client, tree):
    congress = CongressFactory(organization=tree.ptm)
    services.congress_update(actor=tree.ptm_secretary, congress=congress, place="Hội trường")
    client.force_login(tree.qb_standing)
    report_preview(user=tree.ptm_secretary, kind="superior-report", obj=congress)
    page = client.get("/org/QB/audit/").content.decode()
    assert "Sửa thông tin đại hội" in page and tree.ptm_secretary.full_name in page
    assert "Địa điểm: — → Hội trường" in page
    assert "Tải bản xem trước (chưa cấp số)" in page and "Loại: Báo cáo cấp trên" in page
    for code in ("congress.update", "report.download", "numbered", "False", "superior-report"):
        assert code not in page  # words, not the codes stored for filtering
    client.force_login(tree.qb_member)
    assert client.get("/org/QB/audit/").status_code == 403
    client.force_login(tree.ht_standing)
    assert client.get("/org/QB/audit/").status_code == 404


def test_the_page_keeps_to_the_subtree_and_filters_by_kind(client, tree):
    audit_record(
        actor=tree.ptm_secretary, verb="congress.update", target=tree.ptm, organization=tree.ptm
    )
    audit_record(
        actor=tree.qb_officer, verb="import.organizations", target=tree.qb, organization=tree.qb
    )
    audit_record(
        actor=tree.ht_secretary, verb="congress.update", target=tree.ht, organization=tree.ht
    )
    client.force_login(tree.qb_secretary)
    page = client.get("/org/QB/audit/")
    assert {e.organization.code for e in page.context["page"]} == {"QB-PTM", "QB"}
    only = client.get("/org/QB/audit/", {"verb": "congress."}).context["page"]
    assert [(e.verb, e.organization.code) for e in only] == [("congress.update", "QB-PTM")]
    below = client.get("/org/QB-PTM/audit/").context["page"]
    assert [e.organization.code for e in below] == ["QB-PTM"]
    none = client.get("/org/QB/audit/", {"verb": "plan."}).content.decode()
    assert "Chưa có sự kiện." in none


def test_the_page_shows_a_hundred_events_newest_first(client, tree):
    AuditEvent.objects.bulk_create(
        AuditEvent(verb="import.people", organization=tree.qb, target_type="x", target_id=str(i))
        for i in range(101)
    )
    client.force_login(tree.qb_standing)
    first = client.get("/org/QB/audit/").context["page"]
    assert len(first) == 100 and first.paginator.num_pages == 2
    assert first[0].target_id == "100"  # newest first (the same moment: by id)
    second = client.get("/org/QB/audit/", {"page": 2}).context["page"]
    assert [e.target_id for e in second] == ["0"]
    client.logout()
    assert client.get("/org/QB/audit/").status_code == 302  # sign in first
