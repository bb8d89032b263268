from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from apps.congresses.forms import OfficialDateForm
from apps.congresses.models import DocumentKind
from apps.core.forms import DatePickerInput, StyledFormMixin

from .models import Disposition


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn kiện"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), required=False, max_length=300)


class RoundForm(StyledFormMixin, forms.Form):
    """A new draft round: a file (PDF, DOCX, ODT; checked by content) and/or text written here."""

    file = forms.FileField(
        label=_("Tệp dự thảo"),
        required=False,
        help_text=_("PDF, DOCX hoặc ODT, tối đa %(size)s.")
        % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    body = forms.CharField(
        label=_("Nội dung dự thảo (soạn trên web)"),
        required=False,
        max_length=settings.EXTRACTED_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    change_summary = forms.CharField(
        label=_("Tóm tắt thay đổi so với lần trước"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CirculateForm(OfficialDateForm):
    all_subordinates = forms.BooleanField(label=_("Tất cả tổ chức đảng trực thuộc"), required=False)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Hoặc chọn tổ chức trực thuộc"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_committee_members = forms.BooleanField(
        label=_("Các đồng chí cấp ủy viên"), required=False
    )
    include_subordinate_secretaries = forms.BooleanField(
        label=_("Bí thư các chi bộ, đảng bộ trực thuộc"), required=False
    )
    comment_deadline = forms.DateField(label=_("Hạn góp ý"), widget=DatePickerInput())

    field_order = [
        "all_subordinates",
        "organizations",
        "include_committee_members",
        "include_subordinate_secretaries",
        "comment_deadline",
        "official_date",
        "reason",
    ]

    def __init__(self, *args, subordinates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = subordinates


class CommentForm(StyledFormMixin, forms.Form):
    capacity = forms.ChoiceField(label=_("Góp ý với tư cách"))
    section = forms.CharField(
        label=_("Phần/mục (để trống nếu góp ý chung)"), required=False, max_length=200
    )
    text = forms.CharField(label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Tệp kèm theo"), required=False)
    # The comment this form started from (0: a new one), so that a second post never silently
    # replaces a comment it did not show.
    amends = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)

    def __init__(self, *args, capacities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = capacities


class DisposeForm(StyledFormMixin, forms.Form):
    disposition = forms.ChoiceField(
        label=_("Xử lý"),
        choices=[c for c in Disposition.choices if c[0] != Disposition.PENDING],
    )
    note = forms.CharField(
        label=_("Tiếp thu / giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
