"""Reads of congresses, filtered by what the user may see: one congress or all; the term of
today, of a committee in office, of what a person prepares; the superior's inbox; the key a
cached dashboard is stored under."""

import datetime as dt

import pytest

from apps.congresses import services
from apps.congresses.models import Term
from apps.congresses.selectors import (
    committee_term,
    congresses_visible_to,
    current_term,
    dashboard_key,
    preparing_term,
    reports_awaiting_decision,
    visible_congress,
)
from tests.factories import CongressFactory, approved_plan, circulate_required, term

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_congress_is_visible_in_its_subtree_and_above_only(tree):
    ptm = CongressFactory(organization=tree.ptm)
    ht = CongressFactory(organization=tree.ht)
    assert set(congresses_visible_to(user=tree.qb_standing)) == {ptm}
    assert set(congresses_visible_to(user=tree.central_standing)) == {ptm, ht}
    assert visible_congress(user=tree.ptm_secretary, pk=ptm.pk) == ptm
    assert visible_congress(user=tree.ptm_secretary, pk=ht.pk) is None
    assert visible_congress(user=tree.outsider, pk=ptm.pk) is None
    assert visible_congress(user=tree.qb_standing, pk=0) is None


def test_the_current_term_contains_today_else_the_newest():
    t2020, t2025 = term("2020-2025"), term("2025-2030")
    assert current_term(today=D(2020, 1, 1)) == t2020
    assert current_term(today=D(2024, 12, 31)) == t2020
    assert current_term(today=D(2025, 1, 1)) == t2025
    newest = Term.objects.first()
    assert current_term(today=D(2150, 1, 1)) == newest
    assert current_term(today=D(2022, 1, 1), terms=[t2025]) == t2025  # the caller's list
    assert current_term(today=D(2022, 1, 1), terms=[]) is None


def test_the_committee_in_office_is_that_of_the_latest_congress_opened(tree):
    t2020, t2025 = term("2020-2025"), term("2025-2030")
    assert committee_term(organization=tree.ptm, day=D(2021, 3, 1)) == t2020  # none recorded
    CongressFactory(organization=tree.ptm, term=t2020, opening_date=D(2020, 5, 1), status="closed")
    CongressFactory(organization=tree.ptm, term=t2025, opening_date=D(2025, 5, 1), status="closed")
    CongressFactory(organization=tree.ptm, term=t2025, opening_date=D(2024, 6, 1))  # not held
    assert committee_term(organization=tree.ptm, day=D(2025, 4, 30)) == t2020
    assert committee_term(organization=tree.ptm, day=D(2025, 5, 1)) == t2025
    assert committee_term(organization=tree.ptm, day=D(2029, 1, 1)) == t2025


def test_the_term_one_prepares_is_that_of_the_next_congress_to_open(tree):
    t2020, t2025 = term("2020-2025"), term("2025-2030")
    terms = list(Term.objects.all())
    today = D(2025, 3, 1)
    assert preparing_term(user=tree.ptm_secretary, today=today, terms=terms) == t2025  # current
    CongressFactory(organization=tree.ptm, term=t2020, opening_date=D(2025, 2, 1))  # late, past
    assert preparing_term(user=tree.ptm_secretary, today=today, terms=terms) == t2020
    CongressFactory(organization=tree.ptm, term=t2025, opening_date=D(2025, 6, 1))
    assert preparing_term(user=tree.ptm_secretary, today=today, terms=terms) == t2025
    # a person of another branch, or nobody's, works in the current term
    assert preparing_term(user=tree.ht_secretary, today=today, terms=terms) == t2025
    assert preparing_term(user=tree.outsider, today=D(2022, 1, 1), terms=terms) == t2020


def test_the_inbox_holds_pending_reports_of_those_supervised_oldest_first(tree):
    reports = []
    for org in (tree.ptm, tree.ankt):
        c = CongressFactory(organization=org, opening_date=D(2020, 6, 30))
        circulate_required(c, D(2020, 5, 20))
        approved_plan(c)
        secretary = tree.ptm_secretary if org == tree.ptm else tree.ankt_secretary
        reports.append(
            services.superior_report_submit(actor=secretary, congress=c, today=D(2020, 6, 5))
        )
    assert list(reports_awaiting_decision(user=tree.qb_standing)) == reports
    assert not reports_awaiting_decision(user=tree.ht_standing).exists()
    assert not reports_awaiting_decision(user=tree.ptm_secretary).exists()  # not its superior
    services.superior_report_decide(
        actor=tree.qb_standing, report=reports[0], decision="approved", today=D(2020, 6, 6)
    )
    assert list(reports_awaiting_decision(user=tree.qb_standing)) == reports[1:]


def test_a_dashboards_key_changes_with_the_day_term_scope_and_a_change_below(tree):
    t = term()
    key = dashboard_key(user=tree.qb_standing, root=tree.qb, term=t, today=D(2020, 6, 1))
    assert key == dashboard_key(user=tree.qb_standing, root=tree.qb, term=t, today=D(2020, 6, 1))
    others = {
        dashboard_key(user=tree.qb_standing, root=tree.qb, term=t, today=D(2020, 6, 2)),
        dashboard_key(user=tree.qb_standing, root=tree.qb, term=None, today=D(2020, 6, 1)),
        dashboard_key(user=tree.ptm_secretary, root=tree.qb, term=t, today=D(2020, 6, 1)),
        dashboard_key(user=tree.qb_standing, root=tree.ptm, term=t, today=D(2020, 6, 1)),
    }
    assert key not in others and len(others) == 4
    CongressFactory(organization=tree.ht)  # another branch: the key stands
    assert key == dashboard_key(user=tree.qb_standing, root=tree.qb, term=t, today=D(2020, 6, 1))
    CongressFactory(organization=tree.ankt)
    assert key != dashboard_key(user=tree.qb_standing, root=tree.qb, term=t, today=D(2020, 6, 1))
