from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledFormMixin

from .models import Organization, OrganizationKind
from .services import code_taken, code_unavailable


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    """A subordinate organisation added by the office; the code is checked before the service."""

    class Meta:
        model = Organization
        fields = ["code", "name", "short_name", "kind"]
        widgets = {"kind": forms.Select(choices=OrganizationKind.choices)}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code_taken(code):
            raise forms.ValidationError(code_unavailable(code), code="unique")
        return code


class OrganizationSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm tổ chức"), required=False, max_length=100)
