"""apps.core.forms: every text field refuses control characters, widgets get the site's classes,
dates are dd/mm/yyyy, and an import upload is checked by name and size before it is read."""

import datetime as dt

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.forms import DatePickerInput, StyledFormMixin, import_upload
from apps.core.validators import no_control_characters


class _Form(StyledFormMixin, forms.Form):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea(attrs={"class": "wide"}), required=False)
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A")])
    day = forms.DateField(widget=DatePickerInput, input_formats=["%d/%m/%Y"], required=False)


def test_text_fields_refuse_control_characters_and_keep_line_breaks():
    form = _Form({"name": "Chi bộ\x00A", "note": "dòng 1\r\n\tdòng 2", "kind": "a"})
    assert not form.is_valid()
    assert form.errors["name"] == [
        "Có ký tự điều khiển không hợp lệ (U+0000); hãy xóa ký tự đó rồi gửi lại."
    ]
    assert "note" not in form.errors


def test_the_validator_is_added_once_and_widgets_get_their_classes():
    form = _Form()
    _Form()  # a second form of the class shares no validator list with the first's
    assert form.fields["name"].validators.count(no_control_characters) == 1
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "form-control",
        "note": "wide form-control",
        "agree": "form-check-input",
        "kind": "form-select",
        "day": "form-control",
    }


def test_the_date_picker_shows_and_reads_dd_mm_yyyy():
    widget = DatePickerInput(attrs={"placeholder": "ngày họp"})
    html = widget.render("day", dt.date(2026, 3, 2))
    assert 'value="02/03/2026"' in html and "data-datepicker" in html
    assert 'placeholder="ngày họp"' in html and 'autocomplete="off"' in html
    form = _Form({"name": "x", "kind": "a", "day": "02/03/2026"})
    assert form.is_valid() and form.cleaned_data["day"] == dt.date(2026, 3, 2)


def test_an_import_upload_must_be_csv_or_xlsx_within_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 10
    ok = SimpleUploadedFile("Danh_sach.XLSX", b"0123456789")
    assert import_upload(ok) is ok
    with pytest.raises(forms.ValidationError) as wrong_kind:
        import_upload(SimpleUploadedFile("danh_sach.xls", b"x"))
    assert wrong_kind.value.messages == ["Chỉ nhận tệp .csv hoặc .xlsx."]
    with pytest.raises(forms.ValidationError) as too_big:
        import_upload(SimpleUploadedFile("a.csv", b"x" * 11))
    assert too_big.value.messages == ["Tệp quá lớn (11\xa0byte); giới hạn là 10\xa0byte."]
    big = SimpleUploadedFile("a.csv", b"x" * 11)
    assert import_upload(big, max_bytes=20) is big  # a job's own limit
