"""The congress schedule import: terms, ordinals, kinds and dates read from a file, all or
nothing, idempotent, row errors in Vietnamese."""

import pytest
from freezegun import freeze_time

from apps.congresses.importing import import_congresses
from apps.congresses.models import Congress, RuleSet, Term
from apps.core.dates import local_today
from tests.factories import term
from tests.hardening.snapshots import snapshot

pytestmark = pytest.mark.django_db
CONGRESS_HEADER = "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"


def test_congress_schedule_import_creates_terms_and_is_idempotent(tree):
    data = (
        "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"
        "QB-PTM,2020–2025,XV,đại hội đại biểu,08/04/2020,1,Hội trường,có\n"
        "QB-ANKT,2030-2035,I,all-member,2030-05-20,2,,false\n"
    ).encode()
    with freeze_time("2020-01-06 09:00:00+07:00"):  # scheduled before those dates
        result = import_congresses(data, "c.csv")
    assert result.ok and result.created == 2
    assert Congress.objects.get(organization=tree.ptm).is_pilot
    assert Term.objects.filter(code="2030-2035").exists()
    assert import_congresses(data, "c.csv").unchanged == 2  # a past date left as it is
    bad = (
        "organization_code,term,ordinal,kind,opening_date,days,place,is_pilot\n"
        "QB,20-25,,họp,1/13/2020,0,,có lẽ\n"
    ).encode()
    messages = [str(e) for e in import_congresses(bad, "c.csv").errors]
    assert (
        len(messages) == 6
        and "Dòng 2, cột term: nhiệm kỳ “20-25” phải có dạng 2020-2025" in messages
    )


# Issue 17 item 10 (moved from tests/hardening): no term made up by an office's import.
def test_an_office_cannot_create_a_term_by_importing_a_schedule(tree):
    term("2020-2025")
    term("2025-2030")
    before = snapshot()
    data = (CONGRESS_HEADER + "QB-PTM,1999-2004,I,delegates,08/04/2000,1,,false\n").encode()
    result = import_congresses(data, "c.csv", actor=tree.qb_officer)
    assert [str(e) for e in result.errors] == [
        "Dòng 2, cột term: chưa có nhiệm kỳ “1999-2004”; chỉ quản trị viên tạo nhiệm kỳ mới "
        "(đang có: 2020-2025, 2025-2030)",
        f"Dòng 2, cột opening_date: Ngày khai mạc không được ở quá khứ "
        f"(08/04/2000, hôm nay là {local_today():%d/%m/%Y}).",
    ]
    assert snapshot() == before
    assert not Term.objects.filter(code="1999-2004").exists()
    existing = (CONGRESS_HEADER + "QB-PTM,2025–2030,I,delegates,08/04/2030,1,,false\n").encode()
    assert import_congresses(existing, "c.csv", actor=tree.qb_officer).ok


def test_an_administrator_may_create_a_term_by_import(tree, admin_user):
    rule_sets = RuleSet.objects.count()
    data = (CONGRESS_HEADER + "QB-PTM,2030-2035,I,delegates,08/04/2031,1,,false\n").encode()
    assert import_congresses(data, "c.csv", actor=admin_user).ok
    assert Term.objects.filter(code="2030-2035").exists()
    assert RuleSet.objects.count() == rule_sets + 1
