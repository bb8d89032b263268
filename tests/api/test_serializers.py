"""apps.api.serializers: parse input, present output; every text a client writes refuses control
characters; an organisation code the caller may not see is answered as a missing one."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests.factories import CongressFactory, term
from tests.hardening.snapshots import snapshot

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def upcoming(tree):
    return CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        opening_date=dt.date.today() + dt.timedelta(days=60),
        place="Hội trường",
    )


def test_the_api_answers_another_provinces_code_as_it_answers_a_missing_one(tree):
    term("2025-2030")
    before = snapshot()
    answers = {}
    for code in ("HT", "NOPE"):
        response = api(tree.qb_secretary).post(
            "/api/v1/congresses/",
            {
                "organization": code,
                "term": "2025-2030",
                "ordinal": "XX",
                "opening_date": (dt.date.today() + dt.timedelta(days=90)).isoformat(),
            },
            format="json",
        )
        answers[code] = (response.status_code, response.json())
    assert answers["HT"] == (400, {"organization": ["Không có tổ chức mã “HT”."]})
    assert answers["NOPE"] == (400, {"organization": ["Không có tổ chức mã “NOPE”."]})
    assert snapshot() == before


def test_the_api_refuses_a_control_character_and_changes_nothing(client, tree, upcoming):
    congress = upcoming
    client.force_login(tree.qb_secretary)
    before = snapshot()
    response = client.patch(
        f"/api/v1/congresses/{congress.pk}/",
        {"place": "Hall\u000bA"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["place"] == [
        "Có ký tự điều khiển không hợp lệ (U+000B); hãy xóa ký tự đó rồi gửi lại."
    ]
    assert snapshot() == before


def test_validate_recipients_takes_all_or_a_list_of_codes():
    from apps.api.serializers import CirculateSerializer

    def errors(recipients):
        data = {"recipients": recipients, "comment_deadline": "2026-05-01"}
        serializer = CirculateSerializer(data=data)
        return None if serializer.is_valid() else serializer.errors["recipients"]

    assert errors("all") is None and errors(["QB-PTM", "QB-ANKT"]) is None
    for bad in ("some", ["QB", 3], {"code": "QB"}, 5):
        assert errors(bad) == ['Phải là "all" hoặc danh sách mã tổ chức.']
    assert errors(["QB\x00"]) == [
        "Có ký tự điều khiển không hợp lệ (U+0000); hãy xóa ký tự đó rồi gửi lại."
    ]


def test_every_writable_text_refuses_control_characters_read_only_ones_are_not_checked():
    from rest_framework import serializers as drf

    from apps.api.serializers import Serializer

    class Probe(Serializer):
        name = drf.CharField()
        tags = drf.ListField(child=drf.CharField())
        shown = drf.CharField(read_only=True)

    probe = Probe(data={"name": "a\x0bb", "tags": ["ok", "x\x1fy"], "shown": "\x00"})
    assert not probe.is_valid()
    assert probe.errors["name"] == [
        "Có ký tự điều khiển không hợp lệ (U+000B); hãy xóa ký tự đó rồi gửi lại."
    ]
    assert "U+001F" in str(probe.errors["tags"])
    assert "shown" not in probe.errors
    assert Probe(data={"name": "Dòng 1\nDòng 2\t", "tags": []}).is_valid()


def test_without_a_request_no_organisation_is_visible(tree):
    from apps.api.serializers import VisibleOrganizationField

    field = VisibleOrganizationField()
    field._context = {}  # bound to no request (a schema generator, a shell)
    assert not field.get_queryset().exists()


def test_a_visible_code_is_taken_and_a_hidden_one_is_answered_as_missing(tree, rf):
    from apps.api.serializers import CongressSerializer

    request = rf.post("/")
    request.user = tree.qb_secretary

    def organization(value):
        serializer = CongressSerializer(
            data={
                "organization": value,
                "term": "2025-2030",
                "ordinal": "XX",
                "opening_date": "2026-05-20",
            },
            context={"request": request},
        )
        valid = serializer.is_valid()
        return serializer.validated_data["organization"] if valid else serializer.errors

    assert organization("QB-PTM") == tree.ptm
    assert organization("HT") == {"organization": ["Không có tổ chức mã “HT”."]}


def test_the_congress_detail_reads_its_rules_from_the_evaluations_given():
    from types import SimpleNamespace

    from apps.api.serializers import CongressDetailSerializer

    evaluation = SimpleNamespace(
        as_dict=lambda: {"rules": {"R30": {"status": "done"}}},
        can_open=False,
        reasons=("Thiếu RA.",),
        earliest_lawful_opening=None,
    )
    serializer = CongressDetailSerializer(context={"evaluations": {7: evaluation}})
    congress = SimpleNamespace(pk=7)
    assert serializer.get_rules(congress) == {"R30": {"status": "done"}}
    assert serializer.get_can_open(congress) is False
    assert serializer.get_reasons(congress) == ["Thiếu RA."]
    assert serializer.get_earliest_lawful_opening(congress) is None
