"""The import_organizations command: all or nothing, a non-zero exit and the row errors on
stderr, a dry run that writes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.organizations.models import Organization
from tests.organizations.import_files import to_csv

pytestmark = pytest.mark.django_db


def test_commands_exit_non_zero_on_errors(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([["A", "NOPE", "X", "", "central"]]))
    with pytest.raises(CommandError, match=r"1 lỗi; không ghi dòng nào\."):
        call_command("import_organizations", str(bad))
    assert "không có tổ chức cấp trên mã “NOPE”" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv([["A", "", "Gốc", "", "central"]]))
    call_command("import_organizations", str(good), "--dry-run")
    assert not Organization.objects.exists()
    call_command("import_organizations", str(good))
    assert Organization.objects.count() == 1
