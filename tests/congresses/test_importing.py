"""The congress schedule import: terms, ordinals, kinds and dates read from a file, all or
nothing, idempotent, row errors in Vietnamese."""

import pytest
from freezegun import freeze_time

from apps.congresses.importing import import_congresses
from apps.congresses.models import Congress, Term

pytestmark = pytest.mark.django_db


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
