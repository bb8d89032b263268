"""The one check for text that comes in: no control characters.

Forms (every CharField, through StyledFormMixin), API serializers (every CharField, through
CleanTextSerializerMixin), importers (every cell, in apps.core.tables) and the URL and query
string (apps.core.middleware) all use `control_character_in`. A NUL byte cannot be stored by
PostgreSQL (it answered 500), and characters like \\x0b cannot be written to XLSX at all; text
areas keep their line breaks and tabs.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; the two
# non-characters U+FFFE/U+FFFF (XML refuses them too).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_character_in(value: str) -> str | None:
    """The first control character in `value` shown as U+XXXX, or None when there is none."""
    found = CONTROL_CHARACTERS.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_message(code: str) -> str:
    return _("Có ký tự điều khiển không hợp lệ (%(c)s); hãy xóa ký tự đó rồi gửi lại.") % {
        "c": code
    }


def no_control_characters(value: object) -> None:
    """A Django validator (forms and serializers)."""
    if isinstance(value, str):
        code = control_character_in(value)
        if code:
            raise ValidationError(control_character_message(code), code="control_character")
