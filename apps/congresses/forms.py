from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DatePickerInput, StyledFormMixin

from .models import Congress, Decision, Term


class CongressForm(StyledFormMixin, forms.ModelForm):
    """Scheduling or editing a congress. The rules are not checked here: the service refuses a
    date in the past (its message lands on the field), and the page shows the evaluation of the
    saved date and warns, so a secretary sees why and what date would do."""

    class Meta:
        model = Congress
        fields = [
            "term",
            "ordinal",
            "kind",
            "opening_date",
            "days",
            "place",
            "delegate_count",
            "is_pilot",
        ]
        widgets = {"opening_date": DatePickerInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.all()
        self.fields["opening_date"].help_text = _("Định dạng dd/mm/yyyy")
        if self.instance.pk:
            self.fields["term"].disabled = True


class PostponeForm(StyledFormMixin, forms.Form):
    """A new date and why. "Not in the past" is the service's rule (rules.py), on the field."""

    new_date = forms.DateField(label=_("Ngày khai mạc mới"), widget=DatePickerInput())
    reason = forms.CharField(label=_("Lý do hoãn"), widget=forms.Textarea(attrs={"rows": 3}))


class OfficialDateForm(StyledFormMixin, forms.Form):
    """The official date of a dispatch. Its rules (never future; earlier only by an officer with a
    reason) live in official_dates.py; the view puts the service's refusal on the field."""

    official_date = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        widget=DatePickerInput(),
        help_text=_("Để trống là hôm nay. Ghi ngày trước hôm nay cần lý do (cán bộ văn phòng)."),
    )
    reason = forms.CharField(label=_("Lý do ghi ngày trước"), required=False, max_length=300)


class SuperiorReportForm(OfficialDateForm):
    note = forms.CharField(
        label=_("Nội dung tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(OfficialDateForm):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[
            (Decision.APPROVED, Decision.APPROVED.label),
            (Decision.RETURNED, Decision.RETURNED.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.RETURNED and not (data.get("note") or "").strip():
            self.add_error("note", _("Trả lại báo cáo cần ghi rõ ý kiến."))
        return data


class LessonsMeetingForm(StyledFormMixin, forms.Form):
    term = forms.ModelChoiceField(label=_("Nhiệm kỳ"), queryset=Term.objects.all())
    held_on = forms.DateField(
        label=_("Ngày hội nghị rút kinh nghiệm"),
        required=False,
        widget=DatePickerInput(),
        help_text=_("Để trống nếu mới chọn đại hội điểm, chưa tổ chức hội nghị."),
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
