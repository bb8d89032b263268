"""The import area: a national tree's CSV of the size asked, imported and rolled back."""

import csv
import io

import pytest

from apps.devtools.bench.imports import import_tree, measure, organisations, tree_csv
from apps.organizations.importing import import_organizations
from apps.organizations.models import Organization

from .conftest import make_bench


def test_the_size_of_the_tree():
    assert organisations(0) == 64
    assert organisations(1) == 505
    assert organisations(30) == 13_294


def test_the_csv_holds_that_many_rows_under_the_parent_asked():
    rows = list(csv.reader(io.StringIO(tree_csv(1).decode())))
    assert rows[0] == ["code", "parent_code", "name", "short_name", "kind"]
    assert len(rows) - 1 == organisations(1)
    assert rows[1] == ["BIMP", "", "Gốc", "", "central"]
    under = list(csv.reader(io.StringIO(tree_csv(0, parent="GCATW").decode())))
    assert under[1] == ["BIMP", "GCATW", "Gốc", "", "above_grassroots"]


@pytest.mark.django_db
def test_the_tree_imports_cleanly():
    import_tree(0)
    assert Organization.objects.count() == 64
    again = import_organizations(tree_csv(0), "bench.csv")
    assert again.ok and again.unchanged == 64


@pytest.mark.django_db
def test_the_area_measures_the_import_and_leaves_nothing(tiny):
    count = Organization.objects.count()
    bench, _out = make_bench("--json", "--import-committees", "0")
    measure(bench)
    assert [f.operation for f in bench.figures] == ["import 64 organisations (rolled back)"]
    assert bench.figures[0].queries > 0 and Organization.objects.count() == count
    skipped, _out = make_bench("--json", "--skip-import")
    measure(skipped)
    assert skipped.figures == []
