"""The "Nơi nhận" of the personnel submission and of the progress report names the superior's
standing committee, as the report to the superior already did, rather than the generic
"Ban Thường vụ cấp ủy cấp trên" (QA walk of the demo: Quảng Bình's tờ trình was addressed to no
one in particular). An organisation with no superior keeps the generic phrase."""

import pytest

from apps.reports.builders import build, superior_standing_committee
from apps.reports.rendering import render_pdf
from tests.reports.pdf import flat

pytestmark = pytest.mark.django_db


def test_the_personnel_submission_names_the_superior(tree, qb):
    built = build("personnel-plan", qb, user=tree.qb_secretary, number=None)
    assert built.context["recipients"] == [
        "Ban Thường vụ Đảng ủy Công an Trung ương",
        "Các đồng chí cấp ủy viên",
    ]
    text = flat(render_pdf(built.template, built.context))
    assert "Ban Thường vụ Đảng ủy Công an Trung ương;" in text
    assert "cấp ủy cấp trên" not in text


def test_the_progress_report_names_the_superior(tree, qb):
    built = build("progress", tree.qb, user=tree.qb_secretary, number=None, term=qb.term)
    assert built.context["recipients"][0] == "Ban Thường vụ Đảng ủy Công an Trung ương"


def test_the_report_to_the_superior_still_names_it(tree, qb):
    built = build("superior-report", qb, user=tree.qb_secretary, number=None)
    assert built.context["recipients"] == ["Ban Thường vụ Đảng ủy Công an Trung ương"]


def test_without_a_superior_the_phrase_stays_generic(tree):
    assert superior_standing_committee(tree.central) == "Ban Thường vụ cấp ủy cấp trên"
    assert superior_standing_committee(tree.qb) == "Ban Thường vụ Đảng ủy Công an Trung ương"
