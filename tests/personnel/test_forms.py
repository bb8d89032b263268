"""apps/personnel/forms.py: what the plan, list, import, approval, results, first-meeting and
ratification forms accept and refuse."""

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.personnel.forms import (
    CandidateForm,
    CandidateFormSet,
    FirstMeetingForm,
    PlanForm,
    PlanImportForm,
    RatifyForm,
    ResultsForm,
)


def test_plan_form_refuses_more_standing_than_committee_seats():
    form = PlanForm({"seats": 5, "standing_seats": 6, "deputy_posts": 1, "inspection_seats": 0})
    assert not form.is_valid()
    assert form.errors["standing_seats"] == [
        "Số Ủy viên Ban Thường vụ không được vượt số cấp ủy viên."
    ]
    ok = PlanForm({"seats": 5, "standing_seats": 5, "deputy_posts": 1, "inspection_seats": 0})
    assert ok.is_valid(), ok.errors


def test_plan_form_bounds_each_number():
    form = PlanForm({"seats": 0, "standing_seats": -1, "deputy_posts": 6, "inspection_seats": 51})
    assert not form.is_valid()
    assert set(form.errors) == {"seats", "standing_seats", "deputy_posts", "inspection_seats"}


def test_candidate_form_reads_posts_and_refuses_an_unknown_one():
    data = {
        "full_name": "Nguyễn Văn A",
        "birth_date": "1980-02-01",
        "sex": "male",
        "ethnicity": "Kinh",
    }
    form = CandidateForm({**data, "proposed_posts": ["secretary", "standing"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["proposed_posts"] == ["secretary", "standing"]
    assert form.cleaned_data["birth_date"] == dt.date(1980, 2, 1)
    assert not form.cleaned_data["is_incumbent"]
    bad = CandidateForm({**data, "sex": "other", "proposed_posts": ["treasurer"]})
    assert not bad.is_valid() and set(bad.errors) == {"sex", "proposed_posts"}


def test_the_candidate_formset_offers_three_empty_rows_that_may_be_deleted():
    formset = CandidateFormSet()
    assert len(formset.forms) == 3 and formset.can_delete


def test_the_import_form_refuses_a_file_that_is_not_csv_or_xlsx():
    form = PlanImportForm({}, {"file": SimpleUploadedFile("ds.pdf", b"%PDF-1.7")})
    assert not form.is_valid() and list(form.errors) == ["file"]
    ok = PlanImportForm({}, {"file": SimpleUploadedFile("ds.csv", b"full_name,birth_date,sex\n")})
    assert ok.is_valid(), ok.errors


def _candidates():
    return [SimpleNamespace(pk=7, full_name="Người A"), SimpleNamespace(pk=9, full_name="Người B")]


RESULTS = {
    "election_date": "2020-06-30",
    "counting_board_head": "Trưởng ban",
    "ballots_issued": 148,
    "ballots_valid": 147,
}


def test_results_form_has_one_vote_field_per_candidate_and_returns_the_votes():
    form = ResultsForm(
        {**RESULTS, "summoned": 150, "excused": 2, "votes_7": 100, "votes_9": 40},
        candidates=_candidates(),
    )
    assert form.is_valid(), form.errors
    assert form.votes() == {7: 100, 9: 40}
    assert str(form.fields["votes_7"].label) == "Số phiếu: Người A"


def test_results_form_refuses_negative_or_missing_votes():
    form = ResultsForm({**RESULTS, "summoned": 150, "votes_7": -1}, candidates=_candidates())
    assert not form.is_valid() and {"votes_7", "votes_9"} <= set(form.errors)


def test_results_form_does_not_ask_for_the_base_when_attendance_records_it():
    form = ResultsForm(
        {**RESULTS, "votes_7": 1, "votes_9": 2}, candidates=_candidates(), base_recorded=True
    )
    assert "summoned" not in form.fields and "excused" not in form.fields
    assert form.is_valid(), form.errors
    typed = ResultsForm({**RESULTS, "votes_7": 1, "votes_9": 2}, candidates=_candidates())
    assert not typed.is_valid() and list(typed.errors) == ["summoned", "excused"]


def test_first_meeting_form_offers_the_four_posts_to_each_elected():
    elected = [
        SimpleNamespace(candidate_id=7, candidate=SimpleNamespace(full_name="Người A")),
        SimpleNamespace(candidate_id=9, candidate=SimpleNamespace(full_name="Người B")),
    ]
    form = FirstMeetingForm(
        {"meeting_date": "2020-07-01", "post_7": "secretary", "post_9": "committee"},
        elected=elected,
    )
    assert form.is_valid(), form.errors
    assert form.posts() == {7: "secretary", 9: "committee"}
    assert [c[0] for c in form.fields["post_7"].choices] == [
        "committee",
        "standing",
        "deputy",
        "secretary",
    ]
    inspection = FirstMeetingForm(
        {"meeting_date": "2020-07-01", "post_7": "inspection", "post_9": "committee"},
        elected=elected,
    )
    assert not inspection.is_valid() and list(inspection.errors) == ["post_7"]


def test_ratify_form_needs_a_number_and_a_date():
    form = RatifyForm({"decision_number": "", "decision_date": "ngày mai"})
    assert not form.is_valid() and set(form.errors) == {"decision_number", "decision_date"}
    ok = RatifyForm({"decision_number": "125-QĐ/ĐU", "decision_date": "2020-07-02"})
    assert ok.is_valid() and ok.cleaned_data["policy_note"] == ""
