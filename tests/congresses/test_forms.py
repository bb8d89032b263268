"""The congress forms: what each accepts and refuses, in which words; the term fixed once a
congress exists; a returned report needs the superior's opinion."""

import datetime as dt

import pytest

from apps.congresses.forms import (
    CongressForm,
    DecisionForm,
    LessonsMeetingForm,
    OfficialDateForm,
    PostponeForm,
    SuperiorReportForm,
)
from apps.congresses.models import Decision
from tests.factories import CongressFactory, term

pytestmark = pytest.mark.django_db


def congress_data(**over) -> dict:
    return {
        "term": term().pk,
        "ordinal": "XVII",
        "kind": "delegates",
        "opening_date": "30/06/2020",
        "days": "2",
        "place": "Đồng Hới",
        "delegate_count": "",
        "is_pilot": "",
    } | over


def test_a_congress_is_scheduled_with_a_date_typed_as_dd_mm_yyyy():
    form = CongressForm(congress_data())
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["opening_date"] == dt.date(2020, 6, 30) and data["days"] == 2
    assert data["delegate_count"] is None and data["is_pilot"] is False
    assert form.fields["opening_date"].help_text == "Định dạng dd/mm/yyyy"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"opening_date": "31/02/2020"}, "opening_date"),
        ({"days": "0"}, "days"),
        ({"days": "11"}, "days"),
        ({"kind": "họp"}, "kind"),
        ({"ordinal": ""}, "ordinal"),
        ({"term": "999999"}, "term"),
    ],
)
def test_bad_values_are_refused_on_their_field(over, field):
    form = CongressForm(congress_data(**over))
    assert not form.is_valid() and list(form.errors) == [field]


def test_the_term_of_an_existing_congress_cannot_be_changed(tree):
    congress = CongressFactory(organization=tree.ptm, term=term("2020-2025"))
    form = CongressForm(congress_data(term=term("2025-2030").pk), instance=congress)
    assert form.fields["term"].disabled
    assert form.is_valid(), form.errors
    assert form.cleaned_data["term"] == congress.term  # the posted term is ignored
    assert not CongressForm(congress_data()).fields["term"].disabled


def test_a_postponement_needs_a_new_date_and_a_reason():
    assert PostponeForm({"new_date": "15/07/2020", "reason": "Bão"}).is_valid()
    form = PostponeForm({"new_date": "", "reason": ""})
    assert not form.is_valid() and set(form.errors) == {"new_date", "reason"}


def test_an_official_date_may_be_left_empty_and_its_reason_is_bounded():
    form = OfficialDateForm({})
    assert form.is_valid() and form.cleaned_data["official_date"] is None
    assert not OfficialDateForm({"official_date": "1/13/2020"}).is_valid()
    assert not OfficialDateForm({"reason": "x" * 301}).is_valid()
    report = SuperiorReportForm({"official_date": "10/06/2020", "note": "Tóm tắt"})
    assert report.is_valid() and report.cleaned_data["official_date"] == dt.date(2020, 6, 10)


def test_a_returned_report_needs_an_opinion_an_approval_does_not():
    assert DecisionForm({"decision": Decision.APPROVED}).is_valid()
    returned = DecisionForm({"decision": Decision.RETURNED, "note": "   "})
    assert not returned.is_valid()
    assert returned.errors["note"] == ["Trả lại báo cáo cần ghi rõ ý kiến."]
    assert DecisionForm({"decision": Decision.RETURNED, "note": "Bổ sung nhân sự"}).is_valid()
    pending = DecisionForm({"decision": Decision.PENDING})
    assert not pending.is_valid() and "decision" in pending.errors  # not a choice to make


def test_a_lessons_meeting_needs_a_term_only():
    form = LessonsMeetingForm({"term": term().pk})
    assert form.is_valid() and form.cleaned_data["held_on"] is None
    assert not LessonsMeetingForm({"held_on": "01/03/2020"}).is_valid()
