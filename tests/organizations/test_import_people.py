"""The import_people command: the file read as the importer reads it, with the rules of the
actor it names (or as the operator), a dry run writing nothing, errors on stderr and a non-zero
exit."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.organizations.models import Membership

pytestmark = pytest.mark.django_db
HEADER = "username,full_name,email,organization_code,role,start_date,end_date\n"


@pytest.fixture
def people_file(tmp_path):
    path = tmp_path / "nguoi.csv"
    path.write_text(HEADER + "dv.lenh,Nguyễn Văn Lệnh,,QB-ANKT,member,01/01/2020,\n")
    return path


def test_a_dry_run_then_the_import(tree, people_file, capsys):
    call_command("import_people", str(people_file), "--dry-run", "--actor", "vanphong.qb")
    assert not Membership.objects.filter(user__username="dv.lenh").exists()
    call_command("import_people", str(people_file), "--actor", "vanphong.qb")
    m = Membership.objects.get(user__username="dv.lenh")
    assert (m.organization, m.role, m.user.full_name) == (tree.ankt, "member", "Nguyễn Văn Lệnh")


def test_an_unknown_actor_or_file_is_refused_before_reading(tree, people_file, tmp_path):
    with pytest.raises(CommandError, match=r"Không có người dùng khong\.co"):
        call_command("import_people", str(people_file), "--actor", "khong.co")
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import_people", str(tmp_path / "khong-co.csv"))
    assert not Membership.objects.filter(user__username="dv.lenh").exists()


def test_the_actors_scope_refuses_a_row_outside_it(tree, tmp_path, capsys):
    path = tmp_path / "ht.csv"
    path.write_text(HEADER + "dv.ht,,,HT-PTM,member,01/01/2020,\n")
    with pytest.raises(CommandError, match="1 lỗi; không ghi dòng nào"):
        call_command("import_people", str(path), "--actor", "vanphong.qb")
    assert "HT-PTM" in capsys.readouterr().err
    assert not Membership.objects.filter(user__username="dv.ht").exists()
    call_command("import_people", str(path))  # the operator is trusted
    assert Membership.objects.filter(user__username="dv.ht", organization=tree.ht_ptm).exists()
