"""The door's and the list's forms: what they accept and what they refuse, with which words."""

from apps.attendance.forms import CheckInForm, ExcuseForm, UndoForm
from apps.attendance.services import REASON_MAX


def test_the_door_form_takes_a_token_or_a_typed_code_or_neither():
    # Neither is no form error: the service says what is missing, in its own words.
    for data in ({}, {"token": "1:ABC:sig"}, {"code": " b28g-93fk "}):
        form = CheckInForm(data)
        assert form.is_valid(), form.errors
    typed = CheckInForm({"code": " b28g-93fk "})
    assert typed.is_valid() and typed.cleaned_data["code"] == "b28g-93fk"


def test_the_door_form_refuses_overlong_input():
    form = CheckInForm({"code": "X" * 33, "token": "t" * 201})
    assert not form.is_valid()
    assert set(form.errors) == {"code", "token"}
    assert "32" in form.errors["code"][0] and "200" in form.errors["token"][0]


def test_a_reason_is_required_and_bounded():
    for form_class in (ExcuseForm, UndoForm):
        assert not form_class({"reason": ""}).is_valid()
        assert not form_class({"reason": "   "}).is_valid()  # stripped: blank
        assert not form_class({"reason": "x" * (REASON_MAX + 1)}).is_valid()
        form = form_class({"reason": "  Ốm  "})
        assert form.is_valid() and form.cleaned_data["reason"] == "Ốm"
