"""Form widgets and classes shared by every form of the site, and the one check every text field
gets (no control characters, apps.core.validators).

Forms are laid out by django-crispy-forms (Bootstrap 5 pack) through templates/_form.html; the
classes set here are for the few fields a page renders by hand (a search box, a formset row).
"""

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from apps.core.validators import no_control_characters


class DatePickerInput(forms.DateInput):
    """A date typed or picked as dd/mm/yyyy. The picker is vanillajs-datepicker, vendored under
    static/ and started by static/js/portal.js on `data-datepicker`: a text field rather than
    `<input type="date">`, whose display format follows the browser's locale, not ours."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "data-datepicker": "",
            "autocomplete": "off",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                # Ours names U+0000 in the page's language; Django's own NUL check would add
                # "Null characters are not allowed." in English (its Vietnamese has no entry).
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                if no_control_characters not in field.validators:
                    field.validators.append(no_control_characters)
            widget = field.widget
            if isinstance(
                widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
            ):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def import_upload(upload, max_bytes: int | None = None):
    """A CSV or XLSX to import, refused before it is read when its name or size is wrong
    (settings.IMPORT_MAX_BYTES, or `max_bytes` for an import made as a job): the one check of
    the import forms' `clean_file`."""
    limit = max_bytes or settings.IMPORT_MAX_BYTES
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    if upload.size > limit:
        raise forms.ValidationError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
        )
    return upload
