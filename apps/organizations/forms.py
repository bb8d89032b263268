from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin

from .models import Organization, OrganizationKind


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    """A subordinate organisation added by the office; the code is checked before the service."""

    class Meta:
        model = Organization
        fields = ["code", "name", "short_name", "kind"]
        widgets = {"kind": forms.Select(choices=OrganizationKind.choices)}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if Organization.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(
                _("Mã tổ chức “%(code)s” đã tồn tại."), params={"code": code}, code="unique"
            )
        return code


class OrganizationSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm tổ chức"), required=False, max_length=100)
