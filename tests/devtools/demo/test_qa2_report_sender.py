"""The demo's paper reports to the superior are entered by Quảng Bình's office (vanphong.qb),
who may enter a paper with its past date, so Chi bộ Phòng Hồ sơ's congress page and QB's decide
page name a real person as the sender, not "Quản trị hệ thống"."""

import pytest

from apps.congresses.models import SuperiorReport

pytestmark = pytest.mark.django_db


def test_every_demo_report_is_sent_by_the_office_not_the_admin(demo, client):
    reports = list(SuperiorReport.objects.select_related("submitted_by", "congress__organization"))
    assert reports  # the pilots' and Phòng Hồ sơ's reports
    assert {r.submitted_by.username for r in reports} == {"vanphong.qb"}
    pending = SuperiorReport.objects.get(congress__organization__code="QB-HS")
    client.force_login(
        pending.congress.organization.memberships.get(user__username="bithu.hs").user
    )
    body = client.get(f"/congresses/{pending.congress.pk}/").content.decode()
    assert "Đặng Thu Hà" in body
    assert "Quản trị hệ thống" not in body
