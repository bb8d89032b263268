from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Mã 6 chữ số hoặc mã dự phòng"),
        max_length=16,
        help_text=_(
            "Mở ứng dụng xác thực trên điện thoại; mất điện thoại thì dùng một mã dự phòng."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
