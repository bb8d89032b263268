"""Organisation files for the import tests: a tree of any size as rows, and rows as CSV bytes."""

import csv
import io

HEADER = "code,parent_code,name,short_name,kind\n"


def rows_for(n_provinces: int, committees: int, cells: int) -> list[list[str]]:
    rows = [["ROOT", "", "Đảng ủy Công an Trung ương", "ĐUCA", "central committee"]]
    for p in range(n_provinces):
        rows.append([f"P{p}", "ROOT", f"Đảng bộ Công an tỉnh {p}", "", "Đảng bộ cấp trên cơ sở"])
        for c in range(committees):
            rows.append([f"P{p}-C{c}", f"P{p}", f"Đảng bộ Phòng {c}", "", "grassroots committee"])
            for k in range(cells):
                rows.append(
                    [f"P{p}-C{c}-{k}", f"P{p}-C{c}", f"Chi bộ Đội {k}", "", "Chi bộ trực thuộc"]
                )
    return rows


def to_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    out.write(header)
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")
