"""The run's shared state: a figure taken and kept (printed at once unless JSON was asked), the
floor run between the runs; the leaders the pages are read as; a page that does not answer 200
stops the run; clients signed in past both steps."""

import pytest
from django.core.management.base import CommandError

from apps.devtools.bench.figures import FACTS_SQL
from apps.devtools.bench.session import leader, page, signed_in
from apps.organizations.models import Membership, Organization, Role
from apps.twofactor.policy import second_factor_required

from .conftest import make_bench

pytestmark = pytest.mark.django_db


@pytest.mark.postgresql  # the floor, FACTS_SQL, is PostgreSQL's SQL (array_agg, DISTINCT ON)
def test_a_figure_is_kept_and_printed_as_it_is_taken(tiny):
    bench, out = make_bench()
    assert bench.printing and bench.repeat == 1
    figure = bench.add("count organisations", lambda: Organization.objects.count())
    assert bench.figures == [figure] and figure.queries == 1 and figure.median_ms >= 0
    assert figure.floor_ms is None and figure.ratio is None
    assert out.getvalue().startswith("count organisations")
    with_floor = bench.add(
        "all organisations", lambda: list(Organization.objects.all()), FACTS_SQL, ["%"], reps=2
    )
    assert with_floor.floor_ms is not None and with_floor.ratio is not None
    assert with_floor.own_sql_ms is not None
    quiet, silent = make_bench("--json")
    quiet.add("count", lambda: Organization.objects.count())
    assert not quiet.printing and silent.getvalue() == "" and len(quiet.figures) == 1


def test_the_leaders_are_read_from_the_roles(tiny):
    bench, _out = make_bench()
    assert Membership.objects.filter(
        user=bench.central, organization=bench.root, role=Role.STANDING_MEMBER
    ).exists()
    assert Membership.objects.filter(
        user=bench.provincial, organization=bench.province, role=Role.STANDING_MEMBER
    ).exists()
    Membership.objects.filter(organization=bench.province, role=Role.SECRETARY).delete()
    with pytest.raises(CommandError, match="G00: nobody holds secretary; regenerate"):
        leader(bench.province, Role.SECRETARY)


def test_signed_in_clients_pass_both_steps_and_a_refused_page_stops_the_run(tiny):
    bench, _out = make_bench()
    assert second_factor_required(bench.central)
    root_client, province_client = bench.clients()
    assert bench.clients() == (root_client, province_client)  # signed in once per run
    assert page(root_client, "/").status_code == 200
    with pytest.raises(CommandError, match=r"/org/NOPE/ answered 404"):
        page(province_client, "/org/NOPE/")
    again = signed_in(bench.central)  # an authenticator already enrolled is reused
    assert page(again, "/").status_code == 200
