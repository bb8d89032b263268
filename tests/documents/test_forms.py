"""apps/documents/forms.py: what each drafts form accepts, refuses and offers."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.documents.forms import CirculateForm, CommentForm, DisposeForm, DocumentForm, RoundForm
from apps.organizations.models import Organization


def test_document_form_accepts_a_known_kind_only():
    assert DocumentForm({"kind": "political_report", "title": ""}).is_valid()
    form = DocumentForm({"kind": "memoirs", "title": "x"})
    assert not form.is_valid() and list(form.errors) == ["kind"]


def test_round_form_may_be_left_empty_the_service_says_what_is_missing():
    form = RoundForm({})
    assert form.is_valid()
    assert form.cleaned_data == {"file": None, "body": "", "change_summary": ""}


def test_round_form_takes_a_file_and_refuses_an_overlong_body(settings):
    upload = SimpleUploadedFile("a.docx", b"PK")
    form = RoundForm({"body": "Nội dung"}, {"file": upload})
    assert form.is_valid() and form.cleaned_data["file"] is upload
    limit = settings.EXTRACTED_TEXT_MAX_CHARS
    too_long = RoundForm({"body": "x" * (limit + 1)})
    assert not too_long.is_valid() and list(too_long.errors) == ["body"]


def test_round_form_refuses_control_characters_in_the_text():
    form = RoundForm({"body": "Phần I\x00"})
    assert not form.is_valid() and "body" in form.errors


def test_round_form_says_which_files_and_how_large():
    field = RoundForm().fields["file"]
    assert "PDF, DOCX hoặc ODT" in str(field.help_text)
    assert field.widget.attrs["accept"] == ".pdf,.docx,.odt"


@pytest.mark.django_db
def test_circulate_form_offers_only_the_given_subordinates(tree):
    subordinates = Organization.objects.filter(pk__in=[tree.ptm.pk, tree.ankt.pk])
    form = CirculateForm(
        {"organizations": [tree.ptm.pk], "comment_deadline": "2020-05-20"},
        subordinates=subordinates,
    )
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["organizations"]) == [tree.ptm]
    assert form.cleaned_data["comment_deadline"] == dt.date(2020, 5, 20)
    assert form.cleaned_data["official_date"] is None  # today, decided by the service
    assert not form.cleaned_data["all_subordinates"]
    stranger = CirculateForm(
        {"organizations": [tree.ht_ptm.pk], "comment_deadline": "2020-05-20"},
        subordinates=subordinates,
    )
    assert not stranger.is_valid() and list(stranger.errors) == ["organizations"]


@pytest.mark.django_db
def test_circulate_form_needs_a_deadline_and_puts_the_recipients_first(tree):
    form = CirculateForm({"all_subordinates": "on"}, subordinates=Organization.objects.none())
    assert not form.is_valid() and list(form.errors) == ["comment_deadline"]
    assert list(form.fields) == [
        "all_subordinates",
        "organizations",
        "include_committee_members",
        "include_subordinate_secretaries",
        "comment_deadline",
        "official_date",
        "reason",
    ]


def test_comment_form_offers_the_capacities_it_is_given():
    capacities = [("org:QB-PTM", "Đảng bộ Phòng Tham mưu"), ("me", "Cá nhân")]
    form = CommentForm({"capacity": "me", "text": "Nhất trí"}, capacities=capacities)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amends"] is None and form.cleaned_data["section"] == ""
    other = CommentForm({"capacity": "org:HT", "text": "x"}, capacities=capacities)
    assert not other.is_valid() and list(other.errors) == ["capacity"]
    empty = CommentForm({"capacity": "me", "text": ""}, capacities=capacities)
    assert not empty.is_valid() and list(empty.errors) == ["text"]


def test_comment_form_without_capacities_accepts_none():
    form = CommentForm({"capacity": "me", "text": "x"})
    assert not form.is_valid() and "capacity" in form.errors


def test_dispose_form_never_offers_not_handled():
    choices = [value for value, _label in DisposeForm().fields["disposition"].choices]
    assert choices == ["accepted", "explained", "not_accepted"]
    assert not DisposeForm({"disposition": "pending"}).is_valid()
    form = DisposeForm({"disposition": "explained", "note": "Giữ nguyên"})
    assert form.is_valid() and form.cleaned_data["note"] == "Giữ nguyên"
