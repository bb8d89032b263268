"""apps.api.delegate_serializers: the delegate endpoints' input is checked before a service
runs, and an allocation presents the shares its view passes (no query per share)."""

import datetime as dt
from types import SimpleNamespace

from apps.api.delegate_serializers import (
    AdjustInputSerializer,
    AllocationInputSerializer,
    AllocationSerializer,
    ElectionResultInputSerializer,
)


def test_an_allocation_needs_a_seat_and_two_dates():
    good = AllocationInputSerializer(
        data={"seats": 1, "counts_as_of": "2026-03-02", "decided_on": "2026-03-05"}
    )
    assert good.is_valid() and good.validated_data["counts_as_of"] == dt.date(2026, 3, 2)
    bad = AllocationInputSerializer(data={"seats": 0, "counts_as_of": "31/02/2026"})
    assert not bad.is_valid()
    assert set(bad.errors) == {"seats", "counts_as_of", "decided_on"}


def test_an_adjustment_needs_a_reason_and_no_negative_seats():
    ok = AdjustInputSerializer(
        data={"reason": "Cân đối", "shares": [{"organization": "QB-PTM", "seats": 0}]}
    )
    assert ok.is_valid(), ok.errors
    assert ok.validated_data["shares"][0] == {"organization": "QB-PTM", "seats": 0}
    bad = AdjustInputSerializer(
        data={"reason": "", "shares": [{"organization": "Q\x0bB", "seats": -1, "alternates": -1}]}
    )
    assert not bad.is_valid()
    assert set(bad.errors) == {"reason", "shares"}
    assert set(bad.errors["shares"][0]) == {"organization", "seats", "alternates"}


def test_the_shares_come_from_the_context_in_its_order():
    allocation = SimpleNamespace(
        seats=10,
        by_right=2,
        to_allocate=8,
        counts_as_of=dt.date(2026, 3, 2),
        decided_on=dt.date(2026, 3, 5),
        issued_on=None,
    )
    share = SimpleNamespace(
        organization=SimpleNamespace(code="QB-PTM", name="Đảng bộ Phòng Tham mưu"),
        official_members=37,
        computed_seats=5,
        seats=5,
        alternates=1,
        adjustment_reason="",
    )
    data = AllocationSerializer(allocation, context={"shares": [share]}).data
    assert data["issued_on"] is None and data["counts_as_of"] == "2026-03-02"
    assert [dict(s) for s in data["shares"]] == [
        {
            "organization": "QB-PTM",
            "name": "Đảng bộ Phòng Tham mưu",
            "official_members": 37,
            "computed_seats": 5,
            "seats": 5,
            "alternates": 1,
            "adjustment_reason": "",
        }
    ]
    assert AllocationSerializer(allocation).data["shares"] == []  # no list passed: none


def test_an_election_result_needs_candidates_and_fills_what_may_be_omitted():
    base = {"official_seats": 3, "alternate_seats": 1, "ballots_issued": 90, "ballots_valid": 88}
    empty = ElectionResultInputSerializer(data={**base, "candidates": []})
    assert not empty.is_valid() and list(empty.errors) == ["candidates"]
    candidate = {
        "full_name": "Nguyễn Văn A",
        "birth_date": "1975-01-01",
        "sex": "male",
        "votes": 60,
    }
    result = ElectionResultInputSerializer(data={**base, "candidates": [candidate]})
    assert result.is_valid(), result.errors
    data = result.validated_data
    assert (data["summoned"], data["excused"], data["election_date"]) == (None, None, None)
    person = data["candidates"][0]
    assert (person["ethnicity"], person["current_post"], person["new_committee_member"]) == (
        "Kinh",
        "",
        False,
    )
    wrong = ElectionResultInputSerializer(
        data={**base, "ballots_valid": -1, "candidates": [{**candidate, "sex": "x", "votes": -2}]}
    )
    assert not wrong.is_valid()
    assert set(wrong.errors) == {"ballots_valid", "candidates"}
    assert set(wrong.errors["candidates"][0]) == {"sex", "votes"}
