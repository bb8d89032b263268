"""A cell with no subordinate organisation circulates its drafts to no one (R30 "Không áp dụng"):
its drafts table no longer says "Bắt buộc lấy ý kiến cấp dưới: Có" beside that rule, as Chi bộ
Phòng Hồ sơ's page did in the demo. A committee with subordinates still reads "Có"."""

import datetime as dt
import re

import pytest

from apps.documents import services as doc_services
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _required_cell(body: str) -> str:
    row = body[body.index('id="document-political_report"') :]
    row = row[: row.index("</tr>")]
    cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def _page(client, user, org) -> str:
    congress = CongressFactory(
        organization=org, term=term("2025-2030"), opening_date=TODAY + dt.timedelta(days=60)
    )
    doc_services.document_create(actor=user, congress=congress, kind="political_report")
    client.force_login(user)
    response = client.get(f"/congresses/{congress.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_cell_without_subordinates_is_not_told_circulation_is_required(client, tree):
    body = _page(client, tree.ankt_secretary, tree.ankt)
    assert _required_cell(body) == "Không áp dụng"


def test_a_committee_with_subordinates_still_must_circulate(client, tree):
    body = _page(client, tree.ptm_secretary, tree.ptm)
    assert _required_cell(body) == "Có"
