"""apps.core.tables: reading CSV and XLSX for imports, bounded, every cell checked, rows keeping
their spreadsheet numbers."""

import datetime as dt

import pytest

from apps.core.tables import (
    RowError,
    TableLimits,
    choice_lookup,
    model_lengths,
    parse_bool,
    parse_date,
    read_table,
)
from tests.hardening.attack_files import many_rows_xlsx, xlsx

ORG_HEADER = ["code", "parent_code", "name", "short_name", "kind"]


def test_the_xlsx_row_limit_counts_data_rows_exactly(tree, settings):
    """The byte scan that refuses a long sheet before openpyxl reads it counts the header too."""
    settings.IMPORT_MAX_ROWS = 300
    row = ["QB-X", "QB", "Chi bộ", "", "grassroots cell"]
    at_limit = read_table_rows(many_rows_xlsx(ORG_HEADER, row, 300))
    assert at_limit == (300, [])
    over = read_table_rows(many_rows_xlsx(ORG_HEADER, row, 301))
    assert over == (0, ["Tệp có hơn 300 dòng dữ liệu; hãy chia thành nhiều tệp."])


def read_table_rows(data: bytes) -> tuple[int, list[str]]:
    from apps.core.tables import read_table

    table = read_table(data, "o.xlsx", required=("code",))
    return len(table.rows), [str(e) for e in table.errors]


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_csv_with_a_bom_is_read_with_its_row_numbers_and_known_columns_only():
    data = "\ufeffCode, Name ,Extra\nQB,Quảng Bình,x\n,,\nHT,  Hà Tĩnh ,y\n".encode()
    table = read_table(data, "o.csv", required=("code",), optional=("name",))
    assert table.errors == []
    assert table.rows == [
        (2, {"code": "QB", "name": "Quảng Bình"}),
        (4, {"code": "HT", "name": "Hà Tĩnh"}),  # the blank row 3 is skipped, cells stripped
    ]


def test_a_short_row_gets_empty_cells_and_an_escaped_formula_comes_back():
    table = read_table(_csv("code,name\nQB\nHT,'=1+1\n"), "o.csv", required=("code", "name"))
    assert table.rows == [(2, {"code": "QB", "name": ""}), (3, {"code": "HT", "name": "=1+1"})]


def test_missing_columns_are_named_on_the_header_row():
    table = read_table(_csv("code\nQB\n"), "o.csv", required=("code", "name", "kind"))
    assert table.rows == []
    assert [str(e) for e in table.errors] == ["Dòng 1, cột name, kind: thiếu cột bắt buộc"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "o.csv", "Tệp trống."),
        (b"code\nQu\xe1ng B\xecnh\n", "o.csv", "Tệp không phải UTF-8"),  # Windows-1258
        (b"PK\x03\x04 broken", "o.xlsx", "Không đọc được tệp; chỉ nhận CSV (UTF-8) hoặc XLSX."),
    ],
    ids=["empty", "windows-1258", "broken-xlsx"],
)
def test_a_file_that_cannot_be_read_is_one_error_saying_what_to_do(data, name, message):
    table = read_table(data, name, required=("code",))
    assert table.rows == [] and len(table.errors) == 1
    assert table.errors[0].row == 0 and str(table.errors[0]).startswith(message)


def test_control_characters_and_over_long_cells_are_row_errors_and_the_cell_is_emptied():
    table = read_table(
        _csv("code,name\nQB,Chi bộ\x0bA\nHT,Một tên rất dài\n"),
        "o.csv",
        required=("code", "name"),
        lengths={"name": 10},
    )
    assert [str(e) for e in table.errors] == [
        "Dòng 2, cột name: Có ký tự điều khiển không hợp lệ (U+000B); hãy xóa ký tự đó rồi "
        "gửi lại.",
        "Dòng 3, cột name: dài 15 ký tự, tối đa 10",
    ]
    assert table.rows[0] == (2, {"code": "QB", "name": ""})
    assert table.rows[1] == (3, {"code": "HT", "name": "Một tên rất dài"})


def test_a_file_over_its_size_or_row_limit_is_refused_before_its_rows():
    data = _csv("code\n" + "QB\n" * 5)
    too_big = read_table(data, "o.csv", required=("code",), limits=TableLimits(10, 100))
    assert [e.row for e in too_big.errors] == [0] and "Tệp quá lớn" in str(too_big.errors[0])
    too_long = read_table(data, "o.csv", required=("code",), limits=TableLimits(1000, 4))
    assert [str(e) for e in too_long.errors] == [
        "Tệp có hơn 4 dòng dữ liệu; hãy chia thành nhiều tệp."
    ]
    exactly = read_table(data, "o.csv", required=("code",), limits=TableLimits(1000, 5))
    assert len(exactly.rows) == 5 and exactly.errors == []


def test_a_row_wider_than_the_column_limit_is_refused_but_empty_extra_cells_are_not(settings):
    settings.IMPORT_MAX_COLUMNS = 3
    wide = read_table(_csv("code,a,b\nQB,1,2,3\n"), "o.csv", required=("code",))
    assert [str(e) for e in wide.errors] == ["Dòng 2 có hơn 3 cột."]
    trailing = read_table(_csv("code,a,b\nQB,1,2,,\n"), "o.csv", required=("code",))
    assert trailing.errors == [] and trailing.rows == [(2, {"code": "QB"})]


def test_xlsx_cells_become_text_dates_iso_and_whole_numbers_without_decimals():
    data = xlsx(
        [
            ["code", "day", "moment", "count", "ratio", "empty"],
            ["QB", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 8, 0), 12.0, 0.5, None],
        ]
    )
    table = read_table(
        data, "O.XLSX", required=("code",), optional=("day", "moment", "count", "ratio", "empty")
    )
    assert table.errors == []
    assert table.rows == [
        (
            2,
            {
                "code": "QB",
                "day": "2026-03-02",
                "moment": "2026-03-02",
                "count": "12",
                "ratio": "0.5",
                "empty": "",
            },
        )
    ]


def test_the_limits_in_a_request_and_as_a_job_come_from_settings(settings):
    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS = 1, 2
    settings.IMPORT_JOB_MAX_BYTES, settings.IMPORT_JOB_MAX_ROWS = 3, 4
    assert TableLimits.in_request() == TableLimits(max_bytes=1, max_rows=2)
    assert TableLimits.as_job() == TableLimits(max_bytes=3, max_rows=4)


def test_a_row_error_reads_with_its_row_and_column_or_alone_for_the_file():
    assert str(RowError(7, "kind", "không hợp lệ")) == "Dòng 7, cột kind: không hợp lệ"
    assert str(RowError(0, "", "Tệp trống.")) == "Tệp trống."


def test_model_lengths_are_the_max_lengths_of_the_fields_named():
    from apps.organizations.models import Organization

    columns = {"ma": "code", "name": "name", "active": "is_active"}  # a boolean has no length
    lengths = model_lengths(Organization, columns)
    field = Organization._meta.get_field
    assert lengths == {"ma": field("code").max_length, "name": field("name").max_length}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("02/03/2026", dt.date(2026, 3, 2)),
        (" 2026-03-02 ", dt.date(2026, 3, 2)),
        ("31/02/2026", None),
        ("03-02-2026", None),
        ("", None),
    ],
)
def test_parse_date_reads_dd_mm_yyyy_or_iso_and_nothing_else(text, day):
    assert parse_date(text) == day


def test_parse_bool_reads_vietnamese_and_english_words_and_refuses_others():
    assert [parse_bool(w) for w in ("Có", "x", "TRUE", "1", "yes")] == [True] * 5
    assert [parse_bool(w) for w in ("Không", "", "false", "0", "No")] == [False] * 5
    assert parse_bool("có lẽ") is None and parse_bool("2") is None


def test_choice_lookup_accepts_values_words_and_labels_without_diacritics():
    from apps.organizations.models import OrganizationKind

    table = choice_lookup(OrganizationKind.choices, extra={"Chi bộ cơ sở": "grassroots_cell"})
    cell = OrganizationKind.GRASSROOTS_CELL
    assert table["grassroots_cell"] == cell and table["grassroots cell"] == cell
    label = str(dict(OrganizationKind.choices)[cell])
    from apps.core.text import fold

    assert table[fold(label)] == cell and table["chi bo co so"] == cell
