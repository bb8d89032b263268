"""The demo loader (apps/devtools/demo) through its command, and its refusal in production."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.congresses.models import Congress
from apps.organizations.models import Organization
from tests.factories import term

pytestmark = pytest.mark.django_db


def test_loads_once_and_lists_the_accounts():
    term("2020-2025"), term("2025-2030")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Đã nạp dữ liệu mẫu." in out.getvalue()
    assert "superuser: trang quản trị /admin/" in out.getvalue()
    organisations, congresses = Organization.objects.count(), Congress.objects.count()
    assert organisations > 5 and congresses > 5
    assert Congress.objects.filter(organization__code="QB", ordinal="XVII").exists()

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "Dữ liệu mẫu đã có sẵn; không nạp lại." in again.getvalue()
    assert (Organization.objects.count(), Congress.objects.count()) == (organisations, congresses)


def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Organization.objects.exists()
