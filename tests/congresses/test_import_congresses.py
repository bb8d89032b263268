"""The import_congresses command: a schedule file with the rules of the actor it names (or as the
operator), a dry run writing nothing, the row errors on stderr and a non-zero exit."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.congresses.models import Congress

pytestmark = pytest.mark.django_db
HEADER = "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"


def test_a_dry_run_then_the_import(tree, tmp_path):
    path = tmp_path / "lich.csv"
    path.write_text(HEADER + "QB-PTM,2025-2030,XX,delegates,08/04/2029,1,Hội trường,false\n")
    call_command("import_congresses", str(path), "--dry-run")
    assert not Congress.objects.exists()
    call_command("import_congresses", str(path), "--actor", "vanphong.qb")
    congress = Congress.objects.get()
    assert (congress.organization, congress.ordinal, congress.place) == (
        tree.ptm,
        "XX",
        "Hội trường",
    )


def test_row_errors_go_to_stderr_and_nothing_is_written(tree, tmp_path, capsys):
    path = tmp_path / "lich.csv"
    path.write_text(
        HEADER
        + "QB-PTM,2025-2030,XX,delegates,08/04/2029,1,,false\n"
        + "HT-PTM,2025-2030,XX,delegates,08/04/2029,1,,false\n"
    )
    with pytest.raises(CommandError, match="1 lỗi; không ghi dòng nào"):
        call_command("import_congresses", str(path), "--actor", "vanphong.qb")
    # another province's organisation answers as one that does not exist
    assert capsys.readouterr().err.strip() == (
        "Dòng 3, cột organization_code: không có tổ chức mã “HT-PTM”"
    )
    assert not Congress.objects.exists()
