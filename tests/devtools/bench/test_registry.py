"""The areas' registry: every module of the package that measures registers itself, named by its
module, in its order; its command-line options come with it."""

from argparse import ArgumentParser

from apps.devtools.bench import registry
from apps.devtools.bench.registry import Area, area, areas


def test_areas_are_found_in_the_package_in_their_order():
    found = areas()
    names = [a.name for a in found]
    # the areas of the original command, in its order; others may sit between them
    original = ["sweep", "dashboards", "pages", "reports", "imports"]
    assert [n for n in names if n in original] == original
    assert [a.order for a in found] == sorted(a.order for a in found)
    assert len(set(names)) == len(names)
    assert areas() == found  # finding them again registers nothing twice


def test_an_area_is_named_by_its_module_and_carries_its_arguments(monkeypatch):
    monkeypatch.setattr(registry, "_AREAS", {})

    def arguments(parser: ArgumentParser) -> None:
        parser.add_argument("--skip-fake", action="store_true")

    def measure(bench):
        return None

    measure.__module__ = "apps.devtools.bench.fake"
    assert area(99, arguments=arguments)(measure) is measure  # the function is left as it is
    registered = list(registry._AREAS.values())
    assert registered == [Area(99, "fake", measure, arguments)]
    found = areas()
    assert found[-1] == registered[0]  # the highest order comes last
    assert [a.name for a in found if a.name == "fake"] == ["fake"]


def test_every_areas_options_reach_the_command():
    from apps.devtools.management.commands.benchmark import Command

    parser = Command().create_parser("manage.py", "benchmark")
    options = vars(parser.parse_args([]))
    for option in ("skip_pdf", "skip_import", "import_committees", "skip_big_jobs"):
        assert option in options
    assert options["import_committees"] == 30 and options["skip_pdf"] is False
