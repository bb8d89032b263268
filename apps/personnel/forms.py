from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DatePickerInput, StyledFormMixin, import_upload

from .models import Post, Sex


class PlanForm(StyledFormMixin, forms.Form):
    seats = forms.IntegerField(label=_("Số lượng cấp ủy viên"), min_value=1, max_value=200)
    standing_seats = forms.IntegerField(
        label=_("Số lượng Ủy viên Ban Thường vụ"), min_value=0, max_value=50, initial=0
    )
    deputy_posts = forms.IntegerField(label=_("Số Phó Bí thư"), min_value=0, max_value=5, initial=1)
    inspection_seats = forms.IntegerField(
        label=_("Số Ủy viên Ủy ban Kiểm tra"), min_value=0, max_value=50, initial=0
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if (data.get("standing_seats") or 0) > (data.get("seats") or 0):
            self.add_error(
                "standing_seats", _("Số Ủy viên Ban Thường vụ không được vượt số cấp ủy viên.")
            )
        return data


class CandidateForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = forms.DateField(label=_("Ngày sinh"), widget=DatePickerInput())
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, initial="Kinh")
    current_post = forms.CharField(label=_("Chức vụ hiện tại"), max_length=200, required=False)
    is_incumbent = forms.BooleanField(label=_("Tái cử"), required=False)
    proposed_posts = forms.MultipleChoiceField(
        label=_("Dự kiến chức danh"),
        choices=Post.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


CandidateFormSet = forms.formset_factory(CandidateForm, extra=3, can_delete=True)


class PlanImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (CSV hoặc XLSX)"),
        help_text=_(
            "Cột: full_name, birth_date, sex, ethnicity, current_post, is_incumbent, proposed_posts"
        ),
    )

    def clean_file(self):
        return import_upload(self.cleaned_data["file"])


class TransitionForm(StyledFormMixin, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting_date = forms.DateField(
        label=_("Ngày họp Ban Thường vụ"), required=False, widget=DatePickerInput()
    )
    votes_for = forms.IntegerField(label=_("Số phiếu tán thành"), required=False, min_value=0)
    votes_total = forms.IntegerField(label=_("Số thành viên dự họp"), required=False, min_value=0)


class ResultsForm(StyledFormMixin, forms.Form):
    election_date = forms.DateField(label=_("Ngày bầu cử"), widget=DatePickerInput())
    counting_board_head = forms.CharField(label=_("Trưởng Ban kiểm phiếu"), max_length=150)
    counting_board_members = forms.CharField(
        label=_("Các thành viên khác của Ban kiểm phiếu (mỗi người một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summoned = forms.IntegerField(label=_("Số đại biểu/đảng viên được triệu tập"), min_value=1)
    excused = forms.IntegerField(
        label=_("Số được trừ theo quy định (vắng không có người thay...)"), min_value=0, initial=0
    )
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    ballots_valid = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0)

    def __init__(self, *args, candidates=(), base_recorded=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        if base_recorded:  # read from the attendance record, not typed (convened_base.py)
            del self.fields["summoned"]
            del self.fields["excused"]
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Số phiếu: %(name)s") % {"name": c.full_name}, min_value=0
            )
            self.fields[f"votes_{c.pk}"].widget.attrs["class"] = "form-control"

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}


class FirstMeetingForm(StyledFormMixin, forms.Form):
    meeting_date = forms.DateField(label=_("Ngày hội nghị lần thứ nhất"), widget=DatePickerInput())

    def __init__(self, *args, elected=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.elected = list(elected)
        for vote in self.elected:
            field = forms.ChoiceField(
                label=vote.candidate.full_name,
                choices=[
                    (Post.COMMITTEE, Post.COMMITTEE.label),
                    (Post.STANDING, Post.STANDING.label),
                    (Post.DEPUTY, Post.DEPUTY.label),
                    (Post.SECRETARY, Post.SECRETARY.label),
                ],
            )
            field.widget.attrs["class"] = "form-select"
            self.fields[f"post_{vote.candidate_id}"] = field

    def posts(self) -> dict[int, str]:
        return {v.candidate_id: self.cleaned_data[f"post_{v.candidate_id}"] for v in self.elected}


class RatifyForm(StyledFormMixin, forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định chuẩn y"), max_length=50, help_text=_("Ví dụ: 125-QĐ/ĐU")
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DatePickerInput())
    policy_note = forms.CharField(
        label=_("Chính sách đối với cấp ủy viên không tái cử"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
