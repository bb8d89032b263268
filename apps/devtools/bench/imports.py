"""The organisation import of a national tree (CSV), rolled back."""

from __future__ import annotations

import csv
import io
from argparse import ArgumentParser

from apps.organizations.importing import import_organizations

from .registry import area
from .session import Bench


def arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--import-committees",
        type=int,
        default=30,
        help="số đảng ủy cơ sở mỗi tỉnh trong tệp nhập thử (30: 13.294 tổ chức)",
    )


@area(50, arguments=arguments)
def measure(bench: Bench) -> None:
    if bench.options["skip_import"]:
        return
    committees = bench.options["import_committees"]
    bench.add(
        f"import {organisations(committees):,} organisations (rolled back)",
        lambda: import_tree(committees),
        rollback=True,
        reps=1,
    )


def organisations(committees: int) -> int:
    """The size of the imported tree: a root, 63 provinces, each with `committees` committees
    of six cells."""
    return 1 + 63 * (1 + committees * 7)


def tree_csv(committees: int, parent: str = "") -> bytes:
    """The CSV of a national tree whose root "BIMP" hangs under `parent` (none: a new top)."""
    out = io.StringIO()
    out.write("code,parent_code,name,short_name,kind\n")
    writer = csv.writer(out)
    writer.writerow(["BIMP", parent, "Gốc", "", "above_grassroots" if parent else "central"])
    for p in range(63):
        writer.writerow([f"BIMP{p}", "BIMP", f"Tỉnh {p}", "", "above_grassroots"])
        for c in range(committees):
            writer.writerow(
                [f"BIMP{p}-{c}", f"BIMP{p}", f"Đảng bộ {c}", "", "grassroots_committee"]
            )
            for k in range(6):
                writer.writerow(
                    [f"BIMP{p}-{c}-{k}", f"BIMP{p}-{c}", f"Chi bộ {k}", "", "cell_under_committee"]
                )
    return out.getvalue().encode()


def import_tree(committees: int) -> None:
    result = import_organizations(tree_csv(committees), "bench.csv")
    expected = organisations(committees)
    assert result.ok and result.created == expected, (result.created, result.errors[:3])
