"""apps/delegates/forms.py: what the delegate forms read, offer and refuse (the services decide
the rest)."""

import datetime as dt
from types import SimpleNamespace

from apps.delegates.forms import (
    AdjustForm,
    CredentialsBoardForm,
    DelegateFactsForm,
    ElectionResultForm,
    MembershipCountForm,
    ReasonForm,
)


def _org(pk, code, name):
    return SimpleNamespace(pk=pk, code=code, name=name)


def test_membership_count_form_offers_the_given_organisations_by_code():
    orgs = [_org(1, "QB-PTM", "Đảng bộ Phòng Tham mưu"), _org(2, "QB-ANKT", "Chi bộ ANKT")]
    form = MembershipCountForm(
        {"organization": "QB-ANKT", "as_of": "2020-03-31", "official": 40, "probationary": 0},
        organizations=orgs,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organization"] == "QB-ANKT"
    assert form.fields["organization"].choices == [
        ("QB-PTM", "Đảng bộ Phòng Tham mưu"),
        ("QB-ANKT", "Chi bộ ANKT"),
    ]
    other = MembershipCountForm(
        {"organization": "HT", "as_of": "2020-03-31", "official": -1, "probationary": 0},
        organizations=orgs,
    )
    assert not other.is_valid() and set(other.errors) == {"organization", "official"}


def _shares():
    return [
        SimpleNamespace(
            organization_id=5, organization=SimpleNamespace(name="Đơn vị A"), seats=3, alternates=1
        ),
        SimpleNamespace(
            organization_id=8, organization=SimpleNamespace(name="Đơn vị B"), seats=2, alternates=1
        ),
    ]


def test_adjust_form_starts_from_the_shares_and_puts_the_reason_last():
    form = AdjustForm(shares=_shares())
    assert list(form.fields) == ["seats_5", "alternates_5", "seats_8", "alternates_8", "reason"]
    assert form.fields["seats_5"].initial == 3 and form.fields["alternates_8"].initial == 1
    assert str(form.fields["seats_8"].label) == "Chính thức: Đơn vị B"


def test_adjust_form_returns_seats_and_alternates_by_organisation():
    data = {
        "seats_5": 4,
        "alternates_5": 2,
        "seats_8": 1,
        "alternates_8": 0,
        "reason": "Trọng điểm",
    }
    form = AdjustForm(data, shares=_shares())
    assert form.is_valid(), form.errors
    assert form.seats() == {5: 4, 8: 1} and form.alternates() == {5: 2, 8: 0}
    bad = AdjustForm({**data, "alternates_5": -1, "reason": ""}, shares=_shares())
    assert not bad.is_valid() and set(bad.errors) == {"alternates_5", "reason"}


RESULT = {
    "election_date": "2020-06-10",
    "official_seats": 2,
    "alternate_seats": 1,
    "ballots_issued": 58,
    "ballots_valid": 58,
}


def test_election_result_form_reads_each_candidates_votes():
    candidates = [
        SimpleNamespace(pk=11, full_name="Người A"),
        SimpleNamespace(pk=12, full_name="Người B"),
    ]
    form = ElectionResultForm(
        {**RESULT, "summoned": 60, "excused": 2, "votes_11": 40, "votes_12": 30},
        candidates=candidates,
    )
    assert form.is_valid(), form.errors
    assert form.votes() == {11: 40, 12: 30}
    assert form.cleaned_data["election_date"] == dt.date(2020, 6, 10)
    missing = ElectionResultForm({**RESULT, "votes_11": 40}, candidates=candidates)
    assert not missing.is_valid() and list(missing.errors) == ["votes_12"]


def test_election_result_form_may_leave_the_base_to_the_attendance_record():
    typed = ElectionResultForm({**RESULT})
    assert typed.is_valid(), typed.errors  # the service asks for the summoned when needed
    assert typed.cleaned_data["summoned"] is None
    recorded = ElectionResultForm({**RESULT, "summoned": 0}, recorded=True)
    assert "summoned" not in recorded.fields and "excused" not in recorded.fields
    assert recorded.is_valid() and "summoned" not in recorded.cleaned_data
    assert not ElectionResultForm({**RESULT, "summoned": 0}).is_valid()


def test_reason_board_and_facts_forms():
    assert not ReasonForm({"reason": ""}).is_valid()
    assert not ReasonForm({"reason": "x" * 301}).is_valid()
    board = CredentialsBoardForm(
        {"head": "Trưởng Ban", "members": "A\nB", "report_date": "2020-08-20"}
    )
    assert board.is_valid() and board.cleaned_data["report_date"] == dt.date(2020, 8, 20)
    assert not CredentialsBoardForm({"head": "", "report_date": ""}).is_valid()
    facts = DelegateFactsForm({"full_name": "Tên", "sex": ""})
    assert facts.is_valid(), facts.errors
    assert facts.cleaned_data["birth_date"] is None and facts.cleaned_data["sex"] == ""
    assert not DelegateFactsForm({"full_name": "Tên", "sex": "other"}).is_valid()
