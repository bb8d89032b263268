"""apps/delegates/guards.py: the date shown in messages, who may manage delegates, and inserting
delegates when a random card code clashes."""

import datetime as dt

import pytest

from apps.core.errors import DomainError, PermissionDenied
from apps.delegates import guards
from apps.delegates.guards import day_text, insert_delegates, require_manager
from apps.delegates.models import Delegate, DelegateKind

pytestmark = pytest.mark.django_db


def test_day_text_is_day_month_year():
    assert day_text(dt.date(2020, 4, 5)) == "05/04/2020"


def test_only_the_convening_organisations_managers_pass(small):
    for user in (small.secretary, small.standing, small.officer):
        require_manager(user, small.congress)  # no refusal
    for user in (small.member, small.committee[-1], small.unit_secretaries[0]):
        with pytest.raises(PermissionDenied, match="Chỉ Bí thư, Phó Bí thư"):
            require_manager(user, small.congress)


def _delegate(p, name, code):
    return Delegate(
        congress=p.congress, source=p.org, full_name=name, kind=DelegateKind.BY_RIGHT, code=code
    )


def test_a_clashing_code_is_drawn_again(small, monkeypatch):
    Delegate.objects.create(
        congress=small.congress,
        source=small.org,
        full_name="Có sẵn",
        kind="by_right",
        code="AAAAAAAA",
    )
    fresh = iter(["BBBBBBBB", "CCCCCCCC"])
    monkeypatch.setattr(guards, "new_delegate_code", lambda: next(fresh))
    inserted = insert_delegates(
        [_delegate(small, "Mới 1", "AAAAAAAA"), _delegate(small, "Mới 2", "DDDDDDDD")]
    )
    assert [d.code for d in inserted] == ["BBBBBBBB", "CCCCCCCC"]
    assert set(Delegate.objects.values_list("code", flat=True)) == {
        "AAAAAAAA",
        "BBBBBBBB",
        "CCCCCCCC",
    }


def test_five_clashes_in_a_row_give_up_and_write_nothing(small, monkeypatch):
    Delegate.objects.create(
        congress=small.congress,
        source=small.org,
        full_name="Có sẵn",
        kind="by_right",
        code="AAAAAAAA",
    )
    monkeypatch.setattr(guards, "new_delegate_code", lambda: "AAAAAAAA")
    with pytest.raises(DomainError, match="Không tạo được mã đại biểu"):
        insert_delegates([_delegate(small, "Mới", "AAAAAAAA")])
    assert Delegate.objects.count() == 1


def test_inserting_nothing_writes_nothing(small):
    assert insert_delegates([]) == []
    assert not Delegate.objects.exists()
