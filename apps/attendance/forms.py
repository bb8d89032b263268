from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin

from .services import REASON_MAX


class CheckInForm(StyledFormMixin, forms.Form):
    """The door's form: the scanner fills `token` from the card's QR code; a person types
    `code` (printed under the QR code) when the camera cannot read the card."""

    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    code = forms.CharField(
        label=_("Mã đại biểu (in dưới mã QR trên thẻ)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ExcuseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do vắng mặt"), max_length=REASON_MAX)


class UndoForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy điểm danh"), max_length=REASON_MAX)
