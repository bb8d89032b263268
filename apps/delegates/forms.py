"""Forms of the delegate pages: they read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DatePickerInput, StyledFormMixin
from apps.personnel.models import Sex


class MembershipCountForm(StyledFormMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Tổ chức đảng"))
    as_of = forms.DateField(label=_("Số liệu tính đến ngày"), widget=DatePickerInput())
    official = forms.IntegerField(label=_("Số đảng viên chính thức"), min_value=0)
    probationary = forms.IntegerField(label=_("Số đảng viên dự bị"), min_value=0, initial=0)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.code, o.name) for o in organizations]


class AllocationForm(StyledFormMixin, forms.Form):
    seats = forms.IntegerField(label=_("Tổng số đại biểu chính thức"), min_value=1)
    counts_as_of = forms.DateField(label=_("Số đảng viên tính đến ngày"), widget=DatePickerInput())
    decided_on = forms.DateField(label=_("Ngày Ban Thường vụ quyết định"), widget=DatePickerInput())


class AdjustForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, shares=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.shares = list(shares)
        for s in self.shares:
            self.fields[f"seats_{s.organization_id}"] = forms.IntegerField(
                label=_("Chính thức: %(org)s") % {"org": s.organization.name},
                min_value=0,
                initial=s.seats,
            )
            self.fields[f"alternates_{s.organization_id}"] = forms.IntegerField(
                label=_("Dự khuyết: %(org)s") % {"org": s.organization.name},
                min_value=0,
                initial=s.alternates,
            )
        self.order_fields([*[f for f in self.fields if f != "reason"], "reason"])

    def seats(self) -> dict[int, int]:
        return {
            s.organization_id: self.cleaned_data[f"seats_{s.organization_id}"] for s in self.shares
        }

    def alternates(self) -> dict[int, int]:
        return {
            s.organization_id: self.cleaned_data[f"alternates_{s.organization_id}"]
            for s in self.shares
        }


class CandidateForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = forms.DateField(label=_("Ngày sinh"), widget=DatePickerInput())
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, initial="Kinh")
    current_post = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    new_committee_member = forms.BooleanField(label=_("Cấp ủy viên mới"), required=False)


class ElectionResultForm(StyledFormMixin, forms.Form):
    election_date = forms.DateField(label=_("Ngày bầu"), widget=DatePickerInput())
    official_seats = forms.IntegerField(label=_("Số đại biểu chính thức bầu"), min_value=0)
    alternate_seats = forms.IntegerField(label=_("Số đại biểu dự khuyết bầu"), min_value=0)
    summoned = forms.IntegerField(
        label=_("Số đại biểu/đảng viên được triệu tập"), min_value=1, required=False
    )
    excused = forms.IntegerField(
        label=_("Số được trừ theo quy định (vắng không có người thay...)"),
        min_value=0,
        initial=0,
        required=False,
    )
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    ballots_valid = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0)

    def __init__(self, *args, candidates=(), recorded=False, **kwargs):
        super().__init__(*args, **kwargs)
        if recorded:  # the attendance record gives them (personnel.convened_base)
            del self.fields["summoned"], self.fields["excused"]
        self.candidates = list(candidates)
        for c in self.candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Số phiếu: %(name)s") % {"name": c.full_name}, min_value=0
            )
            self.fields[f"votes_{c.pk}"].widget.attrs["class"] = "form-control"

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class CredentialsBoardForm(StyledFormMixin, forms.Form):
    head = forms.CharField(label=_("Trưởng Ban thẩm tra tư cách đại biểu"), max_length=150)
    members = forms.CharField(
        label=_("Các thành viên (mỗi người một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report_date = forms.DateField(label=_("Ngày báo cáo"), widget=DatePickerInput())


class DelegateFactsForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=DatePickerInput())
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, required=False)
    current_post = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    new_committee_member = forms.BooleanField(label=_("Cấp ủy viên mới"), required=False)
